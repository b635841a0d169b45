//! OpenTimelineIO: one track holding the media as a single clip, every event a marker on it (Timeline.1, Clip.1,
//! Marker.2: schema versions the released opentimelineio reads). Markers count frames at the nominal rate, so an
//! editor lands on the cited frame number; exact PTS and the citation travel in each marker's metadata.

use super::common::{marker_colour, nominal_fps, select_media, sorted_events, type_name};
use super::ExportError;
use crate::case::{cite_event, Case, MediaId};
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

/// The case's events on one media file as an OTIO timeline. `relative_media_url` is the media's path relative to
/// where the .otio will be written.
pub fn export_otio(case: &Case, media: Option<&MediaId>, relative_media_url: &str) -> Result<Vec<u8>, ExportError> {
    let media = select_media(case, media)?;
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
    let doc = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "metadata": { "claimframe": {
            "case_title": case.meta.title,
            "media_sha256": media.sha256,
            "audit_head_hash": case.audit.head_hash(),
            "anchor": crate::case::Anchor::of(case).to_string(),
            "frame_numbering": "marker times are frame numbers at the nominal rate; exact PTS in each marker's citation",
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
            "children": [{
                "OTIO_SCHEMA": "Track.1",
                "metadata": {},
                "name": "Evidence",
                "source_range": null,
                "effects": [],
                "markers": [],
                "enabled": true,
                "kind": "Video",
                "children": [{
                    "OTIO_SCHEMA": "Clip.1",
                    "metadata": { "claimframe": { "media_id": media.id, "sha256": media.sha256 } },
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
                        "target_url": relative_media_url,
                    },
                }],
            }],
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
