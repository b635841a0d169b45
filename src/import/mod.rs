//! Imports: pure functions from a file's bytes to case edits. Each reader turns its format into [`Imported`]
//! (types, events timed in seconds or exact frames, claims); [`plan_edits`] turns that into one audited batch
//! edit, mapping seconds to frames through the caller's frame index (latest frame at or before, never time × fps).

mod boris;
mod claims;
mod dom;
mod eaf;
mod error;
mod json;
mod limits;
mod on_media;
mod plan;
mod subtitles;
mod text;

pub use error::ImportError;
pub use limits::{check_size as check_import_size, MAX_IMPORT_BYTES, MAX_IMPORT_EVENTS, MAX_XML_DEPTH};
pub use on_media::{FrameOf, MediaFrames, TimeOnMedia};
pub use plan::{plan_edits, ImportPlan};
pub use text::decode_text;

use crate::case::{check_id, BadId, Claim, ClaimLink, EventId, EventKind, FramePoint, Modifier};
use std::collections::BTreeMap;

/// A format ClaimFrame can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Eaf,
    Boris,
    Srt,
    Vtt,
    Json,
}

impl ImportFormat {
    pub fn name(self) -> &'static str {
        match self {
            Self::Eaf => "ELAN .eaf",
            Self::Boris => "BORIS .boris",
            Self::Srt => "SRT",
            Self::Vtt => "WebVTT",
            Self::Json => "ClaimFrame JSON",
        }
    }
}

/// An event type the file defines (or implies, e.g. an ELAN tier).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedType {
    /// The key events refer to the type by (a name, or a ClaimFrame type id).
    pub name: String,
    /// The name to give a type created from this one, when it differs from `name` (ClaimFrame JSON: id vs name).
    pub display_name: Option<String>,
    pub description: String,
    /// `None` when the file does not say; inferred from the events.
    pub kind: Option<EventKind>,
    pub hotkey: String,
    pub modifiers: Vec<Modifier>,
}

/// When an event happens: seconds of media time (mapped through the frame index) or exact frames (ClaimFrame JSON).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    Secs { start: f64, end: Option<f64> },
    Frames { start: FramePoint, end: Option<FramePoint> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEvent {
    /// Type name (or id) as the file gives it.
    pub type_key: String,
    pub when: When,
    pub modifiers: BTreeMap<String, String>,
    pub note: String,
    pub reviewer: String,
    pub links: Vec<ClaimLink>,
    /// Kept when the file carries ClaimFrame ids and the id is free.
    pub id: Option<EventId>,
    /// SHA-256 of the media the event was coded on, when the file says.
    pub media_sha256: Option<String>,
}

/// What a file holds, before it meets a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub format: ImportFormat,
    pub types: Vec<ImportedType>,
    pub claims: Vec<Claim>,
    pub events: Vec<ImportedEvent>,
    pub warnings: Vec<String>,
}

/// Choices a format may need.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// BORIS: which observation to import (required when the project has several with events).
    pub observation: Option<String>,
}

/// The format of a file, from its contents first and its extension second.
pub fn detect(file_name: &str, text: &str) -> Result<ImportFormat, ImportError> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let lower = file_name.to_ascii_lowercase();
    if head.starts_with("WEBVTT") {
        return Ok(ImportFormat::Vtt);
    }
    if head.starts_with("<?xml") || head.starts_with('<') {
        if head.contains("ANNOTATION_DOCUMENT") {
            return Ok(ImportFormat::Eaf);
        }
    } else if head.starts_with('{') {
        if head.contains("\"behaviors_conf\"") || head.contains("\"observations\"") {
            return Ok(ImportFormat::Boris);
        }
        if head.contains("\"claimframe-export\"") {
            return Ok(ImportFormat::Json);
        }
    } else if head.lines().nth(1).is_some_and(|l| l.contains("-->"))
        || head.lines().next().is_some_and(|l| l.contains("-->"))
    {
        return Ok(ImportFormat::Srt);
    }
    match lower.rsplit('.').next() {
        Some("eaf") => Ok(ImportFormat::Eaf),
        Some("boris") => Ok(ImportFormat::Boris),
        Some("srt") => Ok(ImportFormat::Srt),
        Some("vtt") => Ok(ImportFormat::Vtt),
        Some("json") => Ok(ImportFormat::Json),
        _ => Err(ImportError::UnknownFormat(file_name.to_owned())),
    }
}

/// Reads a file's bytes (any of UTF-8, UTF-16 with BOM, or Windows-1252 text) into [`Imported`].
pub fn read(file_name: &str, bytes: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    limits::check_size(u64::try_from(bytes.len()).unwrap_or(u64::MAX))?;
    let text = decode_text(bytes)?;
    let format = detect(file_name, &text)?;
    let imported = match format {
        ImportFormat::Eaf => eaf::read_eaf(&text),
        ImportFormat::Boris => boris::read_boris(&text, options.observation.as_deref()),
        ImportFormat::Srt => subtitles::read_srt(&text),
        ImportFormat::Vtt => subtitles::read_vtt(&text),
        ImportFormat::Json => json::read_json(&text),
    }?;
    limits::check_event_count(format.name(), imported.events.len())?;
    imported.check_ids().map_err(|bad| ImportError::BadId {
        file: file_name.to_owned(),
        kind: bad.kind,
        id: bad.id,
    })?;
    Ok(imported)
}

impl Imported {
    /// The first claim or event id the file carries (its own or one a link refers to) that breaks the id rule.
    pub fn check_ids(&self) -> Result<(), BadId> {
        for claim in &self.claims {
            check_id("claim", claim.id.as_str())?;
        }
        for event in &self.events {
            if let Some(id) = &event.id {
                check_id("event", id.as_str())?;
            }
            for link in &event.links {
                check_id("claim", link.claim_id.as_str())?;
            }
        }
        Ok(())
    }
}
