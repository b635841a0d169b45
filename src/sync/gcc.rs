//! GCC-PHAT (Knapp & Carter 1976): the cross-spectrum of two sounds divided by its own magnitude, kept only inside
//! a frequency band, then transformed back. Whitening every frequency to the same weight makes the peak as sharp as
//! the band allows whatever the two microphones' colouring and gain, which is what two cameras with different
//! microphones and levels need. The peak's position is refined below one sample by maximising the band-limited
//! correlation itself (Newton's method on its Fourier series), not a parabola through three points.

use realfft::num_complex::Complex;
use realfft::RealFftPlanner;

/// The frequencies the weighting keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Band {
    pub low_hz: f64,
    pub high_hz: f64,
}

/// A PHAT-weighted cross-spectrum and its correlation, circular over `fft_len` lags: `values[k]` is the weighted
/// correlation of `a[n]` with `b[n + k]` (negative lags wrap to the end).
pub(crate) struct Correlation {
    pub fft_len: usize,
    spectrum: Vec<Complex<f32>>,
    /// Bins `first_bin..=last_bin` are the band; the rest of `spectrum` is zero.
    first_bin: usize,
    last_bin: usize,
    pub values: Vec<f32>,
}

/// The strongest peak of a correlation over a range of lags.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peak {
    /// The refined lag, in samples (b later than a by this many samples).
    pub lag: f64,
    /// 1 − (highest value away from the peak) / (the peak): 0 when another lag is as strong, near 1 for one clear
    /// peak.
    pub quality: f64,
    /// How far the peak stands out: its height over the median absolute value of the lags searched ([`peak`]), or
    /// robust standard deviations above the median ([`smeared_peaks`]).
    ///
    /// [`peak`]: Correlation::peak
    /// [`smeared_peaks`]: Correlation::smeared_peaks
    pub score: f64,
}

/// Forward and inverse real FFTs, planned once per length.
pub(crate) struct Correlator {
    planner: RealFftPlanner<f32>,
}

/// The smallest length ≥ `min` of the form 2^a·3^b·5^c with a ≥ 1, which RustFFT transforms fast.
pub(crate) fn fft_len_for(min: usize) -> usize {
    let mut best = min.max(2).next_power_of_two();
    let mut p5 = 1usize;
    while p5 < best {
        let mut p35 = p5;
        while p35 < best {
            let mut n = p35 * 2;
            while n < min {
                n *= 2;
            }
            best = best.min(n);
            p35 *= 3;
        }
        p5 *= 5;
    }
    best
}

impl Correlator {
    pub(crate) fn new() -> Self {
        Correlator { planner: RealFftPlanner::new() }
    }

    /// The spectrum of `x` zero-padded (or cut) to `fft_len`.
    pub(crate) fn spectrum(&mut self, x: &[f32], fft_len: usize) -> Result<Vec<Complex<f32>>, realfft::FftError> {
        let forward = self.planner.plan_fft_forward(fft_len);
        let mut buffer = forward.make_input_vec();
        let n = x.len().min(fft_len);
        buffer[..n].copy_from_slice(&x[..n]);
        let mut spectrum = forward.make_output_vec();
        forward.process(&mut buffer, &mut spectrum)?;
        Ok(spectrum)
    }

    /// The PHAT-weighted correlation of `a` and `b` (each zero-padded to `fft_len`) over `band` at `rate_hz`.
    pub(crate) fn phat(
        &mut self,
        a: &[f32],
        b: &[f32],
        fft_len: usize,
        rate_hz: f64,
        band: Band,
    ) -> Result<Correlation, realfft::FftError> {
        let spec_a = self.spectrum(a, fft_len)?;
        let spec_b = self.spectrum(b, fft_len)?;
        self.phat_of(&spec_a, &spec_b, fft_len, rate_hz, band)
    }

    /// [`Correlator::phat`] from the two spectra (of length `fft_len / 2 + 1`).
    pub(crate) fn phat_of(
        &mut self,
        spec_a: &[Complex<f32>],
        spec_b: &[Complex<f32>],
        fft_len: usize,
        rate_hz: f64,
        band: Band,
    ) -> Result<Correlation, realfft::FftError> {
        let bin_hz = rate_hz / fft_len as f64;
        let nyquist_bin = fft_len / 2;
        let first_bin = ((band.low_hz / bin_hz).ceil() as usize).clamp(1, nyquist_bin - 1);
        let last_bin = ((band.high_hz / bin_hz).floor() as usize).clamp(first_bin, nyquist_bin - 1);
        let mut total = 0.0f64;
        let mut spectrum: Vec<Complex<f32>> = spec_a
            .iter()
            .zip(spec_b)
            .enumerate()
            .map(|(k, (x, y))| {
                let g = if (first_bin..=last_bin).contains(&k) { x.conj() * y } else { Complex::new(0.0, 0.0) };
                total += f64::from(g.norm());
                g
            })
            .collect();
        // Bins far below the typical magnitude (digital silence) stay near zero instead of being blown up.
        let floor = (1e-6 * total / (last_bin + 1 - first_bin) as f64) as f32 + f32::MIN_POSITIVE;
        for x in &mut spectrum[first_bin..=last_bin] {
            *x /= x.norm() + floor;
        }
        let inverse = self.planner.plan_fft_inverse(fft_len);
        let mut values = inverse.make_output_vec();
        let mut scratch = spectrum.clone();
        inverse.process(&mut scratch, &mut values)?;
        let scale = 1.0 / (2 * (last_bin + 1 - first_bin)) as f32;
        values.iter_mut().for_each(|v| *v *= scale);
        Ok(Correlation { fft_len, spectrum, first_bin, last_bin, values })
    }
}

impl Correlation {
    fn at(&self, lag: i64) -> f32 {
        self.values[lag.rem_euclid(self.fft_len as i64) as usize]
    }

    /// The strongest peak (of either sign: a microphone wired inverted still lines up) among lags
    /// `from..=to`, refined below one sample. `guard` lags either side of it are left out of its quality.
    pub(crate) fn peak(&self, from: i64, to: i64, guard: i64) -> Option<Peak> {
        if to < from {
            return None;
        }
        let mut best = (from, 0.0f32);
        let mut magnitudes = Vec::with_capacity((to - from + 1) as usize);
        for lag in from..=to {
            let v = self.at(lag).abs();
            magnitudes.push(v);
            if v > best.1 {
                best = (lag, v);
            }
        }
        let (at, height) = best;
        if height <= 0.0 {
            return None;
        }
        let second = (from..=to).filter(|l| (l - at).abs() > guard).map(|l| self.at(l).abs()).fold(0.0f32, f32::max);
        let mid = magnitudes.len() / 2;
        magnitudes.select_nth_unstable_by(mid, f32::total_cmp);
        let median = f64::from(magnitudes[mid]).max(1e-12);
        let sign = self.at(at).signum();
        Some(Peak {
            lag: self.refine(at, sign),
            quality: f64::from(1.0 - second / height).clamp(0.0, 1.0),
            score: f64::from(height) / median,
        })
    }

    /// Candidate peaks among lags `from..=to` when the peak may be smeared over up to `widest` lags (drift): for
    /// each width 1, 2, 4, … `widest`, the run of that many consecutive lags whose summed magnitude stands highest
    /// above the median of all such sums, in robust standard deviations (its `score`). Strongest first. `lag` is
    /// the centre of the run (refined below one sample for a run of one).
    pub(crate) fn smeared_peaks(&self, from: i64, to: i64, widest: usize) -> Vec<Peak> {
        if to < from {
            return Vec::new();
        }
        let mut prefix = Vec::with_capacity((to - from + 2) as usize);
        prefix.push(0.0f64);
        let mut sum = 0.0f64;
        for lag in from..=to {
            // Magnitudes: the band has no DC, so signed values would sum to nothing over a smeared peak.
            sum += f64::from(self.at(lag).abs());
            prefix.push(sum);
        }
        let n = prefix.len() - 1;
        let mut found: Vec<Peak> = Vec::new();
        let mut width = 1usize;
        while width <= n {
            let count = n - width + 1;
            let run = |i: usize| prefix[i + width] - prefix[i];
            // The median and spread from at most ~100 000 of the sums.
            let mut sample: Vec<f64> = (0..count).step_by((count / 100_000).max(1)).map(run).collect();
            let mid = sample.len() / 2;
            let median = *sample.select_nth_unstable_by(mid, f64::total_cmp).1;
            let mut deviations: Vec<f64> = sample.iter().map(|v| (v - median).abs()).collect();
            let spread = (1.4826 * *deviations.select_nth_unstable_by(mid, f64::total_cmp).1).max(1e-12);
            if let Some((at, score)) =
                (0..count).map(|i| (i, (run(i) - median) / spread)).max_by(|x, y| x.1.total_cmp(&y.1))
            {
                let first = from + at as i64;
                let lag = if width == 1 {
                    self.refine(first, self.at(first).signum())
                } else {
                    first as f64 + (width - 1) as f64 / 2.0
                };
                found.push(Peak { lag, quality: 0.0, score });
            }
            if width >= widest {
                break;
            }
            width = (width * 2).min(widest);
        }
        found.sort_by(|x, y| y.score.total_cmp(&x.score));
        found
    }

    /// The lag near `at` where `sign` × the band-limited correlation is highest: a parabola through the three
    /// samples gives the start, Newton's method on the correlation's Fourier series the rest.
    fn refine(&self, at: i64, sign: f32) -> f64 {
        let (left, mid, right) = (sign * self.at(at - 1), sign * self.at(at), sign * self.at(at + 1));
        let curvature = f64::from(left - 2.0 * mid + right);
        let start = if curvature < 0.0 { 0.5 * f64::from(left - right) / curvature } else { 0.0 };
        let mut tau = at as f64 + start.clamp(-0.5, 0.5);
        let omega = 2.0 * std::f64::consts::PI / self.fft_len as f64;
        for _ in 0..6 {
            // f(τ) = Σ sign·Re(G_k e^{iω_k τ}); f' and f'' by the series, each bin once.
            let step = Complex::<f64>::from_polar(1.0, omega * tau);
            let mut z = Complex::<f64>::from_polar(1.0, omega * tau * self.first_bin as f64);
            let (mut slope, mut bend) = (0.0f64, 0.0f64);
            for (i, g) in self.spectrum[self.first_bin..=self.last_bin].iter().enumerate() {
                let w = omega * (self.first_bin + i) as f64;
                let gz = Complex::new(f64::from(g.re), f64::from(g.im)) * z;
                slope -= w * gz.im;
                bend -= w * w * gz.re;
                z *= step;
            }
            let (slope, bend) = (f64::from(sign) * slope, f64::from(sign) * bend);
            if bend >= 0.0 {
                break;
            }
            let next = tau - slope / bend;
            if (next - at as f64).abs() > 1.0 {
                break;
            }
            let done = (next - tau).abs() < 1e-6;
            tau = next;
            if done {
                break;
            }
        }
        tau
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// White noise in −1..1 from the scenes' generator.
    fn noise(count: usize, seed: u64) -> Vec<f32> {
        let mut rng = crate::sync::estimate_tests::Rng(seed);
        (0..count).map(|_| (rng.next_f64() * 2.0 - 1.0) as f32).collect()
    }

    #[test]
    fn smooth_lengths() {
        assert_eq!(fft_len_for(1000), 1000);
        assert_eq!(fft_len_for(1001), 1024);
        assert_eq!(fft_len_for(37_601), 38_400);
        for n in [2, 3, 17, 4097, 123_457] {
            let len = fft_len_for(n);
            assert!(len >= n && len.is_multiple_of(2) && len < 2 * n + 2, "{n} → {len}");
        }
    }

    #[test]
    fn a_fractional_delay_is_found_to_a_hundredth_of_a_sample() {
        let src = noise(20_000, 7);
        let kernel = crate::sync::resample::Kernel::new(0.9, 16);
        // b[n] = src(n − 37.3): the sound reaches b 37.3 samples after a.
        let a = kernel.read(&src, 1000.0, 1.0, 8000);
        let b = kernel.read(&src, 1000.0 - 37.3, 1.0, 8000);
        let band = Band { low_hz: 50.0, high_hz: 3400.0 };
        let corr = Correlator::new().phat(&a, &b, fft_len_for(16_000), 8000.0, band).expect("fft");
        let peak = corr.peak(-200, 200, 4).expect("a peak");
        assert!((peak.lag - 37.3).abs() < 0.01, "lag {}", peak.lag);
        assert!(peak.quality > 0.8, "quality {}", peak.quality);
    }

    #[test]
    fn unrelated_noise_has_no_clear_peak() {
        let a = noise(8000, 1);
        let b = noise(8000, 2);
        let band = Band { low_hz: 50.0, high_hz: 3400.0 };
        let corr = Correlator::new().phat(&a, &b, fft_len_for(16_000), 8000.0, band).expect("fft");
        let peak = corr.peak(-2000, 2000, 4).expect("a peak");
        assert!(peak.quality < 0.3, "quality {}", peak.quality);
    }
}
