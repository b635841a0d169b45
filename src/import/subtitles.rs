//! SRT and WebVTT import: one event per cue. Cues ClaimFrame wrote (`Type [event, frame N]` on the first line) keep
//! their type and note; other cues become "Subtitle cue" events whose note is the cue text. Timestamps may omit
//! hours or milliseconds or be negative (such cues fall outside the media and are reported); a malformed timing
//! line fails the import naming its line. X-TIMESTAMP-MAP headers shift cue times to the MPEG-TS clock.

use super::error::{malformed, ImportError};
use super::{ImportFormat, Imported, ImportedEvent, ImportedType, When};
use crate::case::EventKind;
use std::collections::BTreeMap;

/// The event type of cues that were not written by ClaimFrame.
pub const CUE_TYPE: &str = "Subtitle cue";

/// Seconds of `HH:MM:SS,mmm`, `HH:MM:SS.mmm`, `MM:SS.mmm` or `HH:MM:SS`, with an optional leading `-`.
fn parse_timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let body = body.replace(',', ".");
    let (clock, frac) = match body.split_once('.') {
        Some((c, f)) => (c.to_owned(), f.to_owned()),
        None => (body.clone(), String::new()),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 3 {
        return None;
    }
    let nums: Vec<f64> = parts.iter().filter_map(|p| p.parse::<f64>().ok()).collect();
    let secs = nums.iter().fold(0.0, |acc, n| acc * 60.0 + n);
    let millis = if frac.is_empty() { 0.0 } else { format!("0.{frac}").parse::<f64>().ok()? };
    let total = secs + millis;
    Some(if negative { -total } else { total })
}

/// `start --> end [settings]` → (start, end).
fn parse_timing(line: &str) -> Option<(f64, f64)> {
    let (a, rest) = line.split_once("-->")?;
    let b = rest.split_whitespace().next()?;
    Some((parse_timestamp(a)?, parse_timestamp(b)?))
}

fn unescape_vtt(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&")
}

fn event_of(lines: &[String], start: f64, end: f64) -> ImportedEvent {
    // ClaimFrame's own cues: "Type [e-1, frame 12]" then the note.
    let first = lines.first().map(String::as_str).unwrap_or("");
    let own = first.rfind(" [").filter(|_| first.ends_with(']') && first.contains("frame"));
    let (type_key, note) = match own {
        Some(at) => (first[..at].to_owned(), lines[1..].join("\n")),
        None => (CUE_TYPE.to_owned(), lines.join("\n")),
    };
    ImportedEvent {
        type_key,
        when: When::Secs { start, end: Some(end) },
        modifiers: BTreeMap::new(),
        note,
        reviewer: String::new(),
        links: Vec::new(),
        id: None,
        media_sha256: None,
    }
}

fn finish(format: ImportFormat, events: Vec<ImportedEvent>, warnings: Vec<String>) -> Result<Imported, ImportError> {
    if events.is_empty() {
        return Err(ImportError::Empty(format!("the {} file has no cues", format.name())));
    }
    let types = vec![ImportedType {
        name: CUE_TYPE.to_owned(),
        description: format!("cue imported from {}", format.name()),
        kind: Some(EventKind::Interval),
        ..ImportedType::default()
    }];
    Ok(Imported { format, types, claims: Vec::new(), events, warnings })
}

/// Cue blocks: (line number of the timing line, timing line, text lines).
fn blocks(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String, Vec<String>)> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if let Some(block) = current.take() {
                out.push(block);
            }
            continue;
        }
        match &mut current {
            Some((_, _, lines)) => lines.push(line.trim().to_owned()),
            None if line.contains("-->") => current = Some((n + 1, line.to_owned(), Vec::new())),
            None => {} // cue number or identifier
        }
    }
    if let Some(block) = current {
        out.push(block);
    }
    out
}

pub fn read_srt(text: &str) -> Result<Imported, ImportError> {
    let mut events = Vec::new();
    for (line_no, timing, lines) in blocks(text) {
        let Some((start, end)) = parse_timing(&timing) else {
            return Err(malformed("SRT", format!("line {line_no}: cannot read the timing {timing:?}")));
        };
        events.push(event_of(&lines, start, end));
    }
    finish(ImportFormat::Srt, events, Vec::new())
}

pub fn read_vtt(text: &str) -> Result<Imported, ImportError> {
    let mut warnings = Vec::new();
    let mut shift_secs = 0.0;
    // Header: up to the first blank line.
    for line in text.lines().take_while(|l| !l.trim().is_empty()) {
        if let Some(map) = line.trim().strip_prefix("X-TIMESTAMP-MAP=") {
            let mut local = None;
            let mut mpegts = None;
            for part in map.split(',') {
                if let Some(v) = part.strip_prefix("LOCAL:") {
                    local = parse_timestamp(v);
                } else if let Some(v) = part.strip_prefix("MPEGTS:") {
                    mpegts = v.trim().parse::<f64>().ok();
                }
            }
            let (Some(local), Some(mpegts)) = (local, mpegts) else {
                return Err(malformed("WebVTT", format!("cannot read the header {line:?}")));
            };
            shift_secs = mpegts / 90_000.0 - local;
            warnings.push(format!("X-TIMESTAMP-MAP: cue times shifted by {shift_secs:.3} s to the MPEG-TS clock"));
        }
    }
    let mut events = Vec::new();
    for (line_no, timing, lines) in blocks(text) {
        if timing.trim_start().starts_with("NOTE") {
            continue;
        }
        let Some((start, end)) = parse_timing(&timing) else {
            return Err(malformed("WebVTT", format!("line {line_no}: cannot read the cue timing {timing:?}")));
        };
        let lines: Vec<String> = lines.iter().map(|l| unescape_vtt(l)).collect();
        events.push(event_of(&lines, start + shift_secs, end + shift_secs));
    }
    finish(ImportFormat::Vtt, events, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_shape() {
        assert_eq!(parse_timestamp("01:02:03,004"), Some(3723.004));
        assert_eq!(parse_timestamp("00:01,5"), Some(1.5));
        assert_eq!(parse_timestamp("00:00:02"), Some(2.0));
        assert_eq!(parse_timestamp("-0:00:04,567"), Some(-4.567));
        assert_eq!(parse_timestamp("00:00:1d.890"), None);
    }
}
