//! Proposing a camera's clock map from the case and its real files, for the command line and the window alike:
//! from the container's metadata, from the burned-in clock read at one frame, or from sync points (frames of this
//! camera and of a reference camera that show the same moment). A proposal is only words and a map; applying it is
//! one audited `UpdateMedia` edit by the caller.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::case::read_timecode;
use crate::case::{
    case_dir, fit_sync_points, format_rfc3339_micros, map_from_relative, parse_rfc3339_micros, Case, ClockMethod, Edit,
    Media, MediaId, RelativeClock, SyncPoint, SyncResidual, WallClockMapping,
};
use crate::exchange::audio_sync::sync_files;
use crate::exchange::media_file::MediaProbe;

/// A moment marked on both cameras: this camera's frame, the reference camera's frame, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePair {
    pub media_frame: u64,
    pub reference_frame: u64,
    pub label: String,
}

/// How to sync.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncMethod {
    /// The container's creation time, to the second.
    Metadata,
    /// The burned-in clock read by the reviewer at one frame.
    Clock { frame: u64, reads_utc: String, uncertainty_ms: f64 },
    /// Sync points against the reference camera.
    Points(Vec<FramePair>),
    /// Cross-correlation of this camera's sound with the reference camera's.
    Audio,
}

/// One request: set `media`'s clock map by `method` (against `reference` where the method needs one).
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRequest {
    pub media: MediaId,
    pub reference: Option<MediaId>,
    pub method: SyncMethod,
}

/// A map ready to apply, and the words that explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub media: Media,
    pub report: String,
}

impl Proposal {
    /// The audited edit that applies the map.
    pub fn edit(&self) -> Edit {
        Edit::UpdateMedia(Box::new(self.media.clone()))
    }
}

/// A container creation time is usually written to the second by a clock nobody checked.
const CREATION_TIME_UNCERTAINTY_SECS: f64 = 1.0;

fn media_of<'a>(case: &'a Case, id: &MediaId) -> anyhow::Result<&'a Media> {
    case.media.get(id).with_context(|| {
        let known: Vec<&str> = case.media.keys().map(MediaId::as_str).collect();
        format!("no media {id} in the case (it has {})", known.join(", "))
    })
}

/// Each frame's media time and its frame interval there (to the next frame, or from the one before at the end),
/// from one reading of the file's frame index.
fn frame_times(probe: &dyn MediaProbe, file: &Path, media: &Media, frames: &[u64]) -> anyhow::Result<Vec<(f64, f64)>> {
    let neighbour = |frame: u64| if frame + 1 < media.probe.frame_count { frame + 1 } else { frame.saturating_sub(1) };
    let asked: Vec<u64> = frames.iter().flat_map(|&f| [f, neighbour(f)]).collect();
    let points = probe.frame_points(file, &asked)?;
    points
        .chunks(2)
        .zip(frames)
        .map(|(pair, frame)| {
            let secs = pair[0]
                .media_secs()
                .with_context(|| format!("media {}: frame {frame} has no usable time", media.id))?;
            let other = pair.get(1).and_then(|p| p.media_secs()).unwrap_or(secs);
            Ok((secs, (other - secs).abs()))
        })
        .collect()
}

/// Proposes the map `request` asks for.
pub fn propose(
    case: &Case,
    case_path: &Path,
    request: &SyncRequest,
    probe: &dyn MediaProbe,
    reviewer: &str,
    now_utc: &str,
) -> anyhow::Result<Proposal> {
    let media = media_of(case, &request.media)?;
    let map = match &request.method {
        SyncMethod::Metadata => {
            let created = media.probe.creation_time.as_deref().with_context(|| {
                format!("media {} has no creation time in its container; sync it by points or its clock", media.id)
            })?;
            let micros = parse_rfc3339_micros(created)
                .with_context(|| format!("media {}: creation time {created:?} is not a date and time", media.id))?;
            let by_creation = |note: &str| WallClockMapping {
                origin: Some(format_rfc3339_micros(micros)),
                source: format!("container creation_time{note}"),
                uncertainty_secs: CREATION_TIME_UNCERTAINTY_SECS,
                method: ClockMethod::ContainerCreationTime,
                set_by: reviewer.to_owned(),
                set_utc: now_utc.to_owned(),
                ..Default::default()
            };
            match media.probe.timecode.as_deref() {
                None => by_creation(""),
                Some(timecode) => {
                    let fps = media.probe.declared_fps.as_f64().map_or(0, |f| f.round() as u32);
                    match read_timecode(timecode, fps, micros) {
                        Ok(reading) => {
                            let file = verified(media, case_path, probe)?;
                            let (first_secs, _) =
                                *frame_times(probe, &file, media, &[0])?.first().context("no frame time")?;
                            WallClockMapping {
                                origin: Some(format_rfc3339_micros(reading.wall_micros)),
                                source: format!(
                                    "timecode track {timecode} at the first frame{}, read in UTC{:+03}:{:02} — the                                      day and the zone from the container creation time {created} ({:+.3} s from it);                                      as right as the camera's clock was set",
                                    if reading.drop_frame { " (drop-frame)" } else { "" },
                                    reading.zone_minutes / 60,
                                    reading.zone_minutes.rem_euclid(60),
                                    reading.creation_minus_timecode_secs
                                ),
                                uncertainty_secs: 1.0 / f64::from(fps.max(1)),
                                ref_secs: first_secs,
                                method: ClockMethod::Timecode,
                                set_by: reviewer.to_owned(),
                                set_utc: now_utc.to_owned(),
                                ..Default::default()
                            }
                        }
                        Err(words) => by_creation(&format!(" (its timecode track was not used: {words})")),
                    }
                }
            }
        }
        SyncMethod::Clock { frame, reads_utc, uncertainty_ms } => {
            let micros = parse_rfc3339_micros(reads_utc).with_context(|| {
                format!("{reads_utc:?} is not an RFC 3339 date and time (e.g. 2031-04-17T21:02:04Z)")
            })?;
            anyhow::ensure!(uncertainty_ms.is_finite() && *uncertainty_ms >= 0.0, "the uncertainty must be ≥ 0 ms");
            let file = verified(media, case_path, probe)?;
            let (secs, _) = *frame_times(probe, &file, media, &[*frame])?.first().context("no frame time")?;
            WallClockMapping {
                origin: Some(format_rfc3339_micros(micros)),
                source: format!("burned-in clock read by {reviewer} at frame {frame}"),
                uncertainty_secs: uncertainty_ms / 1000.0,
                ref_secs: secs,
                method: ClockMethod::BurnedInClock,
                set_by: reviewer.to_owned(),
                set_utc: now_utc.to_owned(),
                ..Default::default()
            }
        }
        SyncMethod::Points(pairs) => {
            let (reference, reference_map) = reference_of(case, request, media)?;
            let reference_id = &reference.id;
            let file = verified(media, case_path, probe)?;
            let reference_file = verified(reference, case_path, probe)?;
            let mine = frame_times(probe, &file, media, &pairs.iter().map(|p| p.media_frame).collect::<Vec<_>>())?;
            let theirs = frame_times(
                probe,
                &reference_file,
                reference,
                &pairs.iter().map(|p| p.reference_frame).collect::<Vec<_>>(),
            )?;
            let mut points = Vec::with_capacity(pairs.len());
            for ((pair, (media_secs, media_frame_secs)), (reference_secs, reference_frame_secs)) in
                pairs.iter().zip(mine).zip(theirs)
            {
                let label = if pair.label.is_empty() {
                    format!("{} frame {} = {reference_id} frame {}", media.id, pair.media_frame, pair.reference_frame)
                } else {
                    format!(
                        "{}: {} frame {} = {reference_id} frame {}",
                        pair.label, media.id, pair.media_frame, pair.reference_frame
                    )
                };
                points.push(SyncPoint { label, reference_secs, reference_frame_secs, media_secs, media_frame_secs });
            }
            let mut map = fit_sync_points(reference_map, &points, reviewer, now_utc)?.map;
            map.source = format!("{} ({reference_id})", map.source);
            map
        }
        SyncMethod::Audio => {
            let (reference, reference_map) = reference_of(case, request, media)?;
            let file = verified(media, case_path, probe)?;
            let reference_file = verified(reference, case_path, probe)?;
            // A is the reference camera, B this one.
            let measured = match sync_files(&reference_file, &file, &|_| {})? {
                Ok(measured) => measured,
                Err(refusal) => anyhow::bail!("not synced: {refusal}"),
            };
            let relation = RelativeClock {
                offset_secs: measured.offset_ms / 1000.0,
                offset_unc_ms: measured.offset_unc_ms,
                drift_ppm: measured.drift_ppm,
                drift_unc_ppm: measured.drift_unc_ppm,
                ref_a_secs: measured.ref_a_secs,
                method: ClockMethod::Audio,
                source: format!(
                    "audio correlation with {} (confidence {:.2}, {} of {} windows; offset of sound arrival, its ± \
                     statistical only: acoustic path and sound-to-picture skew not included)",
                    reference.id,
                    measured.confidence,
                    measured.inliers(),
                    measured.windows.len()
                ),
                residuals: measured
                    .windows
                    .iter()
                    .filter(|w| w.inlier)
                    .map(|w| SyncResidual {
                        label: format!("sound window at {} {:.3} s", reference.id, w.a_secs),
                        media_secs: measured.b_secs_at(w.a_secs),
                        residual_ms: w.residual_ms,
                    })
                    .collect(),
            };
            let map = map_from_relative(reference_map, &relation, reviewer, now_utc)?;
            let span = resolve(media, case_path).ok().and_then(|file| footage_span(probe, &file, media).ok());
            let report = format!("{measured}\n{}", describe(media, &map, span));
            return Ok(Proposal { media: Media { wall_clock: Some(map), ..media.clone() }, report });
        }
    };
    let span = resolve(media, case_path).ok().and_then(|file| footage_span(probe, &file, media).ok());
    let report = describe(media, &map, span);
    Ok(Proposal { media: Media { wall_clock: Some(map), ..media.clone() }, report })
}

/// The reference camera of a request and its clock map.
fn reference_of<'a>(
    case: &'a Case,
    request: &SyncRequest,
    media: &Media,
) -> anyhow::Result<(&'a Media, &'a WallClockMapping)> {
    let reference_id = request.reference.as_ref().context("this method needs the reference camera (--to)")?;
    anyhow::ensure!(reference_id != &media.id, "a camera cannot be synced to itself");
    let reference = media_of(case, reference_id)?;
    let map = reference
        .wall_clock
        .as_ref()
        .filter(|m| m.origin_micros().is_some())
        .with_context(|| format!("media {reference_id} has no clock map to sync against; give it one first"))?;
    Ok((reference, map))
}

/// The media's file, hashed and refused unless it is the file the case records: a sync read from other footage
/// would put the evidence at the wrong time.
fn verified(media: &Media, case_path: &Path, probe: &dyn MediaProbe) -> anyhow::Result<std::path::PathBuf> {
    let file = resolve(media, case_path)?;
    if media.sha256.trim().is_empty() {
        return Ok(file);
    }
    let found = probe.sha256(&file, &mut |_, _| {}).with_context(|| format!("hashing {}", file.display()))?;
    anyhow::ensure!(
        crate::case::same_digest(&media.sha256, &found),
        "not synced: {} is not the file media {} records (its SHA-256 is {found}, the case has {}); relink the \
         original file first",
        file.display(),
        media.id,
        media.sha256
    );
    Ok(file)
}

fn resolve(media: &Media, case_path: &Path) -> anyhow::Result<std::path::PathBuf> {
    media.resolve_path(&case_dir(case_path)).with_context(|| {
        format!("media {} is not where the case says ({}); relink it first", media.id, media.path_relative.display())
    })
}

/// The media time of the first frame and of the end of the last one.
pub fn footage_span(probe: &dyn MediaProbe, file: &Path, media: &Media) -> anyhow::Result<(f64, f64)> {
    let last = media.probe.frame_count.checked_sub(1).context("the media has no frames")?;
    let times = frame_times(probe, file, media, &[0, last])?;
    let [(first_secs, _), (last_secs, interval)] = times[..] else { anyhow::bail!("no frame times") };
    Ok((first_secs, last_secs + interval))
}

/// The map in words: the formula, each parameter with its uncertainty and source, the footage's coverage (given
/// its media-time span), and the residuals.
pub fn describe(media: &Media, map: &WallClockMapping, span: Option<(f64, f64)>) -> String {
    let mut out = String::new();
    let mut parameters = map.parameter_lines().into_iter();
    if let Some(formula) = parameters.next() {
        let _ = writeln!(out, "media {}: {formula}", media.id);
    }
    for line in parameters {
        let _ = writeln!(out, "  {line}");
    }
    if let Some(line) = span.and_then(|(first, end)| map.coverage_line(first, end)) {
        let _ = writeln!(out, "  {line}");
    }
    for line in map.residual_lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}
