//! Consistency rules shared by edits (which refuse to break them) and `verify` (which reports files
//! that break them, e.g. after a hand edit): references, modifier values, point/interval shape, and an adjudicated
//! event's record (a reason, an adjudicator, superseded events that exist, none superseded twice).

use crate::case::model::case::Case;
use crate::case::model::event::Event;
use crate::case::model::taxonomy::EventKind;

/// Everything wrong with `event` in the context of `case`; empty when consistent.
pub fn event_problems(case: &Case, event: &Event) -> Vec<String> {
    let mut problems = Vec::new();
    let id = &event.id;
    if let Err(bad) = crate::case::model::case::check_event_ids(event) {
        problems.push(format!("event {id}: {bad}"));
    }
    if !case.media.contains_key(&event.media_id) {
        problems.push(format!("event {id}: media {} does not exist", event.media_id));
    }
    match case.taxonomy.get(&event.type_id) {
        None => problems.push(format!("event {id}: event type {} does not exist", event.type_id)),
        Some(ty) => {
            match (ty.kind, &event.end) {
                (EventKind::Interval, None) => {
                    problems.push(format!("event {id}: {} is an interval type but the event has no end", ty.id))
                }
                (EventKind::Point, Some(_)) => {
                    problems.push(format!("event {id}: {} is a point type but the event has an end", ty.id))
                }
                _ => {}
            }
            for (modifier_id, value) in &event.modifiers {
                match ty.modifiers.iter().find(|m| &m.id == modifier_id) {
                    None => problems.push(format!("event {id}: {} has no modifier {modifier_id:?}", ty.id)),
                    Some(m) if !m.allowed_values.contains(value) => problems.push(format!(
                        "event {id}: {value:?} is not an allowed value of modifier {modifier_id:?} (allowed: {})",
                        m.allowed_values.join(", ")
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    if let Err(problem) = crate::case::model::case::check_event_numbers(event) {
        problems.push(problem);
    }
    if let Some(end) = &event.end {
        if end.frame < event.start.frame || end.pts_ticks < event.start.pts_ticks {
            problems
                .push(format!("event {id}: ends (frame {}) before it starts (frame {})", end.frame, event.start.frame));
        }
    }
    for link in &event.links {
        if !case.claims.contains_key(&link.claim_id) {
            problems.push(format!("event {id}: linked claim {} does not exist", link.claim_id));
        }
    }
    if event.links.windows(2).any(|w| w[0].claim_id >= w[1].claim_id) {
        problems.push(format!("event {id}: links are duplicated or not sorted by claim id"));
    }
    adjudication_problems(case, event, &mut problems);
    problems
}

fn adjudication_problems(case: &Case, event: &Event, problems: &mut Vec<String>) {
    let Some(adjudication) = &event.adjudication else { return };
    let id = &event.id;
    if adjudication.reason.trim().is_empty() {
        problems.push(format!("event {id}: an adjudication needs a reason"));
    }
    if adjudication.adjudicator.trim().is_empty() {
        problems.push(format!("event {id}: an adjudication needs the adjudicator's name"));
    }
    if adjudication.supersedes.is_empty() {
        problems.push(format!("event {id}: an adjudication must supersede at least one reviewer's event"));
    }
    if adjudication.supersedes.windows(2).any(|w| w[0] >= w[1]) {
        problems.push(format!("event {id}: superseded events are duplicated or not sorted"));
    }
    if let Some(accepted) = &adjudication.accepted {
        if !adjudication.supersedes.contains(accepted) {
            problems.push(format!("event {id}: accepts {accepted}, which it does not supersede"));
        }
    }
    for old in &adjudication.supersedes {
        if old == id {
            problems.push(format!("event {id}: supersedes itself"));
            continue;
        }
        if !case.events.contains_key(old) {
            problems.push(format!("event {id}: supersedes event {old}, which does not exist"));
        }
        let others = case.events.values().filter(|e| &e.id != id);
        if let Some(other) =
            others.filter_map(|e| Some((e, e.adjudication.as_ref()?))).find(|(_, a)| a.supersedes.contains(old))
        {
            problems.push(format!("event {id}: event {old} is already superseded by {}", other.0.id));
        }
    }
}
