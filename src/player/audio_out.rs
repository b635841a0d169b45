//! Sound output through cpal. The device callback reads from the bounded buffer a feeder thread keeps filled from
//! the sound stream ([`super::audio_feed`]); the callback's cursor is the master clock at 1x forward, so picture
//! follows sound. Where no output device exists (headless machines, CI) the player runs silently on the system
//! clock and [`AudioStatus`] says why.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::audio_feed::Feed;

/// The rate tracks are decoded at when no device tells us better.
pub const FALLBACK_RATE_HZ: u32 = 48_000;

/// Whether sound can be heard, and why not.
#[derive(Clone, Debug, PartialEq)]
pub enum AudioStatus {
    /// Playing through this device.
    Device(String),
    /// No usable output device: silent, on the system clock.
    NoDevice(String),
    /// Switched off by the caller (tests, benchmarks).
    Disabled,
}

/// State shared with the device callback.
struct Shared {
    feed: Arc<Feed>,
    /// Set once a stream is attached (a file with sound is open).
    attached: AtomicBool,
    /// Cursor (track frame) at the start of the last callback, and when that callback ran (nanoseconds after `epoch`).
    callback_cursor_frames: AtomicI64,
    callback_nanos: AtomicU64,
    playing: AtomicBool,
    volume_bits: AtomicU32,
    muted: AtomicBool,
    epoch: Instant,
}

pub struct AudioOutput {
    shared: Arc<Shared>,
    status: AudioStatus,
    rate_hz: u32,
    _stream: Option<cpal::Stream>,
}

impl AudioOutput {
    /// Opens the default output device; never fails (a missing device gives a silent output that says so).
    pub fn open(enabled: bool) -> Self {
        let probe = if enabled { probe_device() } else { Err(String::new()) };
        let rate_hz = probe.as_ref().map_or(FALLBACK_RATE_HZ, |(_, _, cfg)| cfg.sample_rate().0);
        let shared = Arc::new(Shared {
            feed: Arc::new(Feed::new(rate_hz)),
            attached: AtomicBool::new(false),
            callback_cursor_frames: AtomicI64::new(0),
            callback_nanos: AtomicU64::new(0),
            playing: AtomicBool::new(false),
            volume_bits: AtomicU32::new(1.0f32.to_bits()),
            muted: AtomicBool::new(false),
            epoch: Instant::now(),
        });
        if !enabled {
            return AudioOutput { shared, status: AudioStatus::Disabled, rate_hz: FALLBACK_RATE_HZ, _stream: None };
        }
        match probe.and_then(|(device, name, supported)| open_stream(&shared, device, name, supported)) {
            Ok((stream, name, rate_hz)) => {
                AudioOutput { shared, status: AudioStatus::Device(name), rate_hz, _stream: Some(stream) }
            }
            Err(why) => AudioOutput { shared, status: AudioStatus::NoDevice(why), rate_hz, _stream: None },
        }
    }

    pub fn status(&self) -> &AudioStatus {
        &self.status
    }

    /// The rate the track must be decoded at.
    pub fn rate_hz(&self) -> u32 {
        self.rate_hz
    }

    pub fn has_device(&self) -> bool {
        matches!(self.status, AudioStatus::Device(_))
    }

    /// Streams the sound of `path` (a feeder thread opens it and keeps the buffer filled). Call once per file.
    pub fn attach(&self, path: &Path) -> std::io::Result<()> {
        if self.shared.attached.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.shared.feed.start(path.to_path_buf())
    }

    /// The stream feeding the output (buffer level, underruns), for status and tests.
    pub fn feed(&self) -> &Feed {
        &self.shared.feed
    }

    /// True when sound is actually coming out and its position can serve as the clock.
    pub fn is_clock(&self) -> bool {
        self.has_device() && self.shared.playing.load(Ordering::Acquire) && self.shared.feed.is_open()
    }

    /// Starts sound at `media_secs` on the video timeline.
    pub fn play_from(&self, media_secs: f64) {
        if !self.shared.attached.load(Ordering::Acquire) {
            return;
        }
        let frames = self.shared.feed.reposition(media_secs).unwrap_or(0);
        self.shared.callback_cursor_frames.store(frames, Ordering::Release);
        self.shared.callback_nanos.store(self.shared.epoch.elapsed().as_nanos() as u64, Ordering::Release);
        self.shared.playing.store(true, Ordering::Release);
    }

    pub fn stop(&self) {
        self.shared.playing.store(false, Ordering::Release);
    }

    /// Media seconds being heard now (the master clock at 1x).
    pub fn media_secs(&self) -> Option<f64> {
        let feed = &self.shared.feed;
        if !feed.is_open() {
            return None;
        }
        let rate = f64::from(feed.rate_hz());
        let cursor = self.shared.callback_cursor_frames.load(Ordering::Acquire) as f64;
        let since_nanos = (self.shared.epoch.elapsed().as_nanos() as u64)
            .saturating_sub(self.shared.callback_nanos.load(Ordering::Acquire));
        let since_secs = (since_nanos as f64 / 1e9).min(0.1);
        Some(feed.start_offset_secs() + cursor / rate + since_secs)
    }

    /// What the device callback does, for a caller without a device (tests, measurements): `frames` stereo
    /// frames from the buffer (silence where it is behind, or when stopped), appended to `out`.
    /// What a callback asking for `frames` stereo frames would get, appended to `out`. Returns false (and appends
    /// nothing) when the feeder held the buffer at that instant, in which case a real callback plays silence.
    pub fn pull_stereo(&self, out: &mut Vec<f32>, frames: usize) -> bool {
        let mut buf = vec![0.0f32; frames * 2];
        let delivered = fill(&self.shared, &mut buf, 2, |v| v);
        if delivered {
            out.extend_from_slice(&buf);
        }
        delivered
    }

    pub fn set_volume(&self, volume: f32) {
        self.shared.volume_bits.store(volume.clamp(0.0, 1.0).to_bits(), Ordering::Release);
    }

    pub fn volume(&self) -> f32 {
        f32::from_bits(self.shared.volume_bits.load(Ordering::Acquire))
    }

    pub fn set_muted(&self, muted: bool) {
        self.shared.muted.store(muted, Ordering::Release);
    }

    pub fn muted(&self) -> bool {
        self.shared.muted.load(Ordering::Acquire)
    }
}

type Probe = (cpal::Device, String, cpal::SupportedStreamConfig);

/// The default output device and its preferred configuration.
fn probe_device() -> Result<Probe, String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or_else(|| "no audio output device".to_string())?;
    let name = device.name().unwrap_or_else(|_| "audio device".into());
    let supported = device.default_output_config().map_err(|e| format!("no usable audio output: {e}"))?;
    Ok((device, name, supported))
}

fn open_stream(
    shared: &Arc<Shared>,
    device: cpal::Device,
    name: String,
    supported: cpal::SupportedStreamConfig,
) -> Result<(cpal::Stream, String, u32), String> {
    let config: cpal::StreamConfig = supported.config();
    let rate_hz = config.sample_rate.0;
    let channels = usize::from(config.channels.max(1));
    let err = |e: cpal::StreamError| tracing::warn!("audio output: {e}");
    let stream = match supported.sample_format() {
        cpal::SampleFormat::F32 => {
            let s = shared.clone();
            device.build_output_stream(
                &config,
                move |data: &mut [f32], _| {
                    fill(&s, data, channels, |v| v);
                },
                err,
                None,
            )
        }
        cpal::SampleFormat::I16 => {
            let s = shared.clone();
            device.build_output_stream(
                &config,
                move |data: &mut [i16], _| {
                    fill(&s, data, channels, |v| (v.clamp(-1.0, 1.0) * 32767.0) as i16);
                },
                err,
                None,
            )
        }
        other => return Err(format!("audio output format {other:?} is not supported")),
    }
    .map_err(|e| format!("cannot open the audio output: {e}"))?;
    stream.play().map_err(|e| format!("cannot start the audio output: {e}"))?;
    Ok((stream, name, rate_hz))
}

/// The device callback: copies the next buffered samples (scaled by volume), or silence.
/// Fills one callback's buffer; returns whether it came from the feed (false: silence, the feed was busy or not
/// placed; true also when stopped, which is silence by design).
fn fill<T: Copy + Default>(shared: &Shared, data: &mut [T], channels: usize, convert: impl Fn(f32) -> T) -> bool {
    shared.callback_nanos.store(shared.epoch.elapsed().as_nanos() as u64, Ordering::Release);
    if !shared.playing.load(Ordering::Acquire) {
        data.iter_mut().for_each(|d| *d = convert(0.0));
        return true;
    }
    let gain = if shared.muted.load(Ordering::Acquire) {
        0.0
    } else {
        f32::from_bits(shared.volume_bits.load(Ordering::Acquire))
    };
    let frames = data.len() / channels.max(1);
    let mut slots = data.chunks_exact_mut(channels.max(1));
    let cursor = shared.feed.pull(frames, |l, r| {
        let (l, r) = (l * gain, r * gain);
        let Some(out) = slots.next() else { return };
        for (c, o) in out.iter_mut().enumerate() {
            *o = convert(match (channels, c) {
                (1, _) => (l + r) * 0.5,
                (_, 0) => l,
                (_, 1) => r,
                _ => 0.0,
            });
        }
    });
    if let Some(cursor) = cursor {
        shared.callback_cursor_frames.store(cursor, Ordering::Release);
    }
    cursor.is_some()
}

impl Drop for AudioOutput {
    fn drop(&mut self) {
        self.shared.feed.shut_down();
    }
}
