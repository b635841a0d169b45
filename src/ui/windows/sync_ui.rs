//! The sync panel: every camera's clock map in words (formula, origin ± uncertainty with its source and method,
//! drift, who set it and when, residuals), with the nudges (±1 frame, ±1 ms, while paused) and the syncs the window
//! can ask for against the focused camera: by sound, by creation time, or by sync points marked here (the frame a
//! camera shows paired with the focused camera's frame). A worked-out map is shown first, above the cameras, until
//! it is applied or let go.

use egui::RichText;

use crate::player::multicam::{MultiCamCommand, Nudge};
use crate::ui::app::camera_grid::CameraGrid;
use crate::ui::app::commands::{SyncCommand, UiCommand, WindowCommand};

/// The panel, when it is open; `paused` enables the nudges.
pub fn sync_ui(ctx: &egui::Context, grid: &CameraGrid, paused: bool) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if !grid.sync_open {
        return out;
    }
    let mut open = true;
    let focused = grid.views.focused();
    egui::Window::new("Cameras and their clocks").open(&mut open).default_width(620.0).vscroll(true).show(ctx, |ui| {
        ui.label(
            RichText::new(format!(
                "Every view shows its latest frame at or before the wall clock. Syncs here are against the focused camera, {}.",
                grid.name(focused)
            ))
            .weak(),
        );
        if let Some(task) = &grid.sync_task {
            ui.separator();
            match &task.result {
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Working out the clock map of {} by {}…", task.media, task.what));
                    });
                }
                Some(Ok(proposal)) => {
                    ui.label(RichText::new(format!("Proposed clock map of {} by {}:", task.media, task.what)).strong());
                    for line in proposal.report.lines() {
                        ui.label(RichText::new(line).monospace().size(11.0));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Apply (audited edit)").clicked() {
                            out.push(UiCommand::Window(WindowCommand::Sync(SyncCommand::Apply)));
                        }
                        if ui.button("Discard").clicked() {
                            out.push(UiCommand::Window(WindowCommand::Sync(SyncCommand::Discard)));
                        }
                    });
                }
                Some(Err(words)) => {
                    ui.label(RichText::new(format!("Not synced: {words}")).color(ui.visuals().error_fg_color));
                    if ui.button("Dismiss").clicked() {
                        out.push(UiCommand::Window(WindowCommand::Sync(SyncCommand::Discard)));
                    }
                }
            }
        }
        for index in 0..grid.views.len() {
            ui.separator();
            let camera = &grid.views.cameras()[index];
            let title = format!("Alt+{}  {}{}", index + 1, grid.name(index), if index == focused { " (focused)" } else { "" });
            ui.label(RichText::new(title).strong());
            match camera.media.wall_clock.as_ref().filter(|m| m.origin_micros().is_some()) {
                Some(map) => {
                    for line in map.describe_lines() {
                        ui.label(RichText::new(line).monospace().size(11.0));
                    }
                }
                None => {
                    ui.label(RichText::new("No clock map: this camera's frames belong to no wall-clock time yet.").color(ui.visuals().warn_fg_color));
                }
            }
            ui.horizontal_wrapped(|ui| {
                for (words, by) in [
                    ("−1 frame", Nudge::Frames(-1)),
                    ("+1 frame", Nudge::Frames(1)),
                    ("−1 ms", Nudge::Millis(-1)),
                    ("+1 ms", Nudge::Millis(1)),
                ] {
                    let button = ui.add_enabled(paused, egui::Button::new(words)).on_disabled_hover_text("Pause to nudge");
                    if button.on_hover_text("Move this camera's clock (an audited edit)").clicked() {
                        out.push(UiCommand::Cameras(MultiCamCommand::Nudge { camera: index, by }));
                    }
                }
                let sync = |c: SyncCommand| UiCommand::Window(WindowCommand::Sync(c));
                let idle = grid.sync_task.is_none();
                if index != focused {
                    if ui.add_enabled(idle, egui::Button::new("Sync by sound")).on_hover_text("Cross-correlate this camera's sound with the focused camera's: offset and drift").clicked() {
                        out.push(sync(SyncCommand::ByAudio(index)));
                    }
                    if ui.button("Mark sync point").on_hover_text("The frame this camera shows and the focused camera's frame are the same moment").clicked() {
                        out.push(sync(SyncCommand::MarkPoint(index)));
                    }
                    let marked = grid.points.media.as_ref() == grid.ids.get(index) && !grid.points.points.is_empty();
                    if marked && ui.add_enabled(idle, egui::Button::new(format!("Fit {} point(s)", grid.points.points.len()))).clicked() {
                        out.push(sync(SyncCommand::ByPoints(index)));
                    }
                }
                if ui.add_enabled(idle, egui::Button::new("From creation time")).on_hover_text("The container's creation time, to the second").clicked() {
                    out.push(sync(SyncCommand::ByMetadata(index)));
                }
            });
            if grid.points.media.as_ref() == grid.ids.get(index) {
                for p in &grid.points.points {
                    ui.label(RichText::new(format!("point: this camera's frame {} = frame {} of the focused camera", p.media_frame, p.reference_frame)).monospace().size(11.0));
                }
                if !grid.points.points.is_empty() && ui.small_button("Clear points").clicked() {
                    out.push(UiCommand::Window(WindowCommand::Sync(SyncCommand::ClearPoints)));
                }
            }
        }
    });
    if !open {
        out.push(UiCommand::Window(WindowCommand::ToggleSyncPanel));
    }
    out
}
