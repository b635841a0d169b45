//! `bench multicam`'s measuring function on four small generated cameras (different patterns, staggered on the
//! wall clock): only what must hold on any machine — no view ever showed a frame from after the wall clock, every
//! seek while paused ended with every view exact, and each figure is present and in range. Timing goals are the
//! bench's business, not the test's.

mod support;

use std::path::PathBuf;

use claimframe::player::bench_multicam::{measure, MulticamOptions};

/// Four 4-second 320x240 30 fps H.264 cameras, each from its own test pattern.
fn cameras() -> Vec<PathBuf> {
    let dir = support::media::fixture_dir();
    let patterns = [
        "testsrc2=size=320x240:rate=30",
        "testsrc=size=320x240:rate=30",
        "smptebars=size=320x240:rate=30,hue=H=2*PI*t",
        "life=size=320x240:rate=30:seed=7:mold=10",
    ];
    patterns
        .iter()
        .enumerate()
        .map(|(k, pattern)| {
            let out = dir.join(format!("multicam_cam{}.mp4", k + 1));
            let path = out.to_str().expect("utf-8 path");
            support::media::ffmpeg(&[
                "-f", "lavfi", "-i", pattern, "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-g", "30",
                "-pix_fmt", "yuv420p", path,
            ]);
            out
        })
        .collect()
}

#[test]
fn a_grid_of_four_never_shows_a_frame_after_the_wall_clock_and_is_exact_after_every_seek() {
    support::isolate_cache();
    let files = cameras();
    let options = MulticamOptions { play_secs: 1.5, seeks: 4, seed: 3, stagger_millis: 433 };
    let f = measure(&files, &options).expect("the bench runs");

    assert_eq!(f.frames_after_wall_clock, 0, "a view showed a frame from after the wall clock");
    assert_eq!(f.seek_exact_millis.len(), 4, "every seek lands inside the common coverage");
    assert_eq!(f.seeks_not_exact(), 0, "every view became exact after each seek: {:?}", f.seek_exact_millis);
    let (median, worst) = (f.exact_median_millis().expect("a median"), f.exact_worst_millis().expect("a worst"));
    assert!(0.0 < median && median <= worst, "median {median} ms, worst {worst} ms");

    assert!(f.played_secs >= 1.0 && f.updates > 10, "played {} s in {} updates", f.played_secs, f.updates);
    assert_eq!(f.views.len(), 4);
    for (k, view) in f.views.iter().enumerate() {
        assert_eq!(view.path, files[k]);
        // 1.5 s at 30 fps, less the frame on screen at the start and the last one whose window was still open.
        assert!((35..=46).contains(&view.frames_due), "cam{}: {} frames due", k + 1, view.frames_due);
        assert!(view.frames_on_time + view.frames_skipped <= view.frames_due);
        assert!((0.0..=100.0).contains(&view.on_time_pct()));
        assert!(0.0 <= view.late_median_millis && view.late_median_millis <= view.late_worst_millis);
    }
    let (worst_index, _) = f.worst_other().expect("a worst other view");
    assert!((1..4).contains(&worst_index), "the worst other view is not the focused one");
    assert!(f.peak_rss_mib.is_some_and(|m| m > 0.0), "peak memory read from /proc");
}
