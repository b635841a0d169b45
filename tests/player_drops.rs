//! Playback on footage heavier than the machine (4K at 60 fps played at 4x, which no machine decodes and converts
//! in time): the player keeps the clock by leaving frames out instead of running late, every picture it does
//! show is in order and exactly the frame it is said to be, and pausing and stepping afterwards land exactly.

mod support;

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use claimframe::media::{video::VideoFile, Threading};
use claimframe::player::playback::PlayerOptions;
use claimframe::player::{Player, PlayerCommand as C, Presented};

const SETTLE: Duration = Duration::from_secs(120);

/// One 4K decode at a time: three at once on two cores would measure the tests, not the player.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The picture's digest: 4K pictures are compared by it rather than kept.
fn digest(pixels: &[u8]) -> Vec<u8> {
    Sha256::digest(pixels).to_vec()
}

/// A picture that went on screen while playing: when, which frame, and its digest.
struct Shown {
    wall_secs: f64,
    frame: usize,
    digest: Vec<u8>,
}

fn open_heavy() -> (Player, std::path::PathBuf) {
    support::isolate_cache();
    let path = support::media::fixture("heavy_4k60.mp4");
    let mut p = Player::open(&path, PlayerOptions { audio: false, background: false }).expect("spawn the decoder");
    assert_eq!(p.settle(SETTLE), Some(0), "the first frame is shown after opening");
    (p, path)
}

/// Plays until playback stops by itself, `enough` pictures went on screen or `wall` passes, recording what went on
/// screen. Also returns whether the player said, while playing, that it was leaving frames out.
fn play_for(p: &mut Player, enough: usize, wall: Duration) -> (Vec<Shown>, bool) {
    let until = Instant::now() + wall;
    let mut shown = Vec::new();
    let mut said_dropping = false;
    while p.state().is_playing() && shown.len() < enough && Instant::now() < until {
        let now = p.now_secs();
        if let Some(Presented { frame, image }) = p.update(now) {
            shown.push(Shown { wall_secs: now, frame, digest: digest(&image.pixels) });
        }
        said_dropping |= p.rate_report(p.now_secs()).is_some_and(|r| r.is_dropping());
        std::thread::sleep(Duration::from_millis(1));
    }
    (shown, said_dropping)
}

/// Every picture shown is the single-threaded reference decode's picture of that frame.
fn assert_exact(path: &std::path::Path, shown: &[Shown]) {
    let mut reference = VideoFile::open(path, Threading::Reproducible).expect("open the reference");
    let mut by_frame: Vec<&Shown> = shown.iter().collect();
    by_frame.sort_by_key(|s| s.frame);
    for s in by_frame {
        let want = reference.display_rgba(s.frame).expect("reference frame");
        assert!(digest(&want.pixels) == s.digest, "frame {} shown is not that frame's picture", s.frame);
    }
}

#[test]
fn heavy_footage_leaves_frames_out_instead_of_running_late() {
    let _alone = one_at_a_time();
    let (mut p, path) = open_heavy();
    let timeline = p.timeline().cloned().expect("timeline");
    let last = timeline.last_frame();
    p.apply(C::SetSpeed(4.0), p.now_secs());
    let started = p.now_secs();
    p.apply(C::TogglePlay, started);
    let (shown, said_dropping) = play_for(&mut p, usize::MAX, SETTLE);
    assert!(!p.state().is_playing(), "playback ends at the last frame");
    assert_eq!(p.shown_frame(), Some(last), "and stops on it");

    let frames: Vec<usize> = shown.iter().map(|s| s.frame).collect();
    assert!(frames.windows(2).all(|w| w[1] > w[0]), "pictures go on screen in order: {frames:?}");
    assert!(frames.len() < last, "frames are left out at 4x 4K60 ({} of {last} shown)", frames.len());
    assert!(said_dropping, "the player says it shows fewer frames than the clock passes");
    // Lateness does not pile up: each picture (the last frame aside, which playback waits for) goes on screen
    // within a keyframe's decoding of when it is due, where decoding every frame would fall further behind with
    // each one (seconds behind by the end).
    let interval_secs = timeline.typical_interval_secs();
    for s in shown.iter().filter(|s| s.frame < last) {
        let due = started + (timeline.secs_of(s.frame) - timeline.secs_of(0)) / 4.0;
        let late = s.wall_secs - due;
        assert!(late < 0.5, "frame {} went on screen {late:.3} s after it was due ({frames:?})", s.frame);
        assert!(late > -interval_secs, "frame {} went on screen before it was due", s.frame);
    }
    assert_exact(&path, &shown);
}

#[test]
fn pausing_and_stepping_after_frames_were_left_out_land_exactly() {
    let _alone = one_at_a_time();
    let (mut p, path) = open_heavy();
    // At 1x (four seconds of footage) a loaded machine still shows three pictures before the end; 4K60 decodes at
    // well under 60 frames a second on two cores, so frames are left out meanwhile.
    p.apply(C::TogglePlay, p.now_secs());
    let (shown, _) = play_for(&mut p, 3, SETTLE);
    assert!(p.state().is_playing(), "still playing after three pictures: {:?}", p.shown_frame());
    p.apply(C::Pause, p.now_secs());
    let held = p.settle(SETTLE).expect("a frame on screen");
    assert_eq!(Some(held), shown.last().map(|s| s.frame), "a pause keeps the frame on screen");
    assert_eq!(p.state().position(), held, "and stands on it");

    let mut reference = VideoFile::open(&path, Threading::Reproducible).expect("open the reference");
    for (step, want) in [(1, held + 1), (1, held + 2), (-1, held + 1), (-1, held), (-1, held.saturating_sub(1))] {
        p.apply(C::Step(step), p.now_secs());
        let deadline = Instant::now() + SETTLE;
        let mut picture = None;
        while Instant::now() < deadline && !p.is_settled() {
            if let Some(x) = p.update(p.now_secs()) {
                picture = Some(x);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let picture = picture.expect("the step's picture");
        assert_eq!(picture.frame, want, "step {step} lands on frame {want}");
        let exact = reference.display_rgba(want).expect("reference frame");
        assert!(*picture.image == exact, "frame {want} after the step is that frame's picture, decoded fully");
    }
}

#[test]
fn reverse_on_heavy_footage_keeps_the_clock_with_exact_frames_in_order() {
    let _alone = one_at_a_time();
    let (mut p, path) = open_heavy();
    let last = p.timeline().map(|t| t.last_frame()).expect("timeline");
    p.apply(C::GoToEnd, p.now_secs());
    assert_eq!(p.settle(SETTLE), Some(last));
    for _ in 0..3 {
        p.apply(C::ShuttleReverse, p.now_secs()); // 1x, 2x, 4x
    }
    let (shown, said_dropping) = play_for(&mut p, usize::MAX, SETTLE);
    assert!(!p.state().is_playing(), "reverse play ends at the first frame");
    assert_eq!(p.shown_frame(), Some(0));
    let frames: Vec<usize> = shown.iter().map(|s| s.frame).collect();
    assert!(frames.windows(2).all(|w| w[1] < w[0]), "backwards, in order: {frames:?}");
    assert!(frames.len() < last, "frames are left out backwards too ({} of {last} shown)", frames.len());
    assert!(said_dropping, "the player says it shows fewer frames than the clock passes");
    assert_exact(&path, &shown);
}
