//! Where exports land. Every file an export writes is a plain name inside the folder it was asked to write to (an
//! id such as `../../x` can never steer a still or a sidecar elsewhere); it is written to a temp file created
//! exclusively in that folder, fsynced and renamed into place, so it appears whole or not at all; and it is never
//! the case file, its journal or one of its media files.

use crate::case::{backup_path, fsutil, journal_path, Case, SaveOptions};
use anyhow::Context as _;
use std::path::{Component, Path, PathBuf};

/// `dir/name`, refusing a `name` that is not one plain file name (no separators, no `..`, not absolute).
pub fn file_in(dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let mut components = Path::new(name).components();
    let plain = matches!((components.next(), components.next()), (Some(Component::Normal(_)), None));
    anyhow::ensure!(
        plain && !name.contains(['/', '\\']),
        "refusing to write {name:?}: an export only writes plain file names inside {}",
        dir.display()
    );
    Ok(dir.join(name))
}

/// `path` with its folder made canonical (symlinks resolved) and its file name kept: the directory entry a rename
/// onto `path` would replace.
fn entry_of(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = fsutil::parent_dir(&absolute);
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    match absolute.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// The files an export must never replace, and the writes that honour that.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// Each protected file as given and as its symlinks resolve.
    protected: Vec<(PathBuf, String)>,
}

impl Outputs {
    /// Protects `files`, each with the words that say what it is ("the case file").
    pub fn protecting(files: impl IntoIterator<Item = (PathBuf, String)>) -> Self {
        let mut protected = Vec::new();
        for (file, what) in files {
            protected.push((entry_of(&file), what.clone()));
            if let Ok(target) = std::fs::canonicalize(&file) {
                protected.push((target, what));
            }
        }
        Self { protected }
    }

    /// Protects the case at `case_path`, its journal, its backups and every media file it names.
    pub fn for_case(case_path: &Path, case: &Case, case_dir: &Path) -> Self {
        let mut files = vec![
            (case_path.to_path_buf(), format!("the case file {}", case_path.display())),
            (journal_path(case_path), format!("the journal of {}", case_path.display())),
        ];
        for n in 1..=SaveOptions::default().backups {
            let backup = backup_path(case_path, n);
            files.push((backup.clone(), format!("the backup {}", backup.display())));
        }
        for media in case.media.values() {
            for path in media.candidate_paths(case_dir) {
                let what = format!("media {} ({})", media.id, path.display());
                files.push((path, what));
            }
        }
        Self::protecting(files)
    }

    /// Refuses `output` when writing it would replace (or write through a symlink into) a protected file.
    pub fn check(&self, output: &Path) -> anyhow::Result<()> {
        let entry = entry_of(output);
        let target = std::fs::canonicalize(output).ok();
        for (protected, what) in &self.protected {
            anyhow::ensure!(
                &entry != protected && target.as_ref() != Some(protected),
                "refusing to write {}: it is {what}; choose another output file",
                output.display()
            );
        }
        Ok(())
    }

    /// Writes `bytes` to `path` through an exclusive, fsynced temp file renamed into place.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        self.check(path)?;
        fsutil::write_atomic(path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Lets `fill` write the file (e.g. FFmpeg) into an exclusive temp file beside `path` that keeps its extension,
    /// then fsyncs it and renames it to `path`; on an error the temp file is removed and `path` is left as it was.
    pub fn write_with<T>(&self, path: &Path, fill: impl FnOnce(&Path) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.check(path)?;
        let (temp, file) = fsutil::create_temp_beside(path)?;
        drop(file);
        let filled = fill(&temp).and_then(|value| {
            fsutil::sync_file(&temp)?;
            Ok(value)
        });
        let value = match filled {
            Ok(value) => value,
            Err(err) => {
                // Best effort: the temp file is ours and holds half an export.
                let _ = std::fs::remove_file(&temp);
                return Err(err);
            }
        };
        fsutil::rename_durably(&temp, path).with_context(|| format!("writing {}", path.display()))?;
        Ok(value)
    }
}
