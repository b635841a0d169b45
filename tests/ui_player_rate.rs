//! The window on footage heavier than the machine: while frames are left out the status bar says how many are
//! shown ("showing N of M frames per second"), and the transport names the speed running (J/L shuttle included),
//! with the speed reached beside it when the pictures move slower than asked; a picture larger than the graphics card
//! takes is shown smaller, and the status bar says so.

mod support;

use std::time::{Duration, Instant};

use egui::Key;
use egui_kittest::kittest::Queryable;

use claimframe::player::shown_rate::RateReport;
use claimframe::player::{Direction, Motion};
use claimframe::ui::player::status_ui::dropping_sentence;
use claimframe::ui::player::transport_ui::motion_label;
use support::app::{app_harness, settle};

#[test]
fn the_status_bar_says_how_many_frames_are_shown_while_some_are_left_out() {
    let path = support::media::fixture("heavy_4k60.mp4");
    let mut h = app_harness(&path);
    // A desktop GPU's texture limit (wgpu's default is 8192): the harness's own 2048 is smaller than a 4K picture.
    h.input_mut().max_texture_side = Some(8192);
    settle(&mut h);
    for _ in 0..3 {
        h.key_press(Key::L); // 1x, 2x, 4x
        h.run_steps(1);
    }
    let motion = h.state().player().map(|p| p.state().motion());
    assert_eq!(motion, Some(Motion::Playing { direction: Direction::Forward, speed: 4.0 }));
    let until = Instant::now() + Duration::from_secs(60);
    let mut said = false;
    while Instant::now() < until && !said && h.state().player().is_some_and(|p| p.state().is_playing()) {
        h.run_steps(1);
        said = h.query_by_label_contains("frames per second (decoding cannot keep up").is_some();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(said, "the status bar says frames are being left out");
    h.get_by_label_contains("showing ");
    h.get_by_label_contains("playing 4x");
}

#[test]
fn a_picture_larger_than_the_graphics_card_takes_is_shown_smaller_and_said_so() {
    let path = support::media::fixture("heavy_4k60.mp4");
    let mut h = app_harness(&path);
    // The harness's renderer takes textures of at most 2048 px a side, as some graphics cards do; a 4K picture
    // used to stop the window there.
    h.input_mut().max_texture_side = Some(2048);
    settle(&mut h);
    assert!(h.state().player().and_then(|p| p.shown_frame()).is_some(), "a frame is on screen");
    h.get_by_label_contains(
        "shown at 1/2 size: the picture is larger than this graphics card's largest texture (2048 px)",
    );
    // Stepping keeps showing exact frames, shrunk the same way.
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert_eq!(h.state().player().and_then(|p| p.shown_frame()), Some(1));
    h.get_by_label_contains("shown at 1/2 size");
}

#[test]
fn the_words_name_what_is_shown_and_the_speed_reached() {
    let dropping = RateReport { shown_fps: 21.2, clock_fps: 60.0, speed_reached: 1.0, speed: 1.0 };
    assert_eq!(
        dropping_sentence(&dropping).as_deref(),
        Some("showing 21 of 60 frames per second (decoding cannot keep up; the frames shown are exact)")
    );
    let all = RateReport { shown_fps: 59.0, clock_fps: 60.0, speed_reached: 1.0, speed: 1.0 };
    assert_eq!(dropping_sentence(&all), None, "nothing said when every frame (near enough) is shown");
    let reverse = Motion::Playing { direction: Direction::Reverse, speed: 4.0 };
    assert_eq!(motion_label(reverse, Some(0.9)), "reverse 4x (reaching 0.9x)");
    assert_eq!(motion_label(reverse, None), "reverse 4x");
    assert_eq!(motion_label(Motion::Paused, None), "paused");
}
