//! Adjudication: after blind passes, an adjudicator settles where the reviewers' codings differ by adding one
//! adjudicated event that supersedes theirs — accepting one of them, merging several, or coding a new one — with a
//! reason. The reviewers' own events stay in the case untouched; the *adjudicated set* (what exports and reports use
//! by default) is every event that no adjudicated event supersedes (`case::adjudicated_set`).

use crate::case::model::ids::EventId;
use serde::{Deserialize, Serialize};

/// How the adjudicator settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AdjudicationKind {
    /// One reviewer's event, taken as it was coded (the adjudicated event is a copy of it).
    #[default]
    Accepted,
    /// Several reviewers' events made into one (their span, the first one's type and values, all their links).
    Merged,
    /// A new coding by the adjudicator in place of the reviewers'.
    Recoded,
}

impl std::fmt::Display for AdjudicationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Accepted => "accepted",
            Self::Merged => "merged",
            Self::Recoded => "recoded",
        })
    }
}

/// The record an adjudicated event carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Adjudication {
    pub kind: AdjudicationKind,
    /// The reviewers' events this one replaces in the adjudicated set, sorted, at least one.
    pub supersedes: Vec<EventId>,
    /// For `Accepted`: the event taken; for the others, none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<EventId>,
    /// Why, in the adjudicator's words (required).
    pub reason: String,
    pub adjudicator: String,
    /// RFC 3339 UTC.
    pub decided_utc: String,
}
