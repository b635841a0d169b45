//! ClaimFrame JSON import: the exported case's events come back with their exact frames, ids (when free), notes,
//! modifiers and claim links; its claims and event types are added when the target case lacks them.

use super::error::{malformed, ImportError};
use super::{ImportFormat, Imported, ImportedEvent, ImportedType, When};
use crate::formats::{ExportDocument, JSON_FORMAT, JSON_FORMAT_VERSION};

pub fn read_json(text: &str) -> Result<Imported, ImportError> {
    let doc: ExportDocument<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| malformed("ClaimFrame JSON", e.to_string()))?;
    if doc.format != JSON_FORMAT || doc.format_version > JSON_FORMAT_VERSION {
        return Err(malformed(
            "ClaimFrame JSON",
            format!("format {} version {} is not one this ClaimFrame reads", doc.format, doc.format_version),
        ));
    }
    let case = doc.case;
    let types = case
        .taxonomy
        .types
        .iter()
        .map(|t| ImportedType {
            name: t.id.to_string(),
            display_name: Some(t.name.clone()),
            description: t.description.clone(),
            kind: Some(t.kind),
            hotkey: t.hotkey.clone(),
            modifiers: t.modifiers.clone(),
        })
        .collect();
    let events = case
        .events
        .values()
        .map(|e| ImportedEvent {
            type_key: e.type_id.to_string(),
            when: When::Frames { start: e.start, end: e.end },
            modifiers: e.modifiers.clone(),
            note: e.note.clone(),
            reviewer: e.reviewer.clone(),
            links: e.links.clone(),
            id: Some(e.id.clone()),
            media_sha256: case.media.get(&e.media_id).map(|m| m.sha256.clone()),
        })
        .collect();
    Ok(Imported {
        format: ImportFormat::Json,
        types,
        claims: case.claims.into_values().collect(),
        events,
        warnings: Vec::new(),
    })
}
