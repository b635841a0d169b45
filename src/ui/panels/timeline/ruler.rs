//! The ruler over the lanes: time labels (HH:MM:SS, with milliseconds below a second) at steps that keep them
//! apart, placed by each frame's own timestamp; when zoomed in, frame numbers and one tick per frame cell. Along its
//! bottom edge, the file's timing findings: a red notch where frames are further apart than twice the median (a gap),
//! an orange bar over duplicate frames, a violet tick at a PTS discontinuity (only those in view are drawn).

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke};

use super::zoom::Viewport;
use crate::media::timing::TimingReport;
use crate::player::timing_points::{discontinuity_words, duplicate_words, gap_words};
use crate::player::Timeline;
use crate::ui::style::{DISCONTINUITY_COLOUR, DUPLICATE_COLOUR, GAP_COLOUR};

pub const RULER_HEIGHT_PX: f32 = 34.0;
/// Frame numbers are written from this zoom on.
pub const FRAME_NUMBERS_FROM_PX_PER_FRAME: f64 = 2.0;
/// Every frame cell gets a tick from this zoom on.
pub const CELLS_FROM_PX_PER_FRAME: f64 = 6.0;
const TIME_LABEL_GAP_PX: f64 = 90.0;
const FRAME_LABEL_GAP_PX: f64 = 40.0;

const TIME_STEPS_SECS: [f64; 19] = [
    0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0,
    43200.0,
];

/// The smallest time step whose labels are at least the gap apart, given the mean pixels per second.
pub fn time_step_secs(px_per_sec: f64) -> f64 {
    TIME_STEPS_SECS.iter().copied().find(|s| s * px_per_sec >= TIME_LABEL_GAP_PX).unwrap_or(86_400.0)
}

/// The smallest 1-2-5 frame step whose labels are at least the gap apart.
pub fn frame_step(px_per_frame: f64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            if (step * m) as f64 * px_per_frame >= FRAME_LABEL_GAP_PX {
                return step * m;
            }
        }
        if step > u64::MAX / 100 {
            return step;
        }
        step *= 10;
    }
}

/// `secs` as HH:MM:SS, or HH:MM:SS.mmm when `millis`.
pub fn hms(secs: f64, millis: bool) -> String {
    // The case's formatter, so the ruler, the readout and every export round a time the same way.
    let text = crate::case::format_hms_millis(secs.max(0.0));
    match text.rsplit_once('.') {
        Some((whole, _)) if !millis => whole.to_owned(),
        _ => text,
    }
}

/// Where the time `secs` falls, as a frame position: inside the cell of the frame shown at that time.
fn pos_of_secs(timeline: &Timeline, secs: f64) -> f64 {
    let f = timeline.frame_at_secs(secs);
    let (t0, t1) = (timeline.secs_of(f), timeline.secs_of(f + 1));
    let frac = if t1 > t0 && f < timeline.last_frame() { ((secs - t0) / (t1 - t0)).clamp(0.0, 1.0) } else { 0.0 };
    f as f64 + frac
}

/// Draws the ruler in `rect` (x from `rect.left()` is the viewport's x). `mean_secs_per_frame` is the file's
/// duration over its frame count (cached by the caller).
pub fn ruler_ui(painter: &Painter, rect: Rect, view: &Viewport, timeline: &Timeline, mean_secs_per_frame: f64) {
    painter.rect_filled(rect, 0.0, Color32::from_gray(30));
    let width = f64::from(rect.width());
    let count = timeline.frame_count();
    if count == 0 {
        return;
    }
    let x_at = |pos: f64| rect.left() + view.x_of(pos) as f32;
    let first = view.first_frame.max(0.0).floor() as usize;
    let last = (view.end_frame(width).ceil() as usize).min(count).saturating_sub(1);
    let tick = Stroke::new(1.0, Color32::from_gray(120));
    let text = Color32::from_gray(210);
    let mid = rect.top() + rect.height() * 0.5;

    // Time labels on the upper half.
    let step = time_step_secs(view.px_per_frame / mean_secs_per_frame.max(1e-9));
    let (t_first, t_last) = (timeline.secs_of(first), timeline.secs_of(last + 1).max(timeline.secs_of(last)));
    let mut k = (t_first / step).ceil() as i64;
    while (k as f64) * step <= t_last {
        let secs = k as f64 * step;
        let x = x_at(pos_of_secs(timeline, secs));
        painter.line_segment([Pos2::new(x, rect.top()), Pos2::new(x, mid)], tick);
        painter.text(
            Pos2::new(x + 3.0, rect.top() + 1.0),
            Align2::LEFT_TOP,
            hms(secs, step < 1.0),
            FontId::proportional(11.0),
            text,
        );
        k += 1;
    }

    // Frame cells and numbers on the lower half.
    if view.px_per_frame >= CELLS_FROM_PX_PER_FRAME {
        let cell = Stroke::new(1.0, Color32::from_gray(70));
        for f in first..=last {
            let x = x_at(f as f64);
            painter.line_segment([Pos2::new(x, mid + 8.0), Pos2::new(x, rect.bottom())], cell);
        }
    }
    if view.px_per_frame >= FRAME_NUMBERS_FROM_PX_PER_FRAME {
        let fstep = frame_step(view.px_per_frame);
        let mut f = (first as u64).div_ceil(fstep) * fstep;
        while f <= last as u64 {
            let x = x_at(f as f64);
            painter.line_segment([Pos2::new(x, mid), Pos2::new(x, rect.bottom())], tick);
            painter.text(Pos2::new(x + 2.0, mid + 1.0), Align2::LEFT_TOP, f.to_string(), FontId::monospace(10.0), text);
            f += fstep;
        }
    }
}

/// Height of the findings' strip at the bottom of the ruler.
const FINDINGS_PX: f32 = 6.0;

/// The findings of `report` in view, along the bottom of the ruler `rect`. Each list is in frame order, so only
/// the part in view is walked.
pub fn timing_marks_ui(painter: &Painter, rect: Rect, view: &Viewport, report: &TimingReport) {
    let width = f64::from(rect.width());
    let (first, end) = (view.first_frame.floor().max(0.0) as usize, view.end_frame(width).ceil() as usize + 1);
    let x_at = |frame: usize| rect.left() + view.x_of(frame as f64) as f32;
    let (top, bottom) = (rect.bottom() - FINDINGS_PX, rect.bottom());
    let from = report.duplicates.partition_point(|d| d.last_frame < first);
    for run in report.duplicates[from..].iter().take_while(|d| d.first_frame <= end) {
        // The repeats: every frame of the run after its first shows the same picture again.
        let bar = Rect::from_min_max(
            Pos2::new(x_at(run.first_frame + 1), top + 2.0),
            Pos2::new(x_at(run.last_frame + 1).max(x_at(run.first_frame + 1) + 2.0), bottom),
        );
        painter.rect_filled(bar, 0.0, DUPLICATE_COLOUR);
    }
    let from = report.discontinuities.partition_point(|d| d.frame < first);
    for jump in report.discontinuities[from..].iter().take_while(|d| d.frame <= end) {
        let x = x_at(jump.frame);
        painter.line_segment(
            [Pos2::new(x, rect.top() + rect.height() * 0.5), Pos2::new(x, bottom)],
            Stroke::new(2.0, DISCONTINUITY_COLOUR),
        );
    }
    let from = report.gaps.partition_point(|g| g.frame < first);
    for gap in report.gaps[from..].iter().take_while(|g| g.frame <= end) {
        // Between the frame before the gap and the one after it: a notch pointing down at the boundary.
        let x = x_at(gap.frame);
        let notch = vec![Pos2::new(x - 5.0, top - 2.0), Pos2::new(x + 5.0, top - 2.0), Pos2::new(x, bottom)];
        painter.add(egui::Shape::convex_polygon(notch, GAP_COLOUR, Stroke::NONE));
    }
}

/// The finding at `x` (within a few pixels), in words, for the ruler's tooltip.
pub fn timing_mark_at(view: &Viewport, rect: Rect, report: &TimingReport, x: f32) -> Option<String> {
    let near = |frame: usize| (rect.left() + view.x_of(frame as f64) as f32 - x).abs() <= 5.0;
    if let Some(gap) = report.gaps.iter().find(|g| near(g.frame)) {
        return Some(gap_words(gap));
    }
    if let Some(jump) = report.discontinuities.iter().find(|d| near(d.frame)) {
        return Some(discontinuity_words(jump));
    }
    let pos = view.pos_at(f64::from(x - rect.left()));
    report
        .duplicates
        .iter()
        .find(|d| pos >= (d.first_frame + 1) as f64 && pos < (d.last_frame + 1) as f64)
        .map(duplicate_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_keep_labels_apart() {
        assert_eq!(time_step_secs(1000.0), 0.1);
        assert_eq!(time_step_secs(30.0), 5.0);
        assert_eq!(time_step_secs(0.5), 300.0);
        assert_eq!(frame_step(40.0), 1);
        assert_eq!(frame_step(15.0), 5);
        assert_eq!(frame_step(2.0), 20);
        assert_eq!(hms(3723.5, false), "01:02:03");
        assert_eq!(hms(0.3336, true), "00:00:00.334");
    }

    #[test]
    fn a_finding_is_told_in_words_where_it_is_marked() {
        use crate::media::timing::{Discontinuity, DuplicateRun, Gap};
        let report = TimingReport {
            frame_count: 100,
            frames_without_pts: 0,
            min_interval_secs: 0.04,
            median_interval_secs: 0.04,
            max_interval_secs: 0.2,
            declared_fps: Some(25.0),
            measured_fps: Some(24.0),
            variable_frame_rate: true,
            gaps: vec![Gap { frame: 10, interval_secs: 0.2, median_multiple: 5.0 }],
            discontinuities: vec![Discontinuity { frame: 50, from_pts: 7, to_pts: 3 }],
            duplicates: vec![DuplicateRun { first_frame: 30, last_frame: 33 }],
        };
        let rect = Rect::from_min_size(Pos2::new(100.0, 0.0), egui::vec2(1000.0, RULER_HEIGHT_PX));
        let view = Viewport { first_frame: 0.0, px_per_frame: 10.0 };
        let at = |x: f32| timing_mark_at(&view, rect, &report, x);
        assert_eq!(at(203.0).as_deref(), Some("Gap before frame 10: 200.000 ms (5.0× the median interval)"));
        assert_eq!(at(425.0).as_deref(), Some("Duplicate frames 30–33: the same picture"));
        assert_eq!(at(405.0), None, "frame 30 is the first of its run, shown once");
        assert_eq!(at(598.0).as_deref(), Some("PTS discontinuity at frame 50: PTS 7 then 3"));
        assert_eq!(at(800.0), None);
    }

    #[test]
    fn times_sit_inside_their_frame_on_a_variable_rate_file() {
        // Frames at 0, 0.1, 0.3 s: 0.2 s falls halfway into frame 1's cell.
        let timeline = Timeline::from_parts(&[Some(0), Some(1), Some(3)], vec![true, false, false], 0.1, 1, 10);
        assert!((pos_of_secs(&timeline, 0.2) - 1.5).abs() < 1e-9);
        assert_eq!(pos_of_secs(&timeline, 0.35), 2.0, "the last frame has no next frame to measure against");
        assert!((pos_of_secs(&timeline, 0.05) - 0.5).abs() < 1e-9);
    }
}
