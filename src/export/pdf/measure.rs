//! The measurements section in the PDF report: each measurement's part as `exhibit_measure` words it (which the
//! HTML report prints too) — who made it and what it bears on, its error in words when it cannot be computed, the
//! tables of its marked frames, intervals and results, its warnings, the stills of its marked frames two to a row
//! each followed by its caption, and the method-and-limits paragraph; or that there are none.

use super::table::table;
use super::writer::Writer;
use crate::case::Case;
use crate::export::common::Exhibit;
use crate::export::exhibit_measure::{measure_sections, NO_MEASUREMENTS};
use crate::export::ExportError;

/// The section's body; `heading` gives the heading of a section by its anchor. Each measurement's part is marked
/// where it starts, for the table of contents.
pub(super) fn measurements_section(
    w: &mut Writer,
    case: &Case,
    exhibit: &Exhibit,
    heading: &dyn Fn(&str) -> String,
) -> Result<(), ExportError> {
    let parts = measure_sections(case, exhibit);
    if parts.is_empty() {
        w.para(NO_MEASUREMENTS, 9.0)?;
    }
    for part in parts {
        w.need(30.0);
        w.mark(&part.anchor);
        w.para(&heading(&part.anchor), 11.0)?;
        for line in &part.about {
            w.para(line, 8.0)?;
        }
        w.para(&part.claims_sentence(), 8.0)?;
        if let Some(error) = &part.error {
            w.para(error, 9.0)?;
        }
        w.para("Marked frames", 9.0)?;
        table(w, &part.marks, &[0.06, 0.07, 0.07, 0.17, 0.13, 0.21, 0.13, 0.16], 6.5)?;
        if let Some(intervals) = &part.intervals {
            w.para("Intervals", 9.0)?;
            table(w, intervals, &[0.2, 0.15, 0.11, 0.14, 0.14, 0.13, 0.13], 6.5)?;
        }
        if let Some(results) = &part.results {
            w.para("Results", 9.0)?;
            table(w, results, &[0.38, 0.62], 7.0)?;
        }
        for warning in &part.warnings {
            w.para(warning, 8.5)?;
        }
        let pictured: Vec<_> = part.stills.iter().filter_map(|s| Some((s.png?, s))).collect();
        for pair in pictured.chunks(2) {
            let pngs: Vec<&[u8]> = pair.iter().map(|(png, _)| *png).collect();
            w.stills(&pngs)?;
            for ((_, still), side) in pair.iter().zip(["Left", "Right"]) {
                w.para(&format!("{side}: {} Printed scaled as JPEG.", still.caption), 7.0)?;
            }
        }
        for still in part.stills.iter().filter(|s| s.png.is_none()) {
            w.para(&still.caption, 7.0)?;
        }
        if !part.method.is_empty() {
            w.para(&format!("Method and limits. {}", part.method), 8.0)?;
        }
    }
    Ok(())
}
