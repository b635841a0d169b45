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

/// What was known about the media file's identity when an event was coded on it. Recorded on the event, so a
/// report can say which observations were made on footage already proven to be the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum MediaAtCoding {
    /// Not recorded: events coded before ClaimFrame kept this, and imported events.
    #[default]
    NotRecorded,
    /// The file's SHA-256 had been computed and matched the case.
    Verified,
    /// The file was still being hashed.
    Hashing,
    /// The file's SHA-256 did not match the case (or the file could not be hashed).
    Mismatch,
}

impl MediaAtCoding {
    pub fn is_not_recorded(&self) -> bool {
        *self == Self::NotRecorded
    }

    /// The state of a file whose case records `expected_sha256` (empty: nothing to check against), given the
    /// file's digest once hashed (`None` while hashing) and whether hashing failed.
    pub fn from_hash(expected_sha256: &str, found_sha256: Option<&str>, hash_failed: bool) -> Self {
        if expected_sha256.trim().is_empty() {
            return Self::NotRecorded;
        }
        match found_sha256 {
            Some(found) if crate::case::model::media::same_digest(expected_sha256, found) => Self::Verified,
            Some(_) => Self::Mismatch,
            None if hash_failed => Self::Mismatch,
            None => Self::Hashing,
        }
    }

    /// A short code for table cells: `verified`, `hashing`, `mismatch`, or empty when not recorded.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotRecorded => "",
            Self::Verified => "verified",
            Self::Hashing => "hashing",
            Self::Mismatch => "mismatch",
        }
    }

    /// Words for tables and reports; empty when verified or not recorded (nothing to warn about).
    pub fn warning(&self) -> Option<&'static str> {
        match self {
            Self::NotRecorded | Self::Verified => None,
            Self::Hashing => Some("coded while the file was still being hashed"),
            Self::Mismatch => Some("coded on a file whose SHA-256 did not match the case"),
        }
    }
}

impl Display for MediaAtCoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotRecorded => "not recorded",
            Self::Verified => "verified (SHA-256 matched the case)",
            Self::Hashing => "unverified (still being hashed)",
            Self::Mismatch => "MISMATCH (SHA-256 did not match the case)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::MediaAtCoding;

    #[test]
    fn the_state_follows_the_hash() {
        let want = "AB12";
        assert_eq!(MediaAtCoding::from_hash(want, None, false), MediaAtCoding::Hashing);
        assert_eq!(MediaAtCoding::from_hash(want, Some("ab12"), false), MediaAtCoding::Verified);
        assert_eq!(MediaAtCoding::from_hash(want, Some("ab13"), false), MediaAtCoding::Mismatch);
        assert_eq!(MediaAtCoding::from_hash(want, None, true), MediaAtCoding::Mismatch);
        assert_eq!(MediaAtCoding::from_hash("", Some("ab12"), false), MediaAtCoding::NotRecorded);
        assert!(MediaAtCoding::Hashing.warning().is_some() && MediaAtCoding::Verified.warning().is_none());
    }
}
