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

/// The text of a journal holding exactly `records`, one checked line each (empty for none).
pub fn journal_text(records: &[JournalRecord]) -> Result<String, CaseError> {
    records.iter().map(encode_line).collect()
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
    if bytes.is_empty() {
        // A fresh (or cut back to nothing) journal: no line, so no torn line either.
        return Ok(contents);
    }
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

/// Where a journal writer's bytes go: the journal file itself, or in tests a double that fails on cue.
pub trait JournalSink: std::fmt::Debug + Send {
    /// Appends all of `bytes` at the end (a failure may leave part of them written).
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    /// Makes what was appended durable (fsync).
    fn sync(&mut self) -> std::io::Result<()>;
    /// Cuts the file back to `len_bytes` and makes that durable.
    fn truncate(&mut self, len_bytes: u64) -> std::io::Result<()>;
}

impl JournalSink for File {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write_all(bytes)
    }

    fn sync(&mut self) -> std::io::Result<()> {
        self.sync_data()
    }

    fn truncate(&mut self, len_bytes: u64) -> std::io::Result<()> {
        self.set_len(len_bytes)?;
        self.sync_data()
    }
}

/// Wraps the opened journal file in another sink (fault injection in tests); see `CaseSession::set_journal_sink`.
#[derive(Clone)]
pub struct SinkFactory(pub std::sync::Arc<dyn Fn(File) -> Box<dyn JournalSink> + Send + Sync>);

impl std::fmt::Debug for SinkFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SinkFactory")
    }
}

/// An open journal to append to. Opened lazily by the session so opening a case writes nothing. It remembers the
/// length of its last complete line: a failed append is cut back to it, and while that fails nothing is appended
/// (a line glued onto a torn one would fail its checksum and take every later edit down with it at recovery).
#[derive(Debug)]
pub struct JournalWriter {
    path: PathBuf,
    sink: Box<dyn JournalSink>,
    good_len_bytes: u64,
    /// A failed append could not be cut back: the file may end in a partial line.
    torn: bool,
}

/// What a failed journal write means for the reviewer, in words.
fn failure_reason(source: &std::io::Error, step: &'static str) -> &'static str {
    match source.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full",
        std::io::ErrorKind::QuotaExceeded => "the disk quota is used up",
        _ if step == FSYNC => "the disk did not confirm the write",
        _ => "the journal could not be written",
    }
}

const APPEND: &str = "could not append to the journal";
const FSYNC: &str = "could not fsync the journal";
const CUT_BACK: &str = "could not cut back the journal";
const CUT_BACK_DONE: &str = "the journal was cut back to its last complete edit, so every earlier edit is still safe";
const CUT_BACK_FAILED: &str = "the journal could not be cut back to its last complete edit, so no further edit is \
                               accepted until the case is saved (every earlier edit is still in the journal)";

impl JournalWriter {
    /// Opens (creating if needed) for appending; a newly created file is made durable in its folder.
    pub fn open(path: &Path, factory: Option<&SinkFactory>) -> Result<Self, CaseError> {
        let existed = path.exists();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| CaseError::io("open journal", path, e))?;
        if !existed {
            fsutil::sync_parent_dir(path)?;
        }
        let good_len_bytes = file.metadata().map_err(|e| CaseError::io("inspect journal", path, e))?.len();
        let sink: Box<dyn JournalSink> = match factory {
            Some(factory) => (factory.0)(file),
            None => Box::new(file),
        };
        Ok(Self { path: path.to_path_buf(), sink, good_len_bytes, torn: false })
    }

    /// Appends one record and fsyncs; only after this returns Ok may the edit be acknowledged. On failure the file
    /// is cut back to its last complete line and the error says, in words, that the edit was not applied.
    pub fn append(&mut self, record: &JournalRecord) -> Result<(), CaseError> {
        if self.torn {
            self.sink.truncate(self.good_len_bytes).map_err(|e| self.refusal(CUT_BACK, e, CUT_BACK_FAILED))?;
            self.torn = false;
        }
        let line = encode_line(record)?;
        let written = match self.sink.append(line.as_bytes()) {
            Ok(()) => self.sink.sync().map_err(|e| (FSYNC, e)),
            Err(e) => Err((APPEND, e)),
        };
        let Err((step, source)) = written else {
            self.good_len_bytes += line.len() as u64;
            return Ok(());
        };
        self.torn = self.sink.truncate(self.good_len_bytes).is_err();
        Err(self.refusal(step, source, if self.torn { CUT_BACK_FAILED } else { CUT_BACK_DONE }))
    }

    fn refusal(&self, step: &'static str, source: std::io::Error, outcome: &'static str) -> CaseError {
        let reason = failure_reason(&source, step);
        CaseError::NotJournalled { step, path: self.path.clone(), reason, source, outcome }
    }
}

/// Atomically replaces the journal with an empty one (after the case it fed is durably saved).
pub fn reset_journal(path: &Path) -> Result<(), CaseError> {
    fsutil::write_atomic(path, b"")
}
