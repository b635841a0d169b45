//! A camera that follows the wall clock instead of leading it: the non-focused views of a camera grid. Each update
//! is told the frame the wall clock asks for (and, paused, the frame the focused camera is on its way to) (the camera's latest frame at or before it, or none outside its
//! footage) and whether the views are playing. Paused, it decodes exactly that frame. Playing, it streams ahead
//! and shows the newest decoded frame not after the asked one — it may drop frames when the machine is slow, but
//! what it offers for drawing is never a frame from after the wall clock.

use std::collections::VecDeque;
use std::path::Path;

use super::command::Direction;
use super::decode_thread::{DecodeThread, Delivery, Job, OpenedMedia};
use super::playback::{Opening, Presented};
use super::timeline::Timeline;

/// Decoded-frame cache of a following decoder: small, since it mostly streams forward.
pub const FOLLOWER_CACHE_BYTES: usize = 64 << 20;

/// Pictures a follower holds beyond the decode thread's queue.
const READY_LEN: usize = 4;

/// While playing, a stream this many frames behind the asked frame starts again from it.
const RESTART_BEHIND_FRAMES: usize = 12;

/// What the follower's decoder is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Idle,
    Exact(usize),
    Stream { direction: Direction },
}

/// One following camera's decoder and the picture it shows.
pub struct Follower {
    decoder: DecodeThread,
    opening: Opening,
    generation: u64,
    mode: Mode,
    /// The first frame the running stream delivers, and the newest it has delivered (or was started after).
    stream_first: Option<usize>,
    streamed_to: Option<usize>,
    ready: VecDeque<Presented>,
    shown: Option<Presented>,
    /// The picture that was on screen before `shown`, kept while `shown` is after the limit (a frame decoded ahead
    /// of the wall clock, see [`Follower::follow`]).
    held: Option<Presented>,
    /// The frame last asked for (what is decoded).
    asked: Option<usize>,
    /// The latest frame the view may show now (at or before the wall clock on screen).
    limit: Option<usize>,
    /// Frames that could not be decoded, in words, newest last.
    messages: Vec<String>,
}

impl Follower {
    /// Starts opening `path` on its own thread; returns at once.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        Ok(Follower {
            decoder: DecodeThread::spawn(path.to_path_buf(), FOLLOWER_CACHE_BYTES)?,
            opening: Opening::Indexing { fraction: 0.0, what: "opening" },
            generation: 0,
            mode: Mode::Idle,
            stream_first: None,
            streamed_to: None,
            ready: VecDeque::new(),
            shown: None,
            held: None,
            asked: None,
            limit: None,
            messages: Vec::new(),
        })
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

    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// The picture to draw now: the newest decoded one not after the limit — nothing just after a seek back, before
    /// the new frame is decoded — so no view ever runs ahead of the wall clock.
    pub fn picture(&self) -> Option<&Presented> {
        let limit = self.limit?;
        [self.shown.as_ref(), self.held.as_ref()].into_iter().flatten().find(|p| p.frame <= limit)
    }

    /// The frame whose picture [`Self::picture`] offers.
    pub fn shown_frame(&self) -> Option<usize> {
        self.picture().map(|p| p.frame)
    }

    /// Paused and showing exactly the frame asked for (or asked for nothing).
    pub fn is_exact(&self) -> bool {
        self.asked.is_none()
            || (matches!(self.mode, Mode::Exact(_)) && self.limit == self.asked && self.shown_frame() == self.asked)
    }

    /// Follows the wall clock: `asked` is the frame to decode (`None`: no footage at this time), `limit` the latest
    /// frame it may show now, `playing` the views' direction while they play. Paused after a seek, `asked` is the
    /// frame for where the focused camera is going and `limit` the one for where it still is, so this view decodes
    /// while the focused one does and shows its frame when the wall clock gets there. Returns the picture decoded,
    /// if a new one was.
    pub fn follow(
        &mut self,
        asked: Option<usize>,
        limit: Option<usize>,
        playing: Option<Direction>,
    ) -> Option<Presented> {
        self.receive();
        let timeline_last = self.timeline()?.last_frame();
        self.asked = asked.map(|f| f.min(timeline_last));
        self.limit = limit.map(|f| f.min(timeline_last));
        let Some(asked) = self.asked else {
            self.start(Mode::Idle, Job::Idle);
            return None;
        };
        match playing {
            None => {
                if self.mode != Mode::Exact(asked) {
                    self.start(Mode::Exact(asked), Job::Single(asked));
                }
            }
            Some(direction) => {
                if self.stream_is_lost(asked, direction) {
                    // A stream's job starts after `from`: from the frame shown when it is the asked one, else from
                    // the frame before the asked one, so that it comes first.
                    let on_screen = self.shown.as_ref().is_some_and(|s| s.frame == asked);
                    let from = match direction {
                        Direction::Forward if on_screen => Some(asked),
                        Direction::Forward => asked.checked_sub(1),
                        Direction::Reverse if on_screen => Some(asked),
                        Direction::Reverse => (asked < timeline_last).then_some(asked + 1),
                    };
                    match from {
                        Some(from) => {
                            self.start(Mode::Stream { direction }, Job::Stream { from, direction });
                            self.stream_first = Some(match direction {
                                Direction::Forward => from + 1,
                                Direction::Reverse => from.saturating_sub(1),
                            });
                            self.streamed_to = Some(from);
                        }
                        None => self.start(Mode::Exact(asked), Job::Single(asked)),
                    }
                }
            }
        }
        self.present(asked, playing)
    }

    /// Whether the running stream cannot serve `asked`: none runs (or it runs the other way), the clock went back
    /// past what it has delivered, or it fell more than [`RESTART_BEHIND_FRAMES`] behind.
    fn stream_is_lost(&self, asked: usize, direction: Direction) -> bool {
        if self.mode != (Mode::Stream { direction }) {
            // An exact frame on its way or on screen is as good as a stream's first frame.
            return self.mode != Mode::Exact(asked);
        }
        let (Some(first), Some(at)) = (self.stream_first, self.streamed_to) else { return true };
        let shown = self.shown.as_ref().map(|s| s.frame);
        match direction {
            Direction::Forward => {
                asked < first || shown.is_some_and(|s| s > asked) || at + RESTART_BEHIND_FRAMES < asked
            }
            Direction::Reverse => {
                asked > first
                    || asked + RESTART_BEHIND_FRAMES < at
                    || shown.is_some_and(|s| s + RESTART_BEHIND_FRAMES < asked)
            }
        }
    }

    fn start(&mut self, mode: Mode, job: Job) {
        if self.mode == mode && mode == Mode::Idle {
            return;
        }
        self.generation += 1;
        self.mode = mode;
        self.ready.clear();
        self.stream_first = None;
        self.streamed_to = None;
        self.decoder.send(self.generation, job);
    }

    /// Puts on screen the newest ready picture not after `asked`; pictures the clock has passed are dropped.
    fn present(&mut self, asked: usize, playing: Option<Direction>) -> Option<Presented> {
        let best = self.ready.iter().enumerate().filter(|(_, p)| p.frame <= asked).max_by_key(|(_, p)| p.frame);
        let (index, frame) = best.map(|(i, p)| (i, p.frame))?;
        match playing {
            // Forward: everything before the chosen picture is in the past.
            Some(Direction::Forward) | None => {
                self.ready.drain(..index);
            }
            // Reverse: pictures after the asked frame are in the past.
            Some(Direction::Reverse) => self.ready.retain(|p| p.frame <= asked),
        }
        if self.shown.as_ref().is_some_and(|s| s.frame == frame) {
            self.ready.retain(|p| p.frame != frame);
            return None;
        }
        let position = self.ready.iter().position(|p| p.frame == frame)?;
        let picture = self.ready.remove(position)?;
        self.held = self.shown.replace(picture.clone());
        Some(picture)
    }

    fn receive(&mut self) {
        while self.ready.len() < READY_LEN {
            let Ok(delivery) = self.decoder.deliveries.try_recv() else { break };
            match delivery {
                Delivery::Opened(media) => self.opening = Opening::Ready(media),
                Delivery::OpenFailed(message) => self.opening = Opening::Failed(message),
                Delivery::Indexing { fraction, what } => {
                    if let Opening::Indexing { .. } = self.opening {
                        self.opening = Opening::Indexing { fraction, what };
                    }
                }
                Delivery::Reindexed(timeline, damaged_from) => {
                    if let Opening::Ready(media) = &mut self.opening {
                        media.timeline = *timeline;
                        media.damaged_from = damaged_from;
                    }
                }
                Delivery::Picture { generation, frame, image } => {
                    if generation == self.generation {
                        self.streamed_to = Some(frame);
                        self.ready.push_back(Presented { frame, image });
                    }
                }
                Delivery::Failed { generation, frame, message } => {
                    if generation == self.generation {
                        self.streamed_to = Some(frame);
                        self.messages.push(format!("Frame {frame} could not be decoded ({message})."));
                    }
                }
            }
        }
    }
}
