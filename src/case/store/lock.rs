//! One writer at a time. A session that has a case open for editing holds an OS advisory lock (`flock` on Unix,
//! through `std::fs::File::try_lock`) on `<case>.lock` beside it; the file's one JSON line says who holds it. The
//! OS drops the lock when the process dies, so a lock file whose lock is free is stale and is simply taken over.
//! Readers only probe (a shared lock, released at once) and never create or write the file.

use crate::case::model::time::{Clock, SystemClock};
use crate::case::CaseError;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What an I/O error says it was doing when the lock file could not be opened (callers match on it).
pub const LOCK_FILE_OP: &str = "open the lock file";

/// A reader's probe holds the lock for a moment; a writer that finds it taken retries this long before refusing.
const ACQUIRE_PATIENCE_MILLIS: u64 = 300;
const ACQUIRE_RETRY_MILLIS: u64 = 25;

/// Who has a case open for editing, as its lock file records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub program: String,
    pub pid: u32,
    pub host: String,
    pub since_utc: String,
}

impl LockHolder {
    /// This process, now.
    pub fn this_process() -> Self {
        let program = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "claimframe".to_owned());
        Self {
            program,
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            since_utc: SystemClock.now_rfc3339(),
        }
    }
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (pid {} on host {}, since {})", self.program, self.pid, self.host, self.since_utc)
    }
}

/// The holder in words; a lock file that does not say who holds it yet still names "another process".
fn describe(holder: Option<&LockHolder>) -> String {
    holder.map_or_else(|| "another process (it has not written who it is)".to_owned(), LockHolder::to_string)
}

/// `case.ron` → `case.ron.lock`.
pub fn lock_path(case_path: &Path) -> PathBuf {
    let mut name = case_path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn case_name(case_path: &Path) -> String {
    case_path.file_name().map_or_else(|| case_path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn read_holder(file: &mut File) -> Option<LockHolder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(text.trim()).ok()
}

/// The lock on a case, held while this value lives. Dropping it clears the file and the OS releases the lock.
/// The file itself stays (deleting it would let a waiting process lock a name that no longer exists).
#[derive(Debug)]
pub struct CaseLock {
    file: File,
    /// Who had left the lock file behind without holding the lock (a process that died), if anyone.
    took_over: Option<LockHolder>,
}

impl CaseLock {
    /// Takes the lock on `case_path` for this process, or refuses with who holds it.
    pub fn acquire(case_path: &Path) -> Result<Self, CaseError> {
        let path = lock_path(case_path);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| CaseError::io(LOCK_FILE_OP, &path, e))?;
        let mut waited_millis = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if waited_millis < ACQUIRE_PATIENCE_MILLIS => {
                    std::thread::sleep(Duration::from_millis(ACQUIRE_RETRY_MILLIS));
                    waited_millis += ACQUIRE_RETRY_MILLIS;
                }
                Err(TryLockError::WouldBlock) => {
                    let holder = read_holder(&mut file);
                    return Err(CaseError::Locked { case: case_name(case_path), holder: describe(holder.as_ref()) });
                }
                Err(TryLockError::Error(e)) => return Err(CaseError::io("lock", &path, e)),
            }
        }
        let took_over = read_holder(&mut file);
        if let Some(stale) = &took_over {
            tracing::info!("{}: took over the lock left by {stale}, which no longer holds it", path.display());
        }
        // Who holds it is a courtesy to others: if it cannot be written (a full disk) the lock still holds.
        if let Err(e) = write_holder(&mut file, &LockHolder::this_process()) {
            tracing::warn!("{}: could not write who holds the lock: {e}", path.display());
        }
        Ok(Self { file, took_over })
    }

    /// The holder whose stale lock file this lock took over (it had died without releasing it), if any.
    pub fn took_over(&self) -> Option<&LockHolder> {
        self.took_over.as_ref()
    }
}

fn write_holder(file: &mut File, holder: &LockHolder) -> std::io::Result<()> {
    let line = serde_json::to_string(holder).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(format!("{line}\n").as_bytes())?;
    file.sync_data()
}

impl Drop for CaseLock {
    fn drop(&mut self) {
        // Best effort: an emptied lock file reads as "nobody"; a left-over line only reads as a stale holder.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// Who holds the case at `case_path` open for editing (in words), or `None` when nobody does. Never creates or
/// writes anything: the probe is a shared lock on the existing lock file, released at once.
pub fn held_by(case_path: &Path) -> Result<Option<String>, CaseError> {
    let path = lock_path(case_path);
    let mut file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CaseError::io(LOCK_FILE_OP, &path, e)),
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            Ok(None)
        }
        Err(TryLockError::WouldBlock) => Ok(Some(describe(read_holder(&mut file).as_ref()))),
        Err(TryLockError::Error(e)) => Err(CaseError::io("probe the lock on", &path, e)),
    }
}

/// What a read-only reader says while the case is open for editing in `holder` (one wording for CLI and exports).
pub fn last_saved_note(holder: &str) -> String {
    format!(
        "read from the last saved state; the case is open for editing in {holder} — unsaved edits there are not \
         included"
    )
}

/// How a session may use its case.
#[derive(Debug)]
pub enum Access {
    /// This session holds the lock: it may journal edits and save.
    Editing(CaseLock),
    /// Never writes. `held_by` names the process that has the case open for editing, if one does.
    ReadOnly { held_by: Option<String> },
}

impl Access {
    /// `Ok` when this session may write `case_path`; else the refusal in words.
    pub fn check_writable(&self, case_path: &Path) -> Result<(), CaseError> {
        match self {
            Access::Editing(_) => Ok(()),
            Access::ReadOnly { held_by } => {
                Err(CaseError::ReadOnly { case: case_name(case_path), held_by: held_by.clone() })
            }
        }
    }
}
