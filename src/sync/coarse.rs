//! The coarse pass: where B's sound is, at any offset. GCC-PHAT of the whole of both tracks decimated to the coarse
//! rate (2 kHz), over every lag that leaves enough overlap. Drift smears its peak: 100 ppm over 10 minutes spreads
//! it over 60 ms, where a peak without drift is about a millisecond wide, and faint shared sound would lose it to
//! the noise's highest lag. So the peak is looked for at several widths — the correlation's magnitude summed over
//! 1, 2, 4, … lags up to the widest smear the largest drift could make — each sum scored against its own spread
//! over all lags: each width's best is a candidate offset (the centre of the smear), strongest first, for the fine
//! passes to confirm or reject.

use super::gcc::{fft_len_for, Band, Correlator};
use super::resample::resample;
use super::windows::{Prediction, Track};
use super::{SyncOptions, SyncRefusal};

/// Lobes each side of the decimating kernel (the coarse pass needs no finer filter).
const ZERO_CROSSINGS: usize = 8;

/// Both tracks at the coarse rate.
pub(crate) struct Coarse {
    a: Vec<f32>,
    b: Vec<f32>,
    /// B's start minus A's start (media times).
    starts_secs: f64,
    rate_hz: f64,
}

fn internal(e: realfft::FftError) -> SyncRefusal {
    SyncRefusal::Internal(e.to_string())
}

impl Coarse {
    /// Decimates both tracks (side by side) from `options.analysis_rate_hz` to `options.coarse_rate_hz`.
    pub(crate) fn new(a: Track<'_>, b: Track<'_>, options: &SyncOptions) -> Self {
        let (rate_hz, coarse_hz) = (options.analysis_rate_hz, options.coarse_rate_hz);
        let decimate = |s: &[f32]| resample(s, rate_hz, coarse_hz, ZERO_CROSSINGS);
        let (ac, bc) = std::thread::scope(|scope| {
            let other = scope.spawn(|| decimate(a.samples));
            let bc = decimate(b.samples);
            (other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), bc)
        });
        Coarse { a: ac, b: bc, starts_secs: b.start_secs - a.start_secs, rate_hz: f64::from(coarse_hz) }
    }

    fn band(&self, options: &SyncOptions) -> Band {
        Band { low_hz: options.low_hz, high_hz: 0.45 * self.rate_hz }
    }

    /// Lags `k` (a[n] heard at b[n + k]) within `max_offset_secs`, clamped to `from..=to`.
    fn lag_range(&self, from: i64, to: i64, options: &SyncOptions) -> (i64, i64) {
        let Some(max) = options.max_offset_secs else { return (from, to) };
        let base = self.starts_secs * self.rate_hz;
        (from.max((-max * self.rate_hz - base).ceil() as i64), to.min((max * self.rate_hz - base).floor() as i64))
    }

    /// GCC-PHAT of the whole of both: candidate constant offsets with their scores, strongest first, none two
    /// within `guard_secs` of each other.
    pub(crate) fn whole(&self, options: &SyncOptions, guard_secs: f64) -> Result<Vec<(Prediction, f64)>, SyncRefusal> {
        let rc = self.rate_hz;
        let fft_len = fft_len_for(self.a.len() + self.b.len());
        let corr = Correlator::new().phat(&self.a, &self.b, fft_len, rc, self.band(options)).map_err(internal)?;
        let min_overlap = (options.min_overlap_secs * rc).ceil() as i64;
        let (from, to) = self.lag_range(min_overlap - self.a.len() as i64, self.b.len() as i64 - min_overlap, options);
        let shorter_secs = self.a.len().min(self.b.len()) as f64 / rc;
        let widest = (options.max_drift_ppm * 1e-6 * shorter_secs * rc).ceil() as usize + 1;
        let mut candidates: Vec<(Prediction, f64)> = Vec::new();
        for peak in corr.smeared_peaks(from, to, widest) {
            let offset_secs = self.starts_secs + peak.lag / rc;
            if candidates.iter().all(|(p, _)| (p.offset_secs - offset_secs).abs() > guard_secs) {
                candidates.push((Prediction { offset_secs, drift: 0.0, ref_a_secs: 0.0 }, peak.score));
            }
        }
        if candidates.is_empty() {
            return Err(SyncRefusal::OverlapTooShort {
                overlap_secs: shorter_secs,
                min_secs: options.min_overlap_secs,
            });
        }
        Ok(candidates)
    }
}
