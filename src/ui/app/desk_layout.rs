//! The desk's panels and windows around the video: timeline, events table with inspector, claims board, the
//! prompt after a new event, the taxonomy editor, the recovery prompt, the Measure window, and the question before
//! closing with unsaved edits.

use egui::{Panel, RichText};

use crate::desk::DeskCommand;
use crate::ui::app::commands::UiCommand;
use crate::ui::app::{ClaimFrameApp, OpenFile};
use crate::ui::panels::claims_board::claims_board_ui;
use crate::ui::panels::coverage_ui::coverage_ui;
use crate::ui::panels::events_table::events_table_ui;
use crate::ui::panels::inspector::{inspector_ui, InspectorExtras};
use crate::ui::panels::timeline::trim::trim_overlay_ui;
use crate::ui::panels::timeline::{timeline_ui, TimelineExtras};
use crate::ui::windows::measure_ui::measure_ui;
use crate::ui::windows::prompt_ui::{docked_prompt_ui, prompt_ui};
use crate::ui::windows::recovery_ui::recovery_ui;
use crate::ui::windows::taxonomy_ui::taxonomy_ui;

/// The panels' first and smallest sizes, in points: small enough that a 1280×720 screen leaves the picture most of
/// the window.
const TIMELINE_DEFAULT_PX: f32 = 190.0;
const TIMELINE_MIN_PX: f32 = 60.0;
const EVENTS_MIN_PX: f32 = 240.0;
const CLAIMS_MIN_PX: f32 = 180.0;
/// The events table's least height beside a docked prompt: its filters and a few rows stay in view (the prompt
/// scrolls).
const TABLE_WITH_PROMPT_MIN_PX: f32 = 220.0;

impl ClaimFrameApp {
    /// Timeline across the bottom, events table and inspector on the left, claims board on the right.
    pub(super) fn desk_panels_ui(&mut self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let Some(file) = self.file.as_mut() else { return out };
        let OpenFile { player, desk, thumbnails, desk_windows: windows, grid, timing, .. } = file;
        let Some(desk) = desk.as_ref() else { return out };
        let Some(timeline) = player.timeline() else { return out };
        if self.prefs.focus_picture {
            windows.prompt_docked = false;
            return out;
        }
        let frame = player.frame_on_screen();
        let view = desk.view(timeline, frame);
        let primary = view.selection.primary.clone();
        let same_moment = match (grid.as_mut(), primary) {
            (Some(grid), Some(event)) if self.prefs.show_events => {
                Some(grid.same_moment(desk.case(), &event, desk.revision(), Some(timeline)).to_vec())
            }
            _ => None,
        };
        let extras = InspectorExtras { same_moment: same_moment.as_deref() };
        // Each panel resizes (egui keeps its size) and collapses when dragged shut; a thin handle drags it back.
        let window = ui.max_rect();
        let background = player.background();
        let extras_timeline = TimelineExtras {
            waveform: background.waveform.as_deref(),
            thumbnails: thumbnails.as_ref(),
            timing: timing.report(),
        };
        Panel::bottom("timeline")
            .resizable(true)
            .default_size(TIMELINE_DEFAULT_PX)
            .size_range(TIMELINE_MIN_PX..=(window.height() * 0.6).max(TIMELINE_MIN_PX))
            .show_collapsible(ui, &mut self.prefs.show_timeline, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("timeline-scroll")
                    .scroll_source(egui::scroll_area::ScrollSource::SCROLL_BAR)
                    .show(ui, |ui| {
                        out.extend(timeline_ui(ui, &view, &extras_timeline, &mut windows.timeline));
                    });
            });
        let events_max = (window.width() * 0.5).max(EVENTS_MIN_PX);
        let panel = Panel::left("events")
            .resizable(true)
            .default_size((window.width() * 0.3).clamp(EVENTS_MIN_PX, 540.0))
            .size_range(EVENTS_MIN_PX..=events_max)
            .show_collapsible(ui, &mut self.prefs.show_events, |ui| {
                // Table above, inspector below, split by a handle the reviewer can drag.
                let total = ui.available_height();
                let mut table_height = (total * windows.table_share).clamp(120.0, (total - 100.0).max(120.0));
                // With the prompt docked below, the table gives it the room it took last frame.
                if desk.prompt().is_some() && windows.prompt_height_px > 0.0 {
                    table_height =
                        table_height.min(total - windows.prompt_height_px - 16.0).max(TABLE_WITH_PROMPT_MIN_PX);
                }
                let width = ui.available_width();
                ui.allocate_ui(egui::vec2(width, table_height), |ui| {
                    ui.set_min_height(table_height);
                    ui.set_max_height(table_height);
                    out.extend(events_table_ui(ui, &view, &mut windows.table));
                });
                let (handle, drag) = ui.allocate_exact_size(egui::vec2(width, 8.0), egui::Sense::drag());
                let stroke = if drag.hovered() || drag.dragged() {
                    ui.visuals().widgets.active.fg_stroke
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke
                };
                ui.painter().hline(handle.x_range(), handle.center().y, stroke);
                if drag.dragged() {
                    windows.table_share = ((table_height + drag.drag_delta().y) / total.max(1.0)).clamp(0.15, 0.9);
                }
                drag.on_hover_cursor(egui::CursorIcon::ResizeVertical);
                // The prompt after a new event sits above the inspector, covering nothing.
                if let Some(id) = desk.prompt().filter(|_| desk.recovery().is_none()) {
                    let (commands, height_px) = docked_prompt_ui(ui, &view, id, &mut windows.prompt);
                    out.extend(commands);
                    windows.prompt_height_px = height_px;
                }
                out.extend(inspector_ui(ui, &view, &mut windows.inspector, &extras));
            });
        windows.prompt_docked = panel.is_some();
        let claims_max = (window.width() * 0.4).max(CLAIMS_MIN_PX);
        Panel::right("claims")
            .resizable(true)
            .default_size((window.width() * 0.18).clamp(CLAIMS_MIN_PX, 340.0))
            .size_range(CLAIMS_MIN_PX..=claims_max)
            .show_collapsible(ui, &mut self.prefs.show_claims, |ui| {
                out.extend(claims_board_ui(ui, &view, &mut windows.board));
            });
        out
    }

    /// The wall-clock strip of a case with several cameras, above the event lanes.
    pub(super) fn coverage_panel_ui(&mut self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        if self.prefs.focus_picture {
            return out;
        }
        let Some(grid) = self.file.as_mut().and_then(|f| f.grid.as_mut()) else { return out };
        let segments = grid.coverage().to_vec();
        Panel::bottom("camera-coverage").resizable(false).show(ui, |ui| {
            out.extend(coverage_ui(ui, grid, &segments));
        });
        out
    }

    /// The prompt after a new event, the taxonomy editor, the recovery prompt, the Agreement view and the Measure
    /// window.
    pub(super) fn desk_windows_ui(&mut self, ctx: &egui::Context) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let picture = self.picture_area;
        let Some(file) = self.file.as_mut() else { return out };
        let OpenFile { player, desk, desk_windows: windows, .. } = file;
        let Some(desk) = desk.as_ref() else { return out };
        let Some(timeline) = player.timeline() else { return out };
        let frame = player.frame_on_screen();
        if let (Some(trim), Some(picture)) = (windows.timeline.trim_preview(), picture) {
            trim_overlay_ui(ctx, picture, &trim, player.shown_frame());
        }
        if let Some(recovery) = desk.recovery() {
            out.extend(recovery_ui(ctx, recovery, &desk.file_name().display().to_string()));
            return out;
        }
        let view = desk.view(timeline, frame);
        if let Some(id) = desk.prompt().filter(|_| !windows.prompt_docked) {
            out.extend(prompt_ui(ctx, &view, id, &mut windows.prompt));
        }
        if windows.taxonomy.open {
            out.extend(taxonomy_ui(ctx, &view, &mut windows.taxonomy));
        }
        if windows.agreement.open {
            out.extend(crate::ui::windows::agreement_ui::agreement_ui(ctx, &view, &mut windows.agreement));
        }
        if windows.measure_open {
            out.extend(measure_ui(ctx, &view, &self.prefs.reviewer));
        }
        out
    }

    /// Closing with unsaved edits asks first; closing while a save is being written waits for it (then asks only
    /// if edits made meanwhile are still unsaved). The edits are safe in the journal either way.
    pub(super) fn close_question_ui(&mut self, ctx: &egui::Context) -> Vec<UiCommand> {
        let saving = self.desk().is_some_and(|d| d.is_saving());
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && (saving || self.close_after_save) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.close_after_save = true;
        }
        let unsaved = self.desk().map_or(0, |d| d.unsaved_edits());
        if self.close_after_save && !saving {
            self.close_after_save = false;
            if unsaved == 0 {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                self.close_question = true;
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) && unsaved > 0 && !self.allow_close && !saving {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.close_question = true;
        }
        if !self.close_question {
            return Vec::new();
        }
        enum Answer {
            SaveAndClose,
            Close,
            Cancel,
        }
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("close-question")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Save the case before closing?");
            ui.label(format!(
                "{unsaved} edit(s) are not in the case file yet. They are kept in its journal and will be offered \
                 again the next time the case is opened."
            ));
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Save and close").strong()).clicked() {
                    answer = Some(Answer::SaveAndClose);
                }
                if ui.button("Close without saving").clicked() {
                    answer = Some(Answer::Close);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        match answer {
            Some(Answer::SaveAndClose) => {
                self.apply_desk(DeskCommand::Save);
                self.close_question = false;
                // The window closes once the save is written (and asks again if it failed).
                self.close_after_save = self.desk().is_some_and(|d| d.is_saving());
            }
            Some(Answer::Close) => {
                self.close_question = false;
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(Answer::Cancel) => self.close_question = false,
            None => {}
        }
        Vec::new()
    }
}
