//! The ranges numbers read from a file (a case, a journal line, an import) must fall in before any arithmetic
//! touches them: frame numbers, PTS ticks, time bases and seconds. Inside these ranges sums and differences of
//! frames and ticks cannot overflow and seconds are finite; outside them the file is refused with the value named.

use crate::case::model::event::FramePoint;
use crate::case::model::media::{Media, Rational};

/// Highest frame number accepted (about 400 years of 90 fps video).
pub const MAX_FRAME: u64 = 1 << 40;

/// Largest PTS magnitude accepted; a difference or sum of two never overflows an `i64`.
pub const MAX_PTS_TICKS_ABS: i64 = 1 << 62;

/// Longest media time accepted, in seconds (about 31 years).
pub const MAX_MEDIA_SECS: f64 = 1e9;

/// Why `secs` (named `what`, e.g. "start time") is not a usable media time, or `Ok` with the value.
pub fn check_secs(what: &str, secs: f64) -> Result<f64, String> {
    if secs.is_finite() && secs.abs() <= MAX_MEDIA_SECS {
        Ok(secs)
    } else {
        Err(format!(
            "{what} {secs} s is not a usable media time (it must be a finite number of at most {MAX_MEDIA_SECS} s)"
        ))
    }
}

/// Why a frame point (named `what`, e.g. "event e1 start") is out of range: frame, PTS, time base or time.
pub fn check_frame_point(what: &str, point: &FramePoint) -> Result<(), String> {
    if point.frame > MAX_FRAME {
        return Err(format!("{what}: frame {} is beyond the largest frame number accepted ({MAX_FRAME})", point.frame));
    }
    if point.pts_ticks.unsigned_abs() > MAX_PTS_TICKS_ABS.unsigned_abs() {
        return Err(format!("{what}: PTS {} is out of range (at most ±{MAX_PTS_TICKS_ABS})", point.pts_ticks));
    }
    if point.time_base_num <= 0 || point.time_base_den <= 0 {
        return Err(format!(
            "{what}: time base {}/{} is not usable (both parts must be positive)",
            point.time_base_num, point.time_base_den
        ));
    }
    let secs = point.media_secs().unwrap_or(f64::NAN);
    check_secs(&format!("{what}: time"), secs).map(|_| ())
}

fn check_rational(what: &str, value: Rational) -> Result<(), String> {
    if value.num < 0 || value.den < 0 {
        return Err(format!("{what} {}/{} is negative", value.num, value.den));
    }
    Ok(())
}

fn check_non_negative_secs(what: &str, secs: f64) -> Result<(), String> {
    check_secs(what, secs)?;
    if secs < 0.0 {
        return Err(format!("{what} {secs} s is negative"));
    }
    Ok(())
}

/// Why a media record's probe numbers or wall-clock uncertainty are out of range.
pub fn check_media_numbers(media: &Media) -> Result<(), String> {
    let id = &media.id;
    let probe = &media.probe;
    check_non_negative_secs(&format!("media {id}: duration"), probe.duration_secs)?;
    if probe.frame_count > MAX_FRAME {
        return Err(format!("media {id}: frame count {} is beyond {MAX_FRAME}", probe.frame_count));
    }
    check_rational(&format!("media {id}: time base"), probe.time_base)?;
    check_rational(&format!("media {id}: declared frame rate"), probe.declared_fps)?;
    if let Some(clock) = &media.wall_clock {
        check_non_negative_secs(&format!("media {id}: wall-clock uncertainty"), clock.uncertainty_secs)?;
        check_secs(&format!("media {id}: clock map reference time"), clock.ref_secs)?;
        let ppm = |what: &str, value: f64, non_negative: bool| {
            if value.is_finite() && value.abs() <= MAX_DRIFT_PPM_ABS && (!non_negative || value >= 0.0) {
                Ok(())
            } else {
                Err(format!(
                    "media {id}: clock map {what} {value} ppm is not usable (a finite number within ±{MAX_DRIFT_PPM_ABS})"
                ))
            }
        };
        ppm("drift", clock.drift_ppm, false)?;
        ppm("drift uncertainty", clock.drift_uncertainty_ppm, true)?;
        for r in &clock.residuals {
            check_secs(&format!("media {id}: sync residual {:?} time", r.label), r.media_secs)?;
            if !r.residual_ms.is_finite() {
                return Err(format!("media {id}: sync residual {:?} is not a number", r.label));
            }
        }
    }
    Ok(())
}

/// Largest clock drift (or its uncertainty) a file may state: ten times what any camera clock does.
pub const MAX_DRIFT_PPM_ABS: f64 = 10_000.0;
