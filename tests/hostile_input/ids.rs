//! Media, claim and event ids are held to `[A-Za-z0-9_-]` on load, on import and in every edit, and no still or
//! sidecar is ever written outside the folder asked for.

use crate::support::case::{event, fixture_case};
use crate::support::exchange::{empty_sample_target, exported_sample, run, s, sample_case, temp_dir};
use claimframe::case::{case_from_ron, case_to_ron, load_case, Case, Edit, EventId};
use claimframe::exchange::exhibit_media::{write_stills, DecodedStill};
use claimframe::exchange::output::Outputs;
use claimframe::picture::RgbaImage;
use std::collections::BTreeMap;
use std::path::Path;

fn rename_event(case: &mut Case, to: &str) {
    let Some((_, mut first)) = case.events.pop_first() else { panic!("the case has events") };
    first.id = EventId::new(to);
    case.events.insert(first.id.clone(), first);
}

#[test]
fn a_case_file_with_a_path_like_event_id_is_refused_on_load() {
    let mut case = fixture_case();
    rename_event(&mut case, "../../x");
    // case_to_ron does not check (it writes what it is given); the loader must.
    let text = case_to_ron(&case).expect("serialise");
    let err = case_from_ron(&text, Path::new("review.case.ron")).expect_err("a path-like id must be refused");
    assert_eq!(
        err.to_string(),
        "event id \"../../x\" in review.case.ron: ids may use only letters, digits, - and _ (1 to 64 characters)"
    );
}

#[test]
fn bad_media_and_claim_ids_are_refused_on_load_too() {
    for (kind, id) in [("media", "m 1"), ("claim", "c/11")] {
        let text = case_to_ron(&fixture_case()).expect("serialise");
        let old = if kind == "media" { "\"m1\"" } else { "\"c11\"" };
        let text = text.replace(old, &format!("{id:?}"));
        let err = case_from_ron(&text, Path::new("x.ron")).expect_err("a bad id must be refused");
        assert!(err.to_string().starts_with(&format!("{kind} id {id:?} in x.ron: ids may use only")), "{err}");
    }
}

#[test]
fn an_edit_cannot_add_an_event_or_claim_with_a_bad_id() {
    let mut case = fixture_case();
    let bad = event("..\\x", "contact", 10, None);
    let err = Edit::AddEvent(Box::new(bad)).apply(&mut case).expect_err("bad event id");
    assert!(err.to_string().contains("ids may use only letters, digits, - and _"), "{err}");
    let mut claim = case.claims.values().next().cloned().expect("a claim");
    claim.id = "c:1".into();
    let err = Edit::AddClaim(Box::new(claim)).apply(&mut case).expect_err("bad claim id");
    assert!(err.to_string().contains("claim id \"c:1\""), "{err}");
}

#[test]
fn a_json_import_with_a_path_like_event_id_is_refused_and_the_case_is_unchanged() {
    let (_, exported) = exported_sample("hostile-id-import", "json");
    let id = sample_case().events.keys().next().cloned().expect("an event");
    let text = std::fs::read_to_string(&exported).expect("read export");
    let hostile = exported.with_file_name("import.json");
    std::fs::write(&hostile, text.replace(&format!("\"{id}\""), "\"../../x\"")).expect("write hostile import");
    let target = empty_sample_target("hostile-id-target");
    let before = std::fs::read(&target).expect("read case");
    let out = run(&["import", s(&target), s(&hostile)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("event id \"../../x\" in import.json: ids may use only letters, digits, - and _"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&target).expect("read case"), before, "nothing was imported");
    assert!(load_case(&target).expect("still loads").events.is_empty());
}

#[test]
fn stills_are_never_written_outside_their_folder() {
    let root = temp_dir("hostile-id-stills");
    let out = root.join("a").join("b");
    let mut case = fixture_case();
    rename_event(&mut case, "../../x");
    let id = EventId::new("../../x");
    let picture = RgbaImage { width: 2, height: 2, pixels: vec![9; 16] };
    let still = DecodedStill { frame: 90, clean: picture.clone(), annotated: picture };
    let stills = BTreeMap::from([(id, still)]);
    let err =
        write_stills(&case, &stills, &out, true, &Outputs::default()).expect_err("a path-like id must not name a file");
    assert!(err.to_string().contains("only writes plain file names"), "{err}");
    let escaped: Vec<_> = std::fs::read_dir(&root).expect("list").flatten().map(|e| e.file_name()).collect();
    assert_eq!(escaped, vec![std::ffi::OsString::from("a")], "nothing lands beside the output folder");
}
