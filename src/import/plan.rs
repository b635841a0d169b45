//! From [`Imported`] to one batch edit on a case: reuse event types that exist (by id or name), create the rest
//! with a free hotkey, map seconds to frames through the caller's index, keep modifiers the taxonomy allows (others
//! go into the note), and add claims and links that the file carries.

use super::claims::{plan_claims, ClaimsPlan};
use super::error::ImportError;
use super::on_media::{check_on_index, check_when, event_label, MediaFrames, TimeOnMedia};
use super::{Imported, When};
use crate::case::{
    fresh_id, normalize_key, same_digest, Case, ClaimLink, Edit, Event, EventId, EventKind, EventType, EventTypeId,
    FramePoint, MediaId, Modifier, Rgb, RESERVED_PLAYER_KEYS,
};
use std::collections::{BTreeMap, BTreeSet};

/// The edits an import makes, and what it had to adapt.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub edit: Edit,
    pub new_types: usize,
    pub new_claims: usize,
    pub events: usize,
    pub warnings: Vec<String>,
}

const COLOURS: &[Rgb] = &[
    Rgb { r: 230, g: 80, b: 60 },
    Rgb { r: 60, g: 140, b: 230 },
    Rgb { r: 60, g: 180, b: 90 },
    Rgb { r: 230, g: 180, b: 40 },
    Rgb { r: 160, g: 90, b: 200 },
    Rgb { r: 40, g: 190, b: 190 },
];

fn slug(name: &str) -> String {
    let mut s: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() {
        "imported".to_owned()
    } else {
        s
    }
}

fn free_hotkey(wanted: &str, used: &BTreeSet<String>) -> String {
    let reserved: Vec<String> = RESERVED_PLAYER_KEYS.iter().map(|k| normalize_key(k)).collect();
    let ok = |k: &str| !k.is_empty() && !used.contains(&normalize_key(k)) && !reserved.contains(&normalize_key(k));
    if ok(wanted) && wanted.chars().count() == 1 {
        return wanted.to_uppercase();
    }
    let letters = ('A'..='Z').chain('0'..='9').map(|c| c.to_string());
    let function_keys = (1..=12).map(|n| format!("F{n}"));
    letters.chain(function_keys).find(|k| ok(k)).unwrap_or_default()
}

fn find_type<'a>(types: &'a [EventType], key: &str) -> Option<&'a EventType> {
    types
        .iter()
        .find(|t| t.id.as_str() == key)
        .or_else(|| types.iter().find(|t| t.name.eq_ignore_ascii_case(key.trim())))
}

/// An event's media, type, frames (with PTS) and note: equal signatures are the same coded event.
type Signature = (String, String, (u64, i64), Option<(u64, i64)>, String);

fn signature(media: &str, type_id: &str, start: FramePoint, end: Option<FramePoint>, note: &str) -> Signature {
    (
        media.to_string(),
        type_id.to_string(),
        (start.frame, start.pts_ticks),
        end.map(|e| (e.frame, e.pts_ticks)),
        note.to_string(),
    )
}

/// Plans the import of `imported` into `case`. Events timed in seconds land on `media_id`, their frames found by
/// `to_frame`. An event that starts outside the media is skipped; an interval that ends past the last frame is
/// clamped to the last frame, with a warning.
pub fn plan_edits(
    case: &Case,
    imported: &Imported,
    media_id: &MediaId,
    media_frames: &MediaFrames<'_>,
    reviewer: &str,
    now_utc: &str,
) -> Result<ImportPlan, ImportError> {
    let mut warnings = imported.warnings.clone();
    let mut edits = Vec::new();

    let ClaimsPlan { edits: claim_edits, added: new_claims, known: known_claims, renamed } =
        plan_claims(case, &imported.claims, &mut warnings);
    edits.extend(claim_edits);

    // Event types: existing ones by id or name, new ones created.
    let mut types: Vec<EventType> = case.taxonomy.types.clone();
    let mut used_keys: BTreeSet<String> = types.iter().map(|t| normalize_key(&t.hotkey)).collect();
    let mut new_types = 0;
    let mut type_of: BTreeMap<String, EventTypeId> = BTreeMap::new();
    let mut keys: Vec<&str> = imported.events.iter().map(|e| e.type_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if let Some(existing) = find_type(&types, key) {
            type_of.insert(key.to_owned(), existing.id.clone());
            continue;
        }
        let def = imported.types.iter().find(|t| t.name == key);
        let events_of = || imported.events.iter().filter(|e| e.type_key == key);
        let has_span = events_of().any(|e| match e.when {
            When::Secs { start, end } => end.is_some_and(|end| end > start),
            When::Frames { end, .. } => end.is_some(),
        });
        let kind = def.and_then(|d| d.kind).unwrap_or(if has_span { EventKind::Interval } else { EventKind::Point });
        let mut modifiers: Vec<Modifier> = def.map(|d| d.modifiers.clone()).unwrap_or_default();
        for event in events_of() {
            for (m, v) in &event.modifiers {
                let slot = match modifiers.iter_mut().position(|x| &x.id == m) {
                    Some(i) => &mut modifiers[i],
                    None => {
                        modifiers.push(Modifier { id: m.clone(), name: m.clone(), allowed_values: Vec::new() });
                        let last = modifiers.len() - 1;
                        &mut modifiers[last]
                    }
                };
                if !slot.allowed_values.contains(v) {
                    slot.allowed_values.push(v.clone());
                }
            }
        }
        modifiers.retain(|m| !m.allowed_values.is_empty());
        let base = slug(key);
        let mut id = base.clone();
        let mut n = 2;
        while types.iter().any(|t| t.id.as_str() == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let hotkey = free_hotkey(def.map_or("", |d| d.hotkey.as_str()), &used_keys);
        if hotkey.is_empty() {
            return Err(ImportError::Malformed {
                format: imported.format.name(),
                message: format!("no free hotkey left for new event type {key:?}; remove unused types first"),
            });
        }
        used_keys.insert(normalize_key(&hotkey));
        let ty = EventType {
            id: EventTypeId::new(id),
            name: def.and_then(|d| d.display_name.clone()).unwrap_or_else(|| key.to_owned()),
            description: def
                .map_or_else(|| format!("imported from {}", imported.format.name()), |d| d.description.clone()),
            kind,
            hotkey,
            colour: COLOURS[new_types % COLOURS.len()],
            modifiers,
        };
        type_of.insert(key.to_owned(), ty.id.clone());
        edits.push(Edit::AddEventType { event_type: Box::new(ty.clone()), index: None });
        types.push(ty);
        new_types += 1;
    }

    // Events.
    let mut taken: BTreeSet<EventId> = case.events.keys().cloned().collect();
    // What makes an imported event a copy of one the case has, looked up in a set: a million imported rows are
    // checked in one pass, not against every event each.
    let existing: std::collections::HashSet<Signature> = case
        .events
        .values()
        .map(|e| signature(&e.media_id.to_string(), &e.type_id.to_string(), e.start, e.end, &e.note))
        .collect();
    let mut count = 0;
    let (mut dropped_ends, mut skipped_outside, mut duplicates, mut clamped_ends) = (0, 0, 0, 0);
    let mut last_frame = None;
    for (n, event) in imported.events.iter().enumerate() {
        check_when(event.when).map_err(|problem| ImportError::Malformed {
            format: imported.format.name(),
            message: format!("event {} of the file: {problem}", n + 1),
        })?;
        let Some(type_id) = type_of.get(&event.type_key) else { continue };
        let Some(ty) = types.iter().find(|t| &t.id == type_id) else { continue };
        let target_media = match &event.media_sha256 {
            Some(sha) => match case.media.values().find(|m| same_digest(&m.sha256, sha)) {
                Some(m) => m.id.clone(),
                None => {
                    return Err(ImportError::Malformed {
                        format: imported.format.name(),
                        message: format!("events were coded on media with SHA-256 {sha}, which this case does not hold; add that file first"),
                    })
                }
            },
            None => media_id.clone(),
        };
        let (start, end) = match event.when {
            When::Frames { start, end } => {
                let check = |point: &FramePoint| {
                    check_on_index(media_frames, &target_media, point).map_err(|problem| ImportError::Malformed {
                        format: imported.format.name(),
                        message: format!("event {} of the file: {problem}", event_label(event, n)),
                    })
                };
                check(&start)?;
                end.iter().try_for_each(check)?;
                (start, end)
            }
            When::Secs { start, end } => {
                let to_frame = media_frames.to_frame;
                let TimeOnMedia::At(start_point) = to_frame(start) else {
                    skipped_outside += 1;
                    continue;
                };
                let end_point = match end.filter(|e| *e > start).map(to_frame) {
                    Some(TimeOnMedia::At(p)) => Some(p),
                    Some(TimeOnMedia::PastEnd { last }) => {
                        clamped_ends += 1;
                        last_frame = Some(last.frame);
                        Some(last)
                    }
                    Some(TimeOnMedia::BeforeStart) | None => None,
                };
                (start_point, end_point)
            }
        };
        let end = match (ty.kind, end) {
            (EventKind::Point, Some(_)) => {
                dropped_ends += 1;
                None
            }
            (EventKind::Interval, None) => Some(start),
            (_, end) => end,
        };
        let mut note = event.note.clone();
        let mut modifiers = BTreeMap::new();
        for (m, v) in &event.modifiers {
            let allowed = ty.modifiers.iter().any(|x| &x.id == m && x.allowed_values.contains(v));
            if allowed {
                modifiers.insert(m.clone(), v.clone());
            } else {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&format!("{m}={v}"));
            }
        }
        let mut links: Vec<_> = event
            .links
            .iter()
            .map(|l| ClaimLink { claim_id: renamed.get(&l.claim_id).unwrap_or(&l.claim_id).clone(), ..l.clone() })
            .filter(|l| known_claims.contains(&l.claim_id))
            .collect();
        if links.len() < event.links.len() {
            warnings
                .push(format!("dropped {} link(s) to claims this case does not have", event.links.len() - links.len()));
        }
        links.sort_by(|a, b| a.claim_id.cmp(&b.claim_id));
        links.dedup_by(|a, b| a.claim_id == b.claim_id);
        let is_duplicate =
            existing.contains(&signature(&target_media.to_string(), &type_id.to_string(), start, end, &note));
        if is_duplicate {
            duplicates += 1;
            continue;
        }
        let id = match &event.id {
            Some(id) if !taken.contains(id) => id.clone(),
            _ => EventId(fresh_id("e", |candidate| taken.contains(&EventId::from(candidate)))),
        };
        taken.insert(id.clone());
        let reviewer = if event.reviewer.is_empty() { reviewer.to_owned() } else { event.reviewer.clone() };
        edits.push(Edit::AddEvent(Box::new(Event {
            id,
            media_id: target_media,
            start,
            end,
            type_id: type_id.clone(),
            modifiers,
            note,
            reviewer,
            created_utc: now_utc.to_owned(),
            modified_utc: now_utc.to_owned(),
            links,
            // Coded elsewhere: what that tool knew of the file is not known here.
            media_at_coding: crate::case::MediaAtCoding::NotRecorded,
            adjudication: None,
        })));
        count += 1;
    }
    if dropped_ends > 0 {
        warnings.push(format!("{dropped_ends} event(s) of point types had a span; only their start was kept"));
    }
    if let (true, Some(last)) = (clamped_ends > 0, last_frame) {
        warnings.push(format!("{clamped_ends} interval(s) ended after the media's last frame; their end was clamped to the last frame ({last})"));
    }
    if skipped_outside > 0 {
        warnings.push(format!("{skipped_outside} event(s) outside the media's time span (before its first frame or after its last) were skipped"));
    }
    if duplicates > 0 {
        warnings.push(format!("{duplicates} event(s) already in the case were not added again"));
    }
    if count == 0 {
        let why = if skipped_outside > 0 {
            format!(
                "all {skipped_outside} event(s) of the {} file fall outside the media's time span",
                imported.format.name()
            )
        } else {
            format!("the {} file holds no events this case lacks", imported.format.name())
        };
        return Err(ImportError::Empty(why));
    }
    Ok(ImportPlan { edit: Edit::Batch(edits), new_types, new_claims, events: count, warnings })
}
