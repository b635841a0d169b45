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
        let per = (self.sample_rate_hz / FPS) as usize * usize::from(self.channels);
        let start = (frame as usize * per).min(self.interleaved.len());
        let end = (start + per).min(self.interleaved.len());
        &self.interleaved[start..end]
    }
}

/// A tiny deterministic noise source (xorshift32), in −1..=1.
pub struct Noise(pub u32);

impl Noise {
    pub fn next_value(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        f64::from(self.0) / f64::from(u32::MAX) * 2.0 - 1.0
    }
}

/// The scene's sound sources at one sample of the 48 kHz script axis, before any microphone hears them: the
/// civilian car's engine, its horn, the contact thud, and its tyres' road noise (one low-passed noise per channel
/// of the in-car microphone, to be scaled by `road_gain`, which follows the speed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceSample {
    pub engine: f64,
    pub horn: f64,
    pub thud: f64,
    pub road: [f64; 2],
    pub road_gain: f64,
}

/// The sources sample by sample for the first `frame_count` frames of a script, in script order.
pub struct Sources<'a> {
    script: &'a Script,
    total: usize,
    s: usize,
    contact_sample: Option<u64>,
    engine_phase: f64,
    firing_phase: f64,
    horn_phases: [f64; 2],
    horn_level: f64,
    horn_attack: f64,
    noise: Noise,
    road_lp: [f64; 2],
}

impl<'a> Sources<'a> {
    pub fn new(script: &'a Script, frame_count: u32) -> Self {
        let frame_count = frame_count.min(script.states().len() as u32);
        let rate = f64::from(SAMPLE_RATE_HZ);
        Self {
            script,
            total: frame_count as usize * SAMPLES_PER_FRAME as usize,
            s: 0,
            contact_sample: script.contact_frame().map(|f| u64::from(f) * u64::from(SAMPLES_PER_FRAME)),
            engine_phase: 0.0,
            firing_phase: 0.0,
            horn_phases: [0.0; 2],
            horn_level: 0.0,
            horn_attack: 1.0 - (-1.0 / (0.008 * rate)).exp(),
            noise: Noise(0x1234_5678),
            road_lp: [0.0; 2],
        }
    }

    /// Samples this iterator yields in all.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

impl Iterator for Sources<'_> {
    type Item = SourceSample;

    fn next(&mut self) -> Option<SourceSample> {
        let s = self.s;
        if s >= self.total {
            return None;
        }
        self.s += 1;
        let rate = f64::from(SAMPLE_RATE_HZ);
        let frame = (s / SAMPLES_PER_FRAME as usize) as u32;
        let within = (s % SAMPLES_PER_FRAME as usize) as f64 / f64::from(SAMPLES_PER_FRAME);
        let state = self.script.state(frame)?;
        let next_speed = self.script.state(frame + 1).map_or(state.follower_speed_mps, |n| n.follower_speed_mps);
        let speed = state.follower_speed_mps + (next_speed - state.follower_speed_mps) * within;

        // Engine: fundamental rises with speed; a slower "firing" modulation gives it grain.
        let engine_hz = 42.0 + 2.7 * speed;
        self.engine_phase = (self.engine_phase + TAU * engine_hz / rate) % TAU;
        self.firing_phase = (self.firing_phase + TAU * engine_hz * 0.5 / rate) % TAU;
        let engine_phase = self.engine_phase;
        let grain = 0.8 + 0.2 * self.firing_phase.sin();
        let engine = (0.55 * engine_phase.sin() + 0.3 * (2.0 * engine_phase).sin() + 0.15 * (3.0 * engine_phase).sin())
            * grain
            * (0.16 + 0.004 * speed);

        // Horn: two detuned tones, soft-clipped, with a short attack and release.
        let target = if state.horn { 1.0 } else { 0.0 };
        self.horn_level += (target - self.horn_level) * self.horn_attack;
        self.horn_phases[0] = (self.horn_phases[0] + TAU * 415.0 / rate) % TAU;
        self.horn_phases[1] = (self.horn_phases[1] + TAU * 510.0 / rate) % TAU;
        let horn = if self.horn_level > 1e-4 {
            (2.2 * (self.horn_phases[0].sin() + self.horn_phases[1].sin())).tanh() * 0.28 * self.horn_level
        } else {
            0.0
        };

        // Thud: a falling low sine and a burst of noise from the contact sample on.
        let impact_noise = self.noise.next_value();
        let thud = match self.contact_sample {
            Some(c) if s as u64 >= c && (s as u64 - c) < u64::from(SAMPLE_RATE_HZ) / 2 => {
                let t = (s as u64 - c) as f64 / rate;
                let body = (TAU * (48.0 * t + 0.9 * (1.0 - (-t / 0.03).exp()))).sin() * (-t / 0.09).exp();
                0.85 * body + 0.35 * impact_noise * (-t / 0.02).exp()
            }
            _ => 0.0,
        };

        // Road noise: low-passed noise per channel, louder with speed.
        for ch in 0..2 {
            self.road_lp[ch] += (self.noise.next_value() - self.road_lp[ch]) * 0.06;
        }
        Some(SourceSample { engine, horn, thud, road: self.road_lp, road_gain: 0.05 * (speed / 20.0) })
    }
}

/// Synthesises the in-car soundtrack for the first `frame_count` frames of `script`.
pub fn synthesise(script: &Script, frame_count: u32) -> Soundtrack {
    let sources = Sources::new(script, frame_count);
    let mut interleaved = Vec::with_capacity(sources.len() * usize::from(CHANNELS));
    for src in sources {
        let mut out = [0.0f32; 2];
        for (slot, road) in out.iter_mut().zip(src.road) {
            let mix = src.engine + src.horn + src.thud + road * src.road_gain;
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
