//! Test fixtures generated at test time with the ffmpeg CLI, and FFmpeg's own framemd5 as the reference.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// Folder where generated fixtures live for this test run (under cargo's per-target temp dir).
pub fn fixture_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("claimframe-fixtures");
    std::fs::create_dir_all(&dir).expect("create fixture dir");
    dir
}

/// Runs ffmpeg with `args` (output last) and panics with its stderr on failure.
pub fn ffmpeg(args: &[&str]) {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-nostdin"])
        .args(args)
        .output()
        .expect("run ffmpeg (is it installed?)");
    assert!(out.status.success(), "ffmpeg {:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
}

/// A 160×90 H.264 camera file `name` in `dir`: FFmpeg's testsrc2 (which burns in each frame's time and number) at
/// `fps` for `secs`, its container's creation_time `created`; returns its path.
pub fn camera(dir: &Path, name: &str, fps: &str, secs: &str, created: &str) -> String {
    let out = dir.join(name);
    let pattern = format!("testsrc2=size=160x90:rate={fps}");
    let created = format!("creation_time={created}");
    let path = out.to_str().expect("utf-8 path");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &pattern,
        "-t",
        secs,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-g",
        "30",
        "-pix_fmt",
        "yuv420p",
        "-metadata",
        &created,
        path,
    ]);
    path.to_owned()
}

/// Input args that render a `w`x`h` test pattern at `fps` for `secs`.
fn pattern(w: u32, h: u32, fps: &str, secs: &str) -> Vec<String> {
    vec![
        "-f".into(),
        "lavfi".into(),
        "-i".into(),
        format!("testsrc2=size={w}x{h}:rate={fps}"),
        "-t".into(),
        secs.into(),
    ]
}

/// Generates the named fixture once per test process and returns its path.
pub fn fixture(name: &str) -> PathBuf {
    // Fixtures made from other fixtures get their source before the lock is taken.
    let rotated_source = (name == "rotated90.mp4").then(|| fixture("with_audio.mp4"));
    let derived_source = match name {
        "elst_empty_edit_444.mp4" => Some(fixture("long_gop_444.mp4")),
        "damaged_middle.mp4" => Some(fixture("cfr_bframes_gop250.mp4")),
        // The bundled sample keeps its index at the front, so a cut copy still opens (as a partial download does).
        "truncated.mp4" => Some(super::sample_footage()),
        _ => None,
    };
    static MADE: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let made = MADE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = made.get(name) {
        return p.clone();
    }
    let dir = fixture_dir();
    let out = dir.join(name);
    let o = out.to_str().expect("utf-8 path").to_string();
    let x264 = |gop: &str, bf: &str| -> Vec<String> {
        ["-c:v", "libx264", "-preset", "veryfast", "-g", gop, "-bf", bf, "-pix_fmt", "yuv420p"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let mut args: Vec<String> = match name {
        // Constant rate, B-frames, long GOP (250), no audio.
        "cfr_bframes_gop250.mp4" => [pattern(320, 240, "30", "12"), x264("250", "3")].concat(),
        // Open GOPs: leading B-frames reference the previous GOP.
        "open_gop.mp4" => {
            [pattern(320, 240, "30", "6"), x264("48", "3"), vec!["-x264opts".into(), "open_gop=1".into()]].concat()
        }
        // Variable frame rate, as phones record: 30 fps for two seconds, then 20 fps.
        "vfr.mp4" => [
            vec![
                "-f".into(),
                "lavfi".into(),
                "-i".into(),
                "testsrc2=size=320x240:rate=30:d=2[a];testsrc2=size=320x240:rate=20:d=2[b];[a][b]concat=n=2:v=1:a=0"
                    .into(),
                "-fps_mode".into(),
                "passthrough".into(),
                "-enc_time_base".into(),
                "1:600".into(),
                "-video_track_timescale".into(),
                "600".into(),
            ],
            x264("30", "2"),
        ]
        .concat(),
        // With audio and a creation time.
        "with_audio.mp4" => [
            pattern(320, 240, "30", "3"),
            vec!["-f".into(), "lavfi".into(), "-i".into(), "sine=f=440:d=3".into()],
            x264("30", "2"),
            ["-c:a", "aac", "-shortest", "-metadata", "creation_time=2025-10-03T14:05:06Z"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // Rotated by the display matrix (remuxed with -c copy, as FFmpeg 5.1 writes it).
        "rotated90.mp4" => {
            let src = rotated_source.clone().unwrap_or_default();
            vec![
                "-i".into(),
                src.display().to_string(),
                "-c".into(),
                "copy".into(),
                "-metadata:s:v:0".into(),
                "rotate=90".into(),
            ]
        }
        "hevc.mp4" => [
            pattern(320, 240, "25", "4"),
            ["-c:v", "libx265", "-x265-params", "log-level=error:keyint=50", "-pix_fmt", "yuv420p"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        "mjpeg.avi" => {
            [pattern(320, 240, "25", "3"), ["-c:v", "mjpeg", "-q:v", "5"].iter().map(|s| s.to_string()).collect()]
                .concat()
        }
        "mpegts.ts" => [pattern(320, 240, "30", "5"), x264("60", "2"), vec!["-f".into(), "mpegts".into()]].concat(),
        // MPEG-4 Part 2 in AVI with B-frames: packed bitstream, packets and frames do not map one to one.
        "packed_bframes.avi" => [
            pattern(320, 240, "30", "4"),
            ["-c:v", "mpeg4", "-vtag", "DX50", "-bf", "2", "-g", "30"].iter().map(|s| s.to_string()).collect(),
        ]
        .concat(),
        // Field-coded interlaced H.264 in MPEG-TS.
        "interlaced.ts" => [
            pattern(320, 240, "25", "3"),
            ["-vf", "interlace", "-c:v", "libx264", "-flags", "+ildct+ilme", "-x264opts", "tff=1", "-g", "25"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // VP8 with hidden alt-ref frames (packets that output nothing).
        "vp8_altref.webm" => [
            pattern(320, 240, "24", "3"),
            ["-c:v", "libvpx", "-auto-alt-ref", "1", "-lag-in-frames", "16", "-b:v", "300k"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // A recording that skips half a second: 30 fps, but frame 45 comes 533 ms after frame 44 (a gap).
        "gap.mp4" => [
            pattern(320, 240, "30", "3"),
            ["-vf", "setpts='PTS+gte(N,45)*0.5/TB'", "-fps_mode", "passthrough", "-video_track_timescale", "600"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            x264("30", "0"),
        ]
        .concat(),
        // Footage heavier than any machine plays at 4x: 4K at 60 fps, B-frames, a keyframe every second.
        "heavy_4k60.mp4" => [
            pattern(3840, 2160, "60", "4"),
            ["-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-bf", "2", "-pix_fmt", "yuv420p"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // Every frame shown three times: 10 distinct pictures per second at 30 fps.
        "duplicates.mp4" => [
            pattern(320, 240, "10", "2"),
            vec!["-vf".into(), "fps=30".into()],
            x264("30", "0"),
            vec!["-crf".into(), "0".into()],
        ]
        .concat(),
        // H.264 High 4:4:4 Predictive in one long GOP.
        "long_gop_444.mp4" => [
            pattern(320, 240, "25", "4"),
            ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv444p", "-g", "1000", "-bf", "3"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // The same with an edit list that starts with an empty edit of 5 s.
        "elst_empty_edit_444.mp4" => {
            let src = derived_source.as_ref().expect("source fixture").display().to_string();
            ["-itsoffset", "5", "-i", &src, "-c", "copy"].iter().map(|s| s.to_string()).collect()
        }
        // MPEG-2 with interlaced (field) DCT and motion estimation, in MPEG-TS, with B-frames and open GOPs.
        "mpeg2_interlaced.ts" => [
            pattern(720, 576, "25", "4"),
            ["-c:v", "mpeg2video", "-flags", "+ildct+ilme", "-top", "1", "-g", "12", "-bf", "2", "-f", "mpegts"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // A phone's 29.97 fps (30000/1001) on a 1/30000 time base, with a creation time: frame 15 is at exactly
        // 0.5005 s, which a float would round down and the one rounding rule rounds up.
        "ntsc_phone.mp4" => [
            pattern(320, 240, "30000/1001", "2"),
            x264("30", "0"),
            ["-video_track_timescale", "30000", "-metadata", "creation_time=2031-04-17T21:02:30.000000Z"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ]
        .concat(),
        // H.264 in FLV.
        "h264.flv" => [pattern(320, 240, "25", "6"), x264("25", "2"), vec!["-f".into(), "flv".into()]].concat(),
        // Made by hand below: bytes damaged in the middle, and the file cut short.
        "damaged_middle.mp4" | "truncated.mp4" => Vec::new(),
        // H.264 in FLV whose second half is 4:4:4 after a new sequence header (FFmpeg's framemd5 converts those
        // frames to the first frame's 4:2:0): two encodes joined by the concat demuxer.
        "pixfmt_change.flv" => {
            let parts: Vec<String> = ["yuv420p", "yuv444p"]
                .iter()
                .map(|fmt| {
                    let part = dir.join(format!("pixfmt_part_{fmt}.flv"));
                    let p = part.to_str().expect("utf-8 path").to_string();
                    ffmpeg(&[
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x240:rate=25",
                        "-t",
                        "2",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-pix_fmt",
                        fmt,
                        "-g",
                        "25",
                        &p,
                    ]);
                    format!("file '{p}'\n")
                })
                .collect();
            let list = dir.join("pixfmt_parts.txt");
            std::fs::write(&list, parts.concat()).expect("write concat list");
            ["-f", "concat", "-safe", "0", "-i", list.to_str().expect("utf-8 path"), "-c", "copy"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        }
        other => panic!("unknown fixture {other}"),
    };
    if let Some(src) = derived_source.as_ref().filter(|_| args.is_empty()) {
        let mut bytes = std::fs::read(src).expect("read source fixture");
        if name == "truncated.mp4" {
            bytes.truncate(200_000);
        } else {
            // Overwrite a run of bytes in the middle of the media data: slices there fail to decode and are concealed.
            let at = bytes.len() * 45 / 100;
            for b in &mut bytes[at..at + 3000] {
                *b ^= 0x5a;
            }
        }
        std::fs::write(&out, bytes).expect("write damaged fixture");
        made.insert(name.to_string(), out.clone());
        return out;
    }
    args.push(o);
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    ffmpeg(&refs);
    made.insert(name.to_string(), out.clone());
    out
}

/// FFmpeg's own MD5 of every decoded frame, in order (single-threaded, reproducible).
pub fn reference_md5s(path: &Path) -> Vec<String> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-noautorotate", "-i"])
        .arg(path)
        .args(["-map", "0:v:0", "-fps_mode", "passthrough", "-autoscale", "0", "-f", "framemd5", "-"])
        .output()
        .expect("run ffmpeg");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.rsplit(',').next().map(|s| s.trim().to_string()))
        .collect()
}

/// The shared corpus of real media written by others, if present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = super::corpus_root();
    dir.join("media").is_dir().then_some(dir)
}

/// A small deterministic pseudo-random sequence for picking frames.
pub fn picks(count: usize, n: usize, seed: u64) -> Vec<usize> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v: Vec<usize> = (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % count as u64) as usize
        })
        .collect();
    v.extend([0, count - 1]);
    v
}
