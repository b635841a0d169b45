//! The camera grid in the real window app, driven headless by egui_kittest on a two-camera case made at test time:
//! the bundled body-camera footage and a "phone" cut from it 6 s in (smaller, mirrored, its sound at 44.1 kHz), its
//! clock map from one sync point. Focus by key and by click, every view on its frame at or before the wall clock,
//! "no footage at this time", stepping, the nudge as an audited edit (undone), and a sync by sound from the panel.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use claimframe::case::{load_case, parse_rfc3339_micros, ClockMethod, MediaId};
use claimframe::player::PlayerCommand;
use claimframe::ui::ClaimFrameApp;
use support::app::app_harness;

/// The phone starts this many body frames in (6 s at 30 fps).
const PHONE_START_FRAME: usize = 180;

struct Rig {
    case: PathBuf,
    body: MediaId,
    phone: MediaId,
    /// The views' order in the grid: the case's media ids, sorted.
    body_key: Key,
    phone_key: Key,
}

fn claimframe(args: &[&str]) {
    let out = Command::new(support::bin())
        .env("CLAIMFRAME_REVIEWER", "Test Reviewer")
        .args(args)
        .output()
        .expect("run claimframe");
    assert!(out.status.success(), "claimframe {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn rig(name: &str) -> Rig {
    support::isolate_cache();
    let dir = support::exchange::temp_dir(name);
    let body = dir.join("body.mp4");
    std::fs::copy(support::sample_footage(), &body).expect("copy the sample footage");
    let phone = dir.join("phone.mp4");
    support::media::ffmpeg(&[
        "-ss",
        "6",
        "-t",
        "12",
        "-i",
        s(&body),
        "-vf",
        "scale=320:180,hflip",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-g",
        "30",
        "-c:a",
        "aac",
        "-ar",
        "44100",
        s(&phone),
    ]);
    let case = dir.join("two.case.ron");
    let c = s(&case);
    claimframe(&["case", "-c", c, "new", "--title", "Two cameras"]);
    claimframe(&["case", "-c", c, "add-media", s(&body)]);
    claimframe(&["case", "-c", c, "add-media", s(&phone)]);
    let loaded = load_case(&case).expect("the case loads");
    let id_of = |file: &str| {
        loaded.media.values().find(|m| m.path_relative.ends_with(file)).map(|m| m.id.clone()).expect("media added")
    };
    let (body_id, phone_id) = (id_of("body.mp4"), id_of("phone.mp4"));
    claimframe(&[
        "sync",
        c,
        "--media",
        body_id.as_str(),
        "--method",
        "clock",
        "--frame",
        "0",
        "--reads",
        "2031-04-17T21:02:00Z",
        "--apply",
    ]);
    let point = format!("0={PHONE_START_FRAME}:start");
    claimframe(&[
        "sync",
        c,
        "--media",
        phone_id.as_str(),
        "--to",
        body_id.as_str(),
        "--method",
        "points",
        "--point",
        &point,
        "--apply",
    ]);
    let keys = [Key::Num1, Key::Num2];
    let body_first = body_id < phone_id;
    Rig {
        case,
        body: body_id,
        phone: phone_id,
        body_key: keys[usize::from(!body_first)],
        phone_key: keys[usize::from(body_first)],
    }
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Steps until the player and every following view show exactly their frames.
fn settle(h: &mut Harness<'_, ClaimFrameApp>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        let app = h.state();
        let grid_exact = app.camera_grid_exact().unwrap_or(true);
        if app.player().is_some_and(|p| p.is_settled()) && grid_exact || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    h.step();
}

fn focus(h: &mut Harness<'_, ClaimFrameApp>, key: Key) {
    h.key_press_modifiers(Modifiers::ALT, key);
    settle(h);
    // The newly focused file opens, then goes to the wall clock's frame.
    settle(h);
}

/// The rig's window, settled, with the camera of `key` focused.
fn opened(rig: &Rig, key: Key) -> Harness<'static, ClaimFrameApp> {
    let mut h = app_harness(&rig.case);
    settle(&mut h);
    focus(&mut h, key);
    h
}

fn go_to(h: &mut Harness<'_, ClaimFrameApp>, frame: usize) {
    h.state_mut().apply_player_command(PlayerCommand::GoToFrame(frame));
    settle(h);
}

fn focused_file(h: &Harness<'_, ClaimFrameApp>) -> String {
    let player = h.state().player().expect("a player");
    player.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn every_view_follows_the_wall_clock_and_says_when_it_has_no_footage() {
    let rig = rig("ui-cameras-follow");
    let mut h = opened(&rig, rig.body_key);
    assert_eq!(focused_file(&h), "body.mp4");
    assert_eq!(
        h.state().desk().map(|d| d.media_id().clone()),
        Some(rig.body.clone()),
        "the desk codes the focused camera"
    );
    go_to(&mut h, 30);
    h.get_by_label_contains("phone.mp4 — no footage at this time");
    h.get_by_label_contains("body.mp4 — frame 30 ·");

    go_to(&mut h, 200);
    h.get_by_label_contains("phone.mp4 — frame 20 ·");
    h.key_press(Key::ArrowRight);
    settle(&mut h);
    h.get_by_label_contains("phone.mp4 — frame 21 ·");
    h.get_by_label_contains("body.mp4 — frame 201 ·");

    // An event coded here: the inspector says what the other camera shows at its start (on demand).
    h.key_press(Key::C);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(1);
    let coded = {
        let desk = h.state().desk().expect("a case");
        desk.case().events.values().find(|e| e.start.frame == 201).map(|e| e.id.clone()).expect("coded at frame 201")
    };
    h.query_all_by_label(coded.as_str()).next().expect("the event's row").click();
    h.run_steps(2);
    h.get_by_label("Same moment on the other cameras");
    // Body frame 201 is 6.7 s; the phone, 6 s later to start, shows its frame 21 (0.7 s) then.
    let line = h.get_by_label_contains("phone.mp4, SHA-256");
    let words = format!("{line:?}");
    assert!(words.contains("frame 21 (PTS") && words.contains("wall clock 2031-04-17T21:02:06.700Z"), "{words}");

    // Focusing the phone keeps the moment: the phone on its frame 21, the body following on 201.
    focus(&mut h, rig.phone_key);
    assert_eq!(focused_file(&h), "phone.mp4");
    assert_eq!(h.state().desk().map(|d| d.media_id().clone()), Some(rig.phone.clone()));
    assert_eq!(h.state().player().map(|p| p.frame_on_screen()), Some(21));
    h.get_by_label_contains("body.mp4 — frame 201 ·");
    // The phone ends 12 s in: past its end, the body alone has footage.
    let body_view = format!("Focus camera {}", if rig.body_key == Key::Num1 { 1 } else { 2 });
    h.get_by_label(&body_view).click();
    settle(&mut h);
    settle(&mut h);
    assert_eq!(focused_file(&h), "body.mp4", "a click focuses a view");
    go_to(&mut h, 900);
    h.get_by_label_contains("phone.mp4 — no footage at this time");
}

#[test]
fn a_nudge_is_an_audited_edit_that_moves_the_other_views_and_undo_takes_it_back() {
    let rig = rig("ui-cameras-nudge");
    let mut h = opened(&rig, rig.phone_key);
    go_to(&mut h, 45);
    h.get_by_label_contains("body.mp4 — frame 225 ·");
    let origin = |h: &Harness<'_, ClaimFrameApp>| {
        let desk = h.state().desk().expect("a case");
        desk.case().media[&rig.phone].wall_clock.as_ref().and_then(|m| m.origin_micros()).expect("a map")
    };
    let before = origin(&h);
    let audit_before = h.state().desk().map(|d| d.case().audit.len()).unwrap_or_default();

    // One phone frame earlier: the phone stays on its frame 45, the wall clock moves back by 33.333 ms.
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(origin(&h), before - 33_333, "one 30 fps frame, to the microsecond");
    assert_eq!(h.state().player().map(|p| p.frame_on_screen()), Some(45));
    let desk = h.state().desk().expect("a case");
    assert_eq!(desk.case().audit.len(), audit_before + 1, "the nudge is in the audit log");
    let map = desk.case().media[&rig.phone].wall_clock.clone().expect("a map");
    assert!(map.source.contains("nudged -1 frame(s)") && !map.set_by.is_empty(), "{} / {}", map.source, map.set_by);
    // And one millisecond later: phone frame 45 is now 32.333 ms before body frame 225, so the body shows 224
    // (at or before the wall clock), not 225.
    h.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    settle(&mut h);
    assert_eq!(origin(&h), before - 32_333);
    h.get_by_label_contains("body.mp4 — frame 224 ·");

    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        settle(&mut h);
    }
    assert_eq!(origin(&h), before, "undo takes both nudges back");
    h.get_by_label_contains("body.mp4 — frame 225 ·");
}

#[test]
fn the_sync_panel_lists_each_map_and_syncs_a_camera_by_its_sound() {
    let rig = rig("ui-cameras-sync");
    let mut h = opened(&rig, rig.body_key);
    assert_eq!(focused_file(&h), "body.mp4");
    h.get_by_label("Cameras…").click();
    // The click, then the window's sizing pass, then the window.
    for _ in 0..4 {
        h.step();
    }
    h.get_by_label_contains("(sync points)");
    // The body's map, and the phone's, which names the body's clock it was synced against.
    assert_eq!(h.query_all_by_label_contains("burned-in clock read by Test Reviewer at frame 0").count(), 2);
    h.get_by_label("Sync by sound").click();
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.query_by_label("Apply (audited edit)").is_none() {
        assert!(h.query_by_label_contains("Not synced").is_none(), "the sync was refused");
        assert!(Instant::now() < deadline, "no proposal within two minutes");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.get_by_label("Apply (audited edit)").click_accesskit();
    h.step();
    h.step();
    assert!(h.query_by_label("Apply (audited edit)").is_none(), "applied");
    settle(&mut h);
    let desk = h.state().desk().expect("a case");
    let map = desk.case().media[&rig.phone].wall_clock.clone().expect("a map");
    assert_eq!(map.method, ClockMethod::Audio, "desk notice: {:?}", desk.notice().map(|n| &n.text));
    assert!(!map.residuals.is_empty(), "the windows' residuals are kept");
    // The phone was cut 6 s into the body: its sound arrives 6 s after the body's start (AAC priming honoured).
    let body_origin = parse_rfc3339_micros("2031-04-17T21:02:00Z").expect("time");
    let phone_start = map.wall_micros(0.0).expect("mapped") - body_origin;
    assert!((phone_start - 6_000_000).abs() < 3_000, "phone starts {phone_start} µs after the body");
}
