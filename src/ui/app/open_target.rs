//! What "open" means for a path: a video opens as itself; a `.case.ron` file opens its first media file (resolved
//! relative to the case file's folder) with the case's wall-clock mapping and expected hash.

use std::path::{Path, PathBuf};

use crate::case::{Case, MediaId, WallClockMapping};

/// The bundled sample case, relative to the crate (and to the working directory as a fallback).
pub fn bundled_sample_case() -> PathBuf {
    let from_crate = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sample.case.ron");
    if from_crate.exists() {
        return from_crate;
    }
    PathBuf::from("sample_projects/sample.case.ron")
}

/// A video to show, and what the case (if any) says about it.
#[derive(Clone, Debug, Default)]
pub struct OpenTarget {
    pub video: PathBuf,
    /// The case file it came from.
    pub case_file: Option<PathBuf>,
    pub case_title: Option<String>,
    pub wall_clock: Option<WallClockMapping>,
    /// SHA-256 the case recorded for the file.
    pub expected_sha256: Option<String>,
}

pub fn is_case_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".case.ron"))
}

/// A video opened as itself.
pub fn for_video(path: &Path) -> OpenTarget {
    OpenTarget { video: path.to_path_buf(), ..Default::default() }
}

/// The video of `media_id` in an already loaded case (resolved relative to the case file's folder).
pub fn for_case(path: &Path, case: &Case, media_id: &MediaId) -> Result<OpenTarget, String> {
    let Some(media) = case.media.get(media_id) else {
        return Err(format!("The case {} lists no media files yet.", path.display()));
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let candidates = media.candidate_paths(dir);
    let Some(video) = candidates.iter().find(|p| p.exists()).or(candidates.first()).cloned() else {
        return Err(format!("The case {} names a media file without a path.", path.display()));
    };
    Ok(OpenTarget {
        video,
        case_file: Some(path.to_path_buf()),
        case_title: Some(case.meta.title.clone()),
        wall_clock: media.wall_clock.clone(),
        expected_sha256: (!media.sha256.is_empty()).then(|| media.sha256.clone()),
    })
}
