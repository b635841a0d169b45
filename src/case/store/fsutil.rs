//! Durable file primitives: write to a temp file in the same folder, fsync, rename into place,
//! fsync the folder. Nothing here ever truncates a file in place.

use crate::case::CaseError;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The folder holding `path` ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Fsyncs the folder holding `path` so a rename or creation in it survives power loss.
/// On non-Unix systems folders cannot be opened this way and the call does nothing.
pub fn sync_parent_dir(path: &Path) -> Result<(), CaseError> {
    let dir = parent_dir(path);
    if cfg!(unix) {
        let handle = File::open(&dir).map_err(|e| CaseError::io("open folder", &dir, e))?;
        handle.sync_all().map_err(|e| CaseError::io("fsync folder", &dir, e))?;
    }
    Ok(())
}

/// Creates a new, unique, hidden, empty temp file next to `path`, exclusively (never an existing file or a
/// symlink planted there). Its name keeps `path`'s extension, for writers that choose a format by it (FFmpeg).
pub fn create_temp_beside(path: &Path) -> Result<(PathBuf, File), CaseError> {
    let dir = parent_dir(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let extension = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}.{n}.tmp{extension}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(CaseError::io("create temp file", &temp, e)),
        }
    }
}

/// Creates a new, unique, hidden temp file next to `path` and writes + fsyncs `bytes` into it.
pub fn write_temp_beside(path: &Path, bytes: &[u8]) -> Result<PathBuf, CaseError> {
    let (temp, mut file) = create_temp_beside(path)?;
    let written =
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| CaseError::io("write temp file", &temp, e));
    if let Err(err) = written {
        // Best effort: the temp file is ours and holds nothing of value.
        let _ = std::fs::remove_file(&temp);
        return Err(err);
    }
    Ok(temp)
}

/// Fsyncs a file some other writer (FFmpeg) filled, so a rename after it is durable.
pub fn sync_file(path: &Path) -> Result<(), CaseError> {
    File::open(path).and_then(|f| f.sync_all()).map_err(|e| CaseError::io("fsync", path, e))
}

/// Replaces `path` with `bytes` atomically and durably.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CaseError> {
    let temp = write_temp_beside(path, bytes)?;
    rename_durably(&temp, path)
}

/// Renames `from` over `to` and fsyncs the folder.
pub fn rename_durably(from: &Path, to: &Path) -> Result<(), CaseError> {
    if let Err(e) = std::fs::rename(from, to) {
        let _ = std::fs::remove_file(from);
        return Err(CaseError::io("rename into place", to, e));
    }
    sync_parent_dir(to)
}

/// Makes `link` another name for `original` (hard link), or a durable copy if links are unsupported.
pub fn link_or_copy(original: &Path, link: &Path) -> Result<(), CaseError> {
    if std::fs::hard_link(original, link).is_ok() {
        return Ok(());
    }
    let bytes = std::fs::read(original).map_err(|e| CaseError::io("read for backup", original, e))?;
    write_atomic(link, &bytes)
}
