//! A save taken out of the session so it can run on another thread: a shared, read-only copy of the case as it
//! was when the save began, signed and written there, while the session keeps taking edits. The session puts the
//! outcome back with [`CaseSession::finish_save`](super::session::CaseSession::finish_save), on its own thread,
//! which is where the journal is reset: the case file is durable first, so a crash at any point leaves every
//! acknowledged edit in the case file or in the journal (recovery skips journal lines the case already holds).

use crate::case::model::case::Case;
use crate::case::store::case_file::{case_to_ron_signed, save_case_text, FileFingerprint, SaveOptions};
use crate::case::store::keys::ReviewerKey;
use crate::case::{CaseError, HeadSignature, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A save begun by [`CaseSession::begin_save`](super::session::CaseSession::begin_save), not yet written.
#[derive(Debug)]
pub struct SaveJob {
    pub(super) path: PathBuf,
    /// The case as it was when the save began (shared with the session until its text is made, or until the
    /// session's next edit, which then works on a copy).
    pub(super) case: Arc<Case>,
    pub(super) options: SaveOptions,
    /// The case file's fingerprint from its last load or save, to notice a file changed by someone else.
    pub(super) known: Option<FileFingerprint>,
    /// Who signs the saved head.
    pub(super) signer: String,
}

/// What writing a [`SaveJob`] came to.
#[derive(Debug)]
pub struct SaveWritten {
    /// The new file's fingerprint, or why nothing was saved (the case file on disk is then as it was).
    pub(super) result: Result<Option<FileFingerprint>, CaseError>,
    /// The signature written with the case (`None`: the head was signed by this key already, or could not be).
    pub(super) signature: Option<HeadSignature>,
    /// Why the head could not be signed, if it could not.
    pub(super) unsigned_because: Option<String>,
}

impl SaveJob {
    /// The case file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Signs the head with the signer's key (made on first use) and writes the case file atomically. A key that
    /// cannot be made or read does not stop the save: the work is kept, and the outcome says why it is unsigned.
    pub fn write(self) -> SaveWritten {
        let (signature, unsigned_because) = match ReviewerKey::load_or_create(&self.signer) {
            Ok(key) => (key.head_signature(&self.case, &SystemClock), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let more: Vec<HeadSignature> = signature.iter().cloned().collect();
        let text = case_to_ron_signed(&self.case, &more);
        // The text is all the file needs: let the session's next edit work on the case itself, not on a copy,
        // while the file is written and flushed to disk.
        drop(self.case);
        let result = text.and_then(|text| save_case_text(&self.path, &text, self.options, self.known.as_ref()));
        SaveWritten { result, signature, unsigned_because }
    }
}

impl SaveWritten {
    /// A save that wrote nothing, for `error`.
    pub fn failed(error: CaseError) -> Self {
        Self { result: Err(error), signature: None, unsigned_because: None }
    }

    /// Whether the case file was written.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}
