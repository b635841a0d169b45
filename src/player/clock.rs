//! The playback clock: media seconds as a function of wall time, anchored when playback starts. It never waits
//! for pictures: when decoding cannot keep up, frames are left out instead (see `pace`). At 1x forward with a
//! sound device the audio output's position is the master instead (see `audio_out`); this clock is the fallback
//! and the clock at every other speed.

use super::command::Direction;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlayClock {
    anchor_wall_secs: f64,
    anchor_media_secs: f64,
    rate: f64,
}

impl PlayClock {
    pub fn start(now_wall_secs: f64, media_secs: f64, direction: Direction, speed: f64) -> Self {
        PlayClock { anchor_wall_secs: now_wall_secs, anchor_media_secs: media_secs, rate: direction.sign() * speed }
    }

    /// Media seconds at wall time `now_wall_secs`.
    pub fn media_secs(&self, now_wall_secs: f64) -> f64 {
        self.anchor_media_secs + (now_wall_secs - self.anchor_wall_secs) * self.rate
    }

    /// Wall seconds at which media time reaches `media_secs` (for scheduling the next repaint).
    pub fn wall_secs_at(&self, media_secs: f64) -> f64 {
        if self.rate == 0.0 {
            return f64::INFINITY;
        }
        self.anchor_wall_secs + (media_secs - self.anchor_media_secs) / self.rate
    }
}
