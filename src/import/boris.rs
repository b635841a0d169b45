//! BORIS .boris import: the ethogram's behaviours become event types (their key as hotkey when free), point events
//! become point events and state events become intervals by pairing each start with the next stop of the same
//! subject and behaviour. Subjects become a `subject` modifier; modifier sets keep their names and values.

use super::error::{malformed, ImportError};
use super::{ImportFormat, Imported, ImportedEvent, ImportedType, When};
use crate::case::{EventKind, Modifier};
use serde_json::Value;
use std::collections::BTreeMap;

const FORMAT: &str = "BORIS .boris";

/// Entries of a BORIS `{"0": {...}, "1": {...}}` map in numeric key order.
fn numbered(value: Option<&Value>) -> Vec<&Value> {
    let Some(map) = value.and_then(Value::as_object) else { return Vec::new() };
    let mut entries: Vec<(u64, &Value)> = map.iter().map(|(k, v)| (k.parse::<u64>().unwrap_or(u64::MAX), v)).collect();
    entries.sort_by_key(|(k, _)| *k);
    entries.into_iter().map(|(_, v)| v).collect()
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

struct Behaviour {
    code: String,
    state: bool,
    modifier_names: Vec<String>,
}

pub fn read_boris(text_in: &str, observation: Option<&str>) -> Result<Imported, ImportError> {
    let root: Value = serde_json::from_str(text_in).map_err(|e| malformed(FORMAT, format!("not valid JSON: {e}")))?;
    let mut types = Vec::new();
    let mut behaviours = Vec::new();
    for b in numbered(root.get("behaviors_conf")) {
        let code = text(b, "code");
        if code.is_empty() {
            continue;
        }
        let state = text(b, "type").to_ascii_lowercase().contains("state");
        let modifiers: Vec<Modifier> = numbered(b.get("modifiers"))
            .into_iter()
            .map(|m| {
                let name = text(m, "name");
                let values = m
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|vs| vs.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                Modifier { id: name.clone(), name, allowed_values: values }
            })
            .collect();
        behaviours.push(Behaviour {
            code: code.clone(),
            state,
            modifier_names: modifiers.iter().map(|m| m.id.clone()).collect(),
        });
        types.push(ImportedType {
            name: code,
            description: text(b, "description"),
            kind: Some(if state { EventKind::Interval } else { EventKind::Point }),
            hotkey: text(b, "key"),
            modifiers,
            display_name: None,
        });
    }
    let Some(observations) = root.get("observations").and_then(Value::as_object) else {
        return Err(malformed(FORMAT, "no \"observations\" object"));
    };
    let with_events = |o: &Value| o.get("events").and_then(Value::as_array).is_some_and(|e| !e.is_empty());
    let (name, obs) = match observation {
        Some(wanted) => match observations.get(wanted) {
            Some(o) => (wanted.to_owned(), o),
            None => {
                return Err(ImportError::ObservationNotFound {
                    wanted: wanted.to_owned(),
                    available: observations.keys().cloned().collect::<Vec<_>>().join(", "),
                })
            }
        },
        None => {
            let candidates: Vec<(&String, &Value)> = observations.iter().filter(|(_, o)| with_events(o)).collect();
            match candidates.as_slice() {
                [only] => (only.0.clone(), only.1),
                [] => return Err(ImportError::Empty("no BORIS observation has events".into())),
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .map(|(n, o)| {
                            format!("{n:?} ({} events)", o.get("events").and_then(Value::as_array).map_or(0, Vec::len))
                        })
                        .collect();
                    return Err(ImportError::ObservationAmbiguous(names.join(", ")));
                }
            }
        }
    };
    let offset_secs = obs.get("time offset").and_then(Value::as_f64).unwrap_or(0.0);
    let mut warnings = Vec::new();
    if obs
        .get("file")
        .and_then(Value::as_object)
        .is_some_and(|f| f.values().filter(|v| v.as_array().is_some_and(|a| !a.is_empty())).count() > 1)
    {
        warnings.push(format!(
            "observation {name:?} plays several media files; times are taken on the first player's clock"
        ));
    }
    let rows = obs.get("events").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut events = Vec::new();
    let mut open: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(fields) = row.as_array() else {
            return Err(malformed(FORMAT, format!("observation {name:?}, event {}: not a list", i + 1)));
        };
        let Some(time) = fields.first().and_then(Value::as_f64) else {
            return Err(malformed(FORMAT, format!("observation {name:?}, event {}: no time", i + 1)));
        };
        let secs = time - offset_secs;
        let field = |n: usize| fields.get(n).and_then(Value::as_str).unwrap_or("").to_owned();
        let (subject, code, modifier_text, comment) = (field(1), field(2), field(3), field(4));
        let Some(behaviour) = behaviours.iter().find(|b| b.code == code) else {
            return Err(malformed(
                FORMAT,
                format!("observation {name:?}, event {}: behaviour {code:?} is not in the ethogram", i + 1),
            ));
        };
        let key = (subject.clone(), code.clone());
        if behaviour.state {
            if let Some(start_index) = open.remove(&key) {
                if let Some(ImportedEvent { when: When::Secs { start, end }, note, .. }) = events.get_mut(start_index) {
                    *end = Some(secs.max(*start));
                    if !comment.is_empty() {
                        if !note.is_empty() {
                            note.push_str("; ");
                        }
                        note.push_str(&comment);
                    }
                }
                continue;
            }
            open.insert(key, events.len());
        }
        let mut modifiers = BTreeMap::new();
        if !subject.is_empty() {
            modifiers.insert("subject".to_owned(), subject);
        }
        for (set, value) in behaviour.modifier_names.iter().zip(modifier_text.split('|')) {
            let value = value.trim();
            if !value.is_empty() && value != "None" {
                modifiers.insert(set.clone(), value.to_owned());
            }
        }
        events.push(ImportedEvent {
            type_key: code,
            when: When::Secs { start: secs, end: None },
            modifiers,
            note: comment,
            reviewer: String::new(),
            links: Vec::new(),
            id: None,
            media_sha256: None,
        });
    }
    if !open.is_empty() {
        warnings.push(format!("{} state event(s) in {name:?} have no stop; they end where they start", open.len()));
    }
    if events.is_empty() {
        return Err(ImportError::Empty(format!("observation {name:?} has no events")));
    }
    Ok(Imported { format: ImportFormat::Boris, types, claims: Vec::new(), events, warnings })
}
