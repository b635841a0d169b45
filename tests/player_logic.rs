//! The player without a window: commands in, exact frame indices out. Pure state rules first, then the real
//! decode thread on a generated file (B-frames, GOP 250), checking that the picture on screen is the frame the
//! player says it is.

mod support;

use std::time::{Duration, Instant};

use claimframe::media::{video::VideoFile, Threading};
use claimframe::player::playback::PlayerOptions;
use claimframe::player::state::DecodeJob;
use claimframe::player::{Direction, Motion, Player, PlayerCommand as C, PlayerState};

#[test]
fn stepping_clamps_at_both_ends() {
    let mut s = PlayerState::new(100);
    assert_eq!(s.apply(C::Step(1)), DecodeJob::Show(1));
    assert_eq!(s.apply(C::Step(10)), DecodeJob::Show(11));
    assert_eq!(s.apply(C::Step(-20)), DecodeJob::Show(0));
    assert_eq!(s.apply(C::GoToEnd), DecodeJob::Show(99));
    assert_eq!(s.apply(C::Step(1)), DecodeJob::Show(99));
    assert_eq!(s.apply(C::GoToFrame(1000)), DecodeJob::Show(99));
    assert_eq!(s.apply(C::GoToStart), DecodeJob::Show(0));
}

#[test]
fn every_decode_job_starts_a_new_generation() {
    let mut s = PlayerState::new(100);
    let g0 = s.generation();
    let _ = s.apply(C::Step(1));
    let _ = s.apply(C::TogglePlay);
    assert_eq!(s.generation(), g0 + 2);
    let _ = s.apply(C::SetSpeed(2.0));
    assert_eq!(s.generation(), g0 + 3, "a speed change while playing restarts the stream");
    let _ = s.apply(C::Pause);
    let paused = s.generation();
    assert_eq!(s.apply(C::Pause), DecodeJob::Keep);
    assert_eq!(s.generation(), paused, "nothing to do, no new generation");
}

#[test]
fn jkl_shuttle_speeds_up_and_reverses() {
    let mut s = PlayerState::new(1000);
    let _ = s.apply(C::GoToFrame(500));
    assert_eq!(s.apply(C::ShuttleForward), DecodeJob::Stream { from: 500, direction: Direction::Forward, speed: 1.0 });
    let _ = s.apply(C::ShuttleForward);
    assert_eq!(s.motion(), Motion::Playing { direction: Direction::Forward, speed: 2.0 });
    let _ = s.apply(C::ShuttleForward);
    let _ = s.apply(C::ShuttleForward);
    assert_eq!(s.motion(), Motion::Playing { direction: Direction::Forward, speed: 4.0 }, "4x is the ceiling");
    let _ = s.apply(C::ShuttleReverse);
    assert_eq!(s.motion(), Motion::Playing { direction: Direction::Reverse, speed: 1.0 }, "J after L plays back at 1x");
    let _ = s.apply(C::ShuttleReverse);
    assert_eq!(s.motion(), Motion::Playing { direction: Direction::Reverse, speed: 2.0 });
    assert_eq!(s.apply(C::ShuttleStop), DecodeJob::Stop);
    assert_eq!(s.motion(), Motion::Paused);
}

#[test]
fn speeds_are_clamped_and_playback_stops_at_the_end() {
    let mut s = PlayerState::new(10);
    let _ = s.apply(C::SetSpeed(100.0));
    assert_eq!(s.play_speed(), 4.0);
    let _ = s.apply(C::SetSpeed(0.01));
    assert_eq!(s.play_speed(), 0.1);
    let _ = s.apply(C::TogglePlay);
    assert!(s.is_playing());
    assert_eq!(s.presented(5), DecodeJob::Keep);
    assert_eq!(s.presented(9), DecodeJob::Stop);
    assert!(!s.is_playing());
    assert_eq!(s.position(), 9);
    // Space at the end starts again from the first frame.
    assert_eq!(s.apply(C::TogglePlay), DecodeJob::Stream { from: 0, direction: Direction::Forward, speed: 0.1 });
}

#[test]
fn scrubbing_pauses_and_release_lands_on_the_frame() {
    let mut s = PlayerState::new(300);
    let _ = s.apply(C::TogglePlay);
    assert_eq!(s.apply(C::ScrubTo(120)), DecodeJob::Show(120));
    assert!(s.is_scrubbing() && !s.is_playing());
    let _ = s.apply(C::ScrubTo(150));
    assert_eq!(s.apply(C::ScrubRelease(173)), DecodeJob::Show(173));
    assert!(!s.is_scrubbing());
    assert_eq!(s.position(), 173);
}

const SETTLE: Duration = Duration::from_secs(60);

fn open(name: &str) -> (Player, std::path::PathBuf) {
    support::isolate_cache();
    let path = support::media::fixture(name);
    let mut p =
        Player::open(&path, PlayerOptions { audio: false, background: false }).expect("spawn the decode thread");
    assert_eq!(p.settle(SETTLE), Some(0), "the first frame is shown after opening");
    (p, path)
}

/// Applies `c` and returns the first picture presented after it.
fn presented_after(p: &mut Player, c: C) -> Option<claimframe::player::Presented> {
    p.apply(c, p.now_secs());
    let deadline = Instant::now() + SETTLE;
    while Instant::now() < deadline {
        if let Some(shown) = p.update(p.now_secs()) {
            return Some(shown);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

fn go(p: &mut Player, c: C) -> Option<usize> {
    p.apply(c, p.now_secs());
    p.settle(SETTLE)
}

#[test]
fn commands_land_on_exact_frames_through_the_decode_thread() {
    let (mut p, path) = open("cfr_bframes_gop250.mp4");
    assert_eq!(p.timeline().map(|t| t.frame_count()), Some(360));
    assert_eq!(go(&mut p, C::Step(1)), Some(1));
    assert_eq!(go(&mut p, C::Step(10)), Some(11));
    assert_eq!(go(&mut p, C::GoToFrame(300)), Some(300));
    assert_eq!(go(&mut p, C::Step(-1)), Some(299), "a step back across nothing cached still lands exactly");
    assert_eq!(go(&mut p, C::Step(-10)), Some(289));
    assert_eq!(go(&mut p, C::GoToEnd), Some(359));
    assert_eq!(go(&mut p, C::GoToStart), Some(0));

    // The picture on screen is that frame's picture, as the single-threaded reference decodes it.
    let mut reference = VideoFile::open(&path, Threading::Reproducible).expect("open reference");
    let shown = presented_after(&mut p, C::GoToFrame(257)).expect("frame 257 presented");
    assert_eq!(shown.frame, 257);
    assert_eq!(*shown.image, reference.display_rgba(257).expect("reference frame"));
}

#[test]
fn ten_quick_steps_land_exactly_ten_frames_on() {
    let (mut p, _) = open("cfr_bframes_gop250.mp4");
    assert_eq!(go(&mut p, C::GoToFrame(100)), Some(100));
    // Ten presses faster than the decoder answers: each counts, none is merged into another.
    for _ in 0..10 {
        p.apply(C::Step(1), p.now_secs());
        p.update(p.now_secs());
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(p.settle(SETTLE), Some(110));
    // Back across the keyframe at 250, with nothing cached there yet.
    assert_eq!(go(&mut p, C::GoToFrame(255)), Some(255));
    for _ in 0..10 {
        p.apply(C::Step(-1), p.now_secs());
        p.update(p.now_secs());
    }
    assert_eq!(p.settle(SETTLE), Some(245));
    assert_eq!(p.state().position(), 245);
}

#[test]
fn held_step_key_repeats_do_not_pile_up_behind_a_decode() {
    let (mut p, _) = open("cfr_bframes_gop250.mp4");
    p.apply(C::Step(1), p.now_secs());
    // The picture of frame 1 is not on screen yet (no update since): repeats meanwhile are dropped.
    for _ in 0..20 {
        p.apply(C::RepeatStep(1), p.now_secs());
    }
    assert_eq!(p.settle(SETTLE), Some(1), "repeats behind a step in flight do not queue");
    // Once each picture is on screen, each repeat is one step.
    for _ in 0..20 {
        p.apply(C::RepeatStep(1), p.now_secs());
        p.settle(SETTLE);
    }
    assert_eq!(p.shown_frame(), Some(21));
    assert!(!p.state().is_playing());
}

#[test]
fn seek_bar_drag_shows_frames_and_release_lands_exactly() {
    let (mut p, _) = open("cfr_bframes_gop250.mp4");
    for f in [40, 90, 200, 260] {
        p.apply(C::ScrubTo(f), p.now_secs());
        p.update(p.now_secs());
    }
    assert_eq!(go(&mut p, C::ScrubRelease(271)), Some(271));
    assert!(!p.state().is_scrubbing());
}

#[test]
fn playing_moves_forward_and_pause_holds_the_frame_on_screen() {
    let (mut p, _) = open("cfr_bframes_gop250.mp4");
    p.apply(C::TogglePlay, p.now_secs());
    let until = Instant::now() + Duration::from_millis(600);
    let mut presented = Vec::new();
    while Instant::now() < until {
        if let Some(x) = p.update(p.now_secs()) {
            presented.push(x.frame);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    p.apply(C::TogglePlay, p.now_secs());
    let held = p.settle(SETTLE);
    assert!(presented.len() >= 5, "frames presented while playing: {presented:?}");
    assert!(presented.windows(2).all(|w| w[1] > w[0]), "forward play moves forward: {presented:?}");
    assert_eq!(held, presented.last().copied(), "pause keeps the frame on screen");
    assert_eq!(Some(p.state().position()), held);
    assert_eq!(go(&mut p, C::Step(1)), held.map(|h| h + 1), "a step after pausing continues from the frame shown");
}

#[test]
fn reverse_shuttle_goes_back_in_order_across_a_keyframe() {
    let (mut p, _) = open("cfr_bframes_gop250.mp4");
    assert_eq!(go(&mut p, C::GoToFrame(262)), Some(262));
    p.apply(C::ShuttleReverse, p.now_secs());
    p.apply(C::ShuttleReverse, p.now_secs()); // 2x
    let mut presented = vec![262];
    let deadline = Instant::now() + SETTLE;
    while p.state().is_playing() && presented.last().is_some_and(|&f| f > 230) && Instant::now() < deadline {
        if let Some(x) = p.update(p.now_secs()) {
            presented.push(x.frame);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // Across the keyframe at 250 (frame 249 decodes from the start of the file): backwards, in order. Frames whose
    // time passed while one was decoded are left out rather than the clock waiting (see tests/player_drops.rs).
    assert!(presented.last().is_some_and(|&f| f <= 230), "reverse made progress: {presented:?}");
    assert!(presented.windows(2).all(|w| w[1] < w[0]), "{presented:?}");
    assert!(presented.len() >= 10, "frames on screen on the way: {presented:?}");
}

#[test]
fn sound_is_decoded_resampled_and_reduced_to_a_waveform() {
    support::isolate_cache();
    let path = support::media::fixture("with_audio.mp4");
    let track =
        claimframe::media::audio::decode_track(&path, 48_000, |_| {}).expect("decode").expect("an audio stream");
    assert_eq!(track.sample_rate_hz, 48_000);
    let secs = track.duration_secs();
    assert!((secs - 3.0).abs() < 0.1, "about as long as the file: {secs}");
    assert!(track.samples.iter().any(|s| s.abs() > 0.01), "not silence");
    let wave = claimframe::player::waveform::compute(&track, 3.0, 100);
    assert_eq!(wave.columns.len(), 100);
    assert!(wave.columns.iter().all(|c| c.low <= c.high && c.rms <= c.high.max(-c.low) + 1e-6));
    let silent =
        claimframe::media::audio::decode_track(&support::media::fixture("cfr_bframes_gop250.mp4"), 48_000, |_| {})
            .expect("decode");
    assert!(silent.is_none(), "no audio stream: no track");
}

#[test]
fn the_picture_on_screen_has_the_display_rotation_applied() {
    support::isolate_cache();
    let path = support::media::fixture("rotated90.mp4");
    let mut p =
        Player::open(&path, PlayerOptions { audio: false, background: false }).expect("spawn the decode thread");
    let mut first = None;
    let deadline = Instant::now() + SETTLE;
    while first.is_none() && Instant::now() < deadline {
        first = p.update(p.now_secs());
        std::thread::sleep(Duration::from_millis(1));
    }
    let first = first.expect("first picture");
    assert_eq!((first.image.width, first.image.height), (240, 320), "320x240 stored, shown rotated by 90°");
}

#[test]
fn playback_continues_past_damaged_packets_to_the_end() {
    support::isolate_cache();
    let clean = support::media::fixture("cfr_bframes_gop250.mp4");
    let dir = tempfile::tempdir().expect("temp dir");
    let damaged = dir.path().join("damaged.mp4");
    let mut bytes = std::fs::read(&clean).expect("read fixture");
    // Overwrite 4 KiB of coded picture data in the middle of the file (the container's index stays intact).
    let mid = bytes.len() / 2;
    bytes[mid..mid + 4096].iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7) as u8);
    std::fs::write(&damaged, &bytes).expect("write damaged copy");

    let mut p = Player::open(&damaged, PlayerOptions { audio: false, background: false }).expect("spawn");
    assert_eq!(p.settle(SETTLE), Some(0));
    let last = p.timeline().map(|t| t.last_frame()).expect("timeline");
    p.apply(C::SetSpeed(4.0), p.now_secs());
    p.apply(C::TogglePlay, p.now_secs());
    let deadline = Instant::now() + SETTLE;
    while p.state().is_playing() && Instant::now() < deadline {
        p.update(p.now_secs());
        std::thread::sleep(Duration::from_millis(1));
    }
    // The damage makes decoding disagree with the quick index; the engine recounts by decoding and the player follows.
    let last_now = p.timeline().map(|t| t.last_frame()).expect("timeline");
    assert!(last_now <= last);
    assert_eq!(
        p.shown_frame(),
        Some(last_now),
        "played through the damage to the last frame; messages: {:?}",
        p.messages()
    );
    if last_now != last {
        assert!(p.messages().iter().any(|m| m.contains("counted by decoding")), "{:?}", p.messages());
    }
}

#[test]
fn a_truncated_file_says_it_ends_early_and_every_readable_frame_is_reachable() {
    support::isolate_cache();
    let path = support::media::fixture("truncated.mp4");
    let want = support::media::reference_md5s(&path);
    let mut p = Player::open(&path, PlayerOptions { audio: false, background: false }).expect("spawn");
    assert_eq!(p.settle(SETTLE), Some(0));
    let media = p.media().expect("opened");
    let banner = media.ends_early.clone().expect("the window says the file ends early");
    assert!(banner.starts_with(&format!("file ends early: {} of 1800 declared frames", want.len())), "{banner}");
    assert!(media.damaged_from.is_some(), "the cut last packet is a decode error the window knows of");
    let last = want.len() - 1;
    assert_eq!(p.timeline().map(|t| t.last_frame()), Some(last));
    // End, Ctrl+G to the last frames, and stepping back from the end, as a reviewer does.
    assert_eq!(go(&mut p, C::GoToEnd), Some(last));
    assert_eq!(go(&mut p, C::GoToFrame(last - 1)), Some(last - 1));
    assert_eq!(go(&mut p, C::Step(1)), Some(last));
    assert_eq!(go(&mut p, C::Step(-3)), Some(last - 3));
    let mut reference = VideoFile::open(&path, Threading::Reproducible).expect("open reference");
    let shown = presented_after(&mut p, C::GoToFrame(last)).expect("the last frame is presented");
    assert_eq!(shown.frame, last);
    assert_eq!(*shown.image, reference.display_rgba(last).expect("reference frame"), "the picture is the last frame's");
}

/// Two cameras on one wall clock: the 30 fps file from 21:02:00, the 25 fps FLV from 21:02:02.5.
fn synced_rig() -> (Player, claimframe::player::synced::SyncedViews, std::path::PathBuf) {
    use claimframe::case::{Media, MediaId, WallClockMapping};
    let (player, body) = open("cfr_bframes_gop250.mp4");
    let phone = support::media::fixture("h264.flv");
    let camera = |id: &str, origin: &str| Media {
        id: MediaId::new(id),
        wall_clock: Some(WallClockMapping { origin: Some(origin.into()), ..Default::default() }),
        ..Default::default()
    };
    let views = claimframe::player::synced::SyncedViews::new(
        vec![
            (camera("body", "2031-04-17T21:02:00Z"), body),
            (camera("phone", "2031-04-17T21:02:02.500Z"), phone.clone()),
        ],
        0,
    );
    (player, views, phone)
}

/// Updates the player and the followers until the grid is exact (paused).
fn settle_grid(p: &mut Player, views: &mut claimframe::player::synced::SyncedViews) {
    let deadline = Instant::now() + SETTLE;
    while Instant::now() < deadline {
        p.update(p.now_secs());
        views.update(p, p.now_secs());
        if p.is_settled() && views.is_exact() {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("the grid did not settle");
}

#[test]
fn a_following_camera_shows_its_exact_frame_at_or_before_the_wall_clock_and_never_after_while_playing() {
    use claimframe::player::synced::View;
    let (mut p, mut views, phone) = synced_rig();
    settle_grid(&mut p, &mut views);
    assert_eq!(views.view(0), View::Focused);
    assert_eq!(views.view(1), View::NoFootage, "the phone starts 2.5 s later");

    // The FLV's first frame is at 0.08 s (B-frame delay), then every 0.04 s. Body frame 90 is at 3.000 s: the
    // phone is at 0.500 s, its frame 10 (0.48 s), not 11 (0.52 s).
    let first = views.follower(1).and_then(|f| f.timeline()).map(|t| t.media_secs_of(0)).expect("opened");
    assert!((first - 0.08).abs() < 1e-9, "first PTS {first}");
    p.apply(C::GoToFrame(90), p.now_secs());
    settle_grid(&mut p, &mut views);
    assert_eq!(views.view(1), View::Frame(10));
    let shown = views.picture(1).expect("the phone's picture");
    assert_eq!(shown.frame, 10);
    let mut reference = VideoFile::open(&phone, Threading::Reproducible).expect("open reference");
    assert_eq!(*shown.image, reference.display_rgba(10).expect("reference frame"), "the decoded frame itself");

    // A step of the focused camera: 3.0333 s → phone 0.5333 s, its frame 11 (0.52 s).
    p.apply(C::Step(1), p.now_secs());
    settle_grid(&mut p, &mut views);
    assert_eq!(views.view(1), View::Frame(11));

    // Play: whatever the phone's view shows is never after the wall clock, and it moves forward.
    p.apply(C::TogglePlay, p.now_secs());
    let until = Instant::now() + Duration::from_millis(900);
    let mut frames = Vec::new();
    while Instant::now() < until {
        let now = p.now_secs();
        p.update(now);
        views.update(&p, now);
        let wall = views.wall_micros().expect("a wall clock");
        if let Some(picture) = views.picture(1) {
            let at = views.cameras()[1].wall_of(picture.frame).expect("mapped");
            assert!(at <= wall, "phone frame {} at {at} is after the wall clock {wall}", picture.frame);
            frames.push(picture.frame);
        }
        std::thread::sleep(Duration::from_millis(3));
    }
    p.apply(C::Pause, p.now_secs());
    frames.dedup();
    assert!(frames.len() >= 8, "the phone's view moved while playing: {frames:?}");
    assert!(frames.windows(2).all(|w| w[1] > w[0]), "forward: {frames:?}");

    // Paused again: exact, on the frame at or before the focused frame's time.
    settle_grid(&mut p, &mut views);
    let body_frame = p.frame_on_screen();
    let expected = ((body_frame as f64 / 30.0 - 2.5 - first) * 25.0 + 1e-9).floor() as usize;
    assert_eq!(views.view(1), View::Frame(expected), "body frame {body_frame}");
    assert_eq!(views.picture(1).map(|p| p.frame), Some(expected));
}

#[test]
fn focusing_the_other_camera_makes_it_the_leader_and_the_first_one_follows() {
    use claimframe::player::synced::View;
    let (mut p, mut views, phone) = synced_rig();
    p.apply(C::GoToFrame(150), p.now_secs());
    settle_grid(&mut p, &mut views);
    // Body 5.0 s → phone 2.5 s = its frame 60 (0.08 + 2.40 s; the FLV starts at 0.08 s).
    assert_eq!(views.view(1), View::Frame(60));
    assert_eq!(views.seek_target(views.wall_micros().expect("wall")), Some((0, 150)), "the focused camera first");

    assert!(views.refocus(1));
    assert!(!views.refocus(1), "already focused");
    let mut p = Player::open(&phone, PlayerOptions { audio: false, background: false }).expect("open the phone");
    p.settle(SETTLE);
    p.apply(C::GoToFrame(60), p.now_secs());
    settle_grid(&mut p, &mut views);
    assert_eq!(views.view(1), View::Focused);
    // Phone 2.48 s → body 4.98 s: its frame 149 (4.9667 s), at or before, not 150.
    assert_eq!(views.view(0), View::Frame(149));
    // At 21:02:01 only the body has footage: a seek there lands on the body (the caller focuses it).
    let early = views.cameras()[0].wall_of(30).expect("mapped");
    assert_eq!(views.seek_target(early), Some((0, 30)));
    // The phone's last frame (149, 6.04 s) is body 8.54 s: frame 256 (8.5333 s).
    p.apply(C::GoToEnd, p.now_secs());
    settle_grid(&mut p, &mut views);
    assert_eq!(views.view(0), View::Frame(256));
}
