//! The phone's ground truth: the scripted happenings it saw, on its own frames, and its true clock against the
//! body camera's, written to `phone_sample.truth.json` in the body camera's truth format.

use super::super::osd::CREATION_TIME_UTC;
use super::super::script::{Script, FPS};
use super::super::truth::{full_event_list, GroundTruth, TruthClock, TRUTH_SCHEMA};
use super::super::VIDEO_FILE_NAME;
use super::{PhoneClock, PHONE_CAMERA_ID, PHONE_CREATION_TIME, PHONE_HEIGHT_PX, PHONE_VIDEO_FILE_NAME, PHONE_WIDTH_PX};
use crate::case::{format_rfc3339_micros, parse_rfc3339_micros};

/// The truth for the phone's first `frame_count` frames. A happening on body-camera frames `a..=b` (script time
/// `[a, b + 1)` frames) is on the phone frames whose script time falls in that span; happenings the phone did not
/// record are left out, those it recorded in part are cut at its ends.
pub fn for_phone(script: &Script, clock: &PhoneClock, frame_count: u32) -> GroundTruth {
    let fps = f64::from(FPS);
    let first_phone_frame = |script_frame: u32| (clock.phone_secs(f64::from(script_frame) / fps) * fps).ceil();
    let mut events: Vec<_> = full_event_list(script)
        .into_iter()
        .filter_map(|mut e| {
            let start = first_phone_frame(e.start_frame).max(0.0);
            let end = (first_phone_frame(e.end_frame + 1) - 1.0).min(f64::from(frame_count) - 1.0);
            if end < start {
                return None;
            }
            (e.start_frame, e.end_frame) = (start as u32, end as u32);
            Some(e)
        })
        .collect();
    events.sort_by_key(|e| (e.start_frame, e.kind as u8, e.end_frame));
    let true_origin_utc = parse_rfc3339_micros(CREATION_TIME_UTC)
        .map(|micros| format_rfc3339_micros(micros + (clock.start_body_secs * 1e6).round() as i64))
        .unwrap_or_default();
    GroundTruth {
        schema: TRUTH_SCHEMA.to_owned(),
        synthetic: true,
        video_file: PHONE_VIDEO_FILE_NAME.to_owned(),
        camera_id: PHONE_CAMERA_ID.to_owned(),
        width_px: PHONE_WIDTH_PX,
        height_px: PHONE_HEIGHT_PX,
        fps_num: FPS,
        fps_den: 1,
        frame_count,
        events,
        clock: Some(TruthClock {
            reference_video_file: VIDEO_FILE_NAME.to_owned(),
            starts_at_reference_secs: clock.start_body_secs,
            drift_ppm: clock.drift_ppm,
            true_origin_utc,
            creation_time_utc: PHONE_CREATION_TIME.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::phone::{state_at, PHONE_FRAME_COUNT};
    use crate::sample::TruthKind;

    #[test]
    fn phone_events_show_what_the_script_says_at_their_frames() {
        let script = Script::standard();
        let clock = PhoneClock::standard();
        let truth = for_phone(&script, &clock, PHONE_FRAME_COUNT);
        let script_frame = |phone_frame: u32| {
            let secs = clock.script_secs(f64::from(phone_frame) / f64::from(FPS));
            state_at(&script, secs).map(|s| s.frame)
        };
        let contacts: Vec<_> = truth.of_kind(TruthKind::Contact).collect();
        assert_eq!(contacts.len(), 1);
        assert_eq!(script_frame(contacts[0].start_frame), script.contact_frame());
        for horn in truth.of_kind(TruthKind::Horn) {
            for f in [horn.start_frame, horn.end_frame] {
                let state = script_frame(f).and_then(|k| script.state(k));
                assert!(state.is_some_and(|s| s.horn), "phone frame {f} is inside a horn press");
            }
            let before = script_frame(horn.start_frame - 1).and_then(|k| script.state(k));
            assert!(before.is_some_and(|s| !s.horn), "phone frame {} is before it", horn.start_frame - 1);
        }
        // The first following stretch began before the phone started: cut at its frame 0.
        assert_eq!(truth.events.first().map(|e| (e.kind, e.start_frame)), Some((TruthKind::Following, 0)));
        assert!(truth.events.iter().all(|e| e.end_frame < PHONE_FRAME_COUNT));
        let clock_truth = truth.clock.as_ref().map(|c| c.true_origin_utc.as_str());
        assert_eq!(clock_truth, Some("2031-04-17T21:02:06.237Z"));
    }
}
