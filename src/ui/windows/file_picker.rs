//! The window's own file picker, for desktops without a system file chooser: a path field, the folder's listing
//! (folders first, files filtered by extension unless "all files" is ticked), Up, and a line saying why the system
//! chooser is not used. It serves Open…, New case… and Export's Choose…; what the chosen path is for is kept here,
//! and the check of the path (a file to open must exist, a folder to write into must) is made before it is handed on.

use std::path::{Path, PathBuf};

/// What the picked path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PickFor {
    /// A video or a case to open.
    #[default]
    Open,
    /// Where to write a new case for the video on screen.
    NewCase,
    /// The export's destination file.
    ExportFile,
    /// The export's destination folder (stills).
    ExportFolder,
    /// The folder to look for a case's moved video in.
    RelinkFolder,
}

impl PickFor {
    /// The window's title and its button's word.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            PickFor::Open => ("Open a video or a case", "Open"),
            PickFor::NewCase => ("Where to write the new case", "Create case"),
            PickFor::ExportFile => ("Export to this file", "Choose"),
            PickFor::ExportFolder => ("Export into this folder", "Choose folder"),
            PickFor::RelinkFolder => ("Look for the case's video in this folder", "Look here"),
        }
    }

    /// Whether a folder is picked (only folders are listed).
    pub fn picks_folder(self) -> bool {
        matches!(self, PickFor::ExportFolder | PickFor::RelinkFolder)
    }
}

/// One line of the listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

/// The picker's state while it is shown.
#[derive(Debug, Default)]
pub struct FilePicker {
    pub open: bool,
    pub purpose: PickFor,
    /// Why the system chooser is not used.
    pub why: String,
    /// The folder listed.
    pub dir: PathBuf,
    /// The path as typed or clicked (what the button takes).
    pub path: String,
    /// Extensions (lower case, no dot) the listing shows; empty: every file.
    pub extensions: Vec<&'static str>,
    pub show_all: bool,
    /// The listing of `dir`, and the folder it was read from (read again when `dir` changes).
    entries: Vec<Entry>,
    listed: Option<PathBuf>,
    /// Why the folder could not be listed, or why the path was refused.
    pub error: Option<String>,
}

impl FilePicker {
    /// Shows the picker for `purpose`, starting at `start` (a file: its folder, with its name in the field).
    pub fn show(&mut self, purpose: PickFor, start: &Path, extensions: &[&'static str], why: String) {
        let (dir, path) = if start.is_dir() {
            (start.to_path_buf(), with_separator(start))
        } else {
            let dir = start.parent().filter(|d| d.is_dir()).map_or_else(current_dir, Path::to_path_buf);
            let path = if start.as_os_str().is_empty() { with_separator(&dir) } else { start.display().to_string() };
            (dir, path)
        };
        *self = FilePicker {
            open: true,
            purpose,
            why,
            dir,
            path,
            extensions: extensions.to_vec(),
            ..FilePicker::default()
        };
    }

    /// The listing of the current folder, read when the folder changed since the last call.
    pub fn entries(&mut self) -> &[Entry] {
        if self.listed.as_ref() != Some(&self.dir) {
            self.listed = Some(self.dir.clone());
            match list_dir(&self.dir) {
                Ok(entries) => {
                    self.entries = entries;
                    self.error = None;
                }
                Err(e) => {
                    self.entries.clear();
                    self.error = Some(format!("{} cannot be listed: {e}", self.dir.display()));
                }
            }
        }
        &self.entries
    }

    /// Whether `entry` is shown: folders always; files by extension unless every file is shown (folders only when a
    /// folder is picked).
    pub fn shows(&self, entry: &Entry) -> bool {
        if entry.is_dir {
            return true;
        }
        if self.purpose.picks_folder() {
            return false;
        }
        self.show_all || self.extensions.is_empty() || {
            let lower = entry.name.to_lowercase();
            self.extensions.iter().any(|ext| lower.ends_with(&format!(".{ext}")))
        }
    }

    /// Goes into `name` (a folder of the listing), or up with `..`.
    pub fn enter(&mut self, name: &str) {
        let next = if name == ".." { self.dir.parent().map(Path::to_path_buf) } else { Some(self.dir.join(name)) };
        if let Some(dir) = next {
            self.path = with_separator(&dir);
            self.dir = dir;
        }
    }

    /// Puts file `name` of the listing into the path field.
    pub fn select(&mut self, name: &str) {
        self.path = self.dir.join(name).display().to_string();
    }

    /// The typed path when it fits the purpose; else why not, in words. A typed folder is listed instead.
    pub fn take(&mut self) -> Option<PathBuf> {
        let typed = self.path.trim();
        if typed.is_empty() {
            self.error = Some("Type a path or click a file.".to_owned());
            return None;
        }
        let path = PathBuf::from(typed);
        match check_pick(self.purpose, &path) {
            Ok(()) => Some(path),
            Err(Refused::IsFolder) => {
                self.dir = path;
                None
            }
            Err(Refused::Words(why)) => {
                self.error = Some(why);
                None
            }
        }
    }
}

/// Why a path was not taken: a folder to be listed, or a reason.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    IsFolder,
    Words(String),
}

/// Whether `path` can serve `purpose`: a file to open must exist; a file to write needs an existing folder; a folder
/// to export into or to look in must exist.
pub fn check_pick(purpose: PickFor, path: &Path) -> Result<(), Refused> {
    let shown = path.display();
    match purpose {
        PickFor::ExportFolder | PickFor::RelinkFolder if path.is_dir() => Ok(()),
        PickFor::ExportFolder | PickFor::RelinkFolder => Err(Refused::Words(format!("{shown} is not a folder."))),
        _ if path.is_dir() => Err(Refused::IsFolder),
        PickFor::Open if path.is_file() => Ok(()),
        PickFor::Open => Err(Refused::Words(format!("{shown} does not exist."))),
        PickFor::NewCase | PickFor::ExportFile => match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) if !dir.is_dir() => Err(Refused::Words(format!("The folder {} does not exist.", dir.display()))),
            _ if path.file_name().is_none() => Err(Refused::Words(format!("{shown} names no file."))),
            _ => Ok(()),
        },
    }
}

/// `dir`'s folders then files, each sorted by name; hidden ones (a leading dot) left out.
fn list_dir(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.path().is_dir();
            (!name.starts_with('.')).then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    Ok(entries)
}

fn with_separator(dir: &Path) -> String {
    let mut text = dir.display().to_string();
    if !text.ends_with(std::path::MAIN_SEPARATOR) {
        text.push(std::path::MAIN_SEPARATOR);
    }
    text
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pick_is_checked_against_what_it_is_for() {
        let dir = std::env::temp_dir().join(format!("claimframe-picker-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("sub"));
        let file = dir.join("clip.mp4");
        let _ = std::fs::write(&file, b"x");
        assert_eq!(check_pick(PickFor::Open, &file), Ok(()));
        assert!(
            matches!(check_pick(PickFor::Open, &dir.join("none.mp4")), Err(Refused::Words(w)) if w.contains("does not exist"))
        );
        assert_eq!(check_pick(PickFor::Open, &dir), Err(Refused::IsFolder));
        assert_eq!(check_pick(PickFor::NewCase, &dir.join("new.case.ron")), Ok(()));
        assert!(matches!(check_pick(PickFor::ExportFile, &dir.join("no/x.html")), Err(Refused::Words(_))));
        assert_eq!(check_pick(PickFor::ExportFolder, &dir), Ok(()));
        assert!(matches!(check_pick(PickFor::ExportFolder, &file), Err(Refused::Words(_))));

        let mut picker = FilePicker::default();
        picker.show(PickFor::Open, &file, &["mp4", "ron"], "why".into());
        assert_eq!(picker.dir, dir);
        let names: Vec<String> = picker.entries().iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, ["sub", "clip.mp4"]);
        assert!(!picker.shows(&Entry { name: "notes.txt".into(), is_dir: false }));
        assert!(picker.shows(&Entry { name: "CLIP.MP4".into(), is_dir: false }));
        picker.enter("sub");
        assert_eq!(picker.dir, dir.join("sub"));
        picker.enter("..");
        picker.select("clip.mp4");
        assert_eq!(picker.take(), Some(file));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
