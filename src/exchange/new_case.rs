//! A new case around one video, for the window's **New case…**: the default vehicle/body-cam taxonomy and the video
//! as its first media file (SHA-256, probe summary, and the container's creation time as the wall clock, labelled as
//! such). Written through `CaseSession::create`, so an existing file is never overwritten.

use std::path::Path;

use anyhow::Context as _;

use crate::case::{relative_path, Case, CaseSession, Media, ProbeSummary, Rational, SaveOptions, WallClockMapping};
use crate::media::{self, index_cache, ticks_to_secs};

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
        ends_early: info.video.ends_early.as_ref().map(|e| e.message()),
    }
}

/// Writes a new case at `case_path` (refused if a file is there) whose first media file is `video`.
pub fn new_case_for_video(video: &Path, case_path: &Path, title: &str) -> anyhow::Result<()> {
    let absolute = std::fs::canonicalize(video).with_context(|| format!("cannot find {}", video.display()))?;
    let size_bytes = std::fs::metadata(&absolute).with_context(|| format!("cannot read {}", absolute.display()))?.len();
    let sha256 = media::hash::sha256_file(&absolute, &mut |_, _| {})?;
    let (index, _) = index_cache::load_or_build(&absolute)?;
    let info = media::probe::probe(&absolute, &index)?;
    let probe = summary_of(&info, &index);
    let wall_clock = probe.creation_time.clone().map(|created| WallClockMapping {
        origin: Some(created),
        source: "container creation_time".into(),
        uncertainty_secs: 1.0,
    });
    let case_dir = case_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut case = Case::new(title);
    let media = Media {
        id: case.new_media_id(),
        path_relative: relative_path(case_dir, &absolute),
        last_absolute_path: absolute,
        sha256,
        size_bytes,
        probe,
        wall_clock,
        last_check: None,
    };
    case.media.insert(media.id.clone(), media);
    CaseSession::create(case_path, case, SaveOptions::default())?;
    Ok(())
}
