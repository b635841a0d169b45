//! End to end: generate a short sample into a temporary folder and check it with `ffprobe` (must be on PATH):
//! H.264 1280x720 at 30 fps with exactly the rendered frame count, AAC 48 kHz, tags, and a matching truth file.

use std::path::Path;
use std::process::Command;

use claimframe::sample::{GroundTruth, SampleOptions};
use serde_json::Value;

const SECONDS: u32 = 3;

fn ffprobe(path: &Path) -> Value {
    let mut command = Command::new("ffprobe");
    command.args(["-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json"]).arg(path);
    let (stdout, _) = run(&mut command);
    match serde_json::from_str(&stdout) {
        Ok(v) => v,
        Err(err) => panic!("ffprobe printed invalid JSON: {err}"),
    }
}

/// Runs a command that must succeed; returns its stdout and stderr.
fn run(command: &mut Command) -> (String, String) {
    let output = match command.output() {
        Ok(o) => o,
        Err(err) => panic!("cannot run {command:?} (install ffmpeg): {err}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{command:?} failed: {stderr}");
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}

fn stream<'a>(probe: &'a Value, kind: &str) -> &'a Value {
    let streams = probe["streams"].as_array().map(Vec::as_slice).unwrap_or_default();
    match streams.iter().find(|s| s["codec_type"] == kind) {
        Some(s) => s,
        None => panic!("no {kind} stream in {probe}"),
    }
}

#[test]
fn short_sample_is_a_valid_mp4_with_truth() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(err) => panic!("tempdir: {err}"),
    };
    let options = SampleOptions { progress: false, ..SampleOptions::first_secs(SECONDS) };
    let sample = match claimframe::sample::generate_sample_with(dir.path(), &options) {
        Ok(s) => s,
        Err(err) => panic!("generate: {err:#}"),
    };
    let frames = SECONDS * 30;
    assert_eq!(sample.frame_count, frames);
    assert!(sample.video_path.ends_with("bodycam_sample.mp4"));
    assert!(sample.video_size_bytes > 10_000, "suspiciously small: {} bytes", sample.video_size_bytes);
    // The whole 60 s must stay under 5 MB; a short cut must not already eat its share plus a generous margin.
    assert!(sample.video_size_bytes < 5_000_000 * u64::from(SECONDS) / 60 * 2, "{} bytes", sample.video_size_bytes);

    let probe = ffprobe(&sample.video_path);
    let video = stream(&probe, "video");
    assert_eq!(video["codec_name"], "h264");
    assert_eq!(video["width"], 1280);
    assert_eq!(video["height"], 720);
    assert_eq!(video["pix_fmt"], "yuv420p");
    assert_eq!(video["r_frame_rate"], "30/1");
    assert_eq!(video["avg_frame_rate"], "30/1");
    assert_eq!(video["nb_frames"], frames.to_string());
    assert_eq!(video["nb_read_frames"], frames.to_string(), "decoded frame count");
    let audio = stream(&probe, "audio");
    assert_eq!(audio["codec_name"], "aac");
    assert_eq!(audio["sample_rate"], "48000");
    assert_eq!(audio["channels"], 2);
    let tags = &probe["format"]["tags"];
    assert_eq!(tags["creation_time"], "2031-04-17T21:02:00.000000Z");
    assert!(tags["comment"].as_str().is_some_and(|c| c.contains("SYNTHETIC FOOTAGE")), "{tags}");
    let duration_secs: f64 = probe["format"]["duration"].as_str().and_then(|d| d.parse().ok()).unwrap_or(0.0);
    assert!((duration_secs - f64::from(SECONDS)).abs() < 0.05, "duration {duration_secs}");

    // Closed GOPs of 60: keyframes exactly on frames 0 and 60, and a seek to the second one decodes without a word
    // from the decoder (open GOPs would leave leading B-frames without their references).
    let mut keyframes = Command::new("ffprobe");
    keyframes.args(["-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame", "-of", "csv=p=0"]);
    let (flags, _) = run(keyframes.arg(&sample.video_path));
    // One line per frame ("1," when side data follows, which ffprobe prints as an extra blank line).
    let per_frame = flags.lines().filter(|l| !l.trim().is_empty());
    let key_indices: Vec<usize> =
        per_frame.enumerate().filter(|(_, l)| l.split(',').next() == Some("1")).map(|(i, _)| i).collect();
    assert_eq!(key_indices, vec![0, 60], "keyframe positions");
    let mut seek = Command::new("ffmpeg");
    seek.args(["-v", "warning", "-ss", "2.0", "-i"]).arg(&sample.video_path);
    let (_, seek_log) = run(seek.args(["-frames:v", "5", "-f", "null", "-"]));
    assert!(seek_log.trim().is_empty(), "decoder complained after a seek: {seek_log}");

    let json = match std::fs::read_to_string(&sample.truth_path) {
        Ok(j) => j,
        Err(err) => panic!("read truth: {err}"),
    };
    let truth: GroundTruth = match serde_json::from_str(&json) {
        Ok(t) => t,
        Err(err) => panic!("parse truth: {err}"),
    };
    assert_eq!(truth, sample.truth);
    assert_eq!(truth.frame_count, frames);
    assert!(truth.events.iter().all(|e| e.end_frame < frames));
    // No temporary files left behind.
    let leftovers: Vec<_> = match std::fs::read_dir(dir.path()) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.file_name()).collect(),
        Err(err) => panic!("list: {err}"),
    };
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn encoding_is_byte_identical_across_runs() {
    let options = SampleOptions { frame_count: 30, progress: false };
    let mut digests = Vec::new();
    for _ in 0..2 {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(err) => panic!("tempdir: {err}"),
        };
        let sample = match claimframe::sample::generate_sample_with(dir.path(), &options) {
            Ok(s) => s,
            Err(err) => panic!("generate: {err:#}"),
        };
        match std::fs::read(&sample.video_path) {
            Ok(bytes) => digests.push(bytes),
            Err(err) => panic!("read back: {err}"),
        }
    }
    assert!(digests[0] == digests[1], "two runs wrote different MP4 bytes (x264 threads must stay at 1)");
}

#[test]
fn short_phone_clip_is_a_640x360_mp4_with_44100_hz_sound_and_its_own_creation_time() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(err) => panic!("tempdir: {err}"),
    };
    let options = SampleOptions { progress: false, ..SampleOptions::first_secs(SECONDS) };
    let phone = match claimframe::sample::generate_phone_with(dir.path(), &options) {
        Ok(s) => s,
        Err(err) => panic!("generate: {err:#}"),
    };
    let frames = SECONDS * 30;
    assert!(phone.video_path.ends_with("phone_sample.mp4"));
    let probe = ffprobe(&phone.video_path);
    let video = stream(&probe, "video");
    assert_eq!((video["width"].as_u64(), video["height"].as_u64()), (Some(640), Some(360)));
    assert_eq!(video["nb_read_frames"], frames.to_string(), "decoded frame count");
    let audio = stream(&probe, "audio");
    assert_eq!(audio["codec_name"], "aac");
    assert_eq!(audio["sample_rate"], "44100");
    assert_eq!(audio["channels"], 1);
    let tags = &probe["format"]["tags"];
    assert_eq!(tags["creation_time"], "2031-04-17T21:02:08.000000Z");
    assert!(tags["comment"].as_str().is_some_and(|c| c.contains("SYNTHETIC FOOTAGE")), "{tags}");
    let Some(clock) = phone.truth.clock.as_ref() else { panic!("the phone's truth has no clock") };
    assert_eq!(clock.creation_time_utc, "2031-04-17T21:02:08.000000Z");
    assert!(phone.truth.events.iter().all(|e| e.end_frame < frames));
}

/// The committed phone footage is exactly what `claimframe sample footage` writes (about 30 s in a debug build).
#[test]
fn committed_phone_footage_is_what_the_generator_writes() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(err) => panic!("tempdir: {err}"),
    };
    let phone = match claimframe::sample::generate_phone_with(
        dir.path(),
        &SampleOptions { progress: false, ..Default::default() },
    ) {
        Ok(s) => s,
        Err(err) => panic!("generate: {err:#}"),
    };
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/footage");
    for (made, name) in [(&phone.video_path, "phone_sample.mp4"), (&phone.truth_path, "phone_sample.truth.json")] {
        let (Ok(a), Ok(b)) = (std::fs::read(made), std::fs::read(committed.join(name))) else { panic!("read {name}") };
        assert!(a == b, "{name} differs from what the generator writes; run `claimframe sample footage`");
    }
}
