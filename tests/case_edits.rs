//! Edit/undo/redo tests (including random edit sequences that must undo back to the start), audit
//! chain tamper detection, citations, verification and relinking.

mod support;

use claimframe::case::*;
use proptest::prelude::*;
use std::path::Path;
use support::case::*;

#[test]
fn every_edit_kind_undoes_and_redoes() -> anyhow::Result<()> {
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    let mut case = fixture_case();
    let original = case.content_without_audit();
    let mut history = History::new();
    let mut brake = case.taxonomy.get(&EventTypeId::new("contact")).cloned().unwrap_or_default();
    brake.description = "changed".into();
    let new_type =
        EventType { id: "spitting".into(), name: "Spitting".into(), hotkey: "7".into(), ..EventType::default() };
    let mut claim = case.claims[&ClaimId::new("c1")].clone();
    claim.notes = "edited".into();
    let mut m1 = case.media[&MediaId::new("m1")].clone();
    m1.size_bytes = 2000;
    let mut e2 = case.events[&EventId::new("e2")].clone();
    e2.note = "edited".into();
    let edits = vec![
        Edit::SetMeta(CaseMeta { title: "Renamed".into(), ..CaseMeta::default() }),
        Edit::AddMedia(Box::new(media("m2"))),
        Edit::UpdateMedia(Box::new(m1)),
        Edit::UpdateClaim(Box::new(claim)),
        Edit::AddClaim(Box::new(Claim { id: "c99".into(), title: "new".into(), ..Claim::default() })),
        Edit::AddEvent(Box::new(event("e3", "contact", 10, None))),
        Edit::UpdateEvent(Box::new(e2)),
        Edit::Link {
            event_id: "e3".into(),
            link: ClaimLink {
                claim_id: "c99".into(),
                stance: Stance::Context,
                rationale: "r".into(),
                ..ClaimLink::default()
            },
        },
        Edit::Link {
            event_id: "e1".into(),
            link: ClaimLink {
                claim_id: "c11".into(),
                stance: Stance::Contradicts,
                rationale: "changed mind".into(),
                ..ClaimLink::default()
            },
        },
        Edit::Unlink { event_id: "e3".into(), claim_id: "c99".into() },
        Edit::RemoveClaim("c99".into()),
        Edit::AddEventType { event_type: Box::new(new_type), index: Some(0) },
        Edit::UpdateEventType(Box::new(brake)),
        Edit::RemoveEventType("spitting".into()),
        Edit::RemoveEvent("e1".into()),
        Edit::Batch(vec![
            Edit::RemoveEvent("e2".into()),
            Edit::RemoveEvent("e3".into()),
            Edit::RemoveMedia("m1".into()),
        ]),
    ];
    let mut states = vec![case.content_without_audit()];
    for edit in edits {
        history.apply(&mut case, edit, ctx(&clock))?;
        states.push(case.content_without_audit());
    }
    for expected in states.iter().rev().skip(1) {
        assert!(history.undo(&mut case, ctx(&clock))?.is_some());
        assert_eq!(&case.content_without_audit(), expected);
    }
    assert!(history.undo(&mut case, ctx(&clock))?.is_none());
    assert_eq!(case.content_without_audit(), original);
    for expected in states.iter().skip(1) {
        assert!(history.redo(&mut case, ctx(&clock))?.is_some());
        assert_eq!(&case.content_without_audit(), expected);
    }
    // The creation, then 16 applies + 16 undos + 16 redos, each audited, chain intact.
    assert_eq!(case.audit.len(), 49);
    assert!(case.audit.verify().is_empty());
    assert_eq!(case.audit.entries()[0].action, CREATE_ACTION);
    assert_eq!(case.audit.entries()[17].action, "undo batch");
    Ok(())
}

#[test]
fn invalid_edits_are_refused_without_change() {
    let clock = FixedClock(T0_MILLIS);
    let mut case = fixture_case();
    let before = case.clone();
    let mut history = History::new();
    let mut bad_modifier = event("e9", "contact", 1, None);
    bad_modifier.modifiers.insert("certainty".into(), "very".into());
    let mut point_with_end = event("e9", "contact", 1, Some(5));
    point_with_end.modifiers.clear();
    let clash = EventType { id: "x2".into(), name: "X2".into(), hotkey: "b".into(), ..EventType::default() };
    let reserved = EventType { id: "x3".into(), name: "X3".into(), hotkey: "Space".into(), ..EventType::default() };
    let refused = vec![
        Edit::AddEvent(Box::new(bad_modifier)),
        Edit::AddEvent(Box::new(point_with_end)),
        Edit::AddEvent(Box::new(event("e1", "contact", 1, None))),
        Edit::AddEvent(Box::new(Event { media_id: "m404".into(), ..event("e9", "contact", 1, None) })),
        Edit::RemoveMedia("m1".into()),
        Edit::RemoveClaim("c11".into()),
        Edit::RemoveEventType("following".into()),
        Edit::AddEventType { event_type: Box::new(clash), index: None },
        Edit::AddEventType { event_type: Box::new(reserved), index: None },
        Edit::Unlink { event_id: "e2".into(), claim_id: "c1".into() },
        Edit::Batch(vec![Edit::RemoveEvent("e2".into()), Edit::RemoveEvent("e404".into())]),
    ];
    for edit in refused {
        let shown = format!("{edit:?}");
        assert!(history.apply(&mut case, edit, ctx(&clock)).is_err(), "should refuse {shown}");
        assert_eq!(case, before, "refused edit changed the case: {shown}");
    }
    assert!(!history.can_undo());
}

#[derive(Debug, Clone)]
enum Op {
    AddEvent(u8, u8, u16),
    RemoveEvent(u8),
    EditNote(u8, String),
    Link(u8, u8, u8),
    Unlink(u8, u8),
    AddClaim(u8),
    RemoveClaim(u8),
    SetTitle(String),
    Undo,
    Redo,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..12, 0u8..10, 0u16..2000).prop_map(|(e, t, f)| Op::AddEvent(e, t, f)),
        (0u8..12).prop_map(Op::RemoveEvent),
        (0u8..12, "[a-z ]{0,8}").prop_map(|(e, n)| Op::EditNote(e, n)),
        (0u8..12, 0u8..14, 0u8..3).prop_map(|(e, c, s)| Op::Link(e, c, s)),
        (0u8..12, 0u8..14).prop_map(|(e, c)| Op::Unlink(e, c)),
        (0u8..14).prop_map(Op::AddClaim),
        (0u8..14).prop_map(Op::RemoveClaim),
        "[A-Za-z]{0,6}".prop_map(Op::SetTitle),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn to_edit(case: &Case, op: &Op) -> Option<Edit> {
    let eid = |e: &u8| EventId::new(format!("e{e}"));
    let cid = |c: &u8| ClaimId::new(format!("c{c}"));
    Some(match op {
        Op::AddEvent(e, t, f) => {
            let ty = &case.taxonomy.types[usize::from(*t) % case.taxonomy.types.len()];
            let f = u64::from(*f);
            let end = (ty.kind == EventKind::Interval).then_some(f + 10);
            Edit::AddEvent(Box::new(event(&format!("e{e}"), ty.id.as_str(), f, end)))
        }
        Op::RemoveEvent(e) => Edit::RemoveEvent(eid(e)),
        Op::EditNote(e, note) => {
            let mut ev = case.events.get(&eid(e))?.clone();
            ev.note = note.clone();
            Edit::UpdateEvent(Box::new(ev))
        }
        Op::Link(e, c, s) => Edit::Link {
            event_id: eid(e),
            link: ClaimLink {
                claim_id: cid(c),
                stance: [Stance::Supports, Stance::Contradicts, Stance::Context][usize::from(*s)],
                rationale: format!("r{s}"),
                ..ClaimLink::default()
            },
        },
        Op::Unlink(e, c) => Edit::Unlink { event_id: eid(e), claim_id: cid(c) },
        Op::AddClaim(c) => {
            Edit::AddClaim(Box::new(Claim { id: cid(c), title: format!("claim {c}"), ..Claim::default() }))
        }
        Op::RemoveClaim(c) => Edit::RemoveClaim(cid(c)),
        Op::SetTitle(t) => Edit::SetMeta(CaseMeta { title: t.clone(), ..case.meta.clone() }),
        Op::Undo | Op::Redo => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any sequence of edits, undos and redos, fully undone, returns to the original case content;
    /// the audit chain stays intact throughout.
    #[test]
    fn random_edit_sequences_undo_to_the_original(ops in prop::collection::vec(op_strategy(), 1..60)) {
        let clock = SteppingClock::new(T0_MILLIS, 1);
        let mut case = fixture_case();
        let original = case.content_without_audit();
        let mut history = History::new();
        for op in &ops {
            match op {
                Op::Undo => { history.undo(&mut case, ctx(&clock)).map_err(|e| TestCaseError::fail(e.to_string()))?; }
                Op::Redo => { history.redo(&mut case, ctx(&clock)).map_err(|e| TestCaseError::fail(e.to_string()))?; }
                other => {
                    if let Some(edit) = to_edit(&case, other) {
                        let before = case.clone();
                        if history.apply(&mut case, edit, ctx(&clock)).is_err() {
                            prop_assert_eq!(&case, &before);
                        }
                    }
                }
            }
            prop_assert!(verify_case::<String>(&case, Path::new("."), None).is_ok());
        }
        let at_end = case.content_without_audit();
        let mut undone = 0;
        while history.undo(&mut case, ctx(&clock)).map_err(|e| TestCaseError::fail(e.to_string()))?.is_some() {
            undone += 1;
        }
        prop_assert_eq!(case.content_without_audit(), original);
        for _ in 0..undone {
            history.redo(&mut case, ctx(&clock)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(case.content_without_audit(), at_end);
        prop_assert!(case.audit.verify().is_empty());
    }
}

#[test]
fn tampering_with_saved_audit_log_is_detected() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.case.ron");
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    for i in 3..8 {
        session.apply(Edit::AddEvent(Box::new(event(&format!("e{i}"), "contact", i * 10, None))), ctx(&clock))?;
    }
    session.save()?;
    assert!(load_case(&path)?.audit.verify().is_empty());
    let text = std::fs::read_to_string(&path)?;

    // Rewrite a reviewer name in the history.
    let edited = text.replacen(
        "reviewer: \"ana\",\n      action: \"add_event\"",
        "reviewer: \"bob\",\n      action: \"add_event\"",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&path, &edited)?;
    let report = verify_case::<String>(&load_case(&path)?, dir.path(), None);
    assert!(report.problems.iter().any(|p| matches!(p, VerifyProblem::Audit(AuditBreak::HashMismatch { .. }))));

    // Remove an entry, reorder entries.
    let case = load_case_from(&text)?;
    let mut entries: Vec<AuditEntry> = case.audit.entries().to_vec();
    entries.remove(2);
    assert!(!verify_audit_chain(&entries).is_empty());
    let mut entries: Vec<AuditEntry> = case.audit.entries().to_vec();
    entries.swap(0, 1);
    assert!(!verify_audit_chain(&entries).is_empty());
    Ok(())
}

fn load_case_from(text: &str) -> Result<Case, CaseError> {
    case_from_ron(text, Path::new("audit.case.ron"))
}

#[test]
fn citation_gives_hash_frames_pts_times_and_wall_clock() -> anyhow::Result<()> {
    let case = fixture_case();
    let c = cite_event(&case, &EventId::new("e2"))?;
    assert_eq!(c.media_sha256, "0f".repeat(32));
    assert_eq!((c.start.frame, c.start.pts_ticks), (300, 900_900));
    assert_eq!(c.start.media_secs, Some(10.01));
    assert_eq!(c.start.media_hms.as_deref(), Some("00:00:10.010"));
    assert_eq!(c.start.wall_clock_utc.as_deref(), Some("2025-10-02T14:03:17.010Z"));
    let end = c.end.clone().unwrap_or_else(|| panic!("interval event has an end"));
    assert_eq!(end.frame, 600);
    assert_eq!(end.media_hms.as_deref(), Some("00:00:20.020"));
    assert_eq!(c.wall_clock_uncertainty_secs, Some(2.0));
    let text = c.to_string();
    assert!(text.contains("frame 300 (PTS 900900 × 1/90000 s, 00:00:10.010)"), "{text}");
    assert!(text.contains("± 2 s (container creation_time)"), "{text}");

    let mut no_clock = fixture_case();
    if let Some(m) = no_clock.media.get_mut(&MediaId::new("m1")) {
        m.wall_clock = None;
    }
    let c = cite_event(&no_clock, &EventId::new("e1"))?;
    assert_eq!(c.start.wall_clock_utc, None);
    assert_eq!(c.wall_clock_uncertainty_secs, None);
    assert!(cite_event(&case, &EventId::new("nope")).is_err());
    Ok(())
}

#[test]
fn verify_reports_broken_links_modifiers_and_hashes() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir_all(dir.path().join("footage"))?;
    std::fs::write(dir.path().join("footage/m1.mp4"), b"not really video")?;
    let fake_hash = |p: &Path| -> Result<String, std::io::Error> {
        let bytes = std::fs::read(p)?;
        Ok(if bytes == b"not really video" { "0f".repeat(32) } else { "ee".repeat(32) })
    };
    let case = fixture_case();
    let report = verify_case(&case, dir.path(), Some(&fake_hash));
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.media_hashes_ok, 1);

    let mut broken = fixture_case();
    if let Some(e) = broken.events.get_mut(&EventId::new("e1")) {
        e.media_id = "m404".into();
        e.modifiers.insert("actor".into(), "spaceship".into());
        e.links.push(ClaimLink { claim_id: "c404".into(), ..ClaimLink::default() });
    }
    if let Some(e) = broken.events.get_mut(&EventId::new("e2")) {
        e.type_id = "nope".into();
    }
    std::fs::write(dir.path().join("footage/m1.mp4"), b"swapped file")?;
    let report = verify_case(&broken, dir.path(), Some(&fake_hash));
    let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    let all = text.join("\n");
    assert!(all.contains("media m404 does not exist"), "{all}");
    assert!(all.contains("\"spaceship\" is not an allowed value"), "{all}");
    assert!(all.contains("linked claim c404 does not exist"), "{all}");
    assert!(all.contains("event type nope does not exist"), "{all}");
    assert!(report.problems.iter().any(|p| matches!(p, VerifyProblem::MediaHashMismatch { .. })), "{all}");
    std::fs::remove_file(dir.path().join("footage/m1.mp4"))?;
    let report = verify_case(&case, dir.path(), Some(&fake_hash));
    assert!(matches!(report.problems.as_slice(), [VerifyProblem::MediaMissing { .. }]), "{:?}", report.problems);
    Ok(())
}

#[test]
fn relink_finds_moved_media_by_hash() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir_all(dir.path().join("a/b"))?;
    std::fs::write(dir.path().join("a/decoy.mp4"), b"same size!!!")?;
    std::fs::write(dir.path().join("a/b/moved.mp4"), b"the evidence")?;
    std::fs::write(dir.path().join("other.txt"), b"short")?;
    let hash = |p: &Path| -> Result<String, std::io::Error> {
        use sha2::Digest;
        Ok(hex::encode(sha2::Sha256::digest(std::fs::read(p)?)))
    };
    let wanted = hash(&dir.path().join("a/b/moved.mp4"))?;
    let outcome = find_by_sha256(dir.path(), &wanted.to_uppercase(), Some(12), &hash, &|| false)?;
    assert_eq!(outcome.found, Some(dir.path().join("a/b/moved.mp4")));
    assert!(outcome.files_hashed <= 2, "size filter skips other files");
    let none = find_by_sha256(dir.path(), &"00".repeat(32), None, &hash, &|| false)?;
    assert_eq!((none.found, none.files_hashed), (None, 3));
    assert!(find_by_sha256(&dir.path().join("missing"), &wanted, None, &hash, &|| false).is_err());
    Ok(())
}

#[test]
fn fresh_ids_are_unique() {
    let mut case = fixture_case();
    for _ in 0..2000 {
        let id = case.new_event_id();
        assert!(id.as_str().starts_with("e-") && id.as_str().len() == 10);
        let e = event(id.as_str(), "contact", 1, None);
        assert!(case.events.insert(id, e).is_none());
    }
}
