//! Sound output through cpal. The device callback reads the decoded track from a shared cursor; the cursor's
//! position is the master clock at 1x forward, so picture follows sound. Where no output device exists (headless
//! machines, CI) the player runs silently on the system clock and [`AudioStatus`] says why.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use crate::media::audio::{AudioTrack, OUTPUT_CHANNELS};

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
    track: Mutex<Option<Arc<AudioTrack>>>,
    /// Next stereo sample frame to play.
    cursor_frames: AtomicU64,
    /// Cursor at the start of the last callback, and when that callback ran (nanoseconds after `epoch`).
    callback_cursor_frames: AtomicU64,
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
        let shared = Arc::new(Shared {
            track: Mutex::new(None),
            cursor_frames: AtomicU64::new(0),
            callback_cursor_frames: AtomicU64::new(0),
            callback_nanos: AtomicU64::new(0),
            playing: AtomicBool::new(false),
            volume_bits: AtomicU32::new(1.0f32.to_bits()),
            muted: AtomicBool::new(false),
            epoch: Instant::now(),
        });
        if !enabled {
            return AudioOutput { shared, status: AudioStatus::Disabled, rate_hz: FALLBACK_RATE_HZ, _stream: None };
        }
        match open_stream(&shared) {
            Ok((stream, name, rate_hz)) => {
                AudioOutput { shared, status: AudioStatus::Device(name), rate_hz, _stream: Some(stream) }
            }
            Err(why) => AudioOutput { shared, status: AudioStatus::NoDevice(why), rate_hz: FALLBACK_RATE_HZ, _stream: None },
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

    pub fn set_track(&self, track: Arc<AudioTrack>) {
        if let Ok(mut t) = self.shared.track.lock() {
            *t = Some(track);
        }
    }

    fn track(&self) -> Option<Arc<AudioTrack>> {
        self.shared.track.lock().ok().and_then(|t| t.clone())
    }

    /// True when sound is actually coming out and its position can serve as the clock.
    pub fn is_clock(&self) -> bool {
        self.has_device() && self.shared.playing.load(Ordering::Acquire) && self.track().is_some()
    }

    /// Starts sound at `media_secs` on the video timeline.
    pub fn play_from(&self, media_secs: f64) {
        let Some(track) = self.track() else { return };
        let frames = ((media_secs - track.start_offset_secs) * f64::from(track.sample_rate_hz)).max(0.0) as u64;
        self.shared.cursor_frames.store(frames, Ordering::Release);
        self.shared.callback_cursor_frames.store(frames, Ordering::Release);
        self.shared.callback_nanos.store(self.shared.epoch.elapsed().as_nanos() as u64, Ordering::Release);
        self.shared.playing.store(true, Ordering::Release);
    }

    pub fn stop(&self) {
        self.shared.playing.store(false, Ordering::Release);
    }

    /// Media seconds being heard now (the master clock at 1x).
    pub fn media_secs(&self) -> Option<f64> {
        let track = self.track()?;
        let rate = f64::from(track.sample_rate_hz.max(1));
        let cursor = self.shared.callback_cursor_frames.load(Ordering::Acquire) as f64;
        let since_nanos = (self.shared.epoch.elapsed().as_nanos() as u64)
            .saturating_sub(self.shared.callback_nanos.load(Ordering::Acquire));
        let since_secs = (since_nanos as f64 / 1e9).min(0.1);
        Some(track.start_offset_secs + cursor / rate + since_secs)
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

fn open_stream(shared: &Arc<Shared>) -> Result<(cpal::Stream, String, u32), String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or_else(|| "no audio output device".to_string())?;
    let name = device.name().unwrap_or_else(|_| "audio device".into());
    let supported = device.default_output_config().map_err(|e| format!("no usable audio output: {e}"))?;
    let config: cpal::StreamConfig = supported.config();
    let rate_hz = config.sample_rate.0;
    let channels = usize::from(config.channels.max(1));
    let err = |e: cpal::StreamError| tracing::warn!("audio output: {e}");
    let stream = match supported.sample_format() {
        cpal::SampleFormat::F32 => {
            let s = shared.clone();
            device.build_output_stream(&config, move |data: &mut [f32], _| fill(&s, data, channels, |v| v), err, None)
        }
        cpal::SampleFormat::I16 => {
            let s = shared.clone();
            device.build_output_stream(
                &config,
                move |data: &mut [i16], _| fill(&s, data, channels, |v| (v.clamp(-1.0, 1.0) * 32767.0) as i16),
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

/// The device callback: copies the next samples (scaled by volume) or silence.
fn fill<T: Copy + Default>(shared: &Shared, data: &mut [T], channels: usize, convert: impl Fn(f32) -> T) {
    let start = shared.cursor_frames.load(Ordering::Acquire);
    shared.callback_cursor_frames.store(start, Ordering::Release);
    shared.callback_nanos.store(shared.epoch.elapsed().as_nanos() as u64, Ordering::Release);
    let silent = !shared.playing.load(Ordering::Acquire);
    let track = if silent { None } else { shared.track.try_lock().ok().and_then(|t| t.clone()) };
    let Some(track) = track else {
        data.iter_mut().for_each(|d| *d = convert(0.0));
        return;
    };
    let gain = if shared.muted.load(Ordering::Acquire) { 0.0 } else { f32::from_bits(shared.volume_bits.load(Ordering::Acquire)) };
    let ch_in = usize::from(OUTPUT_CHANNELS);
    let frames = data.len() / channels;
    for (i, out) in data.chunks_exact_mut(channels).enumerate() {
        let at = (start as usize + i) * ch_in;
        let (l, r) = match track.samples.get(at..at + 2) {
            Some(s) => (s[0] * gain, s[1] * gain),
            None => (0.0, 0.0),
        };
        for (c, o) in out.iter_mut().enumerate() {
            *o = convert(match (channels, c) {
                (1, _) => (l + r) * 0.5,
                (_, 0) => l,
                (_, 1) => r,
                _ => 0.0,
            });
        }
    }
    shared.cursor_frames.store(start + frames as u64, Ordering::Release);
}
