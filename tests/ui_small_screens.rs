//! The window on small and large screens (1280×720 and 1920×1080), driven headless: the picture keeps a readable
//! share of the window, nothing in the menu is cut off, panels collapse and come back, "focus the picture" gives
//! the video most of the window, notices never move a panel, and a phone clip recorded sideways says so and can be
//! turned for viewing without changing a frame.

mod support;

use egui::{Key, Modifiers, Rect};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness_sized, go_to, settle};
use support::case::scratch_case;

const SMALL: [f32; 2] = [1280.0, 720.0];
const LARGE: [f32; 2] = [1920.0, 1080.0];

fn window(size: [f32; 2]) -> Rect {
    Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]))
}

fn picture(h: &Harness<'_, ClaimFrameApp>) -> Rect {
    h.state().picture_area().expect("the picture was drawn")
}

/// Steps until panel animations are over (a collapsing panel slides for a few frames).
fn run_animations(h: &mut Harness<'_, ClaimFrameApp>) {
    for _ in 0..30 {
        h.step();
    }
}

/// Every widget named here lies wholly inside the window: nothing the reviewer needs is cut off.
fn assert_inside(h: &Harness<'_, ClaimFrameApp>, size: [f32; 2], labels: &[&str]) {
    let window = window(size).expand(0.5);
    for label in labels {
        let rect = h.get_by_label_contains(label).rect();
        assert!(window.contains_rect(rect), "{label:?} at {rect:?} is cut off in a {size:?} window");
    }
}

fn the_case_desk_fits(size: [f32; 2]) {
    let (_dir, case) = scratch_case();
    let mut h = app_harness_sized(&case, size);
    h.set_size(egui::vec2(size[0], size[1]));
    settle(&mut h);
    run_animations(&mut h);
    let shown = picture(&h);
    // Beside every panel, nearly half the window's width and a third of its height (on 1280×720 it was 235×130
    // points, and the burned-in counter could not be read).
    assert!(
        shown.width() >= size[0] * 0.45 && shown.height() >= size[1] * 0.3,
        "the picture has {shown:?} of a {size:?} window"
    );
    assert_inside(&h, size, &["saved", "Volume", "Search events", "Mute"]);

    // Coding a point shows a notice; no panel moves for it.
    go_to(&mut h, 30);
    let filter_before = h.get_by_label("Search events").rect();
    let events_before = h.state().desk().map(|d| d.case().events.len());
    h.key_press(Key::C);
    settle(&mut h);
    assert_eq!(h.state().desk().map(|d| d.case().events.len()), events_before.map(|n| n + 1), "C coded a contact");
    assert!(h.state().desk().and_then(|d| d.notice()).is_some(), "a notice says what was coded");
    assert_eq!(h.get_by_label("Search events").rect(), filter_before, "the notice moved the table's filter");
    assert_eq!(picture(&h), shown, "the notice moved the picture");
    // The prompt is docked in the events panel under the table: it covers neither the table nor the picture.
    let prompt = h.get_by_label("New event").rect();
    assert!(prompt.top() > filter_before.bottom() + 60.0, "the prompt {prompt:?} sits under the table");
    assert!(prompt.right() <= shown.left(), "the prompt {prompt:?} keeps off the picture {shown:?}");
    // Its stance buttons are in view above the timeline: linking needs no scrolling.
    let timeline = h.state().desk_windows().and_then(|w| w.timeline.rect()).expect("the timeline was drawn");
    for word in ["supports", "contradicts", "context"] {
        let button = h.get_by_label(word).rect();
        assert!(
            button.bottom() <= timeline.top() && window(size).contains_rect(button),
            "the {word} button at {button:?} is out of view (the timeline starts at {})",
            timeline.top()
        );
    }
    h.key_press(Key::Escape);
    settle(&mut h);

    // Focus the picture: the panels go, the video has most of the window; again, and they are back as they were.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    run_animations(&mut h);
    let focused = picture(&h);
    assert!(
        focused.width() >= size[0] * 0.95 && focused.height() >= size[1] * 0.6,
        "focused, the picture has {focused:?} of a {size:?} window"
    );
    assert!(h.query_by_label("Search events").is_none(), "the events table is hidden");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    run_animations(&mut h);
    assert_eq!(picture(&h), shown, "the panels came back at their sizes");

    // One panel collapses (View menu); the picture takes its room.
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Events and inspector").click();
    run_animations(&mut h);
    assert!(!h.state().prefs().show_events);
    assert!(picture(&h).width() > shown.width() + 100.0, "{:?} after collapsing the events panel", picture(&h));
}

#[test]
fn the_desk_fits_a_1280_by_720_screen() {
    the_case_desk_fits(SMALL);
}

#[test]
fn the_desk_fits_a_1920_by_1080_screen() {
    the_case_desk_fits(LARGE);
}

#[test]
fn a_sideways_clip_says_how_it_was_recorded_and_turns_for_viewing_only() {
    let clip = support::media::fixture("rotated90.mp4");
    let mut h = app_harness_sized(&clip, SMALL);
    settle(&mut h);
    // Stored 320×240, recorded with a quarter turn: the size shown is the displayed one.
    h.get_by_label_contains("rotated 270°, as recorded; stored 320x240");
    h.get_by_label_contains("240x320");
    let frame_before = h.state().player().and_then(|p| p.shown_frame());

    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run_steps(3);
    assert_eq!(h.state().view().map(|v| v.view_rotation_deg()), Some(90));
    h.get_by_label_contains("view turned 90° for viewing");
    assert_eq!(h.state().player().and_then(|p| p.shown_frame()), frame_before, "nor the frame");
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    }
    h.run_steps(3);
    assert_eq!(h.state().view().map(|v| v.view_rotation_deg()), Some(0));
    assert!(h.query_by_label_contains("view turned").is_none(), "back as recorded, nothing to say");
}
