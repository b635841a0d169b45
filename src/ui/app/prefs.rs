//! The window's preferences, persisted with eframe's storage: recent files, volume, mute, the reviewer's name,
//! blind mode, which panels are shown and whether the picture has the window to itself. Never case data — cases
//! live in their own files. `#[serde(default)]` keeps old preference files loading.

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
}
