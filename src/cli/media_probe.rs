//! The bridge the case commands use to reach media: hashing, probing and frame timestamps, answered by the media
//! engine and handed to `case` in its own plain types (the case model never sees FFmpeg).

use std::path::Path;

use crate::case::{FramePoint, ProbeSummary};
use crate::cli::case_cmds::MediaProbe;
use crate::exchange::new_case::summary_of;
use crate::media::{self, index_cache};
use crate::player::Timeline;

/// `MediaProbe` backed by the media engine.
pub struct EngineProbe;

impl MediaProbe for EngineProbe {
    fn sha256(&self, path: &Path, progress: &mut dyn FnMut(u64, u64)) -> anyhow::Result<String> {
        Ok(media::hash::sha256_file(path, progress)?)
    }

    fn probe(&self, path: &Path) -> anyhow::Result<ProbeSummary> {
        let (index, _) = index_cache::load_or_build(path)?;
        let info = media::probe::probe(path, &index)?;
        Ok(summary_of(&info, &index))
    }

    fn frame_point(&self, path: &Path, frame: u64) -> anyhow::Result<FramePoint> {
        let (index, _) = index_cache::load_or_build(path)?;
        let timeline = Timeline::from_index(&index);
        match usize::try_from(frame) {
            Ok(n) if n < timeline.frame_count() => Ok(crate::desk::frame_point(&timeline, n)),
            _ => anyhow::bail!("{}: frame {frame} does not exist (the video has {} frames)", path.display(), index.len()),
        }
    }
}
