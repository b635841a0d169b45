//! Open…, New case… and Export's Choose…: the system file chooser when the desktop has one, else the window's own
//! picker with a line saying why — never a button that silently does nothing. Whether there is a system chooser is
//! asked once per window (see `platform::file_chooser`).

use std::path::{Path, PathBuf};

use crate::exchange::ExportFormat;
use crate::ui::app::ClaimFrameApp;
use crate::ui::platform::file_chooser::system_file_chooser;
use crate::ui::windows::file_picker::PickFor;

/// What Open… lists: videos and cases.
const OPEN_EXTENSIONS: [&str; 9] = ["mp4", "mov", "m4v", "mkv", "avi", "webm", "mts", "ts", "ron"];

impl ClaimFrameApp {
    /// Why the system chooser cannot be used (asked the first time only), or `None` when it can.
    fn no_system_chooser(&mut self) -> Option<String> {
        self.chooser.get_or_insert_with(system_file_chooser).clone().err()
    }

    /// Open…: a video or a case.
    pub(super) fn open_dialog(&mut self) {
        let start = self.file.as_ref().and_then(|f| f.target.video.parent().map(Path::to_path_buf)).unwrap_or_default();
        if let Some(why) = self.no_system_chooser() {
            self.picker.show(PickFor::Open, &start, &OPEN_EXTENSIONS, why);
            return;
        }
        let picked = rfd::FileDialog::new()
            .add_filter("Video or case", &OPEN_EXTENSIONS)
            .add_filter("All files", &["*"])
            .pick_file();
        if let Some(path) = picked {
            self.open(&path);
        }
    }

    /// Export's Choose…: the destination file, or folder for stills.
    pub(super) fn choose_export_path(&mut self) {
        let current = PathBuf::from(self.export.output.trim());
        let for_folder = self.export.format == ExportFormat::Stills;
        if let Some(why) = self.no_system_chooser() {
            let purpose = if for_folder { PickFor::ExportFolder } else { PickFor::ExportFile };
            self.picker.show(purpose, &current, &[], why);
            return;
        }
        let dialog = rfd::FileDialog::new();
        let dialog = match (current.parent(), current.file_name()) {
            (Some(dir), Some(name)) => dialog.set_directory(dir).set_file_name(name.to_string_lossy()),
            _ => dialog,
        };
        let picked = if for_folder { dialog.pick_folder() } else { dialog.save_file() };
        if let Some(path) = picked {
            self.export.output = path.display().to_string();
        }
    }

    /// New case…: where to write a case for the video on screen.
    pub(super) fn new_case_dialog(&mut self) {
        let Some(video) = self.file.as_ref().map(|s| s.target.video.clone()) else { return };
        let stem = video.file_stem().map_or_else(|| "review".into(), |s| s.to_string_lossy().into_owned());
        let name = format!("{stem}.case.ron");
        if let Some(why) = self.no_system_chooser() {
            let start = video.parent().map_or_else(|| PathBuf::from(&name), |dir| dir.join(&name));
            self.picker.show(PickFor::NewCase, &start, &["ron"], why);
            return;
        }
        let dialog = rfd::FileDialog::new().set_file_name(name);
        let dialog = match video.parent() {
            Some(dir) => dialog.set_directory(dir),
            None => dialog,
        };
        if let Some(path) = dialog.save_file() {
            self.create_case_for_video(&path);
        }
    }

    /// Look for it in a folder…: where a case's moved video may be now.
    pub(super) fn relink_dialog(&mut self) {
        let Some(case) = self.relink_offer.clone() else { return };
        let start = case.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if let Some(why) = self.no_system_chooser() {
            self.picker.show(PickFor::RelinkFolder, &start, &[], why);
            return;
        }
        if let Some(folder) = rfd::FileDialog::new().set_directory(&start).pick_folder() {
            self.relink_in(&folder);
        }
    }

    /// The window's picker handed on `path`: used for what the picker was opened for.
    pub(super) fn picked(&mut self, path: PathBuf) {
        self.picker.open = false;
        match self.picker.purpose {
            PickFor::Open => self.open(&path),
            PickFor::NewCase => self.create_case_for_video(&path),
            PickFor::ExportFile | PickFor::ExportFolder => self.export.output = path.display().to_string(),
            PickFor::RelinkFolder => self.relink_in(&path),
        }
    }
}
