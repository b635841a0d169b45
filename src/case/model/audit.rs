//! The append-only audit log kept inside the case: each entry is hashed (SHA-256 over its canonical JSON,
//! including the previous entry's hash), so editing, removing or reordering history breaks the chain. Each entry
//! also records the whole change (the edit and its inverse: every field after and before) and the SHA-256 of the
//! case's canonical content after it (see [`content_sha256`](crate::case::content_sha256)), so the chain covers the
//! content: a change made outside ClaimFrame no longer matches the head.

use crate::case::model::edit::Edit;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The whole of one change: the edit as applied and the edit that undoes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditChange {
    /// What was applied (for an update: the whole new item).
    pub after: Edit,
    /// What undoes it (for an update: the whole old item; for an addition: the removal).
    pub before: Edit,
}

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuditEntry {
    /// 1 for the first entry, then +1 each time.
    pub sequence: u64,
    /// RFC 3339 UTC.
    pub time_utc: String,
    pub reviewer: String,
    /// Machine-readable action, e.g. `add_event` or `undo add_event`.
    pub action: String,
    /// Human-readable summary.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
    /// The whole change (none on entries written before content was chained).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<AuditChange>,
    /// SHA-256 (hex) of the case's canonical content after this entry; empty on entries written before.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub content_sha256: String,
}

/// The fields covered by the hash, in a fixed order; serde_json writes struct fields in declaration
/// order, which makes this serialisation canonical.
#[derive(Serialize)]
struct HashedFields<'a> {
    sequence: u64,
    time_utc: &'a str,
    reviewer: &'a str,
    action: &'a str,
    details: &'a str,
    prev_hash: &'a str,
    // Absent on older entries, so their hashes still verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'a AuditChange>,
    #[serde(skip_serializing_if = "str::is_empty")]
    content_sha256: &'a str,
}

impl AuditEntry {
    /// SHA-256 (hex) of the canonical serialisation of every field but `hash`.
    pub fn compute_hash(&self) -> String {
        let fields = HashedFields {
            sequence: self.sequence,
            time_utc: &self.time_utc,
            reviewer: &self.reviewer,
            action: &self.action,
            details: &self.details,
            prev_hash: &self.prev_hash,
            change: self.change.as_ref(),
            content_sha256: &self.content_sha256,
        };
        // Serialising to a Vec cannot fail for these types; an empty input would still hash, and then never
        // match, so a failure could not pass verification silently.
        let canonical = serde_json::to_vec(&fields).unwrap_or_default();
        hex::encode(Sha256::digest(&canonical))
    }
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditBreak {
    /// The entry's content no longer matches its hash (edited).
    HashMismatch { index: usize, sequence: u64 },
    /// The entry does not point at the hash of the one before it (removed, inserted or reordered).
    PrevHashMismatch { index: usize, sequence: u64 },
    /// Sequence numbers are not 1, 2, 3, … (removed or reordered).
    SequenceGap { index: usize, expected: u64, found: u64 },
}

impl std::fmt::Display for AuditBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::HashMismatch { index, sequence } => {
                write!(f, "entry #{index} (sequence {sequence}) was altered: its hash does not match")
            }
            Self::PrevHashMismatch { index, sequence } => write!(
                f,
                "entry #{index} (sequence {sequence}) does not follow the entry before it (removed or reordered history)"
            ),
            Self::SequenceGap { index, expected, found } => {
                write!(f, "entry #{index} has sequence {found}, expected {expected}")
            }
        }
    }
}

/// The log itself. Only `append` and `push_verified` add entries; nothing removes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct AuditLog {
    entries: Vec<AuditEntry>,
}

impl AuditLog {
    /// A log read from a file, as deserialisation would build it (the chain is checked by `verify`, not here).
    pub(crate) fn from_entries(entries: Vec<AuditEntry>) -> Self {
        Self { entries }
    }

    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn last_sequence(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.sequence)
    }

    /// Hash of the newest entry (the chain head), or `GENESIS_HASH` when empty.
    pub fn head_hash(&self) -> &str {
        self.entries.last().map_or(GENESIS_HASH, |e| e.hash.as_str())
    }

    /// Appends a new entry chained to the head and returns it.
    pub fn append(&mut self, time_utc: String, reviewer: &str, action: &str, details: String) -> &AuditEntry {
        self.append_change(time_utc, reviewer, action, details, None, String::new())
    }

    /// Appends an entry recording `change` and the content hash after it, chained to the head, and returns it.
    pub fn append_change(
        &mut self,
        time_utc: String,
        reviewer: &str,
        action: &str,
        details: String,
        change: Option<AuditChange>,
        content_sha256: String,
    ) -> &AuditEntry {
        let mut entry = AuditEntry {
            sequence: self.last_sequence() + 1,
            time_utc,
            reviewer: reviewer.to_owned(),
            action: action.to_owned(),
            details,
            prev_hash: self.head_hash().to_owned(),
            hash: String::new(),
            change,
            content_sha256,
        };
        entry.hash = entry.compute_hash();
        self.entries.push(entry);
        let last = self.entries.len() - 1;
        &self.entries[last]
    }

    /// Appends an entry made elsewhere (journal replay) only if it chains onto the head exactly.
    pub fn push_verified(&mut self, entry: AuditEntry) -> Result<(), AuditBreak> {
        let index = self.entries.len();
        if entry.sequence != self.last_sequence() + 1 {
            return Err(AuditBreak::SequenceGap { index, expected: self.last_sequence() + 1, found: entry.sequence });
        }
        if entry.prev_hash != self.head_hash() {
            return Err(AuditBreak::PrevHashMismatch { index, sequence: entry.sequence });
        }
        if entry.hash != entry.compute_hash() {
            return Err(AuditBreak::HashMismatch { index, sequence: entry.sequence });
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Removes the newest entry. Only for rolling back an edit whose journal write failed, before
    /// the edit was acknowledged to anyone.
    pub(crate) fn pop_unacknowledged(&mut self) -> Option<AuditEntry> {
        self.entries.pop()
    }

    /// Every break in the chain; empty when the history is intact.
    pub fn verify(&self) -> Vec<AuditBreak> {
        verify_audit_chain(&self.entries)
    }
}

/// Checks sequence numbers, hashes and hash links of `entries`; empty result means intact.
/// Removing entries from the end cannot be detected from the log alone: record `head_hash()`
/// elsewhere (an export, a citation) to pin it.
pub fn verify_audit_chain(entries: &[AuditEntry]) -> Vec<AuditBreak> {
    let mut breaks = Vec::new();
    let mut prev_hash = GENESIS_HASH;
    for (index, entry) in entries.iter().enumerate() {
        let expected = index as u64 + 1;
        if entry.sequence != expected {
            breaks.push(AuditBreak::SequenceGap { index, expected, found: entry.sequence });
        }
        if entry.prev_hash != prev_hash {
            breaks.push(AuditBreak::PrevHashMismatch { index, sequence: entry.sequence });
        }
        if entry.hash != entry.compute_hash() {
            breaks.push(AuditBreak::HashMismatch { index, sequence: entry.sequence });
        }
        prev_hash = &entry.hash;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_of(n: usize) -> AuditLog {
        let mut log = AuditLog::default();
        for i in 0..n {
            log.append(format!("2025-01-01T00:00:0{i}.000Z"), "ana", "add_event", format!("event e{i}"));
        }
        log
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(log_of(5).verify(), vec![]);
    }

    #[test]
    fn edit_remove_reorder_are_detected() {
        let mut edited = log_of(5);
        edited.entries[2].details = "event e9".into();
        assert!(edited.verify().contains(&AuditBreak::HashMismatch { index: 2, sequence: 3 }));

        let mut rehashed = log_of(5);
        rehashed.entries[2].details = "event e9".into();
        rehashed.entries[2].hash = rehashed.entries[2].compute_hash();
        assert!(rehashed.verify().contains(&AuditBreak::PrevHashMismatch { index: 3, sequence: 4 }));

        let mut removed = log_of(5);
        removed.entries.remove(1);
        assert!(!removed.verify().is_empty());

        let mut reordered = log_of(5);
        reordered.entries.swap(1, 3);
        assert!(!reordered.verify().is_empty());

        let mut first_removed = log_of(5);
        first_removed.entries.remove(0);
        assert!(!first_removed.verify().is_empty());
    }

    #[test]
    fn push_verified_rejects_foreign_entries() {
        let source = log_of(3);
        let mut copy = log_of(2);
        assert_eq!(copy.push_verified(source.entries[2].clone()), Ok(()));
        let mut other = log_of(1);
        assert!(other.push_verified(source.entries[2].clone()).is_err());
    }
}
