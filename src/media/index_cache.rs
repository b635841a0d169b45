//! The frame index cached per file, so a second open is instant. A file is known by its identity — size,
//! modification time and a SHA-256 of its first and last 64 KiB — never by its name alone. Cache writes go to a
//! temporary file renamed into place; an unreadable or stale cache entry is simply rebuilt.
//!
//! An entry is a JSON header (everything but the frames) followed by the frames as fixed-size binary records, so a
//! ten-hour file's million frames load into one allocation of the exact size instead of a growing list of parsed
//! text: `CFIX`, format version (u32), header length (u64), header, frame count (u64), then per frame PTS, packet
//! PTS, DTS and packet position (i64, `i64::MIN` for none), packet size (u32) and flags (u8: keyframe, damaged), all
//! little-endian.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::error::{MediaError, MediaResult};
use super::index::{self, FrameEntry, FrameIndex, INDEX_FORMAT_VERSION};

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
    let mtime_ns =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
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
    Some(cache_dir()?.join("index").join(format!("{id}.cfix")))
}

const MAGIC: &[u8; 4] = b"CFIX";
const RECORD_BYTES: usize = 4 * 8 + 4 + 1;
const NONE: i64 = i64::MIN;

/// Loads the cached index for `path`, if a current one exists.
pub fn load(path: &Path) -> Option<FrameIndex> {
    let file = std::fs::File::open(entry_path(path)?).ok()?;
    let len = file.metadata().ok()?.len();
    read_entry(&mut std::io::BufReader::with_capacity(1 << 20, file), len)
}

fn read_u64(r: &mut impl Read) -> Option<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b).ok()?;
    Some(u64::from_le_bytes(b))
}

/// Reads an entry of `len` bytes; None for anything stale, truncated or malformed (the index is then rebuilt).
fn read_entry(r: &mut impl Read, len: u64) -> Option<FrameIndex> {
    let mut head = [0u8; 8];
    r.read_exact(&mut head).ok()?;
    if &head[..4] != MAGIC || u32::from_le_bytes([head[4], head[5], head[6], head[7]]) != INDEX_FORMAT_VERSION {
        return None;
    }
    let header_len = read_u64(r)?;
    if header_len > len {
        return None;
    }
    let mut header = vec![0u8; usize::try_from(header_len).ok()?];
    r.read_exact(&mut header).ok()?;
    let mut index: FrameIndex = serde_json::from_slice(&header).ok()?;
    let count = read_u64(r)?;
    // A count the file cannot hold is a damaged entry, not an allocation to attempt.
    if count.checked_mul(RECORD_BYTES as u64)? > len {
        return None;
    }
    let mut frames = Vec::with_capacity(usize::try_from(count).ok()?);
    let mut rec = [0u8; RECORD_BYTES];
    let opt = |b: &[u8]| {
        let v = i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        (v != NONE).then_some(v)
    };
    for _ in 0..count {
        r.read_exact(&mut rec).ok()?;
        frames.push(FrameEntry {
            pts: opt(&rec[0..8]),
            raw_pts: opt(&rec[8..16]),
            dts: opt(&rec[16..24]),
            pkt_pos: opt(&rec[24..32]),
            pkt_size: u32::from_le_bytes([rec[32], rec[33], rec[34], rec[35]]),
            key: rec[36] & 1 != 0,
            damaged: rec[36] & 2 != 0,
        });
    }
    index.frames = frames;
    (index.format_version == INDEX_FORMAT_VERSION).then_some(index)
}

fn write_entry(w: &mut impl Write, index: &FrameIndex) -> std::io::Result<()> {
    let header = serde_json::to_vec(index).map_err(std::io::Error::other)?;
    w.write_all(MAGIC)?;
    w.write_all(&INDEX_FORMAT_VERSION.to_le_bytes())?;
    w.write_all(&(header.len() as u64).to_le_bytes())?;
    w.write_all(&header)?;
    w.write_all(&(index.frames.len() as u64).to_le_bytes())?;
    let mut rec = [0u8; RECORD_BYTES];
    for f in &index.frames {
        for (i, v) in [f.pts, f.raw_pts, f.dts, f.pkt_pos].into_iter().enumerate() {
            rec[i * 8..i * 8 + 8].copy_from_slice(&v.unwrap_or(NONE).to_le_bytes());
        }
        rec[32..36].copy_from_slice(&f.pkt_size.to_le_bytes());
        rec[36] = u8::from(f.key) | (u8::from(f.damaged) << 1);
        w.write_all(&rec)?;
    }
    w.flush()
}

/// Stores the index; failures only cost a rebuild next time, so they are logged, not raised.
pub fn store(path: &Path, index: &FrameIndex) {
    let Some(dest) = entry_path(path) else { return };
    let Some(dir) = dest.parent() else { return };
    let result = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let tmp = dest.with_extension(format!("tmp{}", std::process::id()));
        write_entry(&mut std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?), index)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back_as_written_and_a_damaged_one_is_refused() {
        let mut index = index::build_by_decoding_for_tests();
        index.frames[1].damaged = true;
        index.frames[2].pts = None;
        let mut bytes = Vec::new();
        write_entry(&mut bytes, &index).expect("write");
        let back = read_entry(&mut bytes.as_slice(), bytes.len() as u64).expect("read");
        assert_eq!(back.frames, index.frames);
        assert_eq!(back.seek_points, index.seek_points);
        assert_eq!(back.codec, index.codec);
        for cut in [0, 3, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(read_entry(&mut &bytes[..cut], cut as u64).is_none(), "cut at {cut}");
        }
        let mut huge = bytes.clone();
        let at = huge.len() - index.frames.len() * RECORD_BYTES - 8;
        huge[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_entry(&mut huge.as_slice(), huge.len() as u64).is_none(), "an impossible frame count");
    }
}
