//! Opening a case never freezes the window: a large case is read on its own thread while the window keeps drawing
//! (frames go on, the status bar says how far it is), Cancel leaves the file on screen as it was, and a case file
//! with a syntax error is said in plain words, with its line, and the newest backup that loads is offered and opens
//! as a copy (the broken file untouched). A case whose videos have moved finds them by their SHA-256 in its folder,
//! or in a folder the reviewer picks, and records the new place as an edit.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use claimframe::case::{load_case, save_case, SaveOptions};
use claimframe::sample::synthetic_case;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness as harness, settle};
use support::case::scratch_case;

/// Events in the large case: enough that a debug build reads it over many frames.
const BIG_EVENTS: usize = 40_000;

/// A case of `events` events on the sample footage, written beside the scratch case as `big.case.ron`.
fn big_case(dir: &Path, events: usize) -> PathBuf {
    let sample = load_case(&support::repo().join("sample_projects/sample.case.ron")).expect("the sample loads");
    let mut media = sample.media.values().next().expect("the sample has media").clone();
    let mut case = synthetic_case(events);
    let frame_count = media.probe.frame_count.max(2);
    media.id = case.media.keys().next().expect("the synthetic case has media").clone();
    case.media.clear();
    case.media.insert(media.id.clone(), media);
    for event in case.events.values_mut() {
        let length = event.end.map(|e| e.frame - event.start.frame);
        event.start.frame %= frame_count;
        if let (Some(end), Some(length)) = (event.end.as_mut(), length) {
            end.frame = (event.start.frame + length).min(frame_count - 1);
        }
    }
    let path = dir.join("big.case.ron");
    save_case(&path, &case, SaveOptions::default(), None).expect("the big case is written");
    path
}

/// Steps the window until nothing is being opened (at most two minutes); returns the frames drawn meanwhile.
fn step_until_opened(h: &mut Harness<'_, ClaimFrameApp>) -> u64 {
    let first = h.ctx.cumulative_pass_nr();
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().opening().is_some() && Instant::now() < deadline {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(h.state().opening().is_none(), "the case opened within two minutes");
    h.ctx.cumulative_pass_nr() - first
}

fn desk_path(h: &Harness<'_, ClaimFrameApp>) -> Option<PathBuf> {
    h.state().desk().map(|d| d.path().to_path_buf())
}

#[test]
fn the_window_keeps_drawing_while_a_big_case_opens() {
    let (dir, small) = scratch_case();
    let big = big_case(dir.path(), BIG_EVENTS);
    let mut h = harness(&small);
    settle(&mut h);
    let picture = h.state().picture_area();
    h.state_mut().open(&big);
    assert!(h.state().opening().is_some(), "open returns at once; the case is read on its own thread");
    h.run_steps(3);
    assert!(h.state().opening().is_some(), "three frames are drawn while it is read");
    h.get_by_label_contains("Opening case big.case.ron…");
    assert_eq!(h.state().picture_area(), picture, "the progress sits in the notice line and moves nothing");
    assert_eq!(desk_path(&h).as_deref(), Some(small.as_path()), "the previous case stays on screen meanwhile");
    let frames = step_until_opened(&mut h);
    assert!(frames >= 3, "frames went on while the case opened ({frames})");
    assert!(h.state().failure().is_none(), "{:?}", h.state().failure());
    assert_eq!(desk_path(&h).as_deref(), Some(big.as_path()));
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), Some(BIG_EVENTS));
    h.run_steps(2);
    assert!(h.query_by_label_contains("Opening case").is_none(), "the progress line is gone once it is open");
}

#[test]
fn the_opening_thread_makes_the_panels_caches_so_the_first_frame_over_the_case_is_short() {
    use claimframe::ui::app::open_task::{OpenJob, OpenOutcome, OpenTask};
    let (dir, _small) = scratch_case();
    let big = big_case(dir.path(), BIG_EVENTS);
    let OpenOutcome::Opened { windows, desk, .. } = OpenTask::start(OpenJob::Case(big)).wait() else {
        panic!("the big case did not open")
    };
    assert_eq!(windows.table.rows().len(), BIG_EVENTS, "the table's rows are queried before any frame");
    assert_eq!(windows.table.total_events(), BIG_EVENTS);
    let lanes = windows.timeline.lanes().expect("the lanes are built before any frame");
    let in_lanes: usize = lanes.lanes().iter().map(|l| l.len()).sum();
    assert_eq!(in_lanes, BIG_EVENTS);
    let linked: usize = windows.board.tally().values().map(|t| t.supports + t.contradicts + t.context).sum();
    let links: usize = desk.case().events.values().map(|e| e.links.len()).sum();
    assert!(links > 0, "the synthetic case links events to claims");
    assert_eq!(linked, links, "the claim tallies are counted before any frame");
}

#[test]
fn cancel_leaves_the_previous_case_open() {
    let (dir, small) = scratch_case();
    let big = big_case(dir.path(), BIG_EVENTS);
    let mut h = harness(&small);
    settle(&mut h);
    let events_before = h.state().desk().map(|d| d.case().events.len());
    h.state_mut().open(&big);
    h.run_steps(2);
    assert!(h.state().opening().is_some(), "still reading the big case");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().opening().is_none(), "Cancel stops the opening");
    // Long enough for the reading thread to have finished had it not stopped: nothing is swapped in.
    std::thread::sleep(Duration::from_millis(500));
    h.run_steps(3);
    assert_eq!(desk_path(&h).as_deref(), Some(small.as_path()), "the previous case is still the one open");
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), events_before);
    assert!(h.state().failure().is_none(), "a cancel is not a failure: {:?}", h.state().failure());
    assert!(h.state().desk().is_some_and(|d| !d.is_read_only()), "the previous case is still editable");

    // The cancelled reader let go of the big case: it opens for editing now.
    h.state_mut().open(&big);
    h.state_mut().wait_for_open();
    assert_eq!(desk_path(&h).as_deref(), Some(big.as_path()));
    assert!(h.state().desk().is_some_and(|d| !d.is_read_only()), "no lock was left behind by the cancelled open");
}

#[test]
fn a_case_with_a_syntax_error_is_explained_and_its_backup_opens_as_a_copy() {
    let (dir, case_path) = scratch_case();
    // Two saves: the second keeps the first as the backup `.bak1`.
    let mut case = load_case(&case_path).expect("the scratch case loads");
    case.meta.title = "Saved before the damage".into();
    let known = save_case(&case_path, &case, SaveOptions::default(), None).expect("saved");
    case.meta.title = "Damaged later".into();
    save_case(&case_path, &case, SaveOptions::default(), known.as_ref()).expect("saved again");
    // Then the file is damaged by hand: a colon dropped after a field name.
    let text = std::fs::read_to_string(&case_path).expect("read");
    let line = text.lines().position(|l| l.trim_start().starts_with("title: \"Damaged later\"")).expect("title") + 1;
    let broken = text.replacen("title: \"Damaged later\"", "title \"Damaged later\"", 1);
    std::fs::write(&case_path, &broken).expect("damaged");

    let mut h = harness(&case_path);
    h.run_steps(2);
    let failure = h.state().failure().expect("the case is refused").to_owned();
    assert!(failure.contains(&format!("line {line}, column")), "the line is named: {failure}");
    assert!(failure.contains("colon"), "what is missing is said: {failure}");
    assert!(!failure.contains("Expected"), "no parser vocabulary: {failure}");
    h.get_by_label_contains(&format!("line {line}, column"));
    let offer = h.state().backup_offer().expect("a backup that loads is offered").clone();
    let button = format!("Open the backup of {}", offer.backup.saved_words());
    h.get_by_label(&button).click();
    h.run_steps(1);
    step_until_opened(&mut h);
    let opened = desk_path(&h).expect("the backup's copy is open");
    let name = opened.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    assert!(name.starts_with("review.from-backup-") && name.ends_with(".case.ron"), "{name}");
    assert_eq!(opened.parent(), Some(dir.path()), "the copy is beside the case, so its media paths still resolve");
    assert_eq!(h.state().desk().map(|d| d.case().meta.title.clone()).as_deref(), Some("Saved before the damage"));
    assert!(h.state().desk().is_some_and(|d| !d.is_read_only()));
    assert_eq!(std::fs::read_to_string(&case_path).expect("read"), broken, "the broken file is left as it was");
    assert!(h.state().failure().is_none() && h.state().backup_offer().is_none());
}

/// The sample case alone in a folder of its own (no `footage` beside it), and its two videos copied into `to`.
fn case_with_videos_in(dir: &Path, to: &Path) -> PathBuf {
    let root = support::repo().join("sample_projects");
    std::fs::create_dir_all(to).expect("the videos' new folder");
    for name in ["bodycam_sample.mp4", "phone_sample.mp4"] {
        std::fs::copy(root.join("footage").join(name), to.join(name)).expect("copy a video");
    }
    let case = dir.join("review.case.ron");
    std::fs::copy(root.join("sample.case.ron"), &case).expect("copy the case");
    case
}

fn media_paths(h: &Harness<'_, ClaimFrameApp>) -> Vec<PathBuf> {
    let desk = h.state().desk().expect("a case is open");
    desk.case().media.values().map(|m| m.path_relative.clone()).collect()
}

#[test]
fn videos_moved_within_the_case_s_folder_are_found_by_their_sha256_and_the_new_place_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let moved = dir.path().join("evidence/disc 2");
    let case = case_with_videos_in(dir.path(), &moved);
    // A file of the same size with other bytes is hashed and passed over.
    let mut decoy = std::fs::read(moved.join("bodycam_sample.mp4")).expect("read the video");
    decoy[1000] ^= 0xff;
    std::fs::write(dir.path().join("evidence/bodycam copy.mp4"), decoy).expect("write the decoy");
    let mut h = harness(&case);
    step_until_opened(&mut h);
    // The notice line says what was found where (notices leave after a few seconds of frames).
    h.get_by_label_contains("found by SHA-256 at");
    settle(&mut h);
    assert!(h.state().failure().is_none(), "{:?}", h.state().failure());
    assert!(h.state().player().and_then(|p| p.shown_frame()).is_some(), "the found video is on screen");
    let mut paths = media_paths(&h);
    paths.sort();
    let want = |name: &str| PathBuf::from("evidence/disc 2").join(name);
    assert_eq!(paths, vec![want("bodycam_sample.mp4"), want("phone_sample.mp4")], "both videos were relinked");
    assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(1), "one edit records both places");
    // Undo puts the recorded places back as they were.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(media_paths(&h).iter().all(|p| p.starts_with("footage")), "{:?}", media_paths(&h));
}

#[test]
fn a_video_moved_elsewhere_is_looked_for_in_the_folder_the_reviewer_picks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("another temp dir");
    let case = case_with_videos_in(dir.path(), elsewhere.path());
    let mut h = harness(&case);
    step_until_opened(&mut h);
    h.run_steps(2);
    assert!(h.state().desk().is_none(), "the case does not open on a video that is not there");
    let failure = h.state().failure().unwrap_or_default().to_owned();
    assert!(failure.contains("is not at") && failure.contains("no file of its size and SHA-256"), "{failure}");
    assert_eq!(h.state().relink_offer(), Some(case.as_path()));
    h.get_by_label("Look for it in a folder…").click();
    h.run_steps(3);
    let picker = h.state().file_picker();
    assert!(picker.open && picker.purpose == claimframe::ui::windows::file_picker::PickFor::RelinkFolder);
    h.state_mut().relink_in(elsewhere.path());
    step_until_opened(&mut h);
    settle(&mut h);
    assert!(h.state().failure().is_none(), "{:?}", h.state().failure());
    assert_eq!(h.state().desk().map(|d| d.path().to_path_buf()), Some(case.clone()));
    let desk = h.state().desk().expect("the case is open");
    let found = elsewhere.path().canonicalize().expect("canonical");
    assert!(
        desk.case().media.values().all(|m| m.last_absolute_path.starts_with(&found)),
        "every video is recorded where it was found"
    );
}
