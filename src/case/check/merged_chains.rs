//! Checking the reviewers' chains a merged case keeps. Each is rebuilt from the case's own log (the entries before
//! its fork point, then the segments its merge entries keep) and must hold as a chain of its own: sequence numbers,
//! hashes and links from the genesis, a fork entry right after the fork point, each merged head signed by a key that
//! verifies, and the content its entries replay to hashing to what its head records. A merged case whose kept chain
//! was edited breaks its merge entry's hash first; one rebuilt with new hashes throughout loses these signatures.

use crate::case::check::signatures::check_signatures_over;
use crate::case::edit::history::FORK_ACTION;
use crate::case::edit::replay::replay;
use crate::case::model::audit::verify_audit_chain;
use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;
use crate::case::model::merge::{fork_chains, ForkChain};

/// What the kept chains say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainReport {
    pub problems: Vec<String>,
    /// "ana (key SHA256:…) at … signed entries 1–9 of copy f-…" per valid signature over a kept chain.
    pub signed: Vec<String>,
}

/// Checks every reviewer's chain `case` has merged.
pub fn check_merged_chains(case: &Case) -> ChainReport {
    let mut report = ChainReport::default();
    for chain in fork_chains(&case.audit).values() {
        check_chain(chain, &mut report);
    }
    report
}

fn check_chain(chain: &ForkChain, report: &mut ChainReport) {
    let whose = format!("{}'s copy {}", chain.reviewer, chain.fork_id);
    report.problems.extend(chain.problems.iter().map(|p| format!("{whose}: {p}")));
    for broken in verify_audit_chain(&chain.entries) {
        report.problems.push(format!("{whose}, as kept by its merge entries: {broken}"));
    }
    if let Some((_, first)) = chain.segments.first() {
        let fork_entry = usize::try_from(first.after_entry_count).ok().and_then(|i| chain.entries.get(i));
        if fork_entry.is_some_and(|e| e.action != FORK_ACTION) {
            report.problems.push(format!(
                "{whose}: the entry after its fork point (entry {}) is not a fork entry",
                first.after_entry_count + 1
            ));
        }
    }
    let all = check_signatures_over(&chain.entries, &chain.signatures);
    report.problems.extend(all.problems.iter().map(|p| format!("{whose}: {p}")));
    report.signed.extend(all.signed.iter().map(|s| format!("{s} of {whose}")));
    for (at, segment) in &chain.segments {
        let count = usize::try_from(segment.head_entry_count()).unwrap_or(usize::MAX);
        let Some(entries) = chain.entries.get(..count) else { continue };
        let signatures: Vec<_> =
            chain.signatures.iter().filter(|s| s.entry_count <= segment.head_entry_count()).cloned().collect();
        if check_signatures_over(entries, &signatures).unsigned_head.is_some() {
            report.problems.push(format!(
                "{whose}: its head merged at entry {} (entry {count} of the copy) is signed by no reviewer's key",
                at + 1
            ));
        }
    }
    let Some(head) = chain.entries.last() else { return };
    match replay(&chain.entries) {
        Ok(content) if content_sha256(&content) == head.content_sha256 => {}
        Ok(content) => report.problems.push(format!(
            "{whose}: its entries replay to content {}, not the {} its head (entry {}) records",
            content_sha256(&content),
            head.content_sha256,
            head.sequence
        )),
        Err(why) => report.problems.push(format!("{whose}: its entries cannot be replayed: {why}")),
    }
}
