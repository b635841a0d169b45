//! `claimframe case measure add|list` on the variable-rate fixture (30 fps for 2 s, then 20 fps): Δt comes from
//! PTS and is exact where frame count ÷ frame rate is off by more than 10%; a known constant deceleration is found
//! with its ±; frames outside the file are refused; `verify` passes, and fails on a hand-edited measurement.

mod support;

use support::media::*;
use support::{case_cmd, ok};

/// The fixture's scripted distances between frames 60, 75 and 90 (x = 20τ − 2τ² from frame 60), as `measure` flags.
const SCRIPTED_DISTANCES: [&str; 6] =
    ["--distance-m", "13.875,11.625", "--distance-unc-m", "0.1", "--distance-source", "script of the fixture"];

/// A case in a new temporary folder on a copy of the variable-rate fixture, and what `case show --json` says of it.
fn case_on_vfr_clip() -> (tempfile::TempDir, std::path::PathBuf, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mp4");
    std::fs::copy(fixture("vfr.mp4"), &clip).unwrap();
    let case = dir.path().join("m.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Measure"]));
    ok(case_cmd(&case, &["add-media", clip.to_str().unwrap()]));
    let shown = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    (dir, case, shown)
}

#[test]
fn measure_on_vfr_footage_is_exact_and_a_hand_edit_fails_verify() {
    let (dir, case, shown) = case_on_vfr_clip();
    let media_id = shown["media"][0]["id"].as_str().unwrap().to_string();
    let fps = &shown["media"][0]["probe"]["declared_fps"];
    let declared_fps = fps["num"].as_f64().unwrap() / fps["den"].as_f64().unwrap();

    // Frames 60, 75, 90 are at 2.0, 2.75 and 3.5 s. Known motion x = 20τ − 2τ² (τ from frame 60): 4 m/s² braking.
    let out = case_cmd(&case, &["measure", "add", "--media", &media_id, "--frames", "60,75,200"]);
    assert!(!out.status.success(), "frame 200 is not in a 100-frame file");
    let add = ["measure", "add", "--media", media_id.as_str(), "--frames", "60,75,90"];
    ok(case_cmd(&case, &[&add[..], &SCRIPTED_DISTANCES[..]].concat()));
    let rows: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["measure", "list", "--json"]))).unwrap();
    let row = &rows[0];
    let exact_secs = 1.5;
    let span = row["span_secs"].as_f64().unwrap();
    assert!((span - exact_secs).abs() < 1e-9, "PTS span {span}");
    let by_count = 30.0 / declared_fps;
    assert!((by_count - exact_secs).abs() / exact_secs > 0.10, "frame count ÷ {declared_fps} fps gives {by_count} s");
    let first = &row["intervals"][0];
    assert!((first["delta_t_secs"].as_f64().unwrap() - 0.75).abs() < 1e-9);
    // ± half of a 50 ms frame at each end, in quadrature.
    assert!((first["delta_t_unc_secs"].as_f64().unwrap() - 0.025 * 2f64.sqrt()).abs() < 1e-9);
    assert!((first["speed_m_per_s"].as_f64().unwrap() - 18.5).abs() < 1e-9);
    assert!((first["speed_km_per_h"].as_f64().unwrap() - 18.5 * 3.6).abs() < 1e-9);
    let decel = row["decel_m_per_s2"].as_f64().unwrap();
    assert!((decel - 4.0).abs() < 1e-9, "deceleration {decel}");
    assert!(row["decel_unc_m_per_s2"].as_f64().unwrap() > 0.0);
    assert!(row["method_and_limits"].as_str().unwrap().contains("does not decide"));
    let text = ok(case_cmd(&case, &["measure", "list"]));
    assert!(text.contains("deceleration 4.00 ±"), "{text}");

    let csv_path = dir.path().join("m.csv");
    ok(case_cmd(&case, &["verify", "--skip-media-hashes"]));
    let export = std::process::Command::new(support::bin())
        .args(["export", case.to_str().unwrap(), "--format", "measurements-csv", "-o", csv_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(csv.lines().count(), 4, "header, two intervals, one whole row:\n{csv}");
    assert!(csv.lines().nth(3).unwrap().contains(",whole,") && csv.contains("4.000000"), "{csv}");

    // A hand edit of a mark's frame is caught and named.
    let text = std::fs::read_to_string(&case).unwrap();
    let edited = text.replacen("frame: 75,", "frame: 76,", 1);
    assert_ne!(edited, text);
    std::fs::write(&case, edited).unwrap();
    let out = case_cmd(&case, &["verify", "--skip-media-hashes"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("measurement ms-"), "{said}");
}

#[test]
fn a_measurement_is_updated_and_removed_in_audited_edits_and_nothing_else_changes() {
    let (_dir, case, shown) = case_on_vfr_clip();
    let media_id = shown["media"][0]["id"].as_str().unwrap().to_string();
    ok(case_cmd(&case, &["measure", "add", "--media", &media_id, "--frames", "60,75,90"]));
    let list = |case: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&ok(case_cmd(case, &["measure", "list", "--json"]))).unwrap()
    };
    let id = list(&case)[0]["measurement_id"].as_str().unwrap().to_string();
    assert!(list(&case)[0]["intervals"][0]["speed_m_per_s"].is_null(), "time only");

    // Wrong counts and unknown ids are refused in words; the file is untouched.
    let text = std::fs::read_to_string(&case).unwrap();
    let refused = |args: &[&str], words: &str| {
        let out = case_cmd(&case, args);
        assert!(!out.status.success(), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(said.contains(words), "{args:?}: {said}");
    };
    refused(
        &["measure", "update", &id, "--distance-m", "13.875", "--distance-source", "x"],
        "1 distance(s) given for 2",
    );
    refused(&["measure", "update", "ms-nope", "--note", "x"], "no measurement with id ms-nope");
    refused(&["measure", "update", &id], "nothing to change");
    refused(&["measure", "update", &id, "--unlink", "c1"], "has no link to claim c1");
    refused(&["measure", "remove", "ms-nope"], "no measurement with id ms-nope");
    assert_eq!(std::fs::read_to_string(&case).unwrap(), text, "refusals change nothing");

    let update = ["measure", "update", id.as_str()];
    let timing = ["--timing-unc-secs", "0.002", "--timing-source", "stopwatch filmed", "--note", "braking"];
    let said = ok(case_cmd(&case, &[&update[..], &SCRIPTED_DISTANCES[..], &timing[..]].concat()));
    assert!(said.contains(&format!("updated measurement {id}")), "{said}");
    let row = &list(&case)[0];
    assert!((row["intervals"][0]["speed_m_per_s"].as_f64().unwrap() - 18.5).abs() < 1e-9);
    assert!((row["intervals"][0]["delta_t_unc_secs"].as_f64().unwrap() - 0.002 * 2f64.sqrt()).abs() < 1e-12);
    assert!((row["decel_m_per_s2"].as_f64().unwrap() - 4.0).abs() < 1e-9);
    assert_eq!(row["note"], "braking");
    assert_eq!(row["marks"].as_array().unwrap().len(), 3, "the marks stay as observed");
    ok(case_cmd(&case, &["measure", "update", &id, "--no-distances", "--default-timing"]));
    let row = &list(&case)[0];
    assert!(row["intervals"][0]["speed_m_per_s"].is_null());
    assert!((row["intervals"][0]["delta_t_unc_secs"].as_f64().unwrap() - 0.025 * 2f64.sqrt()).abs() < 1e-9);

    ok(case_cmd(&case, &["measure", "remove", &id]));
    assert_eq!(list(&case).as_array().unwrap().len(), 0);
    ok(case_cmd(&case, &["verify", "--skip-media-hashes"]));
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    let actions: Vec<&str> = shown["audit"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    let tail = &actions[actions.len() - 4..];
    assert_eq!(tail, ["add_measurement", "update_measurement", "update_measurement", "remove_measurement"]);
}
