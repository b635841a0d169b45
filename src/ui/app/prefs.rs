//! The window's preferences, persisted with eframe's storage: recent files and where each was left (frame and
//! timeline zoom), volume, mute, the reviewer's name, blind mode, which panels are shown and whether the picture has
//! the window to itself. Never case data — cases live in their own files. `#[serde(default)]` keeps old preference
//! files loading.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub const RECENT_FILES_MAX: usize = 10;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Prefs {
    pub recent_files: Vec<PathBuf>,
    pub volume: f32,
    pub muted: bool,
    /// The name stamped on coded events and audit entries.
    pub reviewer: String,
    /// Which coding panels are shown (their sizes are kept by egui's own memory).
    pub show_events: bool,
    pub show_claims: bool,
    pub show_timeline: bool,
    /// Blind mode: the panels show only the reviewer's own events, links and tallies.
    pub blind: bool,
    /// The picture has most of the window: the coding panels are hidden (Ctrl+Shift+F brings them back).
    pub focus_picture: bool,
    /// Where each of the last files was left, newest first (at most [`RECENT_FILES_MAX`]).
    pub positions: Vec<FilePosition>,
}

/// Where a file was left: the camera and frame on screen and the timeline's visible range.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct FilePosition {
    /// The file as it was opened (a case, or a bare video).
    pub path: PathBuf,
    /// For a case, the media file on screen (of a case with several cameras, the one focused): `frame` is its.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_id: Option<crate::case::MediaId>,
    pub frame: usize,
    /// The timeline's left edge (a frame position) and zoom, when a timeline was shown.
    pub timeline: Option<TimelineView>,
}

/// The timeline's visible range, as its viewport keeps it.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TimelineView {
    pub first_frame: f64,
    pub px_per_frame: f64,
}

impl Default for Prefs {
    fn default() -> Self {
        let reviewer = crate::case::default_reviewer();
        Prefs {
            recent_files: Vec::new(),
            volume: 0.8,
            muted: false,
            reviewer,
            show_events: true,
            show_claims: true,
            show_timeline: true,
            blind: false,
            focus_picture: false,
            positions: Vec::new(),
        }
    }
}

impl Prefs {
    /// What the coding panels may show: in blind mode, only the reviewer's own coding.
    pub fn visibility(&self) -> crate::case::Visibility {
        if self.blind {
            crate::case::Visibility::blind_for(&self.reviewer)
        } else {
            crate::case::Visibility::all()
        }
    }

    /// Puts `path` first in the recent list (once), keeping at most [`RECENT_FILES_MAX`].
    pub fn remember(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(RECENT_FILES_MAX);
    }

    /// Where `path` was left, if it is one of the last files.
    pub fn position_of(&self, path: &std::path::Path) -> Option<&FilePosition> {
        self.positions.iter().find(|p| p.path == path)
    }

    /// Records where a file is now (first in the list; older files beyond [`RECENT_FILES_MAX`] are forgotten).
    pub fn set_position(&mut self, position: FilePosition) {
        if self.positions.first() == Some(&position) {
            return;
        }
        self.positions.retain(|p| p.path != position.path);
        self.positions.insert(0, position);
        self.positions.truncate(RECENT_FILES_MAX);
    }

    /// The newest recent file that still exists: what the window opens when started without one.
    pub fn last_file(&self) -> Option<&PathBuf> {
        self.recent_files.iter().find(|p| p.is_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_keep_the_newest_of_the_last_files() {
        let mut prefs = Prefs::default();
        for i in 0..=RECENT_FILES_MAX {
            prefs.set_position(FilePosition { path: format!("f{i}").into(), frame: i, ..FilePosition::default() });
        }
        assert_eq!(prefs.positions.len(), RECENT_FILES_MAX);
        assert_eq!(prefs.position_of(std::path::Path::new("f0")), None);
        let view = Some(TimelineView { first_frame: 400.0, px_per_frame: 6.0 });
        prefs.set_position(FilePosition { path: "f3".into(), frame: 500, timeline: view, ..FilePosition::default() });
        assert_eq!(prefs.positions[0].path, PathBuf::from("f3"));
        assert_eq!(prefs.position_of(std::path::Path::new("f3")).map(|p| (p.frame, p.timeline)), Some((500, view)));
        assert_eq!(prefs.positions.len(), RECENT_FILES_MAX);
        let Ok(text) = ron::to_string(&prefs) else { panic!("prefs did not serialise") };
        let Ok(back) = ron::from_str::<Prefs>(&text) else { panic!("prefs did not read back") };
        assert_eq!(back, prefs);
        let Ok(old) = ron::from_str::<Prefs>("(volume: 0.5)") else { panic!("old prefs refused") };
        assert!(old.positions.is_empty());
    }
}
