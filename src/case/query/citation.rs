//! Citations for events: everything needed to find the exact frames again and to state them in a
//! report: media SHA-256, frame numbers, PTS, media time, HH:MM:SS.mmm, and wall-clock time ± uncertainty.

use crate::case::model::case::Case;
use crate::case::model::event::{Event, FramePoint};
use crate::case::model::ids::{EventId, MediaId};
use crate::case::model::media::Media;
use crate::case::model::time::format_wall_clock;
use crate::case::CaseError;
use serde::Serialize;

/// One cited frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedFrame {
    pub frame: u64,
    pub pts_ticks: i64,
    pub time_base_num: i32,
    pub time_base_den: i32,
    /// `None` when the time base is unusable.
    pub media_secs: Option<f64>,
    /// `HH:MM:SS.mmm` of `media_secs`.
    pub media_hms: Option<String>,
    /// RFC 3339 UTC, when the media has a wall-clock origin.
    pub wall_clock_utc: Option<String>,
}

/// A full citation of one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub event_id: EventId,
    pub media_id: MediaId,
    pub media_path: String,
    pub media_sha256: String,
    pub start: CitedFrame,
    pub end: Option<CitedFrame>,
    /// ± seconds on every wall-clock time above.
    pub wall_clock_uncertainty_secs: Option<f64>,
    /// How the wall-clock origin was established.
    pub wall_clock_source: Option<String>,
}

/// The citation of one frame of `media`: its number, PTS, media time and, through the media's clock map, its
/// wall-clock time (to the millisecond).
pub fn cite_frame(point: &FramePoint, media: &Media) -> CitedFrame {
    let media_secs = point.media_secs();
    // Through the clock map (origin, reference point, drift), to the nearest millisecond.
    let wall_micros = media.wall_clock.as_ref().zip(media_secs).and_then(|(map, secs)| map.wall_micros(secs));
    let wall_clock_utc = wall_micros.map(format_wall_clock);
    CitedFrame {
        frame: point.frame,
        pts_ticks: point.pts_ticks,
        time_base_num: point.time_base_num,
        time_base_den: point.time_base_den,
        media_secs,
        media_hms: point.media_hms(),
        wall_clock_utc,
    }
}

/// Event `event_id` and the media it is on, or which of the two the case lacks.
pub(crate) fn event_and_media<'a>(case: &'a Case, event_id: &EventId) -> Result<(&'a Event, &'a Media), CaseError> {
    let event =
        case.events.get(event_id).ok_or_else(|| CaseError::NotFound { kind: "event", id: event_id.to_string() })?;
    let media = case
        .media
        .get(&event.media_id)
        .ok_or_else(|| CaseError::NotFound { kind: "media", id: event.media_id.to_string() })?;
    Ok((event, media))
}

/// The citation of event `event_id`.
pub fn cite_event(case: &Case, event_id: &EventId) -> Result<Citation, CaseError> {
    let (event, media) = event_and_media(case, event_id)?;
    let start = cite_frame(&event.start, media);
    let has_wall_clock = start.wall_clock_utc.is_some();
    Ok(Citation {
        event_id: event.id.clone(),
        media_id: media.id.clone(),
        media_path: media.path_relative.display().to_string(),
        media_sha256: media.sha256.clone(),
        end: event.end.as_ref().map(|p| cite_frame(p, media)),
        start,
        // The map's uncertainty where the event starts (it grows with the distance from the map's reference point).
        wall_clock_uncertainty_secs: media
            .wall_clock
            .as_ref()
            .filter(|_| has_wall_clock)
            .map(|w| w.uncertainty_ms_at(event.start.media_secs().unwrap_or(w.ref_secs)) / 1000.0),
        wall_clock_source: media.wall_clock.as_ref().filter(|_| has_wall_clock).map(|w| w.source.clone()),
    })
}

/// `frame 90 (PTS 270270 × 1/90000 s, 00:00:03.003)`.
pub(crate) fn frame_text(f: &CitedFrame) -> String {
    let time = f.media_hms.clone().unwrap_or_else(|| "time unknown".into());
    format!("frame {} (PTS {} × {}/{} s, {time})", f.frame, f.pts_ticks, f.time_base_num, f.time_base_den)
}

impl std::fmt::Display for Citation {
    /// e.g. `event e-1 — media m-1 (a.mp4, SHA-256 ab12…): frame 90 (PTS 270270 × 1/90000 s,
    /// 00:00:03.003) – frame 120 (…); wall clock 2025-10-02T14:03:10.003Z – … ± 2 s (container creation_time)`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "event {} — media {} ({}, SHA-256 {}): {}",
            self.event_id,
            self.media_id,
            self.media_path,
            self.media_sha256,
            frame_text(&self.start)
        )?;
        if let Some(end) = &self.end {
            write!(f, " – {}", frame_text(end))?;
        }
        if let Some(start_wall) = &self.start.wall_clock_utc {
            write!(f, "; wall clock {start_wall}")?;
            if let Some(end_wall) = self.end.as_ref().and_then(|e| e.wall_clock_utc.as_ref()) {
                write!(f, " – {end_wall}")?;
            }
            if let Some(uncertainty) = self.wall_clock_uncertainty_secs {
                write!(f, " ± {uncertainty} s")?;
            }
            if let Some(source) = &self.wall_clock_source {
                write!(f, " ({source})")?;
            }
        }
        Ok(())
    }
}
