//! A measurement's numbers, computed from its marks (pure: no media file is read). Each mark's time is its PTS ×
//! time base — exact on VFR footage, never frame ÷ fps — and, with several cameras, that time carried onto the wall
//! clock by each camera's clock map. From the times and the reviewer-given distances:
//!
//! - Δt between consecutive marks, and over the whole span;
//! - the speed over each interval with a distance, `v = d / Δt`;
//! - with three or more marks and every distance given, the speed at the first and last mark, the change of speed
//!   between them and the acceleration (negative: deceleration), from the least-squares quadratic of position
//!   (0, d₁, d₁+d₂, …) against time. For three marks it passes through all three, and its acceleration is exactly
//!   the change between the two interval speeds over the time between the intervals' midpoints.
//!
//! Uncertainty: every ± is treated as a standard uncertainty of an independent input and propagated to first order
//! (`σ_f² = Σ (∂f/∂x)² σ_x²`, the derivatives taken numerically by central differences). The inputs are each mark's
//! timing (by default ± half its frame's local interval — the moment may fall anywhere while the frame is shown — or
//! the reviewer's tested value), each distance's ±, and, with several cameras, each camera's clock-map uncertainty
//! at its marks (shared by the marks of one camera, so it cancels between two marks on the same camera and adds in
//! quadrature across cameras). For one interval this is `σΔt = √(σ_a² + σ_b²)` and
//! `σv = v·√((σd/d)² + (σΔt/Δt)²)`. The scatter of more than three marks about the fitted curve is reported as
//! the fit's RMS residual; it is not added to the ±.

use crate::case::model::case::Case;
use crate::case::model::ids::{MeasurementId, MediaId};
use crate::case::model::measurement::{GivenDistance, Measurement};

/// Standard gravity, for expressing an acceleration in g.
pub const STANDARD_GRAVITY_M_PER_S2: f64 = 9.80665;

/// A value and its ± (standard uncertainty), in the unit the field holding it names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertain {
    pub value: f64,
    pub unc: f64,
}

impl Uncertain {
    /// Whether the ± is at least as large as the value (the sign of the value is then not shown by the data).
    pub fn unc_as_large_as_value(&self) -> bool {
        self.unc >= self.value.abs()
    }

    fn scaled(self, factor: f64) -> Uncertain {
        Uncertain { value: self.value * factor, unc: self.unc * factor.abs() }
    }
}

/// One mark, placed on the measurement's time line.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkTime {
    pub media_id: MediaId,
    pub frame: u64,
    pub pts_ticks: i64,
    pub time_base_num: i32,
    pub time_base_den: i32,
    /// PTS × time base.
    pub media_secs: f64,
    /// Seconds after the first mark (on the wall clock when there are several cameras).
    pub t_secs: f64,
    /// ± seconds on this mark's time from its timing alone (half its frame interval, or the tested value).
    pub timing_unc_secs: f64,
}

/// Between two consecutive marks.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalMeasure {
    /// Indexes into `MeasureResult::marks`.
    pub from: usize,
    pub to: usize,
    pub delta_t_secs: Uncertain,
    pub distance: Option<GivenDistance>,
    pub speed_m_per_s: Option<Uncertain>,
}

/// What three or more marks with every distance given say about a change of speed.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeedChange {
    pub speed_first_m_per_s: Uncertain,
    pub speed_last_m_per_s: Uncertain,
    /// Last minus first: negative when the vehicle slowed.
    pub change_m_per_s: Uncertain,
    /// Negative when slowing; see [`SpeedChange::decel_m_per_s2`].
    pub accel_m_per_s2: Uncertain,
    /// RMS distance of the marks' positions from the fitted curve (only with more than three marks).
    pub rms_residual_m: Option<f64>,
}

impl SpeedChange {
    /// The deceleration: positive when slowing.
    pub fn decel_m_per_s2(&self) -> Uncertain {
        self.accel_m_per_s2.scaled(-1.0)
    }

    /// The deceleration in g (standard gravity).
    pub fn decel_g(&self) -> Uncertain {
        self.accel_m_per_s2.scaled(-1.0 / STANDARD_GRAVITY_M_PER_S2)
    }
}

/// Where each mark's timing uncertainty comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum TimingBasis {
    /// ± half the local frame interval at each mark.
    HalfFrame,
    /// The reviewer's tested value, with its source.
    Tested { per_mark_unc_secs: f64, source: String },
}

/// A measurement's computed numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureResult {
    pub id: MeasurementId,
    /// In time order.
    pub marks: Vec<MarkTime>,
    pub intervals: Vec<IntervalMeasure>,
    /// First mark to last.
    pub span_secs: Uncertain,
    pub speed_change: Option<SpeedChange>,
    pub timing: TimingBasis,
    /// The cameras whose clock maps the times went through (empty for one camera), with each one's ± seconds.
    pub clock_unc_secs: Vec<(MediaId, f64)>,
    /// Said beside the numbers, e.g. that a deceleration's uncertainty is as large as its value.
    pub warnings: Vec<String>,
}

/// Computes every measurement of the case (in id order), each with its error in words when it cannot be computed.
pub fn measure_all(case: &Case) -> Vec<(MeasurementId, Result<MeasureResult, String>)> {
    case.measurements.values().map(|m| (m.id.clone(), measure(case, m))).collect()
}

/// One input of the propagation: which quantity it perturbs, and its ±.
#[derive(Debug, Clone, Copy)]
enum Input {
    MarkTime(usize),
    Distance(usize),
    ClockOffset(usize),
}

struct Placed {
    base_t_secs: Vec<f64>,
    /// Per mark, the index of its camera in `clocks`.
    camera: Vec<usize>,
}

/// Computes `measurement`'s numbers against `case` (for its media's clock maps).
pub fn measure(case: &Case, measurement: &Measurement) -> Result<MeasureResult, String> {
    let id = &measurement.id;
    let several = measurement.media.len() > 1;
    let mut marks: Vec<(MarkTime, usize, f64)> = Vec::new();
    let mut clock_unc_secs = Vec::new();
    let mut first_origin: Option<i64> = None;
    for (camera, media) in measurement.media.iter().enumerate() {
        let clock = if several {
            let record = case
                .media
                .get(&media.media_id)
                .ok_or_else(|| format!("media {} is not in the case", media.media_id))?;
            let map = record.wall_clock.as_ref().filter(|c| c.origin_micros().is_some());
            Some(map.ok_or_else(|| {
                format!("media {} has no clock map to put its marks on the wall clock", media.media_id)
            })?)
        } else {
            None
        };
        let mut secs_sum = 0.0;
        for mark in &media.marks {
            let (Some(media_secs), Some(interval_secs)) = (mark.at.media_secs(), mark.frame_interval_secs()) else {
                return Err(format!("measurement {id}: a mark on {} has an unusable time base", media.media_id));
            };
            secs_sum += media_secs;
            let base = match clock {
                None => media_secs,
                Some(map) => {
                    let origin = map.origin_micros().unwrap_or_default();
                    let first = *first_origin.get_or_insert(origin);
                    (origin - first) as f64 * 1e-6 + map.rate() * (media_secs - map.ref_secs)
                }
            };
            let timing_unc_secs = measurement.timing.as_ref().map_or(interval_secs / 2.0, |t| t.per_mark_unc_secs);
            let time = MarkTime {
                media_id: media.media_id.clone(),
                frame: mark.at.frame,
                pts_ticks: mark.at.pts_ticks,
                time_base_num: mark.at.time_base_num,
                time_base_den: mark.at.time_base_den,
                media_secs,
                t_secs: 0.0,
                timing_unc_secs,
            };
            marks.push((time, camera, base));
        }
        if let Some(map) = clock {
            let mean_secs = secs_sum / media.marks.len().max(1) as f64;
            clock_unc_secs.push((media.media_id.clone(), map.uncertainty_ms_at(mean_secs) / 1000.0));
        }
    }
    if marks.len() < 2 {
        return Err(format!("measurement {id}: needs at least two marked frames"));
    }
    marks.sort_by(|a, b| a.2.total_cmp(&b.2));
    if marks.windows(2).any(|w| w[1].2 <= w[0].2) {
        return Err(format!("measurement {id}: two marks fall at the same time"));
    }
    let intervals = marks.len() - 1;
    let distances = &measurement.distances;
    if !distances.is_empty() && distances.len() != intervals {
        return Err(format!("measurement {id}: {} distance(s) for {intervals} interval(s)", distances.len()));
    }
    let start = marks[0].2;
    let placed = Placed {
        base_t_secs: marks.iter().map(|m| m.2 - start).collect(),
        camera: marks.iter().map(|m| m.1).collect(),
    };
    let mut inputs: Vec<(Input, f64)> =
        marks.iter().enumerate().map(|(i, m)| (Input::MarkTime(i), m.0.timing_unc_secs)).collect();
    inputs.extend(distances.iter().enumerate().map(|(i, d)| (Input::Distance(i), d.distance_unc_m)));
    inputs.extend(clock_unc_secs.iter().enumerate().map(|(i, c)| (Input::ClockOffset(i), c.1)));

    let values = |shift: Option<(Input, f64)>| -> Outputs {
        let mut t = placed.base_t_secs.clone();
        let mut d: Vec<f64> = distances.iter().map(|g| g.distance_m).collect();
        match shift {
            Some((Input::MarkTime(i), h)) => t[i] += h,
            Some((Input::Distance(i), h)) => d[i] += h,
            Some((Input::ClockOffset(c), h)) => {
                t.iter_mut().zip(&placed.camera).filter(|(_, cam)| **cam == c).for_each(|(ti, _)| *ti += h)
            }
            None => {}
        }
        outputs(&t, &d)
    };
    let central = values(None);
    let mut variance = vec![0.0; central.len()];
    for &(input, sigma) in inputs.iter().filter(|(_, s)| *s > 0.0) {
        let h = sigma * 1e-3;
        let up = values(Some((input, h)));
        let down = values(Some((input, -h)));
        for (k, var) in variance.iter_mut().enumerate() {
            let slope = (up.get(k) - down.get(k)) / (2.0 * h);
            *var += (slope * sigma).powi(2);
        }
    }
    let at = |k: usize| Uncertain { value: central.get(k), unc: variance[k].sqrt() };

    let mut result_marks: Vec<MarkTime> = Vec::with_capacity(marks.len());
    for (i, (mut mark, _, _)) in marks.into_iter().enumerate() {
        mark.t_secs = placed.base_t_secs[i];
        result_marks.push(mark);
    }
    let layout = Layout { intervals, with_speeds: !distances.is_empty() };
    let interval_results = (0..intervals)
        .map(|i| IntervalMeasure {
            from: i,
            to: i + 1,
            delta_t_secs: at(layout.delta_t(i)),
            distance: distances.get(i).cloned(),
            speed_m_per_s: layout.with_speeds.then(|| at(layout.speed(i))),
        })
        .collect();
    let speed_change = (layout.with_speeds && intervals >= 2).then(|| SpeedChange {
        speed_first_m_per_s: at(layout.fit(0)),
        speed_last_m_per_s: at(layout.fit(1)),
        change_m_per_s: at(layout.fit(2)),
        accel_m_per_s2: at(layout.fit(3)),
        rms_residual_m: (intervals >= 3).then(|| central.get(layout.fit(4))),
    });
    let mut warnings = Vec::new();
    if let Some(change) = &speed_change {
        if change.accel_m_per_s2.unc_as_large_as_value() {
            warnings.push(format!(
                "the deceleration's uncertainty (± {:.2} m/s²) is as large as its value ({:.2} m/s²): these marks do \
                 not show whether the speed changed",
                change.accel_m_per_s2.unc, -change.accel_m_per_s2.value
            ));
        }
    }
    let timing = match &measurement.timing {
        None => TimingBasis::HalfFrame,
        Some(t) => TimingBasis::Tested { per_mark_unc_secs: t.per_mark_unc_secs, source: t.source.clone() },
    };
    Ok(MeasureResult {
        id: id.clone(),
        marks: result_marks,
        intervals: interval_results,
        span_secs: at(layout.span()),
        speed_change,
        timing,
        clock_unc_secs,
        warnings,
    })
}

/// The computed numbers in one flat list (so each can be differentiated the same way), and where each one sits.
struct Outputs(Vec<f64>);

impl Outputs {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn get(&self, k: usize) -> f64 {
        self.0.get(k).copied().unwrap_or(f64::NAN)
    }
}

struct Layout {
    intervals: usize,
    with_speeds: bool,
}

impl Layout {
    fn delta_t(&self, i: usize) -> usize {
        i
    }
    fn span(&self) -> usize {
        self.intervals
    }
    fn speed(&self, i: usize) -> usize {
        self.intervals + 1 + i
    }
    /// 0 first-mark speed, 1 last-mark speed, 2 change, 3 acceleration, 4 RMS residual.
    fn fit(&self, k: usize) -> usize {
        2 * self.intervals + 1 + k
    }
}

/// Δt per interval, the span, then (with distances) the interval speeds and the quadratic fit's five numbers.
fn outputs(t: &[f64], d: &[f64]) -> Outputs {
    let mut out: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    out.push(t.last().copied().unwrap_or_default() - t.first().copied().unwrap_or_default());
    if d.is_empty() {
        return Outputs(out);
    }
    out.extend(d.iter().zip(t.windows(2)).map(|(di, w)| di / (w[1] - w[0])));
    if t.len() >= 3 {
        let mut x = vec![0.0];
        for di in d {
            x.push(x.last().copied().unwrap_or_default() + di);
        }
        out.extend(quadratic_fit(t, &x));
    }
    Outputs(out)
}

/// Least squares `x = c₀ + c₁τ + c₂τ²` with τ = t − mean(t): speed at the first and last time, their difference,
/// the acceleration `2c₂`, and the RMS residual.
fn quadratic_fit(t: &[f64], x: &[f64]) -> [f64; 5] {
    let n = t.len() as f64;
    let mean = t.iter().sum::<f64>() / n;
    let tau: Vec<f64> = t.iter().map(|ti| ti - mean).collect();
    let moment = |p: i32| tau.iter().map(|v| v.powi(p)).sum::<f64>();
    let rhs = |p: i32| tau.iter().zip(x).map(|(v, xi)| v.powi(p) * xi).sum::<f64>();
    let m = [[n, moment(1), moment(2)], [moment(1), moment(2), moment(3)], [moment(2), moment(3), moment(4)]];
    let Some([c0, c1, c2]) = solve3(m, [rhs(0), rhs(1), rhs(2)]) else {
        return [f64::NAN; 5];
    };
    let speed = |tau_i: f64| c1 + 2.0 * c2 * tau_i;
    let first = speed(tau.first().copied().unwrap_or_default());
    let last = speed(tau.last().copied().unwrap_or_default());
    let sq: f64 = tau.iter().zip(x).map(|(v, xi)| (c0 + c1 * v + c2 * v * v - xi).powi(2)).sum();
    [first, last, last - first, 2.0 * c2, (sq / n).sqrt()]
}

/// Solves a 3×3 system by Cramer's rule; `None` when it is singular.
fn solve3(m: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |a: [[f64; 3]; 3]| {
        a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    };
    let d = det(m);
    if d == 0.0 || !d.is_finite() {
        return None;
    }
    let mut out = [0.0; 3];
    for (col, slot) in out.iter_mut().enumerate() {
        let mut a = m;
        for row in 0..3 {
            a[row][col] = b[row];
        }
        *slot = det(a) / d;
    }
    Some(out)
}
