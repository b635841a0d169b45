//! The `Case` root: metadata, media, claims, taxonomy, events, measurements and the audit log, as saved to RON.
//! Collections are id-keyed maps in memory and id-sorted lists on disk: deterministic, small diffs.

use crate::case::model::audit::AuditLog;
use crate::case::model::claim::Claim;
use crate::case::model::event::Event;
use crate::case::model::fork::ForkOrigin;
use crate::case::model::ids::{check_id, fresh_id, BadId, ClaimId, EventId, MeasurementId, MediaId};
use crate::case::model::limits::{check_frame_point, check_measurement_numbers, check_media_numbers};
use crate::case::model::measurement::Measurement;
use crate::case::model::media::Media;
use crate::case::model::signature::HeadSignature;
use crate::case::model::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema version this code writes. Older versions are migrated on load; newer ones are refused.
pub const CURRENT_SCHEMA_VERSION: u32 = 3;

/// Title, description and reviewers of a case, and, for a reviewer's working copy, where it was forked from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CaseMeta {
    pub title: String,
    pub description: String,
    pub reviewers: Vec<String>,
    /// Set on a working copy made by `case fork` (left out of the file, and of the content, otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fork: Option<ForkOrigin>,
}

/// A whole case as stored in one `.ron` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Case {
    /// Schema version; always written first so it can be read cheaply.
    pub version: u32,
    pub meta: CaseMeta,
    #[serde(with = "crate::case::model::id_list")]
    pub media: BTreeMap<MediaId, Media>,
    #[serde(with = "crate::case::model::id_list")]
    pub claims: BTreeMap<ClaimId, Claim>,
    pub taxonomy: Taxonomy,
    #[serde(with = "crate::case::model::id_list")]
    pub events: BTreeMap<EventId, Event>,
    /// Left out of the file while empty, so cases without measurements are written (and hashed) as before.
    #[serde(with = "crate::case::model::id_list", skip_serializing_if = "BTreeMap::is_empty")]
    pub measurements: BTreeMap<MeasurementId, Measurement>,
    pub audit: AuditLog,
    /// A signed head per save (not content: they sign it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<HeadSignature>,
}

impl Default for Case {
    /// An empty case with an empty taxonomy (what a file missing those fields means).
    fn default() -> Self {
        Self {
            version: CURRENT_SCHEMA_VERSION,
            meta: CaseMeta::default(),
            media: BTreeMap::new(),
            claims: BTreeMap::new(),
            taxonomy: Taxonomy::default(),
            events: BTreeMap::new(),
            measurements: BTreeMap::new(),
            audit: AuditLog::default(),
            signatures: Vec::new(),
        }
    }
}

impl Case {
    /// A new case with the default vehicle/body-cam taxonomy.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            meta: CaseMeta { title: title.into(), ..CaseMeta::default() },
            taxonomy: Taxonomy::default_vehicle_bodycam(),
            ..Self::default()
        }
    }

    /// An unused media id such as `m-1a2b3c4d`.
    pub fn new_media_id(&self) -> MediaId {
        MediaId(fresh_id("m", |id| self.media.contains_key(&MediaId::from(id))))
    }

    /// An unused claim id such as `c-1a2b3c4d` (in a working copy, under its reserved prefix: see `ForkOrigin`).
    pub fn new_claim_id(&self) -> ClaimId {
        ClaimId(fresh_id(&self.id_prefix("c"), |id| self.claims.contains_key(&ClaimId::from(id))))
    }

    /// An unused event id such as `e-1a2b3c4d` (in a working copy, under its reserved prefix: see `ForkOrigin`).
    pub fn new_event_id(&self) -> EventId {
        EventId(fresh_id(&self.id_prefix("e"), |id| self.events.contains_key(&EventId::from(id))))
    }

    /// An unused measurement id such as `ms-1a2b3c4d` (in a working copy, under its reserved prefix).
    pub fn new_measurement_id(&self) -> MeasurementId {
        MeasurementId(fresh_id(&self.id_prefix("ms"), |id| self.measurements.contains_key(&MeasurementId::from(id))))
    }

    fn id_prefix(&self, kind: &str) -> String {
        self.meta.fork.as_ref().map_or_else(|| kind.to_owned(), |fork| fork.id_prefix(kind))
    }

    /// The first media, claim or event id (as a key, a field or a reference) that breaks the id rule.
    pub fn check_ids(&self) -> Result<(), BadId> {
        for (key, media) in &self.media {
            check_id("media", key.as_str())?;
            check_id("media", media.id.as_str())?;
        }
        for (key, claim) in &self.claims {
            check_id("claim", key.as_str())?;
            check_id("claim", claim.id.as_str())?;
        }
        for (key, event) in &self.events {
            check_id("event", key.as_str())?;
            check_event_ids(event)?;
        }
        for (key, measurement) in &self.measurements {
            check_id("measurement", key.as_str())?;
            check_measurement_ids(measurement)?;
        }
        Ok(())
    }

    /// The first number (frame, PTS, time base, seconds, metres) in the case's media, events or measurements that
    /// is out of range.
    pub fn check_numbers(&self) -> Result<(), String> {
        self.media.values().try_for_each(check_media_numbers)?;
        self.events.values().try_for_each(check_event_numbers)?;
        self.measurements.values().try_for_each(check_measurement_numbers)
    }

    /// The case without its audit log and signatures: what undo/redo must restore exactly.
    pub fn content_without_audit(&self) -> Case {
        Case { audit: AuditLog::default(), signatures: Vec::new(), ..self.clone() }
    }
}

/// An event's own id, its media's and those of the claims it links to, against the id rule.
pub fn check_event_ids(event: &Event) -> Result<(), BadId> {
    check_id("event", event.id.as_str())?;
    check_id("media", event.media_id.as_str())?;
    event.links.iter().try_for_each(|link| check_id("claim", link.claim_id.as_str()))
}

/// A measurement's own id and those of the media, events and claims it names, against the id rule.
pub fn check_measurement_ids(measurement: &Measurement) -> Result<(), BadId> {
    check_id("measurement", measurement.id.as_str())?;
    measurement.media.iter().try_for_each(|m| check_id("media", m.media_id.as_str()))?;
    measurement.events.iter().try_for_each(|e| check_id("event", e.as_str()))?;
    measurement.links.iter().try_for_each(|link| check_id("claim", link.claim_id.as_str()))
}

/// An event's start and end frames against the ranges of [`limits`](crate::case::model::limits).
pub fn check_event_numbers(event: &Event) -> Result<(), String> {
    let id = &event.id;
    // The event's name goes into the message only when there is one (a large case checks every event on load).
    let named = |problem: String| format!("event {id} {problem}");
    check_frame_point("start", &event.start).map_err(named)?;
    event.end.iter().try_for_each(|end| check_frame_point("end", end).map_err(named))
}

impl crate::case::model::id_list::Keyed for Media {
    type Key = MediaId;
    fn key(&self) -> &MediaId {
        &self.id
    }
}

impl crate::case::model::id_list::Keyed for Claim {
    type Key = ClaimId;
    fn key(&self) -> &ClaimId {
        &self.id
    }
}

impl crate::case::model::id_list::Keyed for Event {
    type Key = EventId;
    fn key(&self) -> &EventId {
        &self.id
    }
}
