//! The measurements table (`--format measurements-csv`): a file of its own beside the event timeline, because a
//! measurement's rows are not events. One row per interval between consecutive marks (`row` = `interval`) and one
//! per measurement for the whole span (`row` = `whole`: span, change of speed, deceleration), every number in a
//! column that names its unit, with its ± beside it; the method-and-limits paragraph on the `whole` row.

use super::csv_table::neutralise_cell;
use super::measurement_text::{measurement_rows, MeasurementRow};
use super::ExportError;
use crate::case::Case;

/// The header row, in order.
pub const MEASUREMENT_COLUMNS: &[&str] = &[
    "measurement_id",
    "row",
    "from_media_id",
    "from_frame",
    "to_media_id",
    "to_frame",
    "delta_t_secs",
    "delta_t_unc_secs",
    "distance_m",
    "distance_unc_m",
    "distance_source",
    "speed_m_per_s",
    "speed_unc_m_per_s",
    "speed_km_per_h",
    "speed_unc_km_per_h",
    "speed_mph",
    "speed_unc_mph",
    "speed_change_m_per_s",
    "speed_change_unc_m_per_s",
    "decel_m_per_s2",
    "decel_unc_m_per_s2",
    "decel_g",
    "decel_unc_g",
    "timing_source",
    "events",
    "claim_links",
    "reviewer",
    "note",
    "warnings",
    "method_and_limits",
];

fn num(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.6}")).unwrap_or_default()
}

fn rows_of(row: &MeasurementRow) -> Vec<Vec<String>> {
    let tail = |method: bool| {
        vec![
            row.timing_source.clone(),
            row.events.join("; "),
            row.claim_links.join("; "),
            row.reviewer.clone(),
            row.note.clone(),
            row.warnings.iter().chain(&row.error).cloned().collect::<Vec<_>>().join("; "),
            if method { row.method_and_limits.clone() } else { String::new() },
        ]
    };
    let mut out = Vec::new();
    for i in &row.intervals {
        let mut cells = vec![
            row.measurement_id.clone(),
            "interval".to_owned(),
            i.from_media_id.clone(),
            i.from_frame.to_string(),
            i.to_media_id.clone(),
            i.to_frame.to_string(),
            num(Some(i.delta_t_secs)),
            num(Some(i.delta_t_unc_secs)),
            num(i.distance_m),
            num(i.distance_unc_m),
            i.distance_source.clone().unwrap_or_default(),
            num(i.speed_m_per_s),
            num(i.speed_unc_m_per_s),
            num(i.speed_km_per_h),
            num(i.speed_unc_km_per_h),
            num(i.speed_mph),
            num(i.speed_unc_mph),
        ];
        cells.extend(std::iter::repeat_n(String::new(), 6));
        cells.extend(tail(false));
        out.push(cells);
    }
    let (first, last) = (row.marks.first(), row.marks.last());
    let mut whole = vec![
        row.measurement_id.clone(),
        "whole".to_owned(),
        first.map(|m| m.media_id.clone()).unwrap_or_default(),
        first.map(|m| m.frame.to_string()).unwrap_or_default(),
        last.map(|m| m.media_id.clone()).unwrap_or_default(),
        last.map(|m| m.frame.to_string()).unwrap_or_default(),
        num(row.span_secs),
        num(row.span_unc_secs),
    ];
    whole.extend(std::iter::repeat_n(String::new(), 9));
    whole.extend([
        num(row.speed_change_m_per_s),
        num(row.speed_change_unc_m_per_s),
        num(row.decel_m_per_s2),
        num(row.decel_unc_m_per_s2),
        num(row.decel_g),
        num(row.decel_unc_g),
    ]);
    whole.extend(tail(true));
    out.push(whole);
    out
}

/// The measurements table as CSV (comma-separated, CRLF line ends, quoted where needed).
pub fn export_measurements_csv(case: &Case) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    writer.write_record(MEASUREMENT_COLUMNS)?;
    for row in measurement_rows(case) {
        for cells in rows_of(&row) {
            let cells: Vec<String> = cells.iter().map(|c| neutralise_cell(c)).collect();
            writer.write_record(&cells)?;
        }
    }
    writer.into_inner().map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}
