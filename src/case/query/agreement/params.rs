//! What an agreement run compares and by which rules: the media, event types and reviewers in scope, the point
//! tolerance in frames, the interval overlap threshold, and the slicing of time into units. Checked once here, so
//! every later step can trust them.

use crate::case::model::ids::{EventTypeId, MediaId};
use serde::{Deserialize, Serialize};

/// The default point tolerance: ±3 frames (about 100 ms at 30 fps).
pub const DEFAULT_TOLERANCE_FRAMES: u64 = 3;
/// ELAN's default minimal overlap: overlap / longer interval ≥ 0.6.
pub const DEFAULT_MIN_OVERLAP: f64 = 0.6;
/// More slices than this (per run) is refused rather than computed slowly.
pub const MAX_SLICE_UNITS: u64 = 20_000_000;

/// The parameters of one agreement run, recorded as given in its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementParams {
    /// Only this media file; `None` compares every media file someone in scope coded on.
    pub media: Option<MediaId>,
    /// Only these event types; empty means every type of the taxonomy.
    pub types: Vec<EventTypeId>,
    /// Only these reviewers; empty means every reviewer with an event in scope.
    pub reviewers: Vec<String>,
    /// Two point events match when their frames differ by at most this many frames.
    pub tolerance_frames: u64,
    /// Two intervals match when their overlap divided by the longer one is at least this (0 < θ ≤ 1).
    pub min_overlap: f64,
    /// Slice time into units every this many seconds (BORIS's time units) instead of one unit per frame.
    pub slice_secs: Option<f64>,
}

impl Default for AgreementParams {
    fn default() -> Self {
        Self {
            media: None,
            types: Vec::new(),
            reviewers: Vec::new(),
            tolerance_frames: DEFAULT_TOLERANCE_FRAMES,
            min_overlap: DEFAULT_MIN_OVERLAP,
            slice_secs: None,
        }
    }
}

/// Why an agreement run cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AgreementError {
    #[error("the case has no media file {0}")]
    UnknownMedia(MediaId),
    #[error("the taxonomy has no event type {0}")]
    UnknownType(EventTypeId),
    #[error("reviewer {0:?} coded no event in scope")]
    UnknownReviewer(String),
    #[error("--min-overlap must be above 0 and at most 1, not {0}")]
    BadOverlap(f64),
    #[error("--slice-secs must be a positive number of seconds, not {0}")]
    BadSlice(f64),
    #[error("{units} slices of {slice_secs} s is more than {MAX_SLICE_UNITS}: choose longer slices")]
    TooManySlices { units: u64, slice_secs: f64 },
    #[error("event {0} has a time base of 0, so its time in seconds is unknown (needed by --slice-secs)")]
    NoTime(String),
}

impl AgreementParams {
    /// Checks the numbers (ids are checked against the case by the run itself).
    pub fn check(&self) -> Result<(), AgreementError> {
        if !(self.min_overlap > 0.0 && self.min_overlap <= 1.0) {
            return Err(AgreementError::BadOverlap(self.min_overlap));
        }
        if let Some(s) = self.slice_secs {
            if !(s.is_finite() && s > 0.0) {
                return Err(AgreementError::BadSlice(s));
            }
        }
        Ok(())
    }
}
