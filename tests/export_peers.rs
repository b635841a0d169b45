//! Every export re-opened by its own ecosystem's tool: Python's csv for CSV/TSV, jsonschema for JSON, ffmpeg for
//! SRT/VTT, the EAF 3.0 XSD (xmllint) and pympi-ling for ELAN, opentimelineio and otio-cmx3600-adapter for OTIO/EDL,
//! headless Chromium for the HTML report, poppler for the PDF.

mod support;

use std::process::Command;
use support::exchange::*;
use support::{repo, sample_footage};

fn export(case: &std::path::Path, format: &str, out: &std::path::Path, extra: &[&str]) {
    let mut args = vec!["export", s(case), "--format", format, "-o", s(out)];
    args.extend_from_slice(extra);
    run_ok(&args);
}

#[test]
fn csv_and_tsv_parse_in_python_and_neutralise_formulas() {
    let dir = temp_dir("csv");
    let case = write_case(&dir, hostile_case());
    let events = hostile_case().events.len();
    let Some(python) = peer_python() else { return };
    for (format, delimiter) in [("csv", ","), ("tsv", "\t")] {
        let out = dir.join(format!("t.{format}"));
        export(&case, format, &out, &[]);
        let script = format!(
            "import csv,sys,json\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8',newline=''),delimiter={delimiter:?}))\n\
             print(json.dumps({{'n':len(rows),'notes':[r['note'] for r in rows],'sha':[r['media_sha256'] for r in rows],\
             'frames':[r['start_frame'] for r in rows],'links':[r['claim_links'] for r in rows]}}))"
        );
        let text = peer(&python, &["-c", &script, s(&out)]);
        let v: serde_json::Value = serde_json::from_str(&text).expect("python output");
        assert_eq!(v["n"], events, "{format}: one row per event");
        for note in v["notes"].as_array().expect("notes") {
            let note = note.as_str().unwrap_or("");
            assert!(!note.starts_with('='), "{format}: formula not neutralised: {note}");
        }
        assert!(v["notes"]
            .as_array()
            .is_some_and(|n| n.iter().any(|x| x == &serde_json::json!(format!("'{FORMULA_NOTE}")))));
        assert!(v["sha"].as_array().is_some_and(|s| s.iter().all(|x| x.as_str().is_some_and(|h| h.len() == 64))));
        assert!(v["links"].as_array().is_some_and(|l| l
            .iter()
            .any(|x| x.as_str().is_some_and(|t| t.contains(":supports") || t.contains(":contradicts")))));
    }
}

#[test]
fn json_validates_against_the_schema() {
    let dir = temp_dir("json");
    let case = write_case(&dir, sample_case());
    let out = dir.join("case.json");
    export(&case, "json", &out, &[]);
    let Some(python) = peer_python() else { return };
    let schema = repo().join("schemas/claimframe-export.schema.json");
    let text = peer(&python, &[s(&repo().join("tests/peers/check_json_schema.py")), s(&schema), s(&out)]);
    assert!(text.contains(&format!("citations {}", sample_case().events.len())), "{text}");
}

#[test]
fn srt_and_vtt_are_read_by_ffmpeg_one_cue_per_event() {
    let dir = temp_dir("subs");
    let case = write_case(&dir, hostile_case());
    let events = hostile_case().events.len();
    for format in ["srt", "vtt"] {
        let out = dir.join(format!("t.{format}"));
        export(&case, format, &out, &["--point-duration-ms", "500"]);
        // ffmpeg parses the file and writes it back as SRT; every cue must survive.
        let converted = Command::new("ffmpeg")
            .args(["-v", "error", "-nostdin", "-i", s(&out), "-f", "srt", "-"])
            .output()
            .expect("run ffmpeg");
        assert!(
            converted.status.success(),
            "ffmpeg rejected the {format}: {}",
            String::from_utf8_lossy(&converted.stderr)
        );
        let text = String::from_utf8_lossy(&converted.stdout);
        assert_eq!(text.matches("-->").count(), events, "{format}: one cue per event:\n{text}");
        let raw = std::fs::read_to_string(&out).expect("read export");
        assert!(!raw.contains("<script"), "{format}: markup written as markup");
    }
}

#[test]
fn eaf_is_valid_eaf_3_0_and_pympi_reads_every_event() {
    let dir = temp_dir("eaf");
    let case = write_case(&dir, sample_case());
    let events = sample_case().events.len();
    for tiers in ["type", "reviewer"] {
        let out = dir.join(format!("t-{tiers}.eaf"));
        export(&case, "eaf", &out, &["--tiers", tiers]);
        if let Some(corpus) = corpus_annotations() {
            if let Some(xmllint) = tool("xmllint") {
                let xsd = corpus.join("elan_EAFv3.0.xsd");
                let out =
                    Command::new(xmllint).args(["--noout", "--schema", s(&xsd), s(&out)]).output().expect("xmllint");
                assert!(
                    out.status.success(),
                    "EAF not valid against the XSD: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        let Some(python) = peer_python() else { return };
        let text = peer(&python, &[s(&repo().join("tests/peers/check_eaf.py")), s(&out)]);
        let v: serde_json::Value = serde_json::from_str(&text).expect("pympi output");
        assert_eq!(v["events"].as_array().map(Vec::len), Some(events), "{tiers}: {text}");
        assert!(v["vocabularies"].as_array().is_some_and(|c| c.iter().any(|x| x == "claimframe-event-types")));
        // e2 is a brake-check from frame 270 (PTS 138240 at 1/15360 s = 9.000 s).
        assert!(
            v["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|x| x["start_ms"] == 9000 && x["value"] == "Brake-check")),
            "{text}"
        );
    }
}

#[test]
fn otio_and_edl_markers_are_read_by_opentimelineio() {
    let dir = temp_dir("otio");
    let case = write_case(&dir, sample_case());
    let otio = dir.join("t.otio");
    let edl = dir.join("t.edl");
    export(&case, "otio", &otio, &[]);
    export(&case, "edl", &edl, &[]);
    let Some(python) = peer_python() else { return };
    let text = peer(&python, &[s(&repo().join("tests/peers/check_otio.py")), s(&otio), s(&edl)]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("otio output");
    let sample = sample_case();
    let mut frames: Vec<u64> = sample.events.values().map(|e| e.start.frame).collect();
    frames.sort_unstable();
    let read = |key: &str| -> Vec<u64> {
        let mut f: Vec<u64> = v[key]
            .as_array()
            .map(|m| m.iter().filter_map(|x| x["frame"].as_f64()).map(|f| f.round() as u64).collect())
            .unwrap_or_default();
        f.sort_unstable();
        f
    };
    assert_eq!(read("otio"), frames, "OTIO markers at the events' frames: {text}");
    assert_eq!(read("edl").len(), frames.len(), "one EDL locator per event: {text}");
}

#[test]
fn stills_are_exact_frames_with_citing_sidecars() {
    let dir = temp_dir("stills");
    let case = write_case(&dir, sample_case());
    let out = dir.join("stills");
    export(&case, "stills", &out, &[]);
    let sample = sample_case();
    for event in sample.events.values() {
        let stem = out.join(format!("{}_frame{}", event.id, event.start.frame));
        let png = std::fs::read(stem.with_extension("png")).expect("clean still");
        let sidecar: serde_json::Value =
            serde_json::from_slice(&std::fs::read(stem.with_extension("json")).expect("sidecar"))
                .expect("sidecar JSON");
        assert_eq!(sidecar["still"]["frame"], event.start.frame);
        assert_eq!(sidecar["citation"]["start"]["pts_ticks"], event.start.pts_ticks);
        assert_eq!(sidecar["still"]["sha256"], claimframe::export::sha256_hex(&png));
        assert!(out.join(format!("{}_frame{}_ILLUSTRATIVE.png", event.id, event.start.frame)).is_file());
        // The clean still is exactly what `claimframe still` decodes for that frame.
        let reference = dir.join("reference.png");
        run_ok(&["still", s(&sample_footage()), "--frame", &event.start.frame.to_string(), "-o", s(&reference)]);
        let a = image::load_from_memory(&png).expect("decode still").to_rgba8();
        let b = image::open(&reference).expect("decode reference").to_rgba8();
        assert!(a == b, "event {}: still differs from the decoded frame", event.id);
    }
}

#[test]
fn html_report_renders_in_chromium_and_runs_no_user_script() {
    let dir = temp_dir("html");
    let case = write_case(&dir, hostile_case());
    let out = dir.join("report.html");
    export(&case, "html", &out, &["--report-still-width", "320"]);
    let html = std::fs::read_to_string(&out).expect("read report");
    assert!(!html.contains("<script"), "a <script> element reached the report");
    assert!(!html.contains("<svg onload"), "an svg element reached the report");
    assert!(html.contains("&lt;script&gt;"), "escaped user text is shown");
    assert!(html.contains("ILLUSTRATIVE") && html.contains("data:image/png;base64,"));
    assert!(html.contains("FRE 902(14)") && html.contains(sample_case().audit.head_hash()));
    let Some(chromium) = tool("chromium") else { return };
    let profile = dir.join("profile");
    let url = format!("file://{}", s(&out));
    let flags = |extra: &str| {
        vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            format!("--user-data-dir={}", s(&profile)),
            extra.to_owned(),
            url.clone(),
        ]
    };
    // `timeout` bounds each run: a wedged browser fails the test instead of hanging CI.
    let dom =
        Command::new("timeout").arg("120").arg(&chromium).args(flags("--dump-dom")).output().expect("run chromium");
    assert!(dom.status.success(), "chromium failed: {}", String::from_utf8_lossy(&dom.stderr));
    let dom = String::from_utf8_lossy(&dom.stdout);
    let title = dom.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or("");
    assert!(!title.contains("PWNED"), "user script ran: title is {title:?}");
    assert!(dom.contains("Hash manifest"), "report did not render");
    let shot = dir.join("shot.png");
    let screenshot = Command::new("timeout")
        .arg("120")
        .arg(&chromium)
        .args(flags(&format!("--screenshot={}", s(&shot))))
        .arg("--window-size=1200,1600")
        .output()
        .expect("run chromium");
    assert!(screenshot.status.success(), "chromium screenshot failed");
    assert!(std::fs::metadata(&shot).map(|m| m.len() > 10_000).unwrap_or(false), "no screenshot");
}

#[test]
fn pdf_report_opens_in_poppler() {
    let dir = temp_dir("pdf");
    let case = write_case(&dir, hostile_case());
    let out = dir.join("report.pdf");
    export(&case, "pdf", &out, &[]);
    let Some(pdfinfo) = tool("pdfinfo") else { return };
    let info = peer(&pdfinfo, &[s(&out)]);
    let pages: u32 =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|p| p.trim().parse().ok()).unwrap_or(0);
    assert!(pages >= 2, "{info}");
    let Some(pdftoppm) = tool("pdftoppm") else { return };
    let prefix = dir.join("page");
    peer(&pdftoppm, &["-r", "40", "-f", "1", "-l", "2", "-png", s(&out), s(&prefix)]);
    assert!(std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("page")));
    let Some(pdftotext) = tool("pdftotext") else { return };
    let text = peer(&pdftotext, &[s(&out), "-"]);
    for needle in ["Hash manifest", "ILLUSTRATIVE", "Methodology", sample_case().audit.head_hash()] {
        assert!(text.contains(needle), "PDF lacks {needle:?}");
    }
    // Latin text needs DejaVu Sans alone: the CJK font is embedded only when a line needs it.
    let Some(pdffonts) = tool("pdffonts") else { return };
    let fonts = peer(&pdffonts, &[s(&out)]);
    assert_eq!(fonts.lines().filter(|l| l.contains("CID TrueType")).count(), 1, "{fonts}");
}

/// A case whose title, reviewers, claim quotes and notes hold Latin, Chinese, Japanese, Korean, Arabic, Hebrew,
/// Greek and Cyrillic (and Thai, which no bundled font has): poppler reads every word back from the PDF, Arabic
/// joined and both right-to-left scripts in reading order; no word runs off the page; the Thai letters are
/// printed as U+FFFD and counted on the last page.
#[test]
fn pdf_report_prints_every_script_the_case_holds() {
    let dir = temp_dir("pdf-scripts");
    let mut case = sample_case();
    case.meta.title = "Blake Road 刹车测试 ブレーキ 한국어 ไทย".to_owned();
    case.meta.reviewers = vec!["Ελένη Παπαδοπούλου".to_owned(), "Иван Петров".to_owned()];
    for claim in case.claims.values_mut() {
        claim.quote = "السيارة توقفت فجأة".to_owned();
    }
    for event in case.events.values_mut() {
        event.note =
            format!("הרכב עצר Кириллица Ελληνικά {}", "这是一个很长的中文段落，每个汉字都是全角宽度。".repeat(4));
    }
    let case = write_case(&dir, case);
    let out = dir.join("report.pdf");
    export(&case, "pdf", &out, &[]);
    let size_bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    assert!(size_bytes < 2_000_000, "the fonts are not subset: {size_bytes} bytes");
    let Some(pdffonts) = tool("pdffonts") else { return };
    let fonts = peer(&pdffonts, &[s(&out)]);
    assert_eq!(
        fonts.lines().filter(|l| l.contains("CID TrueType")).count(),
        2,
        "DejaVu Sans and the CJK font:\n{fonts}"
    );
    // The document title (the viewer's window title) is UTF-16 in the Info dictionary, not mojibake.
    let Some(pdfinfo) = tool("pdfinfo") else { return };
    let info = peer(&pdfinfo, &[s(&out)]);
    assert!(info.contains("Title:           Blake Road 刹车测试 ブレーキ 한국어 ไทย"), "{info}");

    let Some(pdftotext) = tool("pdftotext") else { return };
    // Every word lies inside the page's margins (A4 is 595 pt wide; the margins are 18 mm, 51 pt).
    let boxes = dir.join("boxes.html");
    peer(&pdftotext, &["-bbox", s(&out), s(&boxes)]);
    let html = std::fs::read_to_string(&boxes).expect("read the word boxes");
    let attribute = |word: &str, name: &str| -> f32 {
        word.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1.0)
    };
    let words: Vec<&str> = html.split("<word ").skip(1).collect();
    assert!(words.len() > 100, "{} words", words.len());
    for word in words {
        let (x_min, x_max) = (attribute(word, "xMin"), attribute(word, "xMax"));
        assert!(x_min >= 50.0 && x_max <= 545.0, "a word runs off the text column: {word}");
    }

    let text = peer(&pdftotext, &[s(&out), "-"]);
    for word in
        ["刹车测试", "ブレーキ", "한국어", "Ελένη Παπαδοπούλου", "Иван Петров", "Кириллица", "Ελληνικά", "הרכב עצר"]
    {
        assert!(text.contains(word), "PDF lacks {word:?}");
    }
    assert!(text.contains("这是一个很长的中文段落"), "PDF lacks the Chinese note");
    // Arabic is printed in joined forms (lam initial, seen and yeh medial, …); folded back to letters it reads
    // as written.
    assert!(text.contains("\u{FEDF}\u{FEB4}\u{FEF4}"), "Arabic not joined");
    assert!(fold_arabic(&text).contains("السيارة توقفت فجأة"), "PDF lacks the Arabic quote");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("\u{FFFD}\u{FFFD}\u{FFFD}"), "the Thai letters are not shown as U+FFFD");
    assert!(flat.contains("3 character(s) have no glyph in the bundled fonts"), "no count of unprinted characters");
    assert!(flat.contains("U+0E17 ×1, U+0E22 ×1, U+0E44 ×1"), "the unprinted characters are not listed");
}

/// Arabic presentation forms folded back to their letters (the letters' own forms, and the lam-alef ligatures).
fn fold_arabic(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        let lam_alef = match c {
            '\u{FEF5}' | '\u{FEF6}' => Some('\u{0622}'),
            '\u{FEF7}' | '\u{FEF8}' => Some('\u{0623}'),
            '\u{FEF9}' | '\u{FEFA}' => Some('\u{0625}'),
            '\u{FEFB}' | '\u{FEFC}' => Some('\u{0627}'),
            _ => None,
        };
        if let Some(alef) = lam_alef {
            folded.push('\u{0644}');
            folded.push(alef);
            continue;
        }
        let letter = ar_reshaper::letters::letters_db::LETTERS_ARABIC
            .iter()
            .find(|(_, f)| [f.isolated, f.initial, f.medial, f.end].contains(&c))
            .map_or(c, |(letter, _)| *letter);
        folded.push(letter);
    }
    folded
}

/// The sample case with a second camera, `m2`, whose clock starts `lead_micros` after the first one's (negative:
/// before) and drifts by `drift_ppm`; with the first camera's record.
fn with_second_camera(lead_micros: i64, drift_ppm: f64) -> (claimframe::case::Case, claimframe::case::Media) {
    use claimframe::case::{MediaId, WallClockMapping};
    let mut case = sample_case();
    let first = case.media.values().next().cloned().expect("the sample has a camera");
    let origin = first.wall_clock.as_ref().and_then(WallClockMapping::origin_micros).expect("a clock map");
    let mut second = first.clone();
    second.id = MediaId::new("m2");
    second.sha256 = "ab".repeat(32);
    second.wall_clock = Some(WallClockMapping {
        origin: Some(claimframe::case::format_rfc3339_micros(origin + lead_micros)),
        source: "sync points".into(),
        drift_ppm,
        ..Default::default()
    });
    case.media.insert(second.id.clone(), second);
    (case, first)
}

#[test]
fn eaf_lines_up_every_synced_camera_with_its_time_origin() {
    let dir = temp_dir("eaf-cameras");
    // A phone that started recording 2.25 s before the body-cam: at the body-cam's time 0 it is 2.25 s in.
    let (case, first) = with_second_camera(-2_250_000, 12.5);
    let path = write_case(&dir, case);
    let out = dir.join("cameras.eaf");
    export(&path, "eaf", &out, &["--media", first.id.as_str()]);
    let raw = std::fs::read_to_string(&out).expect("read export");
    assert!(raw.contains("TIME_ORIGIN=\"2250\""), "{raw}");
    assert!(raw.contains("drift of +12.500 ppm is not followed"), "the one-offset limit is stated");
    if let (Some(corpus), Some(xmllint)) = (corpus_annotations(), tool("xmllint")) {
        let xsd = corpus.join("elan_EAFv3.0.xsd");
        let check = Command::new(xmllint).args(["--noout", "--schema", s(&xsd), s(&out)]).output().expect("xmllint");
        assert!(check.status.success(), "EAF not valid: {}", String::from_utf8_lossy(&check.stderr));
    }
    let Some(python) = peer_python() else { return };
    let text = peer(&python, &[s(&repo().join("tests/peers/check_eaf.py")), s(&out)]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("pympi output");
    assert_eq!(v["time_origins"], serde_json::json!([null, "2250"]), "{text}");
}

#[test]
fn otio_puts_every_synced_camera_on_its_own_track_on_the_wall_clock() {
    let dir = temp_dir("otio-cameras");
    // A second camera that started 1.5 s after the first.
    let (case, first) = with_second_camera(1_500_000, 0.0);
    let path = write_case(&dir, case);
    let out = dir.join("cameras.otio");
    export(&path, "otio", &out, &[]);
    let Some(python) = peer_python() else { return };
    let script = "import json,sys,opentimelineio as otio\n\
        tl=otio.adapters.read_from_file(sys.argv[1])\n\
        print(json.dumps([{'name':t.name,'starts':[t.range_of_child_at_index(i).start_time.to_seconds() \
        for i in range(len(t))],'markers':sum(len(c.markers) for c in t.find_clips())} for t in tl.tracks]))";
    let text = peer(&python, &["-c", script, s(&out)]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("otio output");
    let tracks = v.as_array().expect("tracks");
    assert_eq!(tracks.len(), 2, "{text}");
    assert_eq!(tracks[0]["name"], first.id.as_str());
    assert_eq!(tracks[0]["starts"], serde_json::json!([0.0, 0.0]), "the first camera starts at once: {text}");
    assert_eq!(tracks[1]["name"], "m2");
    assert_eq!(tracks[1]["starts"], serde_json::json!([0.0, 1.5]), "the second after its 1.5 s gap: {text}");
    assert_eq!(tracks[0]["markers"].as_u64(), Some(sample_case().events.len() as u64), "events stay on their camera");
    assert_eq!(tracks[1]["markers"], 0);
}
