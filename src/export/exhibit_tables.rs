//! The tables both exhibit reports print, cell for cell: the claim-by-claim summary (with where each claim and the
//! measurements bearing on it are discussed), the media list, the event list (first and last frame of an interval;
//! "no claim link" said outright), the files of the full-resolution stills that travel with the report (events'
//! and measurements' marked frames), the hash manifest of what the exhibit contains, and each still's caption.

use super::common::{sorted_events, type_name, Exhibit, MarkStill};
use super::exhibit_front::{claim_anchor, claims_in_order, measurement_anchor, measurements_in_order};
use super::moment_text::peers_with_stills;
use super::still::sha256_hex;
use super::ExportError;
use crate::case::agreement::words::TextTable;
use crate::case::{cite_event, Case, CitedFrame, Claim, Event, EventId, Measurement, MeasurementId, Shows, Stance};

/// A row of fixed words.
pub(super) fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// How many events bear on `claim` with `stance`.
fn linked(case: &Case, claim: &Claim, stance: Stance) -> usize {
    case.events.values().filter(|e| e.links.iter().any(|l| l.claim_id == claim.id && l.stance == stance)).count()
}

/// Who asserted the claim: the agency, and the official in brackets.
pub fn asserted_by(claim: &Claim) -> String {
    match claim.asserted_by.official.as_str() {
        "" => claim.asserted_by.agency.clone(),
        official => format!("{} ({official})", claim.asserted_by.agency),
    }
}

/// Who asserted the claim and, when the case records it, on which day: "DHS (Tricia McLaughlin) on 2025-05-25".
pub fn asserted_by_on(claim: &Claim) -> String {
    match claim.asserted_on.as_deref() {
        Some(day) => format!("{} on {day}", asserted_by(claim)),
        None => asserted_by(claim),
    }
}

/// The measurements linked to `claim`, in report order.
pub fn claim_measurements<'a>(case: &'a Case, claim: &Claim) -> Vec<&'a Measurement> {
    measurements_in_order(case).into_iter().filter(|m| m.links.iter().any(|l| l.claim_id == claim.id)).collect()
}

/// Where the report discusses `claim`: its own section, then each measurement linked to it; each a label to print
/// before the place ("" or "measurement ms-1: ") and the anchor of the section.
pub fn discussed_places(case: &Case, claim: &Claim) -> Vec<(String, String)> {
    let mut places = vec![(String::new(), claim_anchor(claim))];
    places.extend(
        claim_measurements(case, claim)
            .into_iter()
            .map(|m| (format!("measurement {}: ", m.id), measurement_anchor(&m.id))),
    );
    places
}

/// The summary: one row per claim with its counts per stance; `place` says where the section with an anchor is
/// (e.g. "§5.2, p. 7").
pub fn summary_table(case: &Case, place: &dyn Fn(&str) -> String) -> TextTable {
    let rows = claims_in_order(case)
        .into_iter()
        .map(|claim| {
            let discussed: Vec<String> = discussed_places(case, claim)
                .iter()
                .map(|(label, anchor)| format!("{label}{}", place(anchor)))
                .collect();
            vec![
                format!("{} ({})", claim.title, claim.id),
                asserted_by(claim),
                linked(case, claim, Stance::Supports).to_string(),
                linked(case, claim, Stance::Contradicts).to_string(),
                linked(case, claim, Stance::Context).to_string(),
                discussed.join("; "),
            ]
        })
        .collect();
    TextTable {
        header: strings(["Claim", "Asserted by", "Supporting", "Contradicting", "Context", "Discussed in"]),
        rows,
    }
}

/// The sentence under the summary: how many events bear on no claim.
pub fn unlinked_sentence(case: &Case) -> String {
    let n = case.events.values().filter(|e| e.links.is_empty()).count();
    format!("{} event(s) in all; {n} with no claim link (each listed as such in the event list).", case.events.len())
}

/// The media list, with each file's verification before the report was made.
pub fn media_table(case: &Case, exhibit: &Exhibit) -> TextTable {
    let rows = case
        .media
        .values()
        .map(|media| {
            let outcome =
                exhibit.checks.iter().find(|c| c.media_id == media.id).map_or("not verified", |c| c.outcome.as_str());
            let mut outcome = outcome.to_owned();
            if let Some(warning) = &media.probe.ends_early {
                outcome.push_str(&format!("; warning: {warning}"));
            }
            vec![
                media.id.to_string(),
                media.path_relative.display().to_string(),
                media.sha256.clone(),
                media.size_bytes.to_string(),
                media.probe.frame_count.to_string(),
                outcome,
            ]
        })
        .collect();
    TextTable { header: strings(["Media", "File", "SHA-256", "Bytes", "Frames", "Verification"]), rows }
}

/// An event's links in words, or that it has none.
pub fn links_text(event: &Event) -> String {
    if event.links.is_empty() {
        return "no claim link".to_owned();
    }
    event.links.iter().map(|l| format!("{} {}", l.claim_id, l.stance)).collect::<Vec<_>>().join("; ")
}

/// The event list in timeline order: an interval's first and last frame, its media time and wall clock.
pub fn event_table(case: &Case) -> Result<TextTable, ExportError> {
    let mut rows = Vec::new();
    for event in sorted_events(case) {
        let c = cite_event(case, &event.id)?;
        let span = |first: Option<String>, last: Option<String>| match (first, last) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) => a,
            (None, _) => "—".to_owned(),
        };
        let frames = span(Some(c.start.frame.to_string()), c.end.as_ref().map(|e| e.frame.to_string()));
        let time = span(c.start.media_hms.clone(), c.end.as_ref().and_then(|e| e.media_hms.clone()));
        let wall = span(c.start.wall_clock_utc.clone(), c.end.as_ref().and_then(|e| e.wall_clock_utc.clone()));
        let mut note = event.note.clone();
        if let Some(warning) = event.media_at_coding.warning() {
            note = format!("Caution: {warning}. {note}");
        }
        rows.push(vec![
            event.id.to_string(),
            type_name(case, &event.type_id),
            event.media_id.to_string(),
            frames,
            time,
            wall,
            note.trim().to_owned(),
            links_text(event),
        ]);
    }
    Ok(TextTable {
        header: strings(["Event", "Type", "Media", "Frames", "Media time", "Wall clock", "Note", "Claims"]),
        rows,
    })
}

/// A frame's caption: its number, PTS, media time and wall clock.
pub fn frame_caption(c: &CitedFrame) -> String {
    format!(
        "Frame {} · PTS {} × {}/{} s · media time {} · wall clock {}",
        c.frame,
        c.pts_ticks,
        c.time_base_num,
        c.time_base_den,
        c.media_hms.as_deref().unwrap_or("unknown"),
        c.wall_clock_utc.as_deref().unwrap_or("none (no clock map)")
    )
}

/// An event's still's caption: its start frame's.
pub fn still_caption(case: &Case, event: &Event) -> Result<String, ExportError> {
    Ok(frame_caption(&cite_event(case, &event.id)?.start))
}

/// One full-resolution still that travels with the report: its file name, what it is, and its PNG.
pub struct StillFile<'a> {
    /// The event the still belongs to (its own frame, or another camera at its start); `None` for a marked frame
    /// of a measurement, which the report always shows.
    pub event: Option<&'a EventId>,
    pub name: String,
    pub what: String,
    pub png: &'a [u8],
}

/// Every still of the exhibit as a file: `<event>_frame<N>.png`, `<event>_frame<N>_ILLUSTRATIVE.png`,
/// `<event>_at_<media>_frame<N>.png` for the other cameras at the event's start, and
/// `<measurement>_<media>_frame<N>.png` for each marked frame of a measurement.
pub fn still_files(exhibit: &Exhibit) -> Vec<StillFile<'_>> {
    let mut files = Vec::new();
    for (id, still) in &exhibit.stills {
        let f = still.frame;
        files.push(StillFile {
            event: Some(id),
            name: format!("{id}_frame{f}.png"),
            what: format!("Still of event {id} frame {f}, clean"),
            png: &still.clean_png,
        });
        files.push(StillFile {
            event: Some(id),
            name: format!("{id}_frame{f}_ILLUSTRATIVE.png"),
            what: format!("Still of event {id} frame {f}, ILLUSTRATIVE"),
            png: &still.annotated_png,
        });
    }
    for (id, moment) in &exhibit.moments {
        for (camera, png) in peers_with_stills(moment) {
            let Shows::Frame(peer) = &camera.shows else { continue };
            let (media, f) = (&camera.media_id, peer.point.frame);
            files.push(StillFile {
                event: Some(id),
                name: format!("{id}_at_{media}_frame{f}.png"),
                what: format!("Still of media {media} frame {f} at event {id}'s start, clean"),
                png,
            });
        }
    }
    for (id, stills) in &exhibit.measurement_stills {
        for still in stills {
            files.push(measurement_still_file(id, still));
        }
    }
    files
}

/// The file of one marked frame's still.
pub fn measurement_still_file<'a>(id: &MeasurementId, still: &'a MarkStill) -> StillFile<'a> {
    let (media, f) = (&still.media_id, still.frame);
    StillFile {
        event: None,
        name: format!("{id}_{media}_frame{f}.png"),
        what: format!("Still of measurement {id}'s marked frame {f} of media {media}, clean"),
        png: &still.png,
    }
}

/// Makes, from a full-resolution PNG, the bytes a report contains.
pub type Contained<'a> = dyn Fn(&[u8]) -> Result<Vec<u8>, ExportError> + 'a;

/// The hash manifest: every media file, each image exactly as the report contains it (`kind`, e.g. "JPEG as
/// printed", with the bytes `contained` makes of the PNG), each full-resolution PNG with where it is, and the log
/// head. Rows are item, SHA-256, where.
pub fn manifest_table(
    case: &Case,
    exhibit: &Exhibit,
    kind: &str,
    contained: &Contained<'_>,
) -> Result<TextTable, ExportError> {
    let mut rows = Vec::new();
    for media in case.media.values() {
        rows.push(vec![format!("Media {}", media.id), media.sha256.clone(), media.path_relative.display().to_string()]);
    }
    let files = still_files(exhibit);
    // The reports picture an event under each claim it bears on: an event with no claim link is not pictured.
    let pictured = |id: Option<&EventId>| id.is_none_or(|id| case.events.get(id).is_some_and(|e| !e.links.is_empty()));
    for file in files.iter().filter(|f| pictured(f.event)) {
        rows.push(vec![format!("{} ({kind})", file.what), sha256_hex(&contained(file.png)?), "in this report".into()]);
    }
    for file in &files {
        let place = match &exhibit.stills_folder {
            Some(folder) => format!("{folder}/{}", file.name),
            None => "not written with this report (claimframe export --format stills)".to_owned(),
        };
        rows.push(vec![format!("{} (full-resolution PNG)", file.what), sha256_hex(file.png), place]);
    }
    rows.push(vec!["Audit log head".into(), case.audit.head_hash().to_owned(), "the case file".into()]);
    Ok(TextTable { header: strings(["Item", "SHA-256", "Where"]), rows })
}
