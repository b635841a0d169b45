//! Tests of `measure`: numbers and ± against values worked out by hand (the partial derivatives are written out
//! beside each), exact PTS times on a variable-rate file, and the cross-camera clock-map ±.

use super::measure::{measure, STANDARD_GRAVITY_M_PER_S2};
use crate::case::model::case::Case;
use crate::case::model::event::FramePoint;
use crate::case::model::measurement::{GivenDistance, MeasureMark, Measurement, MediaMarks, TimingUncertainty};
use crate::case::model::media::{Media, WallClockMapping};
use crate::case::{MeasurementId, MediaId};

/// A mark at `pts_ms` (time base 1/1000) whose frame lasts `interval_ms`.
fn mark(frame: u64, pts_ms: i64, interval_ms: i64) -> MeasureMark {
    MeasureMark {
        at: FramePoint { frame, pts_ticks: pts_ms, time_base_num: 1, time_base_den: 1000 },
        frame_interval_ticks: interval_ms,
    }
}

fn distance(distance_m: f64, distance_unc_m: f64) -> GivenDistance {
    GivenDistance { distance_m, distance_unc_m, source: "test".into() }
}

fn one_camera(marks: Vec<MeasureMark>, distances: Vec<GivenDistance>) -> Measurement {
    Measurement {
        id: MeasurementId::from("ms-1"),
        media: vec![MediaMarks { media_id: MediaId::from("m1"), marks }],
        distances,
        ..Measurement::default()
    }
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < 1e-6, "{what}: {actual} is not {expected}");
}

#[test]
fn speed_and_its_uncertainty_follow_the_stated_rule() {
    // Marks at 0 and 0.5 s, each frame shown 33 ms: ± 16.5 ms per mark, σΔt = 16.5 ms × √2 = 0.0233345 s.
    // v = 10 m / 0.5 s = 20 m/s; σv = 20 × √((0.5/10)² + (0.0233345/0.5)²) = 1.3679181 m/s.
    let m = one_camera(vec![mark(0, 0, 33), mark(15, 500, 33)], vec![distance(10.0, 0.5)]);
    let r = measure(&Case::default(), &m).expect("computes");
    let i = &r.intervals[0];
    close(i.delta_t_secs.value, 0.5, "Δt");
    close(i.delta_t_secs.unc, 0.023_334_523_8, "σΔt");
    let v = i.speed_m_per_s.expect("speed");
    close(v.value, 20.0, "v");
    close(v.unc, 1.367_918_126, "σv");
    assert!(r.speed_change.is_none(), "two marks give no change of speed");
}

#[test]
fn a_tested_timing_uncertainty_replaces_half_the_frame() {
    let mut m = one_camera(vec![mark(0, 0, 33), mark(15, 500, 33)], vec![distance(10.0, 0.0)]);
    m.timing = Some(TimingUncertainty { per_mark_unc_secs: 0.005, source: "stopwatch test".into() });
    let r = measure(&Case::default(), &m).expect("computes");
    // σΔt = 5 ms × √2; σv = 20 × σΔt / 0.5 (no distance ±).
    close(r.intervals[0].delta_t_secs.unc, 0.005 * 2f64.sqrt(), "σΔt");
    close(r.intervals[0].speed_m_per_s.expect("speed").unc, 40.0 * 0.005 * 2f64.sqrt(), "σv");
}

#[test]
fn deceleration_from_three_marks_matches_the_hand_propagation() {
    // t = 0, 0.5, 1 s (± 16.5 ms each); d₁ = 10 ± 0.5 m, d₂ = 8 ± 0.4 m: v₁ = 20, v₂ = 16 m/s, midpoints 0.5 s apart,
    // a = (16 − 20) / 0.5 = −8 m/s². With a = 2(d₂/(t₂−t₁) − d₁/(t₁−t₀))/(t₂−t₀):
    // ∂a/∂d₁ = −4, ∂a/∂d₂ = 4, ∂a/∂t₀ = −88, ∂a/∂t₁ = 144, ∂a/∂t₂ = −56, so
    // σa² = (4·0.5)² + (4·0.4)² + 0.0165²·(88² + 144² + 56²) = 15.16745, σa = 3.8945418 m/s².
    let m = one_camera(
        vec![mark(0, 0, 33), mark(15, 500, 33), mark(30, 1000, 33)],
        vec![distance(10.0, 0.5), distance(8.0, 0.4)],
    );
    let r = measure(&Case::default(), &m).expect("computes");
    close(r.intervals[1].speed_m_per_s.expect("v₂").unc, 1.094_334_501, "σv₂");
    let change = r.speed_change.expect("three marks with distances");
    close(change.decel_m_per_s2().value, 8.0, "deceleration");
    close(change.decel_m_per_s2().unc, 3.894_541_822, "σ deceleration");
    close(change.decel_g().value, 8.0 / STANDARD_GRAVITY_M_PER_S2, "g");
    // The quadratic through three points: Δv over the span is a × (t₂ − t₀) = −8 m/s; speeds at the ends 22 and 14.
    close(change.change_m_per_s.value, -8.0, "Δv");
    close(change.speed_first_m_per_s.value, 22.0, "v at first mark");
    close(change.speed_last_m_per_s.value, 14.0, "v at last mark");
    assert_eq!(change.rms_residual_m, None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn more_marks_are_fitted_by_least_squares_and_a_noisy_value_is_warned_about() {
    // x = 20t − 2t² sampled at 0, 0.25, … 1 s: exact, so the fit finds a = −4 and no residual.
    let t_ms = [0i64, 250, 500, 750, 1000];
    let x = |ms: i64| {
        let t = ms as f64 / 1000.0;
        20.0 * t - 2.0 * t * t
    };
    let marks = t_ms.iter().enumerate().map(|(i, &ms)| mark(i as u64 * 10, ms, 33)).collect();
    let distances = t_ms.windows(2).map(|w| distance(x(w[1]) - x(w[0]), 0.01)).collect();
    let r = measure(&Case::default(), &one_camera(marks, distances)).expect("computes");
    let change = r.speed_change.expect("fitted");
    close(change.accel_m_per_s2.value, -4.0, "a");
    close(change.speed_first_m_per_s.value, 20.0, "v₀");
    assert!(change.rms_residual_m.expect("more than three marks") < 1e-9);
    assert!(change.decel_m_per_s2().unc < 4.0 && r.warnings.is_empty());
    // The same motion over two frames' time: the ± swamps the value and the result says so.
    let short = one_camera(
        vec![mark(0, 0, 33), mark(1, 33, 33), mark(2, 66, 33)],
        vec![distance(0.66, 0.05), distance(0.65, 0.05)],
    );
    let r = measure(&Case::default(), &short).expect("computes");
    assert!(r.speed_change.expect("fitted").accel_m_per_s2.unc_as_large_as_value());
    assert!(r.warnings.iter().any(|w| w.contains("as large as its value")), "{:?}", r.warnings);
}

#[test]
fn marks_on_two_cameras_go_through_their_clock_maps_and_add_their_uncertainties() {
    let camera = |id: &str, origin: &str, unc_secs: f64| Media {
        id: MediaId::from(id),
        wall_clock: Some(WallClockMapping {
            origin: Some(origin.into()),
            uncertainty_secs: unc_secs,
            ..WallClockMapping::default()
        }),
        ..Media::default()
    };
    let mut case = Case::default();
    for m in [camera("m1", "2031-04-17T21:02:00Z", 0.01), camera("m2", "2031-04-17T21:02:01Z", 0.02)] {
        case.media.insert(m.id.clone(), m);
    }
    // m1 frame at media 0.5 s (wall :00.5), m2 frame at media 0.2 s (wall :01.2): Δt = 0.7 s.
    let m = Measurement {
        id: MeasurementId::from("ms-1"),
        media: vec![
            MediaMarks { media_id: MediaId::from("m2"), marks: vec![mark(6, 200, 40)] },
            MediaMarks { media_id: MediaId::from("m1"), marks: vec![mark(15, 500, 20)] },
        ],
        ..Measurement::default()
    };
    let r = measure(&case, &m).expect("computes");
    assert_eq!(r.marks[0].media_id.as_str(), "m1", "marks are put in wall-clock order");
    close(r.intervals[0].delta_t_secs.value, 0.7, "Δt across cameras");
    // ± 10 ms and ± 20 ms half frames, ± 10 ms and ± 20 ms clock maps, all in quadrature.
    let expected = (0.01f64.powi(2) + 0.02f64.powi(2) + 0.01f64.powi(2) + 0.02f64.powi(2)).sqrt();
    close(r.intervals[0].delta_t_secs.unc, expected, "σΔt across cameras");
}
