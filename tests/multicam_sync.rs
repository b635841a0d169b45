//! `claimframe sync` on a case with two generated cameras (30 and 25 fps, different creation times): a clock map
//! from the burned-in clock, then the second camera by sync points (offset and drift), each an audited edit that
//! verifies; the maps say which frame of each camera is on screen at a wall-clock time; refusals are in words.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use claimframe::case::{load_case, AtWall, ClockMethod, MediaId, WallClockMapping};
use support::{bin, case_cmd, isolate_cache, ok};

fn sync(case: &Path, args: &[&str]) -> Output {
    isolate_cache();
    Command::new(bin())
        .arg("sync")
        .arg(case)
        .args(["--reviewer", "Test Reviewer"])
        .args(args)
        .output()
        .expect("run claimframe")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn map_of(case: &Path, id: &str) -> WallClockMapping {
    let case = load_case(case).expect("the case loads");
    case.media[&MediaId::new(id)].wall_clock.clone().expect("a clock map")
}

/// Media time of `frame` in the index of `file`.
fn frame_secs(file: &str) -> Vec<f64> {
    let (index, _) = claimframe::media::index_cache::load_or_build(Path::new(file)).expect("index");
    let tick_secs = f64::from(index.time_base_num) / f64::from(index.time_base_den);
    index.frames.iter().map(|f| f.pts.unwrap_or(0) as f64 * tick_secs).collect()
}

#[test]
fn two_cameras_are_synced_by_their_clock_and_by_sync_points() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = support::media::camera(dir.path(), "bodycam.mp4", "30", "12", "2031-04-17T21:01:58.000000Z");
    let b = support::media::camera(dir.path(), "phone.mp4", "25", "12", "2031-04-17T21:02:03.000000Z");
    let case = dir.path().join("two.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Two cameras"]));
    ok(case_cmd(&case, &["add-media", &a]));
    ok(case_cmd(&case, &["add-media", &b]));
    let before = std::fs::read(&case).expect("case bytes");
    let (m1, m2) = (support::media_id_of(&case, "bodycam.mp4"), support::media_id_of(&case, "phone.mp4"));
    let (m1, m2) = (m1.as_str(), m2.as_str());

    // Without --apply nothing is written.
    let text = ok(sync(&case, &["--media", m1, "--method", "metadata"]));
    assert!(text.contains("origin ± 1000.000 ms") && text.contains("not applied"), "{text}");
    assert_eq!(std::fs::read(&case).expect("case bytes"), before, "a proposal changes nothing");

    // Camera 1 by its burned-in clock: frame 60 (2 s in) reads 21:02:00.
    let text = ok(sync(
        &case,
        &["--media", m1, "--method", "clock", "--frame", "60", "--reads", "2031-04-17T21:02:00Z", "--apply"],
    ));
    assert!(text.contains("applied"), "{text}");
    let a_map = map_of(&case, m1);
    let a_secs = frame_secs(&a);
    assert_eq!(a_map.method, ClockMethod::BurnedInClock);
    assert_eq!(a_map.ref_secs, a_secs[60]);
    assert_eq!(a_map.wall_micros(a_secs[60]), claimframe::case::parse_rfc3339_micros("2031-04-17T21:02:00Z"));

    // Camera 2 by two points far apart: its frame 50 shows what camera 1's frame 90 shows, and frame 250 what 330
    // shows (camera 2 is 1.2 s behind and its clock runs slow).
    let text = ok(sync(
        &case,
        &["--media", m2, "--to", m1, "--method", "points", "--point", "50=90:flash", "--point", "250=330", "--apply"],
    ));
    assert!(text.contains("2 sync points") && text.contains("residual"), "{text}");
    // Two points 8 s apart, each marked to within half a frame, cannot measure a drift: offset only, said so.
    assert!(text.contains("too close together to measure a drift"), "{text}");
    let b_map = map_of(&case, m2);
    let b_secs = frame_secs(&b);
    assert_eq!(b_map.method, ClockMethod::SyncPoints);
    for (mine, theirs) in [(50, 90), (250, 330)] {
        let (got, want) = (b_map.wall_micros(b_secs[mine]), a_map.wall_micros(a_secs[theirs]));
        let diff = got.zip(want).map(|(g, w)| (g - w).abs());
        assert!(diff.is_some_and(|d| d <= 2), "frame {mine} maps {got:?}, the reference {want:?}");
    }
    assert_eq!(b_map.drift_ppm, 0.0);
    assert!(b_map.uncertainty_secs > 0.0 && b_map.uncertainty_secs < 0.6, "{}", b_map.uncertainty_secs);

    // At the wall-clock time of camera 1's frame 90, camera 2 shows its frame 50 (at or before, never after).
    let wall = a_map.wall_micros(a_secs[90]).expect("mapped");
    let b_end = b_secs.last().copied().unwrap_or(0.0) + 0.04;
    assert_eq!(b_map.frame_at(&b_secs, b_end, wall), Some(AtWall::Frame(50)));
    assert_eq!(b_map.frame_at(&b_secs, b_end, wall - 1), Some(AtWall::Frame(49)));
    let before_b = b_map.wall_micros(b_secs[0]).expect("mapped") - 1;
    assert_eq!(b_map.frame_at(&b_secs, b_end, before_b), Some(AtWall::BeforeFootage));

    // Every sync was an audited edit, and the case still verifies.
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).expect("json");
    let audit = shown["audit"].as_array().expect("an audit log");
    assert_eq!(audit.len(), 5, "create, 2 × add media, 2 × sync");
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));

    // The report lists each camera's clock map with its method and the fit's residuals.
    let report = dir.path().join("report.html");
    let exported = Command::new(bin())
        .args(["export", case.to_str().expect("utf-8"), "--format", "html", "-o", report.to_str().expect("utf-8")])
        .output()
        .expect("run claimframe");
    ok(exported);
    let html = std::fs::read_to_string(&report).expect("the report");
    assert!(html.contains("Clock: wall(t) = 2031-04-17T21:02:00.000Z"), "camera 1's map is in the report");
    assert!(html.contains("burned-in clock read by a reviewer"), "with its method");
    assert!(html.contains("residual +0.000 ms at 2.000 s — flash:"), "and camera 2's residuals");

    // Refusals, in words.
    let out = sync(&case, &["--media", m2, "--method", "points", "--point", "1=2"]);
    assert!(stderr(&out).contains("needs the reference camera"), "{}", stderr(&out));
    let out = sync(&case, &["--media", m2, "--to", m1, "--method", "points", "--point", "5=9", "--point", "5=12"]);
    assert!(stderr(&out).contains("same moment"), "{}", stderr(&out));
    let out = sync(&case, &["--media", m2, "--to", m2, "--method", "points", "--point", "5=9"]);
    assert!(stderr(&out).contains("cannot be synced to itself"), "{}", stderr(&out));
    let out = sync(&case, &["--media", m1, "--method", "clock", "--frame", "3", "--reads", "at noon"]);
    assert!(stderr(&out).contains("not an RFC 3339"), "{}", stderr(&out));
    // A camera file that is not the one the case records is not read for a sync.
    let mut bytes = std::fs::read(&b).expect("camera 2");
    bytes.push(0);
    std::fs::write(&b, bytes).expect("alter camera 2");
    let out = sync(&case, &["--media", m2, "--to", m1, "--method", "points", "--point", "50=90", "--apply"]);
    assert!(stderr(&out).contains("not synced") && stderr(&out).contains("relink"), "{}", stderr(&out));
}

#[test]
fn a_second_camera_is_synced_by_its_sound_and_unrelated_sound_is_refused() {
    use claimframe::cli::sync_fixture::{write_sync_fixture, SyncFixtureSpec};
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = SyncFixtureSpec { overlap_secs: 40.0, offset_ms: 1234.5, drift_ppm: 80.0, unrelated: false };
    let fixture = write_sync_fixture(dir.path(), spec).expect("the camera pair");
    let case = dir.path().join("sound.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Two cameras, one sound"]));
    for file in [&fixture.a, &fixture.b] {
        ok(case_cmd(&case, &["add-media", file.to_str().expect("utf-8")]));
    }
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).expect("json");
    let id_of = |file: &Path| -> String {
        let name = file.file_name().and_then(|n| n.to_str()).expect("a file name");
        let media = shown["media"].as_array().expect("media");
        let m = media.iter().find(|m| m["path_relative"].as_str() == Some(name)).expect("the camera is in the case");
        m["id"].as_str().expect("an id").to_owned()
    };
    let (a, b) = (id_of(&fixture.a), id_of(&fixture.b));
    ok(sync(
        &case,
        &["--media", &a, "--method", "clock", "--frame", "0", "--reads", "2031-04-17T21:02:00Z", "--apply"],
    ));
    let text = ok(sync(&case, &["--media", &b, "--to", &a, "--method", "audio", "--apply"]));
    assert!(text.contains("sound arrival") && text.contains("applied"), "{text}");
    let (a_map, b_map) = (map_of(&case, &a), map_of(&case, &b));
    assert_eq!(b_map.method, ClockMethod::Audio);
    assert!(!b_map.residuals.is_empty(), "the windows' residuals are kept with the map");
    // The same sound, heard at A's t and at B's t + offset + drift·t, maps to one wall-clock time (± 1 ms).
    for t in [5.0, 20.0, 35.0] {
        let b_secs = t + fixture.offset_secs + fixture.drift * t;
        let (got, want) = (b_map.wall_micros(b_secs), a_map.wall_micros(t));
        let diff = got.zip(want).map(|(g, w)| (g - w).abs());
        assert!(diff.is_some_and(|d| d <= 1000), "at A's {t} s: {got:?} vs {want:?}\n{text}");
    }
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));

    let unrelated = SyncFixtureSpec { overlap_secs: 30.0, offset_ms: 500.0, drift_ppm: 0.0, unrelated: true };
    let other_dir = dir.path().join("unrelated");
    std::fs::create_dir_all(&other_dir).expect("folder");
    let other = write_sync_fixture(&other_dir, unrelated).expect("an unrelated pair");
    let case2 = other_dir.join("unrelated.case.ron");
    ok(case_cmd(&case2, &["new", "--title", "Unrelated"]));
    for file in [&other.a, &other.b] {
        ok(case_cmd(&case2, &["add-media", file.to_str().expect("utf-8")]));
    }
    let shown2: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case2, &["show", "--json"]))).expect("json");
    let ids: Vec<String> = shown2["media"]
        .as_array()
        .expect("media")
        .iter()
        .map(|m| m["id"].as_str().expect("an id").to_owned())
        .collect();
    ok(sync(
        &case2,
        &["--media", &ids[0], "--method", "clock", "--frame", "0", "--reads", "2031-04-17T21:02:00Z", "--apply"],
    ));
    let before = std::fs::read(&case2).expect("case bytes");
    let out = sync(&case2, &["--media", &ids[1], "--to", &ids[0], "--method", "audio", "--apply"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("share no clear sound"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&case2).expect("case bytes"), before, "a refused sync writes nothing");
}

#[test]
fn a_timecode_track_places_the_first_frame_to_the_frame_with_the_day_and_zone_from_the_creation_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = support::media::camera(dir.path(), "plain.mp4", "30", "2", "2031-04-17T21:02:00.000000Z");
    // The same camera with a timecode track: its clock shows 14:02:00 and 15 frames at UTC−7.
    let coded = dir.path().join("coded.mp4");
    let created = "creation_time=2031-04-17T21:02:00.000000Z";
    support::media::ffmpeg(&[
        "-i",
        &plain,
        "-c",
        "copy",
        "-timecode",
        "14:02:00:15",
        "-metadata",
        created,
        coded.to_str().expect("utf-8"),
    ]);
    let coded = coded.to_str().expect("utf-8").to_owned();
    let case = dir.path().join("tc.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Timecode"]));
    ok(case_cmd(&case, &["add-media", &coded]));
    let id = support::media_id_of(&case, "coded.mp4");
    let loaded = load_case(&case).expect("the case loads");
    assert_eq!(loaded.media[&MediaId::new(&id)].probe.timecode.as_deref(), Some("14:02:00:15"), "read from the file");

    let text = ok(sync(&case, &["--media", &id, "--method", "metadata", "--apply"]));
    assert!(text.contains("timecode track 14:02:00:15") && text.contains("UTC-07:00"), "{text}");
    let map = map_of(&case, &id);
    assert_eq!(map.method, ClockMethod::Timecode);
    assert!((map.uncertainty_secs - 1.0 / 30.0).abs() < 1e-12, "one frame of timecode");
    let first = frame_secs(&coded)[0];
    assert_eq!(map.ref_secs, first);
    assert_eq!(map.wall_micros(first), claimframe::case::parse_rfc3339_micros("2031-04-17T21:02:00.500Z"));

    // A file without a timecode track keeps the creation time, to the second.
    ok(case_cmd(&case, &["add-media", &plain]));
    let plain_id = support::media_id_of(&case, "plain.mp4");
    ok(sync(&case, &["--media", &plain_id, "--method", "metadata", "--apply"]));
    assert_eq!(map_of(&case, &plain_id).method, ClockMethod::ContainerCreationTime);
}
