//! Links (an event's or a measurement's) name who made them. A new edit (not an undo or a redo, which restore exactly) that brings a link naming no
//! reviewer gets the editing reviewer's name on it before it is applied and recorded, so the log, the journal and the
//! file all carry it. A link an event already has keeps its reviewer, even an empty one from an older file (read
//! through `ClaimLink::reviewer_of`), so editing an old event's note never re-attributes its links.

use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::model::event::{ClaimLink, Event};

/// Names `reviewer` on every new link of `edit` that names no one.
pub fn stamp_link_reviewers(case: &Case, edit: &mut Edit, reviewer: &str) {
    match edit {
        Edit::Link { event_id, link } => {
            let existing = case.events.get(event_id).and_then(|e| e.links.iter().find(|l| l.claim_id == link.claim_id));
            stamp(link, existing, reviewer);
        }
        Edit::AddEvent(event) | Edit::Adjudicate(event) => {
            let by = if event.reviewer.is_empty() { reviewer.to_owned() } else { event.reviewer.clone() };
            event.links.iter_mut().for_each(|link| stamp(link, None, &by));
        }
        Edit::UpdateEvent(event) => {
            let old = case.events.get(&event.id);
            stamp_event_links(event, old, reviewer);
        }
        Edit::AddMeasurement(m) => {
            let by = if m.reviewer.is_empty() { reviewer.to_owned() } else { m.reviewer.clone() };
            m.links.iter_mut().for_each(|link| stamp(link, None, &by));
        }
        Edit::UpdateMeasurement(m) => {
            let old = case.measurements.get(&m.id);
            for link in &mut m.links {
                let existing = old.and_then(|o| o.links.iter().find(|l| l.claim_id == link.claim_id));
                stamp(link, existing, reviewer);
            }
        }
        Edit::Batch(edits) => edits.iter_mut().for_each(|e| stamp_link_reviewers(case, e, reviewer)),
        _ => {}
    }
}

fn stamp_event_links(event: &mut Event, old: Option<&Event>, reviewer: &str) {
    for link in &mut event.links {
        let existing = old.and_then(|o| o.links.iter().find(|l| l.claim_id == link.claim_id));
        stamp(link, existing, reviewer);
    }
}

/// An unchanged link keeps the reviewer it had; a new or changed one without a name gets `reviewer`.
fn stamp(link: &mut ClaimLink, existing: Option<&ClaimLink>, reviewer: &str) {
    if !link.reviewer.is_empty() {
        return;
    }
    match existing {
        Some(old) if old.stance == link.stance && old.rationale == link.rationale => {
            link.reviewer = old.reviewer.clone()
        }
        _ => link.reviewer = reviewer.to_owned(),
    }
}
