//! Painting the timeline's rows: ruler and its timing marks, thumbnails, waveform, keyframes, measurements, the
//! event lanes with the selection and an event being dragged, the in/out marks, the playhead and the scroll bar.

use egui::{Color32, CursorIcon, Pos2, Rect, Stroke};

use super::drag::{self, Drag, DragMode};
use super::measures_ui::{self, MEASURE_ROW_PX};
use super::zoom::Viewport;
use super::{lanes_ui, ruler, scrollbar, strip, Rows, TimelineExtras, TimelineState};
use crate::desk::DeskView;

pub(super) fn paint(
    ui: &egui::Ui,
    view: &DeskView,
    extras: &TimelineExtras,
    state: &mut TimelineState,
    rows: &Rows,
    vp: &Viewport,
) {
    let painter = ui.painter_at(rows.content.union(rows.header));
    let content_painter = ui.painter_at(rows.content);
    let Some(file) = state.file.as_ref() else { return };
    ruler::ruler_ui(&content_painter, rows.ruler, vp, view.timeline, file.mean_secs_per_frame);
    if let Some(report) = extras.timing {
        ruler::timing_marks_ui(&content_painter, rows.ruler, vp, report);
    }
    if let (Some(r), Some(worker)) = (rows.thumbs, extras.thumbnails) {
        let waiting = strip::thumbnails_ui(ui, r, vp, &file.keyframes, file.frame_count, worker, &mut state.thumbs);
        if waiting {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
    let loudest = extras.waveform.map(|w| match state.loudest {
        Some((ptr, len, l)) if ptr == w.columns.as_ptr() as usize && len == w.columns.len() => l,
        _ => {
            let l = strip::loudest(w);
            state.loudest = Some((w.columns.as_ptr() as usize, w.columns.len(), l));
            l
        }
    });
    strip::waveform_ui(&content_painter, rows.wave, vp, view.timeline, extras.waveform, loudest.unwrap_or(1.0));
    strip::keyframes_ui(&content_painter, rows.keys, vp, &file.keyframes);
    if rows.measures.height() > 0.0 {
        measures_ui::measures_ui(&content_painter, rows.measures, vp, state.measure_spans(), view);
        let header =
            Rect::from_min_max(Pos2::new(rows.header.left(), rows.measures.top()), rows.measures.left_bottom());
        painter.rect_filled(header, 0.0, Color32::from_gray(28));
        let first_row = Rect::from_min_size(header.min, egui::vec2(header.width(), MEASURE_ROW_PX));
        lanes_ui::header_row_ui(&painter, first_row, "Measurements", crate::ui::style::MEASURE_COLOUR);
    }

    let Some((_, _, lanes)) = state.lanes.as_ref() else { return };
    lanes_ui::headers_ui(&painter, rows.header, lanes);
    let hidden = match &state.drag {
        Some(Drag::Event { id, .. }) => Some(id),
        _ => None,
    };
    lanes_ui::events_ui(&content_painter, rows.lanes, vp, lanes, hidden, &mut state.marks);
    lanes_ui::selection_ui(&content_painter, rows.lanes, vp, lanes, view);
    lanes_ui::open_intervals_ui(&content_painter, rows.lanes, vp, lanes, view);
    if let Some(Drag::Event { lane, mode, origin_x, start, end, .. }) = &state.drag {
        let x = state.drag_x.unwrap_or(*origin_x);
        let delta = drag::frames_moved(f64::from(x - origin_x), vp.px_per_frame);
        let after = drag::dragged_frames(*mode, *start, *end, delta, view.timeline.last_frame() as u64);
        let fill = lanes.lane(*lane).map_or(Color32::GRAY, |l| crate::ui::style::rgb_colour(l.colour));
        lanes_ui::preview_ui(&content_painter, lanes_ui::lane_row(rows.lanes, *lane), vp, fill, after);
        ui.ctx().set_cursor_icon(if *mode == DragMode::Move {
            CursorIcon::Grabbing
        } else {
            CursorIcon::ResizeHorizontal
        });
    }
    marks_ui(&content_painter, rows, vp, view);
    playhead_ui(&content_painter, rows, vp, view.current_frame);
    let thumb_held = matches!(state.drag, Some(Drag::Thumb { .. }));
    scrollbar::scrollbar_ui(&content_painter, rows.scroll, vp, view.timeline.frame_count(), thumb_held);
}

/// In/out marks: the span between them shaded across every row (out inclusive), or a line for a lone mark.
fn marks_ui(painter: &egui::Painter, rows: &Rows, vp: &Viewport, view: &DeskView) {
    let x = |f: usize| rows.content.left() + vp.x_of(f as f64) as f32;
    let (top, bottom) = (rows.ruler.top(), rows.lanes.bottom());
    let shade = Color32::from_rgba_unmultiplied(90, 140, 255, 40);
    let edge = Stroke::new(1.0, Color32::from_rgb(110, 160, 255));
    match (view.mark_in, view.mark_out) {
        (Some(a), Some(b)) => {
            let (a, b) = (a.min(b), a.max(b));
            let r = Rect::from_min_max(Pos2::new(x(a), top), Pos2::new(x(b + 1), bottom));
            painter.rect_filled(r, 0.0, shade);
            painter.line_segment([r.left_top(), r.left_bottom()], edge);
            painter.line_segment([r.right_top(), r.right_bottom()], edge);
        }
        (Some(a), None) => {
            painter.line_segment([Pos2::new(x(a), top), Pos2::new(x(a), bottom)], edge);
        }
        (None, Some(b)) => {
            painter.line_segment([Pos2::new(x(b + 1), top), Pos2::new(x(b + 1), bottom)], edge);
        }
        (None, None) => {}
    }
}

/// The playhead: a line at the start of the current frame's cell, the cell itself tinted when it is wide.
fn playhead_ui(painter: &egui::Painter, rows: &Rows, vp: &Viewport, frame: usize) {
    let x = rows.content.left() + vp.x_of(frame as f64) as f32;
    let colour = Color32::from_rgb(250, 200, 60);
    let (top, bottom) = (rows.ruler.top(), rows.lanes.bottom());
    if vp.px_per_frame >= 3.0 {
        let w = vp.px_per_frame as f32;
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(x, top), Pos2::new(x + w, bottom)),
            0.0,
            colour.gamma_multiply(0.15),
        );
    }
    painter.line_segment([Pos2::new(x, top), Pos2::new(x, bottom)], Stroke::new(1.5, colour));
    let head = vec![Pos2::new(x - 5.0, top), Pos2::new(x + 5.0, top), Pos2::new(x, top + 7.0)];
    painter.add(egui::Shape::convex_polygon(head, colour, Stroke::NONE));
}
