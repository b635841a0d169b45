//! Where exports land: every file an export writes is a plain name inside the folder it was asked to write to
//! (an id such as `../../x` can never steer a still or a sidecar elsewhere), and it appears there whole or not at all.

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

/// Writes a file through a temporary sibling renamed into place, so a reader never sees half an export.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
    Ok(())
}
