//! The adjudicator's three moves, as edits the window (or any caller) sends: **accept** one reviewer's event,
//! **merge** several into one, or **recode** — a new event of the adjudicator's own. Each makes one
//! `Edit::Adjudicate`: a new event (new id, the adjudicator as its reviewer) carrying an `Adjudication` that names the
//! events it supersedes and the reason. It is audited and undone like any edit; the reviewers' events are never
//! changed, so their own sets stay as they coded them.

use crate::case::edit::rules::event_problems;
use crate::case::model::adjudication::{Adjudication, AdjudicationKind};
use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::model::event::{ClaimLink, Event};
use crate::case::model::ids::EventId;
use crate::case::CaseError;

/// Who decides, why, and when (RFC 3339 UTC).
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub adjudicator: &'a str,
    pub reason: &'a str,
    pub decided_utc: &'a str,
}

/// Accepts `accepted` as it was coded, in place of itself and of `over` (the events it competed with).
pub fn accept(case: &Case, accepted: &EventId, over: &[EventId], decision: Decision<'_>) -> Result<Edit, CaseError> {
    let event = find(case, accepted)?.clone();
    let mut supersedes = over.to_vec();
    supersedes.push(accepted.clone());
    adjudicated(case, event, AdjudicationKind::Accepted, Some(accepted.clone()), supersedes, decision)
}

/// Merges `merged` (at least two events on one media file) into one: the first event's type, modifiers and values;
/// for an interval type the span from the earliest start to the latest end, for a point type the earliest frame;
/// every event's links (the first link to a claim wins); their distinct notes joined with " / ".
pub fn merge_events(case: &Case, merged: &[EventId], decision: Decision<'_>) -> Result<Edit, CaseError> {
    let events = merged.iter().map(|id| find(case, id)).collect::<Result<Vec<_>, _>>()?;
    let [first, rest @ ..] = events.as_slice() else {
        return Err(CaseError::Invalid("merging needs at least two events".into()));
    };
    if rest.is_empty() {
        return Err(CaseError::Invalid("merging needs at least two events; to take one as it is, accept it".into()));
    }
    if let Some(other) = rest.iter().find(|e| e.media_id != first.media_id) {
        return Err(CaseError::Invalid(format!(
            "events {} and {} are on different media ({} and {}): only events on one file can be merged",
            first.id, other.id, first.media_id, other.media_id
        )));
    }
    let mut event = (*first).clone();
    let earliest = events.iter().map(|e| e.start).min_by_key(|p| p.frame).unwrap_or(first.start);
    event.start = earliest;
    if first.end.is_some() {
        event.end = events.iter().map(|e| e.end.unwrap_or(e.start)).max_by_key(|p| p.frame);
    }
    for link in rest.iter().flat_map(|e| e.links.iter()) {
        if !event.links.iter().any(|l| l.claim_id == link.claim_id) {
            event.upsert_link(link.clone());
        }
    }
    let mut notes: Vec<&str> = Vec::new();
    for note in events.iter().map(|e| e.note.trim()).filter(|n| !n.is_empty()) {
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    event.note = notes.join(" / ");
    adjudicated(case, event, AdjudicationKind::Merged, None, merged.to_vec(), decision)
}

/// Puts `event` (coded by the adjudicator; its id is replaced by a new one) in place of `supersedes`.
pub fn recode(case: &Case, event: Event, supersedes: &[EventId], decision: Decision<'_>) -> Result<Edit, CaseError> {
    adjudicated(case, event, AdjudicationKind::Recoded, None, supersedes.to_vec(), decision)
}

fn find<'a>(case: &'a Case, id: &EventId) -> Result<&'a Event, CaseError> {
    case.events.get(id).ok_or_else(|| CaseError::NotFound { kind: "event", id: id.to_string() })
}

/// The one rule all three moves share: a new id, the adjudicator as reviewer and time stamps, the record, and the
/// event rules checked before anything is sent.
fn adjudicated(
    case: &Case,
    mut event: Event,
    kind: AdjudicationKind,
    accepted: Option<EventId>,
    mut supersedes: Vec<EventId>,
    decision: Decision<'_>,
) -> Result<Edit, CaseError> {
    supersedes.sort();
    supersedes.dedup();
    event.id = case.new_event_id();
    event.reviewer = decision.adjudicator.to_owned();
    event.created_utc = decision.decided_utc.to_owned();
    event.modified_utc = decision.decided_utc.to_owned();
    for link in &mut event.links {
        stamp_if_unnamed(link, decision.adjudicator);
    }
    event.adjudication = Some(Adjudication {
        kind,
        supersedes,
        accepted,
        reason: decision.reason.trim().to_owned(),
        adjudicator: decision.adjudicator.to_owned(),
        decided_utc: decision.decided_utc.to_owned(),
    });
    let problems = event_problems(case, &event);
    if !problems.is_empty() {
        return Err(CaseError::Invalid(problems.join("; ")));
    }
    Ok(Edit::Adjudicate(Box::new(event)))
}

fn stamp_if_unnamed(link: &mut ClaimLink, adjudicator: &str) {
    if link.reviewer.is_empty() {
        link.reviewer = adjudicator.to_owned();
    }
}
