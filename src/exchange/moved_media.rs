//! A case's video that is not where the case says, found again for the window: the folder tree given (the case's
//! own folder, or one the reviewer picks) is searched for a file of the recorded size and SHA-256 — only files of
//! that size are hashed — on the thread that opens the case, with the progress in its [`LoadProgress`] and a cancel
//! seen between files. What is found comes back as the media record to put in the case, as `case relink` makes it.

use std::path::Path;

use crate::case::{CaseError, LoadProgress, LoadStage, Media};
use crate::exchange::media_file::{EngineProbe, MediaProbe};

/// Why a moved video could not be looked for, or was not found.
#[derive(Debug, thiserror::Error)]
pub enum NotFound {
    #[error("the case records no SHA-256 for {0} to find it by")]
    NoHash(String),
    #[error("no file of its size and SHA-256 is in {folder} ({hashed} file(s) of that size hashed)")]
    Nowhere { folder: String, hashed: usize },
    #[error(transparent)]
    Case(#[from] CaseError),
}

/// Searches `folder` for the file of `media` (of the case at `case_path`); the media record pointing at it, or why
/// not. `Err(NotFound::Case(CaseError::Cancelled))` once `progress` is cancelled.
pub fn find_moved_media(
    case_path: &Path,
    media: &Media,
    folder: &Path,
    progress: &LoadProgress,
) -> Result<Media, NotFound> {
    let name = media.path_relative.display().to_string();
    if media.sha256.trim().is_empty() {
        return Err(NotFound::NoHash(name));
    }
    progress.begin(LoadStage::Searching, 0)?;
    let hash = |path: &Path| EngineProbe.sha256(path, &mut |_, _| {});
    let stop = || progress.is_cancelled();
    let outcome = crate::case::find_by_sha256(folder, &media.sha256, Some(media.size_bytes), &hash, &stop)?;
    match outcome.found {
        Some(found) => {
            let case_dir = case_path.parent().unwrap_or(Path::new("."));
            Ok(crate::case::relinked(media, case_dir, found))
        }
        None => Err(NotFound::Nowhere { folder: folder.display().to_string(), hashed: outcome.files_hashed }),
    }
}
