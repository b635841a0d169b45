//! The bridge the case commands use to reach media: hashing, probing and frame timestamps, answered by the media
//! engine and handed to `case` in its own plain types (the case model never sees FFmpeg).

use std::path::Path;

use crate::case::{ProbeSummary, Rational};
use crate::cli::case_cmds::MediaProbe;
use crate::media::{self, index_cache, ticks_to_secs};

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

/// The case model's summary of a probe.
pub fn summary_of(info: &media::probe::ProbeInfo, index: &media::index::FrameIndex) -> ProbeSummary {
    let video = info.streams.iter().find(|s| s.index == info.video.stream_index);
    let (num, den) = info.video.declared_fps_rational.split_once('/').map_or((0, 1), |(n, d)| {
        (n.parse().unwrap_or(0), d.parse().unwrap_or(1))
    });
    let span_secs = match (index.frames.first().and_then(|f| f.pts), index.frames.iter().filter_map(|f| f.pts).max()) {
        (Some(a), Some(b)) => ticks_to_secs(b - a, index.time_base()),
        _ => 0.0,
    };
    ProbeSummary {
        container: info.container.clone(),
        codec: video.map(|s| s.codec.clone()).unwrap_or_default(),
        width: video.and_then(|s| s.width).unwrap_or(0),
        height: video.and_then(|s| s.height).unwrap_or(0),
        duration_secs: info.duration_secs.unwrap_or(span_secs),
        frame_count: index.len() as u64,
        time_base: Rational { num: index.time_base_num, den: index.time_base_den },
        declared_fps: Rational { num, den },
        vfr: info.video.variable_frame_rate,
        rotation_deg: i32::from(info.video.rotation_cw_deg),
        creation_time: info.creation_time.clone(),
    }
}
