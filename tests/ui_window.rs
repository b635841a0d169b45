//! The window's own chores, on the real app without a display: "Who is coding?" before the first edit of a session
//! (the edit waits, is signed by the confirmed name, lists it in the case and is undone with it; or is dropped on
//! Cancel), the shortcut sheet (F1 / ? open it, Esc closes it), the in-window file picker where the desktop has no
//! file chooser (Open…, New case…, Export's Choose…), and reopening a case at the frame and zoom it was left at.

mod support;

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::{Event as CaseEvent, EventTypeId};
use claimframe::ui::app::prefs::Prefs;
use claimframe::ui::windows::file_picker::PickFor;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness, go_to, settle, shown};
use support::case::scratch_case;

/// A harness on `app` (already opened), the window's default size.
fn harness_of(app: ClaimFrameApp) -> Harness<'static, ClaimFrameApp> {
    Harness::builder().with_size([1600.0, 900.0]).build_ui_state(|ui, app: &mut ClaimFrameApp| app.root_ui(ui), app)
}

/// Replaces the whole text of the text field labelled `label` by `text`, as selecting all and typing would.
fn type_over(h: &mut Harness<'_, ClaimFrameApp>, label: &str, text: &str) {
    h.get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .unwrap_or_else(|| panic!("a text field labelled {label:?}"))
        .focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text(text.into()));
    h.run_steps(2);
}

fn contacts(h: &Harness<'_, ClaimFrameApp>) -> Vec<CaseEvent> {
    let desk = h.state().desk().expect("a case is open");
    let mut events: Vec<CaseEvent> =
        desk.case().events.values().filter(|e| e.type_id == EventTypeId::new("contact")).cloned().collect();
    events.sort_by_key(|e| e.id.clone());
    events
}

fn reviewers(h: &Harness<'_, ClaimFrameApp>) -> Vec<String> {
    h.state().desk().expect("a case is open").case().meta.reviewers.clone()
}

#[test]
fn the_first_edit_waits_for_who_is_coding_and_is_signed_by_that_name() {
    let (_dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    h.state_mut().ask_who_is_coding();
    let before = contacts(&h);
    let listed_before = reviewers(&h);
    go_to(&mut h, 10);
    h.key_press(Key::C);
    h.run_steps(3);
    assert!(h.state().reviewer_question().is_some(), "the question is asked");
    assert_eq!(contacts(&h), before, "nothing is coded before a name is given");
    h.get_by_label("Who is coding?");
    // The playhead moves on while the question waits; the event is coded where the key was pressed.
    go_to(&mut h, 30);
    type_over(&mut h, "Name", "Ana Ruiz");
    h.get_by_label("Start coding").click();
    h.run_steps(3);

    let coded: Vec<CaseEvent> = contacts(&h).into_iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(coded.len(), 1, "the waiting key press is applied once");
    assert_eq!((coded[0].start.frame, coded[0].reviewer.as_str()), (10, "Ana Ruiz"));
    assert!(h.state().reviewer_confirmed() && h.state().reviewer_question().is_none());
    assert_eq!(h.state().prefs().reviewer, "Ana Ruiz", "the name is remembered");
    assert!(h.state().title().contains(" — coding as Ana Ruiz — ClaimFrame"), "{}", h.state().title());
    let mut listed = listed_before.clone();
    listed.push("Ana Ruiz".into());
    assert_eq!(reviewers(&h), listed, "the case lists the new reviewer");

    // One undo takes the event and the listing back together.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(contacts(&h), before);
    assert_eq!(reviewers(&h), listed_before);

    // Confirmed once: the next key codes at once.
    h.key_press(Key::C);
    h.run_steps(3);
    assert!(h.state().reviewer_question().is_none());
    assert_eq!(contacts(&h).len(), before.len() + 1);
}

#[test]
fn cancelling_who_is_coding_drops_the_edit_and_says_so() {
    let (_dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    h.state_mut().ask_who_is_coding();
    let before = contacts(&h);
    h.key_press(Key::C);
    h.run_steps(3);
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert_eq!(contacts(&h), before);
    assert!(h.state().reviewer_question().is_none() && !h.state().reviewer_confirmed());
    let notice = h.state().desk().and_then(|d| d.notice()).map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("1 edit(s) dropped") && notice.contains("who is coding"), "{notice}");
    h.key_press(Key::C);
    h.run_steps(3);
    assert!(h.state().reviewer_question().is_some(), "the next edit asks again");
    // Edits the window's API is given wait with the key press.
    let meta = h.state().desk().expect("a case is open").case().meta.clone();
    assert!(!h.state_mut().edit_case(claimframe::case::Edit::SetMeta(meta)), "not applied before a name is given");
    h.state_mut().apply_desk(claimframe::desk::DeskCommand::Undo);
    assert_eq!(h.state().reviewer_question().map(|q| q.waiting.len()), Some(3));
}

#[test]
fn f1_and_questionmark_show_the_shortcut_sheet_and_esc_closes_it() {
    let (_dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    assert!(!h.state().shortcuts_open());
    h.key_press(Key::F1);
    h.run_steps(3);
    assert!(h.state().shortcuts_open());
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("go to a frame or time");
    h.get_by_label_contains("code Contact");
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(!h.state().shortcuts_open());
    h.key_press(Key::Questionmark);
    h.run_steps(3);
    assert!(h.state().shortcuts_open());
    h.key_press(Key::F1);
    h.run_steps(3);
    assert!(!h.state().shortcuts_open());
}

/// The picker is showing for `purpose`, and says why the system chooser is not used.
fn picker_shows(h: &Harness<'_, ClaimFrameApp>, purpose: PickFor) {
    let picker = h.state().file_picker();
    assert!(picker.open && picker.purpose == purpose, "{:?} picker expected", purpose);
    assert!(!picker.why.is_empty());
    h.get_by_label(&format!("{}; choose the file here.", picker.why));
}

#[test]
fn open_falls_back_to_the_window_picker_and_opens_the_file_clicked() {
    let (dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    h.get_by_label("Open…").click();
    h.run_steps(3);
    picker_shows(&h, PickFor::Open);
    // The listing starts in the footage's folder: up to the case's, where the case is listed, back in, and the
    // video clicked.
    h.get_by_label("Up").click();
    h.run_steps(2);
    h.get_by_label("review.case.ron");
    h.get_by_label("footage/").click();
    h.run_steps(2);
    // The menu bar names the file on screen too: the listing's line is the one that is not a plain label.
    h.get_all_by_label("bodycam_sample.mp4")
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("a listed file")
        .click();
    h.run_steps(2);
    h.get_by_label("Open").click();
    settle(&mut h);
    assert!(!h.state().file_picker().open);
    assert!(h.state().failure().is_none(), "{:?}", h.state().failure());
    assert!(h.state().desk().is_none(), "the bare video is open, not the case");
    let video = dir.path().join("footage").join("bodycam_sample.mp4");
    assert_eq!(h.state().player().map(|p| p.path().to_path_buf()), Some(video));
}

#[test]
fn new_case_falls_back_to_the_window_picker_and_creates_the_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let video = dir.path().join("clip.mp4");
    std::os::unix::fs::symlink(support::sample_footage(), &video).expect("link the sample footage");
    let mut h = app_harness(&video);
    settle(&mut h);
    assert!(h.state().desk().is_none());
    h.get_by_label("New case…").click();
    h.run_steps(3);
    picker_shows(&h, PickFor::NewCase);
    let expected = dir.path().join("clip.case.ron");
    assert_eq!(h.state().file_picker().path, expected.display().to_string(), "the name is offered");
    h.get_by_label("Create case").click();
    h.run_steps(2);
    // New case… hashes and indexes on its own thread.
    h.state_mut().wait_for_open();
    settle(&mut h);
    assert!(expected.is_file(), "the case was written");
    assert_eq!(h.state().desk().map(|d| d.path().to_path_buf()), Some(expected));
}

#[test]
fn export_choose_falls_back_to_the_window_picker() {
    let (dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    // The dialog reads the case on its own thread.
    h.state_mut().export_dialog_mut().wait_for_choices();
    h.run_steps(1);
    h.state_mut().export_dialog_mut().format = claimframe::exchange::ExportFormat::Csv;
    h.run_steps(1);
    h.get_by_label("Choose…").click();
    h.run_steps(3);
    picker_shows(&h, PickFor::ExportFile);
    let target = dir.path().join("chosen.csv");
    type_over(&mut h, "Path", &target.display().to_string());
    h.get_by_label("Choose").click();
    h.run_steps(3);
    assert!(!h.state().file_picker().open);
    assert_eq!(h.state_mut().export_dialog_mut().output, target.display().to_string());

    // A destination in a folder that does not exist is refused in words, and the picker stays.
    h.get_by_label("Choose…").click();
    h.run_steps(3);
    type_over(&mut h, "Path", &dir.path().join("no-such-folder/x.csv").display().to_string());
    h.get_by_label("Choose").click();
    h.run_steps(3);
    assert!(h.state().file_picker().open);
    h.get_by_label_contains("does not exist");
}

#[test]
fn a_case_reopens_at_the_frame_and_zoom_it_was_left_at() {
    let (_dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    go_to(&mut h, 500);
    for _ in 0..3 {
        h.get_by_label("Zoom in").click();
        h.run_steps(2);
    }
    let viewport = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().desk_windows().and_then(|w| w.timeline.viewport()).expect("the timeline was drawn")
    };
    let zoomed = viewport(&h);
    let prefs: Prefs = h.state_mut().prefs_to_save();
    let left = prefs.position_of(&case_path).cloned().expect("the case's place is kept");
    assert_eq!(left.frame, 500);
    drop(h); // the case's lock goes with the first window

    let mut h = harness_of(ClaimFrameApp::headless_with_prefs(&case_path, prefs));
    settle(&mut h);
    h.run_steps(3);
    settle(&mut h);
    assert_eq!(shown(&h), 500, "the case opens where it was left");
    let restored = viewport(&h);
    assert_eq!(restored.px_per_frame, zoomed.px_per_frame, "the same zoom");
    assert!((restored.first_frame - zoomed.first_frame).abs() < 1e-6, "{restored:?} vs {zoomed:?}");
}

#[test]
fn a_case_left_on_its_second_camera_reopens_on_that_camera_at_its_frame() {
    let (_dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    let first = h.state().desk().map(|d| d.media_id().clone()).expect("the sample case opens on a camera");
    h.key_press_modifiers(Modifiers::ALT, Key::Num2);
    settle(&mut h);
    settle(&mut h);
    let second = h.state().desk().map(|d| d.media_id().clone()).expect("a camera is focused");
    assert_ne!(second, first, "Alt+2 focused the sample case's second camera");
    go_to(&mut h, 120);
    let prefs: Prefs = h.state_mut().prefs_to_save();
    let left = prefs.position_of(&case_path).cloned().expect("the case's place is kept");
    assert_eq!((left.media_id.as_ref(), left.frame), (Some(&second), 120));
    drop(h);

    let mut h = harness_of(ClaimFrameApp::headless_with_prefs(&case_path, prefs));
    settle(&mut h);
    h.run_steps(3);
    settle(&mut h);
    settle(&mut h);
    assert_eq!(h.state().desk().map(|d| d.media_id().clone()), Some(second), "the case reopens on that camera");
    assert_eq!(shown(&h), 120, "at its frame, not the first camera's");
}
