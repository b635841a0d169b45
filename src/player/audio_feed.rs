//! The bounded buffer between the sound stream and the device callback, and the feeder thread that keeps it
//! [`BUFFER_SECS`] ahead of the playback cursor. A reposition (play from a new place) clears the buffer and asks
//! the feeder to seek; the callback never waits for the feeder: it copies what is buffered and plays silence for
//! the rest (an underrun), keeping the cursor moving so the clock stays on wall time.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::media::audio::OUTPUT_CHANNELS;
use crate::media::audio_stream::{track_frame_at, AudioStream};

/// Sound kept decoded ahead of the cursor.
pub const BUFFER_SECS: f64 = 3.0;

/// Stereo frames the feeder decodes per step.
const CHUNK_FRAMES: usize = 2048;

/// How often a feeder with a full buffer looks again (it is also woken on every reposition).
const IDLE_WAIT: Duration = Duration::from_millis(20);

/// What is buffered, and where the cursor is. Frames are track frames (see [`AudioStream::position_frames`]).
pub struct Ring {
    /// Interleaved stereo samples for track frames `end_frames - len .. end_frames`.
    samples: VecDeque<f32>,
    end_frames: i64,
    /// The frame the callback plays next; `None` until the feeder has placed a reposition it could not compute.
    play_frames: Option<i64>,
    /// Bumped on every reposition: chunks decoded for an older one are dropped.
    generation: u64,
    /// A reposition (video-timeline seconds) the feeder has not made yet.
    seek_secs: Option<f64>,
    capacity_frames: usize,
}

impl Ring {
    fn buffered_frames(&self) -> usize {
        self.samples.len() / usize::from(OUTPUT_CHANNELS)
    }

    /// Drops what lies before the cursor (after an underrun the cursor runs ahead of the buffer).
    fn trim_before_cursor(&mut self) {
        let Some(play) = self.play_frames else { return };
        let start = self.end_frames - self.buffered_frames() as i64;
        if play > start {
            let drop = ((play - start) as usize).min(self.buffered_frames());
            self.samples.drain(..drop * usize::from(OUTPUT_CHANNELS));
        }
    }
}

/// State shared by the player, the feeder and the device callback.
pub struct Feed {
    ring: Mutex<Ring>,
    /// Where track frame 0 sits on the video timeline, once the stream is open (f64 bits).
    start_offset_bits: AtomicU64,
    opened: AtomicBool,
    rate_hz: u32,
    shutdown: AtomicBool,
    underrun_frames: AtomicU64,
    decode_errors: AtomicU64,
    feeder: Mutex<Option<JoinHandle<()>>>,
}

impl Feed {
    pub fn new(rate_hz: u32) -> Self {
        let capacity_frames = (BUFFER_SECS * f64::from(rate_hz)) as usize;
        Feed {
            ring: Mutex::new(Ring {
                samples: VecDeque::with_capacity((capacity_frames + CHUNK_FRAMES) * usize::from(OUTPUT_CHANNELS)),
                end_frames: 0,
                play_frames: None,
                generation: 0,
                seek_secs: None,
                capacity_frames,
            }),
            start_offset_bits: AtomicU64::new(0f64.to_bits()),
            opened: AtomicBool::new(false),
            rate_hz: rate_hz.max(1),
            shutdown: AtomicBool::new(false),
            underrun_frames: AtomicU64::new(0),
            decode_errors: AtomicU64::new(0),
            feeder: Mutex::new(None),
        }
    }

    fn ring(&self) -> Option<MutexGuard<'_, Ring>> {
        self.ring.lock().ok()
    }

    /// Starts the feeder thread on `path` (replacing none: call once per file).
    pub fn start(self: &Arc<Self>, path: PathBuf) -> std::io::Result<()> {
        let feed = self.clone();
        let handle = std::thread::Builder::new().name("claimframe-audio-feed".into()).spawn(move || feed.run(&path))?;
        if let Ok(mut slot) = self.feeder.lock() {
            *slot = Some(handle);
        }
        Ok(())
    }

    /// True once the stream is open: the cursor can be read as media time.
    pub fn is_open(&self) -> bool {
        self.opened.load(Ordering::Acquire)
    }

    pub fn start_offset_secs(&self) -> f64 {
        f64::from_bits(self.start_offset_bits.load(Ordering::Acquire))
    }

    pub fn rate_hz(&self) -> u32 {
        self.rate_hz
    }

    /// Frames of silence played because the feeder was behind.
    pub fn underrun_frames(&self) -> u64 {
        self.underrun_frames.load(Ordering::Acquire)
    }

    pub fn decode_errors(&self) -> u64 {
        self.decode_errors.load(Ordering::Acquire)
    }

    /// Frames decoded ahead of the cursor.
    pub fn buffered_frames(&self) -> usize {
        self.ring().map_or(0, |r| r.buffered_frames())
    }

    /// Repositions at video-timeline second `secs`: the buffer is cleared and the feeder seeks. Returns the track
    /// frame the cursor is now at, when the stream is open.
    pub fn reposition(&self, secs: f64) -> Option<i64> {
        let target = self.is_open().then(|| track_frame_at(secs, self.start_offset_secs(), self.rate_hz));
        if let Some(mut ring) = self.ring() {
            ring.generation += 1;
            ring.samples.clear();
            ring.seek_secs = Some(secs);
            ring.play_frames = target;
            ring.end_frames = target.unwrap_or(0);
        }
        self.wake();
        target
    }

    fn wake(&self) {
        if let Ok(slot) = self.feeder.lock() {
            if let Some(h) = slot.as_ref() {
                h.thread().unpark();
            }
        }
    }

    /// The callback's side: hands `frames` stereo frames to `out` (buffered sound, or silence where the feeder is
    /// behind) and advances the cursor. Never waits: if the feeder holds the lock past a short spin, this callback
    /// plays silence and the cursor stays. Returns the cursor before this pull, when placed.
    pub fn pull(&self, frames: usize, mut out: impl FnMut(f32, f32)) -> Option<i64> {
        let mut guard = None;
        for _ in 0..64 {
            if let Ok(g) = self.ring.try_lock() {
                guard = Some(g);
                break;
            }
            std::hint::spin_loop();
        }
        let Some(mut ring) = guard else {
            (0..frames).for_each(|_| out(0.0, 0.0));
            return None;
        };
        let Some(play) = ring.play_frames else {
            (0..frames).for_each(|_| out(0.0, 0.0));
            return None;
        };
        ring.trim_before_cursor();
        let start = ring.end_frames - ring.buffered_frames() as i64;
        let mut silent = 0usize;
        for i in 0..frames {
            let at = play + i as i64;
            if at >= start && at < ring.end_frames {
                let (Some(l), Some(r)) = (ring.samples.pop_front(), ring.samples.pop_front()) else { break };
                out(l, r);
            } else {
                silent += 1;
                out(0.0, 0.0);
            }
        }
        ring.play_frames = Some(play + frames as i64);
        drop(ring);
        if silent > 0 {
            self.underrun_frames.fetch_add(silent as u64, Ordering::AcqRel);
        }
        Some(play)
    }

    /// Stops the feeder thread and waits for it.
    pub fn shut_down(&self) {
        self.shutdown.store(true, Ordering::Release);
        self.wake();
        let handle = self.feeder.lock().ok().and_then(|mut h| h.take());
        if let Some(h) = handle {
            let _ = h.join();
        }
    }

    /// The feeder thread: opens the stream, then keeps the buffer full at the cursor's place.
    fn run(&self, path: &std::path::Path) {
        let mut stream = match AudioStream::open(path, self.rate_hz) {
            Ok(Some(s)) => s,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!("sound playback: {e}");
                return;
            }
        };
        self.start_offset_bits.store(stream.start_offset_secs().to_bits(), Ordering::Release);
        self.opened.store(true, Ordering::Release);
        let mut generation = None;
        let mut ended = false;
        let mut chunk = Vec::with_capacity(CHUNK_FRAMES * usize::from(OUTPUT_CHANNELS));
        while !self.shutdown.load(Ordering::Acquire) {
            let (seek, room, current) = match self.ring() {
                Some(mut ring) => {
                    let seek = ring.seek_secs.take().map(|s| (s, ring.generation));
                    let room = ring.capacity_frames.saturating_sub(ring.buffered_frames());
                    (seek, room, ring.generation)
                }
                None => return,
            };
            if let Some((secs, gen)) = seek {
                match stream.seek_to_secs(secs) {
                    Ok(at) => {
                        if let Some(mut ring) = self.ring().filter(|r| r.generation == gen) {
                            ring.end_frames = at;
                            ring.play_frames.get_or_insert(at);
                        }
                        generation = Some(gen);
                        ended = false;
                    }
                    Err(e) => {
                        tracing::warn!("sound playback: {e}");
                        generation = None;
                    }
                }
                continue;
            }
            if generation != Some(current) || ended || room < CHUNK_FRAMES {
                std::thread::park_timeout(IDLE_WAIT);
                continue;
            }
            chunk.clear();
            let from = stream.position_frames();
            if stream.read(&mut chunk, CHUNK_FRAMES) == 0 {
                ended = true;
                continue;
            }
            self.decode_errors.store(stream.decode_errors(), Ordering::Release);
            if let Some(mut ring) = self.ring().filter(|r| r.generation == current && r.end_frames == from) {
                ring.samples.extend(chunk.iter().copied());
                ring.end_frames = stream.position_frames();
                ring.trim_before_cursor();
            }
        }
    }
}
