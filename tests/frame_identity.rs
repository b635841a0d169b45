//! Frame identity along every access path, in any order: seeded random walks of requests (jumps, steps of ±1 and
//! ±10, first/last, reverse runs, batches) over every generated fixture and every file of the shared corpus, each
//! delivered frame compared with the engine's sequential decode and with FFmpeg's framemd5. A failure names the
//! file, the seed and the request sequence, so it can be replayed with `claimframe check-frames FILE --seed S`.

mod support;

use std::path::Path;

use claimframe::media::check::{self, CheckReport};
use claimframe::media::video::VideoFile;
use claimframe::media::Threading;
use support::media::*;
use support::{bin, isolate_cache};

const SEEDS: [u64; 3] = [1, 2, 3];
const REQUESTS: usize = 60;

fn describe_failure(report: &CheckReport) -> String {
    let walk: Vec<String> = report.walk.iter().map(|r| r.describe()).collect();
    let misses: Vec<String> = report
        .mismatches
        .iter()
        .take(8)
        .map(|m| {
            format!(
                "request {} ({}): frame {} {} vs {} {}",
                m.request, m.request_text, m.frame, m.delivered_md5, m.against, m.expected_md5
            )
        })
        .collect();
    format!(
        "{} seed {}: {}/{} identical; mismatches: {misses:?}; sequential vs ffmpeg differ at {:?}; notes {:?}\nrequests: {}",
        report.file,
        report.seed,
        report.frames_identical,
        report.frames_checked,
        report.sequential_vs_ffmpeg.iter().take(10).collect::<Vec<_>>(),
        report.notes,
        walk.join("; ")
    )
}

/// Walks `path` with every seed; returns the failures (empty when every frame matched).
fn walk_all_seeds(path: &Path) -> Vec<String> {
    let refs = check::references(path, true).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(refs.ffmpeg.is_some(), "the ffmpeg CLI must be installed for this test");
    SEEDS
        .iter()
        .filter_map(|&seed| {
            let report = check::check_walk(path, &refs, REQUESTS, seed)
                .unwrap_or_else(|e| panic!("{} seed {seed}: {e}", path.display()));
            assert!(report.frames_checked >= REQUESTS, "{}: every request delivers a frame", path.display());
            (!report.passed()).then(|| describe_failure(&report))
        })
        .collect()
}

#[test]
fn walks_over_generated_fixtures_equal_ffmpeg() {
    isolate_cache();
    let names = [
        "cfr_bframes_gop250.mp4",
        "open_gop.mp4",
        "vfr.mp4",
        "with_audio.mp4",
        "rotated90.mp4",
        "hevc.mp4",
        "mjpeg.avi",
        "mpegts.ts",
        "packed_bframes.avi",
        "interlaced.ts",
        "vp8_altref.webm",
        "duplicates.mp4",
        "long_gop_444.mp4",
        "elst_empty_edit_444.mp4",
        "mpeg2_interlaced.ts",
        "h264.flv",
        "damaged_middle.mp4",
        "truncated.mp4",
        "pixfmt_change.flv",
    ];
    let failures: Vec<String> = names.iter().flat_map(|n| walk_all_seeds(&fixture(n))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn walks_over_the_corpus_equal_ffmpeg_and_broken_files_fail_cleanly() {
    isolate_cache();
    let Some(corpus) = corpus_dir() else {
        eprintln!("SKIPPED: the shared corpus is absent (set CLAIMFRAME_CORPUS or place it at ../shared/corpus)");
        return;
    };
    let mut files: Vec<_> =
        std::fs::read_dir(corpus.join("media")).expect("read corpus").flatten().map(|e| e.path()).collect();
    files.sort();
    let (mut decodable, mut broken, mut failures) = (0, 0, Vec::new());
    for path in files.iter().filter(|p| p.is_file()) {
        if reference_md5s(path).is_empty() {
            broken += 1;
            let err = VideoFile::open(path, Threading::Reproducible).err();
            let err = err.unwrap_or_else(|| panic!("{}: FFmpeg decodes nothing, we opened it", path.display()));
            assert!(err.to_string().contains(&*path.to_string_lossy()), "the error names the file: {err}");
            continue;
        }
        decodable += 1;
        failures.extend(walk_all_seeds(path));
    }
    eprintln!(
        "corpus: {decodable} decodable files walked with {} seeds, {broken} broken files failed cleanly",
        SEEDS.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(decodable > 40);
}

#[test]
fn damaged_and_truncated_files_are_proven_frame_by_frame() {
    isolate_cache();
    for name in ["damaged_middle.mp4", "truncated.mp4"] {
        let path = fixture(name);
        let want = reference_md5s(&path);
        let mut v = VideoFile::open(&path, Threading::Fast).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Packets that decode to no frame are seen at indexing: the numbering is the sequential decode's.
        assert_eq!(v.frame_count(), want.len(), "{name}: every decodable frame is numbered, no more");
        let last = want.len() - 1;
        // The last frame, then stepping back across the damage, as a reviewer does. A quick (packet) index learns of
        // the damage on the way and is rebuilt by decoding.
        for n in (last.saturating_sub(want.len() / 2 + 30)..=last).rev() {
            assert_eq!(
                v.frame_md5(n).unwrap_or_else(|e| panic!("{name} frame {n}: {e}")),
                want[n],
                "{name}: frame {n}"
            );
        }
        // The index now comes from a decode that met the errors, and keeps the sequential decode's MD5s from there.
        assert!(v.damaged_from().is_some(), "{name}: the damage is known");
        if name == "damaged_middle.mp4" {
            // Frames after the damage but past the next keyframe were decoded from that keyframe and proven.
            assert!(v.stats().frames_proven > 0, "{name}: frames after the damage were proven: {:?}", v.stats());
        }
    }
}

#[test]
fn check_frames_cli_prints_a_summary_and_fails_on_a_wrong_reference() {
    isolate_cache();
    let path = fixture("open_gop.mp4");
    let out = std::process::Command::new(bin())
        .args(["check-frames"])
        .arg(&path)
        .args(["--walk", "30", "--seed", "4"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("check-frames: ") && text.contains("frames identical"), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    let counts: Vec<&str> = summary.split_whitespace().nth(1).unwrap_or_default().split('/').collect();
    assert_eq!(counts.len(), 2, "{summary}");
    assert_eq!(counts[0], counts[1], "{summary}");
    // JSON names every figure.
    let out = std::process::Command::new(bin())
        .args(["check-frames"])
        .arg(&path)
        .args(["--walk", "10", "--json"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["frames_checked"], json["frames_identical"]);
    assert_eq!(json["walk"].as_array().map(Vec::len), Some(10));
    // A walk compared with references that are not this file's frames reports every frame and fails.
    let refs = check::references(&path, false).expect("references");
    let wrong = check::References {
        sequential: refs.sequential.iter().map(|m| m.replace(|c: char| c.is_ascii_digit(), "0")).collect(),
        ffmpeg: None,
    };
    let report = check::check_walk(&path, &wrong, 20, 1).expect("walk");
    assert!(!report.passed() && report.mismatches.len() == report.frames_checked, "{}", describe_failure(&report));
}
