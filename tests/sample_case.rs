//! The bundled sample case: it verifies (media hash, links, audit chain), it is exactly what the generator codes
//! from the footage's ground truth, its events cite the frames the ground truth names, and it holds both cameras
//! on one wall clock — the phone synced to the body camera by sound, within a millisecond of its true clock.

mod support;

use std::path::PathBuf;

use claimframe::case::{load_case, parse_rfc3339_micros, AtWall, ClockMethod, Media, Stance};
use claimframe::player::multicam::{Camera, MultiCam};
use claimframe::sample::GroundTruth;

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects")
}

/// A copy of the bundled sample in a temporary folder (commands may record into a case; the repository's stays put).
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("footage")).unwrap();
    for f in ["bodycam_sample.mp4", "bodycam_sample.truth.json", "phone_sample.mp4", "phone_sample.truth.json"] {
        std::fs::copy(sample_dir().join("footage").join(f), dir.path().join("footage").join(f)).unwrap();
    }
    std::fs::copy(sample_dir().join("sample.case.ron"), dir.path().join("sample.case.ron")).unwrap();
    dir
}

#[test]
fn committed_sample_case_verifies() {
    let copy = sample_copy();
    support::ok(support::case_cmd(&copy.path().join("sample.case.ron"), &["verify"]));
}

#[test]
fn committed_sample_case_is_what_the_generator_codes() {
    support::isolate_cache();
    let dir = sample_copy();
    std::fs::remove_file(dir.path().join("sample.case.ron")).unwrap();
    let rebuilt = claimframe::cli::sample_cmds::write_sample_case(dir.path()).unwrap();
    assert_eq!(std::fs::read(rebuilt).unwrap(), std::fs::read(sample_dir().join("sample.case.ron")).unwrap());
}

#[test]
fn sample_events_sit_on_the_ground_truth_frames() {
    let case = load_case(&sample_dir().join("sample.case.ron")).unwrap();
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample_dir().join("footage/bodycam_sample.truth.json")).unwrap())
            .unwrap();
    let contact = truth["events"].as_array().unwrap().iter().find(|e| e["kind"] == "contact").unwrap();
    let ev = case.events.values().find(|e| e.type_id.as_str() == "contact").unwrap();
    assert_eq!(ev.start.frame, contact["start_frame"].as_u64().unwrap());
    assert!(ev.links.iter().any(|l| l.claim_id.as_str() == "c2" && l.stance == Stance::Contradicts));
    let brake_checks = case.events.values().filter(|e| e.type_id.as_str() == "brake-check").count();
    assert_eq!(brake_checks, 3);
}

#[test]
fn sample_measures_brake_check_2_at_the_scripted_deceleration() {
    let case = load_case(&sample_dir().join("sample.case.ron")).unwrap();
    assert_eq!(case.measurements.len(), 1);
    let measurement = case.measurements.values().next().unwrap();
    let e6 = &case.events[&claimframe::case::EventId::new("e6")];
    assert_eq!(e6.type_id.as_str(), "brake-check");
    assert_eq!(measurement.events, vec![e6.id.clone()]);
    let frames: Vec<u64> = measurement.media[0].marks.iter().map(|m| m.at.frame).collect();
    assert_eq!(frames, [960, 978, 996], "start, middle and end of the scripted braking");
    assert_eq!(measurement.media[0].marks[0].at.pts_ticks, e6.start.pts_ticks, "the same frame as the event's start");
    // The script (src/sample/script.rs) brakes the SUV from 20 m/s at frame 960 to 8 m/s at frame 996, at 30 fps:
    // 12 m/s in 1.2 s.
    let scripted_decel_m_per_s2 = (20.0 - 8.0) / ((996.0 - 960.0) / 30.0);
    let result = claimframe::case::measure::measure(&case, measurement).unwrap();
    let decel = result.speed_change.as_ref().unwrap().decel_m_per_s2();
    assert!((decel.value - scripted_decel_m_per_s2).abs() < 1e-6, "{decel:?}");
    assert!(decel.unc > 0.0 && decel.unc < decel.value / 2.0, "{decel:?}");
    let speeds: Vec<f64> = result.intervals.iter().map(|i| i.speed_m_per_s.unwrap().value).collect();
    assert!(
        (speeds[0] - 17.0).abs() < 1e-6 && (speeds[1] - 11.0).abs() < 1e-6,
        "mean speeds over each 0.6 s: {speeds:?}"
    );
}

fn phone_truth() -> GroundTruth {
    let bytes = std::fs::read(sample_dir().join("footage/phone_sample.truth.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn sample_case_holds_both_cameras_the_phone_synced_by_sound_to_its_true_clock() {
    let case = load_case(&sample_dir().join("sample.case.ron")).unwrap();
    assert_eq!(case.media.len(), 2);
    let media: Vec<&Media> = case.media.values().collect();
    let (body, phone) = (media[0], media[1]);
    assert_eq!(body.path_relative, PathBuf::from("footage/bodycam_sample.mp4"));
    assert_eq!(phone.path_relative, PathBuf::from("footage/phone_sample.mp4"));
    let body_map = body.wall_clock.as_ref().unwrap();
    assert_eq!(body_map.method, ClockMethod::ContainerCreationTime);
    let phone_map = phone.wall_clock.as_ref().unwrap();
    assert_eq!((phone_map.method, phone_map.drift_method), (ClockMethod::Audio, ClockMethod::Audio));
    assert!(phone_map.residuals.len() >= 5, "{} residuals", phone_map.residuals.len());
    // The sync is an audited edit after the phone was added with its container's (wrong) creation time.
    let actions: Vec<&str> = case.audit.entries().iter().map(|a| a.action.as_str()).collect();
    let added = actions.iter().rposition(|a| *a == "add_media").unwrap();
    assert_eq!(actions.get(added + 1..), Some(&["update_media", "add_measurement"][..]), "{actions:?}");

    // Truth: the phone's media time t is the body camera's S + t / (1 + drift), and the body camera's clock is
    // its creation time exactly.
    let truth = phone_truth();
    let clock = truth.clock.unwrap();
    let body_origin = body_map.origin_micros().unwrap();
    let rate = 1.0 + clock.drift_ppm * 1e-6;
    for phone_secs in [0.0, 10.0, 30.0, 45.7] {
        let true_micros = body_origin as f64 + (clock.starts_at_reference_secs + phone_secs / rate) * 1e6;
        let mapped = phone_map.wall_micros(phone_secs).unwrap() as f64;
        assert!((mapped - true_micros).abs() <= 1000.0, "at {phone_secs} s: {mapped} vs {true_micros} µs");
    }
    let true_map_drift_ppm = (1.0 / rate - 1.0) * 1e6;
    assert!((phone_map.drift_ppm - true_map_drift_ppm).abs() <= 2.0, "{} ppm", phone_map.drift_ppm);
    // Its creation time was off by more than a second; the sync replaced it.
    let created = parse_rfc3339_micros(&clock.creation_time_utc).unwrap();
    let true_origin = parse_rfc3339_micros(&clock.true_origin_utc).unwrap();
    assert!((created - true_origin).abs() > 1_000_000);
    assert!((phone_map.wall_micros(0.0).unwrap() - true_origin).abs() <= 1000);
}

#[test]
fn on_the_wall_clock_the_phone_has_no_footage_at_the_ends() {
    support::isolate_cache();
    let case = load_case(&sample_dir().join("sample.case.ron")).unwrap();
    let cameras: Vec<Camera> = case
        .media
        .values()
        .map(|m| {
            let (index, _) =
                claimframe::media::index_cache::load_or_build(&sample_dir().join(&m.path_relative)).unwrap();
            Camera::new(m.clone(), &claimframe::player::Timeline::from_index(&index))
        })
        .collect();
    let multicam = MultiCam::new(cameras);
    let (start, end) = multicam.span_micros().unwrap();
    let cams = multicam.cameras();
    let at = |wall: i64| cams.iter().map(|c| c.at(wall)).collect::<Vec<_>>();
    assert_eq!(at(start + 3_000_000), vec![Some(AtWall::Frame(90)), Some(AtWall::BeforeFootage)]);
    assert_eq!(at(start + 20_000_000)[1].map(|v| matches!(v, AtWall::Frame(_))), Some(true));
    assert_eq!(at(end - 3_000_000)[1], Some(AtWall::AfterFootage));
}
