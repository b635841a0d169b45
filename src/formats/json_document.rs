//! The JSON export's document, described by `schemas/claimframe-export.schema.json`: written by the JSON export,
//! read back by the JSON import.

use crate::case::Case;
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
    /// The content hash, log head and signer this export was made from (`claimframe case verify --against`).
    #[serde(default)]
    pub anchor: String,
    pub case: Case,
    pub citations: Vec<C>,
    /// Each measurement's computed numbers (`export::measurement_rows`), for reading; ignored on import like the
    /// citations. Left out when the case has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<serde_json::Value>,
}
