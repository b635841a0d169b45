//! The case's content as the audit chain covers it: everything but the log itself (and the signatures over it).
//!
//! Canonical form, version 1: the compact JSON (serde_json) of one object whose fields come in this order —
//! `format` (the string `claimframe-content/1`), `meta`, `media` (a list in id order), `claims` (id order),
//! `taxonomy`, `events` (id order), then `measurements` (id order) only when there are any, so the content of a case
//! without measurements hashes as it did before they existed — each item written with its fields in declaration order, maps in key order,
//! numbers as serde_json writes them. Its SHA-256, in lowercase hex, is the content hash every audit entry records.
//! The schema version, the audit log and the signatures are not content.

use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::case::model::case::{Case, CaseMeta};
use crate::case::model::claim::Claim;
use crate::case::model::event::Event;
use crate::case::model::measurement::Measurement;
use crate::case::model::media::Media;
use crate::case::model::taxonomy::Taxonomy;

/// The name and version of the canonical form, written first in it.
pub const CONTENT_FORMAT: &str = "claimframe-content/1";

#[derive(Serialize)]
struct CanonicalContent<'a> {
    format: &'static str,
    meta: &'a CaseMeta,
    media: Vec<&'a Media>,
    claims: Vec<&'a Claim>,
    taxonomy: &'a Taxonomy,
    events: Vec<&'a Event>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    measurements: Vec<&'a Measurement>,
}

fn canonical(case: &Case) -> CanonicalContent<'_> {
    CanonicalContent {
        format: CONTENT_FORMAT,
        meta: &case.meta,
        media: case.media.values().collect(),
        claims: case.claims.values().collect(),
        taxonomy: &case.taxonomy,
        events: case.events.values().collect(),
        measurements: case.measurements.values().collect(),
    }
}

/// Feeds serialised bytes straight into the hash (no copy of a large case in memory).
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SHA-256 (lowercase hex) of the case's canonical content.
pub fn content_sha256(case: &Case) -> String {
    let mut writer = HashWriter(Sha256::new());
    // Writing these plain types into a hasher cannot fail; if it ever did, the hash would not match and verify
    // would say so, never pass silently.
    let _ = serde_json::to_writer(&mut writer, &canonical(case));
    hex::encode(writer.0.finalize())
}

/// The canonical content as a JSON value, for saying in words which part of two contents differs.
pub fn content_value(case: &Case) -> serde_json::Value {
    serde_json::to_value(canonical(case)).unwrap_or(serde_json::Value::Null)
}
