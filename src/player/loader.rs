//! The slow parts of opening a file, off the UI thread: decoding and resampling the sound, reducing it to the
//! waveform strip, and hashing the whole file. Each step reports progress on a bounded channel; a closed receiver
//! (the file was closed) stops the work at the next report.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;

use crate::media::audio::{self, AudioTrack};
use crate::media::hash;

use super::waveform::{self, Waveform};

/// Columns in the waveform strip.
pub const WAVEFORM_COLUMNS: usize = 4096;

/// Background work being done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Audio,
    Hash,
}

impl Task {
    pub fn label(self) -> &'static str {
        match self {
            Task::Audio => "decoding sound",
            Task::Hash => "hashing (SHA-256)",
        }
    }
}

pub enum LoadEvent {
    Progress(Task, f32),
    Audio(Arc<AudioTrack>),
    NoAudio,
    AudioFailed(String),
    Waveform(Arc<Waveform>),
    Hash(String),
    HashFailed(String),
}

/// Starts the background work for `path`. `video_duration_secs` places the waveform on the video's timeline.
pub fn spawn(path: PathBuf, rate_hz: u32, video_duration_secs: f64) -> std::io::Result<Receiver<LoadEvent>> {
    let (tx, rx) = mpsc::sync_channel::<LoadEvent>(64);
    std::thread::Builder::new().name("claimframe-load".into()).spawn(move || work(&path, rate_hz, video_duration_secs, &tx))?;
    Ok(rx)
}

fn work(path: &std::path::Path, rate_hz: u32, video_duration_secs: f64, tx: &SyncSender<LoadEvent>) {
    let sent = match audio::decode_track(path, rate_hz, |f| {
        let _ = tx.try_send(LoadEvent::Progress(Task::Audio, f));
    }) {
        Ok(Some(track)) => {
            let track = Arc::new(track);
            let wave = waveform::compute(&track, video_duration_secs, WAVEFORM_COLUMNS);
            tx.send(LoadEvent::Audio(track)).is_ok() && tx.send(LoadEvent::Waveform(Arc::new(wave))).is_ok()
        }
        Ok(None) => tx.send(LoadEvent::NoAudio).is_ok(),
        Err(e) => tx.send(LoadEvent::AudioFailed(e.to_string())).is_ok(),
    };
    if !sent {
        return;
    }
    let hashed = hash::sha256_file(path, |done, total| {
        let _ = tx.try_send(LoadEvent::Progress(Task::Hash, done as f32 / total.max(1) as f32));
    });
    let _ = tx.send(match hashed {
        Ok(h) => LoadEvent::Hash(h),
        Err(e) => LoadEvent::HashFailed(e.to_string()),
    });
}
