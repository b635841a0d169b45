//! A save written on another thread while edits go on (`CaseSession::begin_save` / `finish_save`): the case file
//! holds the case as it was when the save began, signed; edits made meanwhile stay in the journal, counted unsaved;
//! a crash at any point loses no acknowledged edit; a failed save changes nothing.

mod support;

use claimframe::case::*;
use std::path::{Path, PathBuf};
use support::case::*;

fn new_session(dir: &Path) -> anyhow::Result<(PathBuf, CaseSession)> {
    support::isolate_cache();
    let path = dir.join("stop.case.ron");
    let session = CaseSession::create(&path, fixture_case(), SaveOptions::default())?;
    Ok((path, session))
}

fn add(session: &mut CaseSession, clock: &dyn Clock, id: &str, frame: u64) -> anyhow::Result<()> {
    session.apply(Edit::AddEvent(Box::new(event(id, "contact", frame, None))), ctx(clock))?;
    Ok(())
}

/// What verify says of the signatures of `case`.
fn check_signatures(case: &Case) -> SignatureReport {
    verify_case::<std::io::Error>(case, Path::new("."), None).signatures
}

fn has(case: &Case, id: &str) -> bool {
    case.events.contains_key(&EventId::new(id))
}

#[test]
fn edits_made_while_a_save_is_written_stay_in_the_journal_and_count_as_unsaved() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (path, mut session) = new_session(dir.path())?;
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    add(&mut session, &clock, "e3", 700)?;
    let job = session.begin_save()?;
    assert!(session.is_saving());
    assert!(matches!(session.begin_save(), Err(CaseError::SaveRunning)), "one save at a time");
    // The reviewer goes on coding while the file is written.
    add(&mut session, &clock, "e4", 800)?;
    session.undo(ctx(&clock))?;
    add(&mut session, &clock, "e5", 900)?;
    let written = std::thread::spawn(move || job.write()).join().expect("the save thread ends");
    assert!(written.is_ok());
    session.finish_save(written)?;
    assert!(!session.is_saving());
    assert_eq!(session.unsaved_edits(), 3, "the three edits made meanwhile are not in the file");

    let on_disk = load_case(&path)?;
    assert!(has(&on_disk, "e3") && !has(&on_disk, "e4") && !has(&on_disk, "e5"), "the file is the case at the save");
    let signatures = check_signatures(&on_disk);
    assert!(signatures.problems.is_empty(), "{:?}", signatures.problems);
    assert_eq!(signatures.unsigned_head, None, "the saved head is signed");
    let journal = read_journal(&journal_path(&path))?;
    assert_eq!(journal.records.len(), 3, "the journal holds exactly the edits since the save began");

    // Reopened after a crash: exactly those edits are offered, and replaying them gives the case as it was.
    let expected = session.case().clone();
    drop(session);
    let (mut reopened, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert_eq!((recovery.records.len(), recovery.already_saved), (3, 0));
    assert!(recovery.problems.is_empty(), "{:?}", recovery.problems);
    reopened.replay(&recovery)?;
    assert_eq!(reopened.case().content_without_audit(), expected.content_without_audit());
    assert_eq!(reopened.case().audit, expected.audit);
    // The next save takes them in and signs the newer head.
    reopened.save()?;
    assert_eq!(reopened.unsaved_edits(), 0);
    let saved = load_case(&path)?;
    assert!(has(&saved, "e5") && !has(&saved, "e4"));
    assert_eq!(check_signatures(&saved).unsigned_head, None);
    Ok(())
}

#[test]
fn a_crash_after_the_file_is_written_but_before_the_save_is_taken_in_loses_nothing() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (path, mut session) = new_session(dir.path())?;
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    add(&mut session, &clock, "e3", 700)?;
    add(&mut session, &clock, "e4", 710)?;
    let job = session.begin_save()?;
    add(&mut session, &clock, "e5", 720)?;
    let written = job.write();
    assert!(written.is_ok());
    // "Crash": the outcome is never taken in, so the journal still holds every line.
    drop(written);
    let expected = session.case().clone();
    drop(session);
    let (mut reopened, recovery) = CaseSession::open(&path, SaveOptions::default())?;
    assert_eq!(recovery.already_saved, 2, "the two edits in the written file are recognised");
    assert_eq!(recovery.records.len(), 1, "the edit made during the save is offered");
    reopened.replay(&recovery)?;
    assert_eq!(reopened.case().content_without_audit(), expected.content_without_audit());
    Ok(())
}

#[test]
fn a_failed_save_changes_nothing_and_the_next_one_saves_everything() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (path, mut session) = new_session(dir.path())?;
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    add(&mut session, &clock, "e3", 700)?;
    let job = session.begin_save()?;
    add(&mut session, &clock, "e4", 800)?;
    // Someone overwrote the case file with something unreadable: the save refuses to replace it.
    std::fs::write(&path, "(version: 2, meta: (title: \"half")?;
    let written = job.write();
    assert!(!written.is_ok());
    assert!(matches!(session.finish_save(written), Err(CaseError::RefuseOverwriteUnreadable { .. })));
    assert!(!session.is_saving());
    assert_eq!(session.unsaved_edits(), 2, "nothing counts as saved");
    assert_eq!(read_journal(&journal_path(&path))?.records.len(), 2, "the journal still holds both edits");
    assert_eq!(std::fs::read_to_string(&path)?, "(version: 2, meta: (title: \"half", "the file was left as it was");
    session.save_overwriting_unreadable()?;
    assert_eq!(session.unsaved_edits(), 0);
    let saved = load_case(&path)?;
    assert!(has(&saved, "e3") && has(&saved, "e4"));
    Ok(())
}

#[test]
fn a_save_of_an_unchanged_head_adds_no_second_signature() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (path, mut session) = new_session(dir.path())?;
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    add(&mut session, &clock, "e3", 700)?;
    session.save()?;
    let signed = session.case().signatures.len();
    assert_eq!(load_case(&path)?.signatures, session.case().signatures, "the session keeps what it wrote");
    session.save()?;
    assert_eq!(session.case().signatures.len(), signed);
    assert_eq!(load_case(&path)?.signatures.len(), signed);
    Ok(())
}

#[test]
fn an_edit_copies_the_case_only_while_a_save_holds_it() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (path, mut session) = new_session(dir.path())?;
    let clock = SteppingClock::new(T0_MILLIS, 1000);
    add(&mut session, &clock, "e3", 700)?;
    let address = |session: &CaseSession| std::ptr::from_ref(session.case()) as usize;

    // While the save still holds the case, an edit works on a copy: the save's case stays as it was.
    let job = session.begin_save()?;
    let shared = address(&session);
    add(&mut session, &clock, "e4", 710)?;
    assert_ne!(address(&session), shared, "the edit made while the save held the case works on a copy");
    session.finish_save(job.write())?;
    assert!(!has(&load_case(&path)?, "e4"));

    // Written but not yet taken in: the outcome holds no case, so the next edit changes it in place.
    let job = session.begin_save()?;
    let written = job.write();
    let own = address(&session);
    add(&mut session, &clock, "e5", 720)?;
    assert_eq!(address(&session), own, "the edit changed the case in place");
    session.finish_save(written)?;
    assert_eq!(session.unsaved_edits(), 1);
    let saved = load_case(&path)?;
    assert!(has(&saved, "e4") && !has(&saved, "e5"));
    Ok(())
}
