//! The words both reports print about several cameras: the heading of an event's "same moment on the other
//! cameras", each other camera's caption (its citation, or why it shows nothing), and the sync section's lines per camera (clock map, method, coverage, residuals).

use super::common::{Exhibit, ExhibitMoment};
use super::still::sha256_hex;
use crate::case::{format_rfc3339_millis, Media, PeerAt, SameMoment, Shows};

/// e.g. `Same moment on the other cameras: wall clock 2031-04-17T21:02:03.000Z ± 2.006 ms (this event's start, by
/// its camera's clock map). Each camera shows its latest frame at or before that time.`
pub fn moment_heading(moment: &SameMoment) -> String {
    let wall = format_rfc3339_millis((moment.wall_micros + 500).div_euclid(1000));
    format!(
        "Same moment on the other cameras: wall clock {wall} ± {:.3} ms (this event's start, by its camera's clock \
         map). Each camera shows its latest frame at or before that time.",
        moment.uncertainty_ms
    )
}

/// The caption of one other camera: its citation and, for a still, the SHA-256 of the exact PNG.
pub fn peer_caption(camera: &PeerAt, png: Option<&[u8]>) -> String {
    match (&camera.shows, png) {
        (Shows::Frame(_), Some(png)) => format!("{camera}. Clean still; SHA-256 of PNG {}.", sha256_hex(png)),
        (Shows::Frame(_), None) => format!("{camera}. Its file was not verified, so no still is shown."),
        _ => format!("{camera}."),
    }
}

/// The other cameras that show a frame and have a still, in camera order, each with its PNG.
pub fn peers_with_stills(moment: &ExhibitMoment) -> Vec<(&PeerAt, &[u8])> {
    moment
        .moment
        .cameras
        .iter()
        .filter(|c| matches!(c.shows, Shows::Frame(_)))
        .filter_map(|c| Some((c, moment.clean_pngs.get(&c.media_id)?.as_slice())))
        .collect()
}

/// The other cameras shown in words only (no footage then, no clock map, not read, or not verified).
pub fn peers_in_words(moment: &ExhibitMoment) -> Vec<&PeerAt> {
    let pictured = |c: &PeerAt| matches!(c.shows, Shows::Frame(_)) && moment.clean_pngs.contains_key(&c.media_id);
    moment.moment.cameras.iter().filter(|c| !pictured(c)).collect()
}

/// The sync section's lines for one camera: its clock map (formula, origin with method, drift with method, who
/// set it), its footage's wall-clock coverage, and the fit's residuals; or that it has no clock map.
pub fn clock_lines(media: &Media, exhibit: &Exhibit) -> Vec<String> {
    let Some(map) = media.wall_clock.as_ref().filter(|m| m.origin_micros().is_some()) else {
        return vec!["No clock map: this camera's events have no wall-clock time and it is not lined up with the \
                     other cameras."
            .to_owned()];
    };
    let mut lines = map.parameter_lines();
    match exhibit.footage_spans_secs.get(&media.id).and_then(|(first, end)| map.coverage_line(*first, *end)) {
        Some(line) => lines.push(format!("footage {line}")),
        None => lines.push("footage coverage: not read (the file was not verified)".to_owned()),
    }
    if map.residuals.is_empty() {
        lines.push("residuals: none (the map was not fitted to sync points or sound)".to_owned());
    }
    lines.extend(map.residual_lines());
    lines
}
