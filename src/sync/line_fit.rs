//! A straight line through points some of which are wrong: the Theil–Sen line (median of pairwise slopes) finds
//! the bulk, points far from it are set aside (beyond 4 robust standard deviations, with a floor and a ceiling), and
//! least squares on the rest gives the line and its uncertainties. Used for the offset of each window against its
//! time: the intercept is the offset, the slope the drift.

/// The fitted line `y = intercept + slope · (x − ref_x)`, with `ref_x` the mean x of the points kept, so that the
/// intercept's and the slope's errors are uncorrelated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LineFit {
    pub ref_x: f64,
    pub intercept: f64,
    pub slope: f64,
    /// One standard error of each, from the scatter of the points kept.
    pub intercept_unc: f64,
    pub slope_unc: f64,
    /// Root mean square of the kept points' residuals.
    pub rms: f64,
    /// Which points were kept.
    pub inliers: Vec<bool>,
}

impl LineFit {
    pub(crate) fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * (x - self.ref_x)
    }

    #[cfg(test)]
    pub(crate) fn kept(&self) -> usize {
        self.inliers.iter().filter(|k| **k).count()
    }
}

/// How far from the line a point may be and still be kept.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tolerance {
    /// Points closer than this are always kept (the scatter of good points can be tiny).
    pub floor: f64,
    /// Points farther than this are never kept.
    pub ceiling: f64,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { 0.5 * (values[mid - 1] + values[mid]) })
}

/// Theil–Sen: the median slope over all pairs of points, and the median intercept under it.
fn theil_sen(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let mut slopes = Vec::with_capacity(xs.len() * xs.len() / 2);
    for i in 0..xs.len() {
        for j in i + 1..xs.len() {
            let dx = xs[j] - xs[i];
            if dx.abs() > 1e-12 {
                slopes.push((ys[j] - ys[i]) / dx);
            }
        }
    }
    let slope = median(&mut slopes).unwrap_or(0.0);
    let mut intercepts: Vec<f64> = xs.iter().zip(ys).map(|(x, y)| y - slope * x).collect();
    Some((slope, median(&mut intercepts)?))
}

/// Least squares through the points where `keep` is true; `None` with fewer than three or all at one x.
fn least_squares(xs: &[f64], ys: &[f64], keep: &[bool]) -> Option<LineFit> {
    let kept: Vec<(f64, f64)> = xs.iter().zip(ys).zip(keep).filter(|(_, k)| **k).map(|((x, y), _)| (*x, *y)).collect();
    let n = kept.len() as f64;
    if kept.len() < 3 {
        return None;
    }
    let ref_x = kept.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = kept.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = kept.iter().map(|p| (p.0 - ref_x).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let slope = kept.iter().map(|p| (p.0 - ref_x) * (p.1 - mean_y)).sum::<f64>() / sxx;
    let ss: f64 = kept.iter().map(|p| (p.1 - mean_y - slope * (p.0 - ref_x)).powi(2)).sum();
    let sigma = (ss / (n - 2.0)).sqrt();
    Some(LineFit {
        ref_x,
        intercept: mean_y,
        slope,
        intercept_unc: sigma / n.sqrt(),
        slope_unc: sigma / sxx.sqrt(),
        rms: (ss / n).sqrt(),
        inliers: keep.to_vec(),
    })
}

/// Which points lie within the tolerance of `line(x)`: 4 × 1.4826 × the median absolute residual, held between
/// the floor and the ceiling.
fn inliers_of(xs: &[f64], ys: &[f64], line: impl Fn(f64) -> f64, tol: Tolerance) -> Vec<bool> {
    let residuals: Vec<f64> = xs.iter().zip(ys).map(|(x, y)| (y - line(*x)).abs()).collect();
    let mut sorted = residuals.clone();
    let spread = 1.4826 * median(&mut sorted).unwrap_or(0.0);
    let limit = (4.0 * spread).clamp(tol.floor, tol.ceiling);
    residuals.iter().map(|r| *r <= limit).collect()
}

/// The robust line through `(xs[i], ys[i])`; `None` when fewer than three points agree with one line.
pub(crate) fn robust_line(xs: &[f64], ys: &[f64], tol: Tolerance) -> Option<LineFit> {
    if xs.len() != ys.len() || xs.len() < 3 {
        return None;
    }
    let (slope, intercept) = theil_sen(xs, ys)?;
    let mut keep = inliers_of(xs, ys, |x| intercept + slope * x, tol);
    let mut fit = least_squares(xs, ys, &keep)?;
    for _ in 0..8 {
        let next = inliers_of(xs, ys, |x| fit.at(x), tol);
        if next == keep {
            break;
        }
        keep = next;
        fit = least_squares(xs, ys, &keep)?;
    }
    Some(fit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: Tolerance = Tolerance { floor: 1e-4, ceiling: 0.02 };

    #[test]
    fn a_line_with_outliers_is_found_and_the_outliers_set_aside() {
        let xs: Vec<f64> = (0..40).map(|i| f64::from(i) * 4.0).collect();
        let mut ys: Vec<f64> =
            xs.iter().enumerate().map(|(i, x)| 1.5 + 1e-4 * (x - 80.0) + 1e-5 * ((i * 7) % 5) as f64).collect();
        for i in [3, 17, 18, 30] {
            ys[i] += 0.05 * (i as f64 - 15.0);
        }
        let fit = robust_line(&xs, &ys, TOL).expect("a line");
        assert_eq!(fit.kept(), 36);
        assert!(!fit.inliers[3] && !fit.inliers[17] && !fit.inliers[18] && !fit.inliers[30]);
        assert!((fit.at(80.0) - 1.50002).abs() < 1e-5, "{}", fit.at(80.0));
        assert!((fit.slope - 1e-4).abs() < 1e-7, "{}", fit.slope);
        assert!(fit.slope_unc < 1e-7 && fit.intercept_unc < 1e-5);
    }

    #[test]
    fn uncertainties_match_the_scatter() {
        // Residuals alternating ±1e-3 over evenly spaced x: σ ≈ 1e-3, σ_intercept = σ/√n.
        let xs: Vec<f64> = (0..100).map(f64::from).collect();
        let ys: Vec<f64> =
            xs.iter().enumerate().map(|(i, x)| 2.0 * x + if i % 2 == 0 { 1e-3 } else { -1e-3 }).collect();
        let fit = robust_line(&xs, &ys, Tolerance { floor: 0.01, ceiling: 0.1 }).expect("a line");
        assert_eq!(fit.kept(), 100);
        assert!((fit.intercept_unc - 1e-4).abs() < 2e-6, "{}", fit.intercept_unc);
        assert!((fit.rms - 1e-3).abs() < 1e-5);
    }

    #[test]
    fn too_few_points_give_no_line() {
        assert!(robust_line(&[1.0, 2.0], &[1.0, 2.0], TOL).is_none());
        assert!(robust_line(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], TOL).is_none());
    }
}
