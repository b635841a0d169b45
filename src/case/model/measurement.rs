//! Measurements between marked frames: two or more exact frames (each a `FramePoint` on one media file; on several
//! synced cameras, each mark names its own), with optional reviewer-given distances between consecutive marks, an
//! optional tested timing uncertainty, links to the events and claims it bears on, a note and who made it.
//!
//! The model stores only what was observed and given, never a computed speed: Δt, speeds and deceleration are
//! derived on demand by `case::query::measure` from the marks' PTS (exact on VFR footage), so a measurement cannot
//! disagree with its own frames. Each mark also records its frame's local interval (the PTS distance to the next
//! frame, or from the previous one for a last frame), so the default timing uncertainty — ± half that interval at
//! each end — is computed without the media file.

use crate::case::model::event::{ClaimLink, FramePoint};
use crate::case::model::ids::{EventId, MeasurementId, MediaId};
use serde::{Deserialize, Serialize};

/// One marked frame of a measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MeasureMark {
    pub at: FramePoint,
    /// How long this frame is shown, in ticks of `at`'s time base: the PTS distance to the next frame (from the
    /// previous one for the last frame of a file).
    pub frame_interval_ticks: i64,
}

impl MeasureMark {
    /// The frame's local interval in seconds, or `None` when the time base is unusable.
    pub fn frame_interval_secs(&self) -> Option<f64> {
        let point = FramePoint { pts_ticks: self.frame_interval_ticks, ..self.at };
        point.media_secs()
    }
}

/// The marks a measurement has on one media file, in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MediaMarks {
    pub media_id: MediaId,
    pub marks: Vec<MeasureMark>,
}

/// A reviewer-given distance travelled between two consecutive marks, with its ± and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GivenDistance {
    pub distance_m: f64,
    /// ± metres (a standard uncertainty, combined in quadrature with the timing's).
    pub distance_unc_m: f64,
    /// E.g. "lane markings 3.0 m apart" or "wheelbase 2.9 m (manufacturer's data)".
    pub source: String,
}

/// A timing uncertainty per mark the reviewer tested (it replaces the default ± half frame interval).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TimingUncertainty {
    /// ± seconds on each mark's time.
    pub per_mark_unc_secs: f64,
    /// How it was tested, e.g. "stopwatch display filmed at 30 fps, largest error seen 12 ms".
    pub source: String,
}

/// Two or more marked frames and what the reviewer gave to measure between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Measurement {
    pub id: MeasurementId,
    /// Per media file (one for a single camera, several for synced cameras); marks across files are ordered by the
    /// wall clock (their clock maps), marks within a file by PTS.
    pub media: Vec<MediaMarks>,
    /// Between consecutive marks in time order: empty (time only) or exactly one fewer than the marks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distances: Vec<GivenDistance>,
    /// Replaces the default ± half frame interval at each mark when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingUncertainty>,
    /// The coded events this measurement bears on (sorted, no repeats).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventId>,
    /// Kept sorted by claim id, at most one per claim, like an event's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ClaimLink>,
    pub note: String,
    pub reviewer: String,
    /// RFC 3339 UTC.
    pub created_utc: String,
    /// RFC 3339 UTC.
    pub modified_utc: String,
}

impl Measurement {
    /// How many frames are marked, over all media.
    pub fn mark_count(&self) -> usize {
        self.media.iter().map(|m| m.marks.len()).sum()
    }
}

impl crate::case::model::id_list::Keyed for Measurement {
    type Key = MeasurementId;
    fn key(&self) -> &MeasurementId {
        &self.id
    }
}
