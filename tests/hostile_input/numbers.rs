//! NaN, infinities, huge numbers, deep nesting and huge counts, in the case file and in every import: each gives a
//! clear error naming the value, never a panic, a stack overflow, an overflow or an unbounded allocation.

use super::fixture_frames;
use crate::support::case::fixture_case;
use claimframe::case::{case_from_ron, case_to_ron, Case, MediaId};
use claimframe::import::{self, ImportOptions};
use std::path::Path;

fn load_text(text: &str) -> String {
    case_from_ron(text, Path::new("review.case.ron")).err().map(|e| e.to_string()).unwrap_or_default()
}

fn fixture_text() -> String {
    case_to_ron(&fixture_case()).expect("serialise")
}

#[test]
fn nan_inf_and_huge_numbers_in_the_case_file_are_refused() {
    let text = fixture_text();
    assert!(text.contains("duration_secs: 60.0"), "the fixture's layout changed");
    let nan = load_text(&text.replace("duration_secs: 60.0", "duration_secs: NaN"));
    assert!(nan.contains("review.case.ron: this case file cannot be used: media m1: duration NaN s"), "{nan}");
    let inf = load_text(&text.replace("uncertainty_secs: 2.0", "uncertainty_secs: inf"));
    assert!(inf.contains("media m1: wall-clock uncertainty inf s"), "{inf}");
    let pts = load_text(&text.replace("pts_ticks: 270270", "pts_ticks: 9223372036854775807"));
    assert!(pts.contains("event e1 start: PTS 9223372036854775807 is out of range"), "{pts}");
    let frame = load_text(&text.replace("frame: 90,", "frame: 18446744073709551615,"));
    assert!(frame.contains("event e1 start: frame 18446744073709551615 is beyond"), "{frame}");
    let base = load_text(&text.replacen("time_base_den: 90000", "time_base_den: 0", 1));
    assert!(base.contains("time base 1/0 is not usable"), "{base}");
    // A clock map's drift and reference time from a hand edit.
    let drift = load_text(&text.replace("uncertainty_secs: 2.0", "uncertainty_secs: 2.0, drift_ppm: NaN"));
    assert!(drift.contains("media m1: clock map drift NaN ppm is not usable"), "{drift}");
    let huge = load_text(&text.replace("uncertainty_secs: 2.0", "uncertainty_secs: 2.0, drift_ppm: 1e300"));
    assert!(huge.contains("clock map drift"), "{huge}");
    let reference = load_text(&text.replace("uncertainty_secs: 2.0", "uncertainty_secs: 2.0, ref_secs: inf"));
    assert!(reference.contains("media m1: clock map reference time inf s"), "{reference}");
}

#[test]
fn deep_nesting_in_the_case_file_is_a_clear_error() {
    let depth = 200_000;
    let text = format!("(version: 2, meta: (title: {}\"x\"{}))", "[".repeat(depth), "]".repeat(depth));
    let err = load_text(&text);
    assert!(err.starts_with("review.case.ron cannot be read as a case: line 1, column 28:"), "{err}");
}

fn plan(name: &str, text: &str) -> String {
    let case: Case = fixture_case();
    let result = import::read(name, text.as_bytes(), &ImportOptions::default()).and_then(|imported| {
        import::plan_edits(&case, &imported, &MediaId::new("m1"), &fixture_frames(), "ana", "2025-10-03T09:00:00Z")
    });
    result.err().map(|e| e.to_string()).unwrap_or_default()
}

fn eaf(time_value: &str) -> String {
    format!(
        r#"<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="milliseconds"/><TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="{time_value}"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="3000"/>
        </TIME_ORDER><TIER TIER_ID="W" LINGUISTIC_TYPE_REF="x"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1"
        TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>hi</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION>
        </ANNOTATION></TIER></ANNOTATION_DOCUMENT>"#
    )
}

#[test]
fn nan_inf_and_huge_times_in_imports_are_refused() {
    for value in ["NaN", "inf", "-inf", "1e400", "1e300"] {
        let err = plan("a.eaf", &eaf(value));
        assert!(err.contains("ELAN .eaf: time slot ts1:"), "{value}: {err}");
        assert!(err.contains("is not a usable media time"), "{value}: {err}");
    }
    let srt = "1\n99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000\nhi\n";
    let err = plan("a.srt", srt);
    assert!(err.contains("SRT: event 1 of the file: start time"), "{err}");
    let boris = r#"{"behaviors_conf": {"0": {"code": "x", "type": "Point event"}},
        "observations": {"o": {"time offset": -1e308, "events": [[1e308, "", "x", "", ""]]}}}"#;
    let err = plan("a.boris", boris);
    assert!(err.contains("BORIS .boris: event 1 of the file: start time inf s"), "{err}");
}

#[test]
fn huge_frames_and_pts_in_a_json_import_are_refused() {
    let json = claimframe::export::export_json(&fixture_case(), "test").expect("export");
    let text = String::from_utf8(json).expect("utf-8");
    assert!(text.contains("\"pts_ticks\": 270270"), "the export's layout changed");
    let err = plan("a.json", &text.replace("\"pts_ticks\": 270270", "\"pts_ticks\": -9223372036854775808"));
    assert!(err.contains("ClaimFrame JSON: event"), "{err}");
    assert!(err.contains("PTS -9223372036854775808 is out of range"), "{err}");
}

#[test]
fn deep_xml_nesting_is_a_clear_error() {
    let depth = 500_000;
    let text = format!("<ANNOTATION_DOCUMENT>{}{}</ANNOTATION_DOCUMENT>", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = plan("a.eaf", &text);
    assert!(err.contains("ELAN .eaf: elements are nested more than 64 deep"), "{err}");
}

#[test]
fn deep_json_nesting_is_a_clear_error() {
    let depth = 500_000;
    let text = format!("{{\"observations\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let err = plan("a.boris", &text);
    assert!(err.contains("BORIS .boris: not valid JSON: recursion limit exceeded"), "{err}");
}

#[test]
fn many_unaligned_elan_slots_take_linear_time() {
    let slots = 60_000;
    let mut text = String::from(r#"<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="t0" TIME_VALUE="0"/>"#);
    for i in 1..slots {
        text.push_str(&format!(r#"<TIME_SLOT TIME_SLOT_ID="t{i}"/>"#));
    }
    text.push_str(&format!(r#"<TIME_SLOT TIME_SLOT_ID="t{slots}" TIME_VALUE="{slots}"/></TIME_ORDER>"#));
    text.push_str(r#"<TIER TIER_ID="W"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="t1" "#);
    text.push_str(r#"TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"#);
    text.push_str("</TIER></ANNOTATION_DOCUMENT>");
    let started = std::time::Instant::now();
    let imported = import::read("a.eaf", text.as_bytes(), &ImportOptions::default()).expect("reads");
    assert_eq!(imported.events.len(), 1);
    assert!(started.elapsed().as_secs() < 20, "interpolating {slots} slots took {:?}", started.elapsed());
}
