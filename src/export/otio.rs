//! OpenTimelineIO (Timeline.1, Track.1, Clip.1, Gap.1, Marker.2: schema versions the released opentimelineio reads).
//! One camera: one track holding the media as a single clip, every event a marker on it. Several cameras with clock
//! maps (and no camera chosen): one track per camera on the wall-clock axis, each clip after a gap as long as the
//! camera started after the earliest one, its events as markers on it. Markers count frames at the camera's nominal
//! rate, so an editor lands on the cited frame number; exact PTS and the citation travel in each marker's metadata.

use std::collections::BTreeMap;

use super::common::{marker_colour, nominal_fps, select_media, sorted_events, type_name};
use super::ExportError;
use crate::case::{cite_event, format_rfc3339_micros, Case, Media, MediaId};
use serde_json::{json, Value};

fn rational_time(value: f64, rate: f64) -> Value {
    json!({ "OTIO_SCHEMA": "RationalTime.1", "rate": rate, "value": value })
}

fn time_range(start: f64, duration: f64, rate: f64) -> Value {
    json!({
        "OTIO_SCHEMA": "TimeRange.1",
        "duration": rational_time(duration, rate),
        "start_time": rational_time(start, rate),
    })
}

/// The media as one clip, its events as markers on it.
fn clip(case: &Case, media: &Media, url: &str) -> Result<Value, ExportError> {
    let rate = nominal_fps(media);
    let frame_count = media.probe.frame_count as f64;
    let mut markers = Vec::new();
    for event in sorted_events(case).into_iter().filter(|e| e.media_id == media.id) {
        let citation = cite_event(case, &event.id)?;
        let start = event.start.frame as f64;
        let duration = event.end.map_or(0.0, |end| end.frame.saturating_sub(event.start.frame) as f64 + 1.0);
        let colour = case.taxonomy.get(&event.type_id).map_or("RED", |t| marker_colour(t.colour));
        let links: Vec<Value> = event
            .links
            .iter()
            .map(|l| json!({ "claim_id": l.claim_id, "stance": l.stance.to_string(), "rationale": l.rationale }))
            .collect();
        markers.push(json!({
            "OTIO_SCHEMA": "Marker.2",
            "metadata": { "claimframe": {
                "event_id": event.id,
                "type_id": event.type_id,
                "reviewer": event.reviewer,
                "modifiers": event.modifiers,
                "claim_links": links,
                "citation": citation,
                "citation_text": citation.to_string(),
            }},
            "name": type_name(case, &event.type_id),
            "color": colour,
            "marked_range": time_range(start, duration, rate),
            "comment": event.note,
        }));
    }
    let name =
        media.path_relative.file_name().map_or_else(|| media.id.to_string(), |n| n.to_string_lossy().into_owned());
    let available = time_range(0.0, frame_count, rate);
    Ok(json!({
        "OTIO_SCHEMA": "Clip.1",
        "metadata": { "claimframe": { "media_id": media.id, "sha256": media.sha256, "clock": media.wall_clock } },
        "name": name,
        "source_range": available.clone(),
        "effects": [],
        "markers": markers,
        "enabled": true,
        "media_reference": {
            "OTIO_SCHEMA": "ExternalReference.1",
            "metadata": {},
            "name": name,
            "available_range": available,
            "available_image_bounds": null,
            "target_url": url,
        },
    }))
}

fn track(name: &str, children: Vec<Value>) -> Value {
    json!({
        "OTIO_SCHEMA": "Track.1",
        "metadata": {},
        "name": name,
        "source_range": null,
        "effects": [],
        "markers": [],
        "enabled": true,
        "kind": "Video",
        "children": children,
    })
}

/// The cameras to lay out on the wall clock, each with the wall-clock time of its media time 0: every camera when
/// all have a clock map and there are several; otherwise none.
fn synced_cameras(case: &Case) -> Option<Vec<(&Media, i64)>> {
    if case.media.len() < 2 {
        return None;
    }
    case.media.values().map(|m| Some((m, m.wall_clock.as_ref()?.wall_micros(0.0)?))).collect()
}

/// The case's events as an OTIO timeline: of one camera (`media`, or the only one), or of every synced camera on the
/// wall clock when no camera is chosen. `urls` holds each media's path relative to where the .otio is written.
pub fn export_otio(
    case: &Case,
    media: Option<&MediaId>,
    urls: &BTreeMap<MediaId, String>,
) -> Result<Vec<u8>, ExportError> {
    let url_of = |m: &Media| urls.get(&m.id).cloned().unwrap_or_else(|| m.path_relative.display().to_string());
    let (tracks, axis, described) = match (media, synced_cameras(case)) {
        (None, Some(cameras)) => {
            let start = cameras.iter().map(|(_, zero)| *zero).min().unwrap_or(0);
            let mut tracks = Vec::with_capacity(cameras.len());
            for (camera, zero) in &cameras {
                let rate = nominal_fps(camera);
                let lead_frames = ((zero - start) as f64 * 1e-6 * rate).round();
                let gap = json!({
                    "OTIO_SCHEMA": "Gap.1",
                    "metadata": {},
                    "name": "before this camera",
                    "source_range": time_range(0.0, lead_frames, rate),
                    "effects": [],
                    "markers": [],
                    "enabled": true,
                });
                tracks.push(track(camera.id.as_str(), vec![gap, clip(case, camera, &url_of(camera))?]));
            }
            let axis = format!(
                "one track per camera on the wall clock from {} (its media time 0 for the earliest camera); each \
                 camera's start is rounded to its own frame, and a drift is stated in its clip's clock map, not \
                 followed",
                format_rfc3339_micros(start)
            );
            (tracks, axis, Value::Null)
        }
        _ => {
            let media = select_media(case, media)?;
            let axis = "marker times are frame numbers at the nominal rate; exact PTS in each marker's citation";
            (vec![track("Evidence", vec![clip(case, media, &url_of(media))?])], axis.to_owned(), json!(media.sha256))
        }
    };
    let doc = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "metadata": { "claimframe": {
            "case_title": case.meta.title,
            "media_sha256": described,
            "audit_head_hash": case.audit.head_hash(),
            "anchor": crate::case::Anchor::of(case).to_string(),
            "frame_numbering": axis,
        }},
        "name": case.meta.title,
        "global_start_time": null,
        "tracks": {
            "OTIO_SCHEMA": "Stack.1",
            "metadata": {},
            "name": "tracks",
            "source_range": null,
            "effects": [],
            "markers": [],
            "enabled": true,
            "children": tracks,
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
