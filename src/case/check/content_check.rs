//! Whether the case's content is what its log says: the content hash recomputed against the head entry's, the log
//! starting at the case's creation, and — when they differ — the log replayed from its last whole-content entry
//! (creation or migration) and compared field by field with the file, so a change made outside ClaimFrame is named
//! in words ("event e5: start.frame changed outside ClaimFrame; the log's last state has 840, the file has 841").

use serde_json::Value;

use crate::case::edit::history::{CREATE_ACTION, MIGRATE_ACTION};
use crate::case::edit::replay::replay;
use crate::case::model::case::Case;
use crate::case::model::content::{content_sha256, content_value};

/// At most this many differences are listed; the rest are counted.
const MAX_LISTED: usize = 12;

/// What does not hold between the content and the log, in words. Empty when they agree.
pub fn content_problems(case: &Case) -> Vec<String> {
    let entries = case.audit.entries();
    let Some(first) = entries.first() else {
        return vec!["the audit log is empty: a case's log starts with its creation, so this one was emptied or the \
                     file was made outside ClaimFrame"
            .into()];
    };
    let mut problems = Vec::new();
    if first.action != CREATE_ACTION && !entries.iter().any(|e| e.action == MIGRATE_ACTION) {
        problems.push(format!(
            "the log does not start with the case's creation (its first entry is {:?}): earlier history was removed",
            first.action
        ));
    }
    let Some(head) = entries.iter().rev().find(|e| !e.content_sha256.is_empty()) else {
        problems.push("no entry of the log records the content's hash, so the content cannot be checked".into());
        return problems;
    };
    if let Some(last) = entries.last() {
        if last.content_sha256.is_empty() {
            problems.push(format!(
                "the newest entries (from sequence {}) record no content hash: they were not written by ClaimFrame",
                head.sequence + 1
            ));
        }
    }
    let actual = content_sha256(case);
    if actual == head.content_sha256 {
        return problems;
    }
    match replay(entries) {
        Ok(replayed) => {
            let mut found = Vec::new();
            differences("", &content_value(&replayed), &content_value(case), &mut found);
            if found.is_empty() {
                found.push(format!(
                    "the content's hash {actual} is not the {} the log's head (sequence {}) records, though the \
                     log replays to the same values: the log's entries were altered",
                    head.content_sha256, head.sequence
                ));
            }
            let more = found.len().saturating_sub(MAX_LISTED);
            problems.extend(found.into_iter().take(MAX_LISTED));
            if more > 0 {
                problems.push(format!("… and {more} more difference(s) between the file and its log"));
            }
        }
        Err(why) => problems.push(format!(
            "the content no longer matches the log (its hash is {actual}, the head entry {} records {}); the log \
             cannot rebuild the content to say which part changed: {why}",
            head.sequence, head.content_sha256
        )),
    }
    problems
}

/// Every place where `file` differs from `log`, in words. Lists of items with ids are compared by id.
fn differences(path: &str, log: &Value, file: &Value, out: &mut Vec<String>) {
    if log == file {
        return;
    }
    match (log, file) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let child = join(path, key);
                match b.get(key) {
                    Some(bv) => differences(&child, av, bv, out),
                    None => out.push(format!("{}: missing from the file (removed outside ClaimFrame)", place(&child))),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{}: not in the log (added outside ClaimFrame)", place(&join(path, key))));
            }
        }
        (Value::Array(a), Value::Array(b)) if is_keyed(a) && is_keyed(b) => {
            let id = |v: &Value| v.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            for av in a {
                let child = join(path, &format!("[{}]", id(av)));
                match b.iter().find(|bv| id(bv) == id(av)) {
                    Some(bv) => differences(&child, av, bv, out),
                    None => out.push(format!(
                        "{}: in the log's last state but missing from the file (removed outside ClaimFrame)",
                        place(&child)
                    )),
                }
            }
            for bv in b.iter().filter(|bv| !a.iter().any(|av| id(av) == id(bv))) {
                out.push(format!(
                    "{}: in the file but not in the log (added outside ClaimFrame)",
                    place(&join(path, &format!("[{}]", id(bv))))
                ));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                differences(&join(path, &format!("[{i}]")), av, bv, out);
            }
        }
        _ => out.push(format!(
            "{} changed outside ClaimFrame; the log's last state has {}, the file has {}",
            place(path),
            short(log),
            short(file)
        )),
    }
}

fn is_keyed(items: &[Value]) -> bool {
    items.iter().all(|v| v.get("id").and_then(Value::as_str).is_some())
}

fn join(path: &str, key: &str) -> String {
    match (path.is_empty(), key.starts_with('[')) {
        (true, _) | (false, true) => format!("{path}{key}"),
        (false, false) => format!("{path}.{key}"),
    }
}

/// `events[e5].start.frame` → `event e5: start.frame`; `meta.title` → `meta.title`.
fn place(path: &str) -> String {
    let lists = [
        ("events", "event"),
        ("measurements", "measurement"),
        ("claims", "claim"),
        ("media", "media"),
        ("taxonomy.types", "event type"),
    ];
    for (list, noun) in lists {
        if let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) {
            if let Some((id, field)) = rest.split_once(']') {
                let field = field.trim_start_matches('.');
                return if field.is_empty() { format!("{noun} {id}") } else { format!("{noun} {id}: {field}") };
            }
        }
    }
    path.to_owned()
}

/// A value as it reads in a message, cut when long.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
