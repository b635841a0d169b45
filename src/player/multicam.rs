//! Several cameras on one wall clock, without a window: each camera's frames on its own media time, its clock map,
//! and one wall-clock time that every view follows. At that time each camera shows its latest frame at or before it
//! (or "no footage"); stepping moves the focused camera by one of its own frames and the wall clock to that frame;
//! nudging a camera's offset by a frame or a millisecond is an audited edit of its clock map.

use crate::case::{format_rfc3339_micros, AtWall, Edit, Media, MediaId, WallClockMapping};

use super::Timeline;

/// One camera: its media record (with its clock map) and its frames.
#[derive(Clone, Debug)]
pub struct Camera {
    pub media: Media,
    /// Each frame's media time, in presentation order.
    frame_secs: Vec<f64>,
    /// Media time at which the last frame ends.
    end_secs: f64,
    /// The median interval between frames.
    typical_interval_secs: f64,
}

impl Camera {
    pub fn new(media: Media, timeline: &Timeline) -> Self {
        let frame_secs: Vec<f64> = (0..timeline.frame_count()).map(|f| timeline.media_secs_of(f)).collect();
        let typical_interval_secs = timeline.typical_interval_secs();
        let end_secs = frame_secs.last().map_or(0.0, |last| last + typical_interval_secs);
        Camera { media, frame_secs, end_secs, typical_interval_secs }
    }

    /// A camera whose frames are not known yet (its file is still opening): it shows nothing until
    /// [`MultiCam::set_frames`] gives them.
    pub fn awaiting_frames(media: Media) -> Self {
        Camera { media, frame_secs: Vec::new(), end_secs: 0.0, typical_interval_secs: 1.0 / 30.0 }
    }

    pub fn id(&self) -> &MediaId {
        &self.media.id
    }

    pub fn frame_count(&self) -> usize {
        self.frame_secs.len()
    }

    /// Whether the camera's frames are known.
    pub fn has_frames(&self) -> bool {
        !self.frame_secs.is_empty()
    }

    /// The media time of `frame`, on the axis the clock map uses.
    pub fn media_secs_of(&self, frame: usize) -> Option<f64> {
        self.frame_secs.get(frame).copied()
    }

    /// The wall clock at media time `media_secs` (between frames too: the clock of a playing camera).
    pub fn wall_at_media_secs(&self, media_secs: f64) -> Option<i64> {
        self.map()?.wall_micros(media_secs)
    }

    /// The clock map's uncertainty at `frame`, in milliseconds.
    pub fn uncertainty_ms_of(&self, frame: usize) -> Option<f64> {
        Some(self.map()?.uncertainty_ms_at(*self.frame_secs.get(frame)?))
    }

    /// The wall-clock spans the footage covers, split where the recording pauses (frames more than
    /// `gap_secs` apart), so a timeline can draw the gaps.
    pub fn coverage_segments_micros(&self, gap_secs: f64) -> Vec<(i64, i64)> {
        let Some(map) = self.map() else { return Vec::new() };
        let mut segments = Vec::new();
        let mut start = self.frame_secs.first().copied();
        for pair in self.frame_secs.windows(2) {
            if pair[1] - pair[0] > gap_secs {
                if let Some(span) = start.and_then(|s| map.coverage_micros(s, pair[0] + self.typical_interval_secs)) {
                    segments.push(span);
                }
                start = Some(pair[1]);
            }
        }
        if let Some(span) = start.and_then(|s| map.coverage_micros(s, self.end_secs)) {
            segments.push(span);
        }
        segments
    }

    fn map(&self) -> Option<&WallClockMapping> {
        self.media.wall_clock.as_ref().filter(|m| m.origin_micros().is_some())
    }

    /// What this camera shows at wall-clock time `wall_micros`; `None` when it has no clock map.
    pub fn at(&self, wall_micros: i64) -> Option<AtWall> {
        self.map()?.frame_at(&self.frame_secs, self.end_secs, wall_micros)
    }

    /// The wall-clock time of `frame`.
    pub fn wall_of(&self, frame: usize) -> Option<i64> {
        self.map()?.wall_micros(*self.frame_secs.get(frame)?)
    }

    /// The wall-clock span the footage covers.
    pub fn coverage_micros(&self) -> Option<(i64, i64)> {
        self.map()?.coverage_micros(*self.frame_secs.first()?, self.end_secs)
    }

    /// The interval from `frame` to the next one (or from the one before, at the end), in seconds.
    fn interval_secs(&self, frame: usize) -> f64 {
        let next = self.frame_secs.get(frame + 1).zip(self.frame_secs.get(frame)).map(|(b, a)| b - a);
        let before = frame.checked_sub(1).and_then(|p| self.frame_secs.get(frame).zip(self.frame_secs.get(p)));
        next.or(before.map(|(b, a)| b - a)).unwrap_or(1.0 / 30.0)
    }
}

/// How far to move a camera's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Nudge {
    /// By this many of the camera's own frame intervals (at the frame it shows).
    Frames(i32),
    /// By this many milliseconds.
    Millis(i32),
}

/// What the synced views are asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum MultiCamCommand {
    /// Make camera `index` the focused one (its sound plays; ← / → step it).
    Focus(usize),
    /// Go to a wall-clock time.
    SeekWall(i64),
    /// Step the focused camera by this many of its frames; the wall clock moves to the frame reached.
    StepFocused(i32),
    /// Move a camera's clock map (an audited edit for the case).
    Nudge { camera: usize, by: Nudge },
}

/// The cameras, which one is focused, and the wall-clock time all views follow.
#[derive(Clone, Debug)]
pub struct MultiCam {
    cameras: Vec<Camera>,
    focused: usize,
    wall_micros: i64,
}

impl MultiCam {
    /// The cameras with the first one focused, at the start of the footage that has a clock map.
    pub fn new(cameras: Vec<Camera>) -> Self {
        let start = cameras.iter().filter_map(Camera::coverage_micros).map(|(from, _)| from).min().unwrap_or(0);
        MultiCam { cameras, focused: 0, wall_micros: start }
    }

    pub fn cameras(&self) -> &[Camera] {
        &self.cameras
    }

    /// Gives camera `index` its frames, once its file has opened (or was re-indexed).
    pub fn set_frames(&mut self, index: usize, timeline: &Timeline) {
        if let Some(camera) = self.cameras.get_mut(index) {
            *camera = Camera::new(camera.media.clone(), timeline);
        }
    }

    pub fn focused(&self) -> usize {
        self.focused
    }

    pub fn wall_micros(&self) -> i64 {
        self.wall_micros
    }

    /// What every camera shows now, in camera order (`None`: the camera has no clock map).
    pub fn views(&self) -> Vec<Option<AtWall>> {
        self.cameras.iter().map(|c| c.at(self.wall_micros)).collect()
    }

    /// The union of the cameras' coverage.
    pub fn span_micros(&self) -> Option<(i64, i64)> {
        let spans: Vec<(i64, i64)> = self.cameras.iter().filter_map(Camera::coverage_micros).collect();
        Some((spans.iter().map(|s| s.0).min()?, spans.iter().map(|s| s.1).max()?))
    }

    /// Applies a command; a nudge returns the edit that records it (the caller applies it to the case, then
    /// [`Self::set_media`] with the edited record).
    pub fn apply(&mut self, command: MultiCamCommand, reviewer: &str, now_utc: &str) -> Option<Edit> {
        match command {
            MultiCamCommand::Focus(index) => {
                if index < self.cameras.len() {
                    self.focused = index;
                }
                None
            }
            MultiCamCommand::SeekWall(wall) => {
                self.wall_micros = wall;
                None
            }
            MultiCamCommand::StepFocused(by) => {
                self.step_focused(by);
                None
            }
            MultiCamCommand::Nudge { camera, by } => self.nudge(camera, by, reviewer, now_utc),
        }
    }

    fn step_focused(&mut self, by: i32) {
        let Some(camera) = self.cameras.get(self.focused) else { return };
        let last = camera.frame_secs.len().saturating_sub(1);
        let target = match camera.at(self.wall_micros) {
            Some(AtWall::Frame(i)) => i.saturating_add_signed(by as isize).min(last),
            Some(AtWall::BeforeFootage) if by > 0 => (by as usize - 1).min(last),
            Some(AtWall::AfterFootage) if by < 0 => last.saturating_sub(by.unsigned_abs() as usize - 1),
            _ => return,
        };
        if let Some(wall) = camera.wall_of(target) {
            self.wall_micros = wall;
        }
    }

    fn nudge(&mut self, index: usize, by: Nudge, reviewer: &str, now_utc: &str) -> Option<Edit> {
        let camera = self.cameras.get(index)?;
        let map = camera.map()?;
        let shown = match camera.at(self.wall_micros) {
            Some(AtWall::Frame(i)) => i,
            _ => 0,
        };
        let (shift_micros, words) = match by {
            Nudge::Frames(n) => {
                let interval = camera.interval_secs(shown);
                (
                    (f64::from(n) * interval * 1e6).round() as i64,
                    format!("{n:+} frame(s) ({:+.3} ms)", f64::from(n) * interval * 1e3),
                )
            }
            Nudge::Millis(n) => (i64::from(n) * 1000, format!("{n:+} ms")),
        };
        let origin = map.origin_micros()?.checked_add(shift_micros)?;
        let mut moved = map.clone();
        moved.origin = Some(format_rfc3339_micros(origin));
        moved.source = format!("{}; nudged {words} by {reviewer}", map.source);
        moved.set_by = reviewer.to_owned();
        moved.set_utc = now_utc.to_owned();
        let media = Media { wall_clock: Some(moved), ..camera.media.clone() };
        Some(Edit::UpdateMedia(Box::new(media)))
    }

    /// Takes a camera's media record as the case now holds it (after a sync or a nudge was applied or undone).
    pub fn set_media(&mut self, media: &Media) {
        if let Some(camera) = self.cameras.iter_mut().find(|c| c.media.id == media.id) {
            camera.media = media.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::parse_rfc3339_micros;

    fn camera(id: &str, fps: u32, frames: usize, origin: &str) -> Camera {
        let media = Media {
            id: MediaId::new(id),
            wall_clock: Some(WallClockMapping { origin: Some(origin.into()), ..Default::default() }),
            ..Default::default()
        };
        Camera::new(media, &Timeline::constant_rate(frames, fps))
    }

    fn micros(text: &str) -> i64 {
        parse_rfc3339_micros(text).unwrap_or_default()
    }

    /// A 30 fps camera from 21:02:00 and a 25 fps one starting 1.5 s later.
    fn rig() -> MultiCam {
        MultiCam::new(vec![
            camera("body", 30, 300, "2031-04-17T21:02:00Z"),
            camera("phone", 25, 250, "2031-04-17T21:02:01.500Z"),
        ])
    }

    #[test]
    fn every_view_shows_its_frame_at_or_before_the_wall_clock_or_no_footage() {
        let mut m = rig();
        assert_eq!(m.wall_micros(), micros("2031-04-17T21:02:00Z"), "starts where the first footage starts");
        assert_eq!(m.views(), vec![Some(AtWall::Frame(0)), Some(AtWall::BeforeFootage)]);
        m.apply(MultiCamCommand::SeekWall(micros("2031-04-17T21:02:02.039Z")), "ana", "t");
        // Body: 2.039 s → frame 61 (2.0333 s); phone: 0.539 s → frame 13 (0.52 s), not 14 (0.56 s).
        assert_eq!(m.views(), vec![Some(AtWall::Frame(61)), Some(AtWall::Frame(13))]);
        m.apply(MultiCamCommand::SeekWall(micros("2031-04-17T21:02:10.5Z")), "ana", "t");
        assert_eq!(m.views(), vec![Some(AtWall::AfterFootage), Some(AtWall::Frame(225))]);
        assert_eq!(m.span_micros(), Some((micros("2031-04-17T21:02:00Z"), micros("2031-04-17T21:02:11.500Z"))));
    }

    #[test]
    fn stepping_moves_the_focused_camera_one_of_its_frames_and_the_others_follow() {
        let mut m = rig();
        m.apply(MultiCamCommand::Focus(1), "ana", "t");
        m.apply(MultiCamCommand::SeekWall(micros("2031-04-17T21:02:02Z")), "ana", "t");
        assert_eq!(m.views()[1], Some(AtWall::Frame(12)));
        m.apply(MultiCamCommand::StepFocused(1), "ana", "t");
        assert_eq!(m.wall_micros(), micros("2031-04-17T21:02:02.020Z"), "phone frame 13 is at 0.52 s");
        assert_eq!(m.views(), vec![Some(AtWall::Frame(60)), Some(AtWall::Frame(13))]);
        m.apply(MultiCamCommand::StepFocused(-2), "ana", "t");
        assert_eq!(m.views()[1], Some(AtWall::Frame(11)));
        // From before its footage, a step forward lands on its first frame.
        m.apply(MultiCamCommand::SeekWall(micros("2031-04-17T21:02:00Z")), "ana", "t");
        m.apply(MultiCamCommand::StepFocused(1), "ana", "t");
        assert_eq!(m.views()[1], Some(AtWall::Frame(0)));
        assert_eq!(m.wall_micros(), micros("2031-04-17T21:02:01.500Z"));
    }

    #[test]
    fn a_nudge_is_an_edit_of_the_clock_map_by_one_frame_or_one_millisecond() {
        let mut m = rig();
        m.apply(MultiCamCommand::SeekWall(micros("2031-04-17T21:02:03Z")), "ana", "t");
        let Some(Edit::UpdateMedia(media)) =
            m.apply(MultiCamCommand::Nudge { camera: 1, by: Nudge::Frames(1) }, "ana", "2031-05-01T00:00:00Z")
        else {
            panic!("a nudge is an UpdateMedia edit");
        };
        let map = media.wall_clock.as_ref().expect("a map");
        assert_eq!(map.origin_micros(), Some(micros("2031-04-17T21:02:01.540Z")), "one 25 fps frame later");
        assert!(map.source.contains("nudged +1 frame(s) (+40.000 ms) by ana"), "{}", map.source);
        assert_eq!(map.set_by, "ana");
        m.set_media(&media);
        let Some(Edit::UpdateMedia(back)) =
            m.apply(MultiCamCommand::Nudge { camera: 1, by: Nudge::Millis(-40) }, "ana", "t")
        else {
            panic!("a nudge is an UpdateMedia edit");
        };
        assert_eq!(back.wall_clock.and_then(|w| w.origin_micros()), Some(micros("2031-04-17T21:02:01.500Z")));
    }
}
