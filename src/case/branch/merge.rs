//! `case merge`: bringing reviewers' working copies back into the case they were forked from.
//!
//! For each copy, in the order given: it must be a fork (`CaseMeta::fork`), verify on its own (chain, content,
//! signatures, its head signed), and its fork point must be in this case's log (same entry count and hash). What it
//! started from is its content right after its fork entry (the log replayed that far); each event, claim, event type
//! and measurement is compared three ways against it (`three_way`): new in the copy → added; changed only in the copy →
//! updated; removed only in the copy → removed; changed differently on both sides → a [`Conflict`], left as the case
//! has it, listed, and listed again at every later merge of that copy until it is settled (the two sides made equal,
//! or, for an event, an adjudicated event superseding it). Media the copy added come too; a copy's media paths and
//! checks are its own machine's and do not. The copy's reviewer joins the case's reviewers.
//!
//! Everything brought, for all copies at once, is one `Edit::Merge`: its edits, and each copy's audit chain after
//! what this case already holds of it, naming the copy's head. Merging a copy whose head is already joined and whose
//! work is already here yields no edit at all: merging the same copy twice changes nothing.

use crate::case::branch::three_way::{three_way, ConflictKind, ItemMerge};
use crate::case::check::verify::verify_case;
use crate::case::edit::history::FORK_ACTION;
use crate::case::edit::replay::replay;
use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::model::fork::ForkOrigin;
use crate::case::model::merge::{fork_chains, MergeRecord, MergedChain};
use crate::case::query::adjudicated::superseded_by;
use crate::case::CaseError;
use serde::Serialize;
use std::collections::BTreeMap;

/// One thing left for adjudication.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub reviewer: String,
    pub fork_id: String,
    /// "event", "claim" or "event type".
    pub item: &'static str,
    pub id: String,
    pub kind: ConflictKind,
    /// The fields that differ between the case and the copy, with both values, or why the change cannot apply.
    pub detail: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (item, id, who) = (self.item, &self.id, &self.reviewer);
        let what = match self.kind {
            ConflictKind::ChangedInBoth => {
                format!("{item} {id} was changed both here and in {who}'s copy since the fork")
            }
            ConflictKind::AddedInBoth => {
                format!("{item} {id} is new in {who}'s copy, and this case has a different one")
            }
            ConflictKind::ChangedThereRemovedHere => {
                format!("{item} {id} was changed in {who}'s copy but removed here")
            }
            ConflictKind::RemovedThereChangedHere => {
                format!("{item} {id} was removed in {who}'s copy but changed here")
            }
            ConflictKind::CannotApply => format!("{item} {id} from {who}'s copy cannot be brought"),
        };
        write!(f, "{what}: {}; left as it is here, for adjudication", self.detail)
    }
}

/// What a merge did with one copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CopyMerged {
    pub reviewer: String,
    pub fork_id: String,
    pub head_hash: String,
    pub head_entry_count: u64,
    /// The copy's head was already joined to this case before this merge.
    pub already_joined: bool,
    /// "added event e-…", "updated event type brake-check", … in order.
    pub brought: Vec<String>,
}

/// The result of a merge: the edit to apply (none when nothing changes), per copy what it brings, and every conflict.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MergePlan {
    pub edit: Option<Edit>,
    pub copies: Vec<CopyMerged>,
    pub conflicts: Vec<Conflict>,
}

/// Plans the merge of `copies` into `case` (nothing is changed; apply `plan.edit` as an audited edit).
pub fn merge_copies(case: &Case, copies: &[&Case]) -> Result<MergePlan, CaseError> {
    let mut plan = MergePlan::default();
    let mut work = case.clone();
    let mut edits = Vec::new();
    let mut chains = Vec::new();
    let joined = fork_chains(&case.audit);
    for (i, copy) in copies.iter().enumerate() {
        let origin = check_copy(case, copy)?;
        if copies[..i].iter().any(|c| c.meta.fork.as_ref().is_some_and(|o| o.fork_id == origin.fork_id)) {
            return Err(CaseError::Invalid(format!("{}'s copy {} is given twice", origin.reviewer, origin.fork_id)));
        }
        let segment = segment_for(copy, origin, joined.get(&origin.fork_id).map(|c| c.entries.as_slice()))?;
        let before = edits.len();
        let mut report = CopyMerged {
            reviewer: origin.reviewer.clone(),
            fork_id: origin.fork_id.clone(),
            head_hash: copy.audit.head_hash().to_owned(),
            head_entry_count: copy.audit.len() as u64,
            already_joined: segment.as_ref().is_some_and(|s| s.entries.is_empty()),
            brought: Vec::new(),
        };
        let base = base_of(copy, origin)?;
        let mut merger = Merger { work: &mut work, edits: &mut edits, origin, plan_conflicts: &mut plan.conflicts };
        merger.bring(&base, copy, &mut report.brought);
        let brought_edits = edits.len() > before;
        if let Some(segment) = segment {
            if brought_edits || !segment.entries.is_empty() {
                chains.push(segment);
            }
        }
        plan.copies.push(report);
    }
    if !chains.is_empty() || !edits.is_empty() {
        plan.edit = Some(Edit::Merge(Box::new(MergeRecord { chains, edits })));
    }
    Ok(plan)
}

/// The copy's fork origin, once the copy is known to verify and to have been forked from this case.
fn check_copy<'a>(case: &Case, copy: &'a Case) -> Result<&'a ForkOrigin, CaseError> {
    let Some(origin) = copy.meta.fork.as_ref() else {
        return Err(CaseError::Invalid(format!(
            "{:?} is not a reviewer's working copy (it records no fork; make one with `case fork`)",
            copy.meta.title
        )));
    };
    let who = format!("{}'s copy {}", origin.reviewer, origin.fork_id);
    let report = verify_case::<String>(copy, std::path::Path::new("."), None);
    let mut problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    problems.extend(report.signatures.unsigned_head);
    if !problems.is_empty() {
        return Err(CaseError::Invalid(format!("not merged: {who} does not verify: {}", problems.join("; "))));
    }
    let at = usize::try_from(origin.parent_entry_count).unwrap_or(usize::MAX);
    let point = |c: &Case| at.checked_sub(1).and_then(|i| c.audit.entries().get(i)).map(|e| e.hash.clone());
    if point(case).as_deref() != Some(origin.parent_head_hash.as_str())
        || point(copy).as_deref() != Some(origin.parent_head_hash.as_str())
    {
        return Err(CaseError::Invalid(format!(
            "not merged: {who} was forked from a log whose entry {at} is {}, which this case's log does not have: it \
             was not forked from this case",
            origin.parent_head_hash
        )));
    }
    let fork_entry = copy.audit.entries().get(at);
    if fork_entry.is_none_or(|e| e.action != FORK_ACTION) {
        return Err(CaseError::Invalid(format!("not merged: {who} has no fork entry right after its fork point")));
    }
    Ok(origin)
}

/// The copy's entries this case does not hold yet, after what `joined` (the copy's chain as already merged) has.
fn segment_for(
    copy: &Case,
    origin: &ForkOrigin,
    joined: Option<&[crate::case::AuditEntry]>,
) -> Result<Option<MergedChain>, CaseError> {
    let entries = copy.audit.entries();
    let from = joined.map_or(origin.parent_entry_count as usize, <[_]>::len);
    let who = format!("{}'s copy {}", origin.reviewer, origin.fork_id);
    if let Some(joined) = joined {
        let common = joined.len().min(entries.len());
        if joined.get(..common).map(|j| j.iter().map(|e| &e.hash).collect::<Vec<_>>())
            != entries.get(..common).map(|c| c.iter().map(|e| &e.hash).collect::<Vec<_>>())
        {
            return Err(CaseError::Invalid(format!(
                "not merged: {who}'s log does not continue the one merged before: its history was rewritten"
            )));
        }
        if entries.len() < joined.len() {
            return Ok(None); // an older state of a copy merged since: nothing of it is new
        }
    }
    let Some(after) = from.checked_sub(1).and_then(|i| entries.get(i)) else {
        return Err(CaseError::Invalid(format!("not merged: {who} has no entries before its fork entry")));
    };
    let kept = entries.get(from..).unwrap_or_default().to_vec();
    Ok(Some(MergedChain {
        fork_id: origin.fork_id.clone(),
        reviewer: origin.reviewer.clone(),
        after_entry_count: from as u64,
        after_hash: after.hash.clone(),
        entries: kept,
        signatures: copy.signatures.iter().filter(|s| s.entry_count > from as u64).cloned().collect(),
    }))
}

/// The copy's content right after its fork entry: what it started from.
fn base_of(copy: &Case, origin: &ForkOrigin) -> Result<Case, CaseError> {
    let through = origin.parent_entry_count as usize + 1;
    let entries = copy.audit.entries().get(..through).unwrap_or_default();
    replay(entries).map_err(|why| {
        CaseError::Invalid(format!("not merged: what {}'s copy started from cannot be rebuilt: {why}", origin.reviewer))
    })
}

/// Brings one copy's work into `work`, recording each applied edit and each conflict.
struct Merger<'a> {
    work: &'a mut Case,
    edits: &'a mut Vec<Edit>,
    origin: &'a ForkOrigin,
    plan_conflicts: &'a mut Vec<Conflict>,
}

impl Merger<'_> {
    fn bring(&mut self, base: &Case, copy: &Case, brought: &mut Vec<String>) {
        let types = |c: &Case| c.taxonomy.types.iter().map(|t| (t.id.clone(), t.clone())).collect::<BTreeMap<_, _>>();
        let ours_types = types(self.work);
        let type_merges = three_way(&types(base), &types(copy), &ours_types);
        let claim_merges = three_way(&base.claims, &copy.claims, &self.work.claims.clone());
        let event_merges = three_way(&base.events, &copy.events, &self.work.events.clone());
        let measurement_merges = three_way(&base.measurements, &copy.measurements, &self.work.measurements.clone());
        let mut removals = Vec::new();
        for (id, m) in type_merges {
            let edit = match &m {
                ItemMerge::Add(t) => Some(Edit::AddEventType { event_type: Box::new(t.clone()), index: None }),
                ItemMerge::Update(t) => Some(Edit::UpdateEventType(Box::new(t.clone()))),
                ItemMerge::Remove => Some(Edit::RemoveEventType(id.clone())),
                ItemMerge::Conflict { .. } => None,
            };
            self.handle("event type", id.as_str(), m, edit, &mut removals, brought);
        }
        for (id, m) in claim_merges {
            let edit = match &m {
                ItemMerge::Add(c) => Some(Edit::AddClaim(Box::new(c.clone()))),
                ItemMerge::Update(c) => Some(Edit::UpdateClaim(Box::new(c.clone()))),
                ItemMerge::Remove => Some(Edit::RemoveClaim(id.clone())),
                ItemMerge::Conflict { .. } => None,
            };
            self.handle("claim", id.as_str(), m, edit, &mut removals, brought);
        }
        for media in copy.media.values().filter(|m| !base.media.contains_key(&m.id)) {
            if !self.work.media.contains_key(&media.id) {
                let edit = Edit::AddMedia(Box::new(media.clone()));
                self.try_apply("media", media.id.as_str(), edit, "added", brought);
            }
        }
        let settled = superseded_by(self.work).into_keys().cloned().collect::<Vec<_>>();
        for (id, m) in event_merges {
            if matches!(m, ItemMerge::Conflict { .. }) && settled.contains(&id) {
                continue; // an adjudicated event supersedes it: settled
            }
            let edit = match &m {
                ItemMerge::Add(e) => Some(Edit::AddEvent(Box::new(e.clone()))),
                ItemMerge::Update(e) => Some(Edit::UpdateEvent(Box::new(e.clone()))),
                ItemMerge::Remove => Some(Edit::RemoveEvent(id.clone())),
                ItemMerge::Conflict { .. } => None,
            };
            self.handle("event", id.as_str(), m, edit, &mut removals, brought);
        }
        // After events and claims: a measurement links both, and its marks name media brought above.
        for (id, m) in measurement_merges {
            let edit = match &m {
                ItemMerge::Add(x) => Some(Edit::AddMeasurement(Box::new(x.clone()))),
                ItemMerge::Update(x) => Some(Edit::UpdateMeasurement(Box::new(x.clone()))),
                ItemMerge::Remove => Some(Edit::RemoveMeasurement(id.clone())),
                ItemMerge::Conflict { .. } => None,
            };
            self.handle("measurement", id.as_str(), m, edit, &mut removals, brought);
        }
        // Removals last, measurements then events first: nothing is removed while something brought still uses it.
        removals.sort_by_key(|(item, _, _)| match *item {
            "measurement" => 0,
            "event" => 1,
            "claim" => 2,
            _ => 3,
        });
        for (item, id, edit) in removals {
            self.try_apply(item, &id, edit, "removed", brought);
        }
        let reviewer = &self.origin.reviewer;
        if !self.work.meta.reviewers.contains(reviewer) {
            let mut meta = self.work.meta.clone();
            meta.reviewers.push(reviewer.clone());
            self.try_apply("reviewer", reviewer, Edit::SetMeta(meta), "added", brought);
        }
    }

    fn handle<T: Serialize>(
        &mut self,
        item: &'static str,
        id: &str,
        merge: ItemMerge<T>,
        edit: Option<Edit>,
        removals: &mut Vec<(&'static str, String, Edit)>,
        brought: &mut Vec<String>,
    ) {
        match (merge, edit) {
            (ItemMerge::Conflict { kind, ours, theirs }, _) => {
                let detail = differing_fields(ours.as_ref(), theirs.as_ref());
                self.conflict(item, id, kind, detail);
            }
            (ItemMerge::Remove, Some(edit)) => removals.push((item, id.to_owned(), edit)),
            (ItemMerge::Add(_), Some(edit)) => self.try_apply(item, id, edit, "added", brought),
            (ItemMerge::Update(_), Some(edit)) => self.try_apply(item, id, edit, "updated", brought),
            (_, None) => {}
        }
    }

    fn try_apply(&mut self, item: &'static str, id: &str, edit: Edit, verb: &str, brought: &mut Vec<String>) {
        match edit.clone().apply(self.work) {
            Ok(_) => {
                self.edits.push(edit);
                brought.push(format!("{verb} {item} {id}"));
            }
            Err(why) => self.conflict(item, id, ConflictKind::CannotApply, why.to_string()),
        }
    }

    fn conflict(&mut self, item: &'static str, id: &str, kind: ConflictKind, detail: String) {
        self.plan_conflicts.push(Conflict {
            reviewer: self.origin.reviewer.clone(),
            fork_id: self.origin.fork_id.clone(),
            item,
            id: id.to_owned(),
            kind,
            detail,
        });
    }
}

/// "name: here \"Brake check\", there \"Hard brake\"" for each top-level field that differs.
fn differing_fields<T: Serialize>(ours: Option<&T>, theirs: Option<&T>) -> String {
    let value = |v: Option<&T>| v.and_then(|v| serde_json::to_value(v).ok()).unwrap_or(serde_json::Value::Null);
    let (here, there) = (value(ours), value(theirs));
    let (Some(h), Some(t)) = (here.as_object(), there.as_object()) else {
        return match (ours.is_some(), theirs.is_some()) {
            (true, false) => "the copy no longer has it".to_owned(),
            (false, true) => "this case no longer has it".to_owned(),
            _ => "the two differ".to_owned(),
        };
    };
    let keys: Vec<&String> = h.keys().chain(t.keys().filter(|k| !h.contains_key(*k))).collect();
    let parts: Vec<String> = keys
        .into_iter()
        .filter(|k| h.get(*k) != t.get(*k))
        .map(|k| format!("{k}: here {}, there {}", short(h.get(k)), short(t.get(k))))
        .collect();
    if parts.is_empty() {
        "the two differ".to_owned()
    } else {
        parts.join("; ")
    }
}

fn short(value: Option<&serde_json::Value>) -> String {
    let text = value.map_or_else(|| "nothing".to_owned(), ToString::to_string);
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
