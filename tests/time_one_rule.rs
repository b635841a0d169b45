//! One rounding rule for a frame's time: the window's readout (media time and wall clock), the coding prompt,
//! `case show`, the CSV and JSON exports and the HTML report give the same millisecond for the same frame, on odd
//! time bases — a 29.97 fps phone clip on 1/30000 whose frame 15 is at exactly 0.5005 s (a float rounds it down,
//! the rule rounds half up: .501), and an MPEG-TS file whose first frame is not at 0.

mod support;

use claimframe::case::{load_case, EventId};
use claimframe::player::Timeline;
use claimframe::ui::player::info_ui::{readout, WallClock};
use support::media::fixture;
use support::{case_cmd, ok};

fn export(case: &std::path::Path, format: &str, out: &std::path::Path) -> String {
    let done = std::process::Command::new(support::bin())
        .args(["export", case.to_str().unwrap(), "--format", format, "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(done.status.success(), "{format}: {}", String::from_utf8_lossy(&done.stderr));
    std::fs::read_to_string(out).unwrap()
}

/// Codes frame `frame` of `name` and checks every place that shows its time says `hms` (and `wall` when given).
fn every_place_agrees(name: &str, frame: usize, hms: &str, wall: Option<&str>) {
    support::isolate_cache();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join(name);
    std::fs::copy(fixture(name), &clip).unwrap();
    let case = dir.path().join("t.case.ron");
    ok(case_cmd(&case, &["new", "--title", "Rounding"]));
    ok(case_cmd(&case, &["add-media", clip.to_str().unwrap()]));
    let loaded = load_case(&case).unwrap();
    let media = loaded.media.values().next().unwrap().clone();
    ok(case_cmd(
        &case,
        &["add-event", "--media", media.id.as_str(), "--type", "contact", "--frame", &frame.to_string()],
    ));
    let loaded = load_case(&case).unwrap();
    let event = loaded.events.values().next().unwrap();
    assert_eq!(event.start.frame, frame as u64);

    // The window: the readout under the picture, and the coding prompt's span.
    let (index, _) = claimframe::media::index_cache::load_or_build(&clip).unwrap();
    let timeline = Timeline::from_index(&index);
    let map = media.wall_clock.as_ref().and_then(WallClock::from_map);
    let lines = readout(&timeline, frame, map.as_ref());
    assert!(lines[2].starts_with(hms), "readout {lines:?}");
    let prompt = claimframe::ui::windows::prompt_ui::event_span_text(event);
    assert!(prompt.contains(&format!("({hms})")), "prompt {prompt}");
    let created = WallClock::from_creation_time(media.probe.creation_time.as_deref().unwrap_or_default(), "file");

    // The command line and the exports.
    let shown = ok(case_cmd(&case, &["show"]));
    let csv = export(&case, "csv", &dir.path().join("t.csv"));
    let json = export(&case, "json", &dir.path().join("t.json"));
    let html = export(&case, "html", &dir.path().join("t.html"));
    assert!(shown.contains(hms), "case show:\n{shown}");
    assert!(csv.contains(&format!(",{hms},")), "csv:\n{csv}");
    assert!(json.contains(&format!("\"{hms}\"")), "json:\n{json}");
    assert!(html.contains(hms), "the report gives {hms}");
    let id = EventId::new(event.id.as_str());
    let citation = claimframe::case::cite_event(&loaded, &id).unwrap();
    assert_eq!(citation.start.media_hms.as_deref(), Some(hms));

    if let Some(wall) = wall {
        assert!(lines[3].contains(wall), "readout wall clock {lines:?}");
        let created = created.expect("a creation time");
        assert!(
            created.at(&timeline, frame).starts_with(wall),
            "bare video's wall clock {}",
            created.at(&timeline, frame)
        );
        assert_eq!(citation.start.wall_clock_utc.as_deref(), Some(wall));
        for (place, text) in [("case show", &shown), ("csv", &csv), ("json", &json), ("html", &html)] {
            assert!(text.contains(wall), "{place} gives the wall clock {wall}");
        }
    }
}

#[test]
fn a_phone_frame_at_exactly_half_a_millisecond_reads_the_same_everywhere() {
    every_place_agrees("ntsc_phone.mp4", 15, "00:00:00.501", Some("2031-04-17T21:02:30.501Z"));
}

#[test]
fn a_transport_stream_whose_first_frame_is_not_at_zero_cites_its_media_time_everywhere() {
    // 30 fps on 1/90000 from FFmpeg's 1.4 s start, two frames later for the B-frame delay: the first frame is at
    // PTS 132000, frame 15 at 177000 (1.966667 s of media time, 0.5 s into the file). Everything cites the media time.
    every_place_agrees("mpegts.ts", 15, "00:00:01.967", None);
}
