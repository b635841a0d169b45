//! The exhibit report as a court would receive it, checked with the tools a recipient would use: the sample case
//! (plus an event linked to no claim) exported as PDF and HTML with an exhibit number and Bates numbering, under a
//! fixed `SOURCE_DATE_EPOCH`. pdftotext finds the summary on page 2, "page X of Y" and the Bates number on every
//! page, every claim and event; pdffonts finds every font embedded; two runs give the same bytes; the stills
//! written beside the report are the ones the manifest lists; Chromium prints the HTML with the same furniture,
//! Bates numbers included past the 500th page.

mod support;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use support::exchange::*;

const FRONT: [&str; 8] =
    ["--exhibit-number", "7", "--prepared-by", "A. Examiner", "--bates-prefix", "ACME-", "--bates-start", "41"];

/// The sample with one more event, a copy of its first with no claim link, as `e11`.
fn case_with_unlinked_event(dir: &Path) -> PathBuf {
    let mut case = sample_case();
    let Some(mut extra) = case.events.values().next().cloned() else { panic!("the sample has events") };
    extra.id = claimframe::case::EventId::new("e11");
    extra.links.clear();
    case.events.insert(extra.id.clone(), extra);
    write_case(dir, case)
}

fn export_in(name: &str, format: &str) -> PathBuf {
    std::env::set_var("SOURCE_DATE_EPOCH", "1900000000");
    let dir = temp_dir(name);
    let case = case_with_unlinked_event(&dir);
    let out = dir.join(format!("exhibit.{format}"));
    let mut args = vec!["export", s(&case), "--format", format, "-o", s(&out)];
    args.extend(FRONT);
    run_ok(&args);
    out
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
    // Every full-resolution still beside the report is listed with its hash and place.
    let folder = html_path.with_file_name("exhibit.stills");
    let stills: Vec<PathBuf> =
        std::fs::read_dir(&folder).expect("the stills folder").flatten().map(|e| e.path()).collect();
    assert!(stills.len() >= 2);
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
