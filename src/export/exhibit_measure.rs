//! The measurements section both exhibit reports print, cell for cell: per measurement who made it and what it bears
//! on, a table of its marked frames (media, frame, PTS, media time, wall clock when mapped, time after the first
//! mark, timing ±), a table of its intervals (Δt ±, distance ± and source, speed ± in m/s, km/h and mph), a table of
//! its results (span; with three or more marks the speeds, the change of speed and the deceleration ± in m/s² and
//! g, with the published reference decelerations and their sources beside it — never a label), its warnings, the
//! method-and-limits paragraph, and each marked frame's still captioned like an event's. A measurement that cannot
//! be computed says why, and still shows its marked frames.

use super::common::{type_name, Exhibit, MarkStill};
use super::exhibit_front::{claim_anchor, measurement_anchor, measurements_in_order};
use super::exhibit_tables::{claim_measurements, frame_caption, strings};
use super::measurement_text::{decel_text, plus_minus, references_text, speed_text, MeasurementRow};
use super::measurement_text::{measurement_row, KM_PER_H_PER_M_PER_S, MPH_PER_M_PER_S};
use super::still::sha256_hex;
use crate::case::agreement::words::TextTable;
use crate::case::{cite_frame, Case, Claim, FramePoint, Measurement, MediaId};

/// The sentence of a case without measurements.
pub const NO_MEASUREMENTS: &str = "The case has no measurements.";

/// One marked frame as the section shows it.
pub struct MarkShown<'a> {
    /// "Mark 2 (m1 frame 978)".
    pub label: String,
    /// Its caption under the still (frame, PTS, media time, wall clock, the PNG's SHA-256).
    pub caption: String,
    /// Its still, when its file was verified.
    pub png: Option<&'a [u8]>,
}

/// One measurement's part of the section.
pub struct MeasureSection<'a> {
    pub measurement: &'a Measurement,
    pub anchor: String,
    /// Who made it, its note, the events it bears on: sentences.
    pub about: Vec<String>,
    /// The claims it bears on: each claim's section anchor and e.g. "c7 supports".
    pub claims: Vec<(String, String)>,
    /// Why it cannot be computed, in words.
    pub error: Option<String>,
    pub marks: TextTable,
    /// The intervals and the results; `None` when it cannot be computed.
    pub intervals: Option<TextTable>,
    pub results: Option<TextTable>,
    pub warnings: Vec<String>,
    pub method: String,
    pub stills: Vec<MarkShown<'a>>,
}

impl MeasureSection<'_> {
    /// The claims it bears on, in one sentence.
    pub fn claims_sentence(&self) -> String {
        match self.claims.len() {
            0 => "Linked to no claim.".to_owned(),
            _ => format!(
                "Bears on claims: {}.",
                self.claims.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join("; ")
            ),
        }
    }
}

/// The marks in the order the numbers use them (time order), else as the measurement lists them.
fn marks_in_order<'a>(measurement: &'a Measurement, row: &MeasurementRow) -> Vec<(&'a MediaId, &'a FramePoint)> {
    let listed = measurement.media.iter().flat_map(|m| m.marks.iter().map(move |k| (&m.media_id, &k.at)));
    if row.marks.is_empty() {
        return listed.collect();
    }
    row.marks
        .iter()
        .filter_map(|r| listed.clone().find(|(id, at)| id.as_str() == r.media_id && at.frame == r.frame))
        .collect()
}

fn marks_table(case: &Case, marks: &[(&MediaId, &FramePoint)], row: &MeasurementRow) -> TextTable {
    let rows = marks
        .iter()
        .enumerate()
        .map(|(k, (media_id, at))| {
            let cited = case.media.get(*media_id).map(|media| cite_frame(at, media));
            let computed = row.marks.get(k);
            vec![
                (k + 1).to_string(),
                media_id.to_string(),
                at.frame.to_string(),
                format!("{} × {}/{} s", at.pts_ticks, at.time_base_num, at.time_base_den),
                cited.as_ref().and_then(|c| c.media_hms.clone()).unwrap_or_else(|| "unknown".to_owned()),
                cited.and_then(|c| c.wall_clock_utc).unwrap_or_else(|| "none (no clock map)".to_owned()),
                computed.map_or_else(|| "—".to_owned(), |m| format!("{:.4} s", m.t_secs)),
                computed.map_or_else(|| "—".to_owned(), |m| format!("± {:.4} s", m.timing_unc_secs)),
            ]
        })
        .collect();
    TextTable {
        header: strings([
            "Mark",
            "Media",
            "Frame",
            "PTS",
            "Media time",
            "Wall clock (UTC)",
            "After mark 1",
            "Timing ±",
        ]),
        rows,
    }
}

fn intervals_table(row: &MeasurementRow) -> TextTable {
    let or_dash = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());
    let rows = row
        .intervals
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let speed = |factor: f64, unit: &str, digits: usize| {
                let (v, u) = (i.speed_m_per_s?, i.speed_unc_m_per_s?);
                Some(format!("{} {unit}", plus_minus(v * factor, u * factor, digits)))
            };
            vec![
                format!(
                    "{} → {} ({} frame {} → {} frame {})",
                    k + 1,
                    k + 2,
                    i.from_media_id,
                    i.from_frame,
                    i.to_media_id,
                    i.to_frame
                ),
                format!("{} s", plus_minus(i.delta_t_secs, i.delta_t_unc_secs, 4)),
                i.distance_m
                    .zip(i.distance_unc_m)
                    .map_or_else(|| "not given".to_owned(), |(d, u)| format!("{d} ± {u} m")),
                or_dash(i.distance_source.clone()),
                or_dash(speed(1.0, "m/s", 2)),
                or_dash(speed(KM_PER_H_PER_M_PER_S, "km/h", 1)),
                or_dash(speed(MPH_PER_M_PER_S, "mph", 1)),
            ]
        })
        .collect();
    TextTable {
        header: strings([
            "Interval (marks)",
            "Δt",
            "Distance",
            "Distance source",
            "Speed, m/s",
            "Speed, km/h",
            "Speed, mph",
        ]),
        rows,
    }
}

fn results_table(row: &MeasurementRow) -> TextTable {
    let mut rows = Vec::new();
    let mut add = |what: &str, value: String| rows.push(vec![what.to_owned(), value]);
    if let (Some(s), Some(su)) = (row.span_secs, row.span_unc_secs) {
        add("Time from the first to the last mark", format!("{} s", plus_minus(s, su, 4)));
    }
    if let (Some(v), Some(vu)) = (row.speed_first_m_per_s, row.speed_first_unc_m_per_s) {
        add("Speed at the first mark (fitted)", speed_text(v, vu));
    }
    if let (Some(v), Some(vu)) = (row.speed_last_m_per_s, row.speed_last_unc_m_per_s) {
        add("Speed at the last mark (fitted)", speed_text(v, vu));
    }
    if let (Some(v), Some(vu)) = (row.speed_change_m_per_s, row.speed_change_unc_m_per_s) {
        add("Change of speed (last minus first)", speed_text(v, vu));
    }
    if let Some(decel) = decel_text(row) {
        add("Deceleration (average over the marks; positive when slowing)", decel);
        add("Published reference decelerations, for comparison only (not a label)", references_text());
    }
    if let Some(rms) = row.fit_rms_residual_m {
        add("Scatter of the marks about the fitted curve (RMS; not in the ±)", format!("{rms:.3} m"));
    }
    add("Timing ± of each mark", row.timing_source.clone());
    TextTable { header: strings(["Quantity", "Value ± uncertainty"]), rows }
}

fn about(case: &Case, measurement: &Measurement) -> Vec<String> {
    let mut lines = Vec::new();
    let by = if measurement.reviewer.is_empty() { "reviewer not recorded" } else { measurement.reviewer.as_str() };
    lines.push(format!("Made by {by}, {}.", measurement.created_utc));
    if !measurement.note.is_empty() {
        lines.push(format!("Note: {}", measurement.note));
    }
    let events: Vec<String> = measurement
        .events
        .iter()
        .map(|id| match case.events.get(id) {
            Some(e) => format!("{id} ({})", type_name(case, &e.type_id)),
            None => format!("{id} (not in this report)"),
        })
        .collect();
    lines.push(match events.len() {
        0 => "Bears on no coded event.".to_owned(),
        _ => format!("Bears on events: {}.", events.join("; ")),
    });
    lines
}

fn stills<'a>(
    case: &Case,
    marks: &[(&MediaId, &FramePoint)],
    pictured: Option<&'a Vec<MarkStill>>,
) -> Vec<MarkShown<'a>> {
    marks
        .iter()
        .enumerate()
        .map(|(k, (media_id, at))| {
            let label = format!("Mark {} ({media_id} frame {})", k + 1, at.frame);
            let png = pictured
                .and_then(|all| all.iter().find(|s| &s.media_id == *media_id && s.frame == at.frame))
                .map(|s| s.png.as_slice());
            let cited = case.media.get(*media_id).map(|media| frame_caption(&cite_frame(at, media)));
            let frame = cited.unwrap_or_else(|| format!("media {media_id} is not in the case"));
            let caption = match png {
                Some(png) => {
                    format!("{label}: {frame}. Clean still; SHA-256 of the full-resolution PNG {}.", sha256_hex(png))
                }
                None => format!("{label}: {frame}. No still: the file was not verified."),
            };
            MarkShown { label, caption, png }
        })
        .collect()
}

/// Every measurement's part, in report order.
pub fn measure_sections<'a>(case: &'a Case, exhibit: &'a Exhibit) -> Vec<MeasureSection<'a>> {
    measurements_in_order(case)
        .into_iter()
        .map(|measurement| {
            let row = measurement_row(case, measurement);
            let marks = marks_in_order(measurement, &row);
            let claims = measurement
                .links
                .iter()
                .map(|l| {
                    let anchor = case.claims.get(&l.claim_id).map_or_else(String::new, claim_anchor);
                    (anchor, format!("{} {}", l.claim_id, l.stance))
                })
                .collect();
            MeasureSection {
                measurement,
                anchor: measurement_anchor(&measurement.id),
                about: about(case, measurement),
                claims,
                error: row.error.as_ref().map(|e| format!("This measurement cannot be computed: {e}.")),
                marks: marks_table(case, &marks, &row),
                intervals: row.error.is_none().then(|| intervals_table(&row)),
                results: row.error.is_none().then(|| results_table(&row)),
                warnings: row.warnings.iter().map(|w| format!("Warning: {w}.")).collect(),
                method: row.method_and_limits.clone(),
                stills: stills(case, &marks, exhibit.measurement_stills.get(&measurement.id)),
            }
        })
        .collect()
}

/// For a claim's own section: the measurements linked to it, each with its stance and where it is (`place` of its
/// section's anchor, e.g. "§8.1"); `None` when there are none.
pub fn claim_measurements_sentence(case: &Case, claim: &Claim, place: &dyn Fn(&str) -> String) -> Option<String> {
    let linked: Vec<String> = claim_measurements(case, claim)
        .into_iter()
        .filter_map(|m| {
            let link = m.links.iter().find(|l| l.claim_id == claim.id)?;
            Some(format!("{} ({}, {})", m.id, link.stance, place(&measurement_anchor(&m.id))))
        })
        .collect();
    (!linked.is_empty()).then(|| format!("Measurements linked to this claim: {}.", linked.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{GivenDistance, MeasureMark, MeasurementId, MediaMarks};

    /// Marks on m1 at `frames` of a 30 fps file (time base 1/30: one tick a frame).
    fn measured(id: &str, frames: &[u64], distances_m: &[f64]) -> Case {
        let marks = frames
            .iter()
            .map(|&frame| MeasureMark {
                at: FramePoint { frame, pts_ticks: frame as i64, time_base_num: 1, time_base_den: 30 },
                frame_interval_ticks: 1,
            })
            .collect();
        let m = Measurement {
            id: MeasurementId::from(id),
            media: vec![MediaMarks { media_id: MediaId::from("m1"), marks }],
            distances: distances_m
                .iter()
                .map(|&d| GivenDistance { distance_m: d, distance_unc_m: 0.5, source: "guess".into() })
                .collect(),
            ..Measurement::default()
        };
        let mut case = Case::default();
        case.measurements.insert(m.id.clone(), m);
        case
    }

    #[test]
    fn a_deceleration_no_better_than_its_uncertainty_is_warned_of_beside_the_references() {
        let case = measured("ms-1", &[0, 1, 2], &[0.67, 0.66]);
        let exhibit = Exhibit::default();
        let parts = measure_sections(&case, &exhibit);
        let part = &parts[0];
        assert!(part.error.is_none());
        assert_eq!(part.warnings.len(), 1);
        assert!(part.warnings[0].starts_with("Warning: the deceleration's uncertainty"), "{}", part.warnings[0]);
        let results = part.results.as_ref().expect("computed");
        let cell = |what: &str| results.rows.iter().find(|r| r[0].starts_with(what)).map(|r| r[1].clone());
        assert!(cell("Deceleration").is_some_and(|c| c.contains(" m/s² = ") && c.ends_with(" g")));
        assert!(cell("Published reference decelerations").is_some_and(|c| c.contains("AASHTO")));
        assert_eq!(part.intervals.as_ref().map(|t| t.rows.len()), Some(2));
        // Its file was not verified (no stills were handed in): each mark says so.
        assert!(part.stills.iter().all(|s| s.png.is_none() && s.caption.contains("No still")));
        assert_eq!(part.claims_sentence(), "Linked to no claim.");
    }

    #[test]
    fn a_measurement_that_cannot_be_computed_says_why_and_still_lists_its_marks() {
        let case = measured("ms-2", &[0, 10], &[1.0, 2.0]);
        let exhibit = Exhibit::default();
        let parts = measure_sections(&case, &exhibit);
        let part = &parts[0];
        assert_eq!(
            part.error.as_deref(),
            Some("This measurement cannot be computed: measurement ms-2: 2 distance(s) for 1 interval(s).")
        );
        assert_eq!(part.marks.rows.len(), 2);
        assert_eq!(part.marks.rows[1][2], "10");
        assert!(part.intervals.is_none() && part.results.is_none() && part.method.is_empty());
    }

    #[test]
    fn a_case_without_measurements_has_no_parts() {
        assert!(measure_sections(&Case::default(), &Exhibit::default()).is_empty());
    }
}
