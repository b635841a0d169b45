//! The sample's soundtrack, synthesised from the script: the camera car's engine hum (pitch follows its speed),
//! road noise, horn beeps on the scripted frames and a thud on the contact frame. 48 kHz stereo `f32`.
//!
//! Sample `s` belongs to frame `s / SAMPLES_PER_FRAME` exactly (48 000 / 30 = 1 600), so sound and picture line up.

use std::f64::consts::TAU;

use super::script::{Script, FPS};

pub const SAMPLE_RATE_HZ: u32 = 48_000;
pub const CHANNELS: u16 = 2;
pub const SAMPLES_PER_FRAME: u32 = SAMPLE_RATE_HZ / FPS;

/// Interleaved samples (L, R, L, R, …) in −1..=1.
#[derive(Clone, Debug, PartialEq)]
pub struct Soundtrack {
    pub sample_rate_hz: u32,
    pub channels: u16,
    pub interleaved: Vec<f32>,
}

impl Soundtrack {
    /// Samples per channel.
    pub fn frames(&self) -> usize {
        self.interleaved.len() / usize::from(self.channels.max(1))
    }

    /// The interleaved samples belonging to video frame `frame` (empty past the end).
    pub fn for_video_frame(&self, frame: u32) -> &[f32] {
        let per = SAMPLES_PER_FRAME as usize * usize::from(self.channels);
        let start = (frame as usize * per).min(self.interleaved.len());
        let end = (start + per).min(self.interleaved.len());
        &self.interleaved[start..end]
    }
}

/// A tiny deterministic noise source (xorshift32).
struct Noise(u32);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        f64::from(self.0) / f64::from(u32::MAX) * 2.0 - 1.0
    }
}

/// Synthesises the soundtrack for the first `frame_count` frames of `script`.
pub fn synthesise(script: &Script, frame_count: u32) -> Soundtrack {
    let frame_count = frame_count.min(script.states().len() as u32);
    let total = frame_count as usize * SAMPLES_PER_FRAME as usize;
    let rate = f64::from(SAMPLE_RATE_HZ);
    let contact_sample = script.contact_frame().map(|f| u64::from(f) * u64::from(SAMPLES_PER_FRAME));

    let mut interleaved = Vec::with_capacity(total * usize::from(CHANNELS));
    let mut engine_phase = 0.0f64;
    let mut firing_phase = 0.0f64;
    let mut horn_phases = [0.0f64; 2];
    let mut horn_level = 0.0f64;
    let mut noise = Noise(0x1234_5678);
    let mut road_lp = [0.0f64; 2];
    let horn_attack = 1.0 - (-1.0 / (0.008 * rate)).exp();

    for s in 0..total {
        let frame = (s / SAMPLES_PER_FRAME as usize) as u32;
        let within = (s % SAMPLES_PER_FRAME as usize) as f64 / f64::from(SAMPLES_PER_FRAME);
        let Some(state) = script.state(frame) else { break };
        let next_speed = script.state(frame + 1).map_or(state.follower_speed_mps, |n| n.follower_speed_mps);
        let speed = state.follower_speed_mps + (next_speed - state.follower_speed_mps) * within;

        // Engine: fundamental rises with speed; a slower "firing" modulation gives it grain.
        let engine_hz = 42.0 + 2.7 * speed;
        engine_phase = (engine_phase + TAU * engine_hz / rate) % TAU;
        firing_phase = (firing_phase + TAU * engine_hz * 0.5 / rate) % TAU;
        let grain = 0.8 + 0.2 * firing_phase.sin();
        let engine = (0.55 * engine_phase.sin() + 0.3 * (2.0 * engine_phase).sin() + 0.15 * (3.0 * engine_phase).sin())
            * grain
            * (0.16 + 0.004 * speed);

        // Horn: two detuned tones, soft-clipped, with a short attack and release.
        let target = if state.horn { 1.0 } else { 0.0 };
        horn_level += (target - horn_level) * horn_attack;
        horn_phases[0] = (horn_phases[0] + TAU * 415.0 / rate) % TAU;
        horn_phases[1] = (horn_phases[1] + TAU * 510.0 / rate) % TAU;
        let horn = if horn_level > 1e-4 {
            (2.2 * (horn_phases[0].sin() + horn_phases[1].sin())).tanh() * 0.28 * horn_level
        } else {
            0.0
        };

        // Thud: a falling low sine and a burst of noise from the contact sample on.
        let impact_noise = noise.next();
        let thud = match contact_sample {
            Some(c) if s as u64 >= c && (s as u64 - c) < u64::from(SAMPLE_RATE_HZ) / 2 => {
                let t = (s as u64 - c) as f64 / rate;
                let body = (TAU * (48.0 * t + 0.9 * (1.0 - (-t / 0.03).exp()))).sin() * (-t / 0.09).exp();
                0.85 * body + 0.35 * impact_noise * (-t / 0.02).exp()
            }
            _ => 0.0,
        };

        // Road noise: low-passed noise per channel, louder with speed.
        let road_gain = 0.05 * (speed / 20.0);
        let mut out = [0.0f32; 2];
        for (ch, slot) in out.iter_mut().enumerate() {
            road_lp[ch] += (noise.next() - road_lp[ch]) * 0.06;
            let mix = engine + horn + thud + road_lp[ch] * road_gain;
            *slot = mix.tanh() as f32;
        }
        interleaved.extend_from_slice(&out);
    }
    Soundtrack { sample_rate_hz: SAMPLE_RATE_HZ, channels: CHANNELS, interleaved }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::script::HORN_FRAMES;

    fn rms(samples: &[f32]) -> f64 {
        let sum: f64 = samples.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
        (sum / samples.len().max(1) as f64).sqrt()
    }

    #[test]
    fn length_matches_frames_and_is_deterministic() {
        let script = Script::standard();
        let a = synthesise(&script, 60);
        assert_eq!(a.frames(), 60 * SAMPLES_PER_FRAME as usize);
        assert_eq!(a, synthesise(&script, 60));
        assert!(a.interleaved.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
    }

    #[test]
    fn horn_and_thud_are_louder_than_cruising() {
        let script = Script::standard();
        let track = synthesise(&script, 1300);
        let quiet = rms(track.for_video_frame(100));
        let (horn_start, _) = HORN_FRAMES[0];
        let horn = rms(track.for_video_frame(horn_start + 3));
        assert!(horn > quiet * 1.5, "horn {horn} vs cruise {quiet}");
        let Some(contact) = script.contact_frame() else { panic!("no contact") };
        let before = rms(track.for_video_frame(contact - 1));
        let thud = rms(track.for_video_frame(contact));
        assert!(thud > before * 1.5, "thud {thud} vs before {before}");
    }
}
