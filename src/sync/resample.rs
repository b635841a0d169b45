//! Band-limited interpolation of a sampled sound at any positions: a Blackman-windowed sinc read from a finely
//! sampled table. It changes a track's rate (44.1 → 8 kHz), decimates for the coarse pass, and reads one recording
//! on the other's clock (a window stretched by the drift). Sample `i` of the input sits at position `i`; positions
//! between samples are exact to the kernel, so a resampled track keeps its time axis with no delay to correct.

/// Table points per input sample; linear interpolation between them is exact to ~1e-6 of the kernel's peak.
const OVERSAMPLE: usize = 512;

/// A windowed-sinc kernel for one cutoff.
pub(crate) struct Kernel {
    /// The kernel at `x = j / OVERSAMPLE` input samples for `j = 0..`, one guard point past the end.
    table: Vec<f32>,
    /// Half the kernel's length, in input samples.
    half_width: usize,
}

impl Kernel {
    /// A kernel passing up to `cutoff` × the input's Nyquist frequency (0 < cutoff ≤ 1), `zero_crossings` lobes
    /// each side of its centre (more: sharper and slower).
    pub(crate) fn new(cutoff: f64, zero_crossings: usize) -> Self {
        let cutoff = cutoff.clamp(1e-3, 1.0);
        let half_width_secs = zero_crossings as f64 / cutoff;
        let half_width = half_width_secs.ceil() as usize;
        let points = half_width * OVERSAMPLE + 2;
        let table = (0..points)
            .map(|j| {
                let x = j as f64 / OVERSAMPLE as f64;
                let sinc = if x == 0.0 {
                    1.0
                } else {
                    let arg = std::f64::consts::PI * cutoff * x;
                    arg.sin() / arg
                };
                (cutoff * sinc * blackman(x / half_width_secs)) as f32
            })
            .collect();
        Kernel { table, half_width }
    }

    /// The kernel at distance `d` (input samples, any sign).
    #[inline]
    fn at(&self, d: f64) -> f32 {
        let pos = d.abs() * OVERSAMPLE as f64;
        let j = pos as usize;
        let (Some(lo), Some(hi)) = (self.table.get(j), self.table.get(j + 1)) else { return 0.0 };
        let frac = (pos - j as f64) as f32;
        lo + (hi - lo) * frac
    }

    /// The input read at position `pos` (0 outside the input).
    pub(crate) fn sample_at(&self, input: &[f32], pos: f64) -> f32 {
        let centre = pos.floor() as i64;
        let hw = self.half_width as i64;
        let from = (centre - hw + 1).max(0);
        let to = (centre + hw).min(input.len() as i64 - 1);
        let mut sum = 0.0f32;
        for i in from..=to {
            sum += input[i as usize] * self.at(pos - i as f64);
        }
        sum
    }

    /// `count` values read at `first_pos`, `first_pos + step`, … (input samples).
    pub(crate) fn read(&self, input: &[f32], first_pos: f64, step: f64, count: usize) -> Vec<f32> {
        (0..count).map(|m| self.sample_at(input, first_pos + m as f64 * step)).collect()
    }
}

/// Blackman window over `u` in −1..1 (0 outside).
fn blackman(u: f64) -> f64 {
    if u.abs() >= 1.0 {
        return 0.0;
    }
    let phase = std::f64::consts::PI * (u + 1.0);
    0.42 - 0.5 * phase.cos() + 0.08 * (2.0 * phase).cos()
}

/// `input` sampled at `from_hz`, resampled to `to_hz` on the same time axis: output sample `m` is the sound at
/// input position `m · from_hz / to_hz`. Going down, content above 0.9 × the new Nyquist frequency is removed.
pub(crate) fn resample(input: &[f32], from_hz: u32, to_hz: u32, zero_crossings: usize) -> Vec<f32> {
    if from_hz == to_hz || from_hz == 0 || to_hz == 0 {
        return input.to_vec();
    }
    let step = f64::from(from_hz) / f64::from(to_hz);
    let cutoff = if to_hz < from_hz { 0.9 / step } else { 1.0 };
    let count = (input.len() as f64 / step).floor() as usize;
    Kernel::new(cutoff, zero_crossings).read(input, 0.0, step, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(freq_hz: f64, rate_hz: f64, count: usize, delay_secs: f64) -> Vec<f32> {
        (0..count)
            .map(|i| (2.0 * std::f64::consts::PI * freq_hz * (i as f64 / rate_hz - delay_secs)).sin() as f32)
            .collect()
    }

    #[test]
    fn a_tone_resampled_lands_where_the_same_tone_sampled_at_the_new_rate_does() {
        let src = tone(1234.5, 44_100.0, 44_100, 0.0);
        let got = resample(&src, 44_100, 48_000, 16);
        let want = tone(1234.5, 48_000.0, got.len(), 0.0);
        // Away from the ends (where the kernel runs off the input), equal to within the kernel's accuracy.
        let worst = got[200..got.len() - 200].iter().zip(&want[200..]).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(worst < 2e-3, "worst difference {worst}");
    }

    #[test]
    fn reading_between_samples_delays_exactly() {
        let src = tone(500.0, 8000.0, 8000, 0.0);
        let kernel = Kernel::new(1.0, 16);
        let got = kernel.read(&src, 100.25, 1.0, 1000);
        let want = tone(500.0, 8000.0, 1000, -100.25 / 8000.0);
        let worst = got.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(worst < 2e-3, "worst difference {worst}");
    }

    #[test]
    fn decimating_removes_what_the_new_rate_cannot_hold() {
        // 3 kHz at 8 kHz decimated to 1 kHz: far above the new Nyquist frequency, so almost nothing is left.
        let src = tone(3000.0, 8000.0, 16_000, 0.0);
        let got = resample(&src, 8000, 1000, 16);
        let rms = (got[50..got.len() - 50].iter().map(|v| v * v).sum::<f32>() / (got.len() - 100) as f32).sqrt();
        assert!(rms < 0.01, "rms {rms}");
        // 100 Hz passes.
        let low = resample(&tone(100.0, 8000.0, 16_000, 0.0), 8000, 1000, 16);
        let want = tone(100.0, 1000.0, low.len(), 0.0);
        let worst = low[50..low.len() - 50].iter().zip(&want[50..]).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(worst < 5e-3, "worst difference {worst}");
    }
}
