//! The reports with two synced cameras generated at test time (a 30 fps body-cam, a 25 fps phone that covers only
//! part of it): each cited event shows the phone's still at the event's start, at the frame ffprobe's timestamps
//! and the clock maps put there (its latest frame at or before), decoded from that frame (closer to FFmpeg's own
//! picture of it than to its neighbours'), cited with its own hash, PTS and wall clock; an event the phone did not
//! film says so in words; the sync section lists both maps; the PDF prints all of it.

mod support;

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use claimframe::case::{load_case, MediaId, WallClockMapping};
use support::{bin, case_cmd, isolate_cache, ok};

fn claimframe(args: &[&str]) -> String {
    isolate_cache();
    ok(Command::new(bin()).args(args).output().expect("run claimframe"))
}

/// Each frame's PTS in presentation order and the stream's time base, as ffprobe reports them.
fn ffprobe_pts(file: &str) -> (Vec<i64>, f64) {
    let probe = |entries: &str| {
        let out = Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", "csv=p=0", file])
            .output()
            .expect("run ffprobe");
        assert!(out.status.success(), "ffprobe: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let time_base = probe("stream=time_base");
    let (num, den) = time_base.trim().split_once('/').expect("a time base");
    let tick_secs = num.parse::<f64>().expect("num") / den.parse::<f64>().expect("den");
    let mut pts: Vec<i64> =
        probe("frame=pts").lines().filter_map(|l| l.trim().trim_end_matches(',').parse().ok()).collect();
    pts.sort_unstable();
    (pts, tick_secs)
}

/// FFmpeg's own picture of frame `n` of `file`, as RGB.
fn ffmpeg_frame(file: &str, n: usize, out: &Path) -> image::RgbImage {
    let select = format!("select=eq(n\\,{n})");
    support::media::ffmpeg(&[
        "-i",
        file,
        "-vf",
        &select,
        "-fps_mode",
        "passthrough",
        "-frames:v",
        "1",
        out.to_str().expect("utf-8"),
    ]);
    image::open(out).expect("ffmpeg's frame").to_rgb8()
}

fn mean_abs_diff(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    sum as f64 / a.as_raw().len() as f64
}

/// The `<figure class="peer">` of media `id` in the event block that starts at `from` in `html`: its frame
/// attribute, its PNG and its caption.
fn peer_figure(html: &str, from: usize, id: &str) -> (u64, Vec<u8>, String) {
    let tag = format!("<figure class=\"peer\" data-media=\"{id}\" data-frame=\"");
    let at = from + html[from..].find(&tag).unwrap_or_else(|| panic!("a still of {id} after {from}"));
    let rest = &html[at + tag.len()..];
    let frame = rest.split('"').next().and_then(|f| f.parse().ok()).expect("a frame number");
    let uri = rest.split("src=\"data:image/png;base64,").nth(1).and_then(|r| r.split('"').next()).expect("a data URI");
    let png = base64::engine::general_purpose::STANDARD.decode(uri).expect("base64");
    let caption = rest.split("<figcaption class=\"hash\">").nth(1).and_then(|r| r.split("</figcaption>").next());
    (frame, png, caption.expect("a caption").to_owned())
}

#[test]
fn each_cited_event_shows_the_other_camera_at_its_start_or_says_it_has_no_footage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = support::media::camera(dir.path(), "bodycam.mp4", "30", "12", "2031-04-17T21:01:58.000000Z");
    let b = support::media::camera(dir.path(), "phone.mp4", "25", "5", "2031-04-17T21:02:03.000000Z");
    let case = dir.path().join("two.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Two cameras", "--sample-claims"]));
    ok(case_cmd(&case, &["add-media", &a]));
    ok(case_cmd(&case, &["add-media", &b]));
    let (m1, m2) = (support::media_id_of(&case, "bodycam.mp4"), support::media_id_of(&case, "phone.mp4"));
    let claim = load_case(&case).expect("the case loads").claims.keys().next().expect("a sample claim").to_string();
    let c = case.to_str().expect("utf-8");
    claimframe(&[
        "sync",
        c,
        "--reviewer",
        "T",
        "--media",
        &m1,
        "--method",
        "clock",
        "--frame",
        "60",
        "--reads",
        "2031-04-17T21:02:00Z",
        "--apply",
    ]);
    // The phone's frame 50 shows what the body-cam's frame 90 shows: the phone covers the body-cam's 1 s to 6 s.
    claimframe(&[
        "sync",
        c,
        "--reviewer",
        "T",
        "--media",
        &m2,
        "--to",
        &m1,
        "--method",
        "points",
        "--point",
        "50=90:flash",
        "--apply",
    ]);
    // Two events on the body-cam: at frame 100 (3.33 s, the phone is filming) and at frame 330 (11 s, it is not).
    for frame in ["100", "330"] {
        ok(case_cmd(&case, &["add-event", "--media", &m1, "--type", "contact", "--frame", frame]));
    }
    let loaded = load_case(&case).expect("the case loads");
    for event in loaded.events.values() {
        let id = event.id.as_str();
        ok(case_cmd(&case, &["link", "--event", id, "--claim", &claim, "--stance", "supports"]));
    }
    let loaded = load_case(&case).expect("the case loads");
    let map =
        |id: &str| -> WallClockMapping { loaded.media[&MediaId::new(id)].wall_clock.clone().expect("a clock map") };
    let (a_map, b_map) = (map(&m1), map(&m2));
    let event_at =
        |frame: u64| loaded.events.values().find(|e| e.start.frame == frame).expect("the event").id.to_string();
    let (e1, e2) = (event_at(100), event_at(330));

    // Independently: ffprobe's frame times through the two maps.
    let (a_pts, a_tick) = ffprobe_pts(&a);
    let (b_pts, b_tick) = ffprobe_pts(&b);
    let wall = a_map.wall_micros(a_pts[100] as f64 * a_tick).expect("the body-cam is mapped");
    let at_or_before =
        b_pts.iter().filter(|&&p| b_map.wall_micros(p as f64 * b_tick).is_some_and(|w| w <= wall)).count();
    let expected = at_or_before.checked_sub(1).expect("the phone has started by then");
    assert!(expected > 0 && expected + 1 < b_pts.len(), "the moment falls inside the phone's footage: {expected}");

    let report = dir.path().join("report.html");
    claimframe(&["export", c, "--format", "html", "-o", report.to_str().expect("utf-8")]);
    let html = std::fs::read_to_string(&report).expect("the report");
    let block =
        |event: &str| html.find(&format!("id=\"stills-{event}\"")).unwrap_or_else(|| panic!("{event}'s stills"));
    let (frame, png, caption) = peer_figure(&html, block(&e1), &m2);
    assert_eq!(frame, expected as u64, "the phone's latest frame at or before the event's start");
    assert!(caption.contains(&format!("frame {expected} (PTS {} ×", b_pts[expected])), "{caption}");
    assert!(caption.contains(&loaded.media[&MediaId::new(m2.as_str())].sha256), "the phone's file hash: {caption}");
    assert!(caption.contains("wall clock 2031-04-17T21:02:01.3") && caption.contains("combined"), "{caption}");
    assert!(caption.contains(&claimframe::export::sha256_hex(&png)), "the PNG's own hash: {caption}");
    assert!(html.contains(&format!(
        "Still of media {m2} frame {expected} at event {e1}&#39;s start, clean (full-resolution PNG)"
    )));
    // The still is that frame: nearer FFmpeg's picture of it than of the frames either side.
    let still = image::load_from_memory(&png).expect("a PNG").to_rgb8();
    let diff = |n: usize| mean_abs_diff(&still, &ffmpeg_frame(&b, n, &dir.path().join(format!("ref{n}.png"))));
    let (before, at, after) = (diff(expected - 1), diff(expected), diff(expected + 1));
    assert!(at < before && at < after, "frame {expected}: {before:.2} / {at:.2} / {after:.2}");
    // The event's own still is the body-cam's frame 100, as before.
    assert!(html[block(&e1)..].contains("Frame 100 as decoded (clean)"));

    // At 11 s the phone has stopped: said in words, with no still of it.
    let e2_block = &html[block(&e2)..];
    let e2_block = &e2_block[..e2_block.find("<div class=\"event\">").unwrap_or(e2_block.len())];
    assert!(!e2_block.contains("<figure class=\"peer\""), "no still of a camera that was not filming");
    assert!(
        e2_block.contains(&format!("media {m2} (phone.mp4"))
            && e2_block.contains("no footage at this time (its footage ended at 2031-04-17T21:02:04.0"),
        "{e2_block}"
    );

    // The sync section: each camera's map with its method, coverage and residuals.
    let sync = &html[html.find("<section id=\"sync\">").expect("a sync section")..];
    let sync = &sync[..sync.find("</section>").unwrap_or(sync.len())];
    assert!(sync.contains("burned-in clock read by a reviewer") && sync.contains("(sync points)"), "{sync}");
    assert!(
        sync.contains("footage covers 2031-04-17T21:01:58.000Z")
            && sync.contains("footage covers 2031-04-17T21:01:59.000Z"),
        "{sync}"
    );
    assert!(sync.contains("residual +0.000 ms at 2.000 s — flash:"), "{sync}");

    // The PDF prints the same: the phone's still at e1 with its citation, and the words for e2.
    let pdf = dir.path().join("report.pdf");
    claimframe(&["export", c, "--format", "pdf", "-o", pdf.to_str().expect("utf-8")]);
    let text = Command::new("pdftotext").args([pdf.to_str().expect("utf-8"), "-"]).output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Same moment on the other cameras"), "{text}");
    assert!(
        text.contains(&format!("Left: media {m2} (phone.mp4"))
            && text.contains(&format!("frame {expected} (PTS {}", b_pts[expected])),
        "{text}"
    );
    assert!(text.contains("no footage at this time (its footage ended at"), "{text}");
    assert!(text.contains("Cameras on the wall clock") && text.contains("flash:"), "{text}");
    let pages = Command::new("pdftoppm")
        .args(["-r", "60", "-png", pdf.to_str().expect("utf-8")])
        .arg(dir.path().join("page"))
        .output()
        .expect("run pdftoppm");
    assert!(pages.status.success(), "poppler renders the PDF: {}", String::from_utf8_lossy(&pages.stderr));
    if let Some(keep) = std::env::var_os("CLAIMFRAME_KEEP_REPORT") {
        let _ = std::fs::copy(&pdf, Path::new(&keep).join("report.pdf"));
        let _ = std::fs::copy(&report, Path::new(&keep).join("report.html"));
    }
}
