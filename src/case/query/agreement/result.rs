//! The result of an agreement run as data (its serde form is the `--json` output): the parameters used, the
//! reviewers and types compared, the units, per pair of reviewers the event matching, the slice kappas, ELAN's
//! modified kappa and the stance agreement, pooled figures per type and overall, and every disagreement. Every
//! figure is a finite number or `None` with a reason; nothing is NaN.

use super::params::AgreementParams;
use super::stats::Coefficient;
use crate::case::model::ids::{ClaimId, EventId, EventTypeId, MediaId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything one run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub parameters: AgreementParams,
    /// The reviewers compared, sorted.
    pub reviewers: Vec<String>,
    /// The event types compared, in taxonomy order.
    pub types: Vec<TypeRef>,
    /// How each media file compared was cut into units.
    pub media: Vec<MediaSlices>,
    /// One entry per pair of reviewers (A before B in `reviewers`).
    pub pairs: Vec<PairAgreement>,
    /// Pooled over every pair, per type.
    pub per_type: Vec<TypeAgreement>,
    pub overall: OverallAgreement,
    /// Every disagreement between two reviewers, by media, frame and kind.
    pub disagreements: Vec<Disagreement>,
    /// What was left out or assumed, in words.
    pub notes: Vec<String>,
}

/// An event type compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeRef {
    pub id: EventTypeId,
    pub name: String,
    /// "point" or "interval" (as the taxonomy declares; "unknown" for a type it lacks).
    pub kind: String,
}

/// How one media file was cut into units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaSlices {
    pub media_id: MediaId,
    /// "frame" (one unit per frame) or "slice" (one unit every `slice_secs`).
    pub unit: String,
    pub units: u64,
    /// Media time of the first slice, in seconds (slices only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_slice_secs: Option<f64>,
}

/// Event-based agreement: counts, precision/recall/F1 with A as the reference, and boundary differences B − A.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MatchCounts {
    pub events_a: u64,
    pub events_b: u64,
    pub matched: u64,
    /// matched / events_b; `None` when B coded none.
    pub precision: Option<f64>,
    /// matched / events_a; `None` when A coded none.
    pub recall: Option<f64>,
    /// 2·matched / (events_a + events_b); `None` when neither coded any.
    pub f1: Option<f64>,
    /// Onset differences (B's first frame − A's) over the matched pairs.
    pub onset_frames: Option<Differences>,
    pub onset_ms: Option<Differences>,
    /// Offset differences (B's last frame − A's) over matched intervals.
    pub offset_frames: Option<Differences>,
    pub offset_ms: Option<Differences>,
}

/// A summary of signed differences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Differences {
    pub count: u64,
    pub mean_signed: f64,
    pub mean_abs: f64,
    pub max_abs: f64,
}

/// One matched pair of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedPair {
    pub media_id: MediaId,
    pub event_a: EventId,
    pub event_b: EventId,
    pub onset_diff_frames: i64,
    /// From PTS × time base; `None` when a time base is unusable.
    pub onset_diff_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_diff_frames: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_diff_ms: Option<f64>,
    /// Overlap / longer interval (intervals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap_ratio: Option<f64>,
}

/// Event matching of one type for one pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeMatching {
    pub type_id: EventTypeId,
    pub counts: MatchCounts,
    pub matches: Vec<MatchedPair>,
}

/// A coefficient for one type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeCoefficient {
    pub type_id: EventTypeId,
    pub coefficient: Coefficient,
}

/// ELAN's modified kappa for one pair: events matched by overlap (intervals) or tolerance (points) regardless of
/// type, the types of matched events as a confusion table, matched cells counted twice (so the table sums to the
/// number of events), unmatched events in an extra last row and column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElanKappa {
    /// Row and column labels: the type ids, then "unmatched".
    pub labels: Vec<String>,
    /// `table[a][b]`: rows A's type, columns B's type.
    pub table: Vec<Vec<u64>>,
    pub matched_pairs: u64,
    pub unmatched: u64,
    /// With the unmatched row and column, chance from margins fitted around the impossible unmatched×unmatched cell.
    pub kappa_including_unmatched: Coefficient,
    /// Cohen's kappa of the matched events only.
    pub kappa_excluding_unmatched: Coefficient,
}

/// Stance agreement for one pair: for every matched pair of events and every claim either links to, the two
/// stances ("not linked" when one did not link it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceAgreement {
    pub items: u64,
    pub same: u64,
    pub kappa: Coefficient,
}

/// Everything about one pair of reviewers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAgreement {
    pub reviewer_a: String,
    pub reviewer_b: String,
    pub events_per_type: Vec<TypeMatching>,
    pub events_overall: MatchCounts,
    /// Cohen's kappa on the units, categories = sets of covering types.
    pub slice_kappa: Coefficient,
    /// The same without units both left empty ("none" for both).
    pub slice_kappa_without_both_empty: Coefficient,
    /// Per type: present or absent on each unit.
    pub slice_kappa_per_type: Vec<TypeCoefficient>,
    pub elan: ElanKappa,
    pub stance: StanceAgreement,
}

/// Per type, pooled over the pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeAgreement {
    pub type_id: EventTypeId,
    pub name: String,
    pub events_per_reviewer: BTreeMap<String, u64>,
    /// Counts summed over the pairs (events_a/events_b are sums over pairs).
    pub events_pooled: MatchCounts,
    /// Krippendorff's alpha over all reviewers on the units, present or absent.
    pub slice_alpha: Coefficient,
}

/// Overall, pooled over types and pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverallAgreement {
    pub events_pooled: MatchCounts,
    /// Krippendorff's alpha (nominal) over all reviewers, categories = sets of covering types.
    pub slice_alpha: Coefficient,
    /// Cohen's kappa of stances, every pair's items pooled.
    pub stance_kappa: Coefficient,
}

/// What two reviewers disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementKind {
    /// An event the other reviewer has no match for, of any type.
    Unmatched,
    /// The other reviewer matched it with an event of another type.
    DifferentType,
    /// Matched, but a boundary differs by more than the tolerance.
    Boundary,
    /// Matched, but linked to a claim with different stances.
    DifferentStance,
}

/// One disagreement, for the adjudication list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub kind: DisagreementKind,
    pub media_id: MediaId,
    pub start_frame: u64,
    pub end_frame: u64,
    /// The reviewer whose event it is first, then the other.
    pub reviewers: Vec<String>,
    /// The events involved, in the order of `reviewers` (one when unmatched).
    pub event_ids: Vec<EventId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<ClaimId>,
    /// What differs, in words.
    pub what: String,
}
