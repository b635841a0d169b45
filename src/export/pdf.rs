//! The exhibit report as PDF (printpdf, A4): the same sections as the HTML report, the other cameras' stills at
//! each event's start and the reviewers' agreement included. Text is set in fonts bundled under `assets/fonts/`
//! (DejaVu Sans; Droid Sans Fallback for Chinese, Japanese and Korean; licences beside them), each embedded as the
//! subset of glyphs the report uses and only when a line needs it. Arabic is joined into its presentation forms and
//! right-to-left text put in display order; a character no bundled font has is printed as U+FFFD and counted on
//! the last page. Stills are printed scaled to the column; the manifest gives the SHA-256 of the exact PNGs, which
//! the stills export writes beside the report.

mod agreement;
pub(super) mod arabic;
pub(super) mod bidi;
pub(super) mod fonts;
mod marks;
mod moment;
mod runs;
mod title;
mod wrap;
mod writer;

use super::common::{sorted_events, type_name, Exhibit};
use super::moment_text::{clock_lines, moment_manifest};
use super::still::sha256_hex;
use super::ExportError;
use crate::case::{cite_event, Case, Stance};
use std::collections::{BTreeMap, BTreeSet};
use writer::Writer;

fn pdf_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Pdf(e.to_string())
}

/// The report as PDF bytes.
pub fn export_pdf(case: &Case, exhibit: &Exhibit) -> Result<Vec<u8>, ExportError> {
    // The anchor also sits in the Info dictionary: page text is glyph ids, which `verify --against` cannot read.
    let mut w = Writer::new(&case.meta.title, &crate::case::Anchor::of(case).to_string())?;

    w.para(&case.meta.title, 16.0)?;
    w.para("Case summary", 13.0)?;
    w.para(&case.meta.description, 9.0)?;
    w.para(
        &format!(
            "Reviewers: {}. {} media file(s), {} claim(s), {} event(s). Generated {}.",
            case.meta.reviewers.join(", "),
            case.media.len(),
            case.claims.len(),
            case.events.len(),
            exhibit.generated_utc
        ),
        9.0,
    )?;
    if !exhibit.coding_set.is_empty() {
        w.para(&format!("Events shown: {}.", exhibit.coding_set), 9.0)?;
    }

    w.para("Media", 13.0)?;
    for media in case.media.values() {
        let outcome =
            exhibit.checks.iter().find(|c| c.media_id == media.id).map_or("not verified", |c| c.outcome.as_str());
        w.para(
            &format!(
                "{} — {} — {} bytes, {} frames\nSHA-256 {}\nVerification: {outcome}",
                media.id,
                media.path_relative.display(),
                media.size_bytes,
                media.probe.frame_count,
                media.sha256
            ),
            9.0,
        )?;
        if let Some(warning) = &media.probe.ends_early {
            w.para(&format!("Warning: {warning}"), 9.0)?;
        }
    }
    w.para("Cameras on the wall clock", 13.0)?;
    w.para("Each camera's clock map takes its media time (PTS × time base) to the case's wall clock; the other cameras printed with an event are each one's latest frame at or before the event's start by these maps.", 9.0)?;
    for media in case.media.values() {
        w.para(&format!("{} ({})", media.id, media.path_relative.display()), 9.0)?;
        w.para(&format!("Clock: {}", clock_lines(media, exhibit).join("\n")), 8.0)?;
    }

    let events = sorted_events(case);
    let mut shown = BTreeSet::new();
    w.para("Claims", 13.0)?;
    for claim in case.claims.values() {
        w.para(&format!("{} ({})", claim.title, claim.id), 11.0)?;
        w.para(
            &format!(
                "“{}”\nAsserted by {} {}. Source: {}{}",
                claim.quote,
                claim.asserted_by.agency,
                claim.asserted_by.official,
                claim.source.document,
                claim.source.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default()
            ),
            9.0,
        )?;
        for (stance, heading) in
            [(Stance::Supports, "Supporting"), (Stance::Contradicts, "Contradicting"), (Stance::Context, "Context")]
        {
            let linked: Vec<_> = events
                .iter()
                .filter_map(|e| e.links.iter().find(|l| l.claim_id == claim.id && l.stance == stance).map(|l| (*e, l)))
                .collect();
            if linked.is_empty() {
                continue;
            }
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
                    w.para(&format!("Left: frame {} as decoded (clean; printed scaled as JPEG, exact PNG SHA-256 {}). Right: ILLUSTRATIVE annotated copy, not evidence.",
                        still.frame, sha256_hex(&still.clean_png)), 7.0)?;
                }
                if let Some(moment) = moment {
                    moment::moment_section(&mut w, moment)?;
                }
            }
        }
    }

    w.para("Event timeline", 13.0)?;
    for event in &events {
        let citation = cite_event(case, &event.id)?;
        let links: Vec<String> = event.links.iter().map(|l| format!("{} ({})", l.claim_id, l.stance)).collect();
        w.para(
            &format!(
                "{} — {}{}{}{}",
                type_name(case, &event.type_id),
                citation,
                event.media_at_coding.warning().map(|w| format!(" — caution: {w}")).unwrap_or_default(),
                if event.note.is_empty() { String::new() } else { format!(" — {}", event.note) },
                if links.is_empty() { String::new() } else { format!(" — claims: {}", links.join(", ")) }
            ),
            8.0,
        )?;
    }
    if let Some(found) = &exhibit.agreement {
        agreement::agreement_section(&mut w, found)?;
    }
    w.para("Audit log", 13.0)?;
    w.para(&format!("{} entries; head hash {}", case.audit.len(), case.audit.head_hash()), 9.0)?;
    w.para(&crate::case::Anchor::of(case).to_string(), 8.0)?;

    w.para("Hash manifest (FRE 902(14))", 13.0)?;
    w.para("Each item is identified by its SHA-256 digest; a copy is authentic when its recomputed SHA-256 equals the digest listed.", 9.0)?;
    for media in case.media.values() {
        w.para(&format!("Media {} ({}): {}", media.id, media.path_relative.display(), media.sha256), 8.0)?;
    }
    for (event_id, still) in &exhibit.stills {
        w.para(
            &format!("Still of event {event_id} frame {} (clean PNG): {}", still.frame, sha256_hex(&still.clean_png)),
            8.0,
        )?;
        w.para(
            &format!(
                "Still of event {event_id} frame {} (ILLUSTRATIVE PNG): {}",
                still.frame,
                sha256_hex(&still.annotated_png)
            ),
            8.0,
        )?;
    }
    for (what, sha256) in moment_manifest(exhibit) {
        w.para(&format!("{what}: {sha256}"), 8.0)?;
    }
    w.para(&format!("Audit log head: {}", case.audit.head_hash()), 8.0)?;
    w.para("Certification: I, ______________________, a qualified person, certify that the digests above were computed from the listed items and that each still was decoded from the media file with the listed digest.\nSignature: ______________________   Date: ______________", 9.0)?;

    w.para("Methodology", 13.0)?;
    w.para(&format!("ClaimFrame {}. FFmpeg libraries {}. Decode settings: {}. Frame N is the N-th frame (from 0) the decoder outputs in presentation order; frame numbers come from a per-file frame index, never from time × frame rate. Times are PTS × time base. Clean stills are the decoded frame with only the display rotation applied. Images marked ILLUSTRATIVE carry added marks and are not evidence of the frame's content.",
        exhibit.claimframe_version, exhibit.ffmpeg_version, exhibit.decode_settings), 9.0)?;

    let fonts = fonts_statement(w.fonts_used(), &w.unprinted);
    w.para(&fonts, 8.0)?;
    title::with_unicode_title(w.finish()?, &case.meta.title)
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
