//! `claimframe case …` as a script would drive it: build a case on a generated clip, code and link an event at an
//! exact frame, read it back with its citation, and catch a changed media file with `verify`.

mod support;

use std::path::Path;
use std::process::Command;

use support::media::*;
use support::{bin, case_cmd, isolate_cache, ok};

#[test]
fn build_code_link_show_and_verify_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mp4");
    std::fs::copy(fixture("vfr.mp4"), &clip).unwrap();
    let case = dir.path().join("stop.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Test stop"]));
    ok(case_cmd(&case, &["add-media", clip.to_str().unwrap()]));
    ok(case_cmd(
        &case,
        &["add-claim", "--title", "Rammed", "--quote", "every day", "--agency", "DHS", "--document", "FOX 9"],
    ));
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    let media_id = shown["media"][0]["id"].as_str().unwrap().to_string();
    let claim_id = shown["claims"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(shown["media"][0]["probe"]["frame_count"], 100);
    assert_eq!(shown["media"][0]["probe"]["vfr"], true);
    // Frame 70 is in the 20 fps half of the clip: its PTS must come from the index, not from 70 / fps.
    ok(case_cmd(
        &case,
        &[
            "add-event",
            "--media",
            &media_id,
            "--type",
            "brake-check",
            "--frame",
            "70",
            "--end-frame",
            "75",
            "--modifier",
            "actor=agency vehicle",
        ],
    ));
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    let event = &shown["events"][0];
    let event_id = event["id"].as_str().unwrap().to_string();
    let (idx, _) = claimframe::media::index_cache::load_or_build(&clip).unwrap();
    assert_eq!(event["start"]["frame"], 70);
    assert_eq!(event["media_at_coding"], "Verified", "the CLI hashes the file before it codes on it");
    assert_eq!(event["start"]["pts_ticks"], idx.frames[70].pts.unwrap());
    assert_eq!(event["end"]["pts_ticks"], idx.frames[75].pts.unwrap());
    ok(case_cmd(
        &case,
        &[
            "link",
            "--event",
            &event_id,
            "--claim",
            &claim_id,
            "--stance",
            "contradicts",
            "--rationale",
            "the SUV braked",
        ],
    ));
    let text = ok(case_cmd(&case, &["show"]));
    assert!(text.contains("contradicts claim"), "{text}");
    assert!(text.contains("frame 70"), "{text}");
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));

    // An event on a frame the video does not have is refused with a clear message.
    let out = case_cmd(&case, &["add-event", "--media", &media_id, "--type", "contact", "--frame", "100"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not exist"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The media changes on disk: verify says so and exits 1.
    let mut bytes = std::fs::read(&clip).unwrap();
    bytes.push(0);
    std::fs::write(&clip, bytes).unwrap();
    let out = case_cmd(&case, &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("MISMATCH"), "{report}");
    // …and the mismatch is recorded in the case, with an audit entry.
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    assert!(shown["media"][0]["last_check"]["outcome"]["Mismatch"].is_object(), "{}", shown["media"][0]);
    let audit = shown["audit"].as_array().unwrap();
    assert!(audit.last().unwrap()["action"].as_str().unwrap().contains("media"), "{:?}", audit.last());

    // Coding on the changed file is refused, in words, and nothing is added.
    let out = case_cmd(&case, &["add-event", "--media", &media_id, "--type", "contact", "--frame", "10"]);
    assert_ne!(out.status.code(), Some(0));
    let refusal = String::from_utf8_lossy(&out.stderr);
    assert!(refusal.contains("is not the file media") && refusal.contains("relink"), "{refusal}");
    let after: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    assert_eq!(after["events"].as_array().map(Vec::len), Some(1), "the refused event is not in the case");
}

#[test]
fn moved_media_is_relinked_by_hash() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mp4");
    std::fs::copy(fixture("with_audio.mp4"), &clip).unwrap();
    let case = dir.path().join("c.case.ron");
    ok(case_cmd(&case, &["new", "--title", "t"]));
    ok(case_cmd(&case, &["add-media", clip.to_str().unwrap()]));
    // The footage moves (and a decoy with another hash sits beside it).
    let archive = dir.path().join("archive/2025");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::rename(&clip, archive.join("renamed.mp4")).unwrap();
    std::fs::copy(fixture("vfr.mp4"), archive.join("decoy.mp4")).unwrap();
    assert_eq!(case_cmd(&case, &["verify"]).status.code(), Some(1));
    let text = ok(case_cmd(&case, &["relink", "--search", dir.path().join("archive").to_str().unwrap()]));
    assert!(text.contains("relinked to") && text.contains("renamed.mp4"), "{text}");
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));
}

#[test]
fn a_truncated_media_file_is_recorded_and_reported_as_ending_early() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("cut.mp4");
    std::fs::copy(fixture("truncated.mp4"), &clip).unwrap();
    let case = dir.path().join("cut.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Cut download"]));
    ok(case_cmd(&case, &["add-media", clip.to_str().unwrap()]));
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    let warning = shown["media"][0]["probe"]["ends_early"].as_str().unwrap_or_default().to_string();
    assert!(warning.starts_with("file ends early: ") && warning.contains("of 1800 declared frames"), "{warning}");
    let report = dir.path().join("report.html");
    let out = Command::new(bin())
        .args(["export"])
        .arg(&case)
        .args(["--format", "html", "-o"])
        .arg(&report)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains(&warning), "the report says the file ends early");
}

/// The window's New case… and `case add-media` describe a video by the same rule: same relative path, hash, probe
/// and wall clock; and a second add of the same file is refused.
#[test]
fn new_case_and_add_media_describe_a_video_alike() {
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.mp4");
    std::fs::copy(fixture("vfr.mp4"), &clip).unwrap();
    let from_window = dir.path().join("window.case.ron");
    isolate_cache();
    claimframe::exchange::new_case::new_case_for_video(&clip, &from_window, "Review of clip").unwrap();
    let from_cli = dir.path().join("cli.case.ron");
    ok(case_cmd(&from_cli, &["new", "--title", "Review of clip"]));
    ok(case_cmd(&from_cli, &["add-media", clip.to_str().unwrap()]));
    let window = claimframe::case::load_case(&from_window).unwrap();
    let cli = claimframe::case::load_case(&from_cli).unwrap();
    let (a, b) = (window.media.values().next().unwrap(), cli.media.values().next().unwrap());
    assert_eq!(a.path_relative, b.path_relative);
    assert_eq!(a.path_relative, Path::new("clip.mp4"));
    assert_eq!((&a.sha256, a.size_bytes, &a.probe, &a.wall_clock), (&b.sha256, b.size_bytes, &b.probe, &b.wall_clock));
    let again = case_cmd(&from_cli, &["add-media", clip.to_str().unwrap()]);
    assert_ne!(again.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already in the case"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn a_claim_keeps_the_day_it_was_asserted_and_refuses_days_that_are_not_real_or_to_come() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("claims.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Dated claims"]));
    let claim = |date: &str| {
        let args = ["add-claim", "--title", "T", "--quote", "q", "--agency", "DHS", "--document", "D", "--asserted-on"];
        case_cmd(&case, &[&args[..], &[date]].concat())
    };
    ok(claim("2025-05-25"));
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    assert_eq!(shown["claims"][0]["asserted_on"], "2025-05-25");
    assert!(ok(case_cmd(&case, &["show"])).contains("(DHS on 2025-05-25)"));
    for (date, words) in
        [("2025-02-30", "not a real date"), ("25/05/2025", "not a real date"), ("2999-01-01", "in the future")]
    {
        let out = claim(date);
        assert_ne!(out.status.code(), Some(0), "{date} was taken");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{date}: {stderr}");
    }
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(&case, &["show", "--json"]))).unwrap();
    assert_eq!(shown["claims"].as_array().map(Vec::len), Some(1), "nothing refused was added");
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));
}

#[test]
fn a_reviewer_who_edits_from_the_command_line_joins_the_case_s_reviewer_list() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("signers.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Two reviewers"]));
    isolate_cache();
    let as_second = Command::new(bin())
        .args(["case", "-c"])
        .arg(&case)
        .args(["--reviewer", "Second Reviewer"])
        .args(["add-claim", "--title", "T", "--quote", "q", "--agency", "DHS", "--document", "D"])
        .output()
        .expect("run claimframe");
    ok(as_second);
    let loaded = claimframe::case::load_case(&case).unwrap();
    assert_eq!(loaded.meta.reviewers, vec!["Test Reviewer".to_owned(), "Second Reviewer".to_owned()]);
    // A reviewer already listed is not listed twice.
    ok(case_cmd(&case, &["add-claim", "--title", "U", "--quote", "q", "--agency", "DHS", "--document", "D"]));
    let loaded = claimframe::case::load_case(&case).unwrap();
    assert_eq!(loaded.meta.reviewers.len(), 2, "{:?}", loaded.meta.reviewers);
    assert!(ok(case_cmd(&case, &["verify"])).starts_with("ok"));
}
