//! One writer at a time, across processes: while this test process holds a case open for editing, the CLI's
//! writers are refused with who holds it and touch nothing, its readers work on the last saved state and say so, and
//! a desk (the window) opens read-only without offering the live journal as crash recovery. A lock left by a killed
//! process is taken over. Nothing acknowledged is lost on the way.

mod support;

use claimframe::case::*;
use claimframe::desk::Desk;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::case::{ctx, event, fixture_case};
use support::{bin, case_cmd, ok};

const CHILD_ENV: &str = "CLAIMFRAME_LOCK_CHILD_CASE";
const ADD_CLAIM: [&str; 9] =
    ["add-claim", "--title", "Rammed", "--quote", "every day", "--agency", "DHS", "--document", "FOX 9"];

/// A saved case with one more edit acknowledged but unsaved (only in the journal), held open for editing.
fn held_case(dir: &Path) -> (CaseSession, PathBuf) {
    let path = dir.join("stop.case.ron");
    let mut session = CaseSession::create(&path, fixture_case(), SaveOptions::default()).expect("create");
    let clock = FixedClock(support::case::T0_MILLIS);
    session.apply(Edit::AddEvent(Box::new(event("held1", "contact", 42, None))), ctx(&clock)).expect("edit");
    (session, path)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The files beside the case and their bytes, to prove a refused command wrote nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    files.sort();
    files
}

fn refused_naming(out: &Output, pid: u32) {
    let err = stderr(out);
    assert_ne!(out.status.code(), Some(0), "a second writer must be refused: {err}");
    assert!(err.contains("stop.case.ron is open for editing in"), "{err}");
    assert!(err.contains(&format!("(pid {pid} on host {}, since ", LockHolder::this_process().host)), "{err}");
}

#[test]
fn a_second_writer_is_refused_readers_read_the_saved_state_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut session, path) = held_case(dir.path());
    let before = snapshot(dir.path());

    let out = case_cmd(&path, &ADD_CLAIM);
    refused_naming(&out, std::process::id());
    let out = case_cmd(&path, &["--recover", "replay", "show"]);
    refused_naming(&out, std::process::id());
    assert_eq!(snapshot(dir.path()), before, "refused writers touch nothing");

    let out = case_cmd(&path, &["show"]);
    let shown = ok(out.clone());
    assert!(stderr(&out).contains("note: read from the last saved state; the case is open for editing in"));
    assert!(shown.contains("Blake Road stop") && !shown.contains("held1"), "{shown}");
    let out = case_cmd(&path, &["verify", "--skip-media-hashes"]);
    assert!(stderr(&out).contains("read from the last saved state"), "{}", stderr(&out));
    let exported = dir.path().join("out.json");
    let out = Command::new(bin())
        .arg("export")
        .arg(&path)
        .args(["--format", "json", "-o"])
        .arg(&exported)
        .output()
        .expect("run export");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("read from the last saved state"), "{}", stderr(&out));
    std::fs::remove_file(&exported).expect("remove export");
    assert_eq!(snapshot(dir.path()), before, "readers write nothing");

    session.save().expect("save");
    drop(session);
    ok(case_cmd(&path, &ADD_CLAIM));
    let case = load_case(&path).expect("load");
    assert!(case.events.contains_key(&EventId::new("held1")), "the first writer's edit is kept");
    assert!(case.claims.values().any(|c| c.title == "Rammed"), "the second writer's edit is in");
}

#[test]
fn the_window_opens_a_held_case_read_only_and_offers_no_live_journal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (session, path) = held_case(dir.path());
    let before = snapshot(dir.path());
    let mut desk = Desk::open(&path).expect("opens read-only");
    assert!(desk.is_read_only());
    let holder = desk.read_only_because().expect("names the holder").to_owned();
    assert!(holder.contains(&format!("pid {}", std::process::id())), "{holder}");
    assert!(desk.recovery().is_none(), "the other session's live journal is not crash recovery");
    assert!(!desk.case().events.contains_key(&EventId::new("held1")), "the last saved state");

    assert!(!desk.edit(Edit::RemoveEvent(EventId::new("e1")), "ben"));
    let notice = desk.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("is open read-only here because it is open for editing in"), "{notice}");
    assert!(!desk.save());
    assert_eq!(snapshot(dir.path()), before, "the read-only desk wrote nothing");
    drop(session);
}

#[test]
fn a_read_only_session_never_writes_and_a_second_editor_in_one_process_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stop.case.ron");
    save_case(&path, &fixture_case(), SaveOptions::default(), None).expect("save");
    let before = snapshot(dir.path());
    let (mut reader, recovery) = CaseSession::open_read_only(&path).expect("open read-only");
    assert!(reader.is_read_only() && reader.held_elsewhere().is_none() && !recovery.has_edits());
    let clock = FixedClock(support::case::T0_MILLIS);
    let refused = reader.apply(Edit::RemoveEvent(EventId::new("e1")), ctx(&clock));
    assert!(matches!(refused, Err(CaseError::ReadOnly { .. })), "{refused:?}");
    assert!(matches!(reader.save(), Err(CaseError::ReadOnly { .. })));
    assert_eq!(snapshot(dir.path()), before, "no lock file, no journal, no save");

    let (_editor, _) = CaseSession::open(&path, SaveOptions::default()).expect("first editor");
    let second = CaseSession::open(&path, SaveOptions::default()).map(|_| ()).expect_err("second editor");
    assert!(matches!(second, CaseError::Locked { .. }), "{second:?}");
}

#[test]
fn a_lock_file_whose_lock_is_free_is_taken_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stop.case.ron");
    save_case(&path, &fixture_case(), SaveOptions::default(), None).expect("save");
    let dead = LockHolder { program: "claimframe".into(), pid: 999_999, host: "lab-3".into(), since_utc: "x".into() };
    std::fs::write(lock_path(&path), serde_json::to_string(&dead).expect("json")).expect("write lock file");
    let (session, _) = CaseSession::open(&path, SaveOptions::default()).expect("a stale lock does not refuse");
    assert_eq!(session.took_over_stale_lock(), Some(&dead));
    let now: LockHolder =
        serde_json::from_str(&std::fs::read_to_string(lock_path(&path)).expect("read")).expect("json");
    assert_eq!(now.pid, std::process::id(), "the lock file now names this process");
}

/// Child mode for the killed-holder test: opens the case for editing, says so, and waits to be killed.
#[test]
#[ignore = "run by a_killed_holder_leaves_a_lock_the_next_writer_takes_over as a child process"]
fn lock_holder_child() {
    let Some(path) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else { return };
    let _session = CaseSession::open(&path, SaveOptions::default()).expect("child opens the case");
    println!("LOCKED");
    std::thread::sleep(std::time::Duration::from_secs(120));
}

#[test]
fn a_killed_holder_leaves_a_lock_the_next_writer_takes_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stop.case.ron");
    save_case(&path, &fixture_case(), SaveOptions::default(), None).expect("save");
    let mut child = Command::new(std::env::current_exe().expect("test exe"))
        .args(["lock_holder_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let locked = BufReader::new(stdout).lines().map_while(Result::ok).any(|line| line.contains("LOCKED"));
    assert!(locked, "the child took the lock");
    refused_naming(&case_cmd(&path, &ADD_CLAIM), child.id());

    child.kill().expect("kill the holder"); // SIGKILL: no chance to release anything
    child.wait().expect("reap");
    let out = case_cmd(&path, &ADD_CLAIM);
    ok(out.clone());
    let note = stderr(&out);
    assert!(note.contains("took over the lock left by") && note.contains(&format!("pid {}", child.id())));
    assert!(load_case(&path).expect("load").claims.values().any(|c| c.title == "Rammed"));
}
