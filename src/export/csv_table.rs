//! CSV and TSV timelines (RFC 4180, UTF-8): one row per event with its full citation, type, modifiers, note,
//! reviewer and claim links. Cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.

use super::common::{sorted_events, type_name};
use super::ExportError;
use crate::case::{cite_event, Case, CitedFrame, EventKind};

/// The header row, in order.
pub const TIMELINE_COLUMNS: &[&str] = &[
    "event_id",
    "media_id",
    "media_file",
    "media_sha256",
    "type_id",
    "type_name",
    "kind",
    "start_frame",
    "start_pts_ticks",
    "start_time_base",
    "start_secs",
    "start_hms",
    "start_wall_clock_utc",
    "end_frame",
    "end_pts_ticks",
    "end_time_base",
    "end_secs",
    "end_hms",
    "end_wall_clock_utc",
    "wall_clock_uncertainty_secs",
    "wall_clock_source",
    "modifiers",
    "note",
    "reviewer",
    "media_at_coding",
    "claim_links",
    "citation",
    "case_anchor",
];

/// A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so a spreadsheet shows it
/// as text instead of running it. Plain numbers (e.g. `-12`) are left alone: they cannot run.
pub fn neutralise_cell(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn frame_cells(frame: Option<&CitedFrame>) -> [String; 6] {
    let Some(f) = frame else {
        return Default::default();
    };
    [
        f.frame.to_string(),
        f.pts_ticks.to_string(),
        format!("{}/{}", f.time_base_num, f.time_base_den),
        f.media_secs.map(|s| format!("{s:.6}")).unwrap_or_default(),
        f.media_hms.clone().unwrap_or_default(),
        f.wall_clock_utc.clone().unwrap_or_default(),
    ]
}

fn rows(case: &Case) -> Result<Vec<Vec<String>>, ExportError> {
    // The same on every row: the content hash, log head and signer the table was made from.
    let anchor = crate::case::Anchor::of(case).to_string();
    let mut rows = Vec::with_capacity(case.events.len());
    for event in sorted_events(case) {
        let citation = cite_event(case, &event.id)?;
        let kind = match case.taxonomy.get(&event.type_id).map(|t| t.kind) {
            Some(EventKind::Interval) => "interval",
            Some(EventKind::Point) => "point",
            None => "",
        };
        let modifiers: Vec<String> = event.modifiers.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let links: Vec<String> = event
            .links
            .iter()
            .map(|l| {
                if l.rationale.is_empty() {
                    format!("{}:{}", l.claim_id, l.stance)
                } else {
                    format!("{}:{} ({})", l.claim_id, l.stance, l.rationale)
                }
            })
            .collect();
        let mut row = vec![
            event.id.to_string(),
            citation.media_id.to_string(),
            citation.media_path.clone(),
            citation.media_sha256.clone(),
            event.type_id.to_string(),
            type_name(case, &event.type_id),
            kind.to_owned(),
        ];
        row.extend(frame_cells(Some(&citation.start)));
        row.extend(frame_cells(citation.end.as_ref()));
        row.push(citation.wall_clock_uncertainty_secs.map(|u| u.to_string()).unwrap_or_default());
        row.push(citation.wall_clock_source.clone().unwrap_or_default());
        row.push(modifiers.join("; "));
        row.push(event.note.clone());
        row.push(event.reviewer.clone());
        row.push(event.media_at_coding.code().to_owned());
        row.push(links.join("; "));
        row.push(citation.to_string());
        row.push(anchor.clone());
        rows.push(row.iter().map(|c| neutralise_cell(c)).collect());
    }
    Ok(rows)
}

fn export_delimited(case: &Case, delimiter: u8) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    writer.write_record(TIMELINE_COLUMNS)?;
    for row in rows(case)? {
        writer.write_record(&row)?;
    }
    writer.into_inner().map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

/// The timeline as CSV (comma-separated, CRLF line ends, quoted where needed).
pub fn export_csv(case: &Case) -> Result<Vec<u8>, ExportError> {
    export_delimited(case, b',')
}

/// The timeline as TSV: the same rows, tab-separated, quoted by the same RFC 4180 rules where a cell holds a tab,
/// quote or line break.
pub fn export_tsv(case: &Case) -> Result<Vec<u8>, ExportError> {
    export_delimited(case, b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas_but_not_numbers() {
        assert_eq!(neutralise_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_cell("+1+2"), "'+1+2");
        assert_eq!(neutralise_cell("\tcmd"), "'\tcmd");
        assert_eq!(neutralise_cell("-12.5"), "-12.5");
        assert_eq!(neutralise_cell("plain"), "plain");
    }
}
