//! Rebuilding content from a log: its last whole-content entry (creation or migration), then every change after it.
//! `verify` replays a case's log to name what changed outside ClaimFrame; a merge replays a reviewer's copy up to its
//! fork entry to know what the copy started from; and a merged chain is replayed to check its recorded content.

use crate::case::edit::history::{CREATE_ACTION, MIGRATE_ACTION};
use crate::case::model::audit::AuditEntry;
use crate::case::model::case::Case;

/// The content the log `entries` describes.
pub fn replay(entries: &[AuditEntry]) -> Result<Case, String> {
    let start = entries
        .iter()
        .rposition(|e| e.action == CREATE_ACTION || e.action == MIGRATE_ACTION)
        .ok_or_else(|| "the log has no creation or migration entry to start from".to_owned())?;
    let mut case = Case::default();
    for entry in &entries[start..] {
        let Some(change) = &entry.change else {
            return Err(format!("entry {} records no change", entry.sequence));
        };
        change.after.clone().apply(&mut case).map_err(|e| format!("entry {} does not apply: {e}", entry.sequence))?;
    }
    Ok(case)
}
