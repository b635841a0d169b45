//! Playback state as a pure function of commands: where the player stands, whether it moves, which way and how
//! fast, and the generation number that tells the decode thread's late answers from current ones. Applying a
//! command returns what the decoder must do next; nothing here knows about threads, clocks or windows.

use super::command::{Direction, PlayerCommand, MAX_SPEED, MIN_SPEED, SHUTTLE_SPEEDS};

/// Whether the picture moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Motion {
    Paused,
    Playing { direction: Direction, speed: f64 },
}

/// What the decoder must do after a command.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DecodeJob {
    /// Nothing new: keep what is on screen.
    Keep,
    /// Stop streaming; what is on screen stays.
    Stop,
    /// Decode exactly this frame and show it.
    Show(usize),
    /// Stream frames from `from` (exclusive of the one on screen) in `direction`.
    Stream { from: usize, direction: Direction, speed: f64 },
}

#[derive(Clone, Debug)]
pub struct PlayerState {
    frame_count: usize,
    /// The frame the player stands at: the one on screen when paused, the last presented while playing.
    position: usize,
    motion: Motion,
    /// The speed Space plays at.
    play_speed: f64,
    generation: u64,
    scrubbing: bool,
}

impl PlayerState {
    pub fn new(frame_count: usize) -> Self {
        PlayerState {
            frame_count,
            position: 0,
            motion: Motion::Paused,
            play_speed: 1.0,
            generation: 0,
            scrubbing: false,
        }
    }

    pub fn position(&self) -> usize {
        self.position
    }

    pub fn motion(&self) -> Motion {
        self.motion
    }

    pub fn is_playing(&self) -> bool {
        matches!(self.motion, Motion::Playing { .. })
    }

    pub fn play_speed(&self) -> f64 {
        self.play_speed
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_scrubbing(&self) -> bool {
        self.scrubbing
    }

    pub fn frame_count(&self) -> usize {
        self.frame_count
    }

    /// The file turned out to have `frame_count` frames (its index was rebuilt): positions beyond it are clamped.
    pub fn set_frame_count(&mut self, frame_count: usize) {
        self.frame_count = frame_count;
        self.position = self.position.min(self.last());
    }

    fn last(&self) -> usize {
        self.frame_count.saturating_sub(1)
    }

    /// Applies one command; returns what the decoder must do. Every job other than `Keep` starts a new generation.
    pub fn apply(&mut self, cmd: PlayerCommand) -> DecodeJob {
        let job = match cmd {
            PlayerCommand::TogglePlay => {
                if self.is_playing() {
                    self.pause()
                } else {
                    if self.position >= self.last() {
                        self.position = 0;
                    }
                    self.play(Direction::Forward, self.play_speed)
                }
            }
            PlayerCommand::Pause | PlayerCommand::ShuttleStop => self.pause(),
            PlayerCommand::Step(delta) | PlayerCommand::RepeatStep(delta) => {
                let target = offset(self.position, delta, self.last());
                self.go_to(target)
            }
            PlayerCommand::GoToStart => self.go_to(0),
            PlayerCommand::GoToEnd => self.go_to(self.last()),
            PlayerCommand::GoToFrame(n) => self.go_to(n.min(self.last())),
            PlayerCommand::ShuttleForward => self.shuttle(Direction::Forward),
            PlayerCommand::ShuttleReverse => self.shuttle(Direction::Reverse),
            PlayerCommand::SetSpeed(s) => {
                self.play_speed = s.clamp(MIN_SPEED, MAX_SPEED);
                match self.motion {
                    Motion::Playing { direction, .. } => self.play(direction, self.play_speed),
                    Motion::Paused => DecodeJob::Keep,
                }
            }
            PlayerCommand::ScrubTo(n) => {
                self.motion = Motion::Paused;
                self.scrubbing = true;
                self.position = n.min(self.last());
                DecodeJob::Show(self.position)
            }
            PlayerCommand::ScrubRelease(n) => {
                self.scrubbing = false;
                self.go_to(n.min(self.last()))
            }
        };
        if job != DecodeJob::Keep {
            self.generation += 1;
        }
        job
    }

    /// The presentation side reports the frame now on screen while playing; playback stops at either end.
    /// Returns `DecodeJob::Stop` (a new generation) when the end was reached.
    pub fn presented(&mut self, frame: usize) -> DecodeJob {
        self.position = frame.min(self.last());
        let at_end = match self.motion {
            Motion::Playing { direction: Direction::Forward, .. } => self.position >= self.last(),
            Motion::Playing { direction: Direction::Reverse, .. } => self.position == 0,
            Motion::Paused => false,
        };
        if at_end {
            self.motion = Motion::Paused;
            self.generation += 1;
            return DecodeJob::Stop;
        }
        DecodeJob::Keep
    }

    fn pause(&mut self) -> DecodeJob {
        self.scrubbing = false;
        if self.is_playing() {
            self.motion = Motion::Paused;
            DecodeJob::Stop
        } else {
            DecodeJob::Keep
        }
    }

    fn go_to(&mut self, target: usize) -> DecodeJob {
        self.motion = Motion::Paused;
        self.position = target;
        DecodeJob::Show(target)
    }

    fn play(&mut self, direction: Direction, speed: f64) -> DecodeJob {
        let at_end = match direction {
            Direction::Forward => self.position >= self.last(),
            Direction::Reverse => self.position == 0,
        };
        if at_end {
            return self.pause();
        }
        self.motion = Motion::Playing { direction, speed };
        DecodeJob::Stream { from: self.position, direction, speed }
    }

    fn shuttle(&mut self, direction: Direction) -> DecodeJob {
        let speed = match self.motion {
            Motion::Playing { direction: d, speed } if d == direction => {
                SHUTTLE_SPEEDS.iter().copied().find(|s| *s > speed + 1e-9).unwrap_or(MAX_SPEED)
            }
            _ => SHUTTLE_SPEEDS[0],
        };
        self.play(direction, speed)
    }
}

fn offset(position: usize, delta: i64, last: usize) -> usize {
    let target = position as i64 + delta;
    target.clamp(0, last as i64) as usize
}
