//! The command line as a user meets it: exact outputs on good files, `error: …` and exit status 1 on bad ones,
//! partial results where a file is partly readable, and never a panic or a hang.

mod support;

use std::process::{Command, Output};
use std::time::Duration;

use support::media::*;
use support::{bin, isolate_cache};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    isolate_cache();
    let mut child = Command::new(bin())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn claimframe");
    // A hang is a failure: wait at most a minute.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("claimframe {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn assert_clean_failure(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: exit status; stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

#[test]
fn bad_inputs_fail_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.path().join("notes.mp4");
    std::fs::write(&text, "this is not a video\n".repeat(100)).unwrap();
    let missing = dir.path().join("missing.mp4");
    for cmd in ["probe", "frames", "framemd5", "timing"] {
        let out = run(&[os(cmd), missing.as_os_str()]);
        assert_clean_failure(&out, cmd);
        assert!(String::from_utf8_lossy(&out.stderr).contains("file not found"));
        let out = run(&[os(cmd), empty.as_os_str()]);
        assert_clean_failure(&out, cmd);
        assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
        assert_clean_failure(&run(&[os(cmd), text.as_os_str()]), cmd);
    }
    let out = run(&[
        os("still"),
        fixture("with_audio.mp4").as_os_str(),
        os("--frame"),
        os("100000"),
        os("-o"),
        dir.path().join("x.png").as_os_str(),
    ]);
    assert_clean_failure(&out, "still out of range");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert_clean_failure(&run(&[os("hash"), missing.as_os_str()]), "hash");
}

#[test]
fn truncated_and_damaged_files_give_what_ffmpeg_gives() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read(fixture("mpegts.ts")).unwrap();
    // Truncated mid-stream.
    let truncated = dir.path().join("truncated.ts");
    std::fs::write(&truncated, &src[..src.len() * 2 / 5]).unwrap();
    // Damaged: a run of garbage bytes in the middle.
    let mut bytes = src.clone();
    let mid = bytes.len() / 2;
    for (i, b) in bytes[mid..mid + 4000].iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    let damaged = dir.path().join("damaged.ts");
    std::fs::write(&damaged, &bytes).unwrap();
    for path in [&truncated, &damaged] {
        let want = reference_md5s(path);
        assert!(!want.is_empty());
        let out = run(&[os("framemd5"), path.as_os_str()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
            .collect();
        assert_eq!(got, want, "{}", path.display());
        let list: Vec<String> = picks(want.len(), 5, 11).iter().map(|n| n.to_string()).collect();
        let out = run(&[os("framemd5"), path.as_os_str(), os("--frames"), os(&list.join(","))]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        for l in String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.starts_with('#')) {
            let mut it = l.split_whitespace();
            let n: usize = it.next().unwrap().parse().unwrap();
            assert_eq!(it.next().unwrap(), want[n], "{} frame {n}", path.display());
        }
    }
}

#[test]
fn framemd5_says_how_it_decodes_and_lists_frames_in_the_order_given() {
    let p = fixture("cfr_bframes_gop250.mp4");
    let want = reference_md5s(&p);
    let out = run(&[os("framemd5"), p.as_os_str(), os("--frames"), os("299,0,17,250,249")]);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("threads=1 (reproducible)"));
    let rows: Vec<(usize, String)> = lines
        .map(|l| {
            let (a, b) = l.split_once(' ').unwrap();
            (a.parse().unwrap(), b.to_string())
        })
        .collect();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![299, 0, 17, 250, 249]);
    for (n, md5) in rows {
        assert_eq!(md5, want[n]);
    }
}

#[test]
fn hash_matches_sha256sum() {
    let p = fixture("with_audio.mp4");
    let ours = run(&[os("hash"), p.as_os_str()]);
    let theirs = Command::new("sha256sum").arg(&p).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&ours.stdout), String::from_utf8_lossy(&theirs.stdout));
}

#[test]
fn frames_lists_every_frame_with_pts_time_key_and_size() {
    let p = fixture("vfr.mp4");
    let out = run(&[os("frames"), p.as_os_str(), os("--json")]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), reference_md5s(&p).len());
    assert_eq!(rows[0]["keyframe"], true);
    assert_eq!(rows[0]["index"], 0);
    // 30 fps, then 20 fps after frame 60: the times say so (never frame / fps).
    let t = |i: usize| rows[i]["time_secs"].as_f64().unwrap();
    assert!((t(11) - t(10) - 1.0 / 30.0).abs() < 1e-6);
    assert!((t(71) - t(70) - 1.0 / 20.0).abs() < 1e-6);
    assert_eq!(rows.len(), 100);
    assert!(rows.iter().all(|r| r["packet_size"].as_u64().unwrap() > 0));
    let text = run(&[os("frames"), p.as_os_str()]);
    assert!(String::from_utf8_lossy(&text.stdout).lines().nth(2).unwrap().starts_with("0\t"));
}

#[test]
fn still_writes_the_displayed_frame() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("f.png");
    let out =
        run(&[os("still"), fixture("rotated90.mp4").as_os_str(), os("--frame"), os("3"), os("-o"), png.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (240, 320));
}

#[test]
fn timing_finds_duplicates_and_vfr() {
    let out = run(&[os("timing"), fixture("duplicates.mp4").as_os_str(), os("--json")]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dups = r["duplicates"].as_array().unwrap();
    assert!(dups.len() >= 15, "{r}");
    assert_eq!(dups[0]["first_frame"], 0);
    assert_eq!(dups[0]["last_frame"], 2);
    assert_eq!(r["variable_frame_rate"], false);
    let out = run(&[os("timing"), fixture("vfr.mp4").as_os_str(), os("--json")]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["variable_frame_rate"], true);
    assert!(r["duplicates"].as_array().unwrap().is_empty());
}

#[test]
fn probe_json_and_text() {
    let p = fixture("with_audio.mp4");
    let out = run(&[os("probe"), p.as_os_str(), os("--json")]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["video"]["frame_count"], reference_md5s(&p).len());
    assert_eq!(v["container"], "mov,mp4,m4a,3gp,3g2,mj2");
    let text = run(&[os("probe"), p.as_os_str()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("creation_time: 2025-10-03T14:05:06"), "{text}");
    assert!(text.contains("stream 1: audio aac"), "{text}");
}
