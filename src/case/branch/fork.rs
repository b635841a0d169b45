//! `case fork`: a reviewer's working copy for a blind pass. The copy has the source's media, claims, taxonomy and
//! whole log (so it verifies from the source's creation, and a merge can find its fork point in the source by hash),
//! but only some of its events: the reviewer's own, plus any chosen to share (and only the reviewer's own
//! measurements, on kept events; a merge brings them back like events). One fork entry
//! (`FORK_ACTION`) records the fork origin in the copy's metadata and removes the other events; it is the first entry
//! after the fork point, and the copy's content right after it is what the copy started from — the base a merge
//! compares the copy against to tell new from changed.
//!
//! Signatures: the source's signatures come along (they cover heads of the shared prefix and still verify there);
//! the copy's head is signed with the reviewer's key when the copy is first saved, and at every save after, so the
//! chain a merge later keeps says, key by key, who coded what in the copy.

use crate::case::check::content_check::content_problems;
use crate::case::edit::history::{apply_recorded, EditContext, FORK_ACTION};
use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;
use crate::case::model::edit::Edit;
use crate::case::model::fork::ForkOrigin;
use crate::case::model::ids::{fresh_id, EventId};
use crate::case::model::merge::fork_chains;
use crate::case::CaseError;
use std::collections::BTreeSet;

/// A working copy of `source` for `ctx.reviewer`: their own events and `shared`, nothing else of others'. The fork
/// entry is recorded under the reviewer's name. Refused when the source's log does not hold (a copy of a broken
/// chain could never be merged back) or a shared id is not in the source.
pub fn fork_case(source: &Case, shared: &[EventId], ctx: EditContext<'_>) -> Result<Case, CaseError> {
    let reviewer = ctx.reviewer.trim();
    if reviewer.is_empty() {
        return Err(CaseError::Invalid("a working copy is for a named reviewer: give --reviewer".into()));
    }
    let broken: Vec<String> =
        source.audit.verify().iter().map(ToString::to_string).chain(content_problems(source)).collect();
    if !broken.is_empty() {
        return Err(CaseError::Invalid(format!(
            "not forked: the case's log does not hold, so a copy could not be merged back: {}",
            broken.join("; ")
        )));
    }
    if let Some(missing) = shared.iter().find(|id| !source.events.contains_key(id)) {
        return Err(CaseError::NotFound { kind: "event", id: missing.to_string() });
    }
    let keep: BTreeSet<&EventId> =
        source.events.values().filter(|e| e.reviewer == reviewer).map(|e| &e.id).chain(shared).collect();
    let joined = fork_chains(&source.audit);
    let origin = ForkOrigin {
        fork_id: fresh_id("f", |id| joined.contains_key(id)),
        reviewer: reviewer.to_owned(),
        parent_entry_count: source.audit.len() as u64,
        parent_head_hash: source.audit.head_hash().to_owned(),
        parent_content_sha256: content_sha256(source),
        shared_events: keep.iter().map(|id| (*id).clone()).collect(),
    };
    let mut meta = source.meta.clone();
    meta.fork = Some(origin);
    if !meta.reviewers.iter().any(|r| r == reviewer) {
        meta.reviewers.push(reviewer.to_owned());
    }
    // Adjudicated events go first, so no event is removed while one that supersedes it is still there.
    let mut dropped: Vec<&crate::case::Event> = source.events.values().filter(|e| !keep.contains(&e.id)).collect();
    dropped.sort_by_key(|e| (e.adjudication.is_none(), &e.id));
    let mut edits = vec![Edit::SetMeta(meta)];
    // Others' measurements go too (a blind copy), and any that names an event the copy drops, before that event.
    let measured = source
        .measurements
        .values()
        .filter(|m| m.reviewer != reviewer || m.events.iter().any(|e| dropped.iter().any(|d| &d.id == e)));
    edits.extend(measured.map(|m| Edit::RemoveMeasurement(m.id.clone())));
    edits.extend(dropped.iter().map(|e| Edit::RemoveEvent(e.id.clone())));
    let mut copy = source.clone();
    apply_recorded(&mut copy, Edit::Batch(edits), EditContext { reviewer, clock: ctx.clock }, FORK_ACTION)?;
    Ok(copy)
}
