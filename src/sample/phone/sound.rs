//! What the phone hears, on its own 44.1 kHz media time axis: the civilian car's horn, its engine and tyre
//! noise, and the contact thud — the same sources the body camera hears from inside the car ([`Sources`]), at
//! other gains — over the phone's own background: gusting wind and a faint street hiss, from another noise.
//!
//! Each phone sample `n` is the scene's sound at the script time [`PhoneClock::script_secs`] gives for
//! `n / 44 100` s, read from the 48 kHz sources by cubic interpolation, so the phone's offset and drift are in
//! the file. The sound is made without travel time: both microphones hear every shared sound at the same
//! instant, so the offset audio sync can find is the clocks' offset itself.

use super::super::audio::{Noise, Soundtrack, Sources, SAMPLE_RATE_HZ};
use super::super::script::{Script, FPS};
use super::PhoneClock;

pub const PHONE_SAMPLE_RATE_HZ: u32 = 44_100;
pub const PHONE_CHANNELS: u16 = 1;

/// The phone's soundtrack for its first `frame_count` frames.
pub fn synthesise(script: &Script, clock: &PhoneClock, frame_count: u32) -> Soundtrack {
    let total = frame_count as usize * (PHONE_SAMPLE_RATE_HZ / FPS) as usize;
    let end_script_secs = clock.script_secs(total as f64 / f64::from(PHONE_SAMPLE_RATE_HZ));
    // The sources up to a little past the last instant the phone hears, mixed as the roadside hears them.
    let script_frames = (end_script_secs * f64::from(FPS)).ceil() as u32 + 2;
    let heard: Vec<f32> = Sources::new(script, script_frames)
        .map(|s| (0.45 * s.engine + 1.1 * s.horn + 0.9 * s.thud + 5.0 * s.road_gain * (s.road[0] + s.road[1])) as f32)
        .collect();

    let mut wind = Noise(0x9E37_79B9);
    let mut hiss = Noise(0x2545_F491);
    let mut wind_lp = 0.0f64;
    let mut interleaved = Vec::with_capacity(total);
    for n in 0..total {
        let phone_secs = n as f64 / f64::from(PHONE_SAMPLE_RATE_HZ);
        let position = clock.script_secs(phone_secs) * f64::from(SAMPLE_RATE_HZ);
        let shared = cubic_at(&heard, position);
        // Wind: deep rumble in slow gusts, mostly below the band audio sync weighs; hiss: the street far off.
        wind_lp += (wind.next_value() - wind_lp) * 0.012;
        let gust = 0.6 + 0.4 * (phone_secs * 0.45).sin() * (phone_secs * 0.17 + 1.0).sin();
        let own = 0.9 * wind_lp * gust + 0.012 * hiss.next_value();
        interleaved.push((shared + own).tanh() as f32);
    }
    Soundtrack { sample_rate_hz: PHONE_SAMPLE_RATE_HZ, channels: PHONE_CHANNELS, interleaved }
}

/// `samples` at fractional index `position` (Catmull-Rom; 0 outside).
fn cubic_at(samples: &[f32], position: f64) -> f64 {
    let i = position.floor();
    let t = position - i;
    let at = |k: f64| -> f64 {
        if k < 0.0 {
            return 0.0;
        }
        samples.get(k as usize).map_or(0.0, |&v| f64::from(v))
    };
    let (p0, p1, p2, p3) = (at(i - 1.0), at(i), at(i + 1.0), at(i + 2.0));
    p1 + 0.5 * t * (p2 - p0 + t * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3 + t * (3.0 * (p1 - p2) + p3 - p0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubic_interpolation_passes_through_samples_and_follows_a_line() {
        let line: Vec<f32> = (0..10).map(|k| k as f32 * 0.5).collect();
        assert_eq!(cubic_at(&line, 4.0), 2.0);
        assert!((cubic_at(&line, 4.25) - 2.125).abs() < 1e-9);
        assert_eq!(cubic_at(&line, 50.0), 0.0);
    }

    #[test]
    fn length_and_rate_are_the_phones_and_the_horn_is_heard() {
        let script = Script::standard();
        let clock = PhoneClock::standard();
        let frames = 400;
        let track = synthesise(&script, &clock, frames);
        assert_eq!(track.frames(), frames as usize * 1470);
        assert_eq!(track, synthesise(&script, &clock, frames));
        let rms = |frame: u32| {
            let s = track.for_video_frame(frame);
            (s.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / s.len().max(1) as f64).sqrt()
        };
        // The first horn press (script frames 318–326) is at phone time (10.6 s − start)·(1 + drift).
        let horn_frame = (clock.phone_secs(320.0 / f64::from(FPS)) * f64::from(FPS)) as u32;
        assert!(rms(horn_frame) > 2.0 * rms(horn_frame - 60), "{} vs {}", rms(horn_frame), rms(horn_frame - 60));
    }
}
