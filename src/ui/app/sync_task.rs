//! A sync asked for from the window, worked out on its own thread (audio correlation reads both files' sound) so
//! the desk never freezes; the result waits, in words, for the reviewer to apply it as an audited edit or let it
//! go. Also the sync points marked in the window: a camera's frame on screen paired with the focused camera's.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use crate::case::{Case, Clock, MediaId, SystemClock};
use crate::exchange::media_file::EngineProbe;
use crate::exchange::sync_job::{propose, FramePair, Proposal, SyncMethod, SyncRequest};

/// A proposal being worked out, or worked out.
pub struct SyncTask {
    pub media: MediaId,
    pub what: String,
    rx: Option<Receiver<Result<Proposal, String>>>,
    pub result: Option<Result<Proposal, String>>,
}

impl SyncTask {
    /// Starts proposing `media`'s clock map by `method` against `reference`, on a copy of the case.
    pub fn start(
        case: &Case,
        case_path: PathBuf,
        media: MediaId,
        reference: Option<MediaId>,
        method: SyncMethod,
        reviewer: &str,
    ) -> Self {
        let what = match &method {
            SyncMethod::Audio => "sound correlation".to_owned(),
            SyncMethod::Metadata => "container creation time".to_owned(),
            SyncMethod::Points(points) => format!("{} sync point(s)", points.len()),
            SyncMethod::Clock { .. } => "burned-in clock".to_owned(),
        };
        let request = SyncRequest { media: media.clone(), reference, method };
        let (tx, rx) = mpsc::channel();
        let case = case.clone();
        let reviewer = reviewer.to_owned();
        let spawned = std::thread::Builder::new().name("claimframe-sync".into()).spawn(move || {
            let now = SystemClock.now_rfc3339();
            let result =
                propose(&case, &case_path, &request, &EngineProbe, &reviewer, &now).map_err(|e| format!("{e:#}"));
            let _ = tx.send(result);
        });
        match spawned {
            Ok(_) => SyncTask { media, what, rx: Some(rx), result: None },
            Err(e) => SyncTask { media, what, rx: None, result: Some(Err(format!("could not start the sync: {e}"))) },
        }
    }

    /// Collects the result when it has arrived; true while still working.
    pub fn poll(&mut self) -> bool {
        if let Some(rx) = &self.rx {
            match rx.try_recv() {
                Ok(result) => {
                    self.result = Some(result);
                    self.rx = None;
                }
                Err(mpsc::TryRecvError::Empty) => return true,
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.result = Some(Err("the sync stopped without an answer".into()));
                    self.rx = None;
                }
            }
        }
        false
    }
}

/// Sync points marked in the window for one camera against the focused one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MarkedPoints {
    pub media: Option<MediaId>,
    pub reference: Option<MediaId>,
    pub points: Vec<FramePair>,
}

impl MarkedPoints {
    /// Adds a point; points against another pair of cameras start a new list.
    pub fn add(&mut self, media: &MediaId, reference: &MediaId, pair: FramePair) {
        if self.media.as_ref() != Some(media) || self.reference.as_ref() != Some(reference) {
            *self = MarkedPoints { media: Some(media.clone()), reference: Some(reference.clone()), points: Vec::new() };
        }
        if !self.points.iter().any(|p| p.media_frame == pair.media_frame || p.reference_frame == pair.reference_frame) {
            self.points.push(pair);
        }
    }
}
