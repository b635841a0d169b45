//! The whole case as JSON with every event's computed citation and every measurement's computed numbers, described by
//! `schemas/claimframe-export.schema.json`. Importing it back gives the same events, frame for frame.

use super::common::sorted_events;
use super::ExportError;
use crate::case::{cite_event, Case, Citation};
use crate::formats::{ExportDocument, JSON_FORMAT, JSON_FORMAT_VERSION};

/// The case and its citations, pretty-printed.
pub fn export_json(case: &Case, generator: &str) -> Result<Vec<u8>, ExportError> {
    let citations =
        sorted_events(case).into_iter().map(|e| cite_event(case, &e.id)).collect::<Result<Vec<Citation>, _>>()?;
    let doc = ExportDocument {
        format: JSON_FORMAT.to_owned(),
        format_version: JSON_FORMAT_VERSION,
        generator: generator.to_owned(),
        audit_head_hash: case.audit.head_hash().to_owned(),
        anchor: crate::case::Anchor::of(case).to_string(),
        case: case.clone(),
        citations,
        measurements: super::measurement_text::measurement_rows(case)
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
