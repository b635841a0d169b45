//! The vocabulary of time control: every key, button and drag becomes one of these commands, applied once per
//! frame. Tests drive the player with the same commands the keyboard sends.

/// Playback direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Reverse,
}

impl Direction {
    pub fn sign(self) -> f64 {
        match self {
            Direction::Forward => 1.0,
            Direction::Reverse => -1.0,
        }
    }
}

/// Speeds offered in the speed menu (multiples of real time).
pub const SPEEDS: [f64; 8] = [0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 4.0];

/// Shuttle speeds J and L step through on repeated presses.
pub const SHUTTLE_SPEEDS: [f64; 3] = [1.0, 2.0, 4.0];

pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 4.0;

/// One request to the player.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlayerCommand {
    /// Space: pause when playing, otherwise play forward at the chosen speed.
    TogglePlay,
    Pause,
    /// Move by this many frames (negative: back); pauses first. Every one counts: steps given while a picture is
    /// still being decoded add up, and the player lands on the sum.
    Step(i64),
    /// A key repeat of a held step key: a [`PlayerCommand::Step`] taken only when the previous step's picture is
    /// already on screen, and dropped otherwise. Holding → thus moves at the key-repeat rate or the decoder's pace,
    /// whichever is slower, and stops when the key is let go instead of working off a backlog.
    RepeatStep(i64),
    GoToStart,
    GoToEnd,
    /// Go to an exact frame number (clamped to the file).
    GoToFrame(usize),
    /// J: reverse shuttle; again speeds up.
    ShuttleReverse,
    /// K: stop the shuttle.
    ShuttleStop,
    /// L: forward shuttle; again speeds up.
    ShuttleForward,
    /// The speed Space plays at (0.1x to 4x); changes the running speed too.
    SetSpeed(f64),
    /// The seek bar is being dragged over this frame: show it, pause.
    ScrubTo(usize),
    /// The seek bar was released on this frame: land exactly there.
    ScrubRelease(usize),
}
