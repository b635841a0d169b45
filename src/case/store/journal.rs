//! The edit journal next to a case (`<case>.journal`): one line per applied edit, `<sha256> <json>`,
//! fsync'd before the edit is acknowledged. Reading stops cleanly at a torn last line.

use crate::case::edit::history::Applied;
use crate::case::model::audit::AuditEntry;
use crate::case::model::edit::Edit;
use crate::case::store::fsutil;
use crate::case::CaseError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One journal line: the edit as applied and the audit entry it produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalRecord {
    pub audit: AuditEntry,
    pub edit: Edit,
}

impl From<Applied> for JournalRecord {
    fn from(applied: Applied) -> Self {
        Self { audit: applied.audit, edit: applied.edit }
    }
}

/// `case.ron` → `case.ron.journal`.
pub fn journal_path(case_path: &Path) -> PathBuf {
    let mut name = case_path.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// What a journal file holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct JournalContents {
    pub records: Vec<JournalRecord>,
    /// The last line was incomplete or failed its checksum (a crash mid-write); it was ignored.
    pub torn_tail: bool,
    /// Damaged lines before the last one (1-based). Reading stops at the first of them, because
    /// later edits may depend on the lost one.
    pub damaged_lines: Vec<usize>,
}

/// Encodes one record as a journal line (with trailing newline).
pub fn encode_line(record: &JournalRecord) -> Result<String, CaseError> {
    let json = serde_json::to_string(record).map_err(|e| CaseError::Serialize(e.to_string()))?;
    let checksum = hex::encode(Sha256::digest(json.as_bytes()));
    Ok(format!("{checksum} {json}\n"))
}

fn decode_line(line: &str) -> Option<JournalRecord> {
    let (checksum, json) = line.split_once(' ')?;
    if hex::encode(Sha256::digest(json.as_bytes())) != checksum {
        return None;
    }
    serde_json::from_str(json).ok()
}

/// Reads a journal; a missing file is an empty journal.
pub fn read_journal(path: &Path) -> Result<JournalContents, CaseError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(JournalContents::default()),
        Err(e) => return Err(CaseError::io("read journal", path, e)),
    };
    let mut contents = JournalContents::default();
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    // `split` yields an empty final piece after a trailing newline; it is not a line.
    let line_count = if ends_with_newline { lines.len() - 1 } else { lines.len() };
    for (i, raw) in lines.iter().take(line_count).enumerate() {
        let is_last = i + 1 == line_count;
        let complete = !is_last || ends_with_newline;
        let record = std::str::from_utf8(raw).ok().filter(|_| complete).and_then(decode_line);
        match record {
            Some(record) => contents.records.push(record),
            None if is_last => contents.torn_tail = !raw.is_empty() || !complete,
            None => {
                contents.damaged_lines.push(i + 1);
                break;
            }
        }
    }
    Ok(contents)
}

/// An open journal to append to. Opened lazily by the session so opening a case writes nothing.
#[derive(Debug)]
pub struct JournalWriter {
    path: PathBuf,
    file: File,
}

impl JournalWriter {
    /// Opens (creating if needed) for appending; a newly created file is made durable in its folder.
    pub fn open(path: &Path) -> Result<Self, CaseError> {
        let existed = path.exists();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| CaseError::io("open journal", path, e))?;
        if !existed {
            fsutil::sync_parent_dir(path)?;
        }
        Ok(Self { path: path.to_path_buf(), file })
    }

    /// Appends one record and fsyncs; only after this returns Ok may the edit be acknowledged.
    pub fn append(&mut self, record: &JournalRecord) -> Result<(), CaseError> {
        let line = encode_line(record)?;
        self.file.write_all(line.as_bytes()).map_err(|e| CaseError::io("append to journal", &self.path, e))?;
        self.file.sync_data().map_err(|e| CaseError::io("fsync journal", &self.path, e))
    }
}

/// Atomically replaces the journal with an empty one (after the case it fed is durably saved).
pub fn reset_journal(path: &Path) -> Result<(), CaseError> {
    fsutil::write_atomic(path, b"")
}
