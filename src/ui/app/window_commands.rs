//! Carrying out the window's own requests: files and dialogs (their choosers in `file_dialogs`), the picture's zoom and pan, sound, the go-to and
//! export dialogs, the taxonomy editor, the Agreement view, the Measure window, the Timing view, panels, the
//! reviewer's name and blind mode. Player and desk commands go elsewhere.

use crate::ui::app::commands::{PanelId, WindowCommand};
use crate::ui::app::ClaimFrameApp;
use crate::ui::windows::export_ui::default_output;

impl ClaimFrameApp {
    /// Applies one window command.
    pub(super) fn apply_window(&mut self, ctx: &egui::Context, cmd: WindowCommand) {
        match cmd {
            WindowCommand::Open(path) => self.open(&path),
            WindowCommand::CancelOpen => self.cancel_open(),
            WindowCommand::OpenBackupCopy => self.open_backup_copy(),
            WindowCommand::OpenDialog => self.open_dialog(),
            WindowCommand::Picked(path) => self.picked(path),
            WindowCommand::ClosePicker => self.picker.open = false,
            WindowCommand::SetVolume(v) => {
                self.prefs.volume = v;
                if let Some(p) = self.player() {
                    p.audio().set_volume(v);
                }
            }
            WindowCommand::ToggleMute => {
                self.prefs.muted = !self.prefs.muted;
                if let Some(p) = self.player() {
                    p.audio().set_muted(self.prefs.muted);
                }
            }
            WindowCommand::ZoomFit => self.with_view(|v| v.fit()),
            WindowCommand::ZoomOneToOne => self.with_view(|v| v.one_to_one(ctx.pixels_per_point())),
            WindowCommand::ZoomAt { factor, anchor } => self.with_view(|v| v.zoom_at(factor, anchor)),
            WindowCommand::PanBy(delta) => self.with_view(|v| v.pan_by(delta)),
            WindowCommand::TurnView => self.with_view(|v| v.turn_clockwise()),
            WindowCommand::ToggleFocusPicture => self.prefs.focus_picture = !self.prefs.focus_picture,
            WindowCommand::ShowGoTo => {
                if self.player().is_some_and(|p| p.timeline().is_some()) {
                    self.goto.show();
                }
            }
            WindowCommand::CloseGoTo => self.goto.open = false,
            WindowCommand::ShowExport => {
                if let Some(case_file) = self.file.as_ref().and_then(|s| s.target.case_file.clone()) {
                    if self.export.case_file.as_ref() != Some(&case_file) || self.export.output.is_empty() {
                        self.export.output = default_output(&case_file, self.export.format).display().to_string();
                    }
                    self.export.read_choices(case_file.clone());
                    self.export.case_file = Some(case_file);
                    self.export.open = true;
                }
            }
            WindowCommand::CloseExport => self.export.open = false,
            WindowCommand::ChooseExportPath => self.choose_export_path(),
            WindowCommand::CopyText(text) => ctx.copy_text(text),
            WindowCommand::SetReviewer(name) => {
                self.prefs.reviewer = name;
                self.who.confirmed = true;
            }
            WindowCommand::ConfirmReviewer(name) => self.confirm_reviewer(ctx, name),
            WindowCommand::CancelReviewerQuestion => self.cancel_reviewer_question(),
            WindowCommand::ToggleBlind => self.prefs.blind = !self.prefs.blind,
            WindowCommand::ShowAgreement => {
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.agreement.open = file.desk.is_some();
                }
            }
            WindowCommand::CloseAgreement => {
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.agreement.open = false;
                    file.desk_windows.timeline.by_reviewer = false;
                }
            }
            WindowCommand::GoToMediaFrame { media_id, frame } => self.go_to_media_frame(&media_id, frame),
            WindowCommand::LanesByReviewer(on) => {
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.timeline.by_reviewer = on;
                }
            }
            WindowCommand::ShowMeasure | WindowCommand::CloseMeasure => {
                let open = cmd == WindowCommand::ShowMeasure;
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.measure_open = open && file.desk.is_some();
                }
            }
            WindowCommand::ShowTiming | WindowCommand::CloseTiming => {
                let open = cmd == WindowCommand::ShowTiming;
                if let Some(file) = self.file.as_mut() {
                    file.timing.open = open && file.player.timeline().is_some();
                }
            }
            WindowCommand::ToggleShortcuts => self.shortcuts_open = !self.shortcuts_open,
            WindowCommand::CloseShortcuts => self.shortcuts_open = false,
            WindowCommand::FindDuplicateFrames => {
                if let Some(file) = self.file.as_mut() {
                    file.timing.find_duplicates(&file.player);
                }
            }
            WindowCommand::Sync(c) => self.apply_sync(c),
            WindowCommand::ToggleSyncPanel => {
                if let Some(grid) = self.file.as_mut().and_then(|f| f.grid.as_mut()) {
                    grid.sync_open = !grid.sync_open;
                }
            }
            WindowCommand::TogglePanel(panel) => {
                let flag = match panel {
                    PanelId::Events => &mut self.prefs.show_events,
                    PanelId::Claims => &mut self.prefs.show_claims,
                    PanelId::Timeline => &mut self.prefs.show_timeline,
                };
                // With the picture in focus every panel is hidden: asking for one brings it (and the others) back.
                *flag = !*flag || self.prefs.focus_picture;
                self.prefs.focus_picture = false;
            }
            WindowCommand::NewCaseDialog => self.new_case_dialog(),
            WindowCommand::RelinkDialog => self.relink_dialog(),
            WindowCommand::ShowTaxonomy => {
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.taxonomy.open = file.desk.is_some();
                }
            }
            WindowCommand::CloseTaxonomy => {
                if let Some(file) = self.file.as_mut() {
                    file.desk_windows.taxonomy.open = false;
                }
            }
            WindowCommand::DismissMessages => {
                self.failure = None;
                self.backup_offer = None;
                self.relink_offer = None;
                if let Some(s) = self.file.as_mut() {
                    s.player.dismiss_messages();
                }
            }
        }
    }

    /// Changes the picture's zoom or pan, when a file is open.
    fn with_view(&mut self, change: impl FnOnce(&mut crate::ui::player::video_view::ViewState)) {
        if let Some(file) = self.file.as_mut() {
            change(&mut file.view);
        }
    }
}
