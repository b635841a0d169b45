//! Errors the case module returns. Each variant carries what a reviewer needs to act on it:
//! the file, the line and column, the id that was missing, or the schema versions involved.

use std::path::PathBuf;

/// Everything that can go wrong while editing, saving, loading or verifying a case.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("could not {op} {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `message` says what is wrong in plain words (see `store::parse_words`); `near` is the line as found.
    #[error("{} cannot be read as a case: line {line}, column {col}: {message}.{}", .path.display(), quoted(.near))]
    Parse { path: PathBuf, line: usize, col: usize, message: String, near: String },

    #[error("this case was written by a newer ClaimFrame (schema {found}); this version reads up to {supported}")]
    NewerSchema { found: u32, supported: u32 },

    #[error("schema version {found} is older than any this version can migrate (oldest: {oldest})")]
    UnsupportedOldSchema { found: u32, oldest: u32 },

    #[error(
        "refusing to overwrite {path}: the file on disk cannot be read as a case ({reason}); \
         nothing was written. Move it aside, or save again with the explicit overwrite option"
    )]
    RefuseOverwriteUnreadable { path: PathBuf, reason: String },

    #[error("{kind} id {id:?} in {}: {}", .path.display(), crate::case::model::ids::ID_RULE)]
    BadId { path: PathBuf, kind: &'static str, id: String },

    #[error("{}: this case file cannot be used: {message}", .path.display())]
    BadValue { path: PathBuf, message: String },

    #[error("could not serialise the case: {0}")]
    Serialize(String),

    #[error("no {kind} with id {id:?}")]
    NotFound { kind: &'static str, id: String },

    #[error("a {kind} with id {id:?} already exists")]
    DuplicateId { kind: &'static str, id: String },

    #[error("{kind} {id:?} is still used by {used_by}; remove or change those first")]
    InUse { kind: &'static str, id: String, used_by: String },

    #[error("invalid edit: {0}")]
    Invalid(String),

    #[error("journal {path}, line {line}: {message}")]
    Journal { path: PathBuf, line: usize, message: String },

    #[error("audit log: {0}")]
    Audit(String),

    #[error("opening the case was cancelled; nothing was changed")]
    Cancelled,

    #[error("the journal holds {0} unsaved edit(s); replay or discard them before editing")]
    RecoveryPending(usize),

    #[error("the case is still being saved; try again when the save is done")]
    SaveRunning,

    #[error(
        "{case} is open for editing in {holder}; nothing was changed. Close it there first \
         (show, verify and export still read its last saved state)"
    )]
    Locked { case: String, holder: String },

    #[error("{case} is open read-only here{}; nothing was changed", read_only_because(.held_by))]
    ReadOnly { case: String, held_by: Option<String> },

    #[error("the edit was not applied: {reason} ({step} {path}: {source}); {outcome}")]
    NotJournalled {
        step: &'static str,
        path: PathBuf,
        reason: &'static str,
        #[source]
        source: std::io::Error,
        outcome: &'static str,
    },
}

/// " The line reads: `...`", when there is a line to show.
fn quoted(near: &str) -> String {
    if near.is_empty() {
        return String::new();
    }
    format!(" The line reads: {near}")
}

fn read_only_because(held_by: &Option<String>) -> String {
    held_by.as_ref().map_or_else(String::new, |holder| format!(" because it is open for editing in {holder}"))
}

impl CaseError {
    /// A [`BadId`](crate::case::BadId) found in the file at `path` (or the edit named by `path`).
    pub(crate) fn bad_id(path: impl Into<PathBuf>, bad: crate::case::BadId) -> Self {
        Self::BadId { path: path.into(), kind: bad.kind, id: bad.id }
    }

    /// Shorthand for wrapping an I/O error with what was being done and to which path.
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { op, path: path.into(), source }
    }
}
