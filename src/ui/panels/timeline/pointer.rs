//! The pointer over the timeline: what is under it, dragging events, their edges, the view and the scroll bar's
//! thumb, clicks that select, pick from a cluster or seek, and the tooltip and cursor over what it hovers.

use egui::{CursorIcon, Pos2, Rect};

use super::clusters::{self, Pick};
use super::drag::{self, Drag, DragMode};
use super::trim::{Edge, TrimPreview};
use super::zoom::Viewport;
use super::{lanes_ui, measures_ui, ruler, scrollbar, Rows, TimelineState, HIT_TOLERANCE_PX};
use crate::desk::{DeskCommand, DeskView};
use crate::media::timing::TimingReport;
use crate::player::PlayerCommand;
use crate::ui::app::commands::UiCommand;

/// The event under `pos` in the lanes: (lane, event index, its drawn rect).
pub(super) fn event_at(
    state: &TimelineState,
    rows: &Rows,
    vp: &Viewport,
    pos: Pos2,
) -> Option<(usize, crate::case::lanes::LaneEvent, Rect)> {
    let lanes = state.lanes()?;
    let lane = lanes_ui::lane_at(rows.lanes, rows.lane_count, pos.y)?;
    let at = vp.pos_at(f64::from(pos.x - rows.content.left()));
    let e = lanes.hit(lane, at, HIT_TOLERANCE_PX / vp.px_per_frame)?;
    let r = lanes_ui::event_rect(lanes_ui::lane_row(rows.lanes, lane), vp, e.start_frame, e.end_frame);
    Some((lane, e.clone(), r))
}

pub(super) fn handle_pointer(
    ui: &egui::Ui,
    response: &egui::Response,
    view: &DeskView,
    state: &mut TimelineState,
    rows: &Rows,
    vp: &mut Viewport,
    out: &mut Vec<UiCommand>,
) {
    let frame_count = view.timeline.frame_count();
    let width_px = f64::from(rows.content.width().max(1.0));
    if response.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin()).or(response.interact_pointer_pos());
        let grabbed_view = *vp;
        let on_thumb = |p: Pos2| {
            rows.scroll.contains(p)
                && scrollbar::on_thumb(&grabbed_view, frame_count, width_px, f64::from(p.x - rows.content.left()))
        };
        // The track beside the thumb takes clicks (paging), not drags.
        let grabbable = |p: &Pos2| p.x >= rows.content.left() && (!rows.scroll.contains(*p) || on_thumb(*p));
        // A drag from a cluster pans: it would otherwise move whichever of its events happens to be on top.
        let on_cluster = |p: Pos2| clusters::cluster_at(state.clusters(), p).is_some();
        state.drag = origin.filter(grabbable).map(|p| match event_at(state, rows, &grabbed_view, p) {
            _ if on_thumb(p) => Drag::Thumb { origin_x: p.x, first_frame: grabbed_view.first_frame },
            _ if on_cluster(p) => Drag::Pan { origin_x: p.x, first_frame: grabbed_view.first_frame },
            Some((lane, e, r)) => Drag::Event {
                mode: drag::mode_at(f64::from(p.x), f64::from(r.left()), f64::from(r.right()), e.is_interval),
                id: e.id,
                lane,
                origin_x: p.x,
                start: e.start_frame,
                end: e.end_frame,
                is_interval: e.is_interval,
            },
            None => Drag::Pan { origin_x: p.x, first_frame: grabbed_view.first_frame },
        });
    }
    // Esc cancels a drag; egui lets go of the drag on Esc itself, so a drag that stops with the button still held
    // is one cancelled too (the key may have been taken by then).
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let let_go_while_held = response.drag_stopped() && ui.input(|i| i.pointer.primary_down());
    if (escape || let_go_while_held) && state.drag.is_some() {
        state.drag = None;
        if let Some(trim) = state.trim.take() {
            out.push(UiCommand::Player(PlayerCommand::GoToFrame(trim.back_to)));
        }
    }
    if state.drag.is_none() {
        state.drag_x = None;
        state.trim = None;
    } else if let Some(p) = response.interact_pointer_pos() {
        state.drag_x = Some(p.x);
    }
    let pointer_x = state.drag_x;
    // An edge being dragged: the player follows it, frame by frame.
    if let (Some(Drag::Event { mode, origin_x, start, end, .. }), Some(x)) = (&state.drag, pointer_x) {
        if let Some(edge) = Edge::of(*mode) {
            let delta = drag::frames_moved(f64::from(x - origin_x), vp.px_per_frame);
            let after = drag::dragged_frames(*mode, *start, *end, delta, view.timeline.last_frame() as u64);
            let frame = usize::try_from(if edge == Edge::Start { after.0 } else { after.1 }).unwrap_or(usize::MAX);
            let (trim, send) = TrimPreview::follow(state.trim, edge, frame, view.current_frame);
            if send {
                out.push(UiCommand::Player(PlayerCommand::GoToFrame(frame)));
            }
            state.trim = Some(trim);
        }
    }
    if let (Some(Drag::Pan { origin_x, first_frame }), Some(x)) = (&state.drag, pointer_x) {
        let moved =
            Viewport { first_frame: *first_frame, ..*vp }.scrolled(f64::from(x - origin_x), frame_count, width_px);
        *vp = moved;
        state.user_moved_view_at = ui.input(|i| i.time);
    }
    if let (Some(Drag::Thumb { origin_x, first_frame }), Some(x)) = (&state.drag, pointer_x) {
        *vp = scrollbar::dragged(*vp, *first_frame, f64::from(x - origin_x), frame_count, width_px);
        state.user_moved_view_at = ui.input(|i| i.time);
    }
    if response.drag_stopped() {
        if let (Some(Drag::Event { id, mode, origin_x, start, end, .. }), Some(x)) = (state.drag.take(), pointer_x) {
            let delta = drag::frames_moved(f64::from(x - origin_x), vp.px_per_frame);
            let after = drag::dragged_frames(mode, start, end, delta, view.timeline.last_frame() as u64);
            if let Some(edit) = drag::finish_edit(view.case, view.timeline, &id, mode, (start, end), after) {
                out.push(UiCommand::Desk(DeskCommand::Edit(edit)));
            }
        }
        // The playhead stays on the edge's frame.
        state.drag = None;
        state.trim = None;
    }
    if response.clicked() {
        let Some(p) = response.interact_pointer_pos().filter(|p| p.x >= rows.content.left()) else { return };
        if rows.scroll.contains(p) {
            *vp = scrollbar::paged(*vp, f64::from(p.x - rows.content.left()), frame_count, width_px);
            state.user_moved_view_at = ui.input(|i| i.time);
            return;
        }
        let cluster = clusters::cluster_at(state.clusters(), p);
        if let (Some(c), Some(lanes)) = (cluster, state.lanes()) {
            state.pick = lanes.lane(c.lane).map(|lane| Pick::of(c, lane, p));
            return;
        }
        if let Some(span) = measures_ui::measure_at(state.measure_spans(), rows.measures, vp, p) {
            out.push(UiCommand::Desk(DeskCommand::SelectMeasurement(Some(span.id.clone()))));
            out.push(UiCommand::Player(PlayerCommand::GoToFrame(span.frames[0] as usize)));
            return;
        }
        match event_at(state, rows, vp, p) {
            Some((_, e, _)) if ui.input(|i| i.modifiers.command) => {
                out.push(UiCommand::Desk(DeskCommand::ToggleEvent(e.id)))
            }
            Some((_, e, _)) => {
                out.push(UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![e.id.clone()], primary: Some(e.id) }));
                out.push(UiCommand::Player(PlayerCommand::GoToFrame(e.start_frame as usize)));
            }
            None => {
                let frame = vp.frame_at(f64::from(p.x - rows.content.left()), frame_count);
                out.push(UiCommand::Player(PlayerCommand::GoToFrame(frame)));
            }
        }
    }
}

pub(super) fn hover_ui(
    ui: &egui::Ui,
    response: &egui::Response,
    view: &DeskView,
    state: &TimelineState,
    rows: &Rows,
    vp: &Viewport,
    timing: Option<&TimingReport>,
) {
    if state.drag.is_some() {
        return;
    }
    let Some(pos) = response.hover_pos() else { return };
    let finding =
        timing.filter(|_| rows.ruler.contains(pos)).and_then(|r| ruler::timing_mark_at(vp, rows.ruler, r, pos.x));
    if let Some(words) = finding {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(words);
        });
        return;
    }
    if let Some(span) = measures_ui::measure_at(state.measure_spans(), rows.measures, vp, pos) {
        let frames: Vec<String> = span.frames.iter().map(u64::to_string).collect();
        let note = view.case.measurements.get(&span.id).map(|m| m.note.clone()).unwrap_or_default();
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(format!("Measurement {}", span.id));
            ui.label(format!("frames {}", frames.join(", ")));
            if !note.is_empty() {
                ui.label(note);
            }
            ui.weak("Click to show it in the inspector");
        });
        return;
    }
    let cluster = clusters::cluster_at(state.clusters(), pos);
    if let Some((c, lane)) = cluster.and_then(|c| Some((c, state.lanes()?.lane(c.lane)?))) {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        response.clone().on_hover_ui_at_pointer(|ui| clusters::hover_list_ui(ui, c, lane, view.case));
        return;
    }
    let Some((lane, e, r)) = event_at(state, rows, vp, pos) else { return };
    let mode = drag::mode_at(f64::from(pos.x), f64::from(r.left()), f64::from(r.right()), e.is_interval);
    ui.ctx().set_cursor_icon(if mode == DragMode::Move { CursorIcon::Grab } else { CursorIcon::ResizeHorizontal });
    let type_name = state.lanes().and_then(|l| l.lane(lane)).map_or_else(String::new, |l| l.name.clone());
    let secs = |f: u64| ruler::hms(view.timeline.secs_of(usize::try_from(f).unwrap_or(usize::MAX)), true);
    let frames = if e.is_interval {
        format!(
            "frames {}–{} ({} frames)\n{} – {}",
            e.start_frame,
            e.end_frame,
            e.end_frame - e.start_frame + 1,
            secs(e.start_frame),
            secs(e.end_frame)
        )
    } else {
        format!("frame {}\n{}", e.start_frame, secs(e.start_frame))
    };
    let note = view.case.events.get(&e.id).map(|ev| ev.note.clone()).unwrap_or_default();
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.strong(type_name);
        ui.label(frames);
        if !note.is_empty() {
            ui.label(note);
        }
    });
}
