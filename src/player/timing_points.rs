//! What the Timing view plots, pure and testable: the file's timing report (`media::timing::analyse` over the
//! player's frames, with the duplicate frames once their MD5s are known) and each frame's interval from the frame
//! before it, reduced to a bounded number of points for any range of frames. Each bucket of frames keeps its
//! smallest and its largest interval, each at its own frame, so a gap (or a run of short intervals) is never
//! averaged away however many frames a file has. Frames are the player's; times are their PTS, never frame ÷ fps.
//! Each finding also has its words here, so the view's list and the ruler's tooltip say the same.

use std::ops::Range;

use crate::media::timing::{analyse, Discontinuity, DuplicateRun, Gap, TimingReport};

use super::timeline::Timeline;

/// One frame's interval from the frame before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalPoint {
    pub frame: usize,
    /// The frame before's time, seconds after frame 0: the interval runs from there to `secs`.
    pub from_secs: f64,
    /// The frame's time, seconds after frame 0.
    pub secs: f64,
    pub interval_ms: f64,
}

/// The timing report of the file `timeline` comes from: intervals, gaps, PTS discontinuities, declared against
/// measured rate, and — when `md5s` (one per frame, from a linear decode) are given — duplicate frames.
pub fn timing_report(timeline: &Timeline, declared_fps: Option<f64>, md5s: Option<&[String]>) -> TimingReport {
    let md5s = md5s.filter(|m| m.len() == timeline.frame_count());
    analyse(timeline.pts_ticks(), timeline.tick_secs(), declared_fps, md5s)
}

/// The interval before `frame` in milliseconds, when both frames have a PTS and it advances.
pub fn interval_before_ms(timeline: &Timeline, frame: usize) -> Option<f64> {
    let before = timeline.pts_of(frame.checked_sub(1)?)?;
    let ticks = timeline.pts_of(frame)? - before;
    (ticks > 0).then(|| ticks as f64 * timeline.tick_secs() * 1000.0)
}

/// The intervals of `frames` (clamped to the file), every one when there are at most `max_points`, else per bucket
/// the smallest and the largest (in frame order), never more than `max_points` in all. Frame 0, frames without a
/// PTS and frames where the PTS does not advance have no interval (the report lists the discontinuities).
pub fn interval_points(timeline: &Timeline, frames: Range<usize>, max_points: usize) -> Vec<IntervalPoint> {
    let end = frames.end.min(timeline.frame_count());
    let start = frames.start.min(end);
    let point = |frame: usize| {
        let interval_ms = interval_before_ms(timeline, frame)?;
        let (from_secs, secs) = (timeline.secs_of(frame.saturating_sub(1)), timeline.secs_of(frame));
        Some(IntervalPoint { frame, from_secs, secs, interval_ms })
    };
    let count = end - start;
    if count <= max_points {
        return (start..end).filter_map(point).collect();
    }
    let buckets = (max_points / 2).max(1);
    let per_bucket = count.div_ceil(buckets);
    let mut out = Vec::with_capacity(buckets * 2);
    let mut from = start;
    while from < end {
        let to = (from + per_bucket).min(end);
        let mut low: Option<IntervalPoint> = None;
        let mut high: Option<IntervalPoint> = None;
        for p in (from..to).filter_map(point) {
            if low.is_none_or(|l| p.interval_ms < l.interval_ms) {
                low = Some(p);
            }
            if high.is_none_or(|h| p.interval_ms > h.interval_ms) {
                high = Some(p);
            }
        }
        match (low, high) {
            (Some(l), Some(h)) if l.frame == h.frame => out.push(l),
            (Some(l), Some(h)) if l.frame < h.frame => out.extend([l, h]),
            (Some(l), Some(h)) => out.extend([h, l]),
            _ => {}
        }
        from = to;
    }
    out
}

/// A gap in words, as the Timing view lists it and the ruler's tooltip says it.
pub fn gap_words(gap: &Gap) -> String {
    format!(
        "Gap before frame {}: {:.3} ms ({:.1}× the median interval)",
        gap.frame,
        gap.interval_secs * 1000.0,
        gap.median_multiple
    )
}

/// A run of duplicate frames in words.
pub fn duplicate_words(run: &DuplicateRun) -> String {
    format!("Duplicate frames {}–{}: the same picture", run.first_frame, run.last_frame)
}

/// A PTS discontinuity in words.
pub fn discontinuity_words(jump: &Discontinuity) -> String {
    format!("PTS discontinuity at frame {}: PTS {} then {}", jump.frame, jump.from_pts, jump.to_pts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` frames 1/30 s apart (in 1/30000 s ticks), with `gap_ticks` more before frame `gap_at`.
    fn with_gap(count: usize, gap_at: usize, gap_ticks: i64) -> Timeline {
        let pts: Vec<Option<i64>> =
            (0..count as i64).map(|f| Some(f * 1000 + if f as usize >= gap_at { gap_ticks } else { 0 })).collect();
        Timeline::from_parts(&pts, vec![false; count], 1.0 / 30000.0, 1, 30000)
    }

    #[test]
    fn a_short_range_gives_every_interval_from_its_own_pts() {
        let timeline = with_gap(10, 4, 500);
        let points = interval_points(&timeline, 0..10, 100);
        assert_eq!(points.len(), 9, "frame 0 has no interval before it");
        assert_eq!(points[0].frame, 1);
        assert!((points[0].interval_ms - 1000.0 / 30.0).abs() < 1e-9);
        let gap = points.iter().find(|p| p.frame == 4).map(|p| p.interval_ms);
        assert!(gap.is_some_and(|ms| (ms - 50.0).abs() < 1e-9), "{gap:?}");
        assert!((points[3].secs - timeline.secs_of(4)).abs() < 1e-12);
        assert!((points[3].from_secs - timeline.secs_of(3)).abs() < 1e-12, "the interval runs from the frame before");
    }

    #[test]
    fn downsampling_is_bounded_and_never_hides_a_gap() {
        let timeline = with_gap(1_000_000, 654_321, 15_000);
        let points = interval_points(&timeline, 0..2_000_000, 2000);
        assert!(points.len() <= 2000, "{}", points.len());
        let gap = points.iter().find(|p| p.frame == 654_321).expect("the gap's own frame is kept");
        assert!((gap.interval_ms - 500.0 - 1000.0 / 30.0).abs() < 1e-6, "{gap:?}");
        assert!(points.windows(2).all(|w| w[0].frame < w[1].frame), "in frame order");
        let report = timing_report(&timeline, Some(30.0), None);
        assert_eq!(report.gaps.iter().map(|g| g.frame).collect::<Vec<_>>(), [654_321]);
    }

    #[test]
    fn duplicates_are_reported_only_from_one_md5_per_frame() {
        let timeline = with_gap(4, 99, 0);
        let md5s: Vec<String> = ["a", "a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(timing_report(&timeline, None, Some(&md5s)).duplicates.len(), 1);
        assert!(timing_report(&timeline, None, Some(&md5s[..3])).duplicates.is_empty(), "a short list is not used");
    }
}
