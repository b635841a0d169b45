//! The media engine against FFmpeg itself: every frame reached by random access, by stepping forwards and by
//! stepping backwards must be the frame FFmpeg decodes at that position, byte for byte.

mod support;

use claimframe::media::index::{self, IndexMethod};
use claimframe::media::video::{linear_md5s, VideoFile};
use claimframe::media::{index_cache, probe, Threading};
use support::isolate_cache;
use support::media::*;

/// Random access in a scrambled order (a fresh seek each), then stepping forward and backward, all against FFmpeg.
fn assert_parity(name: &str) {
    isolate_cache();
    let path = fixture(name);
    let want = reference_md5s(&path);
    assert!(!want.is_empty(), "{name}: ffmpeg decoded nothing");
    let mut v = VideoFile::open(&path, Threading::Reproducible).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        v.frame_count(),
        want.len(),
        "{name}: frame count (index {:?}, notes {:?})",
        v.index().method,
        v.index().notes
    );
    for n in picks(want.len(), 12, 7) {
        v.reset();
        assert_eq!(v.frame_md5(n).unwrap(), want[n], "{name}: random access to frame {n}");
    }
    // The same jumps decoding only the reference frames before each target.
    v.set_skip_nonref_on_seek(true);
    for n in picks(want.len(), 12, 8) {
        v.reset();
        assert_eq!(v.frame_md5(n).unwrap(), want[n], "{name}: jump (non-reference frames skipped) to frame {n}");
    }
    v.set_skip_nonref_on_seek(false);
    // Step forward through the first 40 frames without resetting (decoder continues within the GOP).
    v.reset();
    for (n, md5) in want.iter().enumerate().take(40) {
        assert_eq!(&v.frame_md5(n).unwrap(), md5, "{name}: stepping forward to frame {n}");
    }
    // Step backward from the end with a small cache, so steps must re-decode from earlier keyframes.
    v.reset();
    v.set_cache_bytes(8 << 20);
    let last = want.len() - 1;
    for n in (last.saturating_sub(70)..=last).rev() {
        assert_eq!(v.frame_md5(n).unwrap(), want[n], "{name}: stepping backward to frame {n}");
    }
}

#[test]
fn cfr_bframes_long_gop() {
    assert_parity("cfr_bframes_gop250.mp4");
}

#[test]
fn open_gop() {
    assert_parity("open_gop.mp4");
}

#[test]
fn variable_frame_rate() {
    assert_parity("vfr.mp4");
}

#[test]
fn with_audio() {
    assert_parity("with_audio.mp4");
}

#[test]
fn rotated() {
    assert_parity("rotated90.mp4");
}

#[test]
fn hevc() {
    assert_parity("hevc.mp4");
}

#[test]
fn mjpeg_avi() {
    assert_parity("mjpeg.avi");
}

#[test]
fn mpeg_ts() {
    assert_parity("mpegts.ts");
}

#[test]
fn packed_bframes_avi() {
    assert_parity("packed_bframes.avi");
}

#[test]
fn interlaced_field_coded() {
    assert_parity("interlaced.ts");
}

#[test]
fn vp8_hidden_altref_frames() {
    assert_parity("vp8_altref.webm");
}

#[test]
fn streams_that_do_not_map_one_to_one_are_indexed_by_decoding() {
    isolate_cache();
    for name in ["packed_bframes.avi", "interlaced.ts", "vp8_altref.webm"] {
        let idx = index::build(&fixture(name)).unwrap();
        assert_eq!(idx.method, IndexMethod::Decode, "{name}: {:?}", idx.notes);
        assert!(!idx.notes.is_empty(), "{name}: the reason is recorded");
    }
    let idx = index::build(&fixture("cfr_bframes_gop250.mp4")).unwrap();
    assert_eq!(idx.method, IndexMethod::Demux, "{:?}", idx.notes);
}

#[test]
fn a_wrong_index_is_caught_and_rebuilt_by_decoding() {
    isolate_cache();
    let path = fixture("cfr_bframes_gop250.mp4");
    let want = reference_md5s(&path);
    let mut idx = index::build(&path).unwrap();
    assert_eq!(idx.method, IndexMethod::Demux);
    // Pretend the packets lied: drop frame 100 from the numbering, so every later frame is off by one.
    idx.frames.remove(100);
    for sp in idx.seek_points.iter_mut().filter(|s| s.frame > 100) {
        sp.frame -= 1;
    }
    let mut v = VideoFile::open_with_index(&path, idx, Threading::Reproducible).unwrap();
    assert_eq!(v.frame_md5(150).unwrap(), want[150], "the reader must notice and renumber by decoding");
    assert_eq!(v.stats().index_rebuilds, 1);
    assert_eq!(v.frame_count(), want.len());
}

#[test]
fn linear_md5s_match_ffmpeg() {
    isolate_cache();
    let path = fixture("open_gop.mp4");
    let want = reference_md5s(&path);
    let mut got = Vec::new();
    let summary = linear_md5s(&path, Threading::Reproducible, |_, m| got.push(m.to_string())).unwrap();
    assert_eq!(summary.frames, want.len());
    assert_eq!(got, want);
}

#[test]
fn index_is_cached_per_file_identity() {
    isolate_cache();
    let src = fixture("with_audio.mp4");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.mp4");
    std::fs::copy(&src, &copy).unwrap();
    let (_, cached) = index_cache::load_or_build(&copy).unwrap();
    assert!(!cached);
    let (_, cached) = index_cache::load_or_build(&copy).unwrap();
    assert!(cached, "second open comes from the cache");
    // Same name, different contents: the cache must not be used.
    std::fs::copy(fixture("vfr.mp4"), &copy).unwrap();
    let (idx, cached) = index_cache::load_or_build(&copy).unwrap();
    assert!(!cached);
    assert_eq!(idx.len(), reference_md5s(&copy).len());
}

#[test]
fn probe_reports_rotation_vfr_audio_and_creation_time() {
    isolate_cache();
    let p = fixture("rotated90.mp4");
    let (idx, _) = index_cache::load_or_build(&p).unwrap();
    let info = probe::probe(&p, &idx).unwrap();
    // FFmpeg 5.1 writes `rotate=90` as a display matrix whose autorotation turns the picture counter-clockwise.
    assert_eq!(info.video.rotation_cw_deg, 270);
    assert!(info.streams.iter().any(|s| s.kind == "audio" && s.codec == "aac"));
    assert!(!info.video.variable_frame_rate);
    assert!((info.video.declared_fps.unwrap() - 30.0).abs() < 1e-9);

    let p = fixture("with_audio.mp4");
    let (idx, _) = index_cache::load_or_build(&p).unwrap();
    let info = probe::probe(&p, &idx).unwrap();
    assert_eq!(info.creation_time.as_deref(), Some("2025-10-03T14:05:06.000000Z"));
    assert_eq!(info.video.rotation_cw_deg, 0);

    let p = fixture("vfr.mp4");
    let (idx, _) = index_cache::load_or_build(&p).unwrap();
    let info = probe::probe(&p, &idx).unwrap();
    assert!(info.video.variable_frame_rate, "{:?}", info.video);
    let measured = info.video.measured_fps.unwrap();
    assert!(measured > 20.0 && measured < 30.0, "measured {measured}");
}

/// FFmpeg's own displayed picture (autorotate on) of frame `n` as RGBA bytes.
fn ffmpeg_displayed_rgba(path: &std::path::Path, n: usize) -> Vec<u8> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-i"])
        .arg(path)
        .args([
            "-map",
            "0:v:0",
            "-vf",
            &format!("select=eq(n\\,{n})"),
            "-frames:v",
            "1",
            "-pix_fmt",
            "rgba",
            "-f",
            "rawvideo",
            "-",
        ])
        .output()
        .expect("run ffmpeg");
    out.stdout
}

fn assert_display_matches_ffmpeg(path: &std::path::Path, n: usize) -> claimframe::media::convert::RgbaImage {
    let mut v = VideoFile::open(path, Threading::Reproducible).unwrap();
    let shown = v.display_rgba(n).unwrap();
    let want = ffmpeg_displayed_rgba(path, n);
    assert_eq!(shown.pixels.len(), want.len(), "{}: displayed size", path.display());
    let diff: u64 = shown.pixels.iter().zip(&want).map(|(a, b)| u64::from(a.abs_diff(*b))).sum();
    let mean = diff as f64 / want.len() as f64;
    // Colour conversion may round differently by a level or two; a wrong rotation or mirror costs tens of levels.
    assert!(mean < 4.0, "{}: mean difference {mean} from FFmpeg's displayed frame", path.display());
    shown
}

#[test]
fn display_rotation_is_applied_as_ffmpeg_displays_it() {
    isolate_cache();
    let p = fixture("rotated90.mp4");
    let shown = assert_display_matches_ffmpeg(&p, 5);
    assert_eq!((shown.width, shown.height), (240, 320));
    let mut v = VideoFile::open(&p, Threading::Reproducible).unwrap();
    let stored = v.frame_rgba(5).unwrap();
    assert_eq!((stored.width, stored.height), (320, 240));
    if let Some(corpus) = corpus_dir() {
        for name in ["mp4parse_video_rotation_90.mp4", "ax_sample_rotate_and_reflect.mp4", "ax_dolbyVision-hdr.MOV"] {
            assert_display_matches_ffmpeg(&corpus.join("media").join(name), 0);
        }
    } else {
        eprintln!("SKIPPED corpus rotation files: the shared corpus is absent");
    }
}

#[test]
fn jumps_decode_only_reference_frames_and_stay_exact() {
    isolate_cache();
    let path = fixture("cfr_bframes_gop250.mp4");
    let want = reference_md5s(&path);
    let mut decoded = Vec::new();
    for skip in [false, true] {
        let mut v = VideoFile::open(&path, Threading::Reproducible).unwrap();
        v.set_skip_nonref_on_seek(skip);
        assert_eq!(v.frame_md5(240).unwrap(), want[240]);
        assert_eq!(v.stats().seeks, 1, "skip={skip}: one seek, no retry");
        decoded.push(v.stats().frames_decoded);
    }
    assert!(decoded[1] * 10 < decoded[0] * 7, "skipping non-reference frames decodes far fewer frames: {decoded:?}");
}
