//! Finding duplicate frames, asked for from the Timing view: one pass that decodes every frame from the start on its
//! own thread (single-threaded, so its MD5s are the ones `claimframe timing` and `framemd5` give) and keeps one MD5
//! per frame. It reports how far it got; dropping the scan stops the pass at the next frame.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::media::video::linear_md5s_while;
use crate::media::Threading;

/// Where a scan stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ScanState {
    /// Decoding: frames done of the file's frame count.
    Running {
        done: usize,
        of: usize,
    },
    /// One MD5 per decoded frame, in output order.
    Done(Arc<Vec<String>>),
    Failed(String),
}

/// A background pass over one file's frames.
pub struct DuplicateScan {
    path: PathBuf,
    frame_count: usize,
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    result: Receiver<Result<Vec<String>, String>>,
    state: ScanState,
}

impl DuplicateScan {
    /// Starts decoding `path` (`frame_count` frames in the player's index) on its own thread.
    pub fn start(path: &Path, frame_count: usize) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_done, thread_stop, file) = (done.clone(), stop.clone(), path.to_path_buf());
        std::thread::Builder::new().name("claimframe-duplicates".into()).spawn(move || {
            let mut md5s = Vec::with_capacity(frame_count);
            let pass = linear_md5s_while(&file, Threading::Reproducible, |_, md5| {
                md5s.push(md5.to_owned());
                thread_done.store(md5s.len(), Ordering::Relaxed);
                !thread_stop.load(Ordering::Relaxed)
            });
            let _ = tx.send(pass.map(|_| md5s).map_err(|e| e.to_string()));
        })?;
        Ok(DuplicateScan {
            path: path.to_path_buf(),
            frame_count,
            done,
            stop,
            result: rx,
            state: ScanState::Running { done: 0, of: frame_count },
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes in the pass's progress or result; returns where it stands.
    pub fn poll(&mut self) -> &ScanState {
        if let ScanState::Running { .. } = self.state {
            self.state = match self.result.try_recv() {
                Ok(Ok(md5s)) if md5s.len() == self.frame_count => ScanState::Done(Arc::new(md5s)),
                Ok(Ok(md5s)) => ScanState::Failed(format!(
                    "decoding gave {} frames where the index has {}, so duplicates cannot be placed on its frames",
                    md5s.len(),
                    self.frame_count
                )),
                Ok(Err(e)) => ScanState::Failed(e),
                Err(TryRecvError::Disconnected) => ScanState::Failed("the decoding pass ended without a result".into()),
                Err(TryRecvError::Empty) => {
                    ScanState::Running { done: self.done.load(Ordering::Relaxed), of: self.frame_count }
                }
            };
        }
        &self.state
    }

    /// Where the pass stood at the last [`Self::poll`].
    pub fn state(&self) -> &ScanState {
        &self.state
    }

    /// One MD5 per frame, once the pass is done.
    pub fn md5s(&self) -> Option<&[String]> {
        match &self.state {
            ScanState::Done(md5s) => Some(md5s),
            _ => None,
        }
    }
}

impl Drop for DuplicateScan {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
