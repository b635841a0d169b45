//! Media files referenced by a case: where they are (relative to the case file, plus the last absolute
//! path as a hint), their SHA-256 and size, a probe summary, and an optional wall-clock mapping.

use crate::case::model::ids::MediaId;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// An exact rational such as a time base (1/90000) or a frame rate (30000/1001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rational {
    pub num: i32,
    pub den: i32,
}

impl Default for Rational {
    fn default() -> Self {
        Self { num: 0, den: 1 }
    }
}

impl Rational {
    pub fn new(num: i32, den: i32) -> Self {
        Self { num, den }
    }

    /// The value as f64, or `None` when the denominator is 0.
    pub fn as_f64(&self) -> Option<f64> {
        (self.den != 0).then(|| f64::from(self.num) / f64::from(self.den))
    }
}

/// What the media layer found when it probed the file. Filled by the main crate's media module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProbeSummary {
    pub container: String,
    pub codec: String,
    pub width: u32,
    pub height: u32,
    pub duration_secs: f64,
    pub frame_count: u64,
    /// Stream time base: one PTS tick lasts `num/den` seconds.
    pub time_base: Rational,
    /// Frame rate the container declares; for VFR footage this is nominal only.
    pub declared_fps: Rational,
    /// True when frame durations vary: never derive frame numbers from time × fps.
    pub vfr: bool,
    pub rotation_deg: i32,
    /// The container's creation_time tag, verbatim, if any.
    pub creation_time: Option<String>,
    /// The first value of the file's timecode track (`HH:MM:SS:FF`), verbatim, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timecode: Option<String>,
    /// "file ends early: …" when the container declares more than can be decoded (truncated, damaged tail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_early: Option<String>,
}

pub use crate::case::model::clock::WallClockMapping;

/// One media file in the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Media {
    pub id: MediaId,
    /// Path relative to the folder holding the case file (portable when the folder moves).
    pub path_relative: PathBuf,
    /// Where the file was last seen; only a hint for relinking.
    pub last_absolute_path: PathBuf,
    /// Lowercase hex SHA-256 of the whole file.
    pub sha256: String,
    pub size_bytes: u64,
    pub probe: ProbeSummary,
    pub wall_clock: Option<WallClockMapping>,
    /// The last time the file was checked against `sha256`, and what was found.
    pub last_check: Option<crate::case::model::media_check::MediaCheck>,
}

/// Whether two hex digests name the same bytes: compared without regard to letter case (and surrounding spaces),
/// since hand-edited cases and other tools write `AB12…` as often as `ab12…`.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Media {
    /// Candidate locations on disk, best first: relative to `case_dir`, then the last absolute path.
    pub fn candidate_paths(&self, case_dir: &Path) -> Vec<PathBuf> {
        let mut paths = Vec::with_capacity(2);
        if !self.path_relative.as_os_str().is_empty() {
            paths.push(case_dir.join(&self.path_relative));
        }
        if !self.last_absolute_path.as_os_str().is_empty() {
            paths.push(self.last_absolute_path.clone());
        }
        paths
    }

    /// The first candidate path that exists.
    pub fn resolve_path(&self, case_dir: &Path) -> Option<PathBuf> {
        self.candidate_paths(case_dir).into_iter().find(|p| p.is_file())
    }
}

/// The folder a case's media paths are relative to: the case file's folder, made absolute when it exists.
pub fn case_dir(case_path: &Path) -> PathBuf {
    let dir = match case_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// `target` expressed relative to `base_dir` (both should be absolute), using `..` where needed.
/// Returns `target` unchanged when no relative path exists (e.g. another drive on Windows).
pub fn relative_path(base_dir: &Path, target: &Path) -> PathBuf {
    let base: Vec<Component<'_>> = base_dir.components().collect();
    let tgt: Vec<Component<'_>> = target.components().collect();
    let common = base.iter().zip(&tgt).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return target.to_path_buf();
    }
    let mut rel = PathBuf::new();
    for _ in common..base.len() {
        rel.push("..");
    }
    for part in &tgt[common..] {
        rel.push(part.as_os_str());
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b/c/x.mp4")), PathBuf::from("c/x.mp4"));
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/d/x.mp4")), PathBuf::from("../d/x.mp4"));
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b/x.mp4")), PathBuf::from("x.mp4"));
    }
}
