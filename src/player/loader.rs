//! The slow parts of opening a file, off the UI thread: one streaming pass over the sound that reduces it to the
//! waveform strip (the samples are not kept; playback streams them itself), and hashing the whole file. Each step
//! reports progress on a bounded channel; a closed receiver (the file was closed) stops the work at the next report.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Arc;

use crate::media::audio_stream::AudioStream;
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
    /// The sound was decoded to its end; `decode_errors` damaged packets were skipped.
    Audio {
        decode_errors: u64,
        duration_secs: f64,
    },
    NoAudio,
    AudioFailed(String),
    Waveform(Arc<Waveform>),
    Hash(String),
    HashFailed(String),
}

/// Starts the background work for `path`. `video_duration_secs` places the waveform on the video's timeline.
pub fn spawn(path: PathBuf, rate_hz: u32, video_duration_secs: f64) -> std::io::Result<Receiver<LoadEvent>> {
    let (tx, rx) = mpsc::sync_channel::<LoadEvent>(64);
    std::thread::Builder::new()
        .name("claimframe-load".into())
        .spawn(move || work(&path, rate_hz, video_duration_secs, &tx))?;
    Ok(rx)
}

fn work(path: &std::path::Path, rate_hz: u32, video_duration_secs: f64, tx: &SyncSender<LoadEvent>) {
    let sent = match AudioStream::open(path, rate_hz) {
        Ok(Some(mut stream)) => match waveform_pass(&mut stream, video_duration_secs, tx) {
            Some(wave) => {
                let audio = LoadEvent::Audio {
                    decode_errors: stream.decode_errors(),
                    duration_secs: stream.position_frames() as f64 / f64::from(stream.rate_hz()),
                };
                tx.send(audio).is_ok() && tx.send(LoadEvent::Waveform(Arc::new(wave))).is_ok()
            }
            None => false,
        },
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

/// The waveform pass, reporting progress; `None` when the receiver has gone (the file was closed).
fn waveform_pass(stream: &mut AudioStream, video_duration_secs: f64, tx: &SyncSender<LoadEvent>) -> Option<Waveform> {
    let wave = waveform::from_stream(stream, video_duration_secs, WAVEFORM_COLUMNS, |fraction| {
        !matches!(tx.try_send(LoadEvent::Progress(Task::Audio, fraction)), Err(TrySendError::Disconnected(_)))
    });
    let _ = tx.try_send(LoadEvent::Progress(Task::Audio, 1.0));
    wave
}
