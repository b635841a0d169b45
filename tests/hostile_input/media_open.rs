//! Media are opened only as one local file through FFmpeg's `file` protocol: playlists and concat lists are
//! refused (they would pull in files that were never hashed), a file name cannot select another protocol, and an
//! exhibit re-checks the media's SHA-256 after decoding from it.

use crate::support::case::fixture_case;
use crate::support::exchange::temp_dir;
use crate::support::sample_footage;
use claimframe::exchange::exhibit_media::recheck_identity;
use claimframe::media::open_policy::{file_url, input_options};
use claimframe::media::source::open_input;
use ffmpeg_next as ff;
use std::path::Path;

fn open_error(path: &Path) -> String {
    open_input(path).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn playlists_and_concat_lists_are_refused() {
    let dir = temp_dir("hostile-open-lists");
    let footage = sample_footage();
    let hls = dir.join("evidence.m3u8");
    std::fs::write(
        &hls,
        format!("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{}\n#EXT-X-ENDLIST\n", footage.display()),
    )
    .expect("write playlist");
    assert!(open_error(&hls).contains("it is an HLS/M3U playlist"), "{}", open_error(&hls));
    let concat = dir.join("list.ffconcat");
    std::fs::write(&concat, format!("ffconcat version 1.0\nfile '{}'\n", footage.display())).expect("write list");
    assert!(open_error(&concat).contains("it is an FFmpeg concat list"), "{}", open_error(&concat));
}

#[test]
fn ffmpeg_itself_refuses_list_demuxers_even_past_the_first_bytes_check() {
    let dir = temp_dir("hostile-open-whitelist");
    let segment = dir.join("seg.ts");
    let made = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(sample_footage())
        .args(["-c", "copy", "-f", "mpegts"])
        .arg(&segment)
        .status()
        .expect("run ffmpeg");
    assert!(made.success(), "ffmpeg made the segment");
    claimframe::media::init();
    for (name, text) in [
        ("a.ffconcat", "ffconcat version 1.0\nfile 'seg.ts'\n"),
        ("b.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nseg.ts\n#EXT-X-ENDLIST\n"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write list");
        assert!(ff::format::input(&path).is_ok(), "{name}: plain FFmpeg would follow the list (the test means it)");
        let opened = ff::format::input_with_dictionary(&file_url(&path), input_options());
        assert!(opened.is_err(), "{name}: with ClaimFrame's options FFmpeg refuses the list demuxer");
    }
}

#[test]
fn a_file_name_cannot_select_another_protocol() {
    let dir = temp_dir("hostile-open-protocol");
    let tricky = dir.join("concat:nothing.mp4|other.mp4");
    std::os::unix::fs::symlink(sample_footage(), &tricky).expect("symlink");
    let input = open_input(&tricky).expect("the file of that name opens, as a file");
    assert!(input.streams().count() > 0);
}

#[test]
fn an_exhibit_refuses_media_whose_hash_changed_after_decoding() {
    let case = fixture_case();
    let err = recheck_identity(&case, &"m1".into(), &sample_footage()).expect_err("not the case's m1");
    let text = err.to_string();
    assert!(text.contains("media m1") && text.contains("changed while it was decoded"), "{text}");
    assert!(text.contains("nothing was written from it"), "{text}");
}
