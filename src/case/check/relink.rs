//! Finding moved media again: search a folder tree for the file whose SHA-256 matches the one in the
//! case. Hashing is injected so this module needs no media code; a size filter avoids hashing everything.

use crate::case::CaseError;
use std::path::{Path, PathBuf};

/// Outcome of a relink search.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RelinkOutcome {
    /// The first file found with the wanted hash.
    pub found: Option<PathBuf>,
    /// How many files were hashed.
    pub files_hashed: usize,
    /// Files or folders that could not be read or hashed, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Walks `folder` (without following symlinked folders) for a file whose hash equals `sha256`
/// (case-insensitive). With `size_bytes`, only files of that size are hashed. `stop` is asked before each folder and
/// file: when it says so, the walk ends with [`CaseError::Cancelled`].
pub fn find_by_sha256<E: std::fmt::Display>(
    folder: &Path,
    sha256: &str,
    size_bytes: Option<u64>,
    hash_file: &dyn Fn(&Path) -> Result<String, E>,
    stop: &dyn Fn() -> bool,
) -> Result<RelinkOutcome, CaseError> {
    let mut outcome = RelinkOutcome::default();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if stop() {
            return Err(CaseError::Cancelled);
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if dir == folder => return Err(CaseError::io("search folder", folder, e)),
            Err(e) => {
                outcome.skipped.push((dir, e.to_string()));
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if stop() {
                return Err(CaseError::Cancelled);
            }
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                outcome.skipped.push((path, "cannot read metadata".into()));
                continue;
            };
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            let len = match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => m.len(),
                _ => continue,
            };
            if size_bytes.is_some_and(|want| want != len) {
                continue;
            }
            outcome.files_hashed += 1;
            match hash_file(&path) {
                Ok(hash) if crate::case::same_digest(&hash, sha256) => {
                    outcome.found = Some(path);
                    return Ok(outcome);
                }
                Ok(_) => {}
                Err(e) => outcome.skipped.push((path, e.to_string())),
            }
        }
    }
    Ok(outcome)
}

/// `media` moved to `found`: its path relative to the case's folder `case_dir` and its last absolute path.
pub fn relinked(media: &crate::case::Media, case_dir: &Path, found: PathBuf) -> crate::case::Media {
    let absolute = std::fs::canonicalize(&found).unwrap_or(found);
    let mut updated = media.clone();
    updated.path_relative = crate::case::relative_path(case_dir, &absolute);
    updated.last_absolute_path = absolute;
    updated
}
