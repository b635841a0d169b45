//! Tests of the "same moment" query on hand-made cameras: a 30 fps body-cam that the event is on, a 25 fps phone
//! that starts 1.5 s later and drifts, a camera without a clock map, and one whose frames were not read.

use super::*;
use crate::case::model::event::Event;
use crate::case::parse_rfc3339_micros;

const ORIGIN: &str = "2031-04-17T21:02:00.000000Z";

fn origin_micros() -> i64 {
    parse_rfc3339_micros(ORIGIN).unwrap_or_default()
}

fn map(lead_micros: i64, drift_ppm: f64, uncertainty_secs: f64) -> WallClockMapping {
    WallClockMapping {
        origin: Some(crate::case::format_rfc3339_micros(origin_micros() + lead_micros)),
        source: "test".into(),
        uncertainty_secs,
        drift_ppm,
        drift_uncertainty_ppm: 2.0,
        ..Default::default()
    }
}

fn media(id: &str, wall_clock: Option<WallClockMapping>) -> Media {
    Media {
        id: MediaId::new(id),
        path_relative: format!("{id}.mp4").into(),
        sha256: id.repeat(32).chars().take(64).collect(),
        wall_clock,
        ..Default::default()
    }
}

/// `count` frames at `fps` on a 1/90000 time base, the first at PTS `first_ticks`.
fn frames(id: &str, fps: i64, count: i64, first_ticks: i64) -> CameraFrames {
    let pts = (0..count).map(|i| first_ticks + i * 90_000 / fps).collect();
    CameraFrames::new(MediaId::new(id), pts, 1, 90_000)
}

/// The body-cam m1 (the event's camera, 30 fps, ± 2 ms), the phone m2 (25 fps, 10 s, starting 1.5 s after m1's
/// origin, drifting by `drift_ppm`, ± 3 ms), m3 without a clock map, m4 whose frames are not handed in; event e1 at
/// m1's frame `event_frame`.
fn fixture(event_frame: u64, drift_ppm: f64) -> (Case, Vec<CameraFrames>) {
    let mut case = Case::new("same moment");
    for m in [
        media("m1", Some(map(0, 0.0, 0.002))),
        media("m2", Some(map(1_500_000, drift_ppm, 0.003))),
        media("m3", None),
        media("m4", Some(map(0, 0.0, 0.001))),
    ] {
        case.media.insert(m.id.clone(), m);
    }
    let start = FramePoint {
        frame: event_frame,
        pts_ticks: event_frame as i64 * 3000,
        time_base_num: 1,
        time_base_den: 90_000,
    };
    let event = Event { id: EventId::new("e1"), media_id: MediaId::new("m1"), start, ..Default::default() };
    case.events.insert(event.id.clone(), event);
    (case, vec![frames("m2", 25, 250, 0), frames("m1", 30, 3600, 0), frames("m3", 30, 300, 0)])
}

fn peer<'a>(moment: &'a SameMoment, id: &str) -> &'a PeerAt {
    let found = moment.cameras.iter().find(|c| c.media_id.as_str() == id);
    found.unwrap_or_else(|| panic!("camera {id} is listed: {moment:?}"))
}

/// The frame camera `id` shows at event e1's start.
fn frame_shown(case: &Case, frames: &[CameraFrames], id: &str) -> PeerFrame {
    match &peer(&moment_of(case, frames), id).shows {
        Shows::Frame(p) => p.clone(),
        other => panic!("{id} has footage at the event's start: {other:?}"),
    }
}

fn moment_of(case: &Case, frames: &[CameraFrames]) -> SameMoment {
    match same_moment_as_event(case, &EventId::new("e1"), frames) {
        Ok(Some(moment)) => moment,
        other => panic!("the event's camera has a clock map: {other:?}"),
    }
}

#[test]
fn each_other_camera_shows_its_latest_frame_at_or_before_the_moment() {
    // m1 frame 90 is at 3.000 s = 21:02:03.000; m2 started at 21:02:01.500, so it is 1.5 s in: its frame 37.5 → 37.
    let (case, frames) = fixture(90, 0.0);
    let moment = moment_of(&case, &frames);
    assert_eq!(moment.wall_micros, origin_micros() + 3_000_000);
    assert_eq!(moment.from_media.as_ref().map(MediaId::as_str), Some("m1"));
    assert!(moment.cameras.iter().all(|c| c.media_id.as_str() != "m1"), "the event's own camera is left out");
    let Shows::Frame(p) = &peer(&moment, "m2").shows else { panic!("m2 has footage then: {moment:?}") };
    assert_eq!(p.point.frame, 37);
    assert_eq!(p.point.pts_ticks, 37 * 3600);
    assert_eq!(p.cited.wall_clock_utc.as_deref(), Some("2031-04-17T21:02:02.980Z"));
    assert!((p.on_screen_before_ms - 20.0).abs() < 1e-9, "{}", p.on_screen_before_ms);
    assert!(
        (p.uncertainty_ms - (3.0 + 2e-6 * 1.48 * 1000.0)).abs() < 1e-9,
        "m2's map at 1.48 s: 3 ms + 2 ppm × 1.48 s"
    );
    assert!((moment.uncertainty_ms - (2.0 + 2e-6 * 3.0 * 1000.0)).abs() < 1e-9, "m1's map at 3 s");
    assert!((p.combined_uncertainty_ms - p.uncertainty_ms - moment.uncertainty_ms).abs() < 1e-9, "the two added");
    let text = peer(&moment, "m2").to_string();
    assert!(text.contains("frame 37 (PTS 133200 × 1/90000 s") && text.contains("21:02:02.980Z ± "), "{text}");
}

#[test]
fn a_frame_that_starts_exactly_at_the_moment_is_the_one_shown() {
    // m1 frame 135 is at 4.5 s = m2's 3.0 s, which is m2's frame 75 exactly: that frame, not the one before.
    let (case, frames) = fixture(135, 0.0);
    let p = frame_shown(&case, &frames, "m2");
    assert_eq!(p.point.frame, 75);
    assert_eq!(p.on_screen_before_ms, 0.0);
}

#[test]
fn cameras_without_footage_then_say_so_with_their_coverage() {
    // At m1's 1.0 s the phone has not started (it starts at 21:02:01.500).
    let (case, frames) = fixture(30, 0.0);
    let moment = moment_of(&case, &frames);
    assert_eq!(peer(&moment, "m2").shows, Shows::BeforeFootage { starts_micros: origin_micros() + 1_500_000 });
    assert!(peer(&moment, "m2")
        .to_string()
        .contains("no footage at this time (its footage starts at 2031-04-17T21:02:01.500Z)"));
    // At m1's 20 s the phone's 10 s have ended (at 21:02:11.500).
    let (case, frames) = fixture(600, 0.0);
    let moment = moment_of(&case, &frames);
    assert_eq!(peer(&moment, "m2").shows, Shows::AfterFootage { ended_micros: origin_micros() + 11_500_000 });
    assert_eq!(peer(&moment, "m3").shows, Shows::NoClockMap);
    assert_eq!(peer(&moment, "m4").shows, Shows::FramesNotRead);
    assert!(peer(&moment, "m4").to_string().contains("frames were not read"));
}

#[test]
fn drift_moves_the_frame_by_the_camera_own_clock() {
    // m2 runs 5000 ppm fast (an absurd drift, to move a whole frame over 8 s): its media 8 s maps to 8.04 s after its
    // origin. At m1's 9.5 s (m2's wall 8.0 s after its origin) m2 is at media 8/1.005 = 7.9602 s: frame 199, not 200.
    let (case, frames) = fixture(285, 5000.0);
    let moment = moment_of(&case, &frames);
    let Shows::Frame(p) = &peer(&moment, "m2").shows else { panic!("m2 has footage") };
    assert_eq!(p.point.frame, 199);
    let m2 = case.media.get(&MediaId::new("m2")).and_then(|m| m.wall_clock.clone()).unwrap_or_default();
    let wall = |frame: i64| m2.wall_micros(frame as f64 * 0.04).unwrap_or_default();
    assert!(wall(199) <= moment.wall_micros && wall(200) > moment.wall_micros, "at or before, and the latest such");
    // Its uncertainty grows with the distance from its reference point: 3 ms + 2 ppm × 7.96 s.
    assert!((p.uncertainty_ms - (3.0 + 2e-6 * 7.96 * 1000.0)).abs() < 1e-9, "{}", p.uncertainty_ms);
    let (case, frames) = fixture(285, 0.0);
    let p = frame_shown(&case, &frames, "m2");
    assert_eq!(p.point.frame, 200, "without the drift the frame is a later one");
}

#[test]
fn an_instant_on_the_wall_clock_puts_every_camera_there_and_an_unmapped_event_gives_none() {
    let (mut case, frames) = fixture(90, 0.0);
    let moment = same_moment_at(&case, origin_micros() + 3_000_000, 0.0, None, &frames);
    assert_eq!(moment.cameras.len(), 4);
    let Shows::Frame(p) = &peer(&moment, "m1").shows else { panic!("m1 has footage") };
    assert_eq!(p.point.frame, 90);
    assert_eq!(p.combined_uncertainty_ms, p.uncertainty_ms, "an instant given on the wall clock adds nothing");
    if let Some(m1) = case.media.get_mut(&MediaId::new("m1")) {
        m1.wall_clock = None;
    }
    assert!(matches!(same_moment_as_event(&case, &EventId::new("e1"), &frames), Ok(None)));
    assert!(same_moment_as_event(&case, &EventId::new("nope"), &frames).is_err());
}

#[test]
fn frames_keep_their_citation_point_and_span() {
    let f = frames("m9", 25, 3, 9000);
    assert_eq!(f.frame_count(), 3);
    assert_eq!(f.point(2), Some(FramePoint { frame: 2, pts_ticks: 16_200, time_base_num: 1, time_base_den: 90_000 }));
    assert_eq!(f.point(3), None);
    let (first, end) = f.span_secs().unwrap_or_default();
    assert!((first - 0.1).abs() < 1e-12 && (end - 0.22).abs() < 1e-12, "the last frame lasts one interval: {end}");
    assert_eq!(CameraFrames::new(MediaId::new("m9"), vec![1, 2], 1, 0).span_secs(), None, "unusable time base");
    let points: Vec<FramePoint> = (0..3).filter_map(|i| f.point(i)).collect();
    assert_eq!(CameraFrames::from_points(MediaId::new("m9"), &points), f);
}
