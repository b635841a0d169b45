//! Agreement statistics (issue #14) checked against reference implementations and known examples: the frame-unit
//! Cohen's kappas against scikit-learn's `cohen_kappa_score` and the nominal alpha against the `krippendorff`
//! package to 1e-9 on seeded random codings of three and four reviewers (the peers' venv; SKIPPED outside CI when
//! absent); BORIS issue 228's three "move" points, whose time-slice kappa flips with the slice length while the
//! event F1 with a tolerance stays put; the command's text and JSON; the report's section.

mod support;

use claimframe::case::agreement::{agreement, Agreement, AgreementParams, DisagreementKind};
use claimframe::case::{Case, Taxonomy};
use claimframe::case::{
    ClaimId, ClaimLink, Event, EventId, EventKind, EventType, EventTypeId, FramePoint, MediaId, Stance,
};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use support::case::media;
use support::exchange::{peer, peer_python_with, run, s, temp_dir, write_case};

/// The same codings on every machine: proptest's ChaCha generator, seeded.
fn seeded(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

const TYPES: [&str; 3] = ["brake", "swerve", "signal"];

fn taxonomy() -> Taxonomy {
    let mut types: Vec<EventType> = TYPES
        .iter()
        .map(|id| EventType { id: (*id).into(), name: (*id).into(), kind: EventKind::Interval, ..EventType::default() })
        .collect();
    types.push(EventType { id: "move".into(), name: "move".into(), kind: EventKind::Point, ..EventType::default() });
    Taxonomy { types }
}

fn coded(id: String, reviewer: &str, type_id: &str, start: FramePoint, end: Option<FramePoint>) -> Event {
    Event {
        id: EventId::new(id),
        media_id: MediaId::new("m1"),
        start,
        end,
        type_id: EventTypeId::new(type_id),
        reviewer: reviewer.into(),
        ..Event::default()
    }
}

/// A random coding of `frames` frames by `reviewers` reviewers: each codes 3–10 intervals of random types.
fn random_case(seed: u64, reviewers: usize, frames: u64) -> Case {
    let mut rng = seeded(seed);
    let mut case = Case::new("random coding");
    case.taxonomy = taxonomy();
    let mut m = media("m1");
    m.probe.frame_count = frames;
    case.media.insert(m.id.clone(), m);
    for r in 0..reviewers {
        let reviewer = format!("r{r}");
        for i in 0..3 + rng.random_range(0..8u64) {
            let start = rng.random_range(0..frames);
            let end = (start + 5 + rng.random_range(0..80u64)).min(frames - 1);
            let t = TYPES[rng.random_range(0..TYPES.len())];
            let e =
                coded(format!("e-{r}-{i}"), &reviewer, t, support::case::point(start), Some(support::case::point(end)));
            case.events.insert(e.id.clone(), e);
        }
    }
    case
}

/// Each reviewer's label per frame, computed here from the events alone: the sorted types covering the frame.
fn frame_labels(case: &Case, frames: u64) -> Vec<Vec<String>> {
    let mut reviewers: Vec<&str> = case.events.values().map(|e| e.reviewer.as_str()).collect();
    reviewers.sort_unstable();
    reviewers.dedup();
    reviewers
        .iter()
        .map(|r| {
            (0..frames)
                .map(|f| {
                    let mut types: Vec<&str> = case
                        .events
                        .values()
                        .filter(|e| e.reviewer == *r)
                        .filter(|e| e.end.is_some_and(|end| e.start.frame <= f && f <= end.frame))
                        .map(|e| e.type_id.as_str())
                        .collect();
                    types.sort_unstable();
                    types.dedup();
                    if types.is_empty() {
                        "none".to_owned()
                    } else {
                        types.join("+")
                    }
                })
                .collect()
        })
        .collect()
}

fn run_agreement(case: &Case, params: &AgreementParams) -> Agreement {
    match agreement(case, params) {
        Ok(a) => a,
        Err(e) => panic!("agreement: {e}"),
    }
}

fn assert_same(ours: Option<f64>, theirs: &serde_json::Value, what: &str) {
    match (ours, theirs.as_f64()) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{what}: ours {x}, reference {y}"),
        (None, None) => {}
        (x, _) => panic!("{what}: ours {x:?}, reference {theirs}"),
    }
}

#[test]
fn frame_kappas_and_alpha_match_scikit_learn_and_krippendorff_on_seeded_codings() {
    let Some(python) = peer_python_with("sklearn, krippendorff") else { return };
    let runs: Vec<(Case, u64)> =
        (0..12u64).map(|seed| (random_case(seed, 3 + (seed % 2) as usize, 200 + seed * 37), 200 + seed * 37)).collect();
    let labels: Vec<serde_json::Value> =
        runs.iter().map(|(case, frames)| serde_json::json!({ "labels": frame_labels(case, *frames) })).collect();
    let dir = temp_dir("agreement-reference");
    let input = dir.join("codings.json");
    std::fs::write(&input, serde_json::json!({ "runs": labels }).to_string()).expect("write codings");
    let text = peer(&python, &[s(&support::repo().join("tests/peers/check_agreement.py")), s(&input)]);
    let reference: Vec<serde_json::Value> = serde_json::from_str(&text).expect("reference output");
    let mut compared = 0;
    for (i, ((case, _), theirs)) in runs.iter().zip(&reference).enumerate() {
        let ours = run_agreement(case, &AgreementParams::default());
        assert_eq!(ours.pairs.len(), theirs["pairs"].as_array().map_or(0, Vec::len), "run {i}");
        for (p, (mine, other)) in ours.pairs.iter().zip(theirs["pairs"].as_array().into_iter().flatten()).enumerate() {
            assert_same(mine.slice_kappa.value, &other["kappa"], &format!("run {i} pair {p} κ"));
            assert_same(
                mine.slice_kappa_without_both_empty.value,
                &other["kappa_without_both_empty"],
                &format!("run {i} pair {p} κ without both-empty"),
            );
            for t in &mine.slice_kappa_per_type {
                let reference = &other["per_type"][t.type_id.as_str()];
                assert_same(t.coefficient.value, reference, &format!("run {i} pair {p} κ of {}", t.type_id));
            }
            compared += 1;
        }
        assert_same(ours.overall.slice_alpha.value, &theirs["alpha"], &format!("run {i} α"));
        for t in &ours.per_type {
            assert_same(
                t.slice_alpha.value,
                &theirs["per_type_alpha"][t.type_id.as_str()],
                &format!("run {i} α {}", t.type_id),
            );
        }
        assert!(ours.overall.slice_alpha.value.is_some(), "run {i}: random codings should give a defined α");
    }
    assert!(compared >= 40, "{compared} pairs compared");
}

/// BORIS issue 228: student A coded "move" at 155.105, 169.855, 264.855 s; student B at 156.405, 170.852,
/// 264.606 s. Media time here is exact (a 1/1000 s time base), frames at 30 fps.
fn boris_228() -> Case {
    let mut case = Case::new("BORIS 228");
    case.taxonomy = taxonomy();
    let mut m = media("m1");
    m.probe.frame_count = 9000;
    case.media.insert(m.id.clone(), m);
    let at = |millis: i64| FramePoint {
        frame: ((millis * 30 + 500) / 1000) as u64,
        pts_ticks: millis,
        time_base_num: 1,
        time_base_den: 1000,
    };
    for (reviewer, times) in [("A", [155_105, 169_855, 264_855]), ("B", [156_405, 170_852, 264_606])] {
        for (i, t) in times.into_iter().enumerate() {
            let e = coded(format!("{reviewer}{i}"), reviewer, "move", at(t), None);
            case.events.insert(e.id.clone(), e);
        }
    }
    case
}

#[test]
fn boris_228_slice_kappa_flips_with_the_slice_length_while_event_f1_with_tolerance_is_stable() {
    let case = boris_228();
    let slice = |secs: f64| {
        let a = run_agreement(&case, &AgreementParams { slice_secs: Some(secs), ..AgreementParams::default() });
        a.pairs[0].slice_kappa.value
    };
    // BORIS's own figures in the issue: κ = −0.038 at 2 s and 1 at 3 s.
    let at_2 = slice(2.0);
    assert!(at_2.is_some_and(|k| (k - (-0.037_735_849_056_6)).abs() < 1e-9), "{at_2:?}");
    assert_eq!(slice(3.0), Some(1.0));
    let at_1 = slice(1.0);
    assert!(at_1.is_some_and(|k| k < 0.0), "{at_1:?}");
    // Event F1: the onsets differ by 39, 30 and 8 frames. Below 39 frames one pair is lost; from 39 on (1.3 s) it is
    // 1 however wide the tolerance.
    let f1 = |tolerance_frames: u64| {
        let a = run_agreement(&case, &AgreementParams { tolerance_frames, ..AgreementParams::default() });
        a.pairs[0].events_overall.f1
    };
    assert_eq!(f1(3), Some(0.0));
    assert_eq!(f1(30), Some(2.0 / 3.0));
    for tolerance in [39, 45, 60, 90, 150] {
        assert_eq!(f1(tolerance), Some(1.0), "tolerance {tolerance}");
    }
    let a = run_agreement(&case, &AgreementParams { tolerance_frames: 45, ..AgreementParams::default() });
    let onsets = a.pairs[0].events_overall.onset_frames.clone().expect("onset differences");
    assert_eq!(onsets.max_abs, 39.0);
    let ms = a.pairs[0].events_overall.onset_ms.clone().expect("onset ms");
    assert!((ms.max_abs - 1300.0).abs() < 1e-9, "{ms:?}");
}

/// Two reviewers on the fixture media: one boundary difference, one other-type, one unmatched, one stance.
fn two_reviewers() -> Case {
    let mut case = Case::new("Two reviewers");
    case.taxonomy = taxonomy();
    case.media.insert(MediaId::new("m1"), media("m1"));
    let p = support::case::point;
    for (id, reviewer, t, start, end) in [
        ("a1", "ana", "brake", 100, Some(199)),
        ("b1", "ben", "brake", 110, Some(199)),
        ("a2", "ana", "brake", 400, Some(459)),
        ("b2", "ben", "swerve", 402, Some(459)),
        ("a3", "ana", "signal", 900, Some(960)),
        ("a4", "ana", "move", 1200, None),
        ("b4", "ben", "move", 1202, None),
    ] {
        let mut e = coded(id.into(), reviewer, t, p(start), end.map(p));
        if id == "a4" || id == "b4" {
            let stance = if id == "a4" { Stance::Supports } else { Stance::Context };
            e.links.push(ClaimLink {
                claim_id: ClaimId::new("c11"),
                stance,
                rationale: String::new(),
                reviewer: e.reviewer.clone(),
            });
        }
        case.events.insert(e.id.clone(), e);
    }
    case
}

#[test]
fn the_command_prints_a_table_and_names_every_figure_in_json() {
    let dir = temp_dir("agreement-cli");
    let path = write_case(&dir, two_reviewers());
    let text = run(&["agreement", s(&path)]);
    assert!(text.status.success(), "{}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in [
        "Reviewers ana, ben",
        "Type",
        "F1",
        "Slice α",
        "Overall",
        "ana / ben",
        "4 disagreement(s):",
        "m1 frames 100–199 [a1, b1]",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let json = run(&["agreement", s(&path), "--json", "--tolerance-frames", "10", "--types", "brake,move"]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let raw = String::from_utf8_lossy(&json.stdout);
    assert!(!raw.contains("NaN"), "{raw}");
    let v: serde_json::Value = serde_json::from_str(&raw).expect("agreement JSON");
    assert_eq!(v["parameters"]["tolerance_frames"], 10);
    assert_eq!(v["types"].as_array().map(Vec::len), Some(2));
    let pair = &v["pairs"][0];
    for figure in
        ["slice_kappa", "slice_kappa_without_both_empty", "elan", "stance", "events_overall", "events_per_type"]
    {
        assert!(!pair[figure].is_null(), "{figure} missing: {pair}");
    }
    // brake: a1↔b1 matched (onset +10 is within ±10 now), a2 unmatched (b2 is a swerve, out of scope); move matched.
    assert_eq!(pair["events_overall"]["matched"], 2);
    assert_eq!(pair["stance"]["items"], 1);
    let kinds: Vec<&str> =
        v["disagreements"].as_array().into_iter().flatten().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["unmatched", "different_stance"]);
    let bad = run(&["agreement", s(&path), "--min-overlap", "1.5"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--min-overlap must be above 0"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn the_report_gains_an_agreement_section_only_with_two_reviewers() {
    let case = two_reviewers();
    // The caller measures the agreement on the whole case and hands it to the report.
    let with = |case: &claimframe::case::Case| claimframe::export::Exhibit {
        agreement: claimframe::export::report_agreement(case).expect("agreement"),
        ..Default::default()
    };
    let exhibit = with(&case);
    let html = String::from_utf8(claimframe::export::export_html(&case, &exhibit).expect("html")).expect("utf-8");
    let section = &html[html.find("<section id=\"agreement\">").expect("an agreement section")..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    for needle in [
        "Per type and overall",
        "<td>brake</td>",
        "<td>Overall</td>",
        "ana / ben",
        "Definitions",
        "ELAN κ",
        "±3 frames",
    ] {
        assert!(section.contains(needle), "{needle:?} missing from {section}");
    }
    let a = run_agreement(&case, &AgreementParams::default());
    assert_eq!(a.disagreements.iter().filter(|d| d.kind == DisagreementKind::Boundary).count(), 1);

    let mut alone = case.clone();
    alone.events.retain(|_, e| e.reviewer == "ana");
    let html = String::from_utf8(claimframe::export::export_html(&alone, &with(&alone)).expect("html")).expect("utf-8");
    assert!(!html.contains("id=\"agreement\""), "one reviewer: nothing to compare");

    let pdf = claimframe::export::export_pdf(&case, &exhibit).expect("pdf");
    let dir = temp_dir("agreement-report");
    let path = dir.join("report.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let Some(pdftotext) = support::exchange::tool("pdftotext") else { return };
    let out = std::process::Command::new(pdftotext).args([s(&path), "-"]).output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Agreement between reviewers",
        "Per type and overall",
        "brake: Events per reviewer ana 2, ben 1",
        "ana / ben: F1",
        "Slice α (Krippendorff, nominal).",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from {text}");
    }
}
