//! Links (an event's or a measurement's) name who made them. A new edit (not an undo or a redo, which restore exactly) that brings a link naming no
//! reviewer gets the editing reviewer's name on it before it is applied and recorded, so the log, the journal and the
//! file all carry it. A link an event already has keeps its reviewer, even an empty one from an older file (read
//! through `ClaimLink::reviewer_of`), so editing an old event's note never re-attributes its links.
//! The case's reviewer list names everyone who edits it: an edit signed by a name the list lacks carries the
//! list's update with it (one batch, so one audit entry, one journal record and one undo).

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

/// `edit`, made to add `reviewer` to the case's reviewer list when the list lacks that name: a `SetMeta` gets the
/// name itself; anything else becomes a batch of the edit and the list's update. Unchanged when the name is listed,
/// blank, or the edit replaces the whole content or meta in ways a second update would undo (content replacement,
/// merges, batches that set the meta).
pub fn with_reviewer_listed(case: &Case, edit: Edit, reviewer: &str) -> Edit {
    let name = reviewer.trim();
    if name.is_empty() || case.meta.reviewers.iter().any(|r| r.trim() == name) {
        return edit;
    }
    let sets_meta = |e: &Edit| matches!(e, Edit::SetMeta(_) | Edit::ReplaceContent(_) | Edit::Merge(_));
    match edit {
        Edit::SetMeta(mut meta) => {
            if !meta.reviewers.iter().any(|r| r.trim() == name) {
                meta.reviewers.push(name.to_owned());
            }
            Edit::SetMeta(meta)
        }
        edit if sets_meta(&edit) => edit,
        Edit::Batch(parts) if parts.iter().any(sets_meta) => Edit::Batch(parts),
        edit => {
            let mut meta = case.meta.clone();
            meta.reviewers.push(name.to_owned());
            Edit::Batch(vec![edit, Edit::SetMeta(meta)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::model::ids::EventId;

    #[test]
    fn an_unlisted_reviewer_is_listed_by_the_same_edit_and_undone_with_it() {
        let mut case = Case::new("t");
        case.meta.reviewers = vec!["Ana".into()];
        let remove = Edit::RemoveEvent(EventId::from("e-1"));
        assert_eq!(with_reviewer_listed(&case, remove.clone(), "Ana"), remove);
        assert_eq!(with_reviewer_listed(&case, remove.clone(), "  "), remove);
        let Edit::Batch(parts) = with_reviewer_listed(&case, remove.clone(), " Bo ") else { panic!("not a batch") };
        assert_eq!(parts[0], remove);
        let Edit::SetMeta(meta) = &parts[1] else { panic!("no meta update") };
        assert_eq!(meta.reviewers, ["Ana", "Bo"]);
        let mut retitled = case.meta.clone();
        retitled.title = "new".into();
        let Edit::SetMeta(meta) = with_reviewer_listed(&case, Edit::SetMeta(retitled), "Bo") else { panic!("changed") };
        assert_eq!((meta.title.as_str(), meta.reviewers), ("new", vec!["Ana".to_owned(), "Bo".to_owned()]));

        let claim = crate::case::model::claim::Claim { id: "c-1".into(), quote: "q".into(), ..Default::default() };
        let add = with_reviewer_listed(&case, Edit::AddClaim(Box::new(claim)), "Bo");
        let Ok(inverse) = add.apply(&mut case) else { panic!("refused") };
        assert_eq!((case.meta.reviewers.len(), case.claims.len()), (2, 1));
        let Ok(_) = inverse.apply(&mut case) else { panic!("undo refused") };
        assert_eq!((case.meta.reviewers, case.claims.len()), (vec!["Ana".to_owned()], 0));
    }

    #[test]
    fn listing_the_reviewer_touches_no_other_event_so_the_panels_patch_their_caches() {
        let mut case = Case::new("t");
        case.meta.reviewers = vec!["Ana".into()];
        let remove = Edit::RemoveEvent(EventId::from("e-1"));
        let listed = with_reviewer_listed(&case, remove, "Bo");
        assert!(matches!(&listed, Edit::Batch(parts) if parts.len() == 2), "{listed:?}");
        assert_eq!(listed.touched_events(), Some(vec![EventId::from("e-1")]));
        let claim = crate::case::model::claim::Claim { id: "c-1".into(), quote: "q".into(), ..Default::default() };
        let with_claim = with_reviewer_listed(&case, Edit::AddClaim(Box::new(claim)), "Bo");
        assert_eq!(with_claim.touched_events(), None, "a new claim can change how every event is shown");
    }
}
