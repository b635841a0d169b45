//! The bundled sample case: it verifies (media hash, links, audit chain), it is exactly what the generator codes
//! from the footage's ground truth, and its events cite the frames the ground truth names.

mod support;

use std::path::PathBuf;

use claimframe::case::{load_case, Stance};

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects")
}

/// A copy of the bundled sample in a temporary folder (commands may record into a case; the repository's stays put).
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("footage")).unwrap();
    for f in ["bodycam_sample.mp4", "bodycam_sample.truth.json"] {
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
