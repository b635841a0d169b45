//! What a merge entry carries: the reviewers' audit chains it joins and the edits that bring their work in.
//!
//! A reviewer's copy's log is the source's log up to the fork point, then the copy's fork entry and the reviewer's
//! edits. The merge entry (one entry of the target's log, `Edit::Merge`) keeps each copy's entries after what the
//! target already holds of it — the first time everything after the fork point, later only what came since the last
//! merge of that copy — with the copy's signatures over them. Because the merge entry is itself hashed into the
//! target's chain, those kept entries cannot be changed without breaking it, and the copy's whole chain can be rebuilt
//! from the target's file alone ([`fork_chains`]): the target's first `after_entry_count` entries, then each segment.
//! The merged heads are the last entries of the segments, named by hash (`MergedChain::head_hash`).

use crate::case::model::audit::{AuditEntry, AuditLog};
use crate::case::model::edit::Edit;
use crate::case::model::signature::HeadSignature;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One segment of one reviewer's chain, as a merge entry keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MergedChain {
    pub fork_id: String,
    pub reviewer: String,
    /// How many entries of the copy's log come before `entries` (the fork point, or the last merged head).
    pub after_entry_count: u64,
    /// Hash of the entry just before `entries`.
    pub after_hash: String,
    /// The copy's entries after that point; empty when the copy's head was joined before and only its edits are
    /// brought again (after an undo).
    pub entries: Vec<AuditEntry>,
    /// The copy's signatures over heads after `after_entry_count`.
    pub signatures: Vec<HeadSignature>,
}

impl MergedChain {
    /// How many entries the copy's log has up to this segment's head.
    pub fn head_entry_count(&self) -> u64 {
        self.after_entry_count + self.entries.len() as u64
    }

    /// The hash of the copy's head this segment joins.
    pub fn head_hash(&self) -> &str {
        self.entries.last().map_or(self.after_hash.as_str(), |e| e.hash.as_str())
    }
}

/// The payload of `Edit::Merge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MergeRecord {
    pub chains: Vec<MergedChain>,
    /// Applied in order, all or nothing, as a batch.
    pub edits: Vec<Edit>,
}

/// One reviewer's chain rebuilt from a target's log: the copy's entries as far as merged, and its signatures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForkChain {
    pub fork_id: String,
    pub reviewer: String,
    /// The target's entries the copy began with (its fork point), then the kept segments in order.
    pub entries: Vec<AuditEntry>,
    pub signatures: Vec<HeadSignature>,
    /// Per merge entry that joined this chain: (its index in the target's log, the segment).
    pub segments: Vec<(usize, MergedChain)>,
    /// Where a segment does not continue the chain before it, in words.
    pub problems: Vec<String>,
}

impl ForkChain {
    /// The copy's log as far as merged.
    pub fn log(&self) -> AuditLog {
        AuditLog::from_entries(self.entries.clone())
    }
}

/// The merge records of the target's log, with the index of their entry.
pub fn merge_records(log: &AuditLog) -> impl Iterator<Item = (usize, &MergeRecord)> {
    log.entries().iter().enumerate().filter_map(|(i, e)| match e.change.as_ref().map(|c| &c.after) {
        Some(Edit::Merge(record)) => Some((i, record.as_ref())),
        _ => None,
    })
}

/// Every reviewer's chain the target's log has joined, by fork id, rebuilt from its merge entries in log order.
pub fn fork_chains(log: &AuditLog) -> BTreeMap<String, ForkChain> {
    let mut chains: BTreeMap<String, ForkChain> = BTreeMap::new();
    for (at, record) in merge_records(log) {
        for segment in &record.chains {
            let chain = chains.entry(segment.fork_id.clone()).or_insert_with(|| ForkChain {
                fork_id: segment.fork_id.clone(),
                reviewer: segment.reviewer.clone(),
                ..ForkChain::default()
            });
            if chain.entries.is_empty() {
                let prefix = usize::try_from(segment.after_entry_count).unwrap_or(usize::MAX);
                match log.entries().get(..prefix.min(at)) {
                    Some(first) if prefix <= at => chain.entries = first.to_vec(),
                    _ => chain.problems.push(format!(
                        "merge entry {} says {}'s copy {} was forked after entry {}, which the log does not have \
                         before it",
                        at + 1,
                        segment.reviewer,
                        segment.fork_id,
                        segment.after_entry_count
                    )),
                }
            }
            let head = chain.entries.last().map_or(crate::case::GENESIS_HASH, |e| e.hash.as_str());
            if segment.after_entry_count != chain.entries.len() as u64 || segment.after_hash != head {
                chain.problems.push(format!(
                    "merge entry {} keeps {}'s copy {} from entry {} ({}), which does not continue what was joined \
                     before ({} entries ending in {head})",
                    at + 1,
                    segment.reviewer,
                    segment.fork_id,
                    segment.after_entry_count + 1,
                    segment.after_hash,
                    chain.entries.len()
                ));
            } else {
                chain.entries.extend(segment.entries.iter().cloned());
            }
            chain.signatures.extend(segment.signatures.iter().cloned());
            chain.segments.push((at, segment.clone()));
        }
    }
    chains
}
