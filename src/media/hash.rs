//! Streaming SHA-256 of a whole file, with progress callbacks. Opens the file read-only and never writes to it.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::{MediaError, MediaResult};

/// Read buffer size: large enough that the hash, not the system calls, is the cost.
const CHUNK_BYTES: usize = 1 << 20;

/// Hashes `path` and returns the lowercase hex SHA-256. `progress(done_bytes, total_bytes)` is called after each chunk.
pub fn sha256_file(path: &Path, mut progress: impl FnMut(u64, u64)) -> MediaResult<String> {
    let io_err = |source| MediaError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => MediaError::NotFound { path: path.to_path_buf() },
        _ => io_err(source),
    })?;
    let total_bytes = file.metadata().map_err(io_err)?.len();
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK_BYTES];
    let mut done_bytes = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(e)),
        };
        hasher.update(&buf[..n]);
        done_bytes += n as u64;
        progress(done_bytes, total_bytes);
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector_and_progress() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("abc.bin");
        std::fs::write(&p, b"abc").unwrap();
        let mut calls = Vec::new();
        let h = sha256_file(&p, |d, t| calls.push((d, t))).unwrap();
        assert_eq!(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(calls, vec![(3, 3)]);
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let err = sha256_file(Path::new("/nonexistent/claimframe.mp4"), |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("file not found"), "{err}");
    }
}
