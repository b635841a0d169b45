//! Unlimited undo/redo over `Edit`s. Applying, undoing or redoing records an audit entry; undo is itself
//! a new edit in history (the audit log only grows), while the case content returns exactly.

use crate::case::model::audit::{AuditChange, AuditEntry};
use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;
use crate::case::model::edit::CaseContent;
use crate::case::model::edit::Edit;
use crate::case::model::time::Clock;
use crate::case::CaseError;

/// Who is editing and where "now" comes from.
#[derive(Clone, Copy)]
pub struct EditContext<'a> {
    pub reviewer: &'a str,
    pub clock: &'a dyn Clock,
}

/// An edit that took effect: the edit as applied (forward direction) and its audit entry.
/// This is exactly what the journal stores and what replay re-applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub edit: Edit,
    pub audit: AuditEntry,
}

/// Applies `edit`, appends its audit entry (action prefixed by `action_prefix`, e.g. "undo "),
/// and returns the inverse together with the record of what was applied.
pub fn apply_audited(
    case: &mut Case,
    edit: Edit,
    ctx: EditContext<'_>,
    action_prefix: &str,
) -> Result<(Edit, Applied), CaseError> {
    let action = format!("{action_prefix}{}", edit.action());
    apply_recorded(case, edit, ctx, &action)
}

/// Applies `edit` and appends its audit entry under `action` (e.g. `fork_case`); returns the inverse and the record.
pub fn apply_recorded(
    case: &mut Case,
    edit: Edit,
    ctx: EditContext<'_>,
    action: &str,
) -> Result<(Edit, Applied), CaseError> {
    let details = edit.details();
    let record = edit.clone();
    let inverse = edit.apply(case)?;
    let change = AuditChange { after: record.clone(), before: inverse.clone() };
    let content = content_sha256(case);
    let audit =
        case.audit.append_change(ctx.clock.now_rfc3339(), ctx.reviewer, action, details, Some(change), content).clone();
    Ok((inverse, Applied { edit: record, audit }))
}

/// The action of the entry a case's log starts with: the whole content at creation.
pub const CREATE_ACTION: &str = "create_case";
/// The action of the entry a migration from an older schema appends: the whole content as first read.
pub const MIGRATE_ACTION: &str = "migrate_case";
/// The action of a working copy's fork entry, right after the source's log (see `case::branch::fork`).
pub const FORK_ACTION: &str = "fork_case";

/// Appends an entry recording the case's whole content (`Edit::ReplaceContent` from nothing), so the log alone
/// rebuilds the content from here on: the first entry of every new case (`CREATE_ACTION`), and the entry a
/// migration appends (`MIGRATE_ACTION`).
pub fn record_snapshot(case: &mut Case, ctx: EditContext<'_>, action: &str, why: &str) -> AuditEntry {
    let after = Edit::ReplaceContent(Box::new(CaseContent::of(case)));
    let before = Edit::ReplaceContent(Box::default());
    let details = format!("{why}: {}", after.details());
    let content = content_sha256(case);
    let change = Some(AuditChange { after, before });
    case.audit.append_change(ctx.clock.now_rfc3339(), ctx.reviewer, action, details, change, content).clone()
}

/// Undo and redo stacks of inverse/forward edits.
#[derive(Debug, Default, Clone)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The edit `undo` would apply next (the inverse of the newest edit).
    pub fn peek_undo(&self) -> Option<&Edit> {
        self.undo.last()
    }

    /// The edit `redo` would apply next.
    pub fn peek_redo(&self) -> Option<&Edit> {
        self.redo.last()
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Forgets both stacks (e.g. after replaying a journal from another session).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Applies a new edit (its new links stamped with the reviewer, see `edit::stamp`); clears the redo stack.
    pub fn apply(&mut self, case: &mut Case, mut edit: Edit, ctx: EditContext<'_>) -> Result<Applied, CaseError> {
        crate::case::edit::stamp::stamp_link_reviewers(case, &mut edit, ctx.reviewer);
        let (inverse, applied) = apply_audited(case, edit, ctx, "")?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(applied)
    }

    /// Undoes the newest edit; `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, case: &mut Case, ctx: EditContext<'_>) -> Result<Option<Applied>, CaseError> {
        self.step(case, ctx, Step::Undo)
    }

    /// Redoes the newest undone edit; `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, case: &mut Case, ctx: EditContext<'_>) -> Result<Option<Applied>, CaseError> {
        self.step(case, ctx, Step::Redo)
    }

    /// One step back (undo) or forward (redo): the newest edit of one stack is applied, audited, and its reverse
    /// goes onto the other stack. A refused step leaves both stacks as they were.
    pub fn step(&mut self, case: &mut Case, ctx: EditContext<'_>, step: Step) -> Result<Option<Applied>, CaseError> {
        let (from, to, prefix) = match step {
            Step::Undo => (&mut self.undo, &mut self.redo, "undo "),
            Step::Redo => (&mut self.redo, &mut self.undo, "redo "),
        };
        let Some(edit) = from.pop() else {
            return Ok(None);
        };
        match apply_audited(case, edit.clone(), ctx, prefix) {
            Ok((reverse, applied)) => {
                to.push(reverse);
                Ok(Some(applied))
            }
            Err(err) => {
                from.push(edit);
                Err(err)
            }
        }
    }

    /// Reverts the newest `op` (case content, audit entry and stacks) as if it never happened.
    /// Only for an operation that could not be made durable and so was never acknowledged.
    pub(crate) fn rollback(&mut self, case: &mut Case, op: HistoryOp) -> Result<(), CaseError> {
        let (stack_from, stack_to) = match op {
            HistoryOp::Apply | HistoryOp::Redo => (&mut self.undo, &mut self.redo),
            HistoryOp::Undo => (&mut self.redo, &mut self.undo),
        };
        let Some(reverse) = stack_from.pop() else {
            return Err(CaseError::Invalid("nothing to roll back".into()));
        };
        let restored = reverse.apply(case)?;
        case.audit.pop_unacknowledged();
        if op != HistoryOp::Apply {
            stack_to.push(restored);
        }
        Ok(())
    }
}

/// Which way through the undo history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Undo,
    Redo,
}

impl From<Step> for HistoryOp {
    fn from(step: Step) -> Self {
        match step {
            Step::Undo => HistoryOp::Undo,
            Step::Redo => HistoryOp::Redo,
        }
    }
}

/// Which history operation to roll back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HistoryOp {
    Apply,
    Undo,
    Redo,
}
