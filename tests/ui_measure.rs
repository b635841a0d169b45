//! The measure tool and the Timing view on the real app without a display: Ctrl+M marks frames on a scratch copy of
//! the sample case, a distance is typed, Save adds one measurement (exact frames, each frame's interval from the
//! player's frames) that Ctrl+Z takes back; incomplete input is refused in words; the inspector and the timeline show
//! a measurement and a click on the timeline picks it. On a generated file with a half-second gap, the Timing view
//! (Ctrl+T) marks the gap and a click on the mark shows that frame; on one that shows each picture three times, the
//! duplicate frames are found when asked for.

mod support;

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::Measurement;
use claimframe::export::{measurement_lines, measurement_row};
use claimframe::player::PlayerCommand;
use claimframe::ui::windows::timing_state::MarkKind;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness as harness, go_to, settle, shown};
use support::case::scratch_case;

/// Goes to each frame and presses Ctrl+M there.
fn mark(h: &mut Harness<'_, ClaimFrameApp>, frames: &[usize]) {
    for &frame in frames {
        go_to(h, frame);
        h.key_press_modifiers(Modifiers::COMMAND, Key::M);
        h.run_steps(2);
    }
}

/// Types `text` into the `nth` text field labelled `label`, then leaves the field (Esc).
fn type_into(h: &mut Harness<'_, ClaimFrameApp>, label: &str, nth: usize, text: &str) {
    h.get_all_by_label(label)
        .filter(|n| n.accesskit_node().role() == Role::TextInput)
        .nth(nth)
        .unwrap_or_else(|| panic!("text field {nth} labelled {label:?}"))
        .focus();
    h.run_steps(1);
    h.event(Event::Text(text.into()));
    h.run_steps(1);
    h.key_press(Key::Escape);
    h.run_steps(2);
}

/// The sample's own measurement of brake-check 2.
const SAMPLE_MEASUREMENT: &str = "ms1";

/// The measurements made in the test (the sample's own left out).
fn measurements(h: &Harness<'_, ClaimFrameApp>) -> Vec<Measurement> {
    let made = |m: &&Measurement| m.id.as_str() != SAMPLE_MEASUREMENT;
    h.state().desk().map(|d| d.case().measurements.values().filter(made).cloned().collect()).unwrap_or_default()
}

fn click(h: &mut Harness<'_, ClaimFrameApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: true, modifiers: Modifiers::NONE });
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: false, modifiers: Modifiers::NONE });
    h.run_steps(2);
}

#[test]
fn ctrl_m_marks_frames_and_save_adds_one_measurement_that_ctrl_z_takes_back() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    assert!(measurements(&h).is_empty(), "the sample case starts with only its own measurement");

    mark(&mut h, &[270]);
    h.get_by_label_contains("1 marked frame(s)");
    h.get_by_label_contains("Not ready to save: mark at least two frames");
    mark(&mut h, &[300]);
    h.get_by_label_contains("2 marked frame(s)");
    type_into(&mut h, "Distance (m)", 0, "12.5");
    type_into(&mut h, "± (m)", 0, "0.5");
    type_into(&mut h, "Source of the distance", 0, "lane markings 3.0 m apart");
    h.get_by_label_contains("distance 12.5 ± 0.5 m; speed 12.50 ±");
    h.get_by_label("Save measurement").click();
    h.run_steps(3);

    let saved = measurements(&h);
    assert_eq!(saved.len(), 1, "one measurement");
    let m = &saved[0];
    let timeline = h.state().player().and_then(|p| p.timeline()).expect("indexed").clone();
    let marks = &m.media[0].marks;
    assert_eq!(marks.iter().map(|k| k.at.frame).collect::<Vec<_>>(), [270, 300]);
    for mark in marks {
        let f = mark.at.frame as usize;
        assert_eq!(mark.at.pts_ticks, timeline.pts_of(f).expect("pts"));
        let next = timeline.pts_of(f + 1).expect("pts") - timeline.pts_of(f).expect("pts");
        assert_eq!(mark.frame_interval_ticks, next, "frame {f}'s own interval, from the player's frames");
    }
    assert_eq!((m.distances[0].distance_m, m.distances[0].distance_unc_m), (12.5, 0.5));
    assert_eq!(m.distances[0].source, "lane markings 3.0 m apart");
    assert_eq!(m.reviewer, h.state().prefs().reviewer);
    let audit = h.state().desk().and_then(|d| d.case().audit.entries().last().cloned()).expect("an audit entry");
    // The window's reviewer is not on the sample's reviewer list: the same entry lists them (one undo for both).
    let recorded = audit.change.map(|c| c.after);
    let added = match &recorded {
        Some(claimframe::case::Edit::Batch(parts)) => parts.first(),
        other => other.as_ref(),
    };
    assert!(matches!(added, Some(claimframe::case::Edit::AddMeasurement(_))), "{recorded:?}");

    // The new measurement is picked: the inspector shows its numbers, as the exports print them.
    let desk = h.state().desk().expect("a case");
    assert_eq!(desk.selection().measurement.as_ref(), Some(&m.id));
    let lines = measurement_lines(&measurement_row(desk.case(), m));
    assert!(lines[0].contains("speed 12.50 ± 0.58 m/s"), "{}", lines[0]);
    h.get_by_label(&lines[0]);
    h.get_by_label("Remove measurement");

    // On the timeline: the measurement's line between its marks; a click on it picks it again.
    let at = {
        let timeline_state = &h.state().desk_windows().expect("a file").timeline;
        assert_eq!(timeline_state.measure_spans().len(), 2, "the sample's and the new one");
        let x = timeline_state.frame_x(285.5).expect("drawn");
        Pos2::new(x, timeline_state.measure_row_y(0).expect("the measurements row"))
    };
    h.state_mut().apply_player_command(PlayerCommand::GoToFrame(0));
    settle(&mut h);
    let select_none = claimframe::desk::DeskCommand::SelectMeasurement(None);
    h.state_mut().apply_desk(select_none);
    assert_eq!(h.state().desk().and_then(|d| d.selection().measurement.clone()), None);
    click(&mut h, at);
    settle(&mut h);
    assert_eq!(h.state().desk().and_then(|d| d.selection().measurement.clone()), Some(m.id.clone()));
    assert_eq!(shown(&h), 270, "a click on a measurement shows its first mark");

    // Ctrl+Z takes it back, as every edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(measurements(&h).is_empty());
    assert_eq!(h.state().desk().and_then(|d| d.selection().measurement.clone()), None);
}

#[test]
fn a_distance_missing_for_one_interval_is_refused_in_words() {
    let (_dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    mark(&mut h, &[270, 300, 330]);
    h.get_by_label_contains("3 marked frame(s)");
    type_into(&mut h, "Distance (m)", 0, "12.5");
    type_into(&mut h, "Source of the distance", 0, "lane markings");
    let words = "1 distance(s) given for 2 intervals: interval 2 (frames 300–330) has none";
    h.get_by_label_contains(&format!("Not ready to save: {words}"));
    h.get_by_label("Save measurement").click();
    h.run_steps(3);
    h.get_by_label_contains(&format!("Not measured: {words}"));
    assert!(measurements(&h).is_empty(), "nothing was added");
    assert_eq!(h.state().desk().map(|d| d.measure_draft().marks().len()), Some(3), "the marks are kept");

    let nan = "NaN";
    type_into(&mut h, "Distance (m)", 1, nan);
    type_into(&mut h, "Source of the distance", 1, "lane markings");
    h.get_by_label_contains("distance 2: NaN m is not usable");
}

/// The app on the generated fixture `name`, its Timing view opened with Ctrl+T.
fn timing_view_of(name: &str) -> Harness<'static, ClaimFrameApp> {
    let mut h = harness(&support::media::fixture(name));
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.run_steps(3);
    h
}

#[test]
fn the_timing_view_marks_a_gap_and_a_click_on_it_shows_that_frame() {
    let mut h = timing_view_of("gap.mp4");
    let gaps: Vec<usize> = h
        .state()
        .timing_view()
        .and_then(|t| t.report())
        .map(|r| r.gaps.iter().map(|g| g.frame).collect())
        .expect("the report");
    assert_eq!(gaps, [45]);
    h.get_by_label_contains("Gap before frame 45: 533.333 ms");
    h.get_by_label_contains("variable frame rate: yes");

    let at = h.state().timing_view().and_then(|t| t.mark_screen_pos(MarkKind::Gap, 45)).expect("the gap is drawn");
    click(&mut h, at);
    settle(&mut h);
    assert_eq!(shown(&h), 45, "a click on the gap's mark shows the frame after the gap");

    go_to(&mut h, 0);
    h.get_by_label_contains("Gap before frame 45").click();
    h.run_steps(1);
    settle(&mut h);
    assert_eq!(shown(&h), 45, "so does the gap in the list");
}

#[test]
fn duplicate_frames_are_found_when_asked_and_marked() {
    let mut h = timing_view_of("duplicates.mp4");
    h.get_by_label_contains("Duplicate frames: not looked for yet.");
    assert!(h.state().timing_view().and_then(|t| t.report()).is_some_and(|r| r.duplicates.is_empty()));
    h.get_by_label("Find duplicate frames").click();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let runs = |h: &Harness<'_, ClaimFrameApp>| {
        h.state().timing_view().and_then(|t| t.report()).map_or(0, |r| r.duplicates.len())
    };
    while runs(&h) == 0 && std::time::Instant::now() < deadline {
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Ten pictures a second at 30 fps: every picture is shown three times, twenty runs in two seconds.
    assert_eq!(runs(&h), 20);
    h.get_by_label_contains("Duplicate frames (identical pictures): 20 run(s).");
    assert!(h.state().timing_view().and_then(|t| t.mark_screen_pos(MarkKind::Duplicate, 1)).is_some());
    h.get_by_label_contains("Duplicate frames 0–2: the same picture").click();
    h.run_steps(1);
    settle(&mut h);
    assert_eq!(shown(&h), 1, "the first repeat of the run is shown");
}
