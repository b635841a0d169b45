//! Drawing the lanes: a header per event type (colour and name), then what [`EventLanes::spans`] says is visible
//! — bars for intervals (end frame inclusive), markers for points, clusters with a count badge where events share
//! pixels (see `clusters`) — plus the selection, the intervals still open (growing to the playhead) and a drag's
//! preview.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind};

use super::clusters::{self, Cluster, Mark};
use super::zoom::Viewport;
use crate::case::lanes::{EventLanes, LaneSpan};
use crate::case::EventId;
use crate::desk::DeskView;
use crate::ui::style::rgb_colour as colour;

pub const LANE_PX: f32 = 18.0;
pub const HEADER_PX: f32 = 150.0;
/// Beyond this many selected events, only those drawn on their own show as selected.
const MAX_SELECTION_OVERLAY: usize = 512;

/// The rows of lane `lane` inside `lanes_rect`.
pub fn lane_row(lanes_rect: Rect, lane: usize) -> Rect {
    let top = lanes_rect.top() + lane as f32 * LANE_PX;
    Rect::from_min_max(Pos2::new(lanes_rect.left(), top), Pos2::new(lanes_rect.right(), top + LANE_PX))
}

/// The lane at screen height `y`, if any.
pub fn lane_at(lanes_rect: Rect, lane_count: usize, y: f32) -> Option<usize> {
    if y < lanes_rect.top() || y >= lanes_rect.bottom() {
        return None;
    }
    let lane = ((y - lanes_rect.top()) / LANE_PX) as usize;
    (lane < lane_count).then_some(lane)
}

/// Where an event of frames `start..=end` is drawn in `row`: intervals cover their cells, points their one cell,
/// at least 3 px wide so they can be seen and grabbed at any zoom.
pub fn event_rect(row: Rect, view: &Viewport, start: u64, end: u64) -> Rect {
    let x0 = row.left() + view.x_of(start as f64) as f32;
    let x1 = row.left() + view.x_of(end as f64 + 1.0) as f32;
    let (x0, x1) = if x1 - x0 < 3.0 {
        let c = (x0 + x1) * 0.5;
        (c - 1.5, c + 1.5)
    } else {
        (x0, x1)
    };
    Rect::from_min_max(Pos2::new(x0, row.top() + 3.0), Pos2::new(x1, row.bottom() - 3.0))
}

pub fn headers_ui(painter: &Painter, rect: Rect, lanes: &EventLanes) {
    painter.rect_filled(rect, 0.0, Color32::from_gray(28));
    for (i, lane) in lanes.lanes().iter().enumerate() {
        header_row_ui(painter, lane_row(rect, i), &lane.name, colour(lane.colour));
    }
}

/// One row's header: a swatch of `swatch_colour` and `name`, clipped to `row`.
pub fn header_row_ui(painter: &Painter, row: Rect, name: &str, swatch_colour: Color32) {
    let inset = ((row.height() - 10.0) / 2.0).max(2.0);
    let swatch = Rect::from_min_size(
        Pos2::new(row.left() + 4.0, row.top() + inset),
        egui::vec2(10.0, row.height() - 2.0 * inset),
    );
    painter.rect_filled(swatch, 2.0, swatch_colour);
    painter.with_clip_rect(row).text(
        Pos2::new(swatch.right() + 6.0, row.center().y),
        Align2::LEFT_CENTER,
        name,
        FontId::proportional(12.0),
        Color32::from_gray(220),
    );
}

/// Reusable buffers for drawing the lanes, and the clusters as last drawn (for hovering and clicking).
#[derive(Default)]
pub struct LaneMarks {
    spans: Vec<LaneSpan>,
    marks: Vec<Mark>,
    pub clusters: Vec<Cluster>,
    /// Events accounted for in the last draw: those drawn on their own plus every cluster's count.
    pub events_drawn: usize,
}

/// The lanes' events in view: each on its own, or clustered with a count badge where they share pixels. `hidden`
/// is an event being dragged (its preview is drawn instead).
pub fn events_ui(
    painter: &Painter,
    rect: Rect,
    view: &Viewport,
    lanes: &EventLanes,
    hidden: Option<&EventId>,
    buffers: &mut LaneMarks,
) {
    let width = rect.width().max(0.0) as usize;
    buffers.clusters.clear();
    buffers.events_drawn = 0;
    for (i, lane) in lanes.lanes().iter().enumerate() {
        let row = lane_row(rect, i);
        painter.rect_filled(
            row.shrink2(egui::vec2(0.0, 0.5)),
            0.0,
            if i % 2 == 0 { Color32::from_gray(22) } else { Color32::from_gray(26) },
        );
        let fill = colour(lane.colour);
        lanes.spans(i, view.first_frame, view.frames_per_px(), width, &mut buffers.spans);
        clusters::marks(i, lane, &buffers.spans, row, view, hidden, &mut buffers.marks);
        let mut last_badge_right = f32::NEG_INFINITY;
        for mark in buffers.marks.drain(..) {
            match mark {
                Mark::One(index, r) => {
                    let Some(e) = lane.event(index) else { continue };
                    buffers.events_drawn += 1;
                    painter.rect_filled(r, if e.is_interval { 2.0 } else { 0.0 }, fill);
                    if !e.is_interval {
                        painter.rect_stroke(r, 0.0, Stroke::new(1.0, Color32::from_gray(240)), StrokeKind::Inside);
                    }
                }
                Mark::Cluster(mut c) => {
                    buffers.events_drawn += c.count;
                    clusters::cluster_ui(painter, row, &mut c, fill, &mut last_badge_right);
                    buffers.clusters.push(c);
                }
            }
        }
    }
}

/// Outlines the selected events in view (looked up by id, not by scanning the lanes).
pub fn selection_ui(painter: &Painter, rect: Rect, view: &Viewport, lanes: &EventLanes, desk: &DeskView) {
    if desk.selection.events.len() > MAX_SELECTION_OVERLAY {
        return;
    }
    let end_pos = view.end_frame(f64::from(rect.width()));
    for id in &desk.selection.events {
        let Some(e) = desk.case.events.get(id).filter(|e| e.media_id == *desk.media_id) else { continue };
        let (s, end) = (e.start.frame, e.end.map_or(e.start.frame, |p| p.frame.max(e.start.frame)));
        if (end as f64 + 1.0) <= view.first_frame || s as f64 >= end_pos {
            continue;
        }
        let Some(lane) = lanes.lane_for(e) else { continue };
        let r = event_rect(lane_row(rect, lane), view, s, end).expand(2.0);
        let width = if desk.selection.primary.as_ref() == Some(id) { 2.5 } else { 1.5 };
        painter.rect_stroke(r, 2.0, Stroke::new(width, Color32::WHITE), StrokeKind::Outside);
    }
}

/// Intervals started with a hotkey and not yet closed: outlined and striped from their start to the playhead.
pub fn open_intervals_ui(painter: &Painter, rect: Rect, view: &Viewport, lanes: &EventLanes, desk: &DeskView) {
    for open in desk.open_intervals {
        let Some(lane) = lanes.lane_of(&open.type_id) else { continue };
        let (a, b) = (open.start.frame, desk.current_frame as u64);
        let r = event_rect(lane_row(rect, lane), view, a.min(b), a.max(b));
        let c = lanes.lane(lane).map_or(Color32::GRAY, |l| colour(l.colour));
        let clipped = r.intersect(rect);
        painter.rect_filled(clipped, 0.0, c.gamma_multiply(0.25));
        let stripes = painter.with_clip_rect(clipped);
        let mut x = clipped.left() - clipped.left().rem_euclid(8.0);
        while x < clipped.right() + r.height() {
            stripes.line_segment([Pos2::new(x, r.bottom()), Pos2::new(x + r.height(), r.top())], Stroke::new(1.5, c));
            x += 8.0;
        }
        painter.rect_stroke(r, 0.0, Stroke::new(1.5, c), StrokeKind::Inside);
    }
}

/// A dragged event at its would-be frames.
pub fn preview_ui(painter: &Painter, row: Rect, view: &Viewport, fill: Color32, frames: (u64, u64)) {
    let r = event_rect(row, view, frames.0, frames.1);
    painter.rect_filled(r, 2.0, fill.gamma_multiply(0.8));
    painter.rect_stroke(r.expand(1.0), 2.0, Stroke::new(2.0, Color32::from_rgb(255, 230, 120)), StrokeKind::Outside);
}
