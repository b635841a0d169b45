//! Coding a case with the keyboard, as a reviewer does, on the real app without a display: hotkeys while paused
//! and while playing, intervals opened and closed by their key, in/out marks, the prompt after a new event, the
//! taxonomy editor's refusals, undo/redo/save and the recovery prompt. Every test asserts on the case itself.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::event_query::{query, EventFilter, EventSort};
use claimframe::case::{journal_path, load_case, read_journal, Edit, Event, EventTypeId, Stance};
use claimframe::desk::frame_point;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness as harness, go_to, settle, shown, until_saved};
use support::case::scratch_case;

/// Replaces the text of the `nth` text field showing `old` by `new`, as typing would.
fn retype(h: &mut Harness<'_, ClaimFrameApp>, old: &str, nth: usize, new: &str) {
    let fields = h.get_all_by_role(egui::accesskit::Role::TextInput);
    fields
        .filter(|n| n.value().as_deref() == Some(old))
        .nth(nth)
        .unwrap_or_else(|| panic!("a field showing {old:?}"))
        .focus();
    h.run_steps(1);
    for _ in old.chars() {
        h.key_press(Key::Backspace);
    }
    h.event(egui::Event::Text(new.into()));
    h.run_steps(2);
}

/// Events of a type in the open case, in start order.
fn events_of(h: &Harness<'_, ClaimFrameApp>, type_id: &str) -> Vec<Event> {
    let desk = h.state().desk().expect("a case is open");
    let mut events: Vec<Event> =
        desk.case().events.values().filter(|e| e.type_id == EventTypeId::new(type_id)).cloned().collect();
    events.sort_by_key(|e| e.start.frame);
    events
}

fn new_events(h: &Harness<'_, ClaimFrameApp>, type_id: &str, before: &[Event]) -> Vec<Event> {
    events_of(h, type_id).into_iter().filter(|e| !before.iter().any(|b| b.id == e.id)).collect()
}

#[test]
fn point_and_interval_keys_while_paused_and_playing() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    let contacts = events_of(&h, "contact");
    let brakes = events_of(&h, "brake-check");

    // Paused: C is a point type.
    go_to(&mut h, 10);
    h.key_press(Key::C);
    h.run_steps(2);
    let added = new_events(&h, "contact", &contacts);
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].start.frame, 10);
    assert_eq!(added[0].end, None);
    assert_eq!(
        added[0].start.pts_ticks,
        h.state().player().and_then(|p| p.timeline()).and_then(|t| t.pts_of(10)).expect("pts")
    );
    assert_eq!(h.state().desk().and_then(|d| d.prompt()), Some(&added[0].id), "the prompt offers the new event");
    h.get_by_label_contains("Contact · frame 10");
    h.key_press(Key::Escape);
    h.run_steps(1);
    assert_eq!(h.state().desk().and_then(|d| d.prompt()), None);

    // Paused: B opens a brake-check, which shows as running; B again at a later frame closes it.
    go_to(&mut h, 40);
    h.key_press(Key::B);
    h.run_steps(2);
    assert_eq!(h.state().desk().map(|d| d.open_intervals().len()), Some(1));
    h.get_by_label_contains("running since frame 40");
    assert!(new_events(&h, "brake-check", &brakes).is_empty(), "nothing is created until it closes");

    // Playing: close the interval and code a point, each at the frame on screen when the key went down.
    h.key_press(Key::Space);
    let until = Instant::now() + Duration::from_millis(700);
    while Instant::now() < until {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
    let at_b = shown(&h);
    assert!(at_b > 40, "playing moved on (frame {at_b})");
    h.key_press(Key::B);
    h.step();
    let brake = new_events(&h, "brake-check", &brakes);
    assert_eq!(brake.len(), 1);
    assert_eq!((brake[0].start.frame, brake[0].end.map(|e| e.frame)), (40, Some(at_b as u64)));
    assert!(h.state().desk().is_some_and(|d| d.open_intervals().is_empty()));
    h.run_steps(3);
    let at_c = shown(&h);
    let before = events_of(&h, "contact");
    h.key_press(Key::C);
    h.step();
    let added = new_events(&h, "contact", &before);
    assert_eq!(added.iter().map(|e| e.start.frame).collect::<Vec<_>>(), vec![at_c as u64]);
    assert!(h.state().player().is_some_and(|p| p.state().is_playing()), "coding does not stop playback");
}

#[test]
fn in_out_marks_code_a_range_then_undo_redo_save() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    let before = events_of(&h, "boxing-in");
    go_to(&mut h, 130);
    h.key_press(Key::O);
    h.step();
    go_to(&mut h, 100);
    h.key_press(Key::I);
    h.run_steps(1);
    h.get_by_label_contains("In 100 · Out 130");
    h.key_press(Key::X);
    h.run_steps(1);
    let added = new_events(&h, "boxing-in", &before);
    assert_eq!(
        added.iter().map(|e| (e.start.frame, e.end.map(|p| p.frame))).collect::<Vec<_>>(),
        vec![(100, Some(130))]
    );
    assert_eq!(h.state().desk().map(|d| d.marks()), Some((None, None)), "the marks are used up");
    assert!(h.state().title().starts_with("● "), "unsaved edits show in the title: {}", h.state().title());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert!(new_events(&h, "boxing-in", &before).is_empty(), "undo removed it");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(1);
    assert_eq!(new_events(&h, "boxing-in", &before).len(), 1, "redo brought it back");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(1);
    assert_eq!(new_events(&h, "boxing-in", &before).len(), 1, "Ctrl+Y redoes too");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    until_saved(&mut h);
    assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(0));
    assert!(!h.state().title().starts_with('●'), "{}", h.state().title());
    let saved = load_case(&case_path).expect("saved case loads");
    let on_disk: Vec<_> = saved
        .events
        .values()
        .filter(|e| e.type_id == EventTypeId::new("boxing-in"))
        .filter(|e| e.start.frame == 100)
        .collect();
    assert_eq!(on_disk.len(), 1);
    assert_eq!(on_disk[0].end.map(|p| p.frame), Some(130));
}

#[test]
fn prompt_sets_modifiers_links_a_claim_and_takes_a_note() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    let before = events_of(&h, "ramming");
    go_to(&mut h, 200);
    h.key_press(Key::R);
    h.run_steps(2);
    let id = new_events(&h, "ramming", &before).first().map(|e| e.id.clone()).expect("coded");
    h.get_by_label("civilian vehicle").click();
    h.run_steps(2);
    h.get_by_label("probable").click();
    h.run_steps(2);
    let event = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().desk().and_then(|d| d.case().events.get(&id).cloned()).expect("event")
    };
    assert_eq!(event(&h).modifiers.get("actor").map(String::as_str), Some("civilian vehicle"));
    assert_eq!(event(&h).modifiers.get("certainty").map(String::as_str), Some("probable"));

    h.get_by_label_contains("Not linked to any claim.");
    // The longest claim title: choosing it does not move the stance button aimed at.
    let claim = h
        .state()
        .desk()
        .and_then(|d| d.case().claims.values().max_by_key(|c| c.title.chars().count()).cloned())
        .expect("a claim");
    let aimed = h.get_by_label("contradicts").rect();
    h.get_by_value("choose…").click();
    h.run_steps(2);
    let in_menu =
        h.state().desk().map(|d| claimframe::ui::panels::events_filter_ui::claim_menu_text(d.case(), &claim.id));
    let in_menu = in_menu.expect("a desk");
    h.get_by_label(&in_menu).click();
    h.run_steps(2);
    h.get_by_label_contains(&format!("{} chosen, not linked yet", claim.id));
    assert_eq!(h.get_by_label("contradicts").rect(), aimed, "the stance buttons stay where they were");
    h.get_by_label("Why:").focus();
    h.run_steps(1);
    h.get_by_label("Why:").type_text("the car swerves first");
    h.run_steps(1);
    h.get_by_label("contradicts").click();
    h.run_steps(2);
    let links = event(&h).links;
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].claim_id.clone(), links[0].stance), (claim.id.clone(), Stance::Contradicts));
    assert_eq!(links[0].rationale, "the car swerves first");
    h.get_by_label_contains("Linked to 1 claim(s)");
    assert_eq!(h.get_by_label("contradicts").rect(), aimed, "a link made does not move them either");

    h.get_by_label("Note:").focus();
    h.run_steps(1);
    h.get_by_label("Note:").type_text("driver swerves into the agency car");
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    assert_eq!(event(&h).note, "driver swerves into the agency car");
    // The note field had the keyboard; once it is left, hotkeys code again.
    let count = events_of(&h, "ramming").len();
    h.key_press(Key::R);
    h.run_steps(2);
    assert_eq!(events_of(&h, "ramming").len(), count + 1);

    // The next event's prompt starts with no claim chosen; the last claim is a button, and Ctrl+3 links it.
    let next = new_events(&h, "ramming", &before).into_iter().find(|e| e.id != id).expect("the second event");
    h.get_by_value("choose…");
    h.get_by_label_contains("Not linked to any claim.");
    h.get_by_label(&format!("{} again", claim.id)).click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run_steps(2);
    let links = h.state().desk().and_then(|d| d.case().events.get(&next.id).cloned()).expect("event").links;
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].claim_id.clone(), links[0].stance), (claim.id.clone(), Stance::Context));
}

#[test]
fn taxonomy_editor_refuses_clashes_and_new_hotkeys_code() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    h.get_by_label("Event types…").click();
    h.run_steps(6);
    // The contact type's hotkey field is the third text field of its block; find it by its current value.
    let contact_hotkey = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().desk().and_then(|d| d.case().taxonomy.get(&"contact".into()).map(|t| t.hotkey.clone()))
    };
    retype(&mut h, "C", 0, "B");
    h.get_by_label_contains("B is already the hotkey of Brake-check");
    // The brake-check's own field comes first.
    retype(&mut h, "B", 1, "J");
    h.get_by_label_contains("J is a player key");
    assert_eq!(contact_hotkey(&h).as_deref(), Some("C"), "nothing applied while refused");
    retype(&mut h, "J", 0, "Q");
    // The Apply button of the contact block: the first one below its hotkey field.
    let apply_below = |h: &Harness<'_, ClaimFrameApp>| {
        let field_y = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .find(|n| n.value().as_deref() == Some("Q"))
            .expect("the Q field")
            .rect()
            .top();
        h.get_all_by_label("Apply")
            .filter(|n| n.rect().top() > field_y)
            .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
            .map(|n| n.rect())
    };
    let below = apply_below(&h).expect("an Apply below");
    let apply = h.get_all_by_label("Apply").find(|n| n.rect() == below).expect("it");
    assert!(!apply.accesskit_node().is_disabled());
    apply.scroll_to_me();
    h.run_steps(3);
    let rect = apply_below(&h).expect("the Apply button");
    h.get_all_by_label("Apply").find(|n| n.rect() == rect).expect("it").click();
    h.run_steps(2);
    assert_eq!(contact_hotkey(&h).as_deref(), Some("Q"));
    // Close the editor, then Q codes a contact.
    h.get_by_label("Close").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(!h.state().desk_windows().expect("a file is open").taxonomy.open);
    let before = events_of(&h, "contact");
    h.key_press(Key::Q);
    h.run_steps(1);
    assert_eq!(new_events(&h, "contact", &before).len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(contact_hotkey(&h).as_deref(), Some("C"), "the hotkey change is undoable too");
}

#[test]
fn unsaved_edits_are_offered_back_on_open() {
    let (_dir, case_path) = scratch_case();
    {
        let mut h = harness(&case_path);
        settle(&mut h);
        go_to(&mut h, 77);
        h.key_press(Key::V);
        h.run_steps(1);
        assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(1));
        // The window goes away without saving (as after a crash: the journal holds the edit).
    }
    let mut h = harness(&case_path);
    settle(&mut h);
    h.get_by_label_contains("Unsaved work found");
    assert!(!events_of(&h, "verbal-command").iter().any(|e| e.start.frame == 77));
    // Keys do nothing while the question is open.
    h.key_press(Key::V);
    h.run_steps(1);
    h.get_by_label("Restore 1 edit(s)").click();
    h.run_steps(2);
    let restored: Vec<u64> =
        events_of(&h, "verbal-command").iter().map(|e| e.start.frame).filter(|f| *f == 77).collect();
    assert_eq!(restored, vec![77]);
    assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(1));
}

#[test]
fn table_filter_link_inspector_note_and_undo_redo_change_the_case() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    h.get_by_label("10 of 10 events");
    h.get_by_label("Search events").focus();
    h.run_steps(1);
    h.get_by_label("Search events").type_text("brake-check");
    h.run_steps(3);
    // The three brake-checks, and the two events whose notes mention one.
    let rows: Vec<&str> =
        h.state().desk_windows().expect("a file is open").table.rows().iter().map(|id| id.as_str()).collect();
    assert_eq!(rows, ["e2", "e4", "e6", "e8", "e9"]);
    h.get_by_label("5 of 10 events");

    h.get_by_label("e2").click();
    h.run_steps(2);
    h.get_by_label("e6").click_modifiers(Modifiers::COMMAND);
    h.run_steps(2);
    let selected: Vec<String> =
        h.state().desk().map(|d| d.selection().events.iter().map(|e| e.to_string()).collect()).unwrap_or_default();
    assert_eq!(selected, ["e2", "e6"]);
    h.get_by_label("Claim to link to").click();
    h.run_steps(2);
    h.get_by_label_contains("c1 —").click();
    h.run_steps(2);
    h.get_by_label("Stance of the links").click();
    h.run_steps(2);
    h.get_by_label("√ supports").click();
    h.run_steps(2);
    h.get_by_label("Link").click();
    h.run_steps(3);
    let stance_to_c1 = |h: &Harness<'_, ClaimFrameApp>, id: &str| {
        h.state().desk().and_then(|d| {
            d.case()
                .events
                .get(&id.into())
                .and_then(|e| e.links.iter().find(|l| l.claim_id.as_str() == "c1").map(|l| l.stance))
        })
    };
    assert_eq!((stance_to_c1(&h, "e2"), stance_to_c1(&h, "e6")), (Some(Stance::Supports), Some(Stance::Supports)));
    h.get_by_label_contains("2 √ supports");

    // The inspector edits the primary selection (the last one clicked).
    let note_field = |h: &Harness<'_, ClaimFrameApp>| {
        h.get_all_by_label("Note")
            .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Button)
            .map(|n| n.rect())
            .expect("the inspector's note field")
    };
    let rect = note_field(&h);
    h.get_all_by_label("Note").find(|n| n.rect() == rect).expect("note").focus();
    h.run_steps(1);
    h.event(egui::Event::Text(" Brake lights at frame 960.".into()));
    h.run_steps(1);
    // Tab commits the note and moves on to the next field; Esc leaves the text fields, so Ctrl+Z is the case's again.
    h.key_press(Key::Tab);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let note = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().desk().and_then(|d| d.case().events.get(&"e6".into()).map(|e| e.note.clone())).unwrap_or_default()
    };
    assert!(note(&h).ends_with(" Brake lights at frame 960."), "{}", note(&h));

    // Undo the note, then the links; redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(!note(&h).contains("Brake lights at frame 960."));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!((stance_to_c1(&h, "e2"), stance_to_c1(&h, "e6")), (None, None));
    let c1_supports = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().desk_windows().expect("a file is open").board.tally().get(&"c1".into()).map(|t| t.supports)
    };
    assert_eq!(c1_supports(&h), Some(0), "the board's tally follows the undo");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert_eq!(stance_to_c1(&h, "e6"), Some(Stance::Supports));
    assert!(note(&h).ends_with(" Brake lights at frame 960."));
    assert_eq!(c1_supports(&h), Some(2));
    h.get_by_label_contains("2 √ supports");
}

#[test]
fn a_bare_video_becomes_a_new_case_and_is_coded() {
    let (dir, _) = scratch_case();
    let video = dir.path().join("footage/bodycam_sample.mp4");
    let mut h = harness(&video);
    settle(&mut h);
    assert!(h.state().desk().is_none(), "a bare video opens in the player alone");
    h.get_by_label("New case…");
    let case_path = dir.path().join("fresh");
    h.state_mut().create_case_for_video(&case_path);
    assert!(h.state().opening().is_some(), "the video is hashed and indexed on its own thread");
    h.state_mut().wait_for_open();
    settle(&mut h);
    let written = dir.path().join("fresh.case.ron");
    let desk = h.state().desk().expect("the new case is open for coding");
    assert_eq!(desk.path(), written.as_path());
    let media: Vec<_> = desk.case().media.values().collect();
    assert_eq!(media.len(), 1);
    let sample =
        load_case(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sample.case.ron")).expect("sample");
    let sample_sha = sample.media.values().next().map(|m| m.sha256.clone());
    assert_eq!(Some(media[0].sha256.clone()), sample_sha, "the video's SHA-256 is recorded");
    assert_eq!(media[0].probe.frame_count, 1800);
    go_to(&mut h, 25);
    h.key_press(Key::C);
    h.run_steps(2);
    assert_eq!(events_of(&h, "contact").iter().map(|e| e.start.frame).collect::<Vec<_>>(), vec![25]);

    // A second case at the same place is refused in words; the first is untouched.
    h.state_mut().create_case_for_video(&written);
    h.state_mut().wait_for_open();
    h.run_steps(2);
    assert!(h.state().failure().is_some_and(|f| f.contains("No case was created")), "{:?}", h.state().failure());
    assert!(load_case(&written).is_ok_and(|c| c.media.len() == 1));
}

/// Whether the window sent egui `command` in the last frame.
fn sent(h: &Harness<'_, ClaimFrameApp>, command: &egui::ViewportCommand) -> bool {
    h.output().viewport_output.get(&egui::ViewportId::ROOT).is_some_and(|v| v.commands.contains(command))
}

/// Whether the window asked egui to cancel its close in the last frame.
fn cancelled_close(h: &Harness<'_, ClaimFrameApp>) -> bool {
    sent(h, &egui::ViewportCommand::CancelClose)
}

/// The window's close button, pressed in the next frame.
fn press_close(h: &mut Harness<'_, ClaimFrameApp>) {
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
}

/// Steps until the window closes itself (it does once the save being written is in), at most a minute.
fn until_closed(h: &mut Harness<'_, ClaimFrameApp>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !sent(h, &egui::ViewportCommand::Close) {
        assert!(std::time::Instant::now() < deadline, "the window did not close after the save");
        std::thread::sleep(std::time::Duration::from_millis(2));
        h.step();
    }
}

#[test]
fn closing_with_unsaved_edits_asks_and_saves() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    go_to(&mut h, 300);
    h.key_press(Key::C);
    h.run_steps(2);
    assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(1));
    let close = |h: &mut Harness<'_, ClaimFrameApp>| {
        press_close(h);
        h.step();
    };
    close(&mut h);
    assert!(cancelled_close(&h), "the close is held back while edits are unsaved");
    h.run_steps(2);
    h.get_by_label("Save the case before closing?");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.query_by_label("Save the case before closing?").is_none());

    close(&mut h);
    h.run_steps(2);
    h.get_by_label("Save and close").click();
    h.run_steps(1);
    // The save is written on its own thread; once it is in, the window closes by itself.
    until_closed(&mut h);
    assert_eq!(h.state().desk().map(|d| d.unsaved_edits()), Some(0));
    let saved = load_case(&case_path).expect("saved");
    assert!(saved.events.values().any(|e| e.type_id == EventTypeId::new("contact") && e.start.frame == 300));
    // Once answered, the close goes through.
    close(&mut h);
    assert!(!cancelled_close(&h));
}

/// Puts these key presses into the next frame's input together (the harness's own key presses are a frame each).
fn press_in_one_frame(h: &mut Harness<'_, ClaimFrameApp>, keys: &[(Modifiers, Key)]) {
    for &(modifiers, key) in keys {
        for pressed in [true, false] {
            h.input_mut().events.push(egui::Event::Key { key, physical_key: None, pressed, repeat: false, modifiers });
        }
    }
}

#[test]
fn closing_while_a_save_is_written_waits_for_it_and_then_closes() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    go_to(&mut h, 310);
    h.key_press(Key::C);
    h.run_steps(2);
    // Ctrl+S and, at once, the window's close button: the close waits for the save, asks nothing (every edit
    // is in the file then), and goes through.
    press_in_one_frame(&mut h, &[(Modifiers::COMMAND, Key::S)]);
    press_close(&mut h);
    h.step();
    assert!(cancelled_close(&h), "the close waits while the file is written");
    until_closed(&mut h);
    assert!(h.query_by_label("Save the case before closing?").is_none(), "nothing was left to ask about");
    let saved = load_case(&case_path).expect("saved");
    assert!(saved.events.values().any(|e| e.type_id == EventTypeId::new("contact") && e.start.frame == 310));
}

#[test]
fn coding_goes_on_while_a_save_is_written() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    go_to(&mut h, 320);
    h.key_press(Key::C);
    h.run_steps(2);
    go_to(&mut h, 330);
    // Ctrl+S, then C in the same frame: the event is coded while the file is being written.
    press_in_one_frame(&mut h, &[(Modifiers::COMMAND, Key::S), (Modifiers::NONE, Key::C)]);
    h.step();
    until_saved(&mut h);
    let desk = h.state().desk().expect("a desk");
    let coded_at = |case: &claimframe::case::Case, frame: u64| {
        case.events.values().any(|e| e.type_id == EventTypeId::new("contact") && e.start.frame == frame)
    };
    assert!(coded_at(desk.case(), 320) && coded_at(desk.case(), 330), "both events are in the case");
    let saved = load_case(&case_path).expect("saved");
    assert!(coded_at(&saved, 320), "the event coded before Ctrl+S is in the file");
    assert!(!coded_at(&saved, 330), "the file is the case as it was at Ctrl+S");
    assert_eq!(desk.unsaved_edits(), 1, "the event coded meanwhile is counted unsaved");
    let notice = desk.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("1 edit(s) made while it was written"), "and the notice says so: {notice}");
    let journal = read_journal(&journal_path(&case_path)).expect("journal");
    assert_eq!(journal.records.len(), 1, "and is in the journal");
}

#[test]
fn several_edits_between_two_frames_keep_the_table_in_order() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    let media = h.state().desk().map(|d| d.media_id().clone()).expect("a case is open");
    let timeline = h.state().player().and_then(|p| p.timeline().cloned()).expect("timeline");
    // e5 moves to the end, then to the start, before the table is drawn again.
    for start in [1_700usize, 5] {
        let mut event = h.state().desk().and_then(|d| d.case().events.get(&"e5".into()).cloned()).expect("e5");
        event.start = frame_point(&timeline, start);
        event.end = Some(frame_point(&timeline, start + 10));
        assert!(h.state_mut().edit_case(Edit::UpdateEvent(Box::new(event))));
    }
    h.run_steps(2);
    let case = h.state().desk().map(|d| d.case().clone()).expect("case");
    let fresh = query(&case, Some(&media), &EventFilter::default(), EventSort::default());
    assert_eq!(h.state().desk_windows().expect("a file is open").table.rows(), fresh.as_slice());
    assert_eq!(fresh.first().map(|id| id.as_str()), Some("e1"));
    assert_eq!(fresh.get(1).map(|id| id.as_str()), Some("e5"), "e5 now starts at frame 5");
}

#[test]
fn a_file_that_does_not_match_the_case_is_marked_and_so_are_the_events_coded_on_it() {
    let (dir, case_path) = scratch_case();
    // The footage is copied, not linked, and one byte is added: it still plays, but it is not the evidence.
    let footage = dir.path().join("footage");
    std::fs::remove_file(&footage).expect("unlink the linked footage");
    std::fs::create_dir(&footage).expect("footage folder");
    let original = support::repo().join("sample_projects/footage/bodycam_sample.mp4");
    let mut bytes = std::fs::read(original).expect("sample footage");
    bytes.push(0);
    std::fs::write(footage.join("bodycam_sample.mp4"), bytes).expect("write the altered copy");

    let mut h = harness(&case_path);
    settle(&mut h);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().player().is_some_and(|p| p.background().sha256.is_none()) && Instant::now() < deadline {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("this file does NOT match the case").is_some(),
        "the window says the file is not the one the case records"
    );
    let contacts = events_of(&h, "contact");
    go_to(&mut h, 12);
    h.key_press(Key::C);
    h.run_steps(2);
    let added = new_events(&h, "contact", &contacts);
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].media_at_coding, claimframe::case::MediaAtCoding::Mismatch);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let marked = format!("! {}", added[0].id);
    assert!(h.query_by_label(&marked).is_some(), "the events table marks {marked}");
}

#[test]
fn every_widget_of_the_desk_has_an_accessible_name() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    h.run_steps(3);
    // With nothing selected, then with an event in the inspector and its prompt open.
    h.check_accessibility();
    let contacts = events_of(&h, "contact");
    go_to(&mut h, 14);
    h.key_press(Key::C);
    h.run_steps(3);
    assert_eq!(new_events(&h, "contact", &contacts).len(), 1);
    h.check_accessibility();
}

#[test]
fn the_events_table_works_from_the_keyboard_and_typing_there_searches_instead_of_coding() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    h.get_by_label_contains("keys: video");
    let rows: Vec<String> =
        h.state().desk_windows().expect("open").table.rows().iter().map(|r| r.to_string()).collect();
    let primary = |h: &Harness<'_, ClaimFrameApp>| h.state().desk().and_then(|d| d.selection().primary.clone());
    let selected = |h: &Harness<'_, ClaimFrameApp>| h.state().desk().map(|d| d.selection().events.len()).unwrap_or(0);
    // ↓ with nothing selected takes the first row; ↓ ↓ moves on; the inspector follows the selection.
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(primary(&h).map(|p| p.to_string()).as_deref(), Some(rows[0].as_str()));
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(primary(&h).map(|p| p.to_string()).as_deref(), Some(rows[2].as_str()));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_steps(2);
    assert_eq!((selected(&h), primary(&h).map(|p| p.to_string())), (2, Some(rows[3].clone())), "Shift extends");
    h.key_press(Key::ArrowUp);
    h.run_steps(2);
    assert_eq!((selected(&h), primary(&h).map(|p| p.to_string())), (1, Some(rows[2].clone())));
    // Enter puts the playhead on it.
    let start = h.state().desk().and_then(|d| d.case().events.get(&primary(&h)?).map(|e| e.start.frame)).unwrap();
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().player().and_then(|p| p.shown_frame()), Some(start as usize));
    // Delete removes it, Ctrl+Z brings it back.
    let count = h.state().desk().map(|d| d.case().events.len()).unwrap();
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), Some(count - 1));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), Some(count));

    // After a click on a row the table has the keys: typing searches it, and no hotkey codes.
    h.get_by_label("e2").click();
    h.run_steps(2);
    h.get_by_label_contains("keys: events table");
    h.key_press(Key::R);
    h.event(egui::Event::Text("r".into()));
    h.run_steps(2);
    h.get_by_label("Search events").type_text("amming");
    h.run_steps(3);
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), Some(count), "R did not code a ramming");
    assert_eq!(h.state().desk_windows().expect("open").table.filter.text, "ramming");
    h.get_by_label_contains("keys: text field");
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.get_by_label_contains("keys: video");
    h.key_press(Key::R);
    h.run_steps(2);
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), Some(count + 1), "the keys are the video's again");
}
