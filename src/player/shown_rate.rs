//! What playback reaches, measured from what went on screen: pictures shown per second beside the frames the
//! clock passed per second (so the status bar can say "showing 21 of 60 frames per second" when frames are left
//! out), and the speed the shown pictures move at (so a speed label never claims more than is played).

use std::collections::VecDeque;

use super::clock::PlayClock;
use super::timeline::Timeline;

/// Wall seconds of presentations the figures are taken over.
const WINDOW_SECS: f64 = 2.0;

/// Fewer wall seconds than this of playing say nothing yet.
const MIN_SPAN_SECS: f64 = 0.5;

/// Shown at this share of the clock's frames or more, nothing is being left out worth saying.
const DROPPING_BELOW: f64 = 0.9;

/// Reaching this share of the asked speed or more is reaching it.
const REACHED_FROM: f64 = 0.9;

/// Figures over the last seconds of playing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateReport {
    /// Pictures that went on screen per wall second.
    pub shown_fps: f64,
    /// Frames the clock passed per wall second (the footage's rate times the speed).
    pub clock_fps: f64,
    /// Media seconds the pictures on screen advanced per wall second.
    pub speed_reached: f64,
    /// The speed asked for.
    pub speed: f64,
}

impl RateReport {
    /// Frames are being left out: fewer are shown than the clock passes.
    pub fn is_dropping(&self) -> bool {
        self.shown_fps < DROPPING_BELOW * self.clock_fps
    }

    /// The pictures move slower than the asked speed.
    pub fn falls_short(&self) -> bool {
        self.speed_reached < REACHED_FROM * self.speed
    }
}

/// The presentations of the play in progress.
#[derive(Clone, Debug, Default)]
pub struct ShownRate {
    started_wall_secs: f64,
    /// (wall seconds, frame) of each picture put on screen, oldest first, within the window.
    shown: VecDeque<(f64, usize)>,
}

impl ShownRate {
    /// A play starts at `now_secs`.
    pub fn start(now_secs: f64) -> Self {
        ShownRate { started_wall_secs: now_secs, shown: VecDeque::new() }
    }

    pub fn record(&mut self, now_secs: f64, frame: usize) {
        self.shown.push_back((now_secs, frame));
        // One presentation from before the window stays, so a stall still spans it.
        while self.shown.get(1).is_some_and(|&(at, _)| at < now_secs - WINDOW_SECS) {
            self.shown.pop_front();
        }
    }

    /// The figures at `now_secs`, once the play has lasted long enough to say.
    pub fn report(&self, timeline: &Timeline, clock: &PlayClock, speed: f64, now_secs: f64) -> Option<RateReport> {
        let span_secs = (now_secs - self.started_wall_secs).min(WINDOW_SECS);
        if span_secs < MIN_SPAN_SECS {
            return None;
        }
        let from_secs = now_secs - span_secs;
        let shown = self.shown.iter().filter(|&&(at, _)| at >= from_secs).count();
        let clock_frames = timeline
            .frame_at_secs(clock.media_secs(now_secs))
            .abs_diff(timeline.frame_at_secs(clock.media_secs(from_secs)));
        let (&(first_at, first), &(last_at, last)) = (self.shown.front()?, self.shown.back()?);
        let moved_secs = (timeline.secs_of(last) - timeline.secs_of(first)).abs();
        // Pictures still coming count to their last one; a stall counts to now.
        let stalled = clock_frames > 0 && now_secs - last_at > span_secs / 2.0;
        let wall_secs = if stalled { now_secs - first_at } else { last_at - first_at };
        let speed_reached = if wall_secs > 0.0 { moved_secs / wall_secs } else { speed };
        Some(RateReport {
            shown_fps: shown as f64 / span_secs,
            clock_fps: clock_frames as f64 / span_secs,
            speed_reached,
            speed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::command::Direction;

    #[test]
    fn one_frame_in_three_shown_on_time_is_dropping_at_full_speed() {
        let timeline = Timeline::constant_rate(600, 60);
        let clock = PlayClock::start(0.0, 0.0, Direction::Forward, 1.0);
        let mut rate = ShownRate::start(0.0);
        for f in (0..=180).step_by(3) {
            rate.record(timeline.secs_of(f), f);
        }
        let r = rate.report(&timeline, &clock, 1.0, 3.0).expect("three seconds of play");
        assert!((r.shown_fps - 20.0).abs() < 1.0, "{r:?}");
        assert!((r.clock_fps - 60.0).abs() < 1.0, "{r:?}");
        assert!(r.is_dropping() && !r.falls_short(), "{r:?}");
    }

    #[test]
    fn pictures_moving_at_half_the_speed_fall_short() {
        let timeline = Timeline::constant_rate(600, 60);
        let clock = PlayClock::start(0.0, 0.0, Direction::Forward, 2.0);
        let mut rate = ShownRate::start(0.0);
        for f in 0..=120 {
            rate.record(f as f64 / 60.0, f);
        }
        let r = rate.report(&timeline, &clock, 2.0, 2.0).expect("two seconds of play");
        assert!((r.speed_reached - 1.0).abs() < 0.05, "{r:?}");
        assert!(r.falls_short() && r.is_dropping(), "{r:?}");
        assert_eq!(ShownRate::start(0.0).report(&timeline, &clock, 2.0, 0.2), None, "too early to say");
    }
}
