//! Helpers every export shares: one-line and XML-safe text, events in timeline order, type names, exact millisecond times, choosing the one
//! media file a single-timeline format describes, and the inputs of an exhibit (stills, the other cameras at each
//! event, the stills of measurements' marked frames, each file's frame timing, verification results).

use super::ExportError;
use crate::case::event_query::natural_cmp;
use crate::case::{Case, Event, EventId, EventTypeId, FramePoint, MeasurementId, Media, MediaId, SameMoment};
use crate::media::timing_plot::TimingPlot;
use std::collections::BTreeMap;

/// `text` on one line: every control character (CR, LF, tab, NEL, the ASCII separators, …) and every Unicode line
/// or paragraph separator becomes a space, and runs of spaces become one. A subtitle cue or an EDL comment built
/// from it can never start a new cue, a new timing line or a new EDL record.
pub fn single_line(text: &str) -> String {
    let spaced: String =
        text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` without the characters XML 1.0 cannot hold (controls other than tab, LF and CR; U+FFFE, U+FFFF) or
/// discourages (DEL and the C1 controls, which XML 1.1 restricts).
pub fn xml_safe(text: &str) -> String {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}'));
    text.chars().filter(|&c| allowed(c)).collect()
}

/// Events ordered by media, start frame, then id: the order of every timeline export.
pub fn sorted_events(case: &Case) -> Vec<&Event> {
    let mut events: Vec<&Event> = case.events.values().collect();
    events.sort_by(|a, b| {
        natural_cmp(a.media_id.as_str(), b.media_id.as_str())
            .then(a.start.frame.cmp(&b.start.frame))
            .then_with(|| natural_cmp(a.id.as_str(), b.id.as_str()))
    });
    events
}

/// The display name of an event type, or its id when the taxonomy lacks it.
pub fn type_name(case: &Case, type_id: &EventTypeId) -> String {
    case.taxonomy.get(type_id).map_or_else(|| type_id.to_string(), |t| t.name.clone())
}

/// The frame's presentation time in whole milliseconds, rounded up, so that "the latest frame at or before this
/// time" is the frame itself again (frames are longer than a millisecond). `None` on an unusable time base.
pub fn ceil_millis(point: &FramePoint) -> Option<i64> {
    if point.time_base_den <= 0 {
        return None;
    }
    let numerator = i128::from(point.pts_ticks) * i128::from(point.time_base_num) * 1000;
    let den = i128::from(point.time_base_den);
    let quotient = numerator.div_euclid(den);
    let ceil = if numerator.rem_euclid(den) == 0 { quotient } else { quotient + 1 };
    i64::try_from(ceil).ok()
}

/// The media file a single-timeline format describes: the one asked for, or the only one.
pub fn select_media<'a>(case: &'a Case, wanted: Option<&MediaId>) -> Result<&'a Media, ExportError> {
    if let Some(id) = wanted {
        return case.media.get(id).ok_or_else(|| ExportError::MediaNotFound(id.to_string()));
    }
    let mut all = case.media.values();
    match (all.next(), all.next()) {
        (None, _) => Err(ExportError::NoMedia),
        (Some(only), None) => Ok(only),
        (Some(_), Some(_)) => {
            Err(ExportError::MediaAmbiguous(case.media.keys().map(|k| k.to_string()).collect::<Vec<_>>().join(", ")))
        }
    }
}

/// Result of re-hashing one media file before a report is made.
#[derive(Debug, Clone, PartialEq)]
pub struct ExhibitMediaCheck {
    pub media_id: MediaId,
    /// SHA-256 of the file found on disk, when it could be read.
    pub actual_sha256: Option<String>,
    /// Human-readable outcome, e.g. "verified: SHA-256 matches" or "file not found".
    pub outcome: String,
    pub ok: bool,
}

/// The stills of one event: the exact frame as decoded (PNG) and the annotated copy marked ILLUSTRATIVE.
#[derive(Debug, Clone, PartialEq)]
pub struct ExhibitStill {
    pub frame: u64,
    pub clean_png: Vec<u8>,
    pub annotated_png: Vec<u8>,
}

/// What the other cameras show at one cited event's start: the "same moment" answer and, for each camera with a
/// frame then, that frame's clean still (PNG), decoded by the same code as the event's own still.
#[derive(Debug, Clone, PartialEq)]
pub struct ExhibitMoment {
    pub moment: SameMoment,
    pub clean_pngs: BTreeMap<MediaId, Vec<u8>>,
}

/// The clean still (PNG) of one marked frame of a measurement, decoded by the code that decodes an event's.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkStill {
    pub media_id: MediaId,
    pub frame: u64,
    pub png: Vec<u8>,
}

/// Everything a report needs besides the case; gathered by the caller (which owns the media layer).
#[derive(Debug, Clone, Default)]
pub struct Exhibit {
    pub checks: Vec<ExhibitMediaCheck>,
    pub stills: BTreeMap<EventId, ExhibitStill>,
    /// Per cited event whose camera has a clock map, the other cameras at its start (none in a one-camera case).
    pub moments: BTreeMap<EventId, ExhibitMoment>,
    /// Each camera's footage on its own media time (first frame, end of the last), for its wall-clock coverage.
    pub footage_spans_secs: BTreeMap<MediaId, (f64, f64)>,
    pub claimframe_version: String,
    pub ffmpeg_version: String,
    /// Decoder settings used for every still, e.g. "decoder threads=1 (reproducible)".
    pub decode_settings: String,
    /// RFC 3339 time the report was generated.
    pub generated_utc: String,
    /// Which events the report shows, in words (the adjudicated set by default).
    pub coding_set: String,
    /// The reviewers' agreement, computed on their own codings (the whole case, not only the events shown), when
    /// two or more reviewers coded events.
    pub agreement: Option<crate::case::agreement::Agreement>,
    /// Stills shown in a report are scaled to at most this width (the manifest still gives the exact PNG's hash).
    pub report_still_width_px: Option<u32>,
    /// Exhibit number, who prepared it, and the pages' Bates numbering.
    pub front: super::ExhibitFront,
    /// Where the full-resolution PNGs were written, relative to the report (e.g. `x.stills`), when they were.
    pub stills_folder: Option<String>,
    /// Per measurement, the stills of its marked frames whose files were verified.
    pub measurement_stills: BTreeMap<MeasurementId, Vec<MarkStill>>,
    /// Per media file, the picture of its frame timing, or why there is none (e.g. its file was not verified).
    pub timing: BTreeMap<MediaId, Result<TimingPlot, String>>,
}

/// The nominal frame rate NLE formats count frames at: the declared rate, else frames ÷ duration, else 30.
/// NLE timecodes count frames, so markers are placed by frame number, never by time × rate.
pub fn nominal_fps(media: &Media) -> f64 {
    if let Some(fps) = media.probe.declared_fps.as_f64().filter(|f| *f > 0.0) {
        return fps;
    }
    if media.probe.duration_secs > 0.0 && media.probe.frame_count > 0 {
        return media.probe.frame_count as f64 / media.probe.duration_secs;
    }
    30.0
}

/// The closest of the marker colours editors share (OTIO and CMX3600 locators).
pub fn marker_colour(rgb: crate::case::Rgb) -> &'static str {
    const PALETTE: &[(&str, (i32, i32, i32))] = &[
        ("RED", (220, 40, 40)),
        ("PINK", (240, 130, 180)),
        ("ORANGE", (240, 140, 30)),
        ("YELLOW", (230, 210, 40)),
        ("GREEN", (40, 180, 60)),
        ("CYAN", (40, 200, 210)),
        ("BLUE", (40, 80, 220)),
        ("PURPLE", (130, 60, 190)),
        ("MAGENTA", (210, 40, 200)),
        ("BLACK", (0, 0, 0)),
        ("WHITE", (255, 255, 255)),
    ];
    let (r, g, b) = (i32::from(rgb.r), i32::from(rgb.g), i32::from(rgb.b));
    PALETTE
        .iter()
        .min_by_key(|(_, (pr, pg, pb))| (r - pr).pow(2) + (g - pg).pow(2) + (b - pb).pow(2))
        .map_or("RED", |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_millis_lands_on_or_after_the_frame() {
        let p = |pts| FramePoint { frame: 1, pts_ticks: pts, time_base_num: 1001, time_base_den: 30000 };
        assert_eq!(ceil_millis(&p(1)), Some(34)); // 33.3667 ms
        assert_eq!(ceil_millis(&p(0)), Some(0));
        assert_eq!(ceil_millis(&p(30)), Some(1001));
        assert_eq!(ceil_millis(&FramePoint { time_base_den: 0, ..p(1) }), None);
    }
}
