//! The bridge the case commands use to reach media: hashing, probing and frame timestamps, answered by the media
//! engine and handed to `case` in its own plain types (the case model never sees FFmpeg).

use std::path::Path;

use crate::case::ProbeSummary;
use crate::cli::case_cmds::MediaProbe;
use crate::exchange::new_case::summary_of;
use crate::media::{self, index_cache};

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

    fn frame_pts(&self, path: &Path, frame: u64) -> anyhow::Result<(i64, i32, i32)> {
        let (index, _) = index_cache::load_or_build(path)?;
        let entry = usize::try_from(frame).ok().and_then(|f| index.frames.get(f)).ok_or_else(|| {
            anyhow::anyhow!("{}: frame {frame} does not exist (the video has {} frames)", path.display(), index.len())
        })?;
        let pts = entry.pts.ok_or_else(|| anyhow::anyhow!("{}: frame {frame} has no timestamp", path.display()))?;
        Ok((pts, index.time_base_num, index.time_base_den))
    }
}
