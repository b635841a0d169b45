//! One video file's frame timing read from the file itself, for every caller that shows it (`claimframe timing`,
//! the exhibit report): the PTS of every frame from the frame index (cached), the declared rate from the probe,
//! every frame decoded once in order (single-threaded, so run after run gives the same answer) for the MD5s that
//! find duplicate frames, then the pure [`timing::analyse`](super::timing::analyse).

use super::timing::{analyse, TimingReport};
use super::{index_cache, probe, ticks_to_secs, video, MediaResult, Threading};
use std::path::Path;

/// A file's frame timing and what it was computed from.
pub struct FileTiming {
    /// Each frame's PTS in presentation order (`None` where the index has none), in ticks of `tick_secs`.
    pub pts: Vec<Option<i64>>,
    pub tick_secs: f64,
    pub report: TimingReport,
    /// How many frames decoding in order gave; duplicates are only looked for when it equals the index's count.
    pub decoded_frames: usize,
}

impl FileTiming {
    /// Whether the report's duplicate runs were looked for.
    pub fn duplicates_checked(&self) -> bool {
        self.decoded_frames == self.pts.len()
    }
}

/// Reads `path`'s frame timing.
pub fn file_timing(path: &Path) -> MediaResult<FileTiming> {
    let (index, _) = index_cache::load_or_build(path)?;
    let info = probe::probe(path, &index)?;
    let mut md5s = Vec::with_capacity(index.len());
    video::linear_md5s(path, Threading::Reproducible, |_, m| md5s.push(m.to_owned()))?;
    let pts: Vec<Option<i64>> = index.frames.iter().map(|f| f.pts).collect();
    let tick_secs = ticks_to_secs(1, index.time_base());
    // The index and the linear decode number the same frames; if they ever disagree, duplicates are not reported.
    let checked = md5s.len() == pts.len();
    let report = analyse(&pts, tick_secs, info.video.declared_fps, checked.then_some(md5s.as_slice()));
    Ok(FileTiming { pts, tick_secs, report, decoded_frames: md5s.len() })
}
