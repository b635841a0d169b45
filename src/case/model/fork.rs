//! Where a reviewer's working copy came from. `case fork` copies a case (its media, claims, taxonomy and whole log)
//! for one reviewer with only a chosen subset of its events, and records this origin in the copy's metadata (so it
//! is content, covered by the log like any other field) through the copy's fork entry.
//!
//! Ids: ids are random (`fresh_id`: 8 hex digits) and checked against the case they are made in only, so two copies
//! could in principle make the same id. A copy therefore makes its new event and claim ids under a prefix reserved
//! for it, `e-<fork tag>-…` and `c-<fork tag>-…`, where the tag is the fork id's 8 hex digits: ids made in different
//! copies never collide, and an id tells which copy made it.

use crate::case::model::ids::EventId;
use serde::{Deserialize, Serialize};

/// The fork a working copy records (in `CaseMeta::fork`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ForkOrigin {
    /// `f-xxxxxxxx`, unique per copy.
    pub fork_id: String,
    /// The reviewer the copy is for.
    pub reviewer: String,
    /// How many entries the source's log had when the copy was made: the copy's log begins with exactly those, then
    /// its fork entry. A merge finds this point in the target's log by its hash.
    pub parent_entry_count: u64,
    pub parent_head_hash: String,
    pub parent_content_sha256: String,
    /// The source's events the copy started with (sorted); every other event of the copy is new in it.
    pub shared_events: Vec<EventId>,
}

impl ForkOrigin {
    /// The fork id's tag (`f-1a2b3c4d` → `1a2b3c4d`).
    pub fn tag(&self) -> &str {
        self.fork_id.strip_prefix("f-").unwrap_or(&self.fork_id)
    }

    /// The prefix new ids of `kind` ("e" or "c") take in this copy.
    pub fn id_prefix(&self, kind: &str) -> String {
        format!("{kind}-{}", self.tag())
    }
}
