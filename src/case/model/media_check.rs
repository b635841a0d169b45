//! The record of one media check, as stored on the media: when the file was hashed, where, and what was found.
//! The checking itself lives in `case::check`; the record is part of the model so media need not import the check.

use std::fmt::Display;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaCheckOutcome {
    /// The file's SHA-256 is the recorded one.
    Match,
    /// The file exists but its contents changed.
    Mismatch { found_sha256: String },
    /// No file at the relative path or the last absolute path.
    Missing,
    /// The file exists but could not be read.
    Unreadable { message: String },
}

/// One check of one media file, as recorded on the media.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaCheck {
    /// RFC 3339 UTC.
    pub checked_utc: String,
    /// The file that was hashed (or, when missing, the first place looked).
    pub path: PathBuf,
    pub outcome: MediaCheckOutcome,
}

impl MediaCheck {
    pub fn is_match(&self) -> bool {
        self.outcome == MediaCheckOutcome::Match
    }
}

impl Display for MediaCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            MediaCheckOutcome::Match => write!(f, "{}: SHA-256 matches", self.path.display()),
            MediaCheckOutcome::Mismatch { found_sha256 } => {
                write!(f, "{}: SHA-256 MISMATCH — the file changed (now {found_sha256})", self.path.display())
            }
            MediaCheckOutcome::Missing => write!(f, "{}: file MISSING", self.path.display()),
            MediaCheckOutcome::Unreadable { message } => write!(f, "{}: cannot read ({message})", self.path.display()),
        }
    }
}
