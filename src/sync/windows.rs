//! The fine pass: windows laid along the overlap, each correlated on its own against B read around where a
//! prediction (a constant offset, or a line) puts it, at the analysis rate. B is read on A's clock — stretched by
//! the predicted drift — so a window's peak is not smeared by drift. Windows run on every core, each thread with
//! its own FFT plans.

use super::gcc::{fft_len_for, Band, Correlator};
use super::resample::Kernel;

/// Below this RMS a window is silent (about −80 dBFS).
const SILENCE_RMS: f32 = 1e-4;

/// Lobes each side of the kernel that reads B between samples (symmetric, so it delays nothing; PHAT ignores
/// its gentle roll-off).
const READ_ZERO_CROSSINGS: usize = 12;

/// A track at the analysis rate.
#[derive(Clone, Copy)]
pub(crate) struct Track<'a> {
    pub samples: &'a [f32],
    pub start_secs: f64,
}

/// Where B's sound is expected: `t_b = t_a + offset_secs + drift · (t_a − ref_a_secs)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prediction {
    pub offset_secs: f64,
    pub drift: f64,
    pub ref_a_secs: f64,
}

impl Prediction {
    fn b_secs(&self, a_secs: f64) -> f64 {
        a_secs + self.offset_secs + self.drift * (a_secs - self.ref_a_secs)
    }
}

/// What one window measured.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Measured {
    pub a_secs: f64,
    pub offset_secs: f64,
    pub quality: f64,
}

/// The fine pass's settings.
#[derive(Clone, Copy)]
pub(crate) struct Pass {
    pub rate_hz: f64,
    pub window_secs: f64,
    /// How far either side of the prediction the peak is searched.
    pub margin_secs: f64,
    pub band: Band,
}

/// Centres (A's media time) of windows of `window_secs` over `start..end`: back to back, or `max` of them spread
/// evenly when more would fit.
pub(crate) fn centres(start_secs: f64, end_secs: f64, window_secs: f64, max: usize) -> Vec<f64> {
    let fit = ((end_secs - start_secs) / window_secs).floor();
    if !fit.is_finite() || fit < 1.0 || max == 0 {
        return Vec::new();
    }
    let count = (fit as usize).min(max);
    let first = start_secs + window_secs / 2.0;
    let last = end_secs - window_secs / 2.0;
    if count == 1 {
        return vec![0.5 * (first + last)];
    }
    let step = (last - first) / (count - 1) as f64;
    (0..count).map(|i| first + i as f64 * step).collect()
}

/// Measures every window; `None` for a window silent on either side. Errors only if an FFT fails.
pub(crate) fn measure_all(
    a: Track<'_>,
    b: Track<'_>,
    centres: &[f64],
    predict: Prediction,
    pass: Pass,
) -> Result<Vec<Option<Measured>>, realfft::FftError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, centres.len().max(1));
    let chunk = centres.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<Option<Measured>>, realfft::FftError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = centres
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut correlator = Correlator::new();
                    let kernel = Kernel::new(1.0, READ_ZERO_CROSSINGS);
                    part.iter().map(|c| measure(a, b, *c, predict, pass, &mut correlator, &kernel)).collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut all = Vec::with_capacity(centres.len());
    for part in results {
        all.extend(part?);
    }
    Ok(all)
}

fn rms(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    (values.iter().map(|v| v * v).sum::<f32>() / values.len() as f32).sqrt()
}

fn measure(
    a: Track<'_>,
    b: Track<'_>,
    centre_secs: f64,
    predict: Prediction,
    pass: Pass,
    correlator: &mut Correlator,
    kernel: &Kernel,
) -> Result<Option<Measured>, realfft::FftError> {
    let r = pass.rate_hz;
    let a_len = (pass.window_secs * r).round() as usize;
    let a_first = ((centre_secs - pass.window_secs / 2.0 - a.start_secs) * r).round() as i64;
    let (Ok(from), Ok(to)) = (usize::try_from(a_first), usize::try_from(a_first + a_len as i64)) else {
        return Ok(None);
    };
    let Some(a_seg) = a.samples.get(from..to) else { return Ok(None) };
    // A sample n of the window (at A's time t0 + n/r) is expected at B position b_first + margin + n·step.
    let t0 = a.start_secs + a_first as f64 / r;
    let step = 1.0 + predict.drift;
    let margin = (pass.margin_secs * r).ceil() as usize;
    let mut b_first = (predict.b_secs(t0) - b.start_secs) * r - margin as f64;
    let b_len = a_len + 2 * margin;
    let b_seg = if predict.drift == 0.0 {
        // Whole samples: a plain copy (the prediction moves by up to half a sample, the measurement does not).
        b_first = b_first.round();
        let first = b_first as i64;
        (0..b_len as i64)
            .map(|m| usize::try_from(first + m).ok().and_then(|i| b.samples.get(i)).copied().unwrap_or(0.0))
            .collect()
    } else {
        kernel.read(b.samples, b_first, step, b_len)
    };
    if rms(a_seg) < SILENCE_RMS || rms(&b_seg) < SILENCE_RMS {
        return Ok(None);
    }
    let corr = correlator.phat(a_seg, &b_seg, fft_len_for(a_len + b_len), r, pass.band)?;
    let guard = (0.002 * r).ceil() as i64;
    let Some(peak) = corr.peak(0, 2 * margin as i64, guard) else { return Ok(None) };
    let n_centre = (a_len as f64 - 1.0) / 2.0;
    let a_secs = t0 + n_centre / r;
    let b_secs = b.start_secs + (b_first + (n_centre + peak.lag) * step) / r;
    Ok(Some(Measured { a_secs, offset_secs: b_secs - a_secs, quality: peak.quality }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_back_to_back_or_spread() {
        assert_eq!(centres(10.0, 22.0, 4.0, 10), vec![12.0, 16.0, 20.0]);
        assert_eq!(centres(0.0, 100.0, 4.0, 3), vec![2.0, 50.0, 98.0]);
        assert!(centres(0.0, 3.0, 4.0, 10).is_empty());
        assert_eq!(centres(0.0, 5.0, 4.0, 10), vec![2.5]);
    }
}
