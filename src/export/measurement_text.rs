//! A measurement as every export shows it: one row per measurement with its intervals, each number in a field that
//! names its unit (`delta_t_secs`, `speed_m_per_s`, `speed_km_per_h`, `speed_mph`, `decel_m_per_s2`, `decel_g`, each
//! with its `_unc_` ±), its warnings and its method-and-limits paragraph; shared by `case measure list --json`, the
//! JSON export, the measurements CSV and the report sections, with the words for a speed in three units and a
//! deceleration in two. Also the published reference decelerations a report shows beside a value (no label is
//! ever derived from them).

use crate::case::measure::{measure, MeasureResult, Uncertain};
use crate::case::measure_text::method_and_limits;
use crate::case::{Case, Measurement};
use serde::Serialize;

/// Metres per second to kilometres per hour.
pub const KM_PER_H_PER_M_PER_S: f64 = 3.6;
/// Metres per second to miles per hour (1 mile = 1609.344 m).
pub const MPH_PER_M_PER_S: f64 = 3600.0 / 1609.344;

/// Reference decelerations a report shows beside a measured one, with their sources (cited in the README).
pub const REFERENCE_DECELERATIONS: &[(&str, &str)] = &[
    ("about 0.35 g (3.4 m/s²)", "AASHTO design deceleration for stopping sight distance"),
    ("0.7–0.9 g", "drivers' emergency braking on dry pavement"),
];

/// One interval between consecutive marks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalRow {
    pub from_media_id: String,
    pub from_frame: u64,
    pub to_media_id: String,
    pub to_frame: u64,
    pub delta_t_secs: f64,
    pub delta_t_unc_secs: f64,
    pub distance_m: Option<f64>,
    pub distance_unc_m: Option<f64>,
    pub distance_source: Option<String>,
    pub speed_m_per_s: Option<f64>,
    pub speed_unc_m_per_s: Option<f64>,
    pub speed_km_per_h: Option<f64>,
    pub speed_unc_km_per_h: Option<f64>,
    pub speed_mph: Option<f64>,
    pub speed_unc_mph: Option<f64>,
}

/// One marked frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkRow {
    pub media_id: String,
    pub frame: u64,
    pub pts_ticks: i64,
    pub time_base: String,
    pub media_secs: f64,
    /// After the first mark.
    pub t_secs: f64,
    pub timing_unc_secs: f64,
}

/// One measurement, computed. `error` is set (and the numbers left out) when it cannot be computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementRow {
    pub measurement_id: String,
    pub marks: Vec<MarkRow>,
    pub intervals: Vec<IntervalRow>,
    pub span_secs: Option<f64>,
    pub span_unc_secs: Option<f64>,
    pub speed_first_m_per_s: Option<f64>,
    pub speed_first_unc_m_per_s: Option<f64>,
    pub speed_last_m_per_s: Option<f64>,
    pub speed_last_unc_m_per_s: Option<f64>,
    pub speed_change_m_per_s: Option<f64>,
    pub speed_change_unc_m_per_s: Option<f64>,
    pub decel_m_per_s2: Option<f64>,
    pub decel_unc_m_per_s2: Option<f64>,
    pub decel_g: Option<f64>,
    pub decel_unc_g: Option<f64>,
    pub fit_rms_residual_m: Option<f64>,
    pub timing_source: String,
    pub events: Vec<String>,
    pub claim_links: Vec<String>,
    pub note: String,
    pub reviewer: String,
    pub warnings: Vec<String>,
    pub method_and_limits: String,
    pub error: Option<String>,
}

fn split(value: Option<Uncertain>) -> (Option<f64>, Option<f64>) {
    (value.map(|u| u.value), value.map(|u| u.unc))
}

fn scaled(value: Option<Uncertain>, factor: f64) -> (Option<f64>, Option<f64>) {
    (value.map(|u| u.value * factor), value.map(|u| u.unc * factor))
}

fn interval_rows(result: &MeasureResult) -> Vec<IntervalRow> {
    result
        .intervals
        .iter()
        .map(|i| {
            let (from, to) = (&result.marks[i.from], &result.marks[i.to]);
            let (speed, speed_unc) = split(i.speed_m_per_s);
            let (kmh, kmh_unc) = scaled(i.speed_m_per_s, KM_PER_H_PER_M_PER_S);
            let (mph, mph_unc) = scaled(i.speed_m_per_s, MPH_PER_M_PER_S);
            IntervalRow {
                from_media_id: from.media_id.to_string(),
                from_frame: from.frame,
                to_media_id: to.media_id.to_string(),
                to_frame: to.frame,
                delta_t_secs: i.delta_t_secs.value,
                delta_t_unc_secs: i.delta_t_secs.unc,
                distance_m: i.distance.as_ref().map(|d| d.distance_m),
                distance_unc_m: i.distance.as_ref().map(|d| d.distance_unc_m),
                distance_source: i.distance.as_ref().map(|d| d.source.clone()),
                speed_m_per_s: speed,
                speed_unc_m_per_s: speed_unc,
                speed_km_per_h: kmh,
                speed_unc_km_per_h: kmh_unc,
                speed_mph: mph,
                speed_unc_mph: mph_unc,
            }
        })
        .collect()
}

/// The row for `measurement` in `case`.
pub fn measurement_row(case: &Case, measurement: &Measurement) -> MeasurementRow {
    let computed = measure(case, measurement);
    let result = computed.as_ref().ok();
    let change = result.and_then(|r| r.speed_change.as_ref());
    let (span, span_unc) = split(result.map(|r| r.span_secs));
    let (first, first_unc) = split(change.map(|c| c.speed_first_m_per_s));
    let (last, last_unc) = split(change.map(|c| c.speed_last_m_per_s));
    let (delta_v, delta_v_unc) = split(change.map(|c| c.change_m_per_s));
    let (decel, decel_unc) = split(change.map(|c| c.decel_m_per_s2()));
    let (decel_g, decel_g_unc) = split(change.map(|c| c.decel_g()));
    let links = measurement.links.iter().map(|l| format!("{}:{}", l.claim_id, l.stance)).collect();
    MeasurementRow {
        measurement_id: measurement.id.to_string(),
        marks: result.map_or_else(Vec::new, |r| {
            r.marks
                .iter()
                .map(|m| MarkRow {
                    media_id: m.media_id.to_string(),
                    frame: m.frame,
                    pts_ticks: m.pts_ticks,
                    time_base: format!("{}/{}", m.time_base_num, m.time_base_den),
                    media_secs: m.media_secs,
                    t_secs: m.t_secs,
                    timing_unc_secs: m.timing_unc_secs,
                })
                .collect()
        }),
        intervals: result.map_or_else(Vec::new, interval_rows),
        span_secs: span,
        span_unc_secs: span_unc,
        speed_first_m_per_s: first,
        speed_first_unc_m_per_s: first_unc,
        speed_last_m_per_s: last,
        speed_last_unc_m_per_s: last_unc,
        speed_change_m_per_s: delta_v,
        speed_change_unc_m_per_s: delta_v_unc,
        decel_m_per_s2: decel,
        decel_unc_m_per_s2: decel_unc,
        decel_g,
        decel_unc_g: decel_g_unc,
        fit_rms_residual_m: change.and_then(|c| c.rms_residual_m),
        timing_source: measurement
            .timing
            .as_ref()
            .map_or_else(|| "half the local frame interval at each mark".to_owned(), |t| t.source.clone()),
        events: measurement.events.iter().map(ToString::to_string).collect(),
        claim_links: links,
        note: measurement.note.clone(),
        reviewer: measurement.reviewer.clone(),
        warnings: result.map_or_else(Vec::new, |r| r.warnings.clone()),
        method_and_limits: result.map_or_else(String::new, |r| method_and_limits(case, measurement, r)),
        error: computed.err(),
    }
}

/// Every measurement's row, in id order.
/// Every measurement of the case, in natural id order (ms-2 before ms-10), as every listing shows them.
pub fn measurement_rows(case: &Case) -> Vec<MeasurementRow> {
    crate::export::exhibit_front::measurements_in_order(case).into_iter().map(|m| measurement_row(case, m)).collect()
}

/// `12.34 ± 0.56` with `digits` decimals.
pub fn plus_minus(value: f64, unc: f64, digits: usize) -> String {
    format!("{value:.digits$} ± {unc:.digits$}")
}

/// A speed in the three units every export gives it: `12.34 ± 0.56 m/s = 44.4 ± 2.0 km/h = 27.6 ± 1.3 mph`.
pub fn speed_text(v_m_per_s: f64, unc_m_per_s: f64) -> String {
    format!(
        "{} m/s = {} km/h = {} mph",
        plus_minus(v_m_per_s, unc_m_per_s, 2),
        plus_minus(v_m_per_s * KM_PER_H_PER_M_PER_S, unc_m_per_s * KM_PER_H_PER_M_PER_S, 1),
        plus_minus(v_m_per_s * MPH_PER_M_PER_S, unc_m_per_s * MPH_PER_M_PER_S, 1)
    )
}

/// A deceleration in m/s² and in g: `4.00 ± 0.12 m/s² = 0.408 ± 0.012 g`.
pub fn decel_text(row: &MeasurementRow) -> Option<String> {
    let (a, au, g, gu) = (row.decel_m_per_s2?, row.decel_unc_m_per_s2?, row.decel_g?, row.decel_unc_g?);
    Some(format!("{} m/s² = {} g", plus_minus(a, au, 2), plus_minus(g, gu, 3)))
}

/// The reference decelerations with their sources, in one line.
pub fn references_text() -> String {
    REFERENCE_DECELERATIONS.iter().map(|(v, what)| format!("{v}: {what}")).collect::<Vec<_>>().join("; ")
}

/// One interval in a sentence: its frames, Δt and, with a distance, the speed.
fn interval_line(i: &IntervalRow) -> String {
    let mut line = format!(
        "{} frame {} → {} frame {}: Δt {} s",
        i.from_media_id,
        i.from_frame,
        i.to_media_id,
        i.to_frame,
        plus_minus(i.delta_t_secs, i.delta_t_unc_secs, 4)
    );
    if let (Some(d), Some(du), Some(v), Some(vu)) =
        (i.distance_m, i.distance_unc_m, i.speed_m_per_s, i.speed_unc_m_per_s)
    {
        line.push_str(&format!("; distance {d} ± {du} m; speed {}", speed_text(v, vu)));
    }
    line
}

/// The measurement's numbers in sentences (for the CLI listing), one per line.
pub fn measurement_lines(row: &MeasurementRow) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(error) = &row.error {
        lines.push(format!("cannot be computed: {error}"));
        return lines;
    }
    lines.extend(row.intervals.iter().map(interval_line));
    if let (Some(s), Some(su)) = (row.span_secs, row.span_unc_secs) {
        lines.push(format!("span first to last mark: {} s", plus_minus(s, su, 4)));
    }
    if let (Some(dv), Some(dvu), Some(decel)) =
        (row.speed_change_m_per_s, row.speed_change_unc_m_per_s, decel_text(row))
    {
        lines.push(format!(
            "change of speed {} m/s ({} km/h); deceleration {decel}",
            plus_minus(dv, dvu, 2),
            plus_minus(dv * KM_PER_H_PER_M_PER_S, dvu * KM_PER_H_PER_M_PER_S, 1),
        ));
        lines.push(format!("for reference (not a label): {}", references_text()));
    }
    lines.extend(row.warnings.iter().map(|w| format!("warning: {w}")));
    lines
}
