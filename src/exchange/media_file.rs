//! A video file becoming one of a case's media: its absolute path, its path relative to the case, size, SHA-256,
//! probe summary and wall-clock mapping. One rule for the command line's `case add-media` and the window's
//! **New case…**: the path is made absolute, a file whose SHA-256 the case already holds is refused, and the
//! container's creation time (if any) is the wall clock unless the reviewer gave one.

use std::path::Path;

use anyhow::Context as _;

use crate::case::{case_dir, relative_path, Case, Media, ProbeSummary, Rational, WallClockMapping};
use crate::media::{self, index_cache, ticks_to_secs};
use crate::player::Timeline;

/// What the case needs to know about a media file. The engine answers it ([`EngineProbe`]); tests may fake it.
pub trait MediaProbe {
    /// Lowercase hex SHA-256 of the whole file; `progress(done_bytes, total_bytes)` is called as it goes.
    fn sha256(&self, path: &Path, progress: &mut dyn FnMut(u64, u64)) -> anyhow::Result<String>;
    fn probe(&self, path: &Path) -> anyhow::Result<ProbeSummary>;
    /// The exact points of `frames` (0-based, presentation order), by the rule every frame number follows; the
    /// file's frame index is read once for all of them.
    fn frame_points(&self, path: &Path, frames: &[u64]) -> anyhow::Result<Vec<crate::case::FramePoint>>;
}

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

    fn frame_points(&self, path: &Path, frames: &[u64]) -> anyhow::Result<Vec<crate::case::FramePoint>> {
        let (index, _) = index_cache::load_or_build(path)?;
        let timeline = Timeline::from_index(&index);
        frames
            .iter()
            .map(|&frame| match usize::try_from(frame) {
                Ok(n) if n < timeline.frame_count() => Ok(crate::desk::frame_point(&timeline, n)),
                _ => anyhow::bail!(
                    "{}: frame {frame} does not exist (the video has {} frames)",
                    path.display(),
                    index.len()
                ),
            })
            .collect()
    }
}

/// The case model's summary of a probe.
pub fn summary_of(info: &media::probe::ProbeInfo, index: &media::index::FrameIndex) -> ProbeSummary {
    let video = info.streams.iter().find(|s| s.index == info.video.stream_index);
    let (num, den) = info
        .video
        .declared_fps_rational
        .split_once('/')
        .map_or((0, 1), |(n, d)| (n.parse().unwrap_or(0), d.parse().unwrap_or(1)));
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
        timecode: info.timecode.clone(),
        ends_early: info.video.ends_early.as_ref().map(|e| e.message()),
    }
}

/// A wall-clock origin the reviewer typed, with where it came from and how sure it is.
#[derive(Debug, Clone, Default)]
pub struct GivenWallClock {
    /// RFC 3339; `None` to take the container's creation time.
    pub origin: Option<String>,
    /// How the origin was obtained (default: "entered by reviewer", or "container creation_time").
    pub source: Option<String>,
    /// ± seconds on the origin.
    pub uncertainty_secs: f64,
}

impl GivenWallClock {
    /// Nothing typed: the container's creation time, to the second.
    pub fn from_container() -> Self {
        GivenWallClock { origin: None, source: None, uncertainty_secs: 1.0 }
    }
}

/// `video` described as a new media file of `case` (stored at `case_path`). Refuses a file the case already holds.
pub fn media_for_video(
    case: &Case,
    case_path: &Path,
    video: &Path,
    wall_clock: &GivenWallClock,
    probe: &dyn MediaProbe,
    progress: &mut dyn FnMut(u64, u64),
) -> anyhow::Result<Media> {
    let absolute = std::fs::canonicalize(video).with_context(|| format!("cannot find {}", video.display()))?;
    let size_bytes = std::fs::metadata(&absolute).with_context(|| format!("cannot read {}", absolute.display()))?.len();
    let sha256 = probe.sha256(&absolute, progress)?;
    if let Some(existing) = case.media.values().find(|m| crate::case::same_digest(&m.sha256, &sha256)) {
        anyhow::bail!(
            "this file is already in the case as media {} ({})",
            existing.id,
            existing.path_relative.display()
        );
    }
    let summary = probe.probe(&absolute)?;
    let wall_clock = match (&wall_clock.origin, &summary.creation_time) {
        (Some(origin), _) => Some(WallClockMapping {
            origin: Some(origin.clone()),
            source: wall_clock.source.clone().unwrap_or_else(|| "entered by reviewer".into()),
            uncertainty_secs: wall_clock.uncertainty_secs,
            method: crate::case::ClockMethod::Typed,
            ..Default::default()
        }),
        (None, Some(created)) => Some(WallClockMapping {
            origin: Some(created.clone()),
            source: wall_clock.source.clone().unwrap_or_else(|| "container creation_time".into()),
            uncertainty_secs: wall_clock.uncertainty_secs,
            method: crate::case::ClockMethod::ContainerCreationTime,
            ..Default::default()
        }),
        (None, None) => None,
    };
    Ok(Media {
        id: case.new_media_id(),
        path_relative: relative_path(&case_dir(case_path), &absolute),
        last_absolute_path: absolute,
        sha256,
        size_bytes,
        probe: summary,
        wall_clock,
        last_check: None,
    })
}
