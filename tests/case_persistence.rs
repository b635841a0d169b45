//! Save/load tests: round trip, backups, refusing to overwrite unreadable files, parse errors with
//! line and column, newer-schema refusal, v1 → v2 migration, and journal recovery.

mod support;

use claimframe::case::*;
use std::path::Path;
use support::case::*;

fn case_path(dir: &Path) -> std::path::PathBuf {
    dir.join("stop.case.ron")
}

#[test]
fn save_load_round_trip_is_exact() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let mut case = fixture_case();
    case.audit.append("2025-10-03T09:00:00.000Z".into(), "ana", "add_event", "event e1".into());
    save_case(&path, &case, SaveOptions::default(), None)?;
    let loaded = load_case(&path)?;
    assert_eq!(loaded, case);
    // Saving what was loaded produces byte-identical text (deterministic, diff-friendly output).
    assert_eq!(case_to_ron(&loaded)?, std::fs::read_to_string(&path)?);
    Ok(())
}

#[test]
fn save_keeps_rotating_backups_and_no_temp_files() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let mut case = fixture_case();
    let mut fp = None;
    for i in 0..5 {
        case.meta.title = format!("version {i}");
        fp = save_case(&path, &case, SaveOptions::default(), fp.as_ref())?;
    }
    assert_eq!(load_case(&path)?.meta.title, "version 4");
    assert_eq!(load_case(&backup_path(&path, 1))?.meta.title, "version 3");
    assert_eq!(load_case(&backup_path(&path, 2))?.meta.title, "version 2");
    assert_eq!(load_case(&backup_path(&path, 3))?.meta.title, "version 1");
    assert!(!backup_path(&path, 4).exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");
    Ok(())
}

#[test]
fn unreadable_file_is_never_overwritten_unless_forced() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let broken = "(version: 2, meta: (title: \"half a fi";
    std::fs::write(&path, broken)?;
    let err = save_case(&path, &fixture_case(), SaveOptions::default(), None);
    assert!(matches!(err, Err(CaseError::RefuseOverwriteUnreadable { .. })), "{err:?}");
    assert_eq!(std::fs::read_to_string(&path)?, broken);

    // A file that changed behind a session's back is re-checked even with a fingerprint.
    let stale = fingerprint(&path).map(|f| FileFingerprint { len_bytes: f.len_bytes + 1, ..f });
    let err = save_case(&path, &fixture_case(), SaveOptions::default(), stale.as_ref());
    assert!(matches!(err, Err(CaseError::RefuseOverwriteUnreadable { .. })), "{err:?}");

    let forced = SaveOptions { overwrite_unreadable: true, ..SaveOptions::default() };
    save_case(&path, &fixture_case(), forced, None)?;
    assert_eq!(load_case(&path)?, fixture_case());
    let kept_aside = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".unreadable-"));
    assert!(kept_aside, "the unreadable file must be kept aside when overwriting");
    Ok(())
}

#[test]
fn newer_schema_file_is_refused_and_not_overwritten() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    std::fs::write(&path, "(version: 7, meta: (title: \"from the future\"), hologram: true)")?;
    let err = load_case(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err, "this case was written by a newer ClaimFrame (schema 7); this version reads up to 3");
    assert!(matches!(
        save_case(&path, &fixture_case(), SaveOptions::default(), None),
        Err(CaseError::RefuseOverwriteUnreadable { .. })
    ));
    Ok(())
}

#[test]
fn corrupt_file_reports_line_and_column() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let mut text = case_to_ron(&fixture_case())?;
    // Break line 5: drop the colon after a field name.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let broken_line = 5;
    lines[broken_line - 1] = lines[broken_line - 1].replacen(':', "", 1);
    text = lines.join("\n");
    std::fs::write(&path, &text)?;
    match load_case(&path) {
        Err(CaseError::Parse { line, col, message, .. }) => {
            assert_eq!(line, broken_line, "{message}");
            assert!(col > 1, "column should point into the line, got {col}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    // The message names the file and the position.
    let shown = load_case(&path).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(shown.contains(&format!("stop.case.ron cannot be read as a case: line {broken_line}, column ")), "{shown}");

    // Truncated file (e.g. a copy cut short): an error, never a half case.
    let full = case_to_ron(&fixture_case())?;
    std::fs::write(&path, &full[..full.len() / 2])?;
    assert!(matches!(load_case(&path), Err(CaseError::Parse { .. })));

    // Wrong type for a field.
    std::fs::write(&path, "(version: 2, meta: (title: 12))")?;
    match load_case(&path) {
        Err(CaseError::Parse { line: 1, col, .. }) => assert!(col > 20),
        other => panic!("expected a parse error on line 1, got {other:?}"),
    }
    Ok(())
}

#[test]
fn missing_fields_take_defaults() -> anyhow::Result<()> {
    let case = case_from_ron("(version: 2, meta: (title: \"Minimal\"))", Path::new("min.case.ron"))?;
    assert_eq!(case.meta.title, "Minimal");
    assert!(case.events.is_empty() && case.taxonomy.types.is_empty());
    Ok(())
}

#[test]
fn duplicate_ids_in_a_file_are_rejected() {
    let text = r#"(version: 2, claims: [(id: "c1", title: "a"), (id: "c1", title: "b")])"#;
    let err = case_from_ron(text, Path::new("dup.case.ron"));
    assert!(matches!(&err, Err(CaseError::Parse { message, .. }) if message.contains("c1")), "{err:?}");
}

/// Schema 1: title/description/reviewers at top level, media `hash` + absolute `path`,
/// claims with one `speaker` string, collections written as id-keyed maps.
const V1_SAMPLE: &str = r#"
(
    version: 1,
    title: "Blake Road stop",
    description: "Migrated from schema 1",
    reviewers: ["ana"],
    media: {
        "m1": (
            id: "m1",
            path: "/cases/blake/footage/m1.mp4",
            hash: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
            size_bytes: 1000,
        ),
    },
    claims: {
        "c1": (
            id: "c1",
            title: "Coordinated vehicle impeding",
            quote: "It's clear that is being coordinated.",
            speaker: "Department of Homeland Security / DHS Secretary Kristi Noem",
        ),
        "c2": (id: "c2", title: "Witnesses", quote: "slammed on its brakes", speaker: "Witnesses in Minnesota"),
    },
    taxonomy: (types: [(id: "brake-check", name: "Brake-check", kind: Point, hotkey: "B",
        modifiers: [(id: "certainty", name: "Certainty", allowed_values: ["certain", "probable"])])]),
    events: {
        "e1": (
            id: "e1",
            media_id: "m1",
            start: (frame: 90, pts_ticks: 270270, time_base_num: 1, time_base_den: 90000),
            type_id: "brake-check",
            modifiers: {"certainty": "certain"},
            links: [(claim_id: "c1", stance: Contradicts, rationale: "no ramming visible")],
        ),
    },
)
"#;

#[test]
fn v1_case_migrates_to_the_current_schema() -> anyhow::Result<()> {
    let case = case_from_ron(V1_SAMPLE, Path::new("/cases/blake/stop.case.ron"))?;
    assert_eq!(case.version, CURRENT_SCHEMA_VERSION);
    assert_eq!(case.meta.title, "Blake Road stop");
    assert_eq!(case.meta.reviewers, vec!["ana".to_owned()]);
    let m1 = &case.media[&MediaId::new("m1")];
    assert_eq!(m1.sha256, "0f".repeat(32));
    assert_eq!(m1.path_relative, Path::new("footage/m1.mp4"));
    assert_eq!(m1.last_absolute_path, Path::new("/cases/blake/footage/m1.mp4"));
    let c1 = &case.claims[&ClaimId::new("c1")];
    assert_eq!(c1.asserted_by.agency, "Department of Homeland Security");
    assert_eq!(c1.asserted_by.official, "DHS Secretary Kristi Noem");
    assert_eq!(case.claims[&ClaimId::new("c2")].asserted_by.official, "");
    assert_eq!(case.events[&EventId::new("e1")].links[0].stance, Stance::Contradicts);
    let report = verify_case::<String>(&case, Path::new("/cases/blake"), None);
    assert!(report.is_ok(), "{:?}", report.problems);
    // Saving writes the current schema (3), which loads without migration.
    let text = case_to_ron(&case)?;
    assert!(text.trim_start().starts_with("(\n  version: 3,"), "{}", &text[..40]);
    assert_eq!(case_from_ron(&text, Path::new("/cases/blake/stop.case.ron"))?, case);
    Ok(())
}

#[test]
fn journal_replay_restores_unsaved_edits_and_ignores_torn_tail() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    session.apply(Edit::AddEvent(Box::new(event("e3", "contact", 700, None))), ctx(&clock))?;
    session.save()?;
    session.apply(Edit::AddEvent(Box::new(event("e4", "ramming", 800, None))), ctx(&clock))?;
    session.apply(Edit::RemoveEvent(EventId::new("e2")), ctx(&clock))?;
    session.undo(ctx(&clock))?;
    let expected = session.case().clone();
    drop(session); // "crash": no save

    // Simulate a crash mid-write of the next line.
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal)?;
    bytes.extend_from_slice(b"3f2a9c half a line");
    std::fs::write(&journal, &bytes)?;

    let (mut reopened, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert_eq!(recovery.records.len(), 3);
    assert!(recovery.torn_tail);
    assert!(recovery.problems.is_empty(), "{:?}", recovery.problems);
    // Editing before deciding is refused.
    assert!(matches!(
        reopened.apply(Edit::RemoveEvent(EventId::new("e1")), ctx(&clock)),
        Err(CaseError::RecoveryPending(3))
    ));
    reopened.replay(&recovery)?;
    assert_eq!(reopened.case(), &expected);
    assert!(reopened.case().audit.verify().is_empty());
    // New edits after replay land in a clean journal and survive another crash.
    reopened.apply(Edit::RemoveEvent(EventId::new("e4")), ctx(&clock))?;
    let expected = reopened.case().clone();
    drop(reopened);
    let (case, recovery, _) = load_with_recovery(&path)?;
    assert!(!recovery.torn_tail);
    let mut replayed = case;
    replay_into(&mut replayed, &recovery)?;
    assert_eq!(replayed, expected);
    Ok(())
}

#[test]
fn stale_journal_after_save_is_not_replayed_twice() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    session.apply(Edit::AddEvent(Box::new(event("e3", "contact", 700, None))), ctx(&clock))?;
    let journal = journal_path(&path);
    let journal_before_save = std::fs::read(&journal)?;
    session.save()?;
    let saved = session.case().clone();
    drop(session);
    // Crash between the case rename and the journal reset: the old journal is still there.
    std::fs::write(&journal, &journal_before_save)?;
    let (session, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert_eq!(recovery.already_saved, 1);
    assert!(!recovery.has_edits());
    assert_eq!(session.case(), &saved);
    Ok(())
}

#[test]
fn discarded_journal_is_kept_aside() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let clock = FixedClock(T0_MILLIS);
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    session.apply(Edit::RemoveEvent(EventId::new("e2")), ctx(&clock))?;
    drop(session);
    let (mut session, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert_eq!(recovery.records.len(), 1);
    let aside = session.discard_recovery()?;
    assert_eq!(read_journal(&aside)?.records.len(), 1);
    // Back to the saved case: the fixture's content and log (plus the signature its creation added).
    assert_eq!(session.case().content_without_audit(), fixture_case().content_without_audit());
    assert_eq!(session.case().audit, fixture_case().audit);
    session.apply(Edit::RemoveEvent(EventId::new("e1")), ctx(&clock))?;
    session.save()?;
    assert!(!load_case(&path)?.events.contains_key(&EventId::new("e1")));
    Ok(())
}

#[test]
fn journal_from_another_history_is_not_replayed() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = case_path(dir.path());
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    session.apply(Edit::RemoveEvent(EventId::new("e2")), ctx(&clock))?;
    session.save()?;
    session.apply(Edit::RemoveEvent(EventId::new("e1")), ctx(&clock))?;
    drop(session);
    // Restore an older backup as the case: the journal no longer continues its history.
    std::fs::copy(backup_path(&path, 1), &path)?;
    let (_, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert!(!recovery.has_edits());
    assert!(!recovery.problems.is_empty());
    Ok(())
}
