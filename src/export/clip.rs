//! The sidecar of a video clip of an event: the event's citation, the frames asked for and the frames the clip
//! really holds (a stream copy starts on a keyframe), how it was made, and the SHA-256 of the clip and its source.

use super::ExportError;
use crate::case::Citation;

/// How a clip was cut, as written to its sidecar.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipFacts {
    pub file_name: String,
    pub clip_sha256: String,
    pub requested_first_frame: u64,
    pub requested_last_frame: u64,
    pub actual_first_frame: u64,
    pub actual_last_frame: u64,
    /// e.g. "stream copy (lossless, keyframe-aligned)".
    pub method: String,
    /// Further parameters: packet counts, tools, versions.
    pub parameters: Vec<(String, String)>,
}

/// The sidecar JSON.
pub fn clip_sidecar_json(citation: &Citation, facts: &ClipFacts) -> Result<Vec<u8>, ExportError> {
    let parameters: serde_json::Map<String, serde_json::Value> =
        facts.parameters.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
    let doc = serde_json::json!({
        "clip": {
            "file": facts.file_name,
            "sha256": facts.clip_sha256,
            "method": facts.method,
            "requested_frames": { "first": facts.requested_first_frame, "last": facts.requested_last_frame },
            "actual_frames": { "first": facts.actual_first_frame, "last": facts.actual_last_frame },
            "clip_frame_0_is_source_frame": facts.actual_first_frame,
            "parameters": parameters,
        },
        "source": { "media_id": citation.media_id, "file": citation.media_path, "sha256": citation.media_sha256 },
        "citation": citation,
        "citation_text": citation.to_string(),
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
