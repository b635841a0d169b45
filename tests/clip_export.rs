//! Stream-copy clips of an event: ffmpeg decodes the clip to exactly the source frames its sidecar names (checked
//! frame by frame with framemd5), the clip starts on a keyframe at or before the event, and covers the whole event.

mod support;

use std::process::Command;
use support::exchange::*;
use support::sample_footage;

fn md5s(args: &[&str]) -> Vec<String> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin"])
        .args(args)
        .args(["-an", "-f", "framemd5", "-"])
        .output()
        .expect("run ffmpeg");
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit(',').next().map(|m| m.trim().to_owned()))
        .collect()
}

#[test]
fn stream_copy_clip_holds_exactly_the_frames_its_sidecar_names() {
    let dir = temp_dir("clip");
    let case = write_case(&dir, sample_case());
    let out = dir.join("e2.mp4");
    run_ok(&["export", s(&case), "--format", "clip", "--event", "e2", "-o", s(&out)]);
    let sidecar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("e2.mp4.json")).expect("sidecar")).expect("sidecar JSON");
    let first = sidecar["clip"]["actual_frames"]["first"].as_u64().expect("first");
    let last = sidecar["clip"]["actual_frames"]["last"].as_u64().expect("last");
    let event = sample_case().events.get(&claimframe::case::EventId::from("e2")).cloned().expect("e2");
    assert!(first <= event.start.frame && last >= event.end.map_or(event.start.frame, |e| e.frame), "covers the event");
    assert_eq!(sidecar["clip"]["sha256"], claimframe::export::sha256_hex(&std::fs::read(&out).expect("clip")));
    let clip = md5s(&["-i", s(&out)]);
    let select = format!("select='between(n\\,{first}\\,{last})'");
    let source = md5s(&["-i", s(&sample_footage()), "-vf", &select, "-fps_mode", "passthrough"]);
    assert_eq!(clip.len() as u64, last - first + 1, "frame count");
    assert_eq!(clip, source, "the clip's frames are the source's frames {first}..={last}, bit for bit");
}

#[test]
fn clip_needs_an_event() {
    let dir = temp_dir("clip-noevent");
    let case = write_case(&dir, sample_case());
    let out = run(&["export", s(&case), "--format", "clip", "-o", s(&dir.join("x.mp4"))]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--event"));
}

#[test]
fn reencoded_clip_holds_exactly_the_event_frames() {
    let dir = temp_dir("clip-reencode");
    let case = write_case(&dir, sample_case());
    let out = dir.join("e2.mp4");
    run_ok(&["export", s(&case), "--format", "clip", "--event", "e2", "--reencode", "-o", s(&out)]);
    let sidecar: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("e2.mp4.json")).expect("sidecar")).expect("sidecar JSON");
    assert_eq!(sidecar["clip"]["actual_frames"]["first"], 270);
    assert_eq!(sidecar["clip"]["actual_frames"]["last"], 305);
    assert!(sidecar["clip"]["parameters"]["encoder"].as_str().is_some_and(|e| e.contains("libx264")));
    assert_eq!(md5s(&["-i", s(&out)]).len(), 36, "exactly frames 270..=305");
    // Each clip frame is closest to the same source frame (PSNR against source frames 270..=305 in order is high).
    let psnr = Command::new("ffmpeg")
        .args(["-v", "info", "-nostdin", "-i", s(&out), "-i", s(&sample_footage()), "-filter_complex"])
        .arg("[1:v]select='between(n\\,270\\,305)',setpts=N/30/TB[ref];[0:v]setpts=N/30/TB[c];[c][ref]psnr")
        .args(["-f", "null", "-"])
        .output()
        .expect("run ffmpeg psnr");
    let log = String::from_utf8_lossy(&psnr.stderr);
    let average: f64 = log
        .split("average:")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    assert!(average > 30.0, "re-encoded frames differ from the source's frames 270..=305 (PSNR {average}):\n{log}");
}
