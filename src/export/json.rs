//! The whole case as JSON with every event's computed citation, described by
//! `schemas/claimframe-export.schema.json`. Importing it back gives the same events, frame for frame.

use super::common::sorted_events;
use super::ExportError;
use crate::case::{cite_event, Case, Citation};
use serde::{Deserialize, Serialize};

/// The `format` field of every JSON export.
pub const JSON_FORMAT: &str = "claimframe-export";
/// Bumped when the JSON layout changes incompatibly.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The exported document. `citations` are computed from `case` and ignored on import.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportDocument<C> {
    pub format: String,
    pub format_version: u32,
    pub generator: String,
    pub audit_head_hash: String,
    pub case: Case,
    pub citations: Vec<C>,
}

/// The case and its citations, pretty-printed.
pub fn export_json(case: &Case, generator: &str) -> Result<Vec<u8>, ExportError> {
    let citations = sorted_events(case)
        .into_iter()
        .map(|e| cite_event(case, &e.id))
        .collect::<Result<Vec<Citation>, _>>()?;
    let doc = ExportDocument {
        format: JSON_FORMAT.to_owned(),
        format_version: JSON_FORMAT_VERSION,
        generator: generator.to_owned(),
        audit_head_hash: case.audit.head_hash().to_owned(),
        case: case.clone(),
        citations,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
