//! The sample renderers (body camera and phone) and the ground truth, without FFmpeg: determinism, visible brake
//! lights, and a truth file that agrees with the script (frame ranges, one contact right after a brake-check, JSON
//! names).

use claimframe::sample::phone::{PHONE_HEIGHT_PX, PHONE_WIDTH_PX};
use claimframe::sample::script::{phase, Script};
use claimframe::sample::{
    GroundTruth, PhoneClock, PhoneRenderer, Renderer, TruthKind, FPS, FULL_FRAME_COUNT, HEIGHT_PX, PHONE_FRAME_COUNT,
    WIDTH_PX,
};

fn renderer() -> Renderer {
    match Renderer::new() {
        Ok(r) => r,
        Err(err) => panic!("renderer: {err}"),
    }
}

fn frame_bytes(r: &Renderer, frame: u32) -> Vec<u8> {
    match r.render_frame(frame) {
        Ok(canvas) => canvas.into_rgba(),
        Err(err) => panic!("frame {frame}: {err}"),
    }
}

/// Pixels that read as a lit brake lamp: saturated bright red.
fn bright_red_pixels(rgba: &[u8]) -> usize {
    rgba.chunks_exact(4).filter(|p| p[0] > 200 && p[1] < 110 && p[2] < 110).count()
}

#[test]
fn same_frame_same_bytes_and_neighbours_differ() {
    let r = renderer();
    for frame in [0, 295, 1246] {
        let a = frame_bytes(&r, frame);
        assert_eq!(a.len(), (WIDTH_PX * HEIGHT_PX * 4) as usize);
        assert!(a == frame_bytes(&r, frame), "frame {frame} rendered twice differs");
        assert!(a != frame_bytes(&r, frame + 1), "frames {frame} and {} are identical", frame + 1);
    }
    // A second renderer (fresh font, fresh script) draws the same bytes too.
    assert!(frame_bytes(&r, 700) == frame_bytes(&renderer(), 700));
}

#[test]
fn frame_past_the_end_is_an_error() {
    let r = renderer();
    assert!(r.render_frame(FULL_FRAME_COUNT - 1).is_ok());
    let Err(err) = r.render_frame(FULL_FRAME_COUNT) else { panic!("frame {FULL_FRAME_COUNT} must not render") };
    assert!(err.to_string().contains("1799"), "{err}");
}

#[test]
fn brake_lights_are_visible_during_brake_checks_only() {
    let r = renderer();
    let cruising = bright_red_pixels(&frame_bytes(&r, 120));
    for &(start, end) in phase::BRAKE_CHECKS {
        let mid = (start + end) / 2;
        let braking = bright_red_pixels(&frame_bytes(&r, mid));
        assert!(braking > cruising + 150, "frame {mid}: {braking} lit-red pixels vs {cruising} while cruising");
    }
}

fn full_truth() -> GroundTruth {
    GroundTruth::for_script(&Script::standard(), FULL_FRAME_COUNT, "bodycam_sample.mp4")
}

#[test]
fn truth_frames_are_inside_the_video_and_ordered() {
    let truth = full_truth();
    assert_eq!(truth.frame_count, FULL_FRAME_COUNT);
    assert!(truth.synthetic);
    let mut previous_start = 0;
    for e in &truth.events {
        assert!(e.start_frame <= e.end_frame && e.end_frame < FULL_FRAME_COUNT, "{e:?}");
        assert!(e.start_frame >= previous_start, "events out of order at {e:?}");
        assert!(!e.description.is_empty());
        previous_start = e.start_frame;
    }
}

#[test]
fn truth_has_the_scripted_happenings() {
    let truth = full_truth();
    let count = |kind| truth.of_kind(kind).count();
    assert!(count(TruthKind::Following) >= 3);
    assert!(count(TruthKind::BrakeCheck) >= 2);
    assert!(count(TruthKind::ErraticDriving) >= 1);
    assert!(count(TruthKind::Horn) >= 1);
    assert_eq!(count(TruthKind::Contact), 1, "exactly one contact");

    let Some(contact) = truth.of_kind(TruthKind::Contact).next() else { panic!("no contact") };
    assert_eq!(contact.start_frame, contact.end_frame, "contact is a point event");
    // Right after a brake-check: within one second of its end, and no other happening in between.
    let Some(check) = truth.of_kind(TruthKind::BrakeCheck).filter(|b| b.end_frame < contact.start_frame).last() else {
        panic!("no brake-check before the contact")
    };
    assert!(contact.start_frame - check.end_frame <= 30, "contact {contact:?} is not right after {check:?}");
    // Nothing else overlaps a brake-check except horns.
    for b in truth.of_kind(TruthKind::BrakeCheck) {
        for other in truth.events.iter().filter(|e| e.kind == TruthKind::Following) {
            assert!(other.end_frame < b.start_frame || other.start_frame > b.end_frame, "{other:?} overlaps {b:?}");
        }
    }
}

#[test]
fn truth_matches_the_script_state() {
    let script = Script::standard();
    let truth = GroundTruth::for_script(&script, FULL_FRAME_COUNT, "bodycam_sample.mp4");
    for b in truth.of_kind(TruthKind::BrakeCheck) {
        for f in b.start_frame..=b.end_frame {
            assert!(script.state(f).is_some_and(|s| s.lead_brake_lights), "brake lights off at {f} in {b:?}");
        }
    }
    for h in truth.of_kind(TruthKind::Horn) {
        assert!((h.start_frame..=h.end_frame).all(|f| script.state(f).is_some_and(|s| s.horn)));
    }
    let Some(contact) = truth.of_kind(TruthKind::Contact).next() else { panic!("no contact") };
    assert_eq!(script.contact_frame(), Some(contact.start_frame));
    assert!(script.state(contact.start_frame).is_some_and(|s| s.gap_m <= 0.0));
}

#[test]
fn truth_json_uses_the_kind_names() {
    let truth = full_truth();
    let json = match serde_json::to_string(&truth) {
        Ok(j) => j,
        Err(err) => panic!("serialise: {err}"),
    };
    for name in ["\"following\"", "\"brake-check\"", "\"erratic driving\"", "\"contact\"", "\"horn\""] {
        assert!(json.contains(name), "{name} missing from {json}");
    }
    let back: GroundTruth = match serde_json::from_str(&json) {
        Ok(t) => t,
        Err(err) => panic!("deserialise: {err}"),
    };
    assert_eq!(back, truth);
}

#[test]
fn truth_for_a_short_render_is_clipped() {
    let truth = GroundTruth::for_script(&Script::standard(), 90, "short.mp4");
    assert_eq!(truth.frame_count, 90);
    assert!(!truth.events.is_empty());
    assert!(truth.events.iter().all(|e| e.end_frame <= 89));
    assert!(truth.of_kind(TruthKind::Contact).next().is_none());
}

fn phone_renderer() -> PhoneRenderer {
    match PhoneRenderer::new() {
        Ok(r) => r,
        Err(err) => panic!("phone renderer: {err}"),
    }
}

fn phone_bytes(r: &PhoneRenderer, frame: u32) -> Vec<u8> {
    match r.render_frame(frame) {
        Ok(canvas) => canvas.into_rgba(),
        Err(err) => panic!("phone frame {frame}: {err}"),
    }
}

#[test]
fn phone_frames_are_deterministic_and_move() {
    let r = phone_renderer();
    for frame in [0, 400, PHONE_FRAME_COUNT - 2] {
        let a = phone_bytes(&r, frame);
        assert_eq!(a.len(), (PHONE_WIDTH_PX * PHONE_HEIGHT_PX * 4) as usize);
        assert!(a == phone_bytes(&r, frame), "phone frame {frame} rendered twice differs");
        assert!(a != phone_bytes(&r, frame + 1), "phone frames {frame} and {} are identical", frame + 1);
    }
    assert!(phone_bytes(&r, 700) == phone_bytes(&phone_renderer(), 700));
    let Err(err) = r.render_frame(PHONE_FRAME_COUNT) else { panic!("the phone has {PHONE_FRAME_COUNT} frames") };
    assert!(err.to_string().contains(&(PHONE_FRAME_COUNT - 1).to_string()), "{err}");
}

#[test]
fn phone_sees_the_brake_lights_of_every_brake_check() {
    let r = phone_renderer();
    let clock = PhoneClock::standard();
    let phone_frame = |script_frame: u32| (clock.phone_secs(f64::from(script_frame) / f64::from(FPS)) * 30.0) as u32;
    let cruising = bright_red_pixels(&phone_bytes(&r, phone_frame(440)));
    for &(start, end) in phase::BRAKE_CHECKS {
        let braking = bright_red_pixels(&phone_bytes(&r, phone_frame((start + end) / 2)));
        assert!(braking > cruising + 10, "brake-check at {start}: {braking} lit-red pixels vs {cruising} cruising");
    }
}
