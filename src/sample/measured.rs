//! The sample case's measurement of brake-check 2 (event e6): three marked frames of the body camera, 0.6 s apart,
//! and the agency SUV's travel between them. The footage is synthetic, so the distances are the SUV's travel as the
//! script integrates it (its position is the follower's odometer plus the gap), stated as such in their source; on
//! real footage the reviewer would take them from a scene survey. The script brakes the SUV from 20 to 8 m/s over
//! frames 960–996 (1.2 s), so what ClaimFrame computes must come out at 10 m/s², and the sample's tests check it.

use super::script::Script;
use crate::case::{
    Case, ClaimId, ClaimLink, EventId, GivenDistance, MeasureMark, Measurement, MeasurementId, MediaId, MediaMarks,
    Stance,
};

/// The marked frames, on the body camera: the start, the middle and the end of the SUV's braking.
pub const BRAKE_CHECK_2_FRAMES: [u32; 3] = [960, 978, 996];
/// The event the measurement bears on.
pub const BRAKE_CHECK_2_EVENT: &str = "e6";
/// ± metres stated on each scripted distance: the SUV's rear face is drawn to within a few pixels.
const DISTANCE_UNC_M: f64 = 0.25;

/// The SUV's travel from `from` to `to` (frames of the script), metres, stated to the centimetre as a survey would.
fn lead_travel_m(script: &Script, from: u32, to: u32) -> Option<f64> {
    let at = |f: u32| script.state(f).map(|s| s.follower_odometer_m + s.gap_m);
    Some(((at(to)? - at(from)?) * 100.0).round() / 100.0)
}

/// The measurement of brake-check 2 on `media_id`, given the marks of [`BRAKE_CHECK_2_FRAMES`] as the footage's
/// index places them; `None` when the script does not reach those frames.
pub fn brake_check_measurement(
    case: &Case,
    media_id: &MediaId,
    marks: Vec<MeasureMark>,
    reviewer: &str,
    now_utc: &str,
) -> Option<Measurement> {
    let script = Script::standard();
    let distances = BRAKE_CHECK_2_FRAMES
        .windows(2)
        .map(|w| {
            Some(GivenDistance {
                distance_m: lead_travel_m(&script, w[0], w[1])?,
                distance_unc_m: DISTANCE_UNC_M,
                source: "synthetic sample: the agency SUV's travel as ClaimFrame's generator scripts it (on real \
                         footage, a scene survey such as the lane dashes, 12 m apart)"
                    .into(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let event_id = EventId::new(BRAKE_CHECK_2_EVENT);
    let links = vec![ClaimLink {
        claim_id: ClaimId::new("c7"),
        stance: Stance::Supports,
        rationale: "The SUV slows from about 45 to 18 mph in just over a second with no traffic ahead: the reviewer's \
                    reading of the measured deceleration (ClaimFrame gives the number, not the label)."
            .into(),
        ..ClaimLink::default()
    }];
    Some(Measurement {
        id: MeasurementId::new("ms1"),
        media: vec![MediaMarks { media_id: media_id.clone(), marks }],
        distances,
        timing: None,
        events: case.events.contains_key(&event_id).then_some(event_id).into_iter().collect(),
        links: links.into_iter().filter(|l| case.claims.contains_key(&l.claim_id)).collect(),
        note: "Brake-check 2: the agency SUV's deceleration from its travel between three frames.".into(),
        reviewer: reviewer.into(),
        created_utc: now_utc.into(),
        modified_utc: now_utc.into(),
    })
}
