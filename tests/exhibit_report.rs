//! The exhibit report as a court would receive it, checked with the tools a recipient would use: the sample case
//! (plus an event linked to no claim) exported as PDF and HTML with an exhibit number and Bates numbering, under a
//! fixed `SOURCE_DATE_EPOCH`. pdftotext finds the summary on page 2, "page X of Y" and the Bates number on every
//! page, every claim and event; pdffonts finds every font embedded; two runs give the same bytes; the stills
//! written beside the report are the ones the manifest lists; Chromium prints the HTML with the same furniture,
//! Bates numbers included past the 500th page.

mod support;

use claimframe::case::{
    load_case, ClaimId, ClaimLink, EventId, GivenDistance, MeasureMark, Measurement, MeasurementId, MediaId,
    MediaMarks, Stance,
};
use claimframe::exchange::media_file::{EngineProbe, MediaProbe};
use claimframe::export::{measurement_row, plus_minus, KM_PER_H_PER_M_PER_S, MPH_PER_M_PER_S, REFERENCE_DECELERATIONS};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use support::exchange::*;

const FRONT: [&str; 8] =
    ["--exhibit-number", "7", "--prepared-by", "A. Examiner", "--bates-prefix", "ACME-", "--bates-start", "41"];

/// The sample with one more event, a copy of its first with no claim link, as `e11`; and three measurements of
/// brake-check 2 (e6) on its camera: `ms-1` two marks and a distance (a speed), `ms-2` three marks and two
/// distances (a deceleration), `ms-3` two marks given two distances (it cannot be computed).
fn exhibit_case(dir: &Path) -> PathBuf {
    let mut case = sample_case();
    let Some(mut extra) = case.events.values().next().cloned() else { panic!("the sample has events") };
    extra.id = EventId::new("e11");
    extra.links.clear();
    case.events.insert(extra.id.clone(), extra);
    // Only these three: the sample's own measurement of brake-check 2 is left out.
    case.measurements.clear();
    for m in [
        measurement("ms-1", &[960, 978], &[10.3], &[("c7", Stance::Supports)]),
        measurement("ms-2", &[960, 978, 995], &[10.3, 6.4], &[("c7", Stance::Supports), ("c11", Stance::Context)]),
        measurement("ms-3", &[960, 978], &[10.3, 6.4], &[]),
    ] {
        case.measurements.insert(m.id.clone(), m);
    }
    write_case(dir, case)
}

/// A measurement on the sample's camera m1 at `frames`, with `distances_m` (± 0.3 m each) and claim links.
fn measurement(id: &str, frames: &[u64], distances_m: &[f64], links: &[(&str, Stance)]) -> Measurement {
    support::isolate_cache();
    let asked: Vec<u64> = frames.iter().flat_map(|f| [*f, f + 1]).collect();
    let points = EngineProbe.frame_points(&support::sample_footage(), &asked).expect("the sample's frames");
    let marks = points
        .chunks(2)
        .map(|p| MeasureMark { at: p[0], frame_interval_ticks: p[1].pts_ticks - p[0].pts_ticks })
        .collect();
    Measurement {
        id: MeasurementId::from(id),
        media: vec![MediaMarks { media_id: MediaId::from("m1"), marks }],
        distances: distances_m
            .iter()
            .map(|d| GivenDistance { distance_m: *d, distance_unc_m: 0.3, source: "lane markings 3.0 m apart".into() })
            .collect(),
        events: vec![EventId::new("e6")],
        links: links
            .iter()
            .map(|(claim, stance)| ClaimLink {
                claim_id: ClaimId::new(*claim),
                stance: *stance,
                ..ClaimLink::default()
            })
            .collect(),
        note: format!("{id}: brake-check 2"),
        reviewer: "A. Examiner".into(),
        created_utc: "2030-03-01T12:00:00.000Z".into(),
        modified_utc: "2030-03-01T12:00:00.000Z".into(),
        ..Measurement::default()
    }
}

/// What both reports say of the measurements and the timing plot, found in `text` (spaces and line ends taken
/// out, as a table cell may wrap anywhere, and each page's header and footer, as a paragraph may run onto the
/// next page).
fn assert_measurements_and_timing(text: &str) {
    let furniture = |line: &str| {
        let line = line.trim();
        line.ends_with("— Exhibit 7")
            || line.starts_with("ACME-0")
            || (line.starts_with("page ") && line.contains(" of "))
    };
    let flat: String = text.lines().filter(|l| !furniture(l)).flat_map(str::split_whitespace).collect();
    let has = |needle: &str| {
        let needle: String = needle.split_whitespace().collect();
        assert!(flat.contains(&needle), "the report lacks {needle:?}");
    };
    let case = exhibit_case_in_memory();
    for id in ["ms-1", "ms-2", "ms-3"] {
        has(&format!("Measurement {id}"));
        has(&format!("Note: {id}: brake-check 2"));
    }
    for m in case.measurements.values() {
        let row = measurement_row(&case, m);
        for i in &row.intervals {
            has(&format!("{} s", plus_minus(i.delta_t_secs, i.delta_t_unc_secs, 4)));
            let (v, u) = (i.speed_m_per_s.expect("a speed"), i.speed_unc_m_per_s.expect("its ±"));
            has(&format!("{} m/s", plus_minus(v, u, 2)));
            has(&format!("{} km/h", plus_minus(v * KM_PER_H_PER_M_PER_S, u * KM_PER_H_PER_M_PER_S, 1)));
            has(&format!("{} mph", plus_minus(v * MPH_PER_M_PER_S, u * MPH_PER_M_PER_S, 1)));
        }
        if let (Some(a), Some(au), Some(g), Some(gu)) =
            (row.decel_m_per_s2, row.decel_unc_m_per_s2, row.decel_g, row.decel_unc_g)
        {
            has(&format!("{} m/s² = {} g", plus_minus(a, au, 2), plus_minus(g, gu, 3)));
        }
        if !row.method_and_limits.is_empty() {
            has(&row.method_and_limits);
        }
    }
    has("This measurement cannot be computed: measurement ms-3: 2 distance(s) for 1 interval(s).");
    for (value, source) in REFERENCE_DECELERATIONS {
        has(&format!("{value}: {source}"));
    }
    has("Mark 3 (m1 frame 995): Frame 995 · PTS");
    has("Bears on events: e6 (Brake-check).");
    has("Frame timing of m1");
    has("Declared rate 30.000 fps (33.333 ms a frame); measured 30.000 fps (33.333 ms a frame).");
    has("Duplicate frames (consecutive frames whose decoded pictures are identical, by framemd5): none.");
}

/// The case `exhibit_case` writes, as it is in memory.
fn exhibit_case_in_memory() -> claimframe::case::Case {
    let dir = temp_dir("measured-in-memory");
    load_case(&exhibit_case(&dir)).expect("load")
}

fn export_in(name: &str, format: &str) -> PathBuf {
    std::env::set_var("SOURCE_DATE_EPOCH", "1900000000");
    let dir = temp_dir(name);
    let case = exhibit_case(&dir);
    let out = dir.join(format!("exhibit.{format}"));
    let mut args = vec!["export", s(&case), "--format", format, "-o", s(&out)];
    args.extend(FRONT);
    run_ok(&args);
    out
}

/// The full-resolution stills of the measurements' marked frames.
const MARKED_STILLS: [&str; 7] = [
    "ms-1_m1_frame960.png",
    "ms-1_m1_frame978.png",
    "ms-2_m1_frame960.png",
    "ms-2_m1_frame978.png",
    "ms-2_m1_frame995.png",
    "ms-3_m1_frame960.png",
    "ms-3_m1_frame978.png",
];

/// The words a reader of `html` sees: tags taken out, the escapes the report writes put back.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn sha256_file(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("read")))
}

fn page_count(pdf: &Path) -> usize {
    let Some(pdfinfo) = tool("pdfinfo") else { return 0 };
    let info = peer(&pdfinfo, &[s(pdf)]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|p| p.trim().parse().ok()).unwrap_or(0)
}

/// Every page of `pdf` carries "page X of Y" and its Bates number.
fn assert_furniture(pdf: &Path) {
    let Some(pdftotext) = tool("pdftotext") else { return };
    let pages = page_count(pdf);
    assert!(pages >= 3, "{pages} pages");
    for page in 1..=pages {
        let n = page.to_string();
        let text = peer(&pdftotext, &["-f", &n, "-l", &n, s(pdf), "-"]);
        assert!(text.contains(&format!("page {page} of {pages}")), "page {page} lacks its number:\n{text}");
        let bates = format!("ACME-{:06}", 40 + page);
        assert!(text.contains(&bates), "page {page} lacks {bates}:\n{text}");
        assert!(text.contains("Exhibit 7"), "page {page} lacks its header");
    }
}

#[test]
fn the_pdf_has_its_summary_page_numbers_bates_numbers_every_claim_and_event_and_embedded_fonts() {
    let pdf = export_in("exhibit-pdf-a", "pdf");
    let again = export_in("exhibit-pdf-b", "pdf");
    assert_eq!(sha256_file(&pdf), sha256_file(&again), "two runs under one SOURCE_DATE_EPOCH differ");

    let Some(pdftotext) = tool("pdftotext") else { return };
    let cover = peer(&pdftotext, &["-f", "1", "-l", "1", s(&pdf), "-"]);
    for needle in ["Exhibit: 7", "Prepared by: A. Examiner", "Date: 2030-03-17T17:46:40.000Z", "Signed by key"] {
        assert!(cover.contains(needle), "the cover lacks {needle:?}:\n{cover}");
    }
    let second = peer(&pdftotext, &["-f", "2", "-l", "2", s(&pdf), "-"]);
    assert!(second.contains("Summary") && second.contains("Contradicting") && second.contains("Discussed in"));
    assert!(second.contains("Contents"), "{second}");
    assert_furniture(&pdf);

    let text = peer(&pdftotext, &[s(&pdf), "-"]);
    assert_measurements_and_timing(&text);
    let case = sample_case();
    for claim in case.claims.keys() {
        assert!(text.contains(&format!("({claim})")), "the PDF lacks claim {claim}");
    }
    for event in case.events.keys().map(|e| e.as_str()).chain(["e11"]) {
        assert!(text.contains(event), "the PDF lacks event {event}");
    }
    assert!(text.contains("no claim link"), "the unlinked event is not said to be so");
    assert!(text.contains("1 with no claim link"), "the summary does not count the unlinked event");
    assert!(text.contains("JPEG as printed") && text.contains("exhibit.stills/"), "the manifest's items");
    for name in MARKED_STILLS {
        let still = pdf.with_file_name("exhibit.stills").join(name);
        assert!(text.contains(&sha256_file(&still)[..40]), "{name}'s hash is not in the PDF's manifest");
    }
    // A cell may wrap anywhere: its words are counted with the spaces and line ends taken out.
    let flat: String = text.split_whitespace().collect();
    let jpeg_rows = flat.matches("(JPEGasprinted").count();

    let Some(pdffonts) = tool("pdffonts") else { return };
    let fonts = peer(&pdffonts, &[s(&pdf)]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols.len() >= 5 && cols[cols.len() - 5] == "yes", "a font is not embedded: {row}");
    }
    // The images in the file are the JPEGs the manifest lists by hash.
    let Some(pdfimages) = tool("pdfimages") else { return };
    let prefix = pdf.with_file_name("img");
    peer(&pdfimages, &["-all", s(&pdf), s(&prefix)]);
    let dir = pdf.parent().expect("a folder");
    let jpegs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        .collect();
    assert!(!jpegs.is_empty(), "no JPEG in the PDF");
    assert_eq!(jpeg_rows, jpegs.len(), "the manifest lists exactly the images the PDF contains");
    // A digest wraps in its table cell, and pdftotext may read the cells of a row in another order: the first 40
    // hex digits (one line of the cell) identify it.
    for jpeg in jpegs {
        let digest = sha256_file(&jpeg);
        assert!(text.contains(&digest[..40]), "{} ({digest}) is not in the manifest", jpeg.display());
    }
}

#[test]
fn the_html_lists_what_it_embeds_and_the_stills_beside_it_and_prints_with_page_furniture() {
    let html_path = export_in("exhibit-html-a", "html");
    let again = export_in("exhibit-html-b", "html");
    assert_eq!(sha256_file(&html_path), sha256_file(&again), "two runs under one SOURCE_DATE_EPOCH differ");
    let html = std::fs::read_to_string(&html_path).expect("the HTML");
    for needle in ["id=\"cover\"", "id=\"contents\"", "<h2>1 Summary</h2>", "<svg", "no claim link", "ACME-000041"] {
        assert!(html.contains(needle), "the HTML lacks {needle:?}");
    }
    assert!(html.find("1 Summary") < html.find("id=\"contents\""), "the summary comes before the contents");
    assert_measurements_and_timing(&visible_text(&html));
    for needle in [
        "<svg class=\"timing-plot\" data-media=\"m1\"",
        "<polyline class=\"intervals\"",
        "<a href=\"#measurements\">8 Measurements</a>",
        "measurement ms-2: <a href=\"#measurement-ms-2\">§8.2</a>",
        "<section class=\"measurement\" id=\"measurement-ms-3\">",
    ] {
        assert!(html.contains(needle), "the HTML lacks {needle:?}");
    }
    assert_eq!(html.matches("<figure class=\"mark\">").count(), 7, "a still of each marked frame");
    // Every full-resolution still beside the report is listed with its hash and place.
    let folder = html_path.with_file_name("exhibit.stills");
    let stills: Vec<PathBuf> =
        std::fs::read_dir(&folder).expect("the stills folder").flatten().map(|e| e.path()).collect();
    assert!(stills.len() >= 2);
    for name in MARKED_STILLS {
        assert!(folder.join(name).is_file(), "{name} is not beside the report");
    }
    for still in &stills {
        let name = still.file_name().and_then(|n| n.to_str()).expect("a name");
        assert!(html.contains(&sha256_file(still)), "{name}'s hash is not in the manifest");
        assert!(html.contains(&format!("exhibit.stills/{name}")), "{name}'s place is not in the manifest");
    }

    let Some(chromium) = tool("chromium") else { return };
    assert_furniture(&print_html(&chromium, &html_path));
}

/// `html` printed by Chromium as the PDF beside it.
fn print_html(chromium: &Path, html: &Path) -> PathBuf {
    let printed = html.with_extension("printed.pdf");
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", s(&printed)))
        .arg(s(html))
        .output()
        .expect("run chromium");
    assert!(printed.is_file(), "chromium printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    printed
}

#[test]
fn the_printed_html_numbers_every_page_past_the_five_hundredth() {
    let Some(chromium) = tool("chromium") else { return };
    let Some(pdftotext) = tool("pdftotext") else { return };
    let html_path = export_in("exhibit-html-bates", "html");
    let html = std::fs::read_to_string(&html_path).expect("the HTML");
    // The report's own print stylesheet over 520 pages of filler, which print far faster than 520 pages of report.
    let style = html.split_once("<style>").and_then(|(_, rest)| rest.split_once("</style>")).expect("a style").0;
    let filler: String = (1..=520).map(|i| format!("<p style=\"break-after:page\">filler {i}</p>")).collect();
    let long = html_path.with_file_name("long.html");
    std::fs::write(
        &long,
        format!("<!DOCTYPE html><html><head><style>{style}</style></head><body>{filler}</body></html>"),
    )
    .expect("write");
    let printed = print_html(&chromium, &long);
    assert_eq!(page_count(&printed), 520);
    for (page, bates) in [(1, "ACME-000041"), (500, "ACME-000540"), (501, "ACME-000541"), (520, "ACME-000560")] {
        let n = page.to_string();
        let text = peer(&pdftotext, &["-f", &n, "-l", &n, s(&printed), "-"]);
        assert!(text.contains(bates) && text.contains(&format!("page {page} of 520")), "page {page}:\n{text}");
    }
}
