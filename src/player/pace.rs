//! Keeping the clock on footage heavier than the machine: which frame the decode thread decodes next while
//! playing, so that what goes on screen is the frame due at the clock rather than one running late. It measures
//! what decoding costs here and plans with it: forward it decodes on while the next frame can still be ready
//! before the one after it is due (the run leaves out non-reference frames whose time has passed), and once it
//! cannot, it skips to the first keyframe that can be on screen when it is due; backward it picks the latest
//! frame before the one on screen that can be decoded before its time has passed. Pausing and stepping never come
//! here: they decode exactly the frame asked for.

use super::clock::PlayClock;
use super::timeline::FrameTimes;

/// How much each new measurement moves the running estimates.
const WEIGHT: f64 = 0.25;

/// A fresh run of at least this many frames measures the cost per frame rather than the cost of starting.
const LONG_RUN_FRAMES: usize = 8;

/// How many frames back a reverse plan looks for one it can decode in time.
const REVERSE_SEARCH_FRAMES: usize = 1024;

/// How many keyframes ahead a forward plan looks for one it can put on screen in time.
const KEYFRAME_SEARCH: usize = 64;

/// What the planner needs to know about the file's decoder.
pub trait Decoder {
    /// Whether frame `n` is decoded and kept.
    fn is_cached(&self, n: usize) -> bool;
    /// The frame the run in progress outputs next.
    fn run_next(&self) -> Option<usize>;
    /// The first frame a fresh run to `n` decodes.
    fn run_start_frame(&self, n: usize) -> usize;
    /// The first keyframe a run may start from after `n`.
    fn next_keyframe_after(&self, n: usize) -> Option<usize>;
}

/// Running estimates of what decoding costs on this machine, in wall seconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Costs {
    /// Per frame a run advances (frames left out cost next to nothing, so this falls when they are).
    pub frame_secs: f64,
    /// Starting a fresh run (seek, new decoder), beyond its frames.
    pub start_secs: f64,
    /// Turning a decoded frame into the picture sent to the screen.
    pub convert_secs: f64,
}

impl Costs {
    /// Records a decode that advanced the run by `frames` (a fresh run when `fresh`) in `wall_secs`. A fresh run
    /// of a few frames teaches the cost of starting; a long one, the cost per frame beyond it.
    pub fn record_decode(&mut self, wall_secs: f64, frames: usize, fresh: bool) {
        if frames == 0 {
            return;
        }
        if !fresh {
            self.frame_secs = blend(self.frame_secs, wall_secs / frames as f64);
        } else if frames >= LONG_RUN_FRAMES {
            self.frame_secs = blend(self.frame_secs, (wall_secs - self.start_secs).max(0.0) / frames as f64);
        } else {
            let overhead = (wall_secs - frames as f64 * self.frame_secs).max(0.0);
            self.start_secs = blend(self.start_secs, overhead);
        }
    }

    pub fn record_convert(&mut self, wall_secs: f64) {
        self.convert_secs = blend(self.convert_secs, wall_secs);
    }

    /// Wall seconds until frame `n` could be on its way to the screen.
    fn ready_in(&self, decoder: &dyn Decoder, n: usize) -> f64 {
        if decoder.is_cached(n) {
            return self.convert_secs;
        }
        let start = decoder.run_start_frame(n);
        let decode = match decoder.run_next() {
            Some(next) if next <= n && start <= next => (n + 1 - next) as f64 * self.frame_secs,
            _ => self.start_secs + (n + 1 - start.min(n)) as f64 * self.frame_secs,
        };
        decode + self.convert_secs
    }
}

fn blend(old: f64, new: f64) -> f64 {
    if old == 0.0 {
        new
    } else {
        old + WEIGHT * (new - old)
    }
}

/// Where playback stands when the decode thread plans its next frame.
pub struct Planning<'a> {
    pub times: &'a FrameTimes,
    pub clock: &'a PlayClock,
    pub costs: &'a Costs,
    pub decoder: &'a dyn Decoder,
    /// The frame last sent to the screen (or the one playback started from).
    pub after: usize,
    pub now_secs: f64,
}

impl Planning<'_> {
    /// Playing forward: the frame to decode next (the run gives it or a later one), or None at the end. Frames
    /// before it are left out.
    pub fn forward(&self) -> Option<usize> {
        let Planning { times, clock, costs, decoder, after, now_secs } = *self;
        let last = times.frame_count().checked_sub(1)?;
        if after >= last {
            return None;
        }
        let lead_secs = costs.frame_secs + costs.convert_secs;
        let due_then = times.frame_at_secs(clock.media_secs(now_secs + lead_secs));
        let wanted = due_then.max(after + 1).min(last);
        if now_secs + costs.ready_in(decoder, wanted) <= passed_at(times, clock, false, wanted) {
            return Some(wanted);
        }
        // Behind: the first keyframe that can be on screen by the time it is due.
        let mut from = wanted;
        for _ in 0..KEYFRAME_SEARCH {
            let Some(key) = decoder.next_keyframe_after(from) else { break };
            if now_secs + costs.ready_in(decoder, key) <= clock.wall_secs_at(times.secs_of(key)) {
                return Some(key);
            }
            from = key;
        }
        Some(wanted)
    }

    /// Playing backward: the frame to decode next, or None at the start. It is the latest frame before `after`
    /// that can be ready before the clock has passed it; frames between are left out.
    pub fn reverse(&self) -> Option<usize> {
        let Planning { times, clock, costs, decoder, after, now_secs } = *self;
        // Frames after the one due once a picture is converted have had their time.
        let due_then = times.frame_from_secs(clock.media_secs(now_secs + costs.convert_secs));
        let top = after.checked_sub(1)?.min(due_then);
        let lowest = top.saturating_sub(REVERSE_SEARCH_FRAMES);
        let in_time =
            (lowest..=top).rev().find(|&n| now_secs + costs.ready_in(decoder, n) <= passed_at(times, clock, true, n));
        Some(in_time.unwrap_or_else(|| decoder.run_start_frame(top)))
    }
}

/// Wall seconds at which the clock has passed frame `n`: the frame after it is due (before it, playing backward).
/// Never for the frame playback ends on, which is always shown.
fn passed_at(times: &FrameTimes, clock: &PlayClock, reverse: bool, n: usize) -> f64 {
    let next = if reverse { n.checked_sub(1) } else { Some(n + 1).filter(|&m| m < times.frame_count()) };
    next.map_or(f64::INFINITY, |m| clock.wall_secs_at(times.secs_of(m)))
}

/// Whether frame `n`, decoded at `now_secs`, is no longer worth sending: the clock has passed it.
pub fn is_stale(times: &FrameTimes, clock: &PlayClock, reverse: bool, n: usize, now_secs: f64) -> bool {
    now_secs > passed_at(times, clock, reverse, n)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::player::command::Direction;
    use crate::player::timeline::Timeline;

    /// A decoder with keyframes every `gop` frames.
    struct Fake {
        gop: usize,
        count: usize,
        cached: HashSet<usize>,
        run_next: Option<usize>,
    }

    impl Decoder for Fake {
        fn is_cached(&self, n: usize) -> bool {
            self.cached.contains(&n)
        }
        fn run_next(&self) -> Option<usize> {
            self.run_next
        }
        fn run_start_frame(&self, n: usize) -> usize {
            n / self.gop * self.gop
        }
        fn next_keyframe_after(&self, n: usize) -> Option<usize> {
            let k = (n / self.gop + 1) * self.gop;
            (k < self.count).then_some(k)
        }
    }

    fn plan<'a>(
        times: &'a FrameTimes,
        clock: &'a PlayClock,
        costs: &'a Costs,
        decoder: &'a Fake,
        after: usize,
        now_secs: f64,
    ) -> Planning<'a> {
        Planning { times, clock, costs, decoder, after, now_secs }
    }

    fn sixty_fps() -> FrameTimes {
        Timeline::constant_rate(240, 60).times()
    }

    /// A 4K decoder on two cores: 20 frames a second, and a little to start a run or convert a picture.
    const SLOW: Costs = Costs { frame_secs: 0.05, start_secs: 0.05, convert_secs: 0.01 };

    #[test]
    fn a_decoder_that_keeps_up_decodes_every_frame() {
        let fast = Costs { frame_secs: 0.005, start_secs: 0.01, convert_secs: 0.002 };
        let decoder = Fake { gop: 60, count: 240, cached: HashSet::new(), run_next: Some(11) };
        let clock = PlayClock::start(0.0, 0.0, Direction::Forward, 1.0);
        let now = 10.0 / 60.0;
        assert_eq!(plan(&sixty_fps(), &clock, &fast, &decoder, 10, now).forward(), Some(11));
    }

    #[test]
    fn a_decoder_behind_skips_to_the_first_keyframe_it_can_show_when_it_is_due() {
        let decoder = Fake { gop: 60, count: 240, cached: HashSet::new(), run_next: Some(11) };
        let one = PlayClock::start(0.0, 0.0, Direction::Forward, 1.0);
        // Half a second in, frame 10 on screen: frame 33 would take 23 more frames to reach; keyframe 60 is due
        // at 1 s and can be ready in 0.11 s.
        assert_eq!(plan(&sixty_fps(), &one, &SLOW, &decoder, 10, 0.5).forward(), Some(60));
        // At 4x the clock is at frame 120 by then: keyframe 180 is due at 0.75 s and can still be made.
        let four = PlayClock::start(0.0, 0.0, Direction::Forward, 4.0);
        assert_eq!(plan(&sixty_fps(), &four, &SLOW, &decoder, 10, 0.5).forward(), Some(180));
        // Nothing can be made in time after the last keyframe: the frame due, late.
        assert_eq!(plan(&sixty_fps(), &four, &SLOW, &decoder, 10, 0.745).forward(), Some(193));
    }

    #[test]
    fn backward_it_shows_the_latest_frame_it_can_decode_before_the_clock_passes_it() {
        let times = sixty_fps();
        let clock = PlayClock::start(0.0, times.secs_of(239), Direction::Reverse, 1.0);
        let mut decoder = Fake { gop: 60, count: 240, cached: HashSet::new(), run_next: None };
        // From keyframe 180, frame 193 is the last that is decoded (0.76 s) before the clock passes it (0.78 s).
        assert_eq!(plan(&times, &clock, &SLOW, &decoder, 239, 0.0).reverse(), Some(193));
        // Decoded frames only need converting.
        decoder.cached.extend(200..=238);
        assert_eq!(plan(&times, &clock, &SLOW, &decoder, 239, 0.0).reverse(), Some(238));
    }

    #[test]
    fn plans_end_at_either_end_of_the_file() {
        let times = sixty_fps();
        let decoder = Fake { gop: 60, count: 240, cached: HashSet::new(), run_next: None };
        let forward = PlayClock::start(0.0, 0.0, Direction::Forward, 1.0);
        assert_eq!(plan(&times, &forward, &SLOW, &decoder, 239, 5.0).forward(), None);
        assert_eq!(plan(&times, &forward, &SLOW, &decoder, 238, 9.0).forward(), Some(239), "the last frame always");
        let reverse = PlayClock::start(0.0, 1.0, Direction::Reverse, 1.0);
        assert_eq!(plan(&times, &reverse, &SLOW, &decoder, 0, 5.0).reverse(), None);
        assert_eq!(plan(&times, &reverse, &SLOW, &decoder, 50, 9.0).reverse(), Some(0), "the first frame always");
    }

    #[test]
    fn costs_learn_per_frame_from_runs_and_the_start_from_short_fresh_ones() {
        let mut costs = Costs::default();
        costs.record_decode(0.5, 10, false);
        assert!((costs.frame_secs - 0.05).abs() < 1e-9);
        costs.record_decode(0.15, 1, true);
        assert!((costs.start_secs - 0.1).abs() < 1e-9, "{costs:?}");
        costs.record_decode(0.1 + 20.0 * 0.05, 20, true);
        assert!((costs.frame_secs - 0.05).abs() < 1e-9, "a long fresh run teaches the cost per frame: {costs:?}");
    }
}
