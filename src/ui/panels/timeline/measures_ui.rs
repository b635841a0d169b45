//! The measurements row between the keyframe ticks and the event lanes: each measurement of the media on screen as a
//! tick at every marked frame joined by a line from its first mark to its last, stacked in as few sub-rows as keep
//! overlapping ones apart; the measure tool's marks not yet saved are drawn hollow on the first sub-row. A click on
//! one selects it (the inspector shows it). The row is there only when there is something to show.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke};

use super::zoom::Viewport;
use crate::case::{MeasurementId, MediaId};
use crate::desk::DeskView;
use crate::ui::style::MEASURE_COLOUR;

/// Height of one sub-row.
pub const MEASURE_ROW_PX: f32 = 14.0;
/// Sub-rows at most; measurements beyond share the last one.
const MAX_ROWS: usize = 3;
/// A click this close (pixels) to a measurement's line selects it.
const HIT_PX: f32 = 5.0;

/// One measurement placed on the row.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureSpan {
    pub id: MeasurementId,
    /// Its marks on the media on screen, in frame order.
    pub frames: Vec<u64>,
    pub row: usize,
}

/// The measurements of the media on screen that may be shown, each in the first sub-row free at its first mark.
pub fn measure_spans(view: &DeskView) -> Vec<MeasureSpan> {
    let mut spans: Vec<MeasureSpan> = view
        .case
        .measurements
        .values()
        .filter(|m| view.visibility.shows_measurement(m))
        .filter_map(|m| {
            let marks = m.media.iter().find(|mm| &mm.media_id == view.media_id)?;
            let mut frames: Vec<u64> = marks.marks.iter().map(|k| k.at.frame).collect();
            frames.sort_unstable();
            (!frames.is_empty()).then(|| MeasureSpan { id: m.id.clone(), frames, row: 0 })
        })
        .collect();
    spans.sort_by_key(|s| (s.frames[0], s.frames[s.frames.len() - 1]));
    let mut row_ends: Vec<u64> = Vec::new();
    for span in &mut spans {
        let (first, last) = (span.frames[0], span.frames[span.frames.len() - 1]);
        let row = row_ends.iter().position(|end| *end < first).unwrap_or(row_ends.len()).min(MAX_ROWS - 1);
        match row_ends.get_mut(row) {
            Some(end) => *end = (*end).max(last),
            None => row_ends.push(last),
        }
        span.row = row;
    }
    spans
}

/// Sub-rows needed: those the spans use, and one for pending marks on the media on screen.
pub fn row_count(spans: &[MeasureSpan], pending_here: bool) -> usize {
    let used = spans.iter().map(|s| s.row + 1).max().unwrap_or(0);
    used.max(usize::from(pending_here))
}

/// Whether the measure tool has marks on `media_id`.
pub fn pending_on(view: &DeskView, media_id: &MediaId) -> bool {
    view.measure.media_id() == Some(media_id) && !view.measure.is_empty()
}

fn sub_row(rect: Rect, row: usize) -> Rect {
    let top = rect.top() + row as f32 * MEASURE_ROW_PX;
    Rect::from_min_max(Pos2::new(rect.left(), top), Pos2::new(rect.right(), top + MEASURE_ROW_PX))
}

/// The middle of frame `frame`'s cell.
fn cell_x(rect: Rect, vp: &Viewport, frame: u64) -> f32 {
    rect.left() + vp.x_of(frame as f64 + 0.5) as f32
}

/// Draws the spans (the selected one white and thicker) and the pending marks in `rect`.
pub fn measures_ui(painter: &Painter, rect: Rect, vp: &Viewport, spans: &[MeasureSpan], view: &DeskView) {
    painter.rect_filled(rect, 0.0, Color32::from_gray(20));
    let end = vp.end_frame(f64::from(rect.width()));
    for span in spans {
        let (first, last) = (span.frames[0], span.frames[span.frames.len() - 1]);
        if (last as f64 + 1.0) < vp.first_frame || first as f64 > end {
            continue;
        }
        let selected = view.selection.measurement.as_ref() == Some(&span.id);
        let (colour, width) = if selected { (Color32::WHITE, 2.5) } else { (MEASURE_COLOUR, 1.5) };
        let row = sub_row(rect, span.row);
        let y = row.center().y;
        let stroke = Stroke::new(width, colour);
        painter.line_segment([Pos2::new(cell_x(rect, vp, first), y), Pos2::new(cell_x(rect, vp, last), y)], stroke);
        for frame in &span.frames {
            let x = cell_x(rect, vp, *frame);
            painter.line_segment([Pos2::new(x, row.top() + 2.0), Pos2::new(x, row.bottom() - 2.0)], stroke);
        }
    }
    if !pending_on(view, view.media_id) {
        return;
    }
    let row = sub_row(rect, 0);
    let y = row.center().y;
    let marks = view.measure.marks();
    let xs: Vec<f32> = marks.iter().map(|m| cell_x(rect, vp, m.at.frame)).collect();
    let dashed = Stroke::new(1.0, MEASURE_COLOUR);
    if let (Some(a), Some(b)) = (xs.first(), xs.last()) {
        painter.extend(Shape::dashed_line(&[Pos2::new(*a, y), Pos2::new(*b, y)], dashed, 4.0, 3.0));
    }
    for x in xs {
        let diamond = vec![Pos2::new(x, y - 5.0), Pos2::new(x + 4.0, y), Pos2::new(x, y + 5.0), Pos2::new(x - 4.0, y)];
        painter.add(Shape::convex_polygon(diamond, Color32::from_gray(20), Stroke::new(1.5, MEASURE_COLOUR)));
    }
}

/// The measurement whose line is nearest `pos` within the click tolerance.
pub fn measure_at<'a>(spans: &'a [MeasureSpan], rect: Rect, vp: &Viewport, pos: Pos2) -> Option<&'a MeasureSpan> {
    if !rect.contains(pos) {
        return None;
    }
    let row = ((pos.y - rect.top()) / MEASURE_ROW_PX) as usize;
    spans
        .iter()
        .filter(|s| s.row == row)
        .filter_map(|s| {
            let (a, b) = (cell_x(rect, vp, s.frames[0]), cell_x(rect, vp, s.frames[s.frames.len() - 1]));
            let outside = if pos.x < a { a - pos.x } else { (pos.x - b).max(0.0) };
            (outside <= HIT_PX).then_some((s, outside))
        })
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Case, FramePoint, MeasureMark, Measurement, MediaMarks, Visibility};
    use crate::desk::{ChangeLog, MeasureDraft, Selection};
    use crate::player::Timeline;

    fn measurement(id: &str, media: &str, frames: &[u64]) -> Measurement {
        let marks = frames
            .iter()
            .map(|f| MeasureMark { at: FramePoint { frame: *f, ..FramePoint::default() }, frame_interval_ticks: 1 })
            .collect();
        Measurement {
            id: MeasurementId::from(id),
            media: vec![MediaMarks { media_id: MediaId::from(media), marks }],
            ..Measurement::default()
        }
    }

    #[test]
    fn overlapping_measurements_get_their_own_sub_rows_and_other_media_none() {
        let mut case = Case::default();
        for m in [
            measurement("a", "m1", &[10, 40]),
            measurement("b", "m1", &[30, 60]),
            measurement("c", "m1", &[50, 70]),
            measurement("d", "m2", &[0, 5]),
        ] {
            case.measurements.insert(m.id.clone(), m);
        }
        let (media_id, timeline, selection) =
            (MediaId::from("m1"), Timeline::constant_rate(100, 30), Selection::default());
        let (changes, visibility, measure) = (ChangeLog::default(), Visibility::all(), MeasureDraft::default());
        let view = DeskView {
            case: &case,
            media_id: &media_id,
            revision: 1,
            selection: &selection,
            timeline: &timeline,
            current_frame: 0,
            open_intervals: &[],
            mark_in: None,
            mark_out: None,
            changes: &changes,
            visibility: &visibility,
            measure: &measure,
        };
        let spans = measure_spans(&view);
        let rows: Vec<(&str, usize)> = spans.iter().map(|s| (s.id.as_str(), s.row)).collect();
        assert_eq!(rows, [("a", 0), ("b", 1), ("c", 0)]);
        assert_eq!(row_count(&spans, false), 2);
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1000.0, 2.0 * MEASURE_ROW_PX));
        let vp = Viewport { first_frame: 0.0, px_per_frame: 10.0 };
        let hit = |x: f32, y: f32| measure_at(&spans, rect, &vp, Pos2::new(x, y)).map(|s| s.id.as_str());
        assert_eq!(hit(200.0, 7.0), Some("a"));
        assert_eq!(hit(200.0, 21.0), None, "b starts at frame 30");
        assert_eq!(hit(400.0, 21.0), Some("b"));
        assert_eq!(hit(460.0, 7.0), None, "between a and c");
    }
}
