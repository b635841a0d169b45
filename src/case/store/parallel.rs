//! The two-core path for large cases: the event and audit lists are parsed and written in parallel chunks, the rest
//! of the file by the ordinary serde path. The text is byte-identical to the one-thread writer's (a test checks), and
//! any doubt — a file-level RON extension, an unexpected layout, an item that does not parse — returns None so the
//! caller takes the one-thread path and reports errors with their exact line and column.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::case::model::audit::{AuditEntry, AuditLog};
use crate::case::model::case::{Case, CaseMeta, CURRENT_SCHEMA_VERSION};
use crate::case::store::ron_lists::{find_top_level_lists, parse_items_parallel, write_items_parallel};
use crate::case::{Claim, ClaimId, Event, Media, MediaId};

/// Below this many list items the one-thread path is as fast.
const PARALLEL_MIN_ITEMS: usize = 2000;

/// Parses a current-schema case in parallel; None means "use the ordinary path".
pub fn parse(text: &str) -> Option<Case> {
    if text.contains("#![") {
        return None;
    }
    let mut lists = find_top_level_lists(text, &["events", "audit"]).ok()?;
    let audit = lists.pop().flatten();
    let events = lists.pop().flatten()?;
    let total = events.items.len() + audit.as_ref().map_or(0, |a| a.items.len());
    if total < PARALLEL_MIN_ITEMS {
        return None;
    }
    // The rest of the file, with both lists emptied.
    let mut cuts: Vec<(usize, usize)> = vec![(events.open + 1, events.close)];
    if let Some(a) = &audit {
        cuts.push((a.open + 1, a.close));
    }
    cuts.sort_unstable();
    let mut rest = String::with_capacity(text.len() / 16);
    let mut at = 0;
    for (from, to) in cuts {
        rest.push_str(text.get(at..from)?);
        at = to;
    }
    rest.push_str(text.get(at..)?);
    let mut case: Case = ron::from_str(&rest).ok()?;
    if case.version != CURRENT_SCHEMA_VERSION {
        return None;
    }
    let parsed: Vec<Event> = parse_items_parallel(text, &events.items)?;
    for event in parsed {
        if case.events.insert(event.id.clone(), event).is_some() {
            return None; // duplicate id: let the ordinary path say so
        }
    }
    if let Some(a) = audit {
        let entries: Vec<AuditEntry> = parse_items_parallel(text, &a.items)?;
        case.audit = AuditLog::from_entries(entries);
    }
    Some(case)
}

/// The case without its two long lists, serialised with the same field names and order as `Case`.
#[derive(Serialize)]
#[serde(rename = "Case")]
struct Head<'a> {
    version: u32,
    meta: &'a CaseMeta,
    #[serde(serialize_with = "crate::case::model::id_list::serialize")]
    media: &'a BTreeMap<MediaId, Media>,
    #[serde(serialize_with = "crate::case::model::id_list::serialize")]
    claims: &'a BTreeMap<ClaimId, Claim>,
    taxonomy: &'a crate::case::Taxonomy,
    events: Vec<()>,
    #[serde(serialize_with = "crate::case::model::id_list::serialize", skip_serializing_if = "BTreeMap::is_empty")]
    measurements: &'a BTreeMap<crate::case::MeasurementId, crate::case::Measurement>,
    audit: Vec<()>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    signatures: &'a [crate::case::HeadSignature],
}

/// Writes a large case in parallel; None means "use the ordinary path".
pub fn write(case: &Case) -> Option<String> {
    let total = case.events.len() + case.audit.entries().len();
    if total < PARALLEL_MIN_ITEMS {
        return None;
    }
    let head = Head {
        version: case.version,
        meta: &case.meta,
        media: &case.media,
        claims: &case.claims,
        taxonomy: &case.taxonomy,
        events: Vec::new(),
        measurements: &case.measurements,
        audit: Vec::new(),
        signatures: &case.signatures,
    };
    let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
    let text = ron::ser::to_string_pretty(&head, config).ok()?;
    let events: Vec<&Event> = case.events.values().collect();
    let entries: Vec<&AuditEntry> = case.audit.entries().iter().collect();
    let mut out = String::with_capacity(text.len() + total * 600);
    let (before_events, after) = text.split_once("\n  events: [],\n")?;
    let (between, after_audit) = after.split_once("  audit: [],\n")?;
    out.push_str(before_events);
    out.push_str("\n  events: ");
    push_list(&mut out, &events)?;
    out.push_str(between);
    out.push_str("  audit: ");
    push_list(&mut out, &entries)?;
    out.push_str(after_audit);
    Some(out)
}

fn push_list<T: Serialize + Sync>(out: &mut String, items: &[&T]) -> Option<()> {
    if items.is_empty() {
        out.push_str("[],\n");
        return Some(());
    }
    out.push_str("[\n");
    out.push_str(&write_items_parallel(items, "    ")?);
    out.push_str("  ],\n");
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{AuditLog, Clock, FixedClock};
    use crate::sample::synthetic_case;

    fn big_case() -> Case {
        let mut case = synthetic_case(3000);
        // Awkward text in notes: quotes, brackets, commas, newlines, comment markers, non-ASCII.
        for (i, e) in case.events.values_mut().enumerate().take(50) {
            e.note = format!(
                "note {i}: \"quoted\", (paren) [bracket] {{brace}} // not a comment /* nor */\nline 2 — é ✓ r#\"raw\"#"
            );
        }
        let clock = FixedClock(1_759_413_787_000);
        let mut log = AuditLog::default();
        for i in 0..2500 {
            log.append(
                crate::case::format_rfc3339_millis(clock.now_unix_millis()),
                "Reviewer, \"R\"",
                &format!("edit {i}"),
                "details, [x]".to_string(),
            );
        }
        case.audit = log;
        case
    }

    #[test]
    fn a_case_whose_log_starts_with_a_large_snapshot_round_trips_byte_identically() {
        // As ClaimFrame makes a case: the log's first entry records the whole content.
        let mut case = big_case();
        case.audit = AuditLog::default();
        let clock = FixedClock(1_759_413_787_000);
        let ctx = crate::case::EditContext { reviewer: "R", clock: &clock };
        crate::case::record_snapshot(&mut case, ctx, crate::case::CREATE_ACTION, "case created");
        let fast = write(&case).expect("large case takes the parallel path");
        let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
        assert!(fast == ron::ser::to_string_pretty(&case, config).unwrap(), "parallel text differs");
        assert_eq!(parse(&fast), Some(case));
    }

    #[test]
    fn parallel_writer_is_byte_identical_and_parser_round_trips() {
        let case = big_case();
        let fast = write(&case).expect("large case takes the parallel path");
        let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
        let plain = ron::ser::to_string_pretty(&case, config).unwrap();
        assert!(fast == plain, "parallel text differs from the one-thread writer");
        let parsed = parse(&fast).expect("parallel parse");
        assert_eq!(parsed, case);
        let plain_parsed: Case = ron::from_str(&plain).unwrap();
        assert_eq!(parsed, plain_parsed);
    }

    #[test]
    fn doubtful_input_falls_back() {
        let case = big_case();
        let text = write(&case).unwrap();
        // A duplicated event id: the parallel path declines so the ordinary path can report it.
        let first_id = case.events.keys().next().unwrap().to_string();
        let dup = text.replacen(
            &format!("id: \"{}\"", case.events.keys().nth(1).unwrap()),
            &format!("id: \"{first_id}\""),
            1,
        );
        assert!(parse(&dup).is_none());
        assert!(parse(&format!("#![enable(implicit_some)]\n{text}")).is_none());
        assert!(parse(&text.replacen("type_id:", "type_id: (", 1)).is_none());
    }
}
