//! A measurement's method-and-limits paragraph, generated with its numbers so every report, export and listing says
//! the same: what was measured, from which frames, what the ± covers and what it does not, and that ClaimFrame
//! does not decide what a manoeuvre (a "brake-check") is. Plain sentences; the exports only escape them.

use crate::case::model::case::Case;
use crate::case::model::measurement::Measurement;
use crate::case::query::measure::{MeasureResult, TimingBasis, STANDARD_GRAVITY_M_PER_S2};

/// The paragraph for `measurement`, whose numbers are `result`.
pub fn method_and_limits(case: &Case, measurement: &Measurement, result: &MeasureResult) -> String {
    let mut s = Vec::new();
    let frames: Vec<String> = result
        .marks
        .iter()
        .map(|m| {
            format!(
                "{} frame {} (PTS {} × {}/{} s)",
                m.media_id, m.frame, m.pts_ticks, m.time_base_num, m.time_base_den
            )
        })
        .collect();
    s.push(format!("Measured between {} marked frames: {}.", result.marks.len(), frames.join(", ")));
    s.push(
        "Each time is the frame's presentation timestamp times its time base, so it is exact on variable-frame-rate \
         footage; no time is derived from a frame count or a frame rate."
            .to_owned(),
    );
    let vfr: Vec<&str> = measurement
        .media
        .iter()
        .filter(|m| case.media.get(&m.media_id).is_some_and(|r| r.probe.vfr))
        .map(|m| m.media_id.as_str())
        .collect();
    if !vfr.is_empty() {
        s.push(format!(
            "The frame rate of {} varies, so a frame count divided by the declared rate would not give these times.",
            vfr.join(", ")
        ));
    }
    if !result.clock_unc_secs.is_empty() {
        let clocks: Vec<String> =
            result.clock_unc_secs.iter().map(|(id, unc)| format!("{id} ± {:.3} s", unc)).collect();
        s.push(format!(
            "The marks are on several cameras: each camera's times were carried onto the wall clock by its clock map, \
             and each map's uncertainty ({}) is included, once per camera, in quadrature.",
            clocks.join(", ")
        ));
    }
    s.push(match &result.timing {
        TimingBasis::HalfFrame => "Timing ±: half the local frame interval at each mark (the moment may fall anywhere \
                                   while the frame is shown); the two ends of an interval are combined in quadrature."
            .to_owned(),
        TimingBasis::Tested { per_mark_unc_secs, source } => format!(
            "Timing ±: {:.4} s per mark, a tested value given by the reviewer (source: {source}), in place of half \
             the frame interval; the two ends of an interval are combined in quadrature.",
            per_mark_unc_secs
        ),
    });
    if measurement.distances.is_empty() {
        s.push("No distance was given, so only times are measured.".to_owned());
    } else {
        let given: Vec<String> = measurement
            .distances
            .iter()
            .map(|d| format!("{} m ± {} m ({})", d.distance_m, d.distance_unc_m, d.source))
            .collect();
        s.push(format!(
            "Distances between consecutive marks were given by the reviewer: {}. ClaimFrame does not measure distance \
             in the picture; a speed is only as good as the distance it is given. Speed over an interval is distance \
             ÷ Δt, with σv = v·√((σd/d)² + (σΔt/Δt)²).",
            given.join("; ")
        ));
    }
    if result.speed_change.is_some() {
        let fit = if result.marks.len() == 3 {
            "the quadratic through the three positions (the same as the change between the two interval speeds over \
             the time between the intervals' midpoints)"
        } else {
            "the least-squares quadratic of position against time over all marks"
        };
        s.push(format!(
            "Change of speed and deceleration come from {fit}; their ± is propagated to first order from every mark's \
             timing and every distance's ±, and expressed in g with g = {STANDARD_GRAVITY_M_PER_S2} m/s². The \
             deceleration is an average over the marked span, not a peak."
        ));
    }
    s.push(
        "The ± covers only the stated timing, distance and clock-map uncertainties. It does not cover a wrong choice \
         of frames, a distance measured along a different path, lens distortion, perspective, camera motion, or \
         dropped or duplicated frames in the recording."
            .to_owned(),
    );
    s.push(
        "The tool computes numbers; it does not decide what a manoeuvre is: whether a deceleration amounts to a \
         \"brake-check\" is the reviewer's and the reader's judgement."
            .to_owned(),
    );
    s.join(" ")
}
