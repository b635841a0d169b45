//! The ranges numbers read from a file (a case, a journal line, an import) must fall in before any arithmetic
//! touches them: frame numbers, PTS ticks, time bases, seconds and a measurement's metres. Inside these ranges sums and differences of
//! frames and ticks cannot overflow and seconds are finite; outside them the file is refused with the value named.

use crate::case::model::event::FramePoint;
use crate::case::model::measurement::Measurement;
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
    check_secs("time", secs).map(|_| ()).map_err(|problem| format!("{what}: {problem}"))
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

/// Longest distance a measurement may be given between two marks, in metres (a hand-edited 1e300 is refused).
pub const MAX_DISTANCE_M: f64 = 1e6;

/// Most marks one measurement may have.
pub const MAX_MEASURE_MARKS: usize = 10_000;

/// Why a measurement's marks, frame intervals, distances or timing uncertainty are out of range.
pub fn check_measurement_numbers(measurement: &Measurement) -> Result<(), String> {
    let id = &measurement.id;
    if measurement.mark_count() > MAX_MEASURE_MARKS {
        return Err(format!("measurement {id}: {} marks (at most {MAX_MEASURE_MARKS})", measurement.mark_count()));
    }
    for media in &measurement.media {
        for mark in &media.marks {
            let what = format!("measurement {id} mark on {} frame {}", media.media_id, mark.at.frame);
            check_frame_point(&what, &mark.at)?;
            if mark.frame_interval_ticks <= 0 || mark.frame_interval_ticks > MAX_PTS_TICKS_ABS {
                return Err(format!(
                    "{what}: frame interval {} ticks is not usable (a positive number of at most {MAX_PTS_TICKS_ABS})",
                    mark.frame_interval_ticks
                ));
            }
            check_non_negative_secs(
                &format!("{what}: frame interval"),
                mark.frame_interval_secs().unwrap_or(f64::NAN),
            )?;
        }
    }
    for (i, d) in measurement.distances.iter().enumerate() {
        let what = format!("measurement {id} distance {}", i + 1);
        if !(d.distance_m.is_finite() && d.distance_m > 0.0 && d.distance_m <= MAX_DISTANCE_M) {
            return Err(format!("{what}: {} m is not usable (more than 0, at most {MAX_DISTANCE_M} m)", d.distance_m));
        }
        if !(d.distance_unc_m.is_finite() && d.distance_unc_m >= 0.0 && d.distance_unc_m <= MAX_DISTANCE_M) {
            return Err(format!("{what}: ± {} m is not usable (0 to {MAX_DISTANCE_M} m)", d.distance_unc_m));
        }
    }
    if let Some(timing) = &measurement.timing {
        check_non_negative_secs(&format!("measurement {id}: timing uncertainty"), timing.per_mark_unc_secs)?;
    }
    Ok(())
}
