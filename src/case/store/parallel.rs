//! The two-core path for large cases. A case's bulk is two copies of its events: the `events` list, and the
//! content snapshot its log starts with (the creation entry records the whole content). Both are cut into chunks
//! of items that every core parses or writes as it frees up (see [`chunks`](crate::case::store::chunks)); the rest of
//! the file goes by the ordinary serde path. The text is byte-identical to the one-thread writer's (a test checks),
//! and any doubt — a file-level RON extension, an unexpected layout, an item that does not parse — returns None so
//! the caller takes the one-thread path and reports errors with their exact line and column.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::case::model::audit::{AuditChange, AuditEntry, AuditLog};
use crate::case::model::case::{Case, CaseMeta, CURRENT_SCHEMA_VERSION};
use crate::case::model::edit::{CaseContent, Edit};
use crate::case::store::chunks;
use crate::case::store::event_text::{self, Layout as EventLayout};
use crate::case::store::progress::LoadProgress;
use crate::case::store::ron_lists::{find_lists, skip_blank, FoundList, ListSpan};
use crate::case::{CaseError, Claim, ClaimId, Event, Media, MediaId};

/// Below this many list items the one-thread path is as fast.
const PARALLEL_MIN_ITEMS: usize = 2000;
/// Items are parsed in chunks of about this many bytes, and written in chunks of this many items.
const CHUNK_BYTES: usize = 256 * 1024;
const CHUNK_ITEMS: usize = 512;

/// The lists split: the case's events, its log, and the events of a content snapshot inside a log entry.
const EVENTS: usize = 0;
const AUDIT: usize = 1;
const SNAPSHOT_EVENTS: usize = 2;
const PATHS: [&[&str]; 3] = [&["events"], &["audit"], &["audit", "change", "after", "events"]];

/// Where the long lists of a case file are.
struct Layout {
    events: ListSpan,
    audit: Option<ListSpan>,
    /// For each log entry, the events of the content snapshot it holds (if it holds one).
    snapshots: Vec<Option<ListSpan>>,
}

impl Layout {
    /// The layout of `text`, when it is the plain one the writer makes; None when in doubt.
    fn of(text: &str) -> Option<Layout> {
        let mut events = None;
        let mut audit = None;
        let mut audit_index = None;
        let mut inner: Vec<FoundList> = Vec::new();
        for (k, list) in find_lists(text, &PATHS).ok()?.into_iter().enumerate() {
            match (list.path, list.inside) {
                (EVENTS, None) if events.is_none() => events = Some(list.span),
                (AUDIT, None) if audit.is_none() => {
                    audit = Some(list.span);
                    audit_index = Some(k);
                }
                (SNAPSHOT_EVENTS, Some((parent, _))) if Some(parent) == audit_index => inner.push(list),
                _ => return None, // a list twice, or somewhere unexpected
            }
        }
        let events = events?;
        let mut snapshots: Vec<Option<ListSpan>> =
            (0..audit.as_ref().map_or(0, |a| a.items.len())).map(|_| None).collect();
        for list in inner {
            let (_, item) = list.inside?;
            let slot = snapshots.get_mut(item)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(list.span);
        }
        Some(Layout { events, audit, snapshots })
    }

    fn item_count(&self) -> usize {
        let snapshot_items: usize = self.snapshots.iter().flatten().map(|s| s.items.len()).sum();
        self.events.items.len() + self.audit.as_ref().map_or(0, |a| a.items.len()) + snapshot_items
    }
}

/// One chunk of parsing.
enum ParseChunk {
    /// Events of the case's list.
    Events(Range<usize>),
    /// A log entry; when it holds a snapshot, parsed with the snapshot's events cut out.
    Entry(usize),
    /// Events of the snapshot in log entry `entry`.
    Snapshot { entry: usize, items: Range<usize> },
}

enum Parsed {
    Events(Vec<Event>),
    Entry(Box<AuditEntry>),
    Snapshot { entry: usize, events: Vec<Event> },
}

fn span_bytes(items: &[(usize, usize)]) -> usize {
    items.iter().map(|(a, b)| b - a).sum()
}

/// Events, each read by [`event_text`] when it is in the writer's plain layout, else by ron.
fn parse_events(text: &str, items: &[(usize, usize)]) -> Option<Vec<Event>> {
    items
        .iter()
        .map(|&(a, b)| {
            let item = text.get(a..b)?;
            event_text::read_event(item).or_else(|| ron::from_str::<Event>(item).ok())
        })
        .collect()
}

/// Parses a current-schema case on every core: `Ok(None)` means "use the ordinary path", `Err(Cancelled)` that
/// `progress` was cancelled. Progress counts the bytes parsed.
pub fn parse(text: &str, progress: &LoadProgress) -> Result<Option<Case>, CaseError> {
    // RON's extensions (`#![enable(…)]`) may only open the file.
    if skip_blank(text.as_bytes(), 0).ok().and_then(|i| text.get(i..)).is_none_or(|t| t.starts_with("#!")) {
        return Ok(None);
    }
    let Some(layout) = Layout::of(text) else { return Ok(None) };
    if layout.item_count() < PARALLEL_MIN_ITEMS {
        return Ok(None);
    }
    let empty = [];
    let audit_items: &[(usize, usize)] = layout.audit.as_ref().map_or(&empty, |a| &a.items);
    // The rest of the file, with both lists emptied.
    let mut cuts: Vec<(usize, usize)> = vec![(layout.events.open + 1, layout.events.close)];
    if let Some(a) = &layout.audit {
        cuts.push((a.open + 1, a.close));
    }
    cuts.sort_unstable();
    let mut rest = String::with_capacity(64 * 1024);
    let mut at = 0;
    for (from, to) in cuts {
        rest.push_str(text.get(at..from).unwrap_or_default());
        at = to;
    }
    rest.push_str(text.get(at..).unwrap_or_default());
    let Ok(mut case) = ron::from_str::<Case>(&rest) else { return Ok(None) };
    if case.version != CURRENT_SCHEMA_VERSION {
        return Ok(None);
    }

    let mut work: Vec<ParseChunk> = chunks::ranges(layout.events.items.iter().map(|(a, b)| b - a), CHUNK_BYTES)
        .into_iter()
        .map(ParseChunk::Events)
        .collect();
    for (entry, snapshot) in layout.snapshots.iter().enumerate() {
        work.push(ParseChunk::Entry(entry));
        if let Some(s) = snapshot {
            let sizes = s.items.iter().map(|(a, b)| b - a);
            work.extend(
                chunks::ranges(sizes, CHUNK_BYTES).into_iter().map(|items| ParseChunk::Snapshot { entry, items }),
            );
        }
    }
    let bytes = |chunk: &ParseChunk| -> u64 {
        let n = match chunk {
            ParseChunk::Events(r) => span_bytes(&layout.events.items[r.clone()]),
            ParseChunk::Entry(i) => audit_items.get(*i).map_or(0, |(a, b)| b - a),
            ParseChunk::Snapshot { entry, items } => {
                layout.snapshots[*entry].as_ref().map_or(0, |s| span_bytes(&s.items[items.clone()]))
            }
        };
        n as u64
    };
    let Some(results) = chunks::run(&work, progress, bytes, |chunk| match chunk {
        ParseChunk::Events(r) => parse_events(text, layout.events.items.get(r.clone())?).map(Parsed::Events),
        ParseChunk::Entry(i) => {
            let (a, b) = *audit_items.get(*i)?;
            let entry: AuditEntry = match &layout.snapshots[*i] {
                Some(s) => {
                    let hollow = format!("{}{}", text.get(a..=s.open)?, text.get(s.close..b)?);
                    ron::from_str(&hollow).ok()?
                }
                None => ron::from_str(text.get(a..b)?).ok()?,
            };
            Some(Parsed::Entry(Box::new(entry)))
        }
        ParseChunk::Snapshot { entry, items } => {
            let s = layout.snapshots.get(*entry)?.as_ref()?;
            let events = parse_events(text, s.items.get(items.clone())?)?;
            Some(Parsed::Snapshot { entry: *entry, events })
        }
    })?
    else {
        return Ok(None);
    };

    let mut events: Vec<Event> = Vec::with_capacity(layout.events.items.len());
    let mut entries: Vec<AuditEntry> = Vec::with_capacity(audit_items.len());
    for result in results {
        match result {
            Parsed::Events(v) => events.extend(v),
            Parsed::Entry(entry) => entries.push(*entry),
            Parsed::Snapshot { entry, events: v } => match snapshot_mut(entries.get_mut(entry)) {
                // The entry was parsed with its snapshot's events cut out; they go back exactly there.
                Some(content) => content.events.extend(v),
                None => return Ok(None),
            },
        }
    }
    // Each snapshot holds exactly the events cut out of it (a hollow entry that still had events was cut wrongly).
    for (entry, snapshot) in entries.iter_mut().zip(&layout.snapshots) {
        if let Some(s) = snapshot {
            if snapshot_mut(Some(entry)).is_none_or(|c| c.events.len() != s.items.len()) {
                return Ok(None);
            }
        }
    }
    let count = events.len();
    let map: BTreeMap<_, _> = events.into_iter().map(|e| (e.id.clone(), e)).collect();
    if map.len() != count || !case.events.is_empty() {
        return Ok(None); // a duplicate id: let the ordinary path say so
    }
    case.events = map;
    if layout.audit.is_some() {
        case.audit = AuditLog::from_entries(entries);
    }
    Ok(Some(case))
}

/// The content a log entry's change replaces the case with, when it is a snapshot.
fn snapshot_mut(entry: Option<&mut AuditEntry>) -> Option<&mut CaseContent> {
    match entry?.change.as_mut()? {
        AuditChange { after: Edit::ReplaceContent(content), .. } => Some(content),
        _ => None,
    }
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

/// One chunk of writing.
enum WriteChunk {
    Events(Range<usize>),
    Entry(usize),
    Snapshot { entry: usize, items: Range<usize> },
}

/// The snapshot of content a log entry holds, when it holds events.
fn snapshot_of(entry: &AuditEntry) -> Option<&CaseContent> {
    match entry.change.as_ref()? {
        AuditChange { after: Edit::ReplaceContent(content), .. } if !content.events.is_empty() => Some(content),
        _ => None,
    }
}

/// `entry` with its snapshot's events left out (everything else copied), to write around them.
fn hollow(entry: &AuditEntry, content: &CaseContent) -> Option<AuditEntry> {
    let change = entry.change.as_ref()?;
    let content = CaseContent {
        meta: content.meta.clone(),
        media: content.media.clone(),
        claims: content.claims.clone(),
        taxonomy: content.taxonomy.clone(),
        events: Vec::new(),
        measurements: content.measurements.clone(),
    };
    Some(AuditEntry {
        sequence: entry.sequence,
        time_utc: entry.time_utc.clone(),
        reviewer: entry.reviewer.clone(),
        action: entry.action.clone(),
        details: entry.details.clone(),
        prev_hash: entry.prev_hash.clone(),
        hash: entry.hash.clone(),
        change: Some(AuditChange { after: Edit::ReplaceContent(Box::new(content)), before: change.before.clone() }),
        content_sha256: entry.content_sha256.clone(),
    })
}

/// An item of a top-level list as the one-thread writer lays it out: one field per line, indented into the list,
/// closed with the list's comma.
pub(crate) fn push_list_item<T: Serialize>(out: &mut String, item: &T) -> Option<()> {
    let config = ron::ser::PrettyConfig::new().depth_limit(1).indentor("  ".to_owned());
    let text = ron::ser::to_string_pretty(item, config).ok()?;
    for line in text.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out.pop();
    out.push_str(",\n");
    Some(())
}

/// An event of the case's list, by [`event_text`] or, for what only ron writes, as [`push_list_item`] does.
fn push_event_item(out: &mut String, event: &Event) -> Option<()> {
    event_text::write_event(out, event, EventLayout::ListItem).or_else(|| push_list_item(out, event))
}

/// Events written on one line each, as they sit inside a snapshot (`(id: …), (id: …)`).
fn push_compact(out: &mut String, events: &[Event]) -> Option<()> {
    let config = ron::ser::PrettyConfig::new().depth_limit(0).indentor("  ".to_owned());
    for (n, event) in events.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        if event_text::write_event(out, event, EventLayout::Compact).is_none() {
            out.push_str(&ron::ser::to_string_pretty(event, config.clone()).ok()?);
        }
    }
    Some(())
}

/// A written chunk: its text, and for a hollow entry where its snapshot's events go.
struct Written {
    text: String,
    insert_at: Option<usize>,
}

/// Writes a large case on every core, with `signatures` in place of its own; None means "use the ordinary path".
pub fn write(case: &Case, signatures: &[crate::case::HeadSignature]) -> Option<String> {
    let entries = case.audit.entries();
    let snapshots: Vec<Option<&CaseContent>> = entries.iter().map(snapshot_of).collect();
    let snapshot_items: usize = snapshots.iter().flatten().map(|c| c.events.len()).sum();
    let total = case.events.len() + entries.len() + snapshot_items;
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
        signatures,
    };
    let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
    let head_text = ron::ser::to_string_pretty(&head, config).ok()?;
    let events: Vec<&Event> = case.events.values().collect();

    let ones = |n: usize| std::iter::repeat_n(1, n);
    let mut work: Vec<WriteChunk> =
        chunks::ranges(ones(events.len()), CHUNK_ITEMS).into_iter().map(WriteChunk::Events).collect();
    for (entry, snapshot) in snapshots.iter().enumerate() {
        work.push(WriteChunk::Entry(entry));
        if let Some(content) = snapshot {
            let parts = chunks::ranges(ones(content.events.len()), CHUNK_ITEMS);
            work.extend(parts.into_iter().map(|items| WriteChunk::Snapshot { entry, items }));
        }
    }
    let never_cancelled = LoadProgress::default();
    let written = chunks::run(
        &work,
        &never_cancelled,
        |_| 0,
        |chunk| {
            let mut text = String::new();
            let mut insert_at = None;
            match chunk {
                WriteChunk::Events(r) => {
                    for event in events.get(r.clone())? {
                        push_event_item(&mut text, event)?;
                    }
                }
                WriteChunk::Entry(i) => {
                    let entry = entries.get(*i)?;
                    match snapshots.get(*i)? {
                        Some(content) => {
                            push_list_item(&mut text, &hollow(entry, content)?)?;
                            // The hollow entry's `events: []`, found as the reader finds it.
                            let found = find_lists(&text, &[&["change", "after", "events"]]).ok()?;
                            let [list] = found.as_slice() else { return None };
                            insert_at = Some(list.span.open + 1).filter(|_| list.span.items.is_empty());
                            insert_at?;
                        }
                        None => push_list_item(&mut text, entry)?,
                    }
                }
                WriteChunk::Snapshot { entry, items } => {
                    let content = snapshots.get(*entry)?.as_ref()?;
                    push_compact(&mut text, content.events.get(items.clone())?)?;
                }
            }
            Some(Written { text, insert_at })
        },
    )
    .ok()??;

    let (before_events, after) = head_text.split_once("\n  events: [],\n")?;
    let (between, after_audit) = after.split_once("  audit: [],\n")?;
    let size: usize = written.iter().map(|w| w.text.len()).sum::<usize>() + head_text.len() + 64;
    let mut out = String::with_capacity(size);
    out.push_str(before_events);
    out.push_str("\n  events: ");
    let mut pieces = work.iter().zip(&written).peekable();
    out.push_str(if events.is_empty() { "[" } else { "[\n" });
    while let Some((WriteChunk::Events(_), w)) = pieces.peek() {
        out.push_str(&w.text);
        pieces.next();
    }
    out.push_str(if events.is_empty() { "],\n" } else { "  ],\n" });
    out.push_str(between);
    out.push_str("  audit: ");
    out.push_str(if entries.is_empty() { "[" } else { "[\n" });
    // An entry's text, with its snapshot's events (the chunks right after it) put where they go.
    let mut tail: Option<String> = None;
    let mut first_in_snapshot = true;
    for (chunk, w) in pieces {
        match chunk {
            WriteChunk::Entry(_) => {
                out.push_str(&tail.take().unwrap_or_default());
                match w.insert_at {
                    Some(at) => {
                        out.push_str(w.text.get(..at)?);
                        tail = Some(w.text.get(at..)?.to_owned());
                        first_in_snapshot = true;
                    }
                    None => out.push_str(&w.text),
                }
            }
            WriteChunk::Snapshot { .. } => {
                tail.as_ref()?;
                if !first_in_snapshot {
                    out.push_str(", ");
                }
                first_in_snapshot = false;
                out.push_str(&w.text);
            }
            WriteChunk::Events(_) => return None,
        }
    }
    out.push_str(&tail.take().unwrap_or_default());
    out.push_str(if entries.is_empty() { "],\n" } else { "  ],\n" });
    out.push_str(after_audit);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{AuditLog, Clock, FixedClock};
    use crate::sample::synthetic_case;

    fn one_thread(case: &Case) -> String {
        let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
        ron::ser::to_string_pretty(case, config).unwrap()
    }

    fn parse_all(text: &str) -> Option<Case> {
        parse(text, &LoadProgress::default()).unwrap()
    }

    fn big_case() -> Case {
        let mut case = synthetic_case(3000);
        // Awkward text in notes: quotes, brackets, commas, newlines, comment markers, non-ASCII.
        for (i, e) in case.events.values_mut().enumerate().take(50) {
            e.note = format!(
                "note {i}: \"quoted\", (paren) [bracket] {{brace}} // not a comment /* nor */\nline 2 — é ✓ r#\"raw\"# events: []"
            );
        }
        let clock = FixedClock(1_759_413_787_000);
        let mut log = AuditLog::default();
        for i in 0..2500 {
            log.append(
                crate::case::format_rfc3339_millis(clock.now_unix_millis()),
                "Reviewer, \"R\"",
                &format!("edit {i}"),
                "details, [x] change: Some((after: ReplaceContent((events: [".to_string(),
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
        // A second snapshot later in the log (a migration), and plain entries around them.
        case.audit.append("2025-10-02T14:03:07.000Z".into(), "R", "edit", "between".into());
        crate::case::record_snapshot(&mut case, ctx, crate::case::MIGRATE_ACTION, "read again");
        let fast = write(&case, &case.signatures).expect("large case takes the parallel path");
        assert!(fast == one_thread(&case), "parallel text differs");
        assert_eq!(parse_all(&fast), Some(case));
    }

    #[test]
    fn parallel_writer_is_byte_identical_and_parser_round_trips() {
        let case = big_case();
        let fast = write(&case, &case.signatures).expect("large case takes the parallel path");
        let plain = one_thread(&case);
        assert!(fast == plain, "parallel text differs from the one-thread writer");
        let parsed = parse_all(&fast).expect("parallel parse");
        assert_eq!(parsed, case);
        let plain_parsed: Case = ron::from_str(&plain).unwrap();
        assert_eq!(parsed, plain_parsed);
    }

    #[test]
    fn doubtful_input_falls_back() {
        let case = big_case();
        let text = write(&case, &case.signatures).unwrap();
        // A duplicated event id: the parallel path declines so the ordinary path can report it.
        let first_id = case.events.keys().next().unwrap().to_string();
        let dup = text.replacen(
            &format!("id: \"{}\"", case.events.keys().nth(1).unwrap()),
            &format!("id: \"{first_id}\""),
            1,
        );
        assert!(parse_all(&dup).is_none());
        assert!(parse_all(&format!("#![enable(implicit_some)]\n{text}")).is_none());
        assert!(parse_all(&text.replacen("type_id:", "type_id: (", 1)).is_none());
        // A second events list (ron refuses a duplicate field): declined, not merged.
        assert!(parse_all(&text.replacen("\n  audit: [", "\n  events: [],\n  audit: [", 1)).is_none());
    }

    #[test]
    fn a_cancelled_parse_stops() {
        let case = big_case();
        let text = write(&case, &case.signatures).unwrap();
        let progress = LoadProgress::default();
        progress.cancel();
        assert!(matches!(parse(&text, &progress), Err(CaseError::Cancelled)));
    }
}
