//! The frame index cached per file, so a second open is instant. A file is known by its identity — size,
//! modification time and a SHA-256 of its first and last 64 KiB — never by its name alone. Cache writes go to a
//! temporary file renamed into place; an unreadable or stale cache entry is simply rebuilt.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::error::{MediaError, MediaResult};
use super::index::{self, FrameIndex, INDEX_FORMAT_VERSION};

const EDGE_BYTES: u64 = 64 * 1024;

/// The folder holding cached indexes: `$CLAIMFRAME_CACHE_DIR`, else `$XDG_CACHE_HOME/claimframe`, else
/// `~/.cache/claimframe`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("CLAIMFRAME_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("claimframe"))
}

/// A short key naming the file's current contents.
pub fn file_identity(path: &Path) -> MediaResult<String> {
    let io = |source| MediaError::Io { path: path.to_path_buf(), source };
    let mut f = std::fs::File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => MediaError::NotFound { path: path.to_path_buf() },
        _ => io(source),
    })?;
    let meta = f.metadata().map_err(io)?;
    let size = meta.len();
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut h = Sha256::new();
    h.update(size.to_le_bytes());
    h.update(mtime_ns.to_le_bytes());
    let mut buf = vec![0u8; EDGE_BYTES.min(size) as usize];
    f.read_exact(&mut buf).map_err(io)?;
    h.update(&buf);
    if size > EDGE_BYTES {
        f.seek(SeekFrom::Start(size - EDGE_BYTES.min(size))).map_err(io)?;
        f.read_exact(&mut buf).map_err(io)?;
        h.update(&buf);
    }
    Ok(hex::encode(&h.finalize()[..16]))
}

fn entry_path(path: &Path) -> Option<PathBuf> {
    let id = file_identity(path).ok()?;
    Some(cache_dir()?.join("index").join(format!("{id}.json")))
}

/// Loads the cached index for `path`, if a current one exists.
pub fn load(path: &Path) -> Option<FrameIndex> {
    // Streamed: a long file's index is a hundred megabytes of text that need not sit in memory beside itself.
    let file = std::fs::File::open(entry_path(path)?).ok()?;
    let index: FrameIndex = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 20, file)).ok()?;
    (index.format_version == INDEX_FORMAT_VERSION).then_some(index)
}

/// Stores the index; failures only cost a rebuild next time, so they are logged, not raised.
pub fn store(path: &Path, index: &FrameIndex) {
    let Some(dest) = entry_path(path) else { return };
    let Some(dir) = dest.parent() else { return };
    let result = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let tmp = dest.with_extension(format!("tmp{}", std::process::id()));
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        serde_json::to_writer(&mut out, index).map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut out)?;
        std::fs::rename(&tmp, &dest)
    })();
    if let Err(e) = result {
        tracing::debug!("could not cache the frame index of {}: {e}", path.display());
    }
}

/// Receives the progress of every index build that has no reporter of its own: `(fraction, what)`, and a final
/// `(1.0, "")` when the build is over. The command line sets one that draws a progress bar.
pub type BuildReporter = Box<dyn Fn(f64, &'static str) + Send + Sync>;

static REPORTER: std::sync::OnceLock<BuildReporter> = std::sync::OnceLock::new();

/// Sets the process-wide reporter (once; later calls are ignored).
pub fn report_builds_to(reporter: BuildReporter) {
    let _ = REPORTER.set(reporter);
}

/// The index for `path`: from the cache when current, built (and cached) otherwise. Returns whether it was cached.
pub fn load_or_build(path: &Path) -> MediaResult<(FrameIndex, bool)> {
    match REPORTER.get() {
        Some(report) => load_or_build_reporting(path, &mut |f, what| report(f, what)),
        None => load_or_build_reporting(path, &mut |_, _| {}),
    }
}

/// As [`load_or_build`], reporting the build's progress to `progress` (nothing is reported for a cached index).
pub fn load_or_build_reporting(path: &Path, progress: index::Progress<'_>) -> MediaResult<(FrameIndex, bool)> {
    if let Some(index) = load(path) {
        return Ok((index, true));
    }
    let built = index::build_timed(path, progress);
    progress(1.0, "");
    let (index, _) = built?;
    store(path, &index);
    Ok((index, false))
}
