//! How far a long case load (or a new case's hashing and indexing) has come, and the request to stop it, shared between the thread that loads and whoever
//! shows the progress (the window's status bar, with its Cancel). Atomics only: either side reads it at any time, and
//! a load that sees the request stops at its next step with [`CaseError::Cancelled`], having written nothing.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};

use crate::case::CaseError;

/// The step a load is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    Reading,
    Parsing,
    Checking,
    /// Reading the journal for unsaved edits.
    Journal,
    /// A new case's video: its SHA-256 over every byte.
    Hashing,
    /// A new case's video: its frame index (every packet read once).
    Indexing,
    /// A case's video that is not where the case says: a folder searched for its size and SHA-256.
    Searching,
}

impl LoadStage {
    /// In words, for a status line ("reading", "parsing", …).
    pub fn words(self) -> &'static str {
        match self {
            LoadStage::Reading => "reading",
            LoadStage::Parsing => "parsing",
            LoadStage::Checking => "checking",
            LoadStage::Journal => "reading its journal",
            LoadStage::Hashing => "hashing the video",
            LoadStage::Indexing => "indexing the video's frames",
            LoadStage::Searching => "looking for its video by SHA-256",
        }
    }
}

/// Progress of one load; `Default` is a fresh one at the start of reading.
#[derive(Debug, Default)]
pub struct LoadProgress {
    stage: AtomicU8,
    done_bytes: AtomicU64,
    total_bytes: AtomicU64,
    cancelled: AtomicBool,
}

impl LoadProgress {
    /// Asks the load to stop at its next step.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(CaseError::Cancelled)` once the load was asked to stop.
    pub fn check(&self) -> Result<(), CaseError> {
        if self.is_cancelled() {
            return Err(CaseError::Cancelled);
        }
        Ok(())
    }

    /// Starts a step of `total_bytes` (0 when its size is not known); stops here when cancelled.
    pub(crate) fn begin(&self, stage: LoadStage, total_bytes: u64) -> Result<(), CaseError> {
        self.stage.store(stage as u8, Ordering::Relaxed);
        self.done_bytes.store(0, Ordering::Relaxed);
        self.total_bytes.store(total_bytes, Ordering::Relaxed);
        self.check()
    }

    /// `bytes` more of the current step are done.
    pub(crate) fn advance(&self, bytes: u64) {
        self.done_bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn stage(&self) -> LoadStage {
        match self.stage.load(Ordering::Relaxed) {
            0 => LoadStage::Reading,
            1 => LoadStage::Parsing,
            2 => LoadStage::Checking,
            3 => LoadStage::Journal,
            4 => LoadStage::Hashing,
            5 => LoadStage::Indexing,
            _ => LoadStage::Searching,
        }
    }

    /// How much of the current step is done (0–1), when its size is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total_bytes.load(Ordering::Relaxed);
        let done = self.done_bytes.load(Ordering::Relaxed).min(total);
        (total > 0).then(|| (done as f64 / total as f64) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_report_their_fraction_and_a_cancel_stops_the_next_step() {
        let progress = LoadProgress::default();
        assert_eq!(progress.stage(), LoadStage::Reading);
        progress.begin(LoadStage::Parsing, 200).unwrap();
        progress.advance(50);
        assert_eq!(progress.stage(), LoadStage::Parsing);
        assert_eq!(progress.fraction(), Some(0.25));
        progress.begin(LoadStage::Checking, 0).unwrap();
        assert_eq!(progress.fraction(), None);
        progress.cancel();
        assert!(matches!(progress.begin(LoadStage::Journal, 10), Err(CaseError::Cancelled)));
        assert!(matches!(progress.check(), Err(CaseError::Cancelled)));
    }
}
