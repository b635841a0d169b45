//! Clock maps from evidence of simultaneity: sync points (the same moment marked on a reference camera and on the
//! camera being synced) fitted by least squares — one point gives an offset, two or more give offset and drift —
//! and an offset/drift measured between two cameras (by audio) turned into a map. The reference camera's own map
//! carries its uncertainty into the result; marking a moment on a frame adds half a frame interval of each camera.

use crate::case::model::clock::{ClockMethod, SyncResidual, WallClockMapping};
use crate::case::model::time::format_rfc3339_micros;

/// The same moment seen on both cameras.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPoint {
    /// What the moment is, e.g. "flash" or "door slam"; shown with its residual.
    pub label: String,
    /// The reference camera's media time of the moment, and its frame interval there.
    pub reference_secs: f64,
    pub reference_frame_secs: f64,
    /// The synced camera's media time of the moment, and its frame interval there.
    pub media_secs: f64,
    pub media_frame_secs: f64,
}

/// Why no map could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("no sync points given")]
    NoPoints,
    #[error("the reference camera has no clock map to sync against; give it one first (metadata, its burned-in clock, or typed)")]
    ReferenceUnmapped,
    #[error("the sync points are all at the same moment of this camera, so they cannot give a drift; mark moments far apart")]
    Degenerate,
    #[error(
        "the fit says this camera's clock runs at {rate:.6}× the wall clock, which no camera does; check the points"
    )]
    Implausible { rate: f64 },
}

/// What a fit gives besides the map, for the words shown with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockFit {
    pub map: WallClockMapping,
    /// Root mean square of the residuals, in milliseconds.
    pub rms_residual_ms: f64,
}

/// A clock rate further than this from 1 is a mistake, not a drift (1000 ppm = 3.6 s an hour).
const MAX_DRIFT_PPM: f64 = 1000.0;

/// A drift known no better than this is not a measurement (cameras drift by up to a few hundred ppm).
const MAX_DRIFT_UNC_PPM: f64 = 100.0;

/// Fits the synced camera's map to `points` against the reference camera's `reference` map.
pub fn fit_sync_points(
    reference: &WallClockMapping,
    points: &[SyncPoint],
    set_by: &str,
    set_utc: &str,
) -> Result<ClockFit, FitError> {
    let first = points.first().ok_or(FitError::NoPoints)?;
    let wall0 = reference.wall_micros(first.reference_secs).ok_or(FitError::ReferenceUnmapped)?;
    // y: wall seconds after the first point's; x: this camera's media seconds about their mean.
    let mut ys = Vec::with_capacity(points.len());
    for p in points {
        let w = reference.wall_micros(p.reference_secs).ok_or(FitError::ReferenceUnmapped)?;
        ys.push((w - wall0) as f64 * 1e-6);
    }
    let n = points.len() as f64;
    let ref_secs = points.iter().map(|p| p.media_secs).sum::<f64>() / n;
    let xs: Vec<f64> = points.iter().map(|p| p.media_secs - ref_secs).collect();
    let y_mean = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| x * x).sum();
    let fitted_rate = if points.len() == 1 {
        1.0
    } else {
        if sxx <= 1e-12 {
            return Err(FitError::Degenerate);
        }
        xs.iter().zip(&ys).map(|(x, y)| x * (y - y_mean)).sum::<f64>() / sxx
    };
    if !fitted_rate.is_finite() || ((fitted_rate - 1.0) * 1e6).abs() > MAX_DRIFT_PPM {
        return Err(FitError::Implausible { rate: fitted_rate });
    }
    // One point's timing: each mark lies within half a frame interval of the moment, on either camera.
    let marking_ms =
        points.iter().map(|p| 500.0 * p.reference_frame_secs.hypot(p.media_frame_secs)).fold(0.0_f64, f64::max);
    let residuals_at = |rate: f64| -> Vec<SyncResidual> {
        points
            .iter()
            .zip(xs.iter().zip(&ys))
            .map(|(p, (x, y))| SyncResidual {
                label: p.label.clone(),
                media_secs: p.media_secs,
                residual_ms: (y_mean + rate * x - y) * 1000.0,
            })
            .collect()
    };
    let rms = |r: &[SyncResidual]| (r.iter().map(|r| r.residual_ms.powi(2)).sum::<f64>() / n).sqrt();
    let scatter_ms = |rms_ms: f64| if points.len() > 2 { (rms_ms.powi(2) * n / (n - 2.0)).sqrt() } else { 0.0 };
    let mut residuals = residuals_at(fitted_rate);
    let mut per_point_ms = marking_ms.max(scatter_ms(rms(&residuals)));
    let mut drift_unc_ppm = if points.len() > 1 { per_point_ms * 1e-3 / sxx.sqrt() * 1e6 } else { 0.0 };
    let mut rate = fitted_rate;
    // Points too close together cannot tell a drift from the marking error: then the map is offset only.
    let drift_measured = points.len() > 1 && drift_unc_ppm <= MAX_DRIFT_UNC_PPM;
    if !drift_measured {
        rate = 1.0;
        residuals = residuals_at(rate);
        per_point_ms = marking_ms.max(scatter_ms(rms(&residuals)));
    }
    let rms_residual_ms = rms(&residuals);
    let reference_ms = reference.uncertainty_ms_at(points.iter().map(|p| p.reference_secs).sum::<f64>() / n);
    let origin_unc_ms = reference_ms.hypot(per_point_ms / n.sqrt());
    let words = match points.len() {
        1 => "1 sync point (offset only)".to_owned(),
        count if !drift_measured => format!(
            "{count} sync points, too close together to measure a drift (± {drift_unc_ppm:.0} ppm): offset only \
             (rms residual {rms_residual_ms:.2} ms)"
        ),
        count => format!("{count} sync points, least squares (rms residual {rms_residual_ms:.2} ms)"),
    };
    if !drift_measured {
        drift_unc_ppm = 0.0;
    }
    let origin_micros = wall0 + (y_mean * 1e6).round() as i64;
    let map = WallClockMapping {
        origin: Some(format_rfc3339_micros(origin_micros)),
        source: format!("{words} against a camera whose clock is {}", reference.source),
        uncertainty_secs: origin_unc_ms / 1000.0,
        ref_secs,
        drift_ppm: (rate - 1.0) * 1e6,
        drift_uncertainty_ppm: drift_unc_ppm,
        drift_source: if drift_measured { words } else { String::new() },
        method: ClockMethod::SyncPoints,
        drift_method: if drift_measured { ClockMethod::SyncPoints } else { ClockMethod::Unstated },
        set_by: set_by.to_owned(),
        set_utc: set_utc.to_owned(),
        residuals,
    };
    Ok(ClockFit { map, rms_residual_ms })
}

/// A measured relation between two cameras: the same sound heard at the reference's media time `t_a` is heard on
/// this camera at `t_a + offset_secs + drift_ppm·1e-6·(t_a − ref_a_secs)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelativeClock {
    pub offset_secs: f64,
    pub offset_unc_ms: f64,
    pub drift_ppm: f64,
    pub drift_unc_ppm: f64,
    pub ref_a_secs: f64,
    pub method: ClockMethod,
    /// Words for the map's source, e.g. "audio correlation, confidence 0.93".
    pub source: String,
    pub residuals: Vec<SyncResidual>,
}

/// This camera's map from the reference's map and a measured relation between them.
pub fn map_from_relative(
    reference: &WallClockMapping,
    relation: &RelativeClock,
    set_by: &str,
    set_utc: &str,
) -> Result<WallClockMapping, FitError> {
    // At the reference's media time ref_a the two hear the same sound; this camera is then at ref_b.
    let ref_b_secs = relation.ref_a_secs + relation.offset_secs;
    let wall_at_ref = reference.wall_micros(relation.ref_a_secs).ok_or(FitError::ReferenceUnmapped)?;
    // dt_b/dt_a = 1 + d_rel; the wall clock runs as the reference does: dW/dt_b = rate_a / (1 + d_rel).
    let rate = reference.rate() / (1.0 + relation.drift_ppm * 1e-6);
    if !rate.is_finite() || ((rate - 1.0) * 1e6).abs() > MAX_DRIFT_PPM {
        return Err(FitError::Implausible { rate });
    }
    let reference_ms = reference.uncertainty_ms_at(relation.ref_a_secs);
    Ok(WallClockMapping {
        origin: Some(format_rfc3339_micros(wall_at_ref)),
        source: format!("{} against a camera whose clock is {}", relation.source, reference.source),
        uncertainty_secs: reference_ms.hypot(relation.offset_unc_ms) / 1000.0,
        ref_secs: ref_b_secs,
        drift_ppm: (rate - 1.0) * 1e6,
        drift_uncertainty_ppm: reference.drift_uncertainty_ppm.hypot(relation.drift_unc_ppm),
        drift_source: relation.source.clone(),
        method: relation.method,
        drift_method: relation.method,
        set_by: set_by.to_owned(),
        set_utc: set_utc.to_owned(),
        residuals: relation.residuals.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> WallClockMapping {
        WallClockMapping {
            origin: Some("2031-04-17T21:02:00Z".into()),
            source: "container creation time".into(),
            uncertainty_secs: 0.5,
            ..Default::default()
        }
    }

    fn point(reference_secs: f64, media_secs: f64) -> SyncPoint {
        SyncPoint {
            label: format!("{reference_secs}"),
            reference_secs,
            reference_frame_secs: 1.0 / 30.0,
            media_secs,
            media_frame_secs: 1.0 / 25.0,
        }
    }

    #[test]
    fn one_point_gives_the_offset_and_no_drift() {
        let fit = fit_sync_points(&reference(), &[point(10.0, 7.5)], "ana", "2031-05-01T00:00:00Z").expect("fit");
        let r = reference();
        assert_eq!(fit.map.wall_micros(7.5), r.wall_micros(10.0));
        assert_eq!(fit.map.drift_ppm, 0.0);
        // 0.5 s of the reference, and half a frame of each camera.
        let marking_ms = 500.0 * (1.0_f64 / 30.0).hypot(1.0 / 25.0);
        assert!((fit.map.uncertainty_secs * 1000.0 - 500.0_f64.hypot(marking_ms)).abs() < 1e-6);
    }

    #[test]
    fn points_far_apart_give_the_drift_and_zero_residuals_on_a_perfect_line() {
        // This camera runs 200 ppm fast and is 2.5 s behind: media b = (a − 2.5)·(1 + 200e-6).
        let b_of = |a: f64| (a - 2.5) * (1.0 + 200e-6);
        let points: Vec<SyncPoint> = [30.0, 600.0, 1200.0, 1800.0].iter().map(|&a| point(a, b_of(a))).collect();
        let fit = fit_sync_points(&reference(), &points, "ana", "t").expect("fit");
        // wall(b) = wall_ref(a): the camera's clock runs 1/(1+200e-6) of media time per second.
        let want_ppm = (1.0 / (1.0 + 200e-6) - 1.0) * 1e6;
        assert!((fit.map.drift_ppm - want_ppm).abs() < 0.01, "{} vs {want_ppm}", fit.map.drift_ppm);
        for p in &points {
            let got = fit.map.wall_micros(p.media_secs).expect("mapped");
            let want = reference().wall_micros(p.reference_secs).expect("mapped");
            assert!((got - want).abs() <= 2, "{got} vs {want}");
        }
        assert!(fit.rms_residual_ms < 0.01, "{}", fit.rms_residual_ms);
        assert!(fit.map.drift_uncertainty_ppm > 0.0 && fit.map.drift_uncertainty_ppm < 100.0);
    }

    #[test]
    fn a_misplaced_point_shows_in_its_residual() {
        let mut points: Vec<SyncPoint> = [30.0, 600.0, 1200.0, 1800.0].iter().map(|&a| point(a, a - 2.5)).collect();
        points[2].media_secs += 0.2;
        let fit = fit_sync_points(&reference(), &points, "ana", "t").expect("fit");
        let worst = fit.map.residuals.iter().map(|r| r.residual_ms.abs()).fold(0.0, f64::max);
        assert!(worst > 50.0, "the 200 ms slip shows: {:?}", fit.map.residuals);
    }

    #[test]
    fn refusals_are_in_words() {
        let same = [point(10.0, 7.5), point(11.0, 7.5)];
        assert_eq!(fit_sync_points(&reference(), &same, "a", "t"), Err(FitError::Degenerate));
        assert_eq!(fit_sync_points(&reference(), &[], "a", "t"), Err(FitError::NoPoints));
        let unmapped = WallClockMapping { origin: None, ..reference() };
        assert_eq!(fit_sync_points(&unmapped, &[point(1.0, 1.0)], "a", "t"), Err(FitError::ReferenceUnmapped));
        let wild = [point(0.0, 0.0), point(100.0, 50.0)];
        assert!(matches!(fit_sync_points(&reference(), &wild, "a", "t"), Err(FitError::Implausible { .. })));
    }

    #[test]
    fn a_measured_relation_maps_the_same_sound_to_the_same_wall_time() {
        let relation = RelativeClock {
            offset_secs: -2.5,
            offset_unc_ms: 0.4,
            drift_ppm: 150.0,
            drift_unc_ppm: 0.5,
            ref_a_secs: 300.0,
            method: ClockMethod::Audio,
            source: "audio correlation".into(),
            residuals: Vec::new(),
        };
        let map = map_from_relative(&reference(), &relation, "ana", "t").expect("map");
        for a in [0.0, 300.0, 900.0] {
            let b = a + relation.offset_secs + relation.drift_ppm * 1e-6 * (a - relation.ref_a_secs);
            let got = map.wall_micros(b).expect("mapped");
            let want = reference().wall_micros(a).expect("mapped");
            assert!((got - want).abs() <= 2, "at {a}: {got} vs {want}");
        }
    }
}
