//! A file's frames on its own time axis: each frame's PTS in ticks and in seconds after the first frame, and its
//! keyframe flag, taken from the frame index. Lookups go from a time to the frame shown at that time — never
//! time × fps, so variable-frame-rate footage is timed by its own timestamps.

use std::sync::Arc;

use crate::media::index::FrameIndex;

/// Each frame's presentation time, seconds after frame 0 (non-decreasing), shared: a cheap handle the decode thread
/// plans playback with.
#[derive(Clone, Debug, Default)]
pub struct FrameTimes(Arc<[f64]>);

impl FrameTimes {
    pub fn frame_count(&self) -> usize {
        self.0.len()
    }

    /// Seconds after frame 0 at which `frame` is shown (the last frame's time beyond the end).
    pub fn secs_of(&self, frame: usize) -> f64 {
        self.0.get(frame).or(self.0.last()).copied().unwrap_or(0.0)
    }

    /// The frame on screen at `secs`: the last frame whose time is at or before it (frame 0 before the start).
    pub fn frame_at_secs(&self, secs: f64) -> usize {
        self.0.partition_point(|t| *t <= secs).saturating_sub(1)
    }

    /// The first frame whose time is at or after `secs` (the last frame after the end): the frame on screen at
    /// `secs` when playing backwards.
    pub fn frame_from_secs(&self, secs: f64) -> usize {
        self.0.partition_point(|t| *t < secs).min(self.0.len().saturating_sub(1))
    }
}

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// Presentation time of each frame, seconds after frame 0; non-decreasing.
    frame_secs: FrameTimes,
    pts_ticks: Vec<Option<i64>>,
    /// The first PTS in the file (frame 0's time on the stream's clock).
    first_pts_ticks: i64,
    keyframes: Vec<bool>,
    /// The median interval between frames (`None`: fewer than two distinct frame times), worked out once: it is
    /// asked for on every drawn frame (the duration, the go-to box, the cameras' ends).
    typical_interval_secs: Option<f64>,
    /// One tick is `time_base_num / time_base_den` seconds.
    pub time_base_num: i32,
    pub time_base_den: i32,
}

impl Timeline {
    pub fn from_index(index: &FrameIndex) -> Self {
        let tick_secs = crate::media::ticks_to_secs(1, index.time_base());
        let pts_ticks: Vec<Option<i64>> = index.frames.iter().map(|f| f.pts).collect();
        let keyframes = index.frames.iter().map(|f| f.key).collect();
        Self::from_parts(&pts_ticks, keyframes, tick_secs, index.time_base_num, index.time_base_den)
    }

    /// Builds a timeline from PTS values (frames without a PTS sit one typical interval after the previous one).
    pub fn from_parts(
        pts_ticks: &[Option<i64>],
        keyframes: Vec<bool>,
        tick_secs: f64,
        tb_num: i32,
        tb_den: i32,
    ) -> Self {
        let first = pts_ticks.iter().flatten().next().copied().unwrap_or(0);
        let mut intervals: Vec<i64> =
            pts_ticks.windows(2).filter_map(|w| Some(w[1]? - w[0]?)).filter(|d| *d > 0).collect();
        intervals.sort_unstable();
        let typical_secs = intervals.get(intervals.len() / 2).map_or(1.0 / 30.0, |d| *d as f64 * tick_secs);
        let mut frame_secs = Vec::with_capacity(pts_ticks.len());
        let mut last = f64::NEG_INFINITY;
        for pts in pts_ticks {
            let secs = match pts {
                Some(p) => (p - first) as f64 * tick_secs,
                None if last.is_finite() => last + typical_secs,
                None => 0.0,
            };
            let secs = if secs < last { last } else { secs };
            frame_secs.push(secs);
            last = secs;
        }
        let mut intervals: Vec<f64> = frame_secs.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0).collect();
        intervals.sort_by(f64::total_cmp);
        Timeline {
            typical_interval_secs: intervals.get(intervals.len() / 2).copied(),
            frame_secs: FrameTimes(frame_secs.into()),
            pts_ticks: pts_ticks.to_vec(),
            first_pts_ticks: first,
            keyframes,
            time_base_num: tb_num,
            time_base_den: tb_den,
        }
    }

    /// A constant-rate timeline of `count` frames (tests and synthetic use).
    pub fn constant_rate(count: usize, fps: u32) -> Self {
        let pts: Vec<Option<i64>> = (0..count as i64).map(Some).collect();
        let keys = (0..count).map(|i| i % 30 == 0).collect();
        Self::from_parts(&pts, keys, 1.0 / f64::from(fps), 1, fps as i32)
    }

    pub fn frame_count(&self) -> usize {
        self.frame_secs.frame_count()
    }

    pub fn last_frame(&self) -> usize {
        self.frame_count().saturating_sub(1)
    }

    /// Each frame's time, as a handle that is cheap to clone.
    pub fn times(&self) -> FrameTimes {
        self.frame_secs.clone()
    }

    /// Seconds after frame 0 at which `frame` is shown.
    pub fn secs_of(&self, frame: usize) -> f64 {
        self.frame_secs.secs_of(frame)
    }

    pub fn pts_of(&self, frame: usize) -> Option<i64> {
        self.pts_ticks.get(frame).copied().flatten()
    }

    /// The PTS a citation gives `frame`: its own, or, for a frame without one, the ticks of its place on this
    /// timeline (counted from the first PTS), so its media time is still right. The one rule for frames without PTS.
    pub fn pts_ticks_at(&self, frame: usize) -> i64 {
        if let Some(pts) = self.pts_of(frame) {
            return pts;
        }
        self.first_pts_ticks + (self.secs_of(frame) / self.tick_secs().max(f64::MIN_POSITIVE)).round() as i64
    }

    /// The media time of `frame` as its citation gives it (PTS × time base, the axis clock maps use).
    pub fn media_secs_of(&self, frame: usize) -> f64 {
        self.pts_ticks_at(frame) as f64 * f64::from(self.time_base_num) / f64::from(self.time_base_den.max(1))
    }

    /// How long `frame` is shown, in ticks: the PTS distance to the next frame (from the previous one for the last
    /// frame), as its citation gives both. `None` outside the file, for a one-frame file, or where the PTS does not
    /// advance (a discontinuity), since no interval can be stated there.
    pub fn frame_interval_ticks(&self, frame: usize) -> Option<i64> {
        if frame >= self.frame_count() {
            return None;
        }
        let ticks = if frame < self.last_frame() {
            self.pts_ticks_at(frame + 1) - self.pts_ticks_at(frame)
        } else {
            self.pts_ticks_at(frame) - self.pts_ticks_at(frame.checked_sub(1)?)
        };
        (ticks > 0).then_some(ticks)
    }

    /// Every frame's PTS in ticks, in presentation order (`None`: the frame has none).
    pub fn pts_ticks(&self) -> &[Option<i64>] {
        &self.pts_ticks
    }

    /// Seconds per tick of the time base.
    pub fn tick_secs(&self) -> f64 {
        f64::from(self.time_base_num) / f64::from(self.time_base_den.max(1))
    }

    pub fn is_keyframe(&self, frame: usize) -> bool {
        self.keyframes.get(frame).copied().unwrap_or(false)
    }

    /// Seconds from frame 0 to the end of the last frame.
    pub fn duration_secs(&self) -> f64 {
        self.secs_of(self.last_frame()) + self.typical_interval_secs()
    }

    /// The median interval between frames.
    pub fn typical_interval_secs(&self) -> f64 {
        self.typical_interval_secs.unwrap_or(1.0 / 30.0)
    }

    /// The frame on screen at `secs`: the last frame whose time is at or before it (frame 0 before the start).
    pub fn frame_at_secs(&self, secs: f64) -> usize {
        self.frame_secs.frame_at_secs(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_without_pts_is_cited_at_its_place_from_the_first_pts() {
        // 1/1000 time base, first PTS 5000 (an edit list or a stream that starts late), frame 2 has no PTS.
        let pts = [Some(5000), Some(5040), None, Some(5120)];
        let timeline = Timeline::from_parts(&pts, vec![true, false, false, false], 0.001, 1, 1000);
        assert_eq!(timeline.pts_ticks_at(1), 5040, "a frame's own PTS is kept");
        assert_eq!(timeline.pts_ticks_at(2), 5080, "one typical interval after frame 1, on the stream's clock");
        assert_eq!(timeline.pts_ticks_at(3), 5120);
    }

    #[test]
    fn a_frames_interval_is_to_the_next_frame_and_from_the_previous_one_at_the_end() {
        // Variable rate: 40, 80 and 20 ticks apart.
        let pts = [Some(0), Some(40), Some(120), Some(140)];
        let timeline = Timeline::from_parts(&pts, vec![true, false, false, false], 0.001, 1, 1000);
        let intervals: Vec<Option<i64>> = (0..5).map(|f| timeline.frame_interval_ticks(f)).collect();
        assert_eq!(intervals, vec![Some(40), Some(80), Some(20), Some(20), None]);
        let single = Timeline::from_parts(&[Some(7)], vec![true], 0.001, 1, 1000);
        assert_eq!(single.frame_interval_ticks(0), None, "one frame has no interval");
        let backwards = Timeline::from_parts(&[Some(0), Some(40), Some(30)], vec![true, false, false], 0.001, 1, 1000);
        assert_eq!(backwards.frame_interval_ticks(1), None, "the PTS steps back: no interval to state");
    }
}
