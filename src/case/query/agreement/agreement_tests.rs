use super::*;
use crate::case::{ClaimId, ClaimLink, Event, EventId, EventKind, EventType, FramePoint, Media, Stance};

fn at(frame: u64) -> FramePoint {
    FramePoint { frame, pts_ticks: frame as i64 * 512, time_base_num: 1, time_base_den: 15_360 }
}

fn case_with(frames: u64, events: &[(&str, &str, &str, u64, Option<u64>)]) -> Case {
    let mut case = Case::default();
    let mut media = Media { id: MediaId::new("m1"), ..Media::default() };
    media.probe.frame_count = frames;
    case.media.insert(media.id.clone(), media);
    for (id, kind) in [("brake", EventKind::Interval), ("swerve", EventKind::Interval), ("horn", EventKind::Point)] {
        case.taxonomy.types.push(EventType { id: id.into(), name: id.into(), kind, ..EventType::default() });
    }
    for (id, reviewer, type_id, start, end) in events {
        let event = Event {
            id: EventId::new(*id),
            media_id: MediaId::new("m1"),
            start: at(*start),
            end: end.map(at),
            type_id: (*type_id).into(),
            reviewer: (*reviewer).into(),
            ..Event::default()
        };
        case.events.insert(event.id.clone(), event);
    }
    case
}

fn run(case: &Case) -> Agreement {
    match agreement(case, &AgreementParams::default()) {
        Ok(a) => a,
        Err(e) => panic!("agreement: {e}"),
    }
}

#[test]
fn identical_codings_agree_perfectly() {
    let case = case_with(
        100,
        &[
            ("a1", "ann", "brake", 10, Some(29)),
            ("b1", "bob", "brake", 10, Some(29)),
            ("a2", "ann", "horn", 50, None),
            ("b2", "bob", "horn", 50, None),
        ],
    );
    let a = run(&case);
    let p = &a.pairs[0];
    assert_eq!((p.reviewer_a.as_str(), p.reviewer_b.as_str()), ("ann", "bob"));
    assert_eq!(p.events_overall.f1, Some(1.0));
    assert_eq!(p.slice_kappa.value, Some(1.0));
    assert_eq!(p.elan.kappa_excluding_unmatched.value, Some(1.0));
    assert!(a.disagreements.is_empty(), "{:?}", a.disagreements);
    assert_eq!(a.overall.slice_alpha.value, Some(1.0));
}

#[test]
fn slice_kappa_counts_frames_by_hand() {
    // 10 frames. ann: brake 0–4, bob: brake 2–6. Per frame: (b,b)=3, (b,none)=2, (none,b)=2, (none,none)=3.
    // p_o = 0.6, p_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = 0.2. Without the 3 both-empty frames: p_o = 3/7,
    // shares ann 5/7 brake, bob 5/7 brake → p_e = 25/49 + 4/49 = 29/49, κ = (21/49 − 29/49)/(20/49) = −0.4.
    let case = case_with(10, &[("a1", "ann", "brake", 0, Some(4)), ("b1", "bob", "brake", 2, Some(6))]);
    let p = &run(&case).pairs[0];
    assert!(p.slice_kappa.value.is_some_and(|k| (k - 0.2).abs() < 1e-12), "{:?}", p.slice_kappa);
    let without = p.slice_kappa_without_both_empty.value;
    assert!(without.is_some_and(|k| (k + 0.4).abs() < 1e-12), "{without:?}");
    assert_eq!(p.slice_kappa.units, 10);
    // Overlap 3 of 5 = 0.6: a match at ELAN's default; onset +2 frames (bob later), within ±3.
    assert_eq!(p.events_overall.matched, 1);
    let onset = p.events_overall.onset_frames.as_ref().map(|d| d.mean_signed);
    assert_eq!(onset, Some(2.0));
    let ms = p.events_overall.onset_ms.as_ref().map(|d| d.mean_signed);
    assert!(ms.is_some_and(|ms| (ms - 2.0 * 512.0 / 15.36).abs() < 1e-9), "{ms:?}");
}

#[test]
fn every_kind_of_disagreement_is_listed() {
    let mut case = case_with(
        300,
        &[
            ("a1", "ann", "brake", 10, Some(39)),
            ("b1", "bob", "brake", 15, Some(39)), // matched (25/30 ≥ 0.6), onset +5 > ±3: boundary
            ("a2", "ann", "brake", 100, Some(129)),
            ("b2", "bob", "swerve", 100, Some(129)), // same frames, other type
            ("a3", "ann", "horn", 200, None),        // bob has nothing near
            ("a4", "ann", "horn", 250, None),
            ("b4", "bob", "horn", 252, None), // matched within ±3
        ],
    );
    let claim = ClaimId::new("c1");
    for (id, stance) in [("a4", Stance::Supports), ("b4", Stance::Contradicts)] {
        if let Some(e) = case.events.get_mut(&EventId::new(id)) {
            e.links.push(ClaimLink {
                claim_id: claim.clone(),
                stance,
                rationale: String::new(),
                reviewer: e.reviewer.clone(),
            });
        }
    }
    let a = run(&case);
    let kinds: Vec<(DisagreementKind, Vec<&str>)> =
        a.disagreements.iter().map(|d| (d.kind, d.event_ids.iter().map(|e| e.as_str()).collect())).collect();
    assert_eq!(
        kinds,
        vec![
            (DisagreementKind::Boundary, vec!["a1", "b1"]),
            (DisagreementKind::DifferentType, vec!["a2", "b2"]),
            (DisagreementKind::Unmatched, vec!["a3"]),
            (DisagreementKind::DifferentStance, vec!["a4", "b4"]),
        ]
    );
    assert_eq!(a.disagreements[3].claim_id, Some(claim));
    let p = &a.pairs[0];
    assert_eq!(p.stance.items, 1);
    assert_eq!(p.stance.same, 0);
    // ELAN table: brake↔brake and horn↔horn matched (counted twice), brake↔swerve matched, a3 unmatched.
    assert_eq!(p.elan.matched_pairs, 3);
    assert_eq!(p.elan.unmatched, 1);
    let brake = 0;
    let swerve = 1;
    assert_eq!(p.elan.table[brake][brake], 2);
    assert_eq!(p.elan.table[brake][swerve], 2);
    // Per-type F1: brake 1 match of 2+1 events; horn 1 of 2+1; swerve 0 of 0+1.
    let f1: Vec<Option<f64>> = p.events_per_type.iter().map(|t| t.counts.f1).collect();
    assert_eq!(f1, vec![Some(2.0 / 3.0), Some(0.0), Some(2.0 / 3.0)]);
}

#[test]
fn degenerate_runs_say_why_and_json_has_no_nan() {
    let nobody = Case::default();
    let a = run(&nobody);
    let mut runs = vec![a.clone()];
    assert!(a.pairs.is_empty());
    assert_eq!(a.overall.slice_alpha.value, None);
    assert!(a.overall.slice_alpha.undefined_because.as_deref().is_some_and(|w| w.contains("two or more")));
    assert_eq!(a.overall.events_pooled.f1, None);
    let alone = case_with(50, &[("a1", "ann", "brake", 0, Some(9))]);
    let a = run(&alone);
    runs.push(a.clone());
    assert!(a.pairs.is_empty() && a.notes.iter().any(|n| n.contains("two or more")), "{:?}", a.notes);
    // Only points, in frame units: every frame is "none" for both, so the slice κ is undefined, with words.
    let points = case_with(50, &[("a1", "ann", "horn", 5, None), ("b1", "bob", "horn", 6, None)]);
    let a = run(&points);
    let k = &a.pairs[0].slice_kappa;
    assert_eq!(k.value, None);
    assert!(k.undefined_because.as_deref().is_some_and(|w| w.contains("one and the same")), "{k:?}");
    assert_eq!(a.pairs[0].events_overall.f1, Some(1.0));
    runs.push(a);
    for run in &runs {
        let json = match serde_json::to_string(run) {
            Ok(j) => j,
            Err(e) => panic!("json: {e}"),
        };
        assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
    }
}

#[test]
fn parameters_and_names_are_checked() {
    let case = case_with(10, &[("a1", "ann", "brake", 0, Some(4))]);
    let bad = |p: AgreementParams| agreement(&case, &p).err();
    assert_eq!(
        bad(AgreementParams { min_overlap: 0.0, ..AgreementParams::default() }),
        Some(AgreementError::BadOverlap(0.0))
    );
    assert!(matches!(
        bad(AgreementParams { slice_secs: Some(-1.0), ..AgreementParams::default() }),
        Some(AgreementError::BadSlice(_))
    ));
    assert!(matches!(
        bad(AgreementParams { types: vec!["nope".into()], ..AgreementParams::default() }),
        Some(AgreementError::UnknownType(_))
    ));
    assert!(matches!(
        bad(AgreementParams { reviewers: vec!["zed".into()], ..AgreementParams::default() }),
        Some(AgreementError::UnknownReviewer(_))
    ));
    assert!(matches!(
        bad(AgreementParams { media: Some(MediaId::new("m9")), ..AgreementParams::default() }),
        Some(AgreementError::UnknownMedia(_))
    ));
}

#[test]
fn boris_slices_include_points_within_half_a_slice() {
    // 1 s slices from the first coded moment: ann's point at 1.0 s covers the slice at t₀ = 1.0 s; bob's at 1.4 s
    // covers it too (|1.0 − 1.4| ≤ 0.5) and the one at 2.0 s is past it.
    let mut case = case_with(300, &[("a1", "ann", "horn", 30, None), ("b1", "bob", "horn", 42, None)]);
    for e in case.events.values_mut() {
        e.start =
            FramePoint { frame: e.start.frame, pts_ticks: e.start.frame as i64, time_base_num: 1, time_base_den: 30 };
    }
    let params = AgreementParams { slice_secs: Some(1.0), ..AgreementParams::default() };
    let a = match agreement(&case, &params) {
        Ok(a) => a,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(a.media[0].units, 1, "t₀ = 1.0 s to the last coded moment 1.4 s: one slice");
    assert_eq!(a.media[0].first_slice_secs, Some(1.0));
}

#[test]
fn adjudicated_events_are_left_out_and_settled_disagreements_not_listed() {
    let mut case = case_with(
        300,
        &[
            ("a1", "ann", "brake", 10, Some(39)),
            ("b1", "bob", "brake", 15, Some(39)), // a boundary disagreement
            ("a3", "ann", "horn", 200, None),     // unmatched
        ],
    );
    let before = run(&case);
    assert_eq!(before.disagreements.len(), 2);
    let decision = crate::case::Decision { adjudicator: "cat", reason: "onset visible at 15", decided_utc: "now" };
    let edit = crate::case::accept(&case, &EventId::new("b1"), &[EventId::new("a1")], decision);
    let Ok(crate::case::Edit::Adjudicate(settled)) = edit else { panic!("an adjudication: {edit:?}") };
    case.events.insert(settled.id.clone(), *settled);

    let after = run(&case);
    assert_eq!(after.reviewers, ["ann", "bob"], "the adjudicator is no reviewer of the comparison");
    let left: Vec<DisagreementKind> = after.disagreements.iter().map(|d| d.kind).collect();
    assert_eq!(left, [DisagreementKind::Unmatched]);
    assert_eq!(after.pairs, before.pairs, "the figures are the reviewers' own");
    assert!(after.notes.iter().any(|n| n.contains("already adjudicated")), "{:?}", after.notes);
}
