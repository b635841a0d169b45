//! A new case around one video, for the window's **New case…**: the default vehicle/body-cam taxonomy and the video
//! as its first media file, described by [`media_for_video`] exactly as `case add-media` describes one. Written through `CaseSession::create`, so an existing file is never overwritten.

use std::path::Path;

use crate::case::{Case, CaseSession, SaveOptions};
use crate::exchange::media_file::{media_for_video, EngineProbe, GivenWallClock};

/// Writes a new case at `case_path` (refused if a file is there) whose first media file is `video`.
pub fn new_case_for_video(video: &Path, case_path: &Path, title: &str) -> anyhow::Result<()> {
    let mut case = Case::new(title);
    let media =
        media_for_video(&case, case_path, video, &GivenWallClock::from_container(), &EngineProbe, &mut |_, _| {})?;
    case.media.insert(media.id.clone(), media);
    CaseSession::create(case_path, case, SaveOptions::default())?;
    Ok(())
}
