//! What the Timing view keeps for the file on screen between frames: its timing report (rebuilt when the file, its
//! frames or the duplicate scan change), the scan for duplicate frames when the reviewer asked for one, the plotted
//! points for the range last in view, and the findings' marks with where they sit on the plot — so a click lands on
//! the nearest mark, and tests can find one. The timeline's ruler reads the same report.

use std::ops::Range;
use std::path::PathBuf;

use egui::Pos2;
use egui_plot::{PlotPoint, PlotTransform};

use crate::media::timing::TimingReport;
use crate::player::duplicate_scan::{DuplicateScan, ScanState};
use crate::player::timing_points::{interval_before_ms, interval_points, timing_report, IntervalPoint};
use crate::player::{Player, Timeline};

/// Points the plot draws at most, whatever the range in view.
pub const MAX_PLOT_POINTS: usize = 4000;
/// A click this close (screen pixels) to a mark or a point goes to its frame.
pub const CLICK_TOLERANCE_PX: f32 = 10.0;

/// What a mark on the plot stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Gap,
    Duplicate,
    Discontinuity,
}

/// One finding placed on the plot: its frame and its point (media seconds, interval in milliseconds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotMark {
    pub kind: MarkKind,
    pub frame: usize,
    pub at: PlotPoint,
}

/// Which file and frames a report was made for.
#[derive(Clone, Debug)]
struct ReportKey {
    path: PathBuf,
    frame_count: usize,
    last_pts: Option<i64>,
    with_duplicates: bool,
}

/// The Timing view's state.
#[derive(Default)]
pub struct TimingWindow {
    pub open: bool,
    report: Option<(ReportKey, TimingReport)>,
    marks: Vec<PlotMark>,
    scan: Option<DuplicateScan>,
    /// Why a scan could not be started.
    scan_error: Option<String>,
    /// The frames whose points were computed last, and those points.
    points: Option<(Range<usize>, Vec<IntervalPoint>)>,
    /// The plot's transform as last drawn.
    transform: Option<PlotTransform>,
}

impl TimingWindow {
    /// Brings the report up to date with the file on screen (when it is `wanted`: the view or the timeline shows
    /// it) and takes in the duplicate scan's progress. A scan of another file (a camera was focused) is let go.
    pub fn refresh(&mut self, player: &Player, wanted: bool) {
        if self.scan.as_ref().is_some_and(|s| s.path() != player.path()) {
            self.scan = None;
            self.scan_error = None;
        }
        if let Some(scan) = self.scan.as_mut() {
            scan.poll();
        }
        let Some(timeline) = player.timeline() else {
            self.report = None;
            return;
        };
        if !(wanted || self.open) {
            return;
        }
        let md5s = self.scan.as_ref().and_then(|s| s.md5s());
        let (frame_count, last_pts) = (timeline.frame_count(), timeline.pts_of(timeline.last_frame()));
        let current = self.report.as_ref().is_some_and(|(k, _)| {
            k.path == player.path()
                && (k.frame_count, k.last_pts, k.with_duplicates) == (frame_count, last_pts, md5s.is_some())
        });
        if current {
            return;
        }
        let key =
            ReportKey { path: player.path().to_path_buf(), frame_count, last_pts, with_duplicates: md5s.is_some() };
        let declared_fps = player.media().and_then(|m| m.declared_fps);
        let report = timing_report(timeline, declared_fps, md5s);
        self.marks = plot_marks(&report, timeline);
        self.report = Some((key, report));
        self.points = None;
    }

    /// The report of the file on screen, once made.
    pub fn report(&self) -> Option<&TimingReport> {
        self.report.as_ref().map(|(_, r)| r)
    }

    pub fn marks(&self) -> &[PlotMark] {
        &self.marks
    }

    /// Starts decoding every frame of the file on screen to find duplicates (once; a finished scan is kept).
    pub fn find_duplicates(&mut self, player: &Player) {
        let Some(timeline) = player.timeline() else { return };
        if self.scan.is_some() {
            return;
        }
        match DuplicateScan::start(player.path(), timeline.frame_count()) {
            Ok(scan) => self.scan = Some(scan),
            Err(e) => self.scan_error = Some(format!("The duplicate-frame pass could not start: {e}")),
        }
    }

    /// Where the duplicate scan stands (`None`: not asked for), and why it could not start.
    pub fn scan(&self) -> (Option<ScanState>, Option<&str>) {
        (self.scan.as_ref().map(|s| s.state().clone()), self.scan_error.as_deref())
    }

    /// The interval points for `frames`, recomputed only when the range in view leaves the one computed (half a
    /// range of margin each side) or is much narrower than it (zoomed in: more detail).
    pub fn points_for(&mut self, timeline: &Timeline, frames: Range<usize>) -> &[IntervalPoint] {
        let len = frames.len().max(1);
        let fresh = self.points.as_ref().is_some_and(|(have, _)| {
            have.start <= frames.start && frames.end <= have.end && have.len() <= len.saturating_mul(3)
        });
        if !fresh {
            let margin = len / 2;
            let wide = frames.start.saturating_sub(margin)..frames.end.saturating_add(margin);
            let points = interval_points(timeline, wide.clone(), MAX_PLOT_POINTS);
            self.points = Some((wide, points));
        }
        self.points.as_ref().map_or(&[], |(_, p)| p.as_slice())
    }

    /// The frames in the plot's view as last drawn (every frame before the first drawing).
    pub fn frames_in_view(&self, timeline: &Timeline) -> Range<usize> {
        let count = timeline.frame_count();
        let Some(bounds) = self.transform.as_ref().map(|t| t.bounds()) else { return 0..count };
        let (min, max) = (bounds.min()[0], bounds.max()[0]);
        if !(min.is_finite() && max.is_finite()) {
            return 0..count;
        }
        let first = timeline.frame_at_secs(min);
        first..timeline.frame_at_secs(max).saturating_add(2).clamp(first, count)
    }

    /// Remembers the plot's transform as drawn this frame.
    pub fn set_transform(&mut self, transform: PlotTransform) {
        self.transform = Some(transform);
    }

    /// Where the mark for `frame` of `kind` was last drawn on screen.
    pub fn mark_screen_pos(&self, kind: MarkKind, frame: usize) -> Option<Pos2> {
        let transform = self.transform.as_ref()?;
        let mark = self.marks.iter().find(|m| m.kind == kind && m.frame == frame)?;
        Some(transform.position_from_point(&mark.at))
    }

    /// The frame a click at `pos` goes to: the nearest mark within the tolerance, else the nearest plotted point,
    /// else the frame shown at the clicked time.
    pub fn frame_at_click(&self, timeline: &Timeline, pos: Pos2) -> Option<usize> {
        let transform = self.transform.as_ref()?;
        let distance = |at: &PlotPoint| transform.position_from_point(at).distance(pos);
        let nearest = |candidates: &mut dyn Iterator<Item = (usize, f32)>| {
            candidates.filter(|(_, d)| *d <= CLICK_TOLERANCE_PX).min_by(|a, b| a.1.total_cmp(&b.1)).map(|(f, _)| f)
        };
        let mark = nearest(&mut self.marks.iter().map(|m| (m.frame, distance(&m.at))));
        let points = self.points.as_ref().map_or(&[][..], |(_, p)| p.as_slice());
        let point = || nearest(&mut points.iter().map(|p| (p.frame, distance(&PlotPoint::new(p.secs, p.interval_ms)))));
        let secs = transform.value_from_position(pos).x;
        Some(mark.or_else(point).unwrap_or_else(|| timeline.frame_at_secs(secs)))
    }
}

/// Every finding of `report` as a mark: gaps at their interval, the first repeat of each duplicate run at its
/// interval, PTS discontinuities at the median interval (their own interval is not a time).
fn plot_marks(report: &TimingReport, timeline: &Timeline) -> Vec<PlotMark> {
    let median_ms = report.median_interval_secs * 1000.0;
    let interval_ms = |frame: usize| interval_before_ms(timeline, frame).unwrap_or(median_ms);
    let at = |frame: usize, ms: f64| PlotPoint::new(timeline.secs_of(frame), ms);
    let gaps = report.gaps.iter().map(|g| PlotMark {
        kind: MarkKind::Gap,
        frame: g.frame,
        at: at(g.frame, g.interval_secs * 1000.0),
    });
    let duplicates = report.duplicates.iter().map(|d| {
        let frame = d.first_frame + 1;
        PlotMark { kind: MarkKind::Duplicate, frame, at: at(frame, interval_ms(frame)) }
    });
    let jumps = report.discontinuities.iter().map(|d| PlotMark {
        kind: MarkKind::Discontinuity,
        frame: d.frame,
        at: at(d.frame, median_ms),
    });
    gaps.chain(duplicates).chain(jumps).collect()
}
