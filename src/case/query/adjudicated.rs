//! The adjudicated coding set: what exports and reports use by default. It is every event no adjudicated event
//! supersedes — the adjudicator's events, and the reviewers' events nobody had to settle. A case without
//! adjudications is its own adjudicated set. The reviewers' own sets are the events each of them coded
//! (`Event::reviewer`), adjudicated or not.

use crate::case::model::case::Case;
use crate::case::model::event::Event;
use crate::case::model::ids::EventId;
use std::collections::BTreeMap;

/// Superseded event → the adjudicated event that supersedes it.
pub fn superseded_by(case: &Case) -> BTreeMap<&EventId, &EventId> {
    let mut map = BTreeMap::new();
    for event in case.events.values() {
        for old in event.adjudication.iter().flat_map(|a| a.supersedes.iter()) {
            map.insert(old, &event.id);
        }
    }
    map
}

/// The events of the adjudicated set, in id order.
pub fn adjudicated_set(case: &Case) -> Vec<&Event> {
    let superseded = superseded_by(case);
    case.events.values().filter(|e| !superseded.contains_key(&e.id)).collect()
}

/// The events `reviewer` coded, in id order (adjudicated events are the adjudicator's).
pub fn reviewer_set<'a>(case: &'a Case, reviewer: &str) -> Vec<&'a Event> {
    case.events.values().filter(|e| e.reviewer == reviewer).collect()
}
