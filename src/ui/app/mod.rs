//! The application: the open file (its player, desk and window state, see [`open_file`]), the window's preferences,
//! dialogs and focus. Each frame: read keys, let the
//! player pick the picture, draw the panels, then apply the commands they returned — once.

pub mod camera_commands;
pub mod camera_grid;
pub mod commands;
pub mod desk_commands;
pub mod desk_keys;
pub mod desk_layout;
pub mod desk_windows;
pub mod file_dialogs;
pub mod keys;
pub mod layout;
pub mod notice_bar;
pub mod open_file;
pub mod open_target;
pub mod open_task;
pub mod prefs;
pub mod reopen;
pub mod shortcuts;
pub mod sync_task;
pub mod who_is_coding;
pub mod window_commands;

use std::path::{Path, PathBuf};

use egui::TextureOptions;

use crate::case::Edit;
use crate::desk::{Desk, DeskCommand};
use crate::picture::RgbaImage;
use crate::player::playback::PlayerOptions;
use crate::player::thumbnails::ThumbnailWorker;
use crate::player::Player;
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::desk_keys::desk_keys_ui;
use crate::ui::app::desk_windows::DeskWindows;
use crate::ui::app::keys::{camera_keys_ui, keys_ui};
use crate::ui::app::prefs::Prefs;
use crate::ui::player::video_view::ViewState;
use crate::ui::windows::export_ui::{export_ui, ExportDialog};
use crate::ui::windows::goto::{goto_ui, GoToDialog};
use crate::ui::windows::sync_ui::sync_ui;
use crate::ui::windows::timing_state::TimingWindow;
use crate::ui::windows::timing_ui::timing_ui;
pub use open_file::OpenFile;
use open_task::{BackupOffer, OpenJob, OpenOutcome, OpenTask};

/// Height of the timeline's thumbnails, and how many the worker keeps.
const THUMBNAIL_HEIGHT_PX: u32 = 64;
const THUMBNAILS_KEPT: usize = 256;

pub struct ClaimFrameApp {
    pub(super) prefs: Prefs,
    pub(super) file: Option<OpenFile>,
    /// Why the last file could not be opened.
    pub(super) failure: Option<String>,
    /// A case being opened (or made) on its own thread; the file on screen stays until it is done.
    pub(super) opening: Option<OpenTask>,
    /// The last case could not be parsed, and this backup of it loads: offered to open as a copy.
    pub(super) backup_offer: Option<BackupOffer>,
    /// The case whose video was not found (not where the case says, nor in its folder): the window offers to look
    /// for it in a folder the reviewer picks.
    pub(super) relink_offer: Option<PathBuf>,
    pub(super) goto: GoToDialog,
    /// Where the picture (or the camera grid) was drawn last frame: windows that must not cover it keep out.
    pub(super) picture_area: Option<egui::Rect>,
    pub(super) export: ExportDialog,
    pub(super) renderer: String,
    pub(super) player_options: PlayerOptions,
    /// Whether the window has asked for keyboard focus (without a window manager it would not get it).
    pub(super) asked_focus: bool,
    /// Whether the window took the X11 focus itself (no window manager).
    pub(super) took_focus: bool,
    /// The title last sent to the window.
    pub(super) title: String,
    /// Closing was asked for with unsaved edits: the save question is showing.
    pub(super) close_question: bool,
    /// The reviewer answered the save question; the next close request goes through.
    pub(super) allow_close: bool,
    /// Closing was asked for while a save was being written: the window closes once it is (or asks, if edits are
    /// still unsaved then).
    pub(super) close_after_save: bool,
    /// Since when the notice line shows its plain notice (it leaves by itself).
    pub(super) notice_clock: notice_bar::NoticeClock,
    /// Whether the reviewer said who is coding in this session, and the question while it is asked.
    pub(super) who: who_is_coding::WhoIsCoding,
    /// Whether the shortcut sheet (F1) is showing.
    pub(super) shortcuts_open: bool,
    /// Whether the desktop has a system file chooser (`Err`: why not), once asked.
    pub(super) chooser: Option<Result<(), String>>,
    /// The window's own file picker, used where there is no system chooser.
    pub(super) picker: crate::ui::windows::file_picker::FilePicker,
}

impl ClaimFrameApp {
    /// The window's app: preferences from eframe's storage, then `file` opened — without one, the last file
    /// that still exists, else the bundled sample case.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>, renderer: String) -> Self {
        let prefs = cc.storage.and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY)).unwrap_or_default();
        let file = file
            .or_else(|| prefs.last_file().cloned())
            .unwrap_or_else(crate::ui::app::open_target::bundled_sample_case);
        let mut app = Self::with_options(prefs, renderer, PlayerOptions::default());
        app.open(&file);
        app
    }

    /// An app without a window or a sound device (tests drive it through `root_ui`), with `file` open (a case
    /// is waited for), coding as the default reviewer as if that name had been confirmed (see
    /// [`ClaimFrameApp::ask_who_is_coding`]).
    pub fn headless(file: &Path) -> Self {
        Self::headless_with_prefs(file, Prefs::default())
    }

    /// As [`ClaimFrameApp::headless`], with `prefs` as if read from the window's storage (a later session).
    pub fn headless_with_prefs(file: &Path, prefs: Prefs) -> Self {
        let mut app = Self::headless_empty_with_prefs(prefs);
        app.open(file);
        app.wait_for_open();
        app
    }

    /// An app without a window or a sound device, and no file open.
    pub fn headless_empty() -> Self {
        Self::headless_empty_with_prefs(Prefs::default())
    }

    /// As [`ClaimFrameApp::headless_empty`], with `prefs`; the reviewer's name counts as confirmed and the
    /// window's own file picker stands in for the system's.
    fn headless_empty_with_prefs(prefs: Prefs) -> Self {
        let mut app = Self::with_options(prefs, "none (test)".into(), PlayerOptions { audio: false, background: true });
        app.who.confirmed = true;
        // A test never waits on a system dialog: it drives the window's own picker, with the reason found here.
        let why = crate::ui::platform::file_chooser::system_file_chooser().err();
        app.chooser = Some(Err(why.unwrap_or_else(|| "This window runs headless (tests)".to_owned())));
        app
    }

    /// The window's own file picker (tests read its reason and listing).
    pub fn file_picker(&self) -> &crate::ui::windows::file_picker::FilePicker {
        &self.picker
    }

    fn with_options(prefs: Prefs, renderer: String, player_options: PlayerOptions) -> Self {
        ClaimFrameApp {
            prefs,
            file: None,
            failure: None,
            opening: None,
            backup_offer: None,
            relink_offer: None,
            goto: GoToDialog::default(),
            picture_area: None,
            export: ExportDialog::default(),
            renderer,
            player_options,
            asked_focus: false,
            took_focus: false,
            title: String::new(),
            close_question: false,
            allow_close: false,
            close_after_save: false,
            notice_clock: notice_bar::NoticeClock::default(),
            who: who_is_coding::WhoIsCoding::default(),
            shortcuts_open: false,
            chooser: None,
            picker: Default::default(),
        }
    }

    pub(super) fn file_mut(&mut self) -> Option<&mut OpenFile> {
        self.file.as_mut()
    }

    pub fn player(&self) -> Option<&Player> {
        self.file.as_ref().map(|s| &s.player)
    }

    /// The picture's zoom and pan, while a file is open.
    pub fn view(&self) -> Option<&ViewState> {
        self.file.as_ref().map(|f| &f.view)
    }

    /// With a camera grid open: whether every following view shows exactly its frame (tests settle on it).
    pub fn camera_grid_exact(&self) -> Option<bool> {
        Some(self.file.as_ref()?.grid.as_ref()?.views.is_exact())
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// The open case, when a case (not a bare video) is open.
    pub fn desk(&self) -> Option<&Desk> {
        self.file.as_ref().and_then(|s| s.desk.as_ref())
    }

    /// The coding panels' and windows' state, while a file is open.
    pub fn desk_windows(&self) -> Option<&DeskWindows> {
        self.file.as_ref().map(|f| &f.desk_windows)
    }

    /// Sets the timeline's visible range (benchmarks start their scenarios from a known view).
    pub(crate) fn set_timeline_viewport(
        &mut self,
        viewport: crate::ui::panels::timeline::zoom::Viewport,
        now_secs: f64,
    ) {
        if let Some(file) = self.file.as_mut() {
            file.desk_windows.timeline.set_viewport(viewport, now_secs);
        }
    }

    /// The Timing view of the file on screen (its report, marks and where they were drawn).
    pub fn timing_view(&self) -> Option<&TimingWindow> {
        self.file.as_ref().map(|f| &f.timing)
    }

    pub fn goto_open(&self) -> bool {
        self.goto.open
    }

    /// Whether the shortcut sheet is showing.
    pub fn shortcuts_open(&self) -> bool {
        self.shortcuts_open
    }

    /// Whether the events table has the keys (a row was clicked; typing filters it).
    pub fn table_has_keys(&self) -> bool {
        self.file.as_ref().is_some_and(|f| f.desk.is_some() && f.desk_windows.table.has_keys)
    }

    /// Where key presses go, as the status bar says it.
    pub fn keys_go_to(&self, ctx: &egui::Context) -> &'static str {
        if ctx.egui_wants_keyboard_input() {
            "keys: text field (Esc leaves it)"
        } else if self.table_has_keys() {
            "keys: events table (type to search, Esc for video)"
        } else {
            "keys: video"
        }
    }

    /// Where the picture (or the camera grid) was drawn on the last frame.
    pub fn picture_area(&self) -> Option<egui::Rect> {
        self.picture_area
    }

    /// The export dialog (tests set its format and destination as a person would pick them).
    pub fn export_dialog_mut(&mut self) -> &mut ExportDialog {
        &mut self.export
    }

    /// Writes a new case at `case_path` (`.case.ron` added when missing) for the video on screen and opens it for
    /// coding, hashing and indexing the video on its own thread (the status bar shows it, with Cancel); a failure
    /// (a file already there, an unreadable video) becomes a message in the window.
    pub fn create_case_for_video(&mut self, case_path: &Path) {
        let Some(video) = self.file.as_ref().map(|s| s.target.video.clone()) else { return };
        let case_path = if open_target::is_case_file(case_path) {
            case_path.to_path_buf()
        } else {
            let mut name = case_path.as_os_str().to_owned();
            name.push(".case.ron");
            PathBuf::from(name)
        };
        let title = video.file_stem().map_or_else(|| "Review".into(), |s| format!("Review of {}", s.to_string_lossy()));
        self.start_opening(OpenJob::NewCase { video, case_path, title });
    }

    /// Applies one edit to the open case as the reviewer set in the window (undoable, journalled); false when no
    /// case is open, the edit is refused (the window says why), or it waits for the reviewer to say who is coding.
    pub fn edit_case(&mut self, edit: crate::case::Edit) -> bool {
        let cmd = UiCommand::Desk(crate::desk::DeskCommand::Edit(edit));
        let Some(UiCommand::Desk(crate::desk::DeskCommand::Edit(edit))) = self.hold_unsigned(cmd) else { return false };
        let reviewer = self.prefs.reviewer.clone();
        self.file.as_mut().and_then(|s| s.desk.as_mut()).is_some_and(|desk| desk.edit(edit, &reviewer))
    }

    /// Sends one command to the player, as a key or button would.
    pub fn apply_player_command(&mut self, cmd: crate::player::PlayerCommand) {
        if let Some(s) = self.file.as_mut() {
            let now = s.player.now_secs();
            s.player.apply(cmd, now);
        }
    }

    /// Opens a video or a case file; failures become a message in the window. A case is read once, on its own
    /// thread (see [`open_task`]): the file on screen stays until it is done, and [`Self::wait_for_open`] waits.
    pub fn open(&mut self, path: &Path) {
        if !open_target::is_case_file(path) {
            self.cancel_open();
            self.show(path, open_target::for_video(path), None, DeskWindows::default());
            return;
        }
        // Opening the case this window already has: let go of its lock first, or the new desk would be read-only.
        if self.desk().is_some_and(|desk| desk.path() == path) {
            self.file = None;
        }
        self.start_opening(OpenJob::Case(path.to_path_buf()));
    }

    /// Opens a copy of the backup offered for the case that could not be parsed (the broken file stays as it is).
    pub fn open_backup_copy(&mut self) {
        let Some(offer) = self.backup_offer.take() else { return };
        self.start_opening(OpenJob::BackupCopy { broken: offer.broken, backup: offer.backup });
    }

    /// The backup offered for the case that could not be parsed, if one loads.
    pub fn backup_offer(&self) -> Option<&BackupOffer> {
        self.backup_offer.as_ref()
    }

    /// Starts `job` on its own thread, in place of any still under way (which is cancelled).
    fn start_opening(&mut self, job: OpenJob) {
        self.cancel_open();
        self.opening = Some(OpenTask::start(job));
    }

    /// The case being opened (or made) on its own thread, while it is.
    pub fn opening(&self) -> Option<&OpenTask> {
        self.opening.as_ref()
    }

    /// Stops the case being opened; the file on screen stays.
    pub fn cancel_open(&mut self) {
        if let Some(task) = self.opening.take() {
            task.cancel();
        }
    }

    /// Waits until the case being opened is open, or has failed (tests and benchmarks; the window polls).
    pub fn wait_for_open(&mut self) {
        if let Some(task) = self.opening.take() {
            let outcome = task.wait();
            self.finish_opening(outcome);
        }
    }

    /// Takes in the opening thread's outcome once it has one; asks for frames while it works.
    fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(task) = self.opening.as_mut() else { return };
        match task.poll() {
            Some(outcome) => {
                self.opening = None;
                self.finish_opening(outcome);
            }
            None => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
        }
    }

    /// Takes in a save written on its own thread once it is; asks for frames while it is written.
    fn poll_saving(&mut self, ctx: &egui::Context) {
        let Some(desk) = self.file.as_mut().and_then(|f| f.desk.as_mut()) else { return };
        if desk.poll_save() {
            ctx.request_repaint_after(std::time::Duration::from_millis(20));
        }
    }

    /// Waits until no save is being written (tests and benchmarks; the window polls).
    pub fn wait_for_save(&mut self) {
        if let Some(desk) = self.file.as_mut().and_then(|f| f.desk.as_mut()) {
            desk.wait_for_save();
        }
    }

    fn finish_opening(&mut self, outcome: OpenOutcome) {
        match outcome {
            OpenOutcome::Opened { path, target, desk, windows, relinked } => {
                let was: Vec<String> = relinked
                    .iter()
                    .filter_map(|m| desk.case().media.get(&m.id))
                    .map(|m| m.path_relative.display().to_string())
                    .collect();
                self.show(&path, *target, Some(*desk), *windows);
                self.relink_offer = None;
                self.record_relinked(relinked, &was);
            }
            OpenOutcome::Failed { message, backup, missing_video } => {
                self.failure = Some(message);
                self.backup_offer = backup;
                self.relink_offer = missing_video;
            }
            OpenOutcome::Cancelled => {}
        }
    }

    /// Records where the case's moved videos were found (one audited edit) and says so.
    fn record_relinked(&mut self, relinked: Vec<crate::case::Media>, was: &[String]) {
        if relinked.is_empty() {
            return;
        }
        let found: Vec<String> = relinked.iter().map(|m| m.last_absolute_path.display().to_string()).collect();
        let edits = relinked.into_iter().map(|m| Edit::UpdateMedia(Box::new(m))).collect();
        self.apply_desk(DeskCommand::Edit(Edit::Batch(edits)));
        let words = format!(
            "Not where the case said ({}): found by SHA-256 at {}, and the case now records that place (an audited \
             edit: Ctrl+Z undoes it, Save keeps it).",
            was.join(", "),
            found.join(", ")
        );
        if let Some(desk) = self.file.as_mut().and_then(|f| f.desk.as_mut()) {
            desk.tell(words, false);
        }
    }

    /// The case whose video was not found, while the window offers to look for it in another folder.
    pub fn relink_offer(&self) -> Option<&Path> {
        self.relink_offer.as_deref()
    }

    /// Opens the case whose video was not found, looking for the video in `folder`.
    pub fn relink_in(&mut self, folder: &Path) {
        let Some(case) = self.relink_offer.take() else { return };
        self.failure = None;
        self.start_opening(OpenJob::Relink { case, folder: folder.to_path_buf() });
    }

    /// Puts `target` (opened from `path`) on screen with its player, in place of the file there.
    fn show(&mut self, path: &Path, target: open_target::OpenTarget, desk: Option<Desk>, windows: DeskWindows) {
        match start_player(&target.video, &self.player_options, &self.prefs) {
            Ok(player) => {
                self.prefs.remember(path.to_path_buf());
                let thumbnails = desk.as_ref().map(|_| timeline_thumbnails(&target.video));
                // The last file is let go of on its own thread: dropping a large case and its panels' caches, or a
                // player's decoded pictures, takes a while.
                if let Some(old) = self.file.take() {
                    let _ = std::thread::Builder::new().name("claimframe-close".into()).spawn(move || drop(old));
                }
                self.file = Some(OpenFile::new(target, player, desk, windows, thumbnails));
                self.failure = None;
                self.backup_offer = None;
            }
            Err(e) => self.failure = Some(format!("{} could not be opened: {e}", path.display())),
        }
    }

    /// Everything inside the window. `App::ui` calls this; tests call it through egui_kittest.
    pub fn root_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_opening(&ctx);
        self.poll_saving(&ctx);
        if !self.asked_focus {
            self.asked_focus = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        // An open dialog's Esc first, then coding keys: they are plain keys the player does not use (the taxonomy
        // refuses its keys).
        let mut commands: Vec<UiCommand> =
            crate::ui::windows::goto::goto_keys_ui(&ctx, &self.goto).into_iter().collect();
        commands.extend(crate::ui::windows::shortcuts_ui::shortcuts_keys_ui(&ctx, self.shortcuts_open));
        commands.extend(match self.desk() {
            Some(desk) if desk.recovery().is_none() => desk_keys_ui(&ctx, &desk.case().taxonomy, self.table_has_keys()),
            _ => Vec::new(),
        });
        if let Some(grid) = self.file.as_ref().and_then(|f| f.grid.as_ref()) {
            commands.extend(camera_keys_ui(&ctx, grid.views.focused()));
        }
        commands.extend(keys_ui(&ctx));
        commands.extend(dropped_files(&ctx));
        self.apply(&ctx, std::mem::take(&mut commands));
        self.present(&ctx);
        self.track_position();
        if let Some(file) = self.file.as_mut() {
            let ruler_marks = file.desk.is_some() && self.prefs.show_timeline;
            file.timing.refresh(&file.player, ruler_marks);
        }

        let timeline_shown = self.desk().is_some() && self.prefs.show_timeline && !self.prefs.focus_picture;
        commands.extend(self.menu_ui(ui));
        commands.extend(self.notice_bar_ui(ui));
        self.status_ui(ui);
        commands.extend(self.desk_panels_ui(ui));
        commands.extend(self.coverage_panel_ui(ui));
        commands.extend(self.central_ui(ui, timeline_shown));
        if let Some(file) = self.file.as_ref() {
            if let Some(tl) = file.player.timeline() {
                let media = file.player.media();
                let context = crate::ui::windows::goto_target::GoToContext {
                    wall_clock: file.wall_clock().map(|w| w.mapping()),
                    start_timecode: media.and_then(|m| m.timecode.clone()),
                    declared_fps: media.and_then(|m| m.declared_fps),
                };
                commands.extend(goto_ui(&ctx, &mut self.goto, tl, &context, self.picture_area));
            }
        }
        commands.extend(export_ui(&ctx, &mut self.export));
        commands.extend(crate::ui::windows::file_picker_ui::file_picker_ui(&ctx, &mut self.picker));
        commands.extend(self.desk_windows_ui(&ctx));
        if let Some(file) = self.file.as_mut().filter(|f| f.timing.open) {
            commands.extend(timing_ui(&ctx, &mut file.timing, &file.player));
        }
        if let Some(file) = self.file.as_ref() {
            if let Some(grid) = file.grid.as_ref() {
                commands.extend(sync_ui(&ctx, grid, !file.player.state().is_playing()));
            }
        }
        let taxonomy = self.desk().map(|d| &d.case().taxonomy);
        commands.extend(crate::ui::windows::shortcuts_ui::shortcuts_ui(&ctx, self.shortcuts_open, taxonomy));
        if let Some(case) = self.relink_offer.as_ref() {
            commands.extend(crate::ui::windows::opening_ui::relink_offer_ui(&ctx, case, self.failure.as_deref()));
        }
        if let Some(offer) = self.backup_offer.as_ref() {
            commands.extend(crate::ui::windows::opening_ui::backup_offer_ui(&ctx, offer));
        }
        commands.extend(self.close_question_ui(&ctx));
        if let Some(question) = self.who.question.as_mut() {
            commands.extend(crate::ui::windows::who_is_coding_ui::who_is_coding_ui(&ctx, question));
        }
        self.apply(&ctx, commands);
        self.update_title(&ctx);
        self.schedule_repaint(&ctx);
    }

    /// "● case title — file.case.ron — coding as Ana Ruiz — ClaimFrame" with the dot while edits are unsaved, and
    /// the reviewer once their name was confirmed.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match (&self.file, self.desk()) {
            (Some(_), Some(desk)) => {
                let dot = if desk.unsaved_edits() > 0 { "● " } else { "" };
                let coding_as =
                    if self.who.confirmed { format!(" — coding as {}", self.prefs.reviewer) } else { String::new() };
                format!("{dot}{} — {}{coding_as} — ClaimFrame", desk.case().meta.title, desk.file_name().display())
            }
            (Some(s), None) => format!(
                "{} — ClaimFrame",
                s.target.video.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())
            ),
            (None, _) => "ClaimFrame".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Lets the player choose the picture for now and puts it into the texture; then every following camera of a
    /// grid catches up with the wall clock.
    fn present(&mut self, ctx: &egui::Context) {
        let Some(file) = self.file.as_mut() else { return };
        let now = file.player.now_secs();
        if let Some(p) = file.player.update(now) {
            file.texture_shrink = upload(ctx, &mut file.texture, &p.image);
        }
        let Some(grid) = file.grid.as_mut() else { return };
        if let Some(task) = grid.sync_task.as_mut() {
            if task.poll() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        if let Some(desk) = file.desk.as_ref() {
            grid.refresh_maps(desk.case(), desk.revision());
        }
        if file.player.timeline().is_some() {
            if let Some((frame, play)) = grid.pending_frame.take() {
                file.player.apply(crate::player::PlayerCommand::GoToFrame(frame), now);
                if play {
                    file.player.apply(crate::player::PlayerCommand::TogglePlay, now);
                }
            }
        }
        grid.views.update(&file.player, now);
        // A follower may have decoded ahead of the wall clock (paused, while the focused camera decodes): what goes
        // into its texture is the picture it may show now, not the newest one decoded.
        for index in 0..grid.views.len() {
            let Some(p) = grid.views.picture(index) else { continue };
            if grid.texture_frames.get(index).copied().flatten() != Some(p.frame) {
                if let Some(texture) = grid.textures.get_mut(index) {
                    let _ = upload_as(ctx, texture, &p.image, "camera-frame");
                    grid.texture_frames[index] = Some(p.frame);
                }
            }
        }
    }

    fn schedule_repaint(&self, ctx: &egui::Context) {
        let Some(player) = self.player() else { return };
        if player.state().is_playing() {
            // With a camera grid, the next picture of any view (cameras' frames need not be in phase).
            let grid = self.file.as_ref().and_then(|f| f.grid.as_ref());
            let wait = match grid {
                Some(grid) => grid.views.secs_until_next_frame(player, player.now_secs()),
                None => player.secs_until_next_frame(player.now_secs()),
            }
            .unwrap_or(0.0);
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.clamp(0.0, 0.02)));
        } else if !player.is_settled()
            || self.file.as_ref().and_then(|f| f.grid.as_ref()).is_some_and(|g| !g.views.is_exact())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(5));
        } else if player.background().progress.is_some() || player.background().sha256.is_none() {
            ctx.request_repaint_after(std::time::Duration::from_millis(150));
        }
    }

    /// Applies this frame's commands, in order, each by the one that carries it out; then the desk shows what
    /// the preferences allow (blind mode, for the reviewer set in the window).
    fn apply(&mut self, ctx: &egui::Context, commands: Vec<UiCommand>) {
        for cmd in commands {
            let Some(cmd) = self.hold_unsigned(cmd) else { continue };
            match cmd {
                UiCommand::Player(c) => self.apply_player_command(c),
                UiCommand::Desk(c) => self.apply_desk(c),
                UiCommand::Window(c) => self.apply_window(ctx, c),
                UiCommand::Cameras(c) => self.apply_cameras(c),
            }
        }
        let visibility = self.prefs.visibility();
        if let Some(desk) = self.file.as_mut().and_then(|f| f.desk.as_mut()) {
            desk.set_visibility(visibility);
        }
    }
}

impl eframe::App for ClaimFrameApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if !self.took_focus && ui.ctx().cumulative_pass_nr() > 2 {
            self.took_focus = true;
            crate::ui::platform::x11_focus::focus_without_window_manager(frame);
        }
        self.root_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs_to_save());
    }
}

/// The player for `video`, with the window's volume and mute.
pub(super) fn start_player(video: &Path, options: &PlayerOptions, prefs: &Prefs) -> std::io::Result<Player> {
    let player = Player::open(video, options.clone())?;
    player.audio().set_volume(prefs.volume);
    player.audio().set_muted(prefs.muted);
    Ok(player)
}

/// The timeline's keyframe thumbnails of `video`, made on their own thread.
pub(super) fn timeline_thumbnails(video: &Path) -> ThumbnailWorker {
    ThumbnailWorker::spawn(video.to_path_buf(), THUMBNAIL_HEIGHT_PX, THUMBNAILS_KEPT)
}

/// Files dropped on the window this frame (the first one is opened).
fn dropped_files(ctx: &egui::Context) -> Option<UiCommand> {
    ctx.input(|i| {
        i.raw.dropped_files.iter().find_map(|f| {
            let p = f.path();
            (!p.as_os_str().is_empty()).then(|| p.to_path_buf())
        })
    })
    .map(|path| UiCommand::Window(WindowCommand::Open(path)))
}

/// Puts a decoded picture into the video texture: created once, then updated in place (a new size replaces it).
/// Returns how many times smaller than the picture the texture is on each side (1: as decoded).
fn upload(ctx: &egui::Context, texture: &mut Option<egui::TextureHandle>, image: &RgbaImage) -> u32 {
    upload_as(ctx, texture, image, "video-frame")
}

/// As [`upload`], for a texture named `name`. A picture larger than the graphics card's largest texture is shown
/// shrunk by whole blocks (the renderer would refuse it, and stop the window); the status bar says so.
fn upload_as(ctx: &egui::Context, texture: &mut Option<egui::TextureHandle>, image: &RgbaImage, name: &str) -> u32 {
    let factor = image.shrink_factor(ctx.input(|i| i.max_texture_side));
    let shrunk = image.shrunk_by(factor);
    let shown = shrunk.as_ref().unwrap_or(image);
    let size = [shown.width as usize, shown.height as usize];
    // Video pixels are opaque, so straight and premultiplied alpha are the same bytes.
    let color = egui::ColorImage::from_rgba_premultiplied(size, &shown.pixels);
    let options = TextureOptions::LINEAR;
    match texture {
        Some(t) if t.size() == size => t.set_partial([0, 0], color, options),
        Some(t) => t.set(color, options),
        None => *texture = Some(ctx.load_texture(name, color, options)),
    }
    shrunk.map_or(1, |_| factor)
}
