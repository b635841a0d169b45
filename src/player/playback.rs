//! The player: applies commands to [`PlayerState`], turns them into decode jobs, and decides on every update which
//! decoded picture is on screen — by the audio clock at 1x forward when sound is playing, by the system clock
//! otherwise. It owns the decode thread, the sound output and the background loader, each its own small part.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::media::convert::RgbaImage;

use super::audio_out::{AudioOutput, AudioStatus};
use super::clock::PlayClock;
use super::command::{Direction, PlayerCommand};
use super::decode_thread::{DecodeThread, Delivery, Job, OpenedMedia, Play};
use super::loader::{self, LoadEvent, Task};
use super::shown_rate::{RateReport, ShownRate};
use super::state::{DecodeJob, Motion, PlayerState};
use super::timeline::Timeline;
use super::waveform::Waveform;

/// Decoded pictures held for presentation beyond the decode thread's queue.
const READY_LEN: usize = 4;

/// Decoded-frame cache of the playback decoder (backward steps and reverse play come from it).
pub const PLAYBACK_CACHE_BYTES: usize = 256 << 20;

/// How a player is opened.
#[derive(Clone, Debug)]
pub struct PlayerOptions {
    /// Try to open a sound device (false: silent on the system clock, as in tests).
    pub audio: bool,
    /// Decode sound, waveform and hash in the background.
    pub background: bool,
}

impl Default for PlayerOptions {
    fn default() -> Self {
        PlayerOptions { audio: true, background: true }
    }
}

/// A picture that just went on screen.
#[derive(Clone)]
pub struct Presented {
    pub frame: usize,
    pub image: Arc<RgbaImage>,
}

/// Where opening the file stands.
pub enum Opening {
    /// The frame index is being built (or read from the cache): how far, and what is being done.
    Indexing {
        fraction: f32,
        what: &'static str,
    },
    Ready(Box<OpenedMedia>),
    Failed(String),
}

impl Opening {
    /// The file, once it is open.
    pub fn media(&self) -> Option<&OpenedMedia> {
        match self {
            Opening::Ready(m) => Some(m),
            _ => None,
        }
    }

    pub fn timeline(&self) -> Option<&Timeline> {
        self.media().map(|m| &m.timeline)
    }
}

/// Background results as they arrive.
#[derive(Default)]
pub struct Background {
    pub progress: Option<(Task, f32)>,
    /// Seconds of sound the waveform pass decoded, once it has finished.
    pub sound_secs: Option<f64>,
    pub waveform: Option<Arc<Waveform>>,
    pub sha256: Option<String>,
    /// Why the file could not be hashed, when it could not.
    pub hash_failed: Option<String>,
    /// Plain statement about the sound ("no audio stream", a decode error), when there is one.
    pub audio_note: Option<String>,
    rx: Option<Receiver<LoadEvent>>,
}

pub struct Player {
    path: PathBuf,
    started: Instant,
    opening: Opening,
    state: PlayerState,
    decoder: DecodeThread,
    audio: AudioOutput,
    background: Background,
    options: PlayerOptions,
    ready: VecDeque<Presented>,
    clock: Option<PlayClock>,
    /// What the play in progress has put on screen, for the figures of what it reaches.
    rate: ShownRate,
    shown: Option<usize>,
    /// The frame a `Show` job is waiting for.
    awaiting: Option<usize>,
    /// Messages a person should read (decode errors, failed opening), newest last.
    messages: Vec<String>,
}

impl Player {
    /// Starts opening `path`: indexing and decoding happen on their own threads, so this returns at once.
    pub fn open(path: &Path, options: PlayerOptions) -> std::io::Result<Self> {
        let started = Instant::now();
        let decoder = DecodeThread::spawn(path.to_path_buf(), PLAYBACK_CACHE_BYTES)?;
        Ok(Player {
            path: path.to_path_buf(),
            started,
            opening: Opening::Indexing { fraction: 0.0, what: "opening" },
            state: PlayerState::new(0),
            decoder,
            audio: AudioOutput::open(options.audio),
            background: Background::default(),
            options,
            ready: VecDeque::new(),
            clock: None,
            rate: ShownRate::default(),
            shown: None,
            awaiting: None,
            messages: Vec::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn opening(&self) -> &Opening {
        &self.opening
    }

    pub fn media(&self) -> Option<&OpenedMedia> {
        self.opening.media()
    }

    pub fn timeline(&self) -> Option<&Timeline> {
        self.opening.timeline()
    }

    pub fn state(&self) -> &PlayerState {
        &self.state
    }

    /// The frame the reviewer is on: the one whose picture is shown, or, before any picture arrived, the position
    /// asked for. What coding, the readout and the panels all call "the frame on screen".
    pub fn frame_on_screen(&self) -> usize {
        self.shown.unwrap_or(self.state().position())
    }

    /// The frame whose picture is on screen now.
    pub fn shown_frame(&self) -> Option<usize> {
        self.shown
    }

    pub fn audio(&self) -> &AudioOutput {
        &self.audio
    }

    pub fn audio_status(&self) -> &AudioStatus {
        self.audio.status()
    }

    pub fn background(&self) -> &Background {
        &self.background
    }

    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    pub fn dismiss_messages(&mut self) {
        self.messages.clear();
    }

    /// Nothing in flight: paused, the requested frame is on screen (or failed), the file is open (or failed).
    pub fn is_settled(&self) -> bool {
        match self.opening {
            Opening::Indexing { .. } => false,
            Opening::Failed(_) => true,
            Opening::Ready(_) => !self.state.is_playing() && self.awaiting.is_none(),
        }
    }

    /// Seconds since the player was created: the wall clock the presentation runs on.
    pub fn now_secs(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Applies one command at wall time `now_secs`.
    pub fn apply(&mut self, cmd: PlayerCommand, now_secs: f64) {
        if self.media().is_none() {
            return;
        }
        if matches!(cmd, PlayerCommand::RepeatStep(_)) && self.awaiting.is_some() {
            return; // the previous step's picture is not on screen yet: a repeat does not queue behind it
        }
        let job = self.state.apply(cmd);
        self.start_job(job, now_secs);
    }

    fn start_job(&mut self, job: DecodeJob, now_secs: f64) {
        let generation = self.state.generation();
        match job {
            DecodeJob::Keep => {}
            DecodeJob::Stop => {
                self.ready.clear();
                self.clock = None;
                self.audio.stop();
                self.decoder.send(generation, Job::Idle);
                // A pause lands on the frame on screen; nothing to decode.
                if let Some(shown) = self.shown {
                    self.state.presented(shown);
                }
            }
            DecodeJob::Show(n) => {
                self.ready.clear();
                self.clock = None;
                self.audio.stop();
                self.awaiting = Some(n);
                self.decoder.send(generation, Job::Single(n));
            }
            DecodeJob::Stream { from, direction, speed } => {
                self.ready.clear();
                self.awaiting = None;
                let from_secs = self.timeline().map_or(0.0, |t| t.secs_of(from));
                let clock = PlayClock::start(now_secs, from_secs, direction, speed);
                self.clock = Some(clock);
                self.rate = ShownRate::start(now_secs);
                if direction == Direction::Forward && (speed - 1.0).abs() < 1e-9 {
                    self.audio.play_from(from_secs);
                } else {
                    self.audio.stop();
                }
                let play = Play { from, direction, clock, origin: self.started };
                self.decoder.send(generation, Job::Play(play));
            }
        }
    }

    /// Collects decoded pictures and background results, and returns the picture that goes on screen now, if a
    /// new one does. Call once per UI frame (or in a loop, headless).
    pub fn update(&mut self, now_secs: f64) -> Option<Presented> {
        self.poll_background();
        self.receive(now_secs);
        let presented = match self.state.motion() {
            Motion::Paused => self.ready.pop_back().inspect(|_| self.ready.clear()),
            Motion::Playing { direction, .. } => self.due_picture(direction, now_secs),
        };
        if let Some(p) = &presented {
            self.shown = Some(p.frame);
            self.rate.record(now_secs, p.frame);
            if self.awaiting == Some(p.frame) {
                self.awaiting = None;
            }
            if self.state.is_playing() {
                let job = self.state.presented(p.frame);
                self.start_job(job, now_secs);
            }
        }
        presented
    }

    /// While playing: pictures shown per second beside the frames the clock passes, and the speed reached.
    pub fn rate_report(&self, now_secs: f64) -> Option<RateReport> {
        let Motion::Playing { speed, .. } = self.state.motion() else { return None };
        self.rate.report(self.timeline()?, self.clock.as_ref()?, speed, now_secs)
    }

    /// Media seconds now: the sound's position when it is the master, else the playback clock.
    pub fn media_secs(&self, now_secs: f64) -> Option<f64> {
        if self.audio.is_clock() {
            return self.audio.media_secs();
        }
        self.clock.map(|c| c.media_secs(now_secs))
    }

    /// Wall seconds until the next frame is due while playing (for scheduling a repaint).
    pub fn secs_until_next_frame(&self, now_secs: f64) -> Option<f64> {
        let Motion::Playing { direction, speed } = self.state.motion() else { return None };
        let timeline = self.timeline()?;
        let media = self.media_secs(now_secs)?;
        let next = match direction {
            Direction::Forward => self.state.position() + 1,
            Direction::Reverse => self.state.position().checked_sub(1)?,
        };
        let gap = (timeline.secs_of(next) - media) * direction.sign();
        Some((gap / speed).max(0.0))
    }

    fn due_picture(&mut self, direction: Direction, now_secs: f64) -> Option<Presented> {
        let media_secs = self.media_secs(now_secs)?;
        let Opening::Ready(media) = &self.opening else { return None };
        let timeline = &media.timeline;
        match direction {
            Direction::Forward => {
                let due = self.ready.iter().rposition(|p| timeline.secs_of(p.frame) <= media_secs + 1e-6)?;
                self.ready.drain(..due);
                self.ready.pop_front()
            }
            Direction::Reverse => {
                // The clock runs down: the last picture it has reached, the ones before it are past.
                let due = self.ready.iter().rposition(|p| timeline.secs_of(p.frame) >= media_secs - 1e-6)?;
                self.ready.drain(..due);
                self.ready.pop_front()
            }
        }
    }

    fn receive(&mut self, now_secs: f64) {
        while self.ready.len() < READY_LEN {
            let Ok(d) = self.decoder.deliveries.try_recv() else { break };
            match d {
                Delivery::Opened(media) => self.on_opened(media, now_secs),
                Delivery::OpenFailed(message) => self.opening = Opening::Failed(message),
                Delivery::Indexing { fraction, what } => {
                    if let Opening::Indexing { .. } = self.opening {
                        self.opening = Opening::Indexing { fraction, what };
                    }
                }
                Delivery::Reindexed(timeline, damaged_from) => self.on_reindexed(*timeline, damaged_from),
                Delivery::Picture { generation, frame, image } => {
                    if generation == self.state.generation() {
                        self.ready.push_back(Presented { frame, image });
                    }
                }
                Delivery::Failed { generation, frame, message } => {
                    if generation != self.state.generation() {
                        continue;
                    }
                    self.messages.push(format!("Frame {frame} could not be decoded; playback skips it. ({message})"));
                    if self.awaiting == Some(frame) {
                        self.awaiting = None;
                    }
                    if self.state.is_playing() {
                        let job = self.state.presented(frame);
                        self.start_job(job, now_secs);
                    }
                }
            }
        }
    }

    fn on_opened(&mut self, media: Box<OpenedMedia>, now_secs: f64) {
        let count = media.timeline.frame_count();
        let duration_secs = media.timeline.duration_secs();
        self.opening = Opening::Ready(media);
        self.state = PlayerState::new(count);
        self.apply(PlayerCommand::GoToFrame(0), now_secs);
        if self.options.background {
            if let Err(e) = self.audio.attach(&self.path) {
                self.messages.push(format!("Could not start the sound stream: {e}"));
            }
            match loader::spawn(self.path.clone(), self.audio.rate_hz(), duration_secs) {
                Ok(rx) => self.background.rx = Some(rx),
                Err(e) => self.messages.push(format!("Could not start the background work (sound, hash): {e}")),
            }
        }
    }

    fn on_reindexed(&mut self, timeline: Timeline, damaged_from: Option<usize>) {
        let Opening::Ready(media) = &mut self.opening else { return };
        let before = media.timeline.frame_count();
        let after = timeline.frame_count();
        media.timeline = timeline;
        media.damaged_from = damaged_from;
        self.state.set_frame_count(after);
        self.messages.push(if before == after {
            format!(
                "Decoding met damage the quick frame index did not know of, so every frame was counted by decoding: \
                 the numbering stands ({after} frames), and frames after the damage are checked against a decode \
                 from the start of the file."
            )
        } else {
            format!(
                "Decoding disagreed with the quick frame index (the file is damaged or unusual), so every frame was \
                 counted by decoding: the file has {after} frames, not {before}. Frame numbers now follow FFmpeg's decoding."
            )
        });
    }

    fn poll_background(&mut self) {
        let Some(rx) = self.background.rx.as_ref() else { return };
        let events: Vec<LoadEvent> = rx.try_iter().collect();
        for e in events {
            let bg = &mut self.background;
            match e {
                LoadEvent::Progress(task, f) => bg.progress = Some((task, f)),
                LoadEvent::Audio { decode_errors, duration_secs } => {
                    if decode_errors > 0 {
                        bg.audio_note = Some(format!("{decode_errors} damaged sound packets skipped"));
                    }
                    bg.sound_secs = Some(duration_secs);
                }
                LoadEvent::NoAudio => bg.audio_note = Some("no sound in this file".into()),
                LoadEvent::AudioFailed(m) => bg.audio_note = Some(format!("sound could not be decoded: {m}")),
                LoadEvent::Waveform(w) => bg.waveform = Some(w),
                LoadEvent::Hash(h) => {
                    bg.sha256 = Some(h);
                    bg.progress = None;
                }
                LoadEvent::HashFailed(m) => {
                    bg.progress = None;
                    bg.hash_failed = Some(m.clone());
                    self.messages.push(format!("The file could not be hashed: {m}"));
                }
            }
        }
    }

    /// Updates until settled or `timeout` passes; returns the frame on screen. For tests and headless use.
    pub fn settle(&mut self, timeout: Duration) -> Option<usize> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            self.update(self.now_secs());
            if self.is_settled() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        self.shown
    }
}
