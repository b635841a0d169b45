//! The window driven like a reviewer drives it, without a display: egui_kittest presses keys and clicks buttons on
//! the real app (opened on the bundled sample case), then the test asserts the exact frame on screen and the state.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use claimframe::player::{Direction, Motion};
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness as harness, settle};

fn sample_case() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sample.case.ron")
}

fn shown(h: &Harness<'_, ClaimFrameApp>) -> Option<usize> {
    h.state().player().and_then(|p| p.shown_frame())
}

/// Steps while playing, in real time.
fn play_for(h: &mut Harness<'_, ClaimFrameApp>, dur: Duration) {
    let until = Instant::now() + dur;
    while Instant::now() < until {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Plays until `done` holds (at most `limit`): on a loaded machine the first reverse frames can take a while.
fn play_until(h: &mut Harness<'_, ClaimFrameApp>, limit: Duration, done: impl Fn(&Harness<'_, ClaimFrameApp>) -> bool) {
    let until = Instant::now() + limit;
    while Instant::now() < until && !done(h) {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn keys_step_exactly_and_readouts_follow() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    assert_eq!(shown(&h), Some(0));
    assert_eq!(h.state().player().and_then(|p| p.timeline()).map(|t| t.frame_count()), Some(1800));
    h.get_by_label_contains("frame 0 / 1800");
    h.get_by_label("KEY");
    // The case gives the wall clock, labelled with its source.
    h.get_by_label_contains("wall clock 2031-04-17T21:02:00.000Z ± 1000 ms — by container creation time (case)");

    h.key_press(Key::ArrowRight);
    settle(&mut h);
    assert_eq!(shown(&h), Some(1));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    settle(&mut h);
    assert_eq!(shown(&h), Some(11));
    h.key_press(Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(shown(&h), Some(10));
    h.get_by_label_contains("frame 10 / 1800");
    h.get_by_label_contains("00:00:00.333");
    h.key_press(Key::End);
    settle(&mut h);
    assert_eq!(shown(&h), Some(1799));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    settle(&mut h);
    assert_eq!(shown(&h), Some(1789));
    h.key_press(Key::Home);
    settle(&mut h);
    assert_eq!(shown(&h), Some(0));
}

/// Key events that reach the window between two of its frames, then that frame: a busy window (a slow paint, a
/// decode) gets several presses in one frame, and kittest's own `key_press` would give each its own frame.
fn keys_in_one_frame(h: &mut Harness<'_, ClaimFrameApp>, key: Key, presses: usize, repeats: usize) {
    let event =
        |pressed, repeat| egui::Event::Key { key, pressed, repeat, modifiers: Modifiers::NONE, physical_key: None };
    for _ in 0..presses {
        h.input_mut().events.extend([event(true, false), event(false, false)]);
    }
    for _ in 0..repeats {
        h.input_mut().events.push(event(true, true));
    }
    h.step();
}

#[test]
fn ten_arrow_presses_between_few_frames_move_ten_frames() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    assert_eq!(shown(&h), Some(0));
    // Ten presses in four frames: each counts.
    for presses in [3, 3, 3, 1] {
        keys_in_one_frame(&mut h, Key::ArrowRight, presses, 0);
    }
    settle(&mut h);
    assert_eq!(shown(&h), Some(10));
    h.get_by_label_contains("frame 10 / 1800");

    // Held: key repeats step too, but one does not queue behind a step whose picture is not on screen yet.
    for _ in 0..4 {
        keys_in_one_frame(&mut h, Key::ArrowRight, 0, 3);
        settle(&mut h);
    }
    assert_eq!(shown(&h), Some(14), "one step per frame of repeats, the others dropped behind it");
}

#[test]
fn k_held_with_l_or_j_steps_one_frame_paused() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.key_press(Key::L);
    play_for(&mut h, Duration::from_millis(300));
    // Hold K (the shuttle stops), tap L: one frame forward; tap J: one back.
    h.key_down(Key::K);
    settle(&mut h);
    let held = shown(&h).unwrap_or(0);
    h.key_press(Key::L);
    settle(&mut h);
    assert_eq!(shown(&h), Some(held + 1));
    assert_eq!(h.state().player().map(|p| p.state().motion()), Some(Motion::Paused));
    h.key_press(Key::J);
    h.key_press(Key::J);
    settle(&mut h);
    assert_eq!(shown(&h), Some(held - 1));
    h.key_up(Key::K);
    settle(&mut h);
    assert_eq!(h.state().player().map(|p| p.state().motion()), Some(Motion::Paused));
    // Without K, L is the shuttle again.
    h.key_press(Key::L);
    h.run_steps(1);
    assert_eq!(
        h.state().player().map(|p| p.state().motion()),
        Some(Motion::Playing { direction: Direction::Forward, speed: 1.0 })
    );
}

#[test]
fn ctrl_g_goes_to_a_frame_or_a_time() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    assert!(h.state().goto_open());
    h.get_by_label_contains("a time (00:00:12.500").type_text("1234");
    h.run_steps(1);
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(shown(&h), Some(1234));
    assert!(!h.state().goto_open());

    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    // It opens with the last text selected: typing replaces it.
    h.get_by_label_contains("a time (00:00:12.500").type_text("00:00:10.000");
    h.run_steps(1);
    h.get_by_label_contains("media time 00:00:10.000 is frame 300");
    h.get_by_label("Go").click();
    settle(&mut h);
    assert_eq!(shown(&h), Some(300), "10 s into 30 fps footage is frame 300, found through the index");

    // A timecode as the sample burns it in (HH:MM:SS:FF at 30 fps from 00:00:00:00), and a wall-clock time of day.
    for (typed, reading, frame) in [
        ("00:00:20:15", "timecode 00:00:20:15 at 30 fps from 00:00:00:00 is frame 615", 615),
        ("21:02:40", "wall clock 2031-04-17T21:02:40.000Z is frame 1200", 1200),
    ] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::G);
        h.run_steps(2);
        h.get_by_label_contains("a time (00:00:12.500").type_text(typed);
        h.run_steps(2);
        h.get_by_label_contains(reading);
        let window = h.get_by_label("Go to frame or time").rect();
        let picture = h.state().picture_area().expect("the picture was drawn");
        assert!(!window.intersects(picture), "the dialog {window:?} keeps off the picture {picture:?}");
        h.key_press(Key::Enter);
        settle(&mut h);
        assert_eq!(shown(&h), Some(frame), "{typed}");
    }

    // What cannot be read is refused in words; Esc closes without moving.
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    h.run_steps(2);
    h.get_by_label_contains("a time (00:00:12.500").type_text("2031-04-18T09:00:00Z");
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.get_by_label_contains("is after the video's last frame");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().goto_open(), "Esc closes it");
    settle(&mut h);
    assert_eq!(shown(&h), Some(1200));
}

#[test]
fn buttons_step_play_and_zoom() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.get_by_label("+1").click();
    settle(&mut h);
    assert_eq!(shown(&h), Some(1));
    h.get_by_label("+10").click();
    settle(&mut h);
    assert_eq!(shown(&h), Some(11));
    h.get_by_label("-1").click();
    settle(&mut h);
    assert_eq!(shown(&h), Some(10));

    h.get_by_label("Play").click();
    play_for(&mut h, Duration::from_millis(700));
    assert!(h.state().player().is_some_and(|p| p.state().is_playing()));
    h.get_by_label("Pause").click();
    settle(&mut h);
    let p = h.state().player().map(|p| (p.state().is_playing(), p.state().position(), p.shown_frame()));
    let Some((playing, position, Some(on_screen))) = p else { panic!("player state {p:?}") };
    assert!(!playing);
    assert!(on_screen > 10, "playing moved the picture ({on_screen})");
    assert_eq!(position, on_screen, "paused exactly on the frame on screen");

    // A few frames more after the pause, so the transport row's labels ("Play", "paused") have their final widths
    // before a button is clicked by where it was drawn.
    h.run_steps(3);
    let drawn_at = h.get_by_label("1:1").rect();
    h.get_by_label("1:1").click();
    h.run_steps(1);
    let zoom = h.state().view().expect("a file is open").zoom;
    assert_eq!(
        zoom,
        Some(1.0),
        "1:1 clicked where it was drawn ({drawn_at:?}); now at {:?}",
        h.get_by_label("1:1").rect()
    );
    h.get_by_label("Fit").click();
    h.run_steps(1);
    assert_eq!(h.state().view().expect("a file is open").zoom, None);
}

#[test]
fn space_and_jkl_shuttle() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.key_press(Key::Space);
    play_for(&mut h, Duration::from_millis(400));
    h.key_press(Key::Space);
    settle(&mut h);
    let after_space = shown(&h).unwrap_or(0);
    assert!(after_space > 0);

    h.key_press(Key::L);
    h.run_steps(1);
    h.key_press(Key::L);
    h.run_steps(1);
    let motion = h.state().player().map(|p| p.state().motion());
    assert_eq!(motion, Some(Motion::Playing { direction: Direction::Forward, speed: 2.0 }));
    play_for(&mut h, Duration::from_millis(300));
    h.key_press(Key::K);
    settle(&mut h);
    let after_l = shown(&h).unwrap_or(0);
    assert!(after_l > after_space, "{after_l} > {after_space}");

    h.key_press(Key::J);
    h.run_steps(1);
    assert_eq!(
        h.state().player().map(|p| p.state().motion()),
        Some(Motion::Playing { direction: Direction::Reverse, speed: 1.0 })
    );
    play_until(&mut h, Duration::from_secs(10), |h| shown(h).is_some_and(|f| f + 2 < after_l));
    h.key_press(Key::K);
    settle(&mut h);
    let after_j = shown(&h).unwrap_or(usize::MAX);
    assert!(after_j < after_l, "{after_j} < {after_l}");
}

#[test]
fn an_unreadable_file_is_a_message_in_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("not-a-video.mp4");
    std::fs::write(&bad, b"this is not a video").expect("write");
    let mut h = harness(&bad);
    settle(&mut h);
    h.get_by_label_contains("This file cannot be played");
    h.get_by_label_contains("not a video file FFmpeg can read");
}

#[test]
fn exports_from_the_window_with_progress() {
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    h.state_mut().export_dialog_mut().wait_for_choices();
    assert!(h.state_mut().export_dialog_mut().open);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.csv");
    {
        let d = h.state_mut().export_dialog_mut();
        d.format = claimframe::exchange::ExportFormat::Csv;
        d.output = out.display().to_string();
    }
    h.run_steps(2);
    h.get_by_label("Start export").click();
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state_mut().export_dialog_mut().job.as_ref().is_none_or(|j| j.is_running()) && Instant::now() < deadline {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(2);
    let result = h.state_mut().export_dialog_mut().job.as_ref().and_then(|j| j.result.clone());
    assert!(matches!(&result, Some(Ok(summary)) if summary.contains("timeline.csv")), "{result:?}");
    h.get_by_label_contains("wrote ");
    let text = std::fs::read_to_string(&out).unwrap();
    // One row per event of the sample case, each citing the footage's SHA-256.
    assert_eq!(text.lines().count(), 1 + 10, "{text}");
    assert!(text.contains("926079d6ca805b7da8194b0bb11e4242f00dc56d5db3226684964d053d2ccb45"));

    // A clip of one event, chosen in the dialog, re-encoded frame-exactly.
    let clip = dir.path().join("e2.mp4");
    {
        let d = h.state_mut().export_dialog_mut();
        let events = &d.choices.as_ref().unwrap().events;
        assert!(events.iter().any(|(id, label)| id == "e2" && label.contains("brake-check")), "{events:?}");
        d.format = claimframe::exchange::ExportFormat::Clip;
        d.clip_event = Some("e2".into());
        d.clip_reencode = true;
        d.output = clip.display().to_string();
    }
    h.run_steps(2);
    h.get_by_label("Start export").click();
    let deadline = Instant::now() + Duration::from_secs(180);
    h.run_steps(1);
    while h.state_mut().export_dialog_mut().job.as_ref().is_none_or(|j| j.is_running()) && Instant::now() < deadline {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    let result = h.state_mut().export_dialog_mut().job.as_ref().and_then(|j| j.result.clone());
    assert!(matches!(&result, Some(Ok(summary)) if summary.contains("e2.mp4")), "{result:?}");
    assert!(clip.with_extension("mp4.json").exists() || dir.path().join("e2.mp4.json").exists());
}

/// Waits for the export dialog's job to finish; its result.
fn export_result(h: &mut Harness<'_, ClaimFrameApp>) -> Option<Result<String, String>> {
    let deadline = Instant::now() + Duration::from_secs(240);
    h.run_steps(1);
    while h.state_mut().export_dialog_mut().job.as_ref().is_none_or(|j| j.is_running()) && Instant::now() < deadline {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(2);
    h.state_mut().export_dialog_mut().job.as_ref().and_then(|j| j.result.clone())
}

#[test]
fn the_export_dialog_takes_the_exhibit_choices_and_the_media_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&sample_case());
    settle(&mut h);
    h.get_by_label("Export…").click();
    h.run_steps(2);
    h.state_mut().export_dialog_mut().wait_for_choices();
    let pdf = dir.path().join("exhibit.pdf");
    {
        let d = h.state_mut().export_dialog_mut();
        d.format = claimframe::exchange::ExportFormat::Pdf;
        d.output = pdf.display().to_string();
    }
    h.run_steps(2);
    h.get_by_label("Exhibit number").click();
    h.get_by_label("Exhibit number").type_text("-7");
    h.get_by_label("Prepared by").click();
    h.get_by_label("Prepared by").type_text("Office of Review");
    h.get_by_label("Generated at").click();
    h.get_by_label("Generated at").type_text("2026-12-01T12:00:00Z");
    h.run_steps(2);
    let options = h.state_mut().export_dialog_mut().options.clone();
    assert_eq!(options.front.exhibit_number, "1-7", "typed after the default exhibit number");
    assert_eq!(options.front.prepared_by, "Office of Review");
    h.get_by_label("Start export").click();
    let result = export_result(&mut h);
    assert!(matches!(&result, Some(Ok(_))), "{result:?}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Exhibit 1-7") && text.contains("Office of Review"), "{text}");
    assert!(text.contains("CF000001"), "the Bates number starts at the default");
    let first = std::fs::read(&pdf).unwrap();
    h.get_by_label("Start export").click();
    assert!(matches!(export_result(&mut h), Some(Ok(_))));
    assert_eq!(std::fs::read(&pdf).unwrap(), first, "a fixed generated time gives the same bytes");

    // A single-timeline format on a two-camera case is on the media file chosen.
    let srt = dir.path().join("phone.srt");
    {
        let d = h.state_mut().export_dialog_mut();
        d.format = claimframe::exchange::ExportFormat::Srt;
        d.output = srt.display().to_string();
    }
    h.run_steps(2);
    h.get_by_label("Media file").click();
    h.run_steps(2);
    h.get_by_label("m2 · phone_sample.mp4").click();
    h.run_steps(2);
    h.get_by_label("Start export").click();
    let result = export_result(&mut h);
    assert!(matches!(&result, Some(Ok(_))), "{result:?}");
    assert_eq!(std::fs::read_to_string(&srt).unwrap().matches(" --> ").count(), 0, "the sample's phone has no events");
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A case another process has open for editing opens read-only, and the top bar says so and by whom.
#[test]
fn a_case_open_elsewhere_shows_read_only_in_the_top_bar() {
    let (_dir, path) = support::case::scratch_case();
    let (_held, _) =
        claimframe::case::CaseSession::open(&path, claimframe::case::SaveOptions::default()).expect("hold");
    let mut h = harness(&path);
    settle(&mut h);
    h.get_by_label_contains("Read-only: open for editing in");
    assert!(h.state().desk().is_some_and(|d| d.is_read_only()));
}
