//! The vocabulary of change: every change to a case is one `Edit` value, carrying whole items (an update carries the
//! whole new item), so an edit and its inverse together say every field before and after. How an edit applies
//! lives in `case::edit`; the value is part of the model so the audit log can record it.

use crate::case::model::case::CaseMeta;
use crate::case::model::claim::Claim;
use crate::case::model::event::{ClaimLink, Event};
use crate::case::model::ids::{ClaimId, EventId, EventTypeId, MeasurementId, MediaId};
use crate::case::model::measurement::Measurement;
use crate::case::model::media::Media;
use crate::case::model::merge::MergeRecord;
use crate::case::model::taxonomy::{EventType, Taxonomy};
use serde::{Deserialize, Serialize};

/// One reversible change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    SetMeta(CaseMeta),
    AddMedia(Box<Media>),
    RemoveMedia(MediaId),
    UpdateMedia(Box<Media>),
    AddClaim(Box<Claim>),
    RemoveClaim(ClaimId),
    UpdateClaim(Box<Claim>),
    AddEvent(Box<Event>),
    RemoveEvent(EventId),
    UpdateEvent(Box<Event>),
    /// Adds the link, or replaces the event's existing link to the same claim.
    Link {
        event_id: EventId,
        link: ClaimLink,
    },
    Unlink {
        event_id: EventId,
        claim_id: ClaimId,
    },
    /// Inserts at `index` (clamped), or appends when `None`.
    AddEventType {
        event_type: Box<EventType>,
        index: Option<usize>,
    },
    RemoveEventType(EventTypeId),
    UpdateEventType(Box<EventType>),
    AddMeasurement(Box<Measurement>),
    RemoveMeasurement(MeasurementId),
    UpdateMeasurement(Box<Measurement>),
    /// All or nothing: if one part fails, the parts already applied are undone.
    Batch(Vec<Edit>),
    /// The whole content at once: what a case's creation (and a migration from an older schema) records, so the
    /// log alone rebuilds the content from nothing.
    ReplaceContent(Box<CaseContent>),
    /// Adds an adjudicated event: one that carries an `Adjudication` superseding reviewers' events (made by
    /// `case::edit::adjudicate`). Undone by removing it; the reviewers' events are never touched.
    Adjudicate(Box<Event>),
    /// Brings reviewers' working copies in: applies `edits` as one batch and keeps the copies' audit chains
    /// (`MergeRecord::chains`), naming their heads. Undone by the batch of inverses (the chains stay in the log).
    Merge(Box<MergeRecord>),
}

/// A case's content without its log: the state a creation or a migration starts the chain from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CaseContent {
    pub meta: CaseMeta,
    pub media: Vec<Media>,
    pub claims: Vec<Claim>,
    pub taxonomy: Taxonomy,
    pub events: Vec<Event>,
    /// Left out while empty, so the creation entries of cases without measurements read and hash as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
}
