//! An [`AudioSync`] in words, for the command line and the audit log: offset and drift with their uncertainties,
//! the confidence and how the windows agree, and what the offset measures (sound arrival, not emission).

use std::fmt;

use super::{AudioSync, SOUND_MS_PER_METRE};

impl AudioSync {
    /// The windows the line kept: (largest |residual| ms, number left out).
    fn residual_summary(&self) -> (f64, usize) {
        let worst = self.windows.iter().filter(|w| w.inlier).map(|w| w.residual_ms.abs()).fold(0.0, f64::max);
        (worst, self.windows.len() - self.inliers())
    }
}

impl fmt::Display for AudioSync {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (worst_ms, left_out) = self.residual_summary();
        writeln!(
            f,
            "offset {:+.3} ± {:.3} ms (B's media time minus A's, at A's {:.3} s)",
            self.offset_ms, self.offset_unc_ms, self.ref_a_secs
        )?;
        writeln!(f, "drift {:+.2} ± {:.2} ppm (B's clock against A's)", self.drift_ppm, self.drift_unc_ppm)?;
        writeln!(
            f,
            "confidence {:.2}: {} of {} windows agree ({} left out, {} silent)",
            self.confidence,
            self.inliers(),
            self.windows.len(),
            left_out,
            self.silent_windows
        )?;
        writeln!(
            f,
            "window residuals: rms {:.3} ms, largest kept {:.3} ms; {:.0} s windows over {:.1} s of overlap from A's \
             {:.3} s; compared at {} Hz",
            self.residual_rms_ms,
            worst_ms,
            self.window_secs,
            self.overlap_secs,
            self.overlap_start_a_secs,
            self.analysis_rate_hz
        )?;
        write!(
            f,
            "the offset is of sound arrival at the two microphones: a source nearer one camera reaches it first, \
             {SOUND_MS_PER_METRE} ms per metre of difference in distance"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::sync::{AudioSync, SyncWindow};

    #[test]
    fn the_text_says_what_the_offset_measures() {
        let window = |a_secs, residual_ms, inlier| SyncWindow {
            a_secs,
            offset_ms: 1500.0 + residual_ms,
            residual_ms,
            peak_quality: 0.9,
            inlier,
        };
        let sync = AudioSync {
            offset_ms: 1500.0,
            offset_unc_ms: 0.012,
            drift_ppm: -42.5,
            drift_unc_ppm: 0.3,
            ref_a_secs: 30.0,
            overlap_secs: 60.0,
            overlap_start_a_secs: 0.0,
            confidence: 0.6,
            window_secs: 4.0,
            coarse_score: 40.0,
            windows: vec![window(10.0, 0.02, true), window(30.0, -0.04, true), window(50.0, 8.0, false)],
            silent_windows: 1,
            residual_rms_ms: 0.03,
            analysis_rate_hz: 8000,
        };
        let text = sync.to_string();
        assert!(text.contains("offset +1500.000 ± 0.012 ms"), "{text}");
        assert!(text.contains("drift -42.50 ± 0.30 ppm"), "{text}");
        assert!(text.contains("2 of 3 windows agree (1 left out, 1 silent)"), "{text}");
        assert!(text.contains("largest kept 0.040 ms"), "{text}");
        assert!(text.contains("sound arrival") && text.contains("2.9 ms per metre"), "{text}");
    }
}
