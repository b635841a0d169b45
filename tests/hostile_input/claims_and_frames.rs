//! A ClaimFrame JSON import lands events only on the frames it cites (same frame number, PTS and time base in the
//! media's frame index), and a claim whose id the case gives to a different claim is added under a fresh id that
//! the file's links follow, never attached to the case's own claim.

use super::fixture_frames;
use crate::support::case::fixture_case;
use crate::support::exchange::{empty_sample_target, exported_sample, run, s};
use claimframe::case::{ClaimId, Edit, MediaId};
use claimframe::import::{self, ImportOptions, ImportPlan};
use serde_json::Value;

fn fixture_json() -> Value {
    let bytes = claimframe::export::export_json(&fixture_case(), "test").expect("export");
    serde_json::from_slice(&bytes).expect("json")
}

fn plan(doc: &Value, target: &claimframe::case::Case) -> Result<ImportPlan, String> {
    let text = serde_json::to_string(doc).expect("serialise");
    import::read("import.json", text.as_bytes(), &ImportOptions::default())
        .and_then(|imported| {
            import::plan_edits(target, &imported, &MediaId::new("m1"), &fixture_frames(), "ana", "2025-10-03T09:00:00Z")
        })
        .map_err(|e| e.to_string())
}

fn first_event_start(doc: &mut Value) -> &mut Value {
    &mut doc["case"]["events"][0]["start"]
}

fn without_events() -> claimframe::case::Case {
    let mut case = fixture_case();
    case.events.clear();
    case
}

#[test]
fn a_cited_pts_that_differs_from_the_index_is_refused() {
    let mut doc = fixture_json();
    let start = first_event_start(&mut doc);
    let pts = start["pts_ticks"].as_i64().expect("pts");
    start["pts_ticks"] = Value::from(pts + 1);
    let err = plan(&doc, &without_events()).expect_err("a moved PTS must be refused");
    assert!(err.contains("ClaimFrame JSON: event 1 (e1) of the file: the file cites frame 90 at PTS 270271"), "{err}");
    assert!(err.contains("but frame 90 of media m1 has PTS 270270"), "{err}");
}

#[test]
fn a_cited_frame_past_the_media_end_is_refused() {
    let mut doc = fixture_json();
    first_event_start(&mut doc)["frame"] = Value::from(5000);
    let err = plan(&doc, &without_events()).expect_err("a frame past the end must be refused");
    assert!(err.contains("frame 5000 is past the last frame of media m1"), "{err}");
}

#[test]
fn a_colliding_claim_id_is_renamed_and_the_links_follow_it() {
    let mut target = without_events();
    let local = target.claims.get_mut(&ClaimId::new("c11")).expect("c11");
    local.quote = "a different statement that only this case holds".into();
    let plan = plan(&fixture_json(), &target).expect("plans");
    let Edit::Batch(edits) = &plan.edit else { panic!("one batch") };
    let added: Vec<ClaimId> =
        edits.iter().filter_map(|e| if let Edit::AddClaim(c) = e { Some(c.id.clone()) } else { None }).collect();
    assert_eq!(added.len(), 1, "only the colliding claim is added: {added:?}");
    let fresh = &added[0];
    assert_ne!(fresh.as_str(), "c11");
    let links: Vec<ClaimId> = edits
        .iter()
        .filter_map(|e| if let Edit::AddEvent(ev) = e { Some(ev) } else { None })
        .flat_map(|ev| ev.links.iter().map(|l| l.claim_id.clone()))
        .collect();
    assert_eq!(links, vec![fresh.clone()], "the link follows the renamed claim, not the case's c11");
    assert!(plan.warnings.iter().any(|w| w.contains("the file's claim c11 differs from the case's claim c11")));
}

#[test]
fn identical_claims_are_reused_not_duplicated() {
    let plan = plan(&fixture_json(), &without_events()).expect("plans");
    assert_eq!(plan.new_claims, 0);
}

#[test]
fn the_command_line_import_checks_cited_frames_against_the_real_index() {
    let (_, exported) = exported_sample("hostile-json-frames", "json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&exported).expect("read")).expect("json");
    let start = first_event_start(&mut doc);
    let pts = start["pts_ticks"].as_i64().expect("pts");
    start["pts_ticks"] = Value::from(pts + 7);
    let hostile = exported.with_file_name("moved.json");
    std::fs::write(&hostile, serde_json::to_vec(&doc).expect("serialise")).expect("write");
    let target = empty_sample_target("hostile-json-frames-target");
    let out = run(&["import", s(&target), s(&hostile)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("the file's frames do not match this media's frame index"), "{stderr}");
}
