//! Where everything sits: the menu bar and the desk's notices on top, the status line and the timeline across the
//! bottom, the events table and inspector on the left, the claims board on the right, and the video with its
//! transport in the centre. Side and bottom panels are resizable (egui remembers their sizes) and can be hidden.

use egui::{Panel, RichText};

use crate::desk::DeskCommand;
use crate::player::{Opening, Player};
use crate::ui::app::commands::{PanelId, UiCommand, WindowCommand};
use crate::ui::app::prefs::Prefs;
use crate::ui::app::{ClaimFrameApp, OpenFile};
use crate::ui::player::grid_ui::grid_ui;
use crate::ui::player::info_ui::info_ui;
use crate::ui::player::info_ui::WallClock;
use crate::ui::player::status_ui::{status_ui, StatusView};
use crate::ui::player::transport_ui::{seek_bar_ui, transport_ui, TransportView};
use crate::ui::player::video_view::video_ui;
use crate::ui::player::waveform_ui::waveform_ui;

impl ClaimFrameApp {
    pub(super) fn menu_ui(&self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let file = self.file.as_ref();
        let desk = self.desk();
        Panel::top("menu").show(ui, |ui| {
            // On a narrow window the menu wraps to a second row rather than cut off the save state.
            ui.horizontal_wrapped(|ui| {
                if ui.button("Open…").on_hover_text("Ctrl+O, or drop a file on the window").clicked() {
                    out.push(UiCommand::Window(WindowCommand::OpenDialog));
                }
                if let Some(file) = file {
                    out.extend(view_menu_ui(ui, &self.prefs, file, desk.is_some()));
                }
                ui.menu_button("Recent", |ui| {
                    if self.prefs.recent_files.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.prefs.recent_files {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(UiCommand::Window(WindowCommand::Open(path.clone())));
                        }
                    }
                });
                if file.is_some_and(|s| s.player.timeline().is_some()) {
                    let hint = "Ctrl+T: frame intervals over time, declared and measured rate, gaps, duplicate frames";
                    if ui.button("Timing…").on_hover_text(hint).clicked() {
                        out.push(UiCommand::Window(WindowCommand::ShowTiming));
                    }
                }
                if desk.is_none() && file.is_some_and(|s| s.player.timeline().is_some()) {
                    let hint = "Start a case for this video (default event types; the video's SHA-256 is recorded), then code it";
                    if ui.button("New case…").on_hover_text(hint).clicked() {
                        out.push(UiCommand::Window(WindowCommand::NewCaseDialog));
                    }
                }
                if let Some(desk) = desk {
                    let unsaved = desk.unsaved_edits();
                    let save = ui.add_enabled(unsaved > 0, egui::Button::new("Save"));
                    if save.on_hover_text("Ctrl+S (every edit is already in the journal; saving writes the case file)").clicked() {
                        out.push(UiCommand::Desk(DeskCommand::Save));
                    }
                    if ui.add_enabled(desk.can_undo(), egui::Button::new("Undo")).on_hover_text("Ctrl+Z").clicked() {
                        out.push(UiCommand::Desk(DeskCommand::Undo));
                    }
                    if ui.add_enabled(desk.can_redo(), egui::Button::new("Redo")).on_hover_text("Ctrl+Shift+Z or Ctrl+Y").clicked() {
                        out.push(UiCommand::Desk(DeskCommand::Redo));
                    }
                    if ui.button("Event types…").on_hover_text("Names, hotkeys, colours and modifiers").clicked() {
                        out.push(UiCommand::Window(WindowCommand::ShowTaxonomy));
                    }
                    if ui.button("Export…").on_hover_text("Ctrl+E: timelines, ELAN, OTIO, stills, HTML/PDF exhibit reports").clicked() {
                        out.push(UiCommand::Window(WindowCommand::ShowExport));
                    }
                    let hint = "Ctrl+M marks the frame on screen: time, speed and deceleration between marked frames";
                    if ui.button("Measure…").on_hover_text(hint).clicked() {
                        out.push(UiCommand::Window(WindowCommand::ShowMeasure));
                    }
                    if file.is_some_and(|f| f.grid.is_some()) {
                        let hint = "Each camera's clock map and its sources; nudges; sync by sound, creation time or sync points";
                        if ui.button("Cameras…").on_hover_text(hint).clicked() {
                            out.push(UiCommand::Window(WindowCommand::ToggleSyncPanel));
                        }
                    }
                    let hint = "Ctrl+Shift+A: agreement between reviewers, their disagreements, adjudication";
                    if ui.button("Agreement…").on_hover_text(hint).clicked() {
                        out.push(UiCommand::Window(WindowCommand::ShowAgreement));
                    }
                    let mut reviewer = self.prefs.reviewer.clone();
                    let label_id = ui.label("Reviewer:").id;
                    let field =
                        ui.add(egui::TextEdit::singleline(&mut reviewer).desired_width(90.0)).labelled_by(label_id);
                    if field.changed() && !reviewer.trim().is_empty() {
                        out.push(UiCommand::Window(WindowCommand::SetReviewer(reviewer.trim().to_owned())));
                    }
                    if self.prefs.blind {
                        let words = format!("Blind mode: only {}'s coding is shown", self.prefs.reviewer);
                        ui.label(RichText::new(words).color(ui.visuals().warn_fg_color).strong())
                            .on_hover_text("Other reviewers' events, links and tallies are hidden (View menu, Ctrl+B)");
                    }
                }
                ui.separator();
                if let Some(s) = file {
                    if let Some(title) = &s.target.case_title {
                        ui.label(RichText::new(title).strong());
                        ui.separator();
                    }
                    ui.label(s.target.video.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned()));
                    if let Some(desk) = desk {
                        let unsaved = desk.unsaved_edits();
                        if desk.is_read_only() {
                            let words = desk.read_only_because().map_or_else(
                                || "Read-only".to_owned(),
                                |holder| format!("Read-only: open for editing in {holder}"),
                            );
                            let hint = "This window shows the last saved state; edits are refused here";
                            ui.label(RichText::new(words).color(ui.visuals().warn_fg_color)).on_hover_text(hint);
                        } else if unsaved > 0 {
                            ui.label(RichText::new(format!("• {unsaved} unsaved edit(s)")).color(ui.visuals().warn_fg_color));
                        } else {
                            ui.label(RichText::new("saved").weak());
                        }
                        media_state_ui(ui, s.media_at_coding());
                    }
                }
            });
        });
        out
    }

    pub(super) fn status_ui(&self, ui: &mut egui::Ui) {
        let Some(file) = self.file.as_ref() else { return };
        let player = &file.player;
        let keys = self.keys_go_to(ui.ctx());
        Panel::bottom("status").show(ui, |ui| {
            let summary = player.media().map_or("", |m| m.summary.as_str());
            let view = StatusView {
                summary,
                view_turn_deg: file.view.view_rotation_deg(),
                audio: player.audio_status(),
                background: player.background(),
                renderer: &self.renderer,
                expected_sha256: file.target.expected_sha256.as_deref(),
                muted: self.prefs.muted,
                indexing: match player.opening() {
                    Opening::Indexing { fraction, what } => Some((*fraction, *what)),
                    _ => None,
                },
                damaged_from: player.media().and_then(|m| m.damaged_from),
                rate: player.rate_report(player.now_secs()),
                shown_shrunk: (file.texture_shrink, ui.ctx().input(|i| i.max_texture_side)),
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new(keys).weak());
                ui.label(RichText::new("F1: every shortcut").weak());
                ui.separator();
                status_ui(ui, &view);
            });
        });
    }
}

/// The View menu: the coding panels (a case only), blind mode, the picture's focus and its view-only turn.
fn view_menu_ui(ui: &mut egui::Ui, prefs: &Prefs, file: &OpenFile, has_desk: bool) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.menu_button("View", |ui| {
        if has_desk {
            for (panel, shown, name) in [
                (PanelId::Events, prefs.show_events, "Events and inspector"),
                (PanelId::Claims, prefs.show_claims, "Claims board"),
                (PanelId::Timeline, prefs.show_timeline, "Timeline"),
            ] {
                if ui.selectable_label(shown && !prefs.focus_picture, name).clicked() {
                    out.push(UiCommand::Window(WindowCommand::TogglePanel(panel)));
                }
            }
            let focus = ui.selectable_label(prefs.focus_picture, "Focus the picture (Ctrl+Shift+F)");
            if focus.on_hover_text("Hide the coding panels so the video has most of the window").clicked() {
                out.push(UiCommand::Window(WindowCommand::ToggleFocusPicture));
            }
            ui.separator();
            let blind = ui.selectable_label(prefs.blind, "Blind mode (Ctrl+B)");
            if blind.on_hover_text("Show only your own events, links and tallies while coding").clicked() {
                out.push(UiCommand::Window(WindowCommand::ToggleBlind));
            }
            ui.separator();
        }
        let turn = format!("Turn the view 90° (Ctrl+R; now {}°)", file.view.view_rotation_deg());
        let hint = "For footage recorded sideways: viewing only, frames, stills and exports stay as recorded";
        if ui.button(turn).on_hover_text(hint).clicked() {
            out.push(UiCommand::Window(WindowCommand::TurnView));
        }
    });
    out
}

/// The banner over the readouts for a file that is not whole: it ends early, or its stream is damaged.
fn file_warnings_ui(ui: &mut egui::Ui, ends_early: Option<&str>, damaged_from: Option<usize>) {
    let colour = ui.visuals().warn_fg_color;
    if let Some(message) = ends_early {
        ui.label(
            RichText::new(format!("Warning: {message}. Every frame that can be read is reachable."))
                .color(colour)
                .strong(),
        );
    }
    if let Some(from) = damaged_from {
        ui.label(
            RichText::new(format!(
                "Warning: damaged stream from frame {from} on: frames there are decoded single-threaded and each one is checked \
                 against a decode from the start of the file before it is shown"
            ))
            .color(colour),
        );
    }
}

/// Readouts, seek bar, transport, and the waveform when no timeline shows it.
fn transport_panel_ui(
    ui: &mut egui::Ui,
    player: Option<&Player>,
    wall: Option<&WallClock>,
    prefs: &Prefs,
    timeline_shown: bool,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let Some(player) = player else { return out };
    let Some(timeline) = player.timeline() else { return out };
    let shown = player.frame_on_screen();
    Panel::bottom("transport").show(ui, |ui| {
        ui.add_space(2.0);
        if let Some(media) = player.media() {
            file_warnings_ui(ui, media.ends_early.as_deref(), media.damaged_from);
        }
        info_ui(ui, timeline, shown, wall);
        out.extend(seek_bar_ui(ui, player.state(), shown));
        let reaching = player.rate_report(player.now_secs()).filter(|r| r.falls_short()).map(|r| r.speed_reached);
        let view = TransportView {
            volume: prefs.volume,
            muted: prefs.muted,
            has_sound_device: player.audio().has_device(),
            reaching,
        };
        out.extend(transport_ui(ui, player.state(), &view));
        if !timeline_shown {
            let background = player.background();
            out.extend(waveform_ui(
                ui,
                background.waveform.as_deref(),
                background.audio_note.as_deref(),
                timeline,
                shown,
            ));
        }
        ui.add_space(2.0);
    });
    out
}

impl ClaimFrameApp {
    pub(super) fn central_ui(&mut self, ui: &mut egui::Ui, timeline_shown: bool) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let wall = self.file.as_ref().and_then(|f| f.wall_clock());
        let (player, mut picture, grid) = match self.file.as_mut() {
            Some(OpenFile { player, texture, view, grid, .. }) => {
                (Some(&*player), Some((texture, view)), grid.as_ref())
            }
            None => (None, None, None),
        };
        let opening = player.map(|p| p.opening());
        let pixel_aspect = player.and_then(|p| p.media()).map_or(1.0, |m| m.pixel_aspect);
        let has_picture = player.is_some_and(|p| p.shown_frame().is_some());
        let hint = match self.opening.as_ref() {
            Some(task) => task.status().0,
            None => "Open a video or a case: Open…, Ctrl+O, or drop a file here.".to_owned(),
        };
        let mut area = None;
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(egui::Color32::BLACK)).show(ui, |ui| {
            out.extend(transport_panel_ui(ui, player, wall.as_ref(), &self.prefs, timeline_shown));
            match opening {
                None => {
                    ui.centered_and_justified(|ui| ui.label(hint));
                }
                Some(Opening::Indexing { fraction, what }) => {
                    ui.centered_and_justified(|ui| {
                        ui.vertical_centered(|ui| {
                            ui.horizontal(|ui| {
                                ui.spinner();
                                ui.label("Indexing frames (every packet read once; cached for next time)…");
                            });
                            ui.add(
                                egui::ProgressBar::new(*fraction)
                                    .desired_width(320.0)
                                    .text(format!("{what} {:.0}%", fraction * 100.0)),
                            );
                        })
                    });
                }
                Some(Opening::Failed(m)) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("This file cannot be played: {m}"));
                }
                _ => {
                    if let Some((texture, view)) = picture.as_mut() {
                        area = Some(ui.available_rect_before_wrap());
                        let texture = if has_picture { texture.as_ref() } else { None };
                        match (grid, player) {
                            (Some(grid), Some(player)) => out.extend(grid_ui(ui, grid, player, texture, view)),
                            _ => out.extend(video_ui(ui, texture, pixel_aspect, view)),
                        }
                    }
                }
            }
        });
        self.picture_area = area;
        out
    }
}

/// Says, beside the save state, when events coded now would be marked: the file is still being hashed, or it is not
/// the file the case records. Nothing is shown once the file is verified.
fn media_state_ui(ui: &mut egui::Ui, state: crate::case::MediaAtCoding) {
    use crate::case::MediaAtCoding;
    let (words, colour) = match state {
        MediaAtCoding::Verified | MediaAtCoding::NotRecorded => return,
        MediaAtCoding::Hashing => ("file not yet verified", ui.visuals().warn_fg_color),
        MediaAtCoding::Mismatch => ("this file does NOT match the case", ui.visuals().error_fg_color),
    };
    ui.separator();
    let hint = "Events coded now are marked as coded on an unverified file (see the inspector and the report).";
    ui.label(RichText::new(words).color(colour).strong()).on_hover_text(hint);
}
