//! Audio sync between two files, for the `claimframe sync` command and the window: each file's first audio stream
//! decoded to mono at the analysis rate on its media time axis (both at once, one per core), then
//! [`estimate_audio_sync`]. A file without sound is an error; recordings that share no clear sound are a
//! [`SyncRefusal`], in words.

use std::path::Path;

use anyhow::Context as _;

use crate::media;
use crate::sync::{estimate_audio_sync, AudioSync, Recording, SoundTrack, SyncOptions, SyncRefusal};

/// Where a sync job is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SyncStep {
    /// Decoding one file's sound; `fraction` 0..=1 by file position.
    Decoding { which: Recording, fraction: f32 },
    /// Both decoded; correlating.
    Estimating,
}

/// How `b` lines up with `a` by their sound, with the default options (see [`AudioSync`] for the exact meaning).
/// The outer error is a file that cannot be read or has no sound; the inner one a refusal.
pub fn sync_files(
    a: &Path,
    b: &Path,
    progress: &(dyn Fn(SyncStep) + Sync),
) -> anyhow::Result<Result<AudioSync, SyncRefusal>> {
    sync_files_with(a, b, &SyncOptions::default(), progress)
}

/// [`sync_files`] with chosen options.
pub fn sync_files_with(
    a: &Path,
    b: &Path,
    options: &SyncOptions,
    progress: &(dyn Fn(SyncStep) + Sync),
) -> anyhow::Result<Result<AudioSync, SyncRefusal>> {
    let (track_a, track_b) = decode_pair(a, b, options.analysis_rate_hz, progress)?;
    progress(SyncStep::Estimating);
    Ok(estimate_audio_sync(&track_a, &track_b, options))
}

/// Both files' sound at `rate_hz`, decoded side by side.
pub fn decode_pair(
    a: &Path,
    b: &Path,
    rate_hz: u32,
    progress: &(dyn Fn(SyncStep) + Sync),
) -> anyhow::Result<(SoundTrack, SoundTrack)> {
    let report = |which| move |fraction| progress(SyncStep::Decoding { which, fraction });
    std::thread::scope(|scope| {
        let other = scope.spawn(|| decode_sound(b, rate_hz, report(Recording::B)));
        let track_a = decode_sound(a, rate_hz, report(Recording::A));
        let track_b = other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        Ok((track_a?, track_b?))
    })
}

/// One file's first audio stream as a mono [`SoundTrack`] at `rate_hz`, on the file's media time axis.
pub fn decode_sound(path: &Path, rate_hz: u32, progress: impl FnMut(f32)) -> anyhow::Result<SoundTrack> {
    let track = media::audio::decode_mono(path, rate_hz, progress)
        .with_context(|| format!("decoding the sound of {}", path.display()))?
        .with_context(|| {
            format!("{}: the file has no sound track; audio sync needs sound in both files", path.display())
        })?;
    if track.samples.is_empty() {
        anyhow::bail!("{}: no sound could be decoded from its audio stream", path.display());
    }
    if track.decode_errors > 0 || track.timestamp_jumps > 0 {
        tracing::warn!(
            "{}: {} damaged audio packet(s) skipped, {} timestamp jump(s) placed as presented",
            path.display(),
            track.decode_errors,
            track.timestamp_jumps
        );
    }
    Ok(SoundTrack { samples: track.samples, rate_hz: track.rate_hz, start_secs: track.start_secs })
}
