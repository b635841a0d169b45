//! The timeline's thumbnail worker on real files made with the ffmpeg CLI: thumbnails are the displayed picture
//! shrunk to the asked height, the cache stays bounded, and the worker stops when dropped.

mod support;

use std::time::{Duration, Instant};

use claimframe::media::video::VideoFile;
use claimframe::media::Threading;
use claimframe::player::thumbnails::{shrink_to_height, ThumbnailWorker};

fn wait_until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn thumbnails_are_the_displayed_frames_shrunk() {
    support::isolate_cache();
    let path = support::media::fixture("with_audio.mp4");
    let worker = ThumbnailWorker::spawn(path.clone(), 64, 16);
    worker.request(&[60, 30, 0]);
    wait_until(|| [0, 30, 60].iter().all(|f| worker.get(*f).is_some()));
    assert_eq!(worker.error(), None);
    let mut video = VideoFile::open(&path, Threading::Fast).expect("open fixture");
    for frame in [0, 30, 60] {
        let thumb = worker.get(frame).expect("thumbnail made");
        assert_eq!(thumb.frame, frame);
        assert_eq!((thumb.image.width, thumb.image.height), (85, 64), "320×240 keeps 4:3 at 64 px high");
        let want = shrink_to_height(&video.display_rgba(frame).expect("decode"), 64);
        assert_eq!(thumb.image, want, "frame {frame} is exactly that frame, shrunk");
    }
    assert!(!worker.is_busy());
}

#[test]
fn rotated_video_keeps_its_displayed_aspect_and_the_cache_is_bounded() {
    support::isolate_cache();
    let worker = ThumbnailWorker::spawn(support::media::fixture("rotated90.mp4"), 64, 2);
    worker.request(&[0]);
    wait_until(|| worker.get(0).is_some());
    let thumb = worker.get(0).expect("thumbnail made");
    assert_eq!((thumb.image.width, thumb.image.height), (48, 64), "shown upright: 240×320");
    worker.request(&[30]);
    worker.request(&[60]);
    wait_until(|| !worker.is_busy() && worker.get(60).is_some());
    let kept = [0, 30, 60].iter().filter(|f| worker.get(**f).is_some()).count();
    assert_eq!(kept, 2, "capacity 2");
    assert!(worker.get(0).is_none(), "the oldest went first");
    worker.request(&[5_000]);
    wait_until(|| worker.error().is_some());
    assert!(
        worker.error().is_some_and(|e| e.contains("frame 5000")),
        "a bad frame is reported in words: {:?}",
        worker.error()
    );
    drop(worker);
}

#[test]
fn frames_between_keyframes_are_exact_and_the_cache_keeps_the_recently_used() {
    support::isolate_cache();
    let path = support::media::fixture("with_audio.mp4");
    // Keyframes every 30 frames: 37, 38 and 44 are decoded from frame 30 on, as the player does.
    let worker = ThumbnailWorker::spawn(path.clone(), 64, 4);
    worker.request_only(&[37, 38, 44]);
    wait_until(|| [37, 38, 44].iter().all(|f| worker.get(*f).is_some()));
    assert_eq!(worker.error(), None);
    let mut video = VideoFile::open(&path, Threading::Fast).expect("open fixture");
    let picture = |video: &mut VideoFile, f: usize| shrink_to_height(&video.display_rgba(f).expect("decode"), 64);
    for frame in [37, 38, 44] {
        let thumb = worker.get(frame).expect("made");
        assert_eq!(thumb.frame, frame);
        assert_eq!(thumb.image, picture(&mut video, frame), "frame {frame} is that very picture");
        for other in [frame - 1, frame + 1] {
            assert_ne!(thumb.image, picture(&mut video, other), "frame {frame} is not frame {other}");
        }
    }

    // Capacity 4: asking for 37 again keeps it while the others make way for newer frames.
    for batch in [[50usize, 51], [52, 53], [54, 55]] {
        assert!(worker.get(37).is_some(), "37 is still cached before batch {batch:?}");
        worker.request_only(&batch);
        wait_until(|| !worker.is_busy() && batch.iter().all(|f| worker.get(*f).is_some()));
        assert!(worker.cached() <= 4, "bounded: {} cached", worker.cached());
    }
    assert!(worker.get(37).is_some(), "the recently used one is kept");
    assert!(worker.get(38).is_none() && worker.get(44).is_none(), "the least recently used went first");
}

#[test]
fn asking_for_what_is_on_screen_drops_the_requests_scrolled_away() {
    support::isolate_cache();
    let worker = ThumbnailWorker::spawn(support::media::fixture("with_audio.mp4"), 64, 64);
    let old: Vec<usize> = (60..90).collect();
    worker.request_only(&old);
    worker.request_only(&[10, 11, 12]);
    let pending = worker.pending();
    assert!(pending.iter().all(|f| [10, 11, 12].contains(f)), "only what is on screen waits: {pending:?}");
    wait_until(|| !worker.is_busy());
    assert!([10, 11, 12].iter().all(|f| worker.get(*f).is_some()));
    let made_from_old = old.iter().filter(|f| worker.get(**f).is_some()).count();
    assert!(made_from_old <= 1, "at most the one being decoded when the view moved: {made_from_old}");
}
