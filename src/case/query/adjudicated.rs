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

/// Which events an export or a report shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CodingSet {
    /// The adjudicated set (the default): every event no adjudicated event supersedes.
    #[default]
    Adjudicated,
    /// Every event of every reviewer, superseded ones included, and the adjudicated ones.
    Everything,
    /// The events one reviewer coded.
    Reviewer(String),
}

impl CodingSet {
    /// `adjudicated`, `all`, or `reviewer:NAME`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "adjudicated" => Ok(CodingSet::Adjudicated),
            "all" => Ok(CodingSet::Everything),
            other => match other.strip_prefix("reviewer:").map(str::trim) {
                Some(name) if !name.is_empty() => Ok(CodingSet::Reviewer(name.to_owned())),
                _ => Err(format!("{other:?} is not a coding set: say adjudicated, all, or reviewer:NAME")),
            },
        }
    }

    /// The case with only this set's events (everything else as it is, audit log included), and the set in words.
    pub fn select(&self, case: &Case) -> (Case, String) {
        let keep: std::collections::BTreeSet<EventId> = match self {
            CodingSet::Adjudicated => adjudicated_set(case).into_iter().map(|e| e.id.clone()).collect(),
            CodingSet::Everything => case.events.keys().cloned().collect(),
            CodingSet::Reviewer(name) => reviewer_set(case, name).into_iter().map(|e| e.id.clone()).collect(),
        };
        let left_out = case.events.len() - keep.len();
        let words = match self {
            CodingSet::Adjudicated if left_out == 0 => {
                format!("all {} events (none superseded by an adjudication)", keep.len())
            }
            CodingSet::Adjudicated => format!(
                "the adjudicated set: {} events; {left_out} reviewers' events superseded by an adjudication are not \
                 shown (they stay in the case; export with --set all to see them)",
                keep.len()
            ),
            CodingSet::Everything => format!("every event of every reviewer, superseded ones included: {}", keep.len()),
            CodingSet::Reviewer(name) => {
                format!("the {} events {name} coded; the {left_out} others are not shown", keep.len())
            }
        };
        let mut selected = case.clone();
        selected.events.retain(|id, _| keep.contains(id));
        (selected, words)
    }
}
