//! The timing report as a picture's data, computed once for every view that draws it (the exhibit report, and the
//! window's Timing view): each frame's interval from the previous frame in milliseconds, over media time (PTS ×
//! time base); the declared and the measured rate as intervals; and the gaps, PTS discontinuities and duplicate
//! frames of a [`TimingReport`] as spans of media time. Pure: plain numbers in, plain numbers out.
//!
//! A long file is cut down to at most two points per time bucket — the shortest and the longest interval in it —
//! so an hour of footage draws in at most `2 × PLOT_BUCKETS` points and a single long interval (a gap) is never
//! averaged away. Marks that fall in one bucket merge into one span, so the marks are bounded the same way.

use super::timing::TimingReport;
use serde::Serialize;

/// How many time buckets a long file's intervals are cut into; at most twice as many points are drawn.
pub const PLOT_BUCKETS: usize = 1000;

/// One frame's interval from the previous frame, at that frame's media time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IntervalPoint {
    /// The frame the interval ends at.
    pub frame: usize,
    pub media_secs: f64,
    pub interval_ms: f64,
}

/// A stretch of media time marked on the plot: one item of the report, or neighbours in one bucket merged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MarkedSpan {
    /// The frames it is about (for a gap or a discontinuity, the frame after it).
    pub first_frame: usize,
    pub last_frame: usize,
    /// The media time it covers (for a gap or a discontinuity, from the frame before to the frame after).
    pub from_secs: f64,
    pub to_secs: f64,
    /// How many of the report's items it stands for.
    pub count: usize,
}

/// Everything a plot of one file's frame timing draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimingPlot {
    /// The numbers the plot pictures (its lists are whole; the spans below are what is drawn of them).
    pub report: TimingReport,
    /// Media time of the earliest and the latest frame with a PTS.
    pub first_secs: f64,
    pub last_secs: f64,
    /// In time order; the intervals at a PTS discontinuity are left out (they are marked instead).
    pub points: Vec<IntervalPoint>,
    /// How many intervals `points` was made from (equal to its length when nothing was cut).
    pub interval_count: usize,
    pub gaps: Vec<MarkedSpan>,
    pub discontinuities: Vec<MarkedSpan>,
    /// `None` when duplicates were not looked for (the frames were not decoded).
    pub duplicates: Option<Vec<MarkedSpan>>,
}

impl TimingPlot {
    /// Whether `points` holds every interval.
    pub fn every_interval(&self) -> bool {
        self.points.len() == self.interval_count
    }

    /// The declared frame rate as a frame interval in milliseconds.
    pub fn declared_interval_ms(&self) -> Option<f64> {
        interval_ms_of(self.report.declared_fps)
    }

    /// The measured frame rate as a frame interval in milliseconds.
    pub fn measured_interval_ms(&self) -> Option<f64> {
        interval_ms_of(self.report.measured_fps)
    }
}

fn interval_ms_of(fps: Option<f64>) -> Option<f64> {
    fps.filter(|f| f.is_finite() && *f > 0.0).map(|f| 1000.0 / f)
}

/// Which bucket a media time falls in.
struct Buckets {
    first_secs: f64,
    span_secs: f64,
}

impl Buckets {
    fn of(&self, secs: f64) -> usize {
        if self.span_secs <= 0.0 {
            return 0;
        }
        let at = ((secs - self.first_secs) / self.span_secs * PLOT_BUCKETS as f64).floor();
        (at.max(0.0) as usize).min(PLOT_BUCKETS - 1)
    }
}

/// The plot of frames whose PTS (in output order, `tick_secs` a tick) gave `report`; `duplicates_checked` says
/// whether the report's duplicate runs were looked for.
pub fn timing_plot(pts: &[Option<i64>], tick_secs: f64, report: &TimingReport, duplicates_checked: bool) -> TimingPlot {
    let secs = |p: i64| p as f64 * tick_secs;
    let timed = pts.iter().flatten().copied();
    let first_secs = timed.clone().min().map_or(0.0, secs);
    let last_secs = timed.max().map_or(0.0, secs);
    let buckets = Buckets { first_secs, span_secs: last_secs - first_secs };
    // A frame without a PTS takes the time of the latest frame before it that has one.
    let time_of =
        |frame: usize| pts.iter().take(frame.saturating_add(1)).rev().flatten().next().map_or(first_secs, |p| secs(*p));

    let mut cut: Vec<usize> = report.discontinuities.iter().map(|d| d.frame).collect();
    cut.sort_unstable();
    let intervals: Vec<IntervalPoint> = (1..pts.len())
        .filter(|i| cut.binary_search(i).is_err())
        .filter_map(|i| {
            let (a, b) = (pts[i - 1]?, pts[i]?);
            (b > a).then(|| IntervalPoint {
                frame: i,
                media_secs: secs(b),
                interval_ms: (b - a) as f64 * tick_secs * 1000.0,
            })
        })
        .collect();
    let interval_count = intervals.len();
    let points =
        if interval_count <= 2 * PLOT_BUCKETS { in_time_order(intervals) } else { extremes(intervals, &buckets) };

    let between = |frame: usize| (time_of(frame.saturating_sub(1)), time_of(frame));
    let gaps = merged(report.gaps.iter().map(|g| (g.frame, g.frame, between(g.frame))), &buckets);
    let discontinuities = merged(report.discontinuities.iter().map(|d| (d.frame, d.frame, between(d.frame))), &buckets);
    let duplicates = duplicates_checked.then(|| {
        let runs = report
            .duplicates
            .iter()
            .map(|r| (r.first_frame, r.last_frame, (time_of(r.first_frame), time_of(r.last_frame))));
        merged(runs, &buckets)
    });
    TimingPlot {
        report: report.clone(),
        first_secs,
        last_secs,
        points,
        interval_count,
        gaps,
        discontinuities,
        duplicates,
    }
}

fn in_time_order(mut points: Vec<IntervalPoint>) -> Vec<IntervalPoint> {
    points.sort_by(|a, b| a.media_secs.total_cmp(&b.media_secs).then(a.frame.cmp(&b.frame)));
    points
}

/// The shortest and the longest interval of each bucket (the first of equals), in time order.
fn extremes(intervals: Vec<IntervalPoint>, buckets: &Buckets) -> Vec<IntervalPoint> {
    let mut kept: Vec<Option<(usize, usize)>> = vec![None; PLOT_BUCKETS];
    for (k, p) in intervals.iter().enumerate() {
        let slot = &mut kept[buckets.of(p.media_secs)];
        *slot = Some(match *slot {
            None => (k, k),
            Some((lo, hi)) => (
                if p.interval_ms < intervals[lo].interval_ms { k } else { lo },
                if p.interval_ms > intervals[hi].interval_ms { k } else { hi },
            ),
        });
    }
    let mut chosen: Vec<usize> = kept.into_iter().flatten().flat_map(|(lo, hi)| [lo, hi]).collect();
    chosen.sort_unstable();
    chosen.dedup();
    in_time_order(chosen.into_iter().map(|k| intervals[k].clone()).collect())
}

/// Items (first frame, last frame, (from, to) media time) as spans in time order, an item merged into the span
/// before it when it starts in a bucket that span reaches.
fn merged(items: impl Iterator<Item = (usize, usize, (f64, f64))>, buckets: &Buckets) -> Vec<MarkedSpan> {
    let mut spans: Vec<MarkedSpan> = items
        .map(|(first_frame, last_frame, (a, b))| MarkedSpan {
            first_frame,
            last_frame,
            from_secs: a.min(b),
            to_secs: a.max(b),
            count: 1,
        })
        .collect();
    spans.sort_by(|a, b| a.from_secs.total_cmp(&b.from_secs).then(a.first_frame.cmp(&b.first_frame)));
    let mut out: Vec<MarkedSpan> = Vec::new();
    for span in spans {
        match out.last_mut() {
            Some(last) if buckets.of(span.from_secs) <= buckets.of(last.to_secs) => {
                last.first_frame = last.first_frame.min(span.first_frame);
                last.last_frame = last.last_frame.max(span.last_frame);
                last.to_secs = last.to_secs.max(span.to_secs);
                last.count += span.count;
            }
            _ => out.push(span),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::timing::analyse;

    /// 30 fps in a 1/15360 time base: 512 ticks a frame.
    const TICK_SECS: f64 = 1.0 / 15360.0;

    fn plot_of(pts: &[Option<i64>]) -> TimingPlot {
        timing_plot(pts, TICK_SECS, &analyse(pts, TICK_SECS, Some(30.0), None), false)
    }

    #[test]
    fn one_gap_in_a_hundred_thousand_frames_survives_the_cut() {
        // Frame 54 321 comes three frame intervals (100 ms) after frame 54 320; every other frame 33.3 ms after.
        let pts: Vec<Option<i64>> =
            (0..100_000i64).map(|i| Some(i * 512 + if i >= 54_321 { 1024 } else { 0 })).collect();
        let plot = plot_of(&pts);
        assert!(plot.points.len() <= 2 * PLOT_BUCKETS, "{} points", plot.points.len());
        assert!(!plot.every_interval());
        assert_eq!(plot.interval_count, 99_999);
        let longest = plot.points.iter().max_by(|a, b| a.interval_ms.total_cmp(&b.interval_ms)).expect("points");
        assert_eq!(longest.frame, 54_321);
        assert!((longest.interval_ms - 100.0).abs() < 1e-9, "{}", longest.interval_ms);
        // The ordinary interval is still drawn on both sides of it, in time order.
        let ordinary = plot.points.iter().filter(|p| (p.interval_ms - 1000.0 / 30.0).abs() < 1e-9).count();
        assert!(ordinary >= PLOT_BUCKETS - 1, "{ordinary}");
        assert!(plot.points.windows(2).all(|w| w[0].media_secs <= w[1].media_secs));
        assert_eq!(plot.gaps.len(), 1);
        let gap = &plot.gaps[0];
        assert_eq!((gap.first_frame, gap.last_frame, gap.count), (54_321, 54_321, 1));
        assert!((gap.to_secs - gap.from_secs - 0.1).abs() < 1e-9, "the span covers the missing time");
        assert!(plot.discontinuities.is_empty());
        assert_eq!(plot.duplicates, None, "not looked for");
        assert_eq!(plot.declared_interval_ms().map(|ms| (ms * 1000.0).round()), Some(33_333.0));
    }

    #[test]
    fn a_short_file_keeps_every_interval_and_marks_a_step_back_instead_of_drawing_it() {
        let pts = vec![Some(0), Some(512), Some(1024), Some(768), Some(1280), None, Some(1792), Some(2304)];
        let plot = plot_of(&pts);
        assert!(plot.every_interval());
        let frames: Vec<usize> = plot.points.iter().map(|p| p.frame).collect();
        // Frame 3 steps back (a discontinuity); frames 5 and 6 lack one end of their interval.
        assert_eq!(frames, vec![1, 2, 4, 7]);
        assert_eq!(plot.discontinuities.len(), 1);
        assert_eq!(plot.discontinuities[0].first_frame, 3);
        assert!((plot.first_secs, plot.last_secs) == (0.0, 2304.0 * TICK_SECS));
    }

    #[test]
    fn many_marks_merge_into_a_bounded_number_of_spans_that_still_count_them_all() {
        // A gap after every tenth frame, and duplicate runs checked: 10 000 gaps, 1 000 buckets.
        let mut t = 0;
        let pts: Vec<Option<i64>> = (0..100_000i64)
            .map(|i| {
                t += if i > 0 && i % 10 == 0 { 1536 } else { 512 };
                Some(t)
            })
            .collect();
        let md5s: Vec<String> = (0..100_000).map(|i| if i < 3 { "same".into() } else { i.to_string() }).collect();
        let report = analyse(&pts, TICK_SECS, Some(30.0), Some(&md5s));
        let plot = timing_plot(&pts, TICK_SECS, &report, true);
        assert_eq!(report.gaps.len(), 9_999);
        assert!(plot.gaps.len() <= PLOT_BUCKETS, "{} spans", plot.gaps.len());
        assert_eq!(plot.gaps.iter().map(|s| s.count).sum::<usize>(), 9_999);
        let duplicates = plot.duplicates.expect("looked for");
        assert_eq!(duplicates.len(), 1);
        assert_eq!((duplicates[0].first_frame, duplicates[0].last_frame), (0, 2));
    }
}
