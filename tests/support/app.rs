//! The real window app, driven headless by egui_kittest: opened on a file in a harness of the window's default
//! size (1600×900), and stepped until the player has the requested frame on screen (or sent there and stepped so).
//! Shared by the UI tests.

use std::path::Path;
use std::time::{Duration, Instant};

use claimframe::player::PlayerCommand;
use claimframe::ui::ClaimFrameApp;
use egui_kittest::Harness;

/// The app opened on `path` (a video or a case), with its own index cache.
pub fn app_harness(path: &Path) -> Harness<'static, ClaimFrameApp> {
    app_harness_sized(path, [1600.0, 900.0])
}

/// As [`app_harness`], in a window of `size` points (small and large screens).
pub fn app_harness_sized(path: &Path, size: [f32; 2]) -> Harness<'static, ClaimFrameApp> {
    super::isolate_cache();
    let app = ClaimFrameApp::headless(path);
    Harness::builder().with_size(size).build_ui_state(|ui, app: &mut ClaimFrameApp| app.root_ui(ui), app)
}

/// Steps the UI until the player has nothing in flight (the requested frame is on screen), at most two minutes.
pub fn settle(h: &mut Harness<'_, ClaimFrameApp>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        if h.state().player().is_some_and(|p| p.is_settled()) || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    h.step();
}

/// Steps the UI until the window has taken in the save being written on its own thread, at most a minute.
pub fn until_saved(h: &mut Harness<'_, ClaimFrameApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().desk().is_some_and(|d| d.is_saving()) {
        assert!(Instant::now() < deadline, "the save was not taken in within a minute");
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
}

/// The frame whose picture is on screen (the test has waited for one).
pub fn shown(h: &Harness<'_, ClaimFrameApp>) -> usize {
    h.state().player().and_then(|p| p.shown_frame()).expect("a frame is shown")
}

/// Sends the player to `frame` and steps until it is on screen.
pub fn go_to(h: &mut Harness<'_, ClaimFrameApp>, frame: usize) {
    h.state_mut().apply_player_command(PlayerCommand::GoToFrame(frame));
    settle(h);
    assert_eq!(shown(h), frame);
}
