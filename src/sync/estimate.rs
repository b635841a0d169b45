//! [`estimate_audio_sync`]: the coarse passes, the fine passes of windows and the line through them, and the
//! decision to give the result or refuse it.

use std::borrow::Cow;

use super::coarse::Coarse;
use super::gcc::Band;
use super::line_fit::{robust_line, LineFit, Tolerance};
use super::resample::resample;
use super::windows::{self, Measured, Pass, Prediction, Track};
use super::{AudioSync, Recording, SoundTrack, SyncOptions, SyncRefusal, SyncWindow};

/// Below this RMS over the whole track, a recording is silent (about −80 dBFS).
const SILENT_TRACK_RMS: f64 = 1e-4;

/// A window within this of the line is always kept; one beyond the ceiling never is. A source or a camera wearer
/// that moves 1.7 m changes the arrival time by 5 ms: windows beyond that do not fit one line and count against
/// the confidence.
const TOLERANCE: Tolerance = Tolerance { floor: 0.0005, ceiling: 0.005 };

/// Lobes each side of the kernel that changes a track's rate.
const RATE_ZERO_CROSSINGS: usize = 16;

/// How recording `b` lines up with recording `a` (see [`AudioSync`] for the exact meaning), or why it cannot be
/// told from their sound.
pub fn estimate_audio_sync(a: &SoundTrack, b: &SoundTrack, options: &SyncOptions) -> Result<AudioSync, SyncRefusal> {
    check_options(options)?;
    let rate_hz = options.analysis_rate_hz;
    let a_samples = at_rate(a, rate_hz);
    let b_samples = at_rate(b, rate_hz);
    check_track(&a_samples, Recording::A, options)?;
    check_track(&b_samples, Recording::B, options)?;
    let ta = Track { samples: &a_samples, start_secs: a.start_secs };
    let tb = Track { samples: &b_samples, start_secs: b.start_secs };
    // Candidates closer than the fine passes' reach to one already tried would find the same thing.
    let reach_secs = 0.5 * options.max_drift_ppm * 1e-6 * a.duration_secs().min(b.duration_secs()) + 0.02;
    let candidates = Coarse::new(ta, tb, options).whole(options, reach_secs)?;
    let mut refusal = None;
    for (predict, coarse_score) in candidates.into_iter().take(MAX_CANDIDATES) {
        match attempt(ta, tb, predict, coarse_score, options) {
            Ok(sync) => return Ok(sync),
            Err(SyncRefusal::Internal(e)) => return Err(SyncRefusal::Internal(e)),
            Err(other) => {
                if refusal.as_ref().is_none_or(|r| best_guess_confidence(&other) > best_guess_confidence(r)) {
                    refusal = Some(other);
                }
            }
        }
    }
    Err(refusal.unwrap_or(SyncRefusal::Internal("the coarse pass gave no candidate".into())))
}

/// How many of the coarse pass's candidate offsets the fine passes try, strongest first.
const MAX_CANDIDATES: usize = 3;

fn best_guess_confidence(refusal: &SyncRefusal) -> f64 {
    match refusal {
        SyncRefusal::NoClearSound { confidence, .. } => *confidence,
        _ => -1.0,
    }
}

/// The fine passes around `predict`, over the overlap it implies: the result, or the refusal with the best guess.
fn attempt(
    a: Track<'_>,
    b: Track<'_>,
    predict: Prediction,
    coarse_score: f64,
    options: &SyncOptions,
) -> Result<AudioSync, SyncRefusal> {
    let rate = f64::from(options.analysis_rate_hz);
    let end = |t: Track<'_>| t.start_secs + t.samples.len() as f64 / rate;
    // B's sound from b_secs is heard at A's (b_secs − offset + drift·ref) / (1 + drift).
    let on_a =
        |b_secs: f64| (b_secs - predict.offset_secs + predict.drift * predict.ref_a_secs) / (1.0 + predict.drift);
    let overlap_start = a.start_secs.max(on_a(b.start_secs));
    let overlap_end = end(a).min(on_a(end(b)));
    let overlap_secs = overlap_end - overlap_start;
    if overlap_secs < options.min_overlap_secs {
        return Err(SyncRefusal::OverlapTooShort {
            overlap_secs: overlap_secs.max(0.0),
            min_secs: options.min_overlap_secs,
        });
    }
    let mut pass = Pass {
        rate_hz: rate,
        // A hair under overlap / min_windows, so that min_windows of them fit.
        window_secs: options.window_secs.min(overlap_secs / options.min_windows as f64 * (1.0 - 1e-9)),
        margin_secs: options.max_drift_ppm * 1e-6 * overlap_secs + 2.0 / f64::from(options.coarse_rate_hz) + 0.005,
        band: Band { low_hz: options.low_hz, high_hz: options.high_hz.min(0.45 * rate) },
    };
    let overlap = (overlap_start, overlap_end);
    let mut fine = fine_passes(a, b, predict, overlap, pass, options)?;
    // Faint shared sound: windows 4 times as long gather 4 times the evidence each, if enough of them still fit.
    let longer = pass.window_secs * LONGER_WINDOWS;
    if !fine.acceptable(options) && longer * options.min_windows as f64 <= overlap_secs {
        pass.window_secs = longer;
        fine = fine_passes(a, b, predict, overlap, pass, options)?;
    }
    let Fine { measured, line, confidence } = fine;
    let Some(line) = line else { return Err(no_clear_sound(&measured, None, options)) };
    let result = AudioSync {
        offset_ms: line.intercept * 1000.0,
        offset_unc_ms: line.intercept_unc * 1000.0,
        drift_ppm: line.slope * 1e6,
        drift_unc_ppm: line.slope_unc * 1e6,
        ref_a_secs: line.ref_x,
        overlap_secs,
        overlap_start_a_secs: overlap_start,
        confidence,
        window_secs: pass.window_secs,
        coarse_score,
        windows: sync_windows(&measured, &line),
        silent_windows: measured.iter().filter(|m| m.is_none()).count(),
        residual_rms_ms: line.rms * 1000.0,
        analysis_rate_hz: options.analysis_rate_hz,
    };
    if result.confidence < options.min_confidence || result.inliers() < options.min_windows {
        return Err(no_clear_sound(&measured, Some(result), options));
    }
    Ok(result)
}

/// How much longer the windows of the second try are, when the first finds too little.
const LONGER_WINDOWS: f64 = 4.0;

/// The fine passes' outcome: the last pass's windows, the line through them and its confidence.
struct Fine {
    measured: Vec<Option<Measured>>,
    line: Option<LineFit>,
    confidence: f64,
}

impl Fine {
    fn acceptable(&self, options: &SyncOptions) -> bool {
        self.line.as_ref().is_some_and(|l| l.inliers.iter().filter(|k| **k).count() >= options.min_windows)
            && self.confidence >= options.min_confidence
    }
}

/// Windows over `overlap` (A's media time) around the coarse prediction, a line through them; then the same
/// windows with B read along that line (stretched by its drift), and the line through those.
fn fine_passes(
    a: Track<'_>,
    b: Track<'_>,
    predict: Prediction,
    overlap: (f64, f64),
    pass: Pass,
    options: &SyncOptions,
) -> Result<Fine, SyncRefusal> {
    let centres = windows::centres(overlap.0, overlap.1, pass.window_secs, options.max_windows);
    let internal = |e: realfft::FftError| SyncRefusal::Internal(e.to_string());
    let first = windows::measure_all(a, b, &centres, predict, pass).map_err(internal)?;
    let Some(first_line) = fit(&first) else { return Ok(Fine { measured: first, line: None, confidence: 0.0 }) };
    let along = Prediction { offset_secs: first_line.intercept, drift: first_line.slope, ref_a_secs: first_line.ref_x };
    let measured = windows::measure_all(a, b, &centres, along, pass).map_err(internal)?;
    let line = fit(&measured);
    let confidence = line.as_ref().map_or(0.0, |l| confidence(&measured, l));
    Ok(Fine { measured, line, confidence })
}

fn check_options(o: &SyncOptions) -> Result<(), SyncRefusal> {
    let bad = |what: &str| Err(SyncRefusal::BadOptions(what.to_owned()));
    if o.analysis_rate_hz < 1000 || o.coarse_rate_hz < 200 || o.coarse_rate_hz > o.analysis_rate_hz {
        return bad("the analysis rate must be at least 1000 Hz and the coarse rate 200 Hz up to the analysis rate");
    }
    if !(o.low_hz >= 0.0 && o.high_hz > o.low_hz) {
        return bad("the band's top must lie above its bottom");
    }
    if !(o.window_secs >= 0.5 && o.min_windows >= 3 && o.max_windows >= o.min_windows) {
        return bad("windows must be at least 0.5 s long, at least 3 of them, and max_windows ≥ min_windows");
    }
    if !(o.max_drift_ppm >= 0.0 && o.max_drift_ppm <= 10_000.0 && o.min_overlap_secs >= 2.0) {
        return bad("max_drift_ppm must lie in 0..=10000 and min_overlap_secs be at least 2 s");
    }
    if o.max_offset_secs.is_some_and(|m| m.is_nan() || m < 0.0) || !(0.0..=1.0).contains(&o.min_confidence) {
        return bad("max_offset_secs must be positive and min_confidence lie in 0..=1");
    }
    Ok(())
}

/// The track's samples at `rate_hz` (borrowed when they already are).
fn at_rate(track: &SoundTrack, rate_hz: u32) -> Cow<'_, [f32]> {
    if track.rate_hz == rate_hz {
        return Cow::Borrowed(&track.samples);
    }
    Cow::Owned(resample(&track.samples, track.rate_hz, rate_hz, RATE_ZERO_CROSSINGS))
}

fn check_track(samples: &[f32], which: Recording, options: &SyncOptions) -> Result<(), SyncRefusal> {
    let secs = samples.len() as f64 / f64::from(options.analysis_rate_hz);
    if samples.iter().any(|v| !v.is_finite()) {
        return Err(SyncRefusal::Internal(format!("recording {which} holds samples that are not finite numbers")));
    }
    if secs < options.min_overlap_secs {
        return Err(SyncRefusal::TooShort { which, secs, min_secs: options.min_overlap_secs });
    }
    let energy: f64 = samples.iter().map(|v| f64::from(*v).powi(2)).sum();
    if (energy / samples.len() as f64).sqrt() < SILENT_TRACK_RMS {
        return Err(SyncRefusal::Silent { which });
    }
    Ok(())
}

/// The robust line through the measured windows' offsets against their time.
fn fit(measured: &[Option<Measured>]) -> Option<LineFit> {
    let (xs, ys): (Vec<f64>, Vec<f64>) = measured.iter().flatten().map(|m| (m.a_secs, m.offset_secs)).unzip();
    robust_line(&xs, &ys, TOLERANCE)
}

/// Σ quality of the windows the line kept / the number of windows with sound on both sides.
fn confidence(measured: &[Option<Measured>], line: &LineFit) -> f64 {
    let sounding: Vec<&Measured> = measured.iter().flatten().collect();
    if sounding.is_empty() {
        return 0.0;
    }
    let kept: f64 = sounding.iter().zip(&line.inliers).filter(|(_, k)| **k).map(|(m, _)| m.quality).sum();
    kept / sounding.len() as f64
}

fn sync_windows(measured: &[Option<Measured>], line: &LineFit) -> Vec<SyncWindow> {
    measured
        .iter()
        .flatten()
        .zip(&line.inliers)
        .map(|(m, kept)| SyncWindow {
            a_secs: m.a_secs,
            offset_ms: m.offset_secs * 1000.0,
            residual_ms: (m.offset_secs - line.at(m.a_secs)) * 1000.0,
            peak_quality: m.quality,
            inlier: *kept,
        })
        .collect()
}

fn no_clear_sound(measured: &[Option<Measured>], best: Option<AudioSync>, options: &SyncOptions) -> SyncRefusal {
    SyncRefusal::NoClearSound {
        confidence: best.as_ref().map_or(0.0, |b| b.confidence),
        threshold: options.min_confidence,
        agreeing: best.as_ref().map_or(0, AudioSync::inliers),
        windows: measured.iter().flatten().count(),
        needed: options.min_windows,
        best_guess: best.map(Box::new),
    }
}
