//! `claimframe case fork` and `claimframe case merge`: a reviewer's blind working copy, and bringing copies back.
//! Parsing and printing only; the work is `case::fork_case` and `case::merge_copies`. A merge prints what each copy
//! brought and every conflict in words, and exits 1 when conflicts are left for adjudication.

use crate::case::{
    fork_case, load_case, merge_copies, reviewer_or_default, Case, CaseSession, EditContext, EventId, SaveOptions,
    SystemClock,
};
use crate::cli::case_cmds::{apply_and_save, open_reader, open_session, RecoverChoice};
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Makes `output`, a working copy of `source` for `reviewer`, with their own events and `shared`.
pub fn run_fork(
    source: &Path,
    reviewer: Option<&str>,
    shared: &[String],
    output: &Path,
    recover: Option<RecoverChoice>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    anyhow::ensure!(
        reviewer.is_some_and(|r| !r.trim().is_empty()),
        "a working copy is for a named reviewer: give --reviewer NAME"
    );
    let reviewer = reviewer_or_default(reviewer);
    let session = open_reader(source, recover, out)?;
    let shared: Vec<EventId> = shared.iter().map(|id| EventId::new(id.trim())).collect();
    let clock = SystemClock;
    let ctx = EditContext { reviewer: &reviewer, clock: &clock };
    let copy = fork_case(session.case(), &shared, ctx).with_context(|| format!("forking {}", source.display()))?;
    let Some(origin) = copy.meta.fork.clone() else {
        anyhow::bail!("the copy records no fork origin");
    };
    let created = CaseSession::create_as(output, copy, SaveOptions::default(), ctx)
        .with_context(|| format!("writing {}", output.display()))?;
    writeln!(
        out,
        "forked {} for {reviewer} as {} (copy {}): {} of {} event(s) kept, forked after entry {} of the log",
        source.display(),
        output.display(),
        origin.fork_id,
        origin.shared_events.len(),
        session.case().events.len(),
        origin.parent_entry_count
    )?;
    writeln!(out, "new events in the copy get ids {}-…", origin.id_prefix("e"))?;
    if let Some(why) = created.unsigned_because() {
        writeln!(out, "warning: the copy's head is not signed ({why}); it cannot be merged until it is")?;
    }
    Ok(0)
}

/// Merges `copies` into `target`; exit 1 when conflicts are left.
pub fn run_merge(
    target: &Path,
    copies: &[PathBuf],
    reviewer: &str,
    recover: Option<RecoverChoice>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut session = open_session(target, recover, out)?;
    let loaded: Vec<Case> = copies
        .iter()
        .map(|p| load_case(p).with_context(|| format!("reading {}", p.display())))
        .collect::<anyhow::Result<_>>()?;
    let refs: Vec<&Case> = loaded.iter().collect();
    let plan = merge_copies(session.case(), &refs)?;
    for (copy, path) in plan.copies.iter().zip(copies) {
        let state = if copy.already_joined { "its head already merged" } else { "head merged" };
        writeln!(
            out,
            "{}: {}'s copy {} ({state}: entry {}, {})",
            path.display(),
            copy.reviewer,
            copy.fork_id,
            copy.head_entry_count,
            copy.head_hash
        )?;
        if copy.brought.is_empty() {
            writeln!(out, "  nothing new")?;
        }
        for line in &copy.brought {
            writeln!(out, "  {line}")?;
        }
    }
    match plan.edit {
        Some(edit) => {
            apply_and_save(&mut session, edit, reviewer, &SystemClock)?;
            writeln!(out, "merged into {} (entry {} of its log)", target.display(), session.case().audit.len())?;
        }
        None => writeln!(out, "nothing changed: every copy was merged before")?,
    }
    if plan.conflicts.is_empty() {
        writeln!(out, "no conflicts")?;
        return Ok(0);
    }
    writeln!(out, "{} conflict(s) left for adjudication:", plan.conflicts.len())?;
    for conflict in &plan.conflicts {
        writeln!(out, "  - {conflict}")?;
    }
    Ok(1)
}
