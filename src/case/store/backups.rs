//! The backups a save keeps beside a case (`<case>.bak1`, newest, to `<case>.bakN`; see
//! [`save_case`](super::case_file::save_case)), looked at when the case itself cannot be read. The newest backup
//! that loads is offered; taking it makes a copy beside the case, `<name>.from-backup-<time>.case.ron`, and that
//! copy is what opens — the broken file, and its backups, are never written to.

use std::path::{Path, PathBuf};

use crate::case::model::time::format_rfc3339_millis;
use crate::case::store::case_file::load_case_with_progress;
use crate::case::store::progress::LoadProgress;
use crate::case::CaseError;

/// A backup that loads as a case.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadableBackup {
    pub path: PathBuf,
    /// When it was saved (the backup file's modification time), milliseconds since the epoch.
    pub saved_unix_millis: i64,
    pub events: usize,
}

impl LoadableBackup {
    /// "2026-12-02 02:14:07 UTC": when the backup was saved, as the window and the CLI say it.
    pub fn saved_words(&self) -> String {
        let text = format_rfc3339_millis(self.saved_unix_millis);
        let seconds = text.get(..19).unwrap_or(&text);
        format!("{} UTC", seconds.replacen('T', " ", 1))
    }
}

/// Every backup file of `case_path` (`<name>.bak<digits>`), newest saved first, with its modification time.
pub fn backups_of(case_path: &Path) -> Vec<(PathBuf, i64)> {
    let Some(name) = case_path.file_name().and_then(|n| n.to_str()) else { return Vec::new() };
    let prefix = format!("{name}.bak");
    let dir = crate::case::store::fsutil::parent_dir(case_path);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut found: Vec<(PathBuf, i64, u64)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let number = file_name.to_str()?.strip_prefix(&prefix)?;
            let n: u64 = number.parse().ok().filter(|_| number.bytes().all(|b| b.is_ascii_digit()))?;
            let modified = entry.metadata().ok()?.modified().ok()?;
            let millis = modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
            Some((entry.path(), i64::try_from(millis).unwrap_or(i64::MAX), n))
        })
        .collect();
    // Newest first; among equal times the lower number (bak1 is the newest by rotation).
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    found.into_iter().map(|(path, millis, _)| (path, millis)).collect()
}

/// The newest backup of `case_path` that loads, reading them newest first (`Ok(None)`: none does). Stops with
/// [`CaseError::Cancelled`] when `progress` is cancelled.
pub fn newest_loading_backup(case_path: &Path, progress: &LoadProgress) -> Result<Option<LoadableBackup>, CaseError> {
    for (path, saved_unix_millis) in backups_of(case_path) {
        match load_case_with_progress(&path, progress) {
            Ok((case, _)) => return Ok(Some(LoadableBackup { path, saved_unix_millis, events: case.events.len() })),
            Err(CaseError::Cancelled) => return Err(CaseError::Cancelled),
            Err(_) => continue,
        }
    }
    Ok(None)
}

/// What to say when no backup of `case_path` loads: that it has none, or that none of them loads.
pub fn no_backup_words(case_path: &Path) -> String {
    match backups_of(case_path).len() {
        0 => "It has no backups beside it.".to_owned(),
        1 => "Its one backup does not load either.".to_owned(),
        n => format!("None of its {n} backups loads either."),
    }
}

/// Copies `backup` beside `case_path` as `<name>.from-backup-<YYYY-MM-DD-HHMMSS>.case.ron` (a number added when
/// that name is taken) and returns the copy's path. Nothing existing is overwritten.
pub fn copy_of_backup(case_path: &Path, backup: &LoadableBackup) -> Result<PathBuf, CaseError> {
    let name = case_path.file_name().and_then(|n| n.to_str()).unwrap_or("case.case.ron");
    let stem = name.strip_suffix(".case.ron").unwrap_or(name);
    let stamp: String = backup
        .saved_words()
        .trim_end_matches(" UTC")
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            ':' => None,
            other => Some(other),
        })
        .collect();
    let dir = crate::case::store::fsutil::parent_dir(case_path);
    let bytes = std::fs::read(&backup.path).map_err(|e| CaseError::io("read backup", &backup.path, e))?;
    for n in 1..1000 {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let copy = dir.join(format!("{stem}.from-backup-{stamp}{suffix}.case.ron"));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&copy) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| CaseError::io("write the copy of the backup", &copy, e))?;
                return Ok(copy);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(CaseError::io("write the copy of the backup", &copy, e)),
        }
    }
    Err(CaseError::Invalid(format!("no free name for a copy of {} beside {}", backup.path.display(), name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{save_case, Case, SaveOptions};

    #[test]
    fn the_newest_backup_that_loads_is_found_and_copied_beside_the_case() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("stop.case.ron");
        let mut fingerprint = None;
        for title in ["first", "second", "third"] {
            fingerprint =
                save_case(&path, &Case::new(title), SaveOptions::default(), fingerprint.as_ref()).expect("saved");
        }
        // bak1 holds "second", bak2 "first"; break bak1 so the next one is taken.
        std::fs::write(crate::case::backup_path(&path, 1), "(version: 3, meta: (title: ").expect("written");
        std::fs::write(&path, "not a case").expect("written");
        let found = newest_loading_backup(&path, &LoadProgress::default()).expect("read").expect("one loads");
        assert_eq!(found.path, crate::case::backup_path(&path, 2));
        assert!(found.saved_words().ends_with(" UTC") && found.saved_words().len() == 23, "{}", found.saved_words());
        let copy = copy_of_backup(&path, &found).expect("copied");
        let again = copy_of_backup(&path, &found).expect("copied again");
        assert_ne!(copy, again, "a second copy gets its own name");
        let name = copy.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        assert!(name.starts_with("stop.from-backup-") && name.ends_with(".case.ron"), "{name}");
        assert_eq!(crate::case::load_case(&copy).expect("the copy loads").meta.title, "first");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "not a case", "the broken file is untouched");
        for n in 1..=3 {
            let _ = std::fs::write(crate::case::backup_path(&path, n), "(");
        }
        assert_eq!(newest_loading_backup(&path, &LoadProgress::default()).expect("read"), None);
        assert_eq!(no_backup_words(&path), "None of its 3 backups loads either.");
        assert_eq!(no_backup_words(&dir.path().join("other.case.ron")), "It has no backups beside it.");
    }
}
