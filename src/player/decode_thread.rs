//! The decode thread: owns the opened `VideoFile` and turns jobs into RGBA pictures. Every job carries the
//! generation it belongs to and every picture goes back with it, so answers to superseded jobs are dropped by the
//! receiver. The job queue coalesces (only the newest job matters) and the picture queue is bounded, so a slow
//! screen slows decoding instead of filling memory.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::media::convert::{Orientation, RgbaImage};
use crate::media::probe::ProbeInfo;
use crate::media::video::VideoFile;
use crate::media::Threading;

use super::clock::PlayClock;
use super::command::Direction;
use super::pace::{self, Costs};
use super::timeline::{FrameTimes, Timeline};

/// Pictures in flight between the decode thread and the presentation (about a fifth of a second at 30 fps).
pub const PICTURE_QUEUE_LEN: usize = 6;

/// What the decoder is asked to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Job {
    Idle,
    /// Exactly this frame, decoded fully.
    Single(usize),
    /// Every frame after `from`, one by one, however long it takes.
    Stream {
        from: usize,
        direction: Direction,
    },
    /// Playback on a clock: frames after `from` that can be on screen in time, the others left out (see `pace`).
    Play(Play),
}

/// Playback on a clock, from `from` on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Play {
    pub from: usize,
    pub direction: Direction,
    /// Media seconds as a function of wall seconds counted from `origin`.
    pub clock: PlayClock,
    pub origin: Instant,
}

/// What the file turned out to be, once opened.
#[derive(Clone, Debug)]
pub struct OpenedMedia {
    pub timeline: Timeline,
    pub orientation: Orientation,
    pub index_was_cached: bool,
    pub open_secs: f64,
    /// Width / height of one stored pixel (sample aspect ratio); 1.0 for square pixels.
    pub pixel_aspect: f64,
    /// The container's creation time, verbatim, when it has one.
    pub creation_time: Option<String>,
    /// The first value of the file's timecode track (`HH:MM:SS:FF`), if it has one.
    pub timecode: Option<String>,
    /// Codec, size and rate in a few words, for the status bar.
    pub summary: String,
    /// "file ends early: …" when the container declares more than can be decoded.
    pub ends_early: Option<String>,
    /// Where the stream is damaged: the first frame the sequential decode output after a decode error.
    pub damaged_from: Option<usize>,
    /// The frame rate the container declares (the Timing view draws it beside the measured one; Go to counts a
    /// timecode at its nominal rate).
    pub declared_fps: Option<f64>,
}

/// One message from the decode thread.
pub enum Delivery {
    Opened(Box<OpenedMedia>),
    OpenFailed(String),
    /// The frame index is being built: how far (0.0–1.0) and what is being done.
    Indexing {
        fraction: f32,
        what: &'static str,
    },
    Picture {
        generation: u64,
        frame: usize,
        image: Arc<RgbaImage>,
    },
    /// Decoding disagreed with the frame index and the engine rebuilt it by decoding: frame numbers now follow this
    /// timeline (the file is damaged or unusual), and where the damage starts when decoding met errors.
    Reindexed(Box<Timeline>, Option<usize>),
    /// A frame that could not be decoded; streaming continues with the next one.
    Failed {
        generation: u64,
        frame: usize,
        message: String,
    },
}

pub struct DecodeThread {
    jobs: mpsc::Sender<(u64, Job)>,
    pub deliveries: Receiver<Delivery>,
    handle: Option<JoinHandle<()>>,
}

impl DecodeThread {
    /// Starts a thread that opens `path` (index from cache or built) and then serves jobs.
    pub fn spawn(path: PathBuf, cache_bytes: usize) -> std::io::Result<Self> {
        let (job_tx, job_rx) = mpsc::channel::<(u64, Job)>();
        let (pic_tx, pic_rx) = mpsc::sync_channel::<Delivery>(PICTURE_QUEUE_LEN);
        let handle = std::thread::Builder::new()
            .name("claimframe-decode".into())
            .spawn(move || run(&path, cache_bytes, &job_rx, &pic_tx))?;
        Ok(DecodeThread { jobs: job_tx, deliveries: pic_rx, handle: Some(handle) })
    }

    /// Sends a job; a job for a thread that has ended is silently dropped (its failure was already delivered).
    pub fn send(&self, generation: u64, job: Job) {
        let _ = self.jobs.send((generation, job));
    }
}

impl Drop for DecodeThread {
    fn drop(&mut self) {
        // Closing the job channel ends the thread; drain pictures so a blocked send returns.
        let (dead_tx, _) = mpsc::channel();
        self.jobs = dead_tx;
        while self.deliveries.try_recv().is_ok() {}
        if let Some(h) = self.handle.take() {
            // The thread may be blocked on a full picture queue: keep draining until it ends.
            while !h.is_finished() {
                while self.deliveries.try_recv().is_ok() {}
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = h.join();
        }
    }
}

fn run(path: &std::path::Path, cache_bytes: usize, jobs: &Receiver<(u64, Job)>, out: &SyncSender<Delivery>) {
    let started = std::time::Instant::now();
    let mut report = |fraction: f64, what: &'static str| {
        // Progress is advisory: a full queue drops a report rather than slowing the build.
        let _ = out.try_send(Delivery::Indexing { fraction: fraction as f32, what });
    };
    // The probe runs before the reader opens the file: on a long MP4 each open holds the container's sample tables
    // (a hundred megabytes or more for ten hours), and the two need not hold them at once.
    let opened = crate::media::index_cache::load_or_build_reporting(path, &mut report).and_then(|(index, cached)| {
        let facts = crate::media::probe::probe(path, &index).ok();
        VideoFile::open_with_index(path, index, Threading::Fast).map(|mut v| {
            v.set_index_was_cached(cached);
            (v, facts)
        })
    });
    let (mut video, facts) = match opened {
        Ok(v) => v,
        Err(e) => {
            let _ = out.send(Delivery::OpenFailed(e.to_string()));
            return;
        }
    };
    video.set_cache_bytes(cache_bytes);
    let opened = OpenedMedia {
        pixel_aspect: facts.as_ref().and_then(video_sar).unwrap_or(1.0),
        creation_time: facts.as_ref().and_then(|f| f.creation_time.clone()),
        timecode: facts.as_ref().and_then(|f| f.timecode.clone()),
        summary: facts.as_ref().map(summary).unwrap_or_default(),
        ends_early: facts.as_ref().and_then(|f| f.video.ends_early.as_ref()).map(|e| e.message()),
        damaged_from: video.damaged_from(),
        declared_fps: facts.as_ref().and_then(|f| f.video.declared_fps),
        timeline: Timeline::from_index(video.index()),
        orientation: video.orientation(),
        index_was_cached: video.index_was_cached(),
        open_secs: started.elapsed().as_secs_f64(),
    };
    if out.send(Delivery::Opened(Box::new(opened))).is_err() {
        return;
    }
    let mut last = video.frame_count().saturating_sub(1);
    let mut rebuilds = video.stats().index_rebuilds;
    let mut times = Timeline::from_index(video.index()).times();
    let mut costs = Costs::default();
    let (mut generation, mut job) = (0u64, Job::Idle);
    loop {
        // Take the newest job; block only when there is nothing to do.
        let next = if job == Job::Idle { jobs.recv().ok() } else { jobs.try_recv().ok() };
        if let Some(j) = next {
            (generation, job) = j;
            while let Ok(j) = jobs.try_recv() {
                (generation, job) = j;
            }
        } else if job == Job::Idle {
            return; // channel closed
        }
        let (frame, decoded) = match job {
            Job::Idle => continue,
            Job::Single(n) => {
                job = Job::Idle;
                video.end_playback();
                (n, exact_picture(&mut video, &mut costs, n))
            }
            Job::Stream { from, direction } => {
                let n = match direction {
                    Direction::Forward if from < last => from + 1,
                    Direction::Reverse if from > 0 => from - 1,
                    _ => {
                        job = Job::Idle;
                        continue;
                    }
                };
                job = Job::Stream { from: n, direction };
                video.end_playback();
                (n, exact_picture(&mut video, &mut costs, n))
            }
            Job::Play(play) => {
                let step = play_step(&mut video, &times, &mut costs, play);
                job = match step {
                    PlayStep::End => Job::Idle,
                    PlayStep::Stale(n) | PlayStep::Show(n, _) => Job::Play(Play { from: n, ..play }),
                };
                match step {
                    PlayStep::Show(n, decoded) => (n, decoded),
                    PlayStep::End | PlayStep::Stale(_) => continue,
                }
            }
        };
        if video.stats().index_rebuilds != rebuilds {
            rebuilds = video.stats().index_rebuilds;
            last = video.frame_count().saturating_sub(1);
            let timeline = Timeline::from_index(video.index());
            times = timeline.times();
            let reindexed = Delivery::Reindexed(Box::new(timeline), video.damaged_from());
            if out.send(reindexed).is_err() {
                return;
            }
        }
        let delivery = match decoded {
            Ok(img) => Delivery::Picture { generation, frame, image: Arc::new(img) },
            Err(e) => Delivery::Failed { generation, frame, message: e.to_string() },
        };
        if !deliver(delivery, out, jobs, &mut generation, &mut job) {
            return;
        }
    }
}

/// What one step of playback on a clock came to.
enum PlayStep {
    /// Nothing more to play that way.
    End,
    /// This frame was decoded, but the clock passed it meanwhile: it is not sent.
    Stale(usize),
    Show(usize, crate::media::MediaResult<RgbaImage>),
}

/// Decodes the next frame playback can show in time (see `pace`), learning what decoding costs as it goes.
fn play_step(video: &mut VideoFile, times: &FrameTimes, costs: &mut Costs, play: Play) -> PlayStep {
    let reverse = play.direction == Direction::Reverse;
    let now_secs = play.origin.elapsed().as_secs_f64();
    let view = DecoderView(video);
    let planning = pace::Planning { times, clock: &play.clock, costs, decoder: &view, after: play.from, now_secs };
    let plan = if reverse { planning.reverse() } else { planning.forward() };
    let Some(target) = plan else { return PlayStep::End };
    let decoded = if reverse {
        // Backward, every frame of the run is wanted later: nothing is left out.
        video.end_playback();
        timed_decode(video, costs, |v| v.decode_only(target).map(|()| target))
    } else {
        timed_decode(video, costs, |v| v.decode_at_least(target))
    };
    let frame = match decoded {
        Ok(n) => n,
        Err(e) => return PlayStep::Show(target, Err(e)),
    };
    if pace::is_stale(times, &play.clock, reverse, frame, play.origin.elapsed().as_secs_f64()) {
        return PlayStep::Stale(frame);
    }
    PlayStep::Show(frame, timed_picture(video, costs, frame))
}

/// Frame `n` decoded exactly and turned into its picture, teaching `costs` what that took.
fn exact_picture(video: &mut VideoFile, costs: &mut Costs, n: usize) -> crate::media::MediaResult<RgbaImage> {
    timed_decode(video, costs, |v| v.decode_only(n).map(|()| n))?;
    timed_picture(video, costs, n)
}

/// Runs `decode` (which returns the frame it decoded) and records what it cost per frame the run advanced, or
/// what starting a fresh run cost; a frame served from the cache teaches nothing.
fn timed_decode(
    video: &mut VideoFile,
    costs: &mut Costs,
    decode: impl FnOnce(&mut VideoFile) -> crate::media::MediaResult<usize>,
) -> crate::media::MediaResult<usize> {
    let (run_next, before) = (video.run_next(), video.stats());
    let started = Instant::now();
    let frame = decode(video)?;
    let after = video.stats();
    if after.cache_hits == before.cache_hits {
        let fresh = after.seeks != before.seeks;
        let first = if fresh { video.run_start_frame(frame) } else { run_next.unwrap_or(frame) };
        costs.record_decode(started.elapsed().as_secs_f64(), (frame + 1).saturating_sub(first), fresh);
    }
    Ok(frame)
}

/// The picture of decoded frame `n`, recording what converting it cost.
fn timed_picture(video: &mut VideoFile, costs: &mut Costs, n: usize) -> crate::media::MediaResult<RgbaImage> {
    let started = Instant::now();
    let image = video.display_rgba(n);
    costs.record_convert(started.elapsed().as_secs_f64());
    image
}

/// The decoder as the planner sees it.
struct DecoderView<'a>(&'a VideoFile);

impl pace::Decoder for DecoderView<'_> {
    fn is_cached(&self, n: usize) -> bool {
        self.0.is_cached(n)
    }
    fn run_next(&self) -> Option<usize> {
        self.0.run_next()
    }
    fn run_start_frame(&self, n: usize) -> usize {
        self.0.run_start_frame(n)
    }
    fn next_keyframe_after(&self, n: usize) -> Option<usize> {
        self.0.next_keyframe_after(n)
    }
}

/// Sends into the bounded queue, waiting while it is full; gives up on the picture when a newer job arrives.
/// Returns false when the receiver is gone.
fn deliver(
    mut delivery: Delivery,
    out: &SyncSender<Delivery>,
    jobs: &Receiver<(u64, Job)>,
    generation: &mut u64,
    job: &mut Job,
) -> bool {
    loop {
        match out.try_send(delivery) {
            Ok(()) => return true,
            Err(TrySendError::Disconnected(_)) => return false,
            Err(TrySendError::Full(d)) => delivery = d,
        }
        match jobs.recv_timeout(Duration::from_millis(2)) {
            Ok(j) => {
                (*generation, *job) = j;
                while let Ok(j) = jobs.try_recv() {
                    (*generation, *job) = j;
                }
                return true; // the picture is stale now: drop it
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

fn video_stream(info: &ProbeInfo) -> Option<&crate::media::probe::StreamInfo> {
    info.streams.iter().find(|s| s.index == info.video.stream_index)
}

/// The sample aspect ratio as a number, when the stream declares a sensible one.
fn video_sar(info: &ProbeInfo) -> Option<f64> {
    let sar = video_stream(info)?.sample_aspect_ratio.as_deref()?;
    let (n, d) = sar.split_once('/')?;
    let (n, d): (f64, f64) = (n.parse().ok()?, d.parse().ok()?);
    (n > 0.0 && d > 0.0).then_some(n / d)
}

fn summary(info: &ProbeInfo) -> String {
    let Some(v) = video_stream(info) else { return String::new() };
    let fps = info.video.measured_fps.or(info.video.declared_fps).map_or(String::new(), |f| format!(" {f:.3} fps"));
    let vfr = if info.video.variable_frame_rate { " VFR" } else { "" };
    let (stored_w, stored_h) = (v.width.unwrap_or(0), v.height.unwrap_or(0));
    // The size a viewer sees: a phone's portrait clip is stored landscape and shown rotated.
    let orientation = info.video.orientation;
    let (shown_w, shown_h) = if orientation.swaps_axes() { (stored_h, stored_w) } else { (stored_w, stored_h) };
    let turned = orientation
        .as_recorded_words()
        .map_or(String::new(), |words| format!(" ({words}; stored {stored_w}x{stored_h})"));
    format!("{} {shown_w}x{shown_h}{turned}{fps}{vfr}", v.codec)
}
