//! What exports need from the media layer, gathered for the pure export functions: each media file re-hashed and
//! compared with the case, the cited frames decoded (single-threaded, reproducible) into clean and ILLUSTRATIVE
//! stills, and the measurements' marked frames into clean stills. Stills are only ever made from a file whose SHA-256 matches the case, before and after decoding.

use super::output::{file_in, Outputs};
use crate::case::{cite_event, same_digest, Case, Event, EventId, FramePoint, MeasurementId, MediaId};
use crate::export::{self, ExhibitMediaCheck, ExhibitStill, MarkStill};
use crate::media::{self, video::VideoFile, Threading};
use crate::picture::RgbaImage;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Re-hashes every media file of the case (found relative to `case_dir`).
pub fn check_media(case: &Case, case_dir: &Path) -> Vec<(ExhibitMediaCheck, Option<PathBuf>)> {
    case.media
        .values()
        .map(|m| {
            let Some(path) = m.resolve_path(case_dir) else {
                let check = ExhibitMediaCheck {
                    media_id: m.id.clone(),
                    actual_sha256: None,
                    outcome: "FAILED: file not found".into(),
                    ok: false,
                };
                return (check, None);
            };
            match media::hash::sha256_file(&path, |_, _| {}) {
                Ok(actual) if same_digest(&actual, &m.sha256) => {
                    let check = ExhibitMediaCheck {
                        media_id: m.id.clone(),
                        actual_sha256: Some(actual),
                        outcome: "verified: SHA-256 of the file matches the case".into(),
                        ok: true,
                    };
                    (check, Some(path))
                }
                Ok(actual) => {
                    let outcome = format!("FAILED: the file's SHA-256 is {actual}, not the recorded one");
                    (
                        ExhibitMediaCheck { media_id: m.id.clone(), actual_sha256: Some(actual), outcome, ok: false },
                        None,
                    )
                }
                Err(e) => (
                    ExhibitMediaCheck {
                        media_id: m.id.clone(),
                        actual_sha256: None,
                        outcome: format!("FAILED: {e}"),
                        ok: false,
                    },
                    None,
                ),
            }
        })
        .collect()
}

/// The label printed on an event's ILLUSTRATIVE still.
pub fn still_label(case: &Case, event: &Event) -> String {
    let time = event.start.media_hms().unwrap_or_default();
    format!("{} · event {} · frame {} · {time}", export::type_name(case, &event.type_id), event.id, event.start.frame)
}

/// One decoded still per event (its start frame), from verified files only.
pub struct DecodedStill {
    pub frame: u64,
    pub clean: RgbaImage,
    pub annotated: RgbaImage,
}

/// Decodes clean stills from verified files only, each file opened once; [`StillDecoder::recheck`] re-hashes every
/// file decoded from. The one decoder of the exhibit's stills: an event's own and its other cameras' alike.
pub struct StillDecoder<'a> {
    verified: &'a BTreeMap<MediaId, PathBuf>,
    videos: BTreeMap<MediaId, VideoFile>,
}

impl<'a> StillDecoder<'a> {
    pub fn new(verified: &'a BTreeMap<MediaId, PathBuf>) -> Self {
        StillDecoder { verified, videos: BTreeMap::new() }
    }

    /// The clean still of `point` of media `id` (`None`: its file was not verified), refused when the file's frame
    /// index gives that frame another PTS than `point` cites; `what` names the still in that refusal.
    pub fn clean(&mut self, id: &MediaId, point: &FramePoint, what: &str) -> anyhow::Result<Option<RgbaImage>> {
        let Some(path) = self.verified.get(id) else { return Ok(None) };
        if !self.videos.contains_key(id) {
            let video = VideoFile::open(path, Threading::Reproducible)
                .with_context(|| format!("opening {}", path.display()))?;
            self.videos.insert(id.clone(), video);
        }
        let Some(video) = self.videos.get_mut(id) else { return Ok(None) };
        let frame = usize::try_from(point.frame).context("frame number too large")?;
        if let Some(pts) = video.frame_pts(frame) {
            anyhow::ensure!(
                pts == point.pts_ticks,
                "{what}: frame {frame} of {} has PTS {pts}, but the case cites PTS {}; the index disagrees with the case",
                path.display(), point.pts_ticks
            );
        }
        let clean =
            video.display_rgba(frame).with_context(|| format!("decoding frame {frame} of {}", path.display()))?;
        Ok(Some(clean))
    }

    /// The bytes hashed must be the bytes decoded: a file swapped while it was read discards every still.
    pub fn recheck(self, case: &Case) -> anyhow::Result<()> {
        for id in self.videos.keys() {
            if let Some(path) = self.verified.get(id) {
                recheck_identity(case, id, path)?;
            }
        }
        Ok(())
    }
}

/// Decodes the start frame of every event whose media file was verified.
pub fn decode_stills(
    case: &Case,
    verified: &BTreeMap<MediaId, PathBuf>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<BTreeMap<EventId, DecodedStill>> {
    let mut decoder = StillDecoder::new(verified);
    let out = event_stills(case, &mut decoder, progress)?;
    decoder.recheck(case)?;
    Ok(out)
}

/// The start frame of every event whose media file was verified, by `decoder` (which the caller rechecks).
pub fn event_stills(
    case: &Case,
    decoder: &mut StillDecoder<'_>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<BTreeMap<EventId, DecodedStill>> {
    let mut out = BTreeMap::new();
    let events = export::sorted_events(case);
    let total = events.len();
    for (i, event) in events.into_iter().enumerate() {
        progress(&format!("decoding still {} of {total}", i + 1));
        let what = format!("event {}", event.id);
        let Some(clean) = decoder.clean(&event.media_id, &event.start, &what)? else { continue };
        let annotated = export::annotate_illustrative(&clean, &still_label(case, event))?;
        out.insert(event.id.clone(), DecodedStill { frame: event.start.frame, clean, annotated });
    }
    Ok(out)
}

/// The clean still of every marked frame of every measurement whose file was verified, by `decoder` (which the
/// caller rechecks).
pub fn measurement_stills(
    case: &Case,
    decoder: &mut StillDecoder<'_>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<BTreeMap<MeasurementId, Vec<MarkStill>>> {
    let mut out = BTreeMap::new();
    for measurement in case.measurements.values() {
        progress(&format!("decoding the marked frames of measurement {}", measurement.id));
        let mut stills = Vec::new();
        for media in &measurement.media {
            for mark in &media.marks {
                let what = format!(
                    "measurement {}'s mark on media {} frame {}",
                    measurement.id, media.media_id, mark.at.frame
                );
                let Some(clean) = decoder.clean(&media.media_id, &mark.at, &what)? else { continue };
                stills.push(MarkStill {
                    media_id: media.media_id.clone(),
                    frame: mark.at.frame,
                    png: export::encode_png(&clean)?,
                });
            }
        }
        out.insert(measurement.id.clone(), stills);
    }
    Ok(out)
}

/// Re-hashes `path` after decoding from it and refuses the exhibit when it is no longer the case's media `id`.
pub fn recheck_identity(case: &Case, id: &MediaId, path: &Path) -> anyhow::Result<()> {
    let media = case.media.get(id).with_context(|| format!("media {id} is not in the case"))?;
    let actual = media::hash::sha256_file(path, |_, _| {})?;
    anyhow::ensure!(
        same_digest(&actual, &media.sha256),
        "media {id} ({}) changed while it was decoded: its SHA-256 is now {actual}, not the case's {}; nothing was \
         written from it",
        path.display(),
        media.sha256
    );
    Ok(())
}

/// Stills encoded as PNG for a report.
pub fn exhibit_stills(stills: &BTreeMap<EventId, DecodedStill>) -> anyhow::Result<BTreeMap<EventId, ExhibitStill>> {
    stills
        .iter()
        .map(|(id, s)| {
            Ok((
                id.clone(),
                ExhibitStill {
                    frame: s.frame,
                    clean_png: export::encode_png(&s.clean)?,
                    annotated_png: export::encode_png(&s.annotated)?,
                },
            ))
        })
        .collect()
}

/// Writes `<event>_frame<N>.png`, its `.json` sidecar and `<event>_frame<N>_ILLUSTRATIVE.png` into `dir`.
pub fn write_stills(
    case: &Case,
    stills: &BTreeMap<EventId, DecodedStill>,
    dir: &Path,
    annotated: bool,
    outputs: &Outputs,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (id, still) in stills {
        let citation = cite_event(case, id)?;
        let stem = format!("{id}_frame{}", still.frame);
        let clean_name = format!("{stem}.png");
        let clean_png = export::encode_png(&still.clean)?;
        let annotated_name = format!("{stem}_ILLUSTRATIVE.png");
        let annotated_png = if annotated { Some(export::encode_png(&still.annotated)?) } else { None };
        let sidecar = export::still_sidecar_json(
            &citation,
            still.frame,
            &clean_name,
            &clean_png,
            Threading::Reproducible.describe(),
            annotated_png.as_deref().map(|bytes| (annotated_name.as_str(), bytes)),
        )?;
        outputs.write(&file_in(dir, &clean_name)?, &clean_png)?;
        outputs.write(&file_in(dir, &format!("{stem}.json"))?, &sidecar)?;
        if let Some(bytes) = annotated_png {
            outputs.write(&file_in(dir, &annotated_name)?, &bytes)?;
        }
    }
    Ok(stills.len())
}
