//! A new case around one video, for the window's **New case…**: the default vehicle/body-cam taxonomy and the video
//! as its first media file, described by [`media_for_video`] exactly as `case add-media` describes one. Written
//! through `CaseSession::create`, so an existing file is never overwritten. The hashing and indexing say how far
//! they are in a [`LoadProgress`]; a cancel seen before the write leaves no file behind.

use std::path::Path;

use crate::case::{Case, CaseSession, LoadProgress, LoadStage, SaveOptions};
use crate::exchange::media_file::{media_for_video, EngineProbe, GivenWallClock, MediaProbe};

/// Writes a new case at `case_path` (refused if a file is there) whose first media file is `video`.
pub fn new_case_for_video(video: &Path, case_path: &Path, title: &str) -> anyhow::Result<()> {
    new_case_for_video_with_progress(video, case_path, title, &LoadProgress::default())
}

/// As [`new_case_for_video`], saying in `progress` how far the hashing has come and that indexing follows;
/// stops with [`crate::case::CaseError::Cancelled`] (nothing written) when `progress` is cancelled before the case is written.
pub fn new_case_for_video_with_progress(
    video: &Path,
    case_path: &Path,
    title: &str,
    progress: &LoadProgress,
) -> anyhow::Result<()> {
    let mut case = Case::new(title);
    let probe = Reporting { progress };
    let mut done_bytes: Option<u64> = None;
    let mut hashed = |done: u64, total: u64| {
        let before = *done_bytes.get_or_insert_with(|| {
            let _ = progress.begin(LoadStage::Hashing, total);
            0
        });
        progress.advance(done.saturating_sub(before));
        done_bytes = Some(done);
    };
    progress.begin(LoadStage::Hashing, 0)?;
    let media = media_for_video(&case, case_path, video, &GivenWallClock::from_container(), &probe, &mut hashed)?;
    progress.check()?;
    case.media.insert(media.id.clone(), media);
    CaseSession::create(case_path, case, SaveOptions::default())?;
    Ok(())
}

/// The media engine, saying when the hashing is over and the indexing starts (and stopping there when cancelled).
struct Reporting<'a> {
    progress: &'a LoadProgress,
}

impl MediaProbe for Reporting<'_> {
    fn sha256(&self, path: &Path, progress: &mut dyn FnMut(u64, u64)) -> anyhow::Result<String> {
        EngineProbe.sha256(path, progress)
    }

    fn probe(&self, path: &Path) -> anyhow::Result<crate::case::ProbeSummary> {
        self.progress.begin(LoadStage::Indexing, 0)?;
        EngineProbe.probe(path)
    }

    fn frame_points(&self, path: &Path, frames: &[u64]) -> anyhow::Result<Vec<crate::case::FramePoint>> {
        EngineProbe.frame_points(path, frames)
    }
}
