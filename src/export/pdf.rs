//! The exhibit report as PDF (printpdf, A4): the same sections as the HTML report — cover, summary, contents, the
//! timeline figure, tables for the media, the events and the manifest, each file's frame-timing plot, the other
//! cameras' stills at each event's start, the measurements and the reviewers' agreement — with every page's header, "page X of Y" and Bates number. Text is set in fonts bundled under `assets/fonts/`
//! (DejaVu Sans; Droid Sans Fallback for Chinese, Japanese and Korean; licences beside them), each embedded as the
//! subset of glyphs the report uses and only when a line needs it. Arabic is joined into its presentation forms and
//! right-to-left text put in display order; a character no bundled font has is printed as U+FFFD and counted on
//! the last page. Stills are printed as scaled JPEGs; the manifest gives the SHA-256 of those JPEGs and of the
//! full-resolution PNGs, which the export job writes beside the report.

mod agreement;
pub(super) mod arabic;
pub(super) mod bidi;
mod canonical;
mod figure;
pub(super) mod fonts;
mod marks;
mod measure;
mod moment;
mod runs;
mod table;
mod timing;
mod title;
mod wrap;
mod writer;

use super::common::{sorted_events, type_name, Exhibit};
use super::exhibit_front::{
    bates_number, claim_anchor, claims_in_order, cover_lines, heading, page_footer, page_header, section_number,
    sections,
};
use super::exhibit_measure::claim_measurements_sentence;
use super::exhibit_tables::{
    asserted_by_on, event_table, manifest_table, media_table, still_caption, summary_table, unlinked_sentence,
};
use super::moment_text::clock_lines;
use super::still::{print_jpeg, sha256_hex};
use super::timeline_figure::timeline_figure;
use super::timing_figure::{timing_figure, timing_missing, NOT_READ, TIMING_INTRO};
use super::ExportError;
use crate::case::agreement::words::TextTable;
use crate::case::{cite_event, Case, Stance};
use std::collections::{BTreeMap, BTreeSet};
use writer::{Furniture, Writer};

fn pdf_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Pdf(e.to_string())
}

/// The report as PDF bytes. Laid out until the page each section starts on settles (the table of contents and
/// the summary print those pages, known only once the sections are set), at most three times.
pub fn export_pdf(case: &Case, exhibit: &Exhibit) -> Result<Vec<u8>, ExportError> {
    let mut pages = BTreeMap::new();
    for _ in 0..3 {
        let (pdf, marks) = render(case, exhibit, &pages)?;
        if marks == pages {
            return title::with_info(pdf, &case.meta.title, &exhibit.generated_utc);
        }
        pages = marks;
    }
    let (pdf, _) = render(case, exhibit, &pages)?;
    title::with_info(pdf, &case.meta.title, &exhibit.generated_utc)
}

/// The still as printed: a JPEG at most 640 px wide (these exact bytes are the image in the file).
fn printed(png: &[u8]) -> Result<Vec<u8>, ExportError> {
    Ok(print_jpeg(png, PRINT_WIDTH_PX)?.0)
}

/// How wide (at most) a still is printed, in pixels.
const PRINT_WIDTH_PX: u32 = 640;

/// One layout of the report, with `pages` the page each section started on last time; returns the document and
/// the pages its sections start on.
fn render(
    case: &Case,
    exhibit: &Exhibit,
    pages: &BTreeMap<String, usize>,
) -> Result<(Vec<u8>, BTreeMap<String, usize>), ExportError> {
    // The anchor also sits in the Info dictionary: page text is glyph ids, which `verify --against` cannot read.
    let mut w = Writer::new(&case.meta.title, &crate::case::Anchor::of(case).to_string())?;
    let found = exhibit.agreement.as_ref();
    let sections = sections(case, found.is_some());
    let page_of = |anchor: &str| pages.get(anchor).map_or_else(|| "—".to_owned(), |p| p.to_string());
    let h = |anchor: &str| heading(&sections, anchor, anchor);

    // Page 1: the cover.
    w.mark("cover");
    w.para(&case.meta.title, 20.0)?;
    for (label, value) in cover_lines(case, exhibit) {
        w.para(&format!("{label}: {value}"), 10.0)?;
    }
    // Page 2: the summary, then the contents.
    w.new_page();
    w.mark("summary");
    w.para(&h("summary"), 13.0)?;
    let summary =
        summary_table(case, &|anchor| format!("§{}, p. {}", section_number(&sections, anchor), page_of(anchor)));
    table::table(&mut w, &summary, &[0.3, 0.2, 0.12, 0.14, 0.09, 0.15], 8.0)?;
    w.para(&unlinked_sentence(case), 8.0)?;
    if !exhibit.coding_set.is_empty() {
        w.para(&format!("Events shown: {}.", exhibit.coding_set), 8.0)?;
    }
    w.para("Contents", 13.0)?;
    let contents = TextTable {
        header: vec!["Section".into(), "Page".into()],
        rows: sections.iter().map(|s| vec![format!("{} {}", s.number, s.title), page_of(&s.anchor)]).collect(),
    };
    table::table(&mut w, &contents, &[0.88, 0.12], 8.0)?;

    let events = sorted_events(case);
    w.mark("figure");
    w.para(&h("figure"), 13.0)?;
    figure::figure(&mut w, &timeline_figure(case, &events))?;
    w.mark("media");
    w.para(&h("media"), 13.0)?;
    w.para(&format!("Reviewers: {}.", crate::case::signing_reviewers(case).join(", ")), 9.0)?;
    table::table(&mut w, &media_table(case, exhibit), &[0.1, 0.18, 0.3, 0.1, 0.08, 0.24], 7.0)?;
    w.mark("sync");
    w.para(&h("sync"), 13.0)?;
    w.para("Each camera's clock map takes its media time (PTS × time base) to the case's wall clock; the other cameras printed with an event are each one's latest frame at or before the event's start by these maps.", 9.0)?;
    for media in case.media.values() {
        w.para(&format!("{} ({})", media.id, media.path_relative.display()), 9.0)?;
        w.para(&format!("Clock: {}", clock_lines(media, exhibit).join("\n")), 8.0)?;
    }

    // The heading and its introduction stay with the first plot.
    w.need(if exhibit.timing.values().any(Result::is_ok) { 120.0 } else { 20.0 });
    w.mark("timing");
    w.para(&h("timing"), 13.0)?;
    w.para(TIMING_INTRO, 9.0)?;
    for media in case.media.values() {
        match exhibit.timing.get(&media.id) {
            Some(Ok(plot)) => timing::timing_plot(&mut w, &timing_figure(media, plot))?,
            Some(Err(why)) => w.para(&timing_missing(media, why), 9.0)?,
            None => w.para(&timing_missing(media, NOT_READ), 9.0)?,
        }
    }

    let mut shown = BTreeSet::new();
    w.mark("claims");
    w.para(&h("claims"), 13.0)?;
    for claim in claims_in_order(case) {
        let anchor = claim_anchor(claim);
        w.mark(&anchor);
        w.para(&h(&anchor), 11.0)?;
        w.para(
            &format!(
                "“{}”\nAsserted by {}. Source: {}{}",
                claim.quote,
                asserted_by_on(claim),
                claim.source.document,
                claim.source.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
            ),
            9.0,
        )?;
        let place = |a: &str| format!("§{}, p. {}", section_number(&sections, a), page_of(a));
        if let Some(measured) = claim_measurements_sentence(case, claim, &place) {
            w.para(&measured, 9.0)?;
        }
        for (stance, heading) in
            [(Stance::Supports, "Supporting"), (Stance::Contradicts, "Contradicting"), (Stance::Context, "Context")]
        {
            let linked: Vec<_> = events
                .iter()
                .filter_map(|e| e.links.iter().find(|l| l.claim_id == claim.id && l.stance == stance).map(|l| (*e, l)))
                .collect();
            w.para(&format!("{heading} events ({})", linked.len()), 10.0)?;
            for (event, link) in linked {
                let citation = cite_event(case, &event.id)?;
                w.para(&format!("{} — {}", type_name(case, &event.type_id), citation), 8.0)?;
                if let Some(warning) = event.media_at_coding.warning() {
                    w.para(&format!("Caution: {warning}."), 8.0)?;
                }
                if !event.note.is_empty() {
                    w.para(&format!("Note: {}", event.note), 8.0)?;
                }
                if !link.rationale.is_empty() {
                    w.para(&format!("Rationale: {}", link.rationale), 8.0)?;
                }
                let moment = exhibit.moments.get(&event.id);
                let pictured = exhibit.stills.contains_key(&event.id) || moment.is_some();
                if pictured && !shown.insert(event.id.clone()) {
                    w.para("Stills of this event are printed above.", 7.0)?;
                    continue;
                }
                if let Some(still) = exhibit.stills.get(&event.id) {
                    w.stills(&[&still.clean_png, &still.annotated_png])?;
                    w.para(&format!("{}. Left: frame {} as decoded (clean; printed scaled as JPEG, SHA-256 of the full-resolution PNG {}). Right: ILLUSTRATIVE annotated copy, not evidence.",
                        still_caption(case, event)?, still.frame, sha256_hex(&still.clean_png)), 7.0)?;
                }
                if let Some(moment) = moment {
                    moment::moment_section(&mut w, moment)?;
                }
            }
        }
    }

    w.mark("timeline");
    w.para(&h("timeline"), 13.0)?;
    table::table(&mut w, &event_table(case)?, &[0.1, 0.11, 0.07, 0.09, 0.14, 0.19, 0.15, 0.15], 6.5)?;
    w.mark("measurements");
    w.para(&h("measurements"), 13.0)?;
    measure::measurements_section(&mut w, case, exhibit, &h)?;
    if let Some(found) = found {
        w.mark("agreement");
        agreement::agreement_section(&mut w, &h("agreement"), found)?;
    }
    w.mark("audit");
    w.para(&h("audit"), 13.0)?;
    w.para(&format!("{} entries; head hash {}", case.audit.len(), case.audit.head_hash()), 9.0)?;
    w.para(&crate::case::Anchor::of(case).to_string(), 8.0)?;

    w.mark("manifest");
    w.para(&h("manifest"), 13.0)?;
    w.para("Each item is identified by its SHA-256 digest; a copy is authentic when its recomputed SHA-256 equals the digest listed. The images in this file are listed as printed (each is a JPEG stream, e.g. extracted with pdfimages -all); the full-resolution PNGs they were made from are listed with where they are.", 9.0)?;
    let kind = format!("JPEG as printed, at most {PRINT_WIDTH_PX} px wide");
    table::table(&mut w, &manifest_table(case, exhibit, &kind, &printed)?, &[0.36, 0.4, 0.24], 6.5)?;
    w.para("Certification: I, ______________________, a qualified person, certify that the digests above were computed from the listed items and that each still was decoded from the media file with the listed digest.\nSignature: ______________________   Date: ______________", 9.0)?;

    w.mark("methodology");
    w.para(&h("methodology"), 13.0)?;
    w.para(&format!("ClaimFrame {}. FFmpeg libraries {}. Decode settings: {}. Frame N is the N-th frame (from 0) the decoder outputs in presentation order; frame numbers come from a per-file frame index, never from time × frame rate. Times are PTS × time base. Clean stills are the decoded frame with only the display rotation applied. Images marked ILLUSTRATIVE carry added marks and are not evidence of the frame's content.",
        exhibit.claimframe_version, exhibit.ffmpeg_version, exhibit.decode_settings), 9.0)?;

    let fonts = fonts_statement(w.fonts_used(), &w.unprinted);
    w.para(&fonts, 8.0)?;
    let marks = w.marks.clone();
    let header = page_header(case, &exhibit.front);
    let pdf = w.finish(&|page, total| Furniture {
        header: header.clone(),
        footer: page_footer(page, total),
        bates: bates_number(&exhibit.front, page - 1),
    })?;
    Ok((pdf, marks))
}

/// The last paragraph: which bundled fonts the report is set in, and how many characters none of them has.
fn fonts_statement(used: impl Iterator<Item = fonts::FontId>, unprinted: &BTreeMap<char, usize>) -> String {
    let names: Vec<&str> = used.map(fonts::FontId::name).collect();
    let set_in =
        format!("Text is set in {} (bundled with ClaimFrame; licences in assets/fonts/).", names.join(" and "));
    let count: usize = unprinted.values().sum();
    if count == 0 {
        return format!("{set_in} Every character of the case was printed.");
    }
    let listed: Vec<String> = unprinted.iter().take(12).map(|(c, n)| format!("U+{:04X} ×{n}", *c as u32)).collect();
    let more = if unprinted.len() > 12 { format!(" and {} more", unprinted.len() - 12) } else { String::new() };
    format!(
        "{set_in} {count} character(s) have no glyph in the bundled fonts and are printed as U+FFFD \u{FFFD}: {}{more}.",
        listed.join(", ")
    )
}
