//! How an [`Edit`] applies: `apply` checks it, performs it, and returns the exact inverse edit, which is what
//! undo/redo, the journal and the audit log are built on.

use crate::case::edit::measure_rules::{check_measurement, refuse_if_measured};
use crate::case::edit::rules::event_problems;
use crate::case::model::case::Case;
use crate::case::model::edit::{CaseContent, Edit};
use crate::case::model::event::Event;
use crate::case::model::id_list::Keyed;
use crate::case::model::ids::{check_id, BadId, EventId};
use crate::case::model::limits::check_media_numbers;
use crate::case::model::taxonomy::{Taxonomy, TaxonomyProblem};
use crate::case::CaseError;
use std::collections::BTreeMap;

fn not_found(kind: &'static str, id: impl ToString) -> CaseError {
    CaseError::NotFound { kind, id: id.to_string() }
}

fn duplicate(kind: &'static str, id: impl ToString) -> CaseError {
    CaseError::DuplicateId { kind, id: id.to_string() }
}

fn invalid_id(bad: BadId) -> CaseError {
    CaseError::Invalid(bad.to_string())
}

/// Whether `event` is an adjudicated event superseding `id`.
fn supersedes(event: &Event, id: &EventId) -> bool {
    event.adjudication.as_ref().is_some_and(|a| a.supersedes.contains(id))
}

/// A claim's assertion date must be a real day (whether it is in the future is asked where it is typed, against
/// that day's clock: replaying the log later must not depend on the clock).
fn check_claim_date(claim: &crate::case::model::claim::Claim) -> Result<(), CaseError> {
    match claim.asserted_on_problem(None) {
        Some(problem) => Err(CaseError::Invalid(format!("claim {}: {problem}", claim.id))),
        None => Ok(()),
    }
}

fn check_event(case: &Case, event: &Event) -> Result<(), CaseError> {
    let problems = event_problems(case, event);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CaseError::Invalid(problems.join("; ")))
    }
}

/// Ids of events for which `pred` holds, for "still in use" messages (at most 5 listed).
fn events_using(case: &Case, pred: impl Fn(&Event) -> bool) -> Option<String> {
    let ids: Vec<String> = case.events.values().filter(|e| pred(e)).map(|e| e.id.to_string()).collect();
    if ids.is_empty() {
        return None;
    }
    let shown = ids.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    let more = if ids.len() > 5 { format!(" and {} more", ids.len() - 5) } else { String::new() };
    Some(format!("event(s) {shown}{more}"))
}

/// The taxonomy's problems that were not there `before` (an edit may not add any), in words.
fn introduced_problems(taxonomy: &Taxonomy, before: &[TaxonomyProblem]) -> Vec<String> {
    taxonomy.validate().into_iter().filter(|p| !before.contains(p)).map(|p| p.to_string()).collect()
}

/// Refuses to remove `id` while events still use it, naming them.
fn refuse_in_use(
    case: &Case,
    kind: &'static str,
    id: &impl ToString,
    uses: impl Fn(&Event) -> bool,
) -> Result<(), CaseError> {
    match events_using(case, uses) {
        Some(used_by) => Err(CaseError::InUse { kind, id: id.to_string(), used_by }),
        None => Ok(()),
    }
}

fn ensure_absent<T: Keyed>(map: &BTreeMap<T::Key, T>, kind: &'static str, id: &T::Key) -> Result<(), CaseError> {
    if map.contains_key(id) {
        return Err(duplicate(kind, id));
    }
    Ok(())
}

fn ensure_present<T: Keyed>(map: &BTreeMap<T::Key, T>, kind: &'static str, id: &T::Key) -> Result<(), CaseError> {
    if !map.contains_key(id) {
        return Err(not_found(kind, id));
    }
    Ok(())
}

/// Adds an item under a new id; returns the id (for the inverse, a removal).
fn insert_new<T: Keyed>(map: &mut BTreeMap<T::Key, T>, kind: &'static str, item: T) -> Result<T::Key, CaseError> {
    let id = item.key().clone();
    ensure_absent(map, kind, &id)?;
    map.insert(id.clone(), item);
    Ok(id)
}

/// Removes an item; returns it (for the inverse, an addition).
fn take<T: Keyed>(map: &mut BTreeMap<T::Key, T>, kind: &'static str, id: &T::Key) -> Result<T, CaseError> {
    map.remove(id).ok_or_else(|| not_found(kind, id))
}

/// Replaces an existing item by the one with its id; returns the old one (for the inverse, an update back).
fn replace<T: Keyed>(map: &mut BTreeMap<T::Key, T>, kind: &'static str, item: T) -> Result<T, CaseError> {
    let slot = map.get_mut(item.key()).ok_or_else(|| not_found(kind, item.key()))?;
    Ok(std::mem::replace(slot, item))
}

/// Puts `content` in place of the case's content; returns the content it replaced.
fn replace_content(case: &mut Case, content: CaseContent) -> CaseContent {
    let old = CaseContent::of(case);
    case.meta = content.meta;
    case.media = content.media.into_iter().map(|m| (m.id.clone(), m)).collect();
    case.claims = content.claims.into_iter().map(|c| (c.id.clone(), c)).collect();
    case.taxonomy = content.taxonomy;
    case.events = content.events.into_iter().map(|e| (e.id.clone(), e)).collect();
    case.measurements = content.measurements.into_iter().map(|m| (m.id.clone(), m)).collect();
    old
}

impl CaseContent {
    /// A copy of the case's content.
    pub fn of(case: &Case) -> Self {
        CaseContent {
            meta: case.meta.clone(),
            media: case.media.values().cloned().collect(),
            claims: case.claims.values().cloned().collect(),
            taxonomy: case.taxonomy.clone(),
            events: case.events.values().cloned().collect(),
            measurements: case.measurements.values().cloned().collect(),
        }
    }
}

impl Edit {
    /// Applies the edit to `case` and returns its inverse. On error the case is unchanged.
    pub fn apply(self, case: &mut Case) -> Result<Edit, CaseError> {
        match self {
            Edit::SetMeta(meta) => Ok(Edit::SetMeta(std::mem::replace(&mut case.meta, meta))),
            Edit::AddMedia(media) => {
                check_id("media", media.id.as_str()).map_err(invalid_id)?;
                check_media_numbers(&media).map_err(CaseError::Invalid)?;
                Ok(Edit::RemoveMedia(insert_new(&mut case.media, "media", *media)?))
            }
            Edit::RemoveMedia(id) => {
                ensure_present(&case.media, "media", &id)?;
                refuse_in_use(case, "media", &id, |e| e.media_id == id)?;
                refuse_if_measured(case, "media", &id, |m| m.media.iter().any(|mm| mm.media_id == id))?;
                Ok(Edit::AddMedia(Box::new(take(&mut case.media, "media", &id)?)))
            }
            Edit::UpdateMedia(media) => {
                check_media_numbers(&media).map_err(CaseError::Invalid)?;
                Ok(Edit::UpdateMedia(Box::new(replace(&mut case.media, "media", *media)?)))
            }
            Edit::AddClaim(claim) => {
                check_id("claim", claim.id.as_str()).map_err(invalid_id)?;
                check_claim_date(&claim)?;
                Ok(Edit::RemoveClaim(insert_new(&mut case.claims, "claim", *claim)?))
            }
            Edit::RemoveClaim(id) => {
                ensure_present(&case.claims, "claim", &id)?;
                refuse_in_use(case, "claim", &id, |e| e.links.iter().any(|l| l.claim_id == id))?;
                refuse_if_measured(case, "claim", &id, |m| m.links.iter().any(|l| l.claim_id == id))?;
                Ok(Edit::AddClaim(Box::new(take(&mut case.claims, "claim", &id)?)))
            }
            Edit::UpdateClaim(claim) => {
                check_claim_date(&claim)?;
                Ok(Edit::UpdateClaim(Box::new(replace(&mut case.claims, "claim", *claim)?)))
            }
            Edit::AddEvent(event) => {
                ensure_absent(&case.events, "event", &event.id)?;
                check_event(case, &event)?;
                Ok(Edit::RemoveEvent(insert_new(&mut case.events, "event", *event)?))
            }
            Edit::RemoveEvent(id) => {
                ensure_present(&case.events, "event", &id)?;
                refuse_in_use(case, "event", &id, |e| supersedes(e, &id))?;
                refuse_if_measured(case, "event", &id, |m| m.events.contains(&id))?;
                Ok(Edit::AddEvent(Box::new(take(&mut case.events, "event", &id)?)))
            }
            Edit::UpdateEvent(event) => {
                ensure_present(&case.events, "event", &event.id)?;
                check_event(case, &event)?;
                Ok(Edit::UpdateEvent(Box::new(replace(&mut case.events, "event", *event)?)))
            }
            Edit::Link { event_id, link } => {
                if !case.claims.contains_key(&link.claim_id) {
                    return Err(not_found("claim", &link.claim_id));
                }
                let event = case.events.get_mut(&event_id).ok_or_else(|| not_found("event", &event_id))?;
                let claim_id = link.claim_id.clone();
                Ok(match event.upsert_link(link) {
                    Some(old) => Edit::Link { event_id, link: old },
                    None => Edit::Unlink { event_id, claim_id },
                })
            }
            Edit::Unlink { event_id, claim_id } => {
                let event = case.events.get_mut(&event_id).ok_or_else(|| not_found("event", &event_id))?;
                let link = event
                    .remove_link(&claim_id)
                    .ok_or_else(|| not_found("link", format!("{event_id} → {claim_id}")))?;
                Ok(Edit::Link { event_id, link })
            }
            Edit::AddEventType { event_type, index } => {
                if case.taxonomy.get(&event_type.id).is_some() {
                    return Err(duplicate("event type", &event_type.id));
                }
                let id = event_type.id.clone();
                let before = case.taxonomy.validate();
                let at = index.unwrap_or(case.taxonomy.types.len()).min(case.taxonomy.types.len());
                case.taxonomy.types.insert(at, *event_type);
                let introduced = introduced_problems(&case.taxonomy, &before);
                if !introduced.is_empty() {
                    case.taxonomy.types.remove(at);
                    return Err(CaseError::Invalid(introduced.join("; ")));
                }
                Ok(Edit::RemoveEventType(id))
            }
            Edit::RemoveEventType(id) => {
                let at = case.taxonomy.position(&id).ok_or_else(|| not_found("event type", &id))?;
                refuse_in_use(case, "event type", &id, |e| e.type_id == id)?;
                let removed = case.taxonomy.types.remove(at);
                Ok(Edit::AddEventType { event_type: Box::new(removed), index: Some(at) })
            }
            Edit::UpdateEventType(event_type) => {
                let at =
                    case.taxonomy.position(&event_type.id).ok_or_else(|| not_found("event type", &event_type.id))?;
                let id = event_type.id.clone();
                let before = case.taxonomy.validate();
                let old = std::mem::replace(&mut case.taxonomy.types[at], *event_type);
                let mut problems = introduced_problems(&case.taxonomy, &before);
                for event in case.events.values().filter(|e| e.type_id == id) {
                    problems.extend(event_problems(case, event));
                }
                if !problems.is_empty() {
                    case.taxonomy.types[at] = old;
                    problems.truncate(10);
                    return Err(CaseError::Invalid(problems.join("; ")));
                }
                Ok(Edit::UpdateEventType(Box::new(old)))
            }
            Edit::AddMeasurement(measurement) => {
                ensure_absent(&case.measurements, "measurement", &measurement.id)?;
                check_measurement(case, &measurement)?;
                Ok(Edit::RemoveMeasurement(insert_new(&mut case.measurements, "measurement", *measurement)?))
            }
            Edit::RemoveMeasurement(id) => {
                Ok(Edit::AddMeasurement(Box::new(take(&mut case.measurements, "measurement", &id)?)))
            }
            Edit::UpdateMeasurement(measurement) => {
                ensure_present(&case.measurements, "measurement", &measurement.id)?;
                check_measurement(case, &measurement)?;
                Ok(Edit::UpdateMeasurement(Box::new(replace(&mut case.measurements, "measurement", *measurement)?)))
            }
            Edit::ReplaceContent(content) => Ok(Edit::ReplaceContent(Box::new(replace_content(case, *content)))),
            Edit::Adjudicate(event) => {
                if event.adjudication.is_none() {
                    return Err(CaseError::Invalid(format!(
                        "event {} is not an adjudicated event: it records no adjudication",
                        event.id
                    )));
                }
                Edit::AddEvent(event).apply(case)
            }
            // The inverse is the plain batch of inverses: undoing a merge takes its edits back, not the chains.
            Edit::Merge(record) => Edit::Batch(record.edits).apply(case),
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(case) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            // Roll back; an inverse of an edit that just succeeded applies cleanly.
                            while let Some(inverse) = inverses.pop() {
                                if let Err(rollback) = inverse.apply(case) {
                                    return Err(CaseError::Invalid(format!(
                                        "{err}; and rolling back the batch failed: {rollback}"
                                    )));
                                }
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    /// The events this edit adds, removes or changes, or `None` when it changes something else (claims, the
    /// taxonomy, media), which can change how every event is shown. The case's title, description and reviewer
    /// list touch no event: a first edit by a reviewer new to the list (a batch of the edit and the list's update)
    /// still names only the events it changed.
    pub fn touched_events(&self) -> Option<Vec<EventId>> {
        match self {
            Edit::AddEvent(e) | Edit::UpdateEvent(e) | Edit::Adjudicate(e) => Some(vec![e.id.clone()]),
            Edit::RemoveEvent(id) => Some(vec![id.clone()]),
            Edit::SetMeta(_) => Some(Vec::new()),
            Edit::Link { event_id, .. } | Edit::Unlink { event_id, .. } => Some(vec![event_id.clone()]),
            Edit::Batch(edits) => {
                let mut ids = Vec::new();
                for edit in edits {
                    ids.extend(edit.touched_events()?);
                }
                ids.sort();
                ids.dedup();
                Some(ids)
            }
            _ => None,
        }
    }

    /// A short machine-readable action name for the audit log.
    pub fn action(&self) -> &'static str {
        match self {
            Edit::SetMeta(_) => "set_meta",
            Edit::AddMedia(_) => "add_media",
            Edit::RemoveMedia(_) => "remove_media",
            Edit::UpdateMedia(_) => "update_media",
            Edit::AddClaim(_) => "add_claim",
            Edit::RemoveClaim(_) => "remove_claim",
            Edit::UpdateClaim(_) => "update_claim",
            Edit::AddEvent(_) => "add_event",
            Edit::RemoveEvent(_) => "remove_event",
            Edit::UpdateEvent(_) => "update_event",
            Edit::Link { .. } => "link",
            Edit::Unlink { .. } => "unlink",
            Edit::AddEventType { .. } => "add_event_type",
            Edit::RemoveEventType(_) => "remove_event_type",
            Edit::UpdateEventType(_) => "update_event_type",
            Edit::AddMeasurement(_) => "add_measurement",
            Edit::RemoveMeasurement(_) => "remove_measurement",
            Edit::UpdateMeasurement(_) => "update_measurement",
            Edit::Batch(_) => "batch",
            Edit::ReplaceContent(_) => "replace_content",
            Edit::Adjudicate(_) => "adjudicate",
            Edit::Merge(_) => "merge_case",
        }
    }

    /// A one-line human summary for the audit log.
    pub fn details(&self) -> String {
        match self {
            Edit::SetMeta(meta) => format!("title {:?}, {} reviewer(s)", meta.title, meta.reviewers.len()),
            Edit::AddMedia(m) | Edit::UpdateMedia(m) => {
                format!("media {} {} sha256 {}", m.id, m.path_relative.display(), m.sha256)
            }
            Edit::RemoveMedia(id) => format!("media {id}"),
            Edit::AddClaim(c) | Edit::UpdateClaim(c) => format!("claim {} {:?}", c.id, c.title),
            Edit::RemoveClaim(id) => format!("claim {id}"),
            Edit::AddEvent(e) | Edit::UpdateEvent(e) => {
                let end = e.end.map(|p| format!("..{}", p.frame)).unwrap_or_default();
                format!("event {} {} on {} frame {}{end}", e.id, e.type_id, e.media_id, e.start.frame)
            }
            Edit::RemoveEvent(id) => format!("event {id}"),
            Edit::Link { event_id, link } => {
                format!("event {event_id} {} claim {}", link.stance, link.claim_id)
            }
            Edit::Unlink { event_id, claim_id } => {
                format!("event {event_id} from claim {claim_id}")
            }
            Edit::AddEventType { event_type, .. } | Edit::UpdateEventType(event_type) => {
                format!("event type {} hotkey {:?}", event_type.id, event_type.hotkey)
            }
            Edit::RemoveEventType(id) => format!("event type {id}"),
            Edit::AddMeasurement(m) | Edit::UpdateMeasurement(m) => {
                let on: Vec<String> = m
                    .media
                    .iter()
                    .map(|mm| {
                        let frames: Vec<String> = mm.marks.iter().map(|k| k.at.frame.to_string()).collect();
                        format!("{} frames {}", mm.media_id, frames.join(","))
                    })
                    .collect();
                format!("measurement {} on {}, {} distance(s)", m.id, on.join("; "), m.distances.len())
            }
            Edit::RemoveMeasurement(id) => format!("measurement {id}"),
            Edit::ReplaceContent(c) => format!(
                "title {:?}: {} media, {} claim(s), {} event type(s), {} event(s)",
                c.meta.title,
                c.media.len(),
                c.claims.len(),
                c.taxonomy.types.len(),
                c.events.len()
            ),
            Edit::Batch(edits) => {
                let parts: Vec<String> = edits.iter().map(|e| format!("{} {}", e.action(), e.details())).collect();
                format!("{} edit(s): {}", edits.len(), parts.join("; "))
            }
            Edit::Adjudicate(e) => match &e.adjudication {
                Some(a) => {
                    let over: Vec<&str> = a.supersedes.iter().map(|id| id.as_str()).collect();
                    format!("event {} {} over {} by {}: {}", e.id, a.kind, over.join(", "), a.adjudicator, a.reason)
                }
                None => format!("event {} (no adjudication)", e.id),
            },
            Edit::Merge(record) => {
                let heads: Vec<String> = record
                    .chains
                    .iter()
                    .map(|c| {
                        format!(
                            "{}'s copy {} head {} ({} entries)",
                            c.reviewer,
                            c.fork_id,
                            c.head_hash(),
                            c.head_entry_count()
                        )
                    })
                    .collect();
                format!("joins {}; {} edit(s)", heads.join(", "), record.edits.len())
            }
        }
    }
}
