//! The application: one open session (a video, maybe from a case, and its player), the window's preferences, the
//! picture's texture (created once, then updated in place) and the view geometry. Each frame: read keys, let the
//! player pick the picture, draw the panels, then apply the commands they returned — once.

use std::path::{Path, PathBuf};

use egui::{Panel, TextureOptions};

use super::commands::UiCommand;
use super::export_ui::{default_output, export_ui, ExportDialog};
use super::goto::{goto_ui, GoToDialog};
use super::info_ui::{info_ui, WallClock};
use super::keys::keys_ui;
use super::open_target::{self, OpenTarget};
use super::prefs::Prefs;
use super::status_ui::{status_ui, StatusView};
use super::transport_ui::{seek_bar_ui, transport_ui, TransportView};
use super::video_view::{video_ui, ViewState};
use super::waveform_ui::waveform_ui;
use crate::media::convert::RgbaImage;
use crate::player::playback::{Opening, PlayerOptions};
use crate::player::Player;

/// A file being reviewed.
pub struct Session {
    pub target: OpenTarget,
    pub player: Player,
}

impl Session {
    fn wall_clock(&self) -> Option<WallClock> {
        if let Some(w) = &self.target.wall_clock {
            if let Some(origin) = &w.origin {
                return WallClock::from_text(origin, &format!("source (case): {}", w.source));
            }
        }
        let created = self.player.media()?.creation_time.as_deref()?;
        WallClock::from_text(created, "source: container creation_time tag")
    }
}

pub struct ClaimFrameApp {
    prefs: Prefs,
    session: Option<Session>,
    /// Why the last file could not be opened.
    failure: Option<String>,
    view: ViewState,
    goto: GoToDialog,
    export: ExportDialog,
    texture: Option<egui::TextureHandle>,
    renderer: String,
    player_options: PlayerOptions,
    /// Whether the window has asked for keyboard focus (without a window manager it would not get it).
    asked_focus: bool,
    /// Whether the window took the X11 focus itself (no window manager).
    took_focus: bool,
}

impl ClaimFrameApp {
    /// The window's app: preferences from eframe's storage, then `file` opened.
    pub fn new(cc: &eframe::CreationContext<'_>, file: PathBuf, renderer: String) -> Self {
        let prefs = cc.storage.and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY)).unwrap_or_default();
        let mut app = Self::with_options(prefs, renderer, PlayerOptions::default());
        app.open(&file);
        app
    }

    /// An app without a window or a sound device (tests drive it through `root_ui`).
    pub fn headless(file: &Path) -> Self {
        let mut app = Self::with_options(Prefs::default(), "none (test)".into(), PlayerOptions { audio: false, background: true });
        app.open(file);
        app
    }

    fn with_options(prefs: Prefs, renderer: String, player_options: PlayerOptions) -> Self {
        ClaimFrameApp {
            prefs,
            session: None,
            failure: None,
            view: ViewState::default(),
            goto: GoToDialog::default(),
            export: ExportDialog::default(),
            texture: None,
            renderer,
            player_options,
            asked_focus: false,
            took_focus: false,
        }
    }

    pub fn player(&self) -> Option<&Player> {
        self.session.as_ref().map(|s| &s.player)
    }

    pub fn view(&self) -> &ViewState {
        &self.view
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    pub fn goto_open(&self) -> bool {
        self.goto.open
    }

    /// The export dialog (tests set its format and destination as a person would pick them).
    pub fn export_dialog_mut(&mut self) -> &mut ExportDialog {
        &mut self.export
    }

    /// Opens a video or a case file; failures become a message in the window.
    pub fn open(&mut self, path: &Path) {
        let target = match open_target::resolve(path) {
            Ok(t) => t,
            Err(e) => {
                self.failure = Some(e);
                return;
            }
        };
        match Player::open(&target.video, self.player_options.clone()) {
            Ok(player) => {
                player.audio().set_volume(self.prefs.volume);
                player.audio().set_muted(self.prefs.muted);
                self.prefs.remember(path.to_path_buf());
                self.session = Some(Session { target, player });
                self.failure = None;
                self.view.fit();
            }
            Err(e) => self.failure = Some(format!("{} could not be opened: {e}", path.display())),
        }
    }

    /// Everything inside the window. `App::ui` calls this; tests call it through egui_kittest.
    pub fn root_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.asked_focus {
            self.asked_focus = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        let mut commands = keys_ui(&ctx);
        commands.extend(dropped_files(&ctx));
        self.apply(&ctx, std::mem::take(&mut commands));
        self.present(&ctx);

        commands.extend(self.menu_ui(ui));
        commands.extend(self.bottom_ui(ui));
        commands.extend(self.central_ui(ui));
        if let Some(tl) = self.session.as_ref().and_then(|s| s.player.timeline()) {
            commands.extend(goto_ui(&ctx, &mut self.goto, tl));
        }
        commands.extend(export_ui(&ctx, &mut self.export));
        self.apply(&ctx, commands);
        self.schedule_repaint(&ctx);
    }

    /// Lets the player choose the picture for now and puts it into the texture.
    fn present(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session.as_mut() else { return };
        let now = session.player.now_secs();
        if let Some(p) = session.player.update(now) {
            upload(ctx, &mut self.texture, &p.image);
        }
    }

    fn schedule_repaint(&self, ctx: &egui::Context) {
        let Some(player) = self.player() else { return };
        if player.state().is_playing() {
            let wait = player.secs_until_next_frame(player.now_secs()).unwrap_or(0.0);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.clamp(0.0, 0.02)));
        } else if !player.is_settled() {
            ctx.request_repaint_after(std::time::Duration::from_millis(5));
        } else if player.background().progress.is_some() || player.background().sha256.is_none() {
            ctx.request_repaint_after(std::time::Duration::from_millis(150));
        }
    }

    fn apply(&mut self, ctx: &egui::Context, commands: Vec<UiCommand>) {
        for cmd in commands {
            match cmd {
                UiCommand::Player(c) => {
                    if let Some(s) = self.session.as_mut() {
                        let now = s.player.now_secs();
                        s.player.apply(c, now);
                    }
                }
                UiCommand::Open(path) => self.open(&path),
                UiCommand::OpenDialog => {
                    let picked = rfd::FileDialog::new()
                        .add_filter("Video or case", &["mp4", "mov", "m4v", "mkv", "avi", "webm", "mts", "ts", "ron"])
                        .add_filter("All files", &["*"])
                        .pick_file();
                    if let Some(path) = picked {
                        self.open(&path);
                    }
                }
                UiCommand::SetVolume(v) => {
                    self.prefs.volume = v;
                    if let Some(p) = self.player() {
                        p.audio().set_volume(v);
                    }
                }
                UiCommand::ToggleMute => {
                    self.prefs.muted = !self.prefs.muted;
                    if let Some(p) = self.player() {
                        p.audio().set_muted(self.prefs.muted);
                    }
                }
                UiCommand::ZoomFit => self.view.fit(),
                UiCommand::ZoomOneToOne => self.view.one_to_one(ctx.pixels_per_point()),
                UiCommand::ZoomAt { factor, anchor } => self.view.zoom_at(factor, anchor),
                UiCommand::PanBy(delta) => self.view.pan_by(delta),
                UiCommand::ShowGoTo => {
                    if self.player().is_some_and(|p| p.timeline().is_some()) {
                        self.goto = GoToDialog { open: true, ..Default::default() };
                    }
                }
                UiCommand::CloseGoTo => self.goto.open = false,
                UiCommand::ShowExport => {
                    if let Some(case_file) = self.session.as_ref().and_then(|s| s.target.case_file.clone()) {
                        if self.export.case_file.as_ref() != Some(&case_file) || self.export.output.is_empty() {
                            self.export.output = default_output(&case_file, self.export.format).display().to_string();
                        }
                        self.export.events = super::export_ui::event_choices(&case_file);
                        self.export.case_file = Some(case_file);
                        self.export.open = true;
                    }
                }
                UiCommand::CloseExport => self.export.open = false,
                UiCommand::ChooseExportPath => {
                    let current = std::path::PathBuf::from(self.export.output.trim());
                    let dialog = rfd::FileDialog::new();
                    let dialog = match (current.parent(), current.file_name()) {
                        (Some(dir), Some(name)) => dialog.set_directory(dir).set_file_name(name.to_string_lossy()),
                        _ => dialog,
                    };
                    let picked = if self.export.format == crate::exchange::ExportFormat::Stills {
                        dialog.pick_folder()
                    } else {
                        dialog.save_file()
                    };
                    if let Some(path) = picked {
                        self.export.output = path.display().to_string();
                    }
                }
                // Applied by the coding desk (being wired in).
                UiCommand::SelectEvents { .. }
                | UiCommand::ToggleEvent(_)
                | UiCommand::SelectClaim(_)
                | UiCommand::Edit(_)
                | UiCommand::Undo
                | UiCommand::Redo
                | UiCommand::Save
                | UiCommand::CopyText(_) => {}
                UiCommand::DismissMessages => {
                    self.failure = None;
                    if let Some(s) = self.session.as_mut() {
                        s.player.dismiss_messages();
                    }
                }
            }
        }
    }

    fn menu_ui(&self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        Panel::top("menu").show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Open…").on_hover_text("Ctrl+O, or drop a file on the window").clicked() {
                    out.push(UiCommand::OpenDialog);
                }
                ui.menu_button("Recent", |ui| {
                    if self.prefs.recent_files.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.prefs.recent_files {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(UiCommand::Open(path.clone()));
                        }
                    }
                });
                if self.session.as_ref().is_some_and(|s| s.target.case_file.is_some())
                    && ui.button("Export…").on_hover_text("Ctrl+E: timelines, ELAN, OTIO, stills, HTML/PDF exhibit reports").clicked()
                {
                    out.push(UiCommand::ShowExport);
                }
                ui.separator();
                if let Some(s) = &self.session {
                    if let Some(title) = &s.target.case_title {
                        ui.label(egui::RichText::new(title).strong());
                        ui.separator();
                    }
                    ui.label(s.target.video.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned()));
                }
            });
        });
        out
    }

    fn bottom_ui(&self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let Some(session) = &self.session else { return out };
        let player = &session.player;
        let background = player.background();
        Panel::bottom("status").show(ui, |ui| {
            let summary = player.media().map_or("", |m| m.summary.as_str());
            status_ui(
                ui,
                &StatusView {
                    summary,
                    audio: player.audio_status(),
                    background,
                    renderer: &self.renderer,
                    expected_sha256: session.target.expected_sha256.as_deref(),
                    muted: self.prefs.muted,
                },
            );
        });
        let Some(timeline) = player.timeline() else { return out };
        let shown = player.shown_frame().unwrap_or(player.state().position());
        Panel::bottom("transport").show(ui, |ui| {
            ui.add_space(2.0);
            let wall = session.wall_clock();
            info_ui(ui, timeline, shown, wall.as_ref());
            out.extend(seek_bar_ui(ui, player.state(), shown));
            let view = TransportView { volume: self.prefs.volume, muted: self.prefs.muted, has_sound_device: player.audio().has_device() };
            out.extend(transport_ui(ui, player.state(), &view));
            out.extend(waveform_ui(ui, background.waveform.as_deref(), background.audio_note.as_deref(), timeline, shown));
            ui.add_space(2.0);
        });
        out
    }

    fn central_ui(&mut self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let session = self.session.as_ref();
        let messages: Vec<String> = self.failure.iter().cloned().chain(session.iter().flat_map(|s| s.player.messages().iter().cloned())).collect();
        let opening = session.map(|s| s.player.opening());
        let pixel_aspect = session.and_then(|s| s.player.media()).map_or(1.0, |m| m.pixel_aspect);
        let has_picture = session.is_some_and(|s| s.player.shown_frame().is_some());
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(egui::Color32::BLACK)).show(ui, |ui| {
            if !messages.is_empty() {
                egui::Frame::new().fill(ui.visuals().extreme_bg_color).inner_margin(6.0).show(ui, |ui| {
                    for m in messages.iter().rev().take(4) {
                        ui.colored_label(ui.visuals().error_fg_color, m);
                    }
                    if ui.button("Dismiss").clicked() {
                        out.push(UiCommand::DismissMessages);
                    }
                });
            }
            match opening {
                None if messages.is_empty() => {
                    ui.centered_and_justified(|ui| ui.label("Open a video or a case: Open…, Ctrl+O, or drop a file here."));
                }
                Some(Opening::Indexing) => {
                    ui.centered_and_justified(|ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Indexing frames (reading every packet once; cached for next time)…");
                        })
                    });
                }
                Some(Opening::Failed(m)) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("This file cannot be played: {m}"));
                }
                _ => {
                    let texture = if has_picture { self.texture.as_ref() } else { None };
                    out.extend(video_ui(ui, texture, pixel_aspect, &mut self.view));
                }
            }
        });
        out
    }
}

impl eframe::App for ClaimFrameApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if !self.took_focus && ui.ctx().cumulative_pass_nr() > 2 {
            self.took_focus = true;
            super::x11_focus::focus_without_window_manager(frame);
        }
        self.root_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// Files dropped on the window this frame (the first one is opened).
fn dropped_files(ctx: &egui::Context) -> Option<UiCommand> {
    ctx.input(|i| i.raw.dropped_files.iter().find_map(|f| { let p = f.path(); (!p.as_os_str().is_empty()).then(|| p.to_path_buf()) })).map(UiCommand::Open)
}

/// Puts a decoded picture into the video texture: created once, then updated in place (a new size replaces it).
fn upload(ctx: &egui::Context, texture: &mut Option<egui::TextureHandle>, image: &RgbaImage) {
    let size = [image.width as usize, image.height as usize];
    // Video pixels are opaque, so straight and premultiplied alpha are the same bytes.
    let color = egui::ColorImage::from_rgba_premultiplied(size, &image.pixels);
    let options = TextureOptions::LINEAR;
    match texture {
        Some(t) if t.size() == size => t.set_partial([0, 0], color, options),
        Some(t) => t.set(color, options),
        None => *texture = Some(ctx.load_texture("video-frame", color, options)),
    }
}
