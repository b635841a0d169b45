//! Matching a journal against the saved case: which journal lines are already in the case (same audit
//! sequence and hash), which are unsaved edits to offer for replay, and which cannot be trusted.

use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;
use crate::case::store::case_file::{load_case_with_progress, FileFingerprint};
use crate::case::store::journal::{journal_path, read_journal, JournalContents, JournalRecord};
use crate::case::store::progress::{LoadProgress, LoadStage};
use crate::case::CaseError;
use std::path::Path;

/// What the journal offers after opening a case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recovery {
    /// Acknowledged edits that are not in the saved case, in order; replay restores them all.
    pub records: Vec<JournalRecord>,
    /// Journal lines already contained in the saved case (a crash between save and journal reset).
    pub already_saved: usize,
    /// The last journal line was torn by a crash mid-write and ignored (that edit was never acknowledged).
    pub torn_tail: bool,
    /// Reasons some journal lines could not be used; non-empty means a human should look.
    pub problems: Vec<String>,
}

impl Recovery {
    pub fn has_edits(&self) -> bool {
        !self.records.is_empty()
    }
}

/// Splits journal contents into already-saved and replayable records for `case`.
pub fn plan_recovery(case: &Case, contents: JournalContents) -> Recovery {
    let mut recovery = Recovery { torn_tail: contents.torn_tail, ..Recovery::default() };
    if let Some(line) = contents.damaged_lines.first() {
        recovery.problems.push(format!("journal line {line} is damaged; edits from there on cannot be recovered"));
    }
    let entries = case.audit.entries();
    let saved_last = case.audit.last_sequence();
    let mut head_seq = saved_last;
    let mut head_hash = case.audit.head_hash().to_owned();
    for record in contents.records {
        let seq = record.audit.sequence;
        if seq <= saved_last {
            let saved = usize::try_from(seq).ok().and_then(|s| s.checked_sub(1)).and_then(|i| entries.get(i));
            if saved.map(|e| &e.hash) == Some(&record.audit.hash) {
                recovery.already_saved += 1;
                continue;
            }
            recovery.problems.push(format!(
                "journal entry {seq} disagrees with the saved history; the journal belongs to another version of this case"
            ));
            recovery.records.clear();
            break;
        }
        if seq != head_seq + 1
            || record.audit.prev_hash != head_hash
            || record.audit.hash != record.audit.compute_hash()
        {
            recovery.problems.push(format!(
                "journal entry {seq} does not continue the case history (expected {}); it and later entries are not replayed",
                head_seq + 1
            ));
            break;
        }
        head_seq = seq;
        head_hash = record.audit.hash.clone();
        recovery.records.push(record);
    }
    recovery
}

/// Re-applies every recovered edit to `case` (in memory only) and returns how many were applied.
pub fn replay_into(case: &mut Case, recovery: &Recovery) -> Result<usize, CaseError> {
    for record in &recovery.records {
        let seq = record.audit.sequence;
        // An entry must describe exactly the edit it comes with, and the content that edit leads to.
        if record.audit.change.as_ref().map(|c| &c.after) != Some(&record.edit) {
            return Err(CaseError::Audit(format!(
                "journal entry {seq} does not record the edit it carries; nothing was replayed from it on"
            )));
        }
        record
            .edit
            .clone()
            .apply(case)
            .map_err(|e| CaseError::Audit(format!("journal entry {seq} could not be replayed: {e}")))?;
        if record.audit.content_sha256 != content_sha256(case) {
            return Err(CaseError::Audit(format!(
                "journal entry {seq} records content that its edit does not produce; nothing was replayed from it on"
            )));
        }
        case.audit
            .push_verified(record.audit.clone())
            .map_err(|e| CaseError::Audit(format!("journal entry {seq}: {e}")))?;
    }
    Ok(recovery.records.len())
}

/// Loads the case at `path` and reads its journal, without writing anything.
pub fn load_with_recovery(path: &Path) -> Result<(Case, Recovery, Option<FileFingerprint>), CaseError> {
    load_with_recovery_progress(path, &LoadProgress::default())
}

/// As [`load_with_recovery`], saying how far it has come in `progress` and stopping when it is cancelled.
pub fn load_with_recovery_progress(
    path: &Path,
    progress: &LoadProgress,
) -> Result<(Case, Recovery, Option<FileFingerprint>), CaseError> {
    let (case, fingerprint) = load_case_with_progress(path, progress)?;
    progress.begin(LoadStage::Journal, 0)?;
    let contents = read_journal(&journal_path(path))?;
    let recovery = plan_recovery(&case, contents);
    Ok((case, recovery, fingerprint))
}
