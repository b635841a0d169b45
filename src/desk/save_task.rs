//! A save written on its own thread, so a large case never holds the window: the desk begins it (the session
//! shares the case as it is), this thread signs and writes it, and the desk takes the outcome back on the next
//! frame. Edits go on meanwhile; the session keeps them in the journal for the next save.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::case::{CaseError, SaveJob, SaveWritten};

/// A save being written.
pub struct SaveTask {
    rx: Receiver<SaveWritten>,
    /// Another save was asked for while this one was written.
    pub again: bool,
}

impl SaveTask {
    /// Writes `job` on a thread of its own. If no thread can be started, the save fails in words (nothing is lost:
    /// every edit is in the journal).
    pub fn start(job: SaveJob) -> Self {
        let (tx, rx) = mpsc::channel();
        let failed = tx.clone();
        let spawned = std::thread::Builder::new().name("claimframe-save".into()).spawn(move || {
            let _ = tx.send(job.write());
        });
        if let Err(e) = spawned {
            let _ = failed.send(SaveWritten::failed(CaseError::Invalid(format!(
                "no thread could be started to write the case ({e}); nothing was changed"
            ))));
        }
        SaveTask { rx, again: false }
    }

    /// The outcome once the thread has one.
    pub fn poll(&self) -> Option<SaveWritten> {
        match self.rx.try_recv() {
            Ok(written) => Some(written),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(stopped()),
        }
    }

    /// Waits for the outcome.
    pub fn wait(&self) -> SaveWritten {
        self.rx.recv().unwrap_or_else(|_| stopped())
    }
}

/// The outcome of a save whose thread ended without one (it panicked): nothing is known to be written, so nothing
/// counts as saved; every edit is still in the journal.
fn stopped() -> SaveWritten {
    SaveWritten::failed(CaseError::Invalid("the save stopped before it was written; nothing was changed".into()))
}
