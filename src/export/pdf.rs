//! The exhibit report as PDF (printpdf, A4, the bundled Ubuntu font embedded so any script prints): the same
//! sections as the HTML report. Stills are printed scaled to the column; the manifest gives the SHA-256 of the
//! exact PNGs, which the stills export writes beside the report.

use super::common::{sorted_events, type_name, Exhibit};
use super::still::{print_jpeg, sha256_hex};
use super::ExportError;
use crate::case::{cite_event, Case, Stance};
use printpdf::{
    ColorBits, ColorSpace, Image, ImageFilter, ImageTransform, ImageXObject, IndirectFontRef, Mm, PdfDocument,
    PdfDocumentReference, PdfLayerReference, Px,
};
use std::collections::BTreeSet;

const PAGE_W_MM: f32 = 210.0;
const PAGE_H_MM: f32 = 297.0;
const MARGIN_MM: f32 = 18.0;
const PT_TO_MM: f32 = 0.3528;

fn pdf_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Pdf(e.to_string())
}

struct Writer {
    doc: PdfDocumentReference,
    font: IndirectFontRef,
    layer: PdfLayerReference,
    y_mm: f32,
    pages: usize,
}

impl Writer {
    fn new_page(&mut self) {
        self.pages += 1;
        let (page, layer) = self.doc.add_page(Mm(PAGE_W_MM), Mm(PAGE_H_MM), format!("page {}", self.pages));
        self.layer = self.doc.get_page(page).get_layer(layer);
        self.y_mm = PAGE_H_MM - MARGIN_MM;
    }

    fn need(&mut self, height_mm: f32) {
        if self.y_mm - height_mm < MARGIN_MM {
            self.new_page();
        }
    }

    /// Writes `text` wrapped to the page width at `size_pt`.
    fn para(&mut self, text: &str, size_pt: f32) {
        let line_mm = size_pt * PT_TO_MM * 1.35;
        let max_chars = ((PAGE_W_MM - 2.0 * MARGIN_MM) / (size_pt * PT_TO_MM * 0.5)).max(10.0) as usize;
        for raw_line in text.lines() {
            let mut line = String::new();
            for word in raw_line.split(' ') {
                let mut word = word.to_owned();
                while word.chars().count() > max_chars {
                    let head: String = word.chars().take(max_chars).collect();
                    word = word.chars().skip(max_chars).collect();
                    if !line.is_empty() {
                        self.emit(&line, size_pt, line_mm);
                        line.clear();
                    }
                    self.emit(&head, size_pt, line_mm);
                }
                if line.chars().count() + word.chars().count() + 1 > max_chars && !line.is_empty() {
                    self.emit(&line, size_pt, line_mm);
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
            }
            self.emit(&line, size_pt, line_mm);
        }
        self.y_mm -= line_mm * 0.4;
    }

    fn emit(&mut self, line: &str, size_pt: f32, line_mm: f32) {
        self.need(line_mm);
        self.y_mm -= line_mm;
        self.layer.use_text(line, size_pt, Mm(MARGIN_MM), Mm(self.y_mm), &self.font);
    }

    /// Two images side by side, each half the column wide.
    fn stills(&mut self, pngs: [&[u8]; 2]) -> Result<(), ExportError> {
        let col_mm = (PAGE_W_MM - 2.0 * MARGIN_MM - 6.0) / 2.0;
        let mut decoded = Vec::new();
        for png in pngs {
            decoded.push(print_jpeg(png, 640)?);
        }
        let height_mm = decoded.iter().map(|(_, w, h)| col_mm * *h as f32 / (*w).max(1) as f32).fold(0.0, f32::max);
        self.need(height_mm + 4.0);
        self.y_mm -= height_mm;
        for (i, (jpeg, w, h)) in decoded.into_iter().enumerate() {
            let dpi = w as f32 / (col_mm / 25.4);
            let image = Image::from(ImageXObject {
                width: Px(w as usize),
                height: Px(h as usize),
                color_space: ColorSpace::Rgb,
                bits_per_component: ColorBits::Bit8,
                interpolate: true,
                image_data: jpeg,
                image_filter: Some(ImageFilter::DCT),
                smask: None,
                clipping_bbox: None,
            });
            let x = MARGIN_MM + i as f32 * (col_mm + 6.0);
            image.add_to_layer(
                self.layer.clone(),
                ImageTransform {
                    translate_x: Some(Mm(x)),
                    translate_y: Some(Mm(self.y_mm)),
                    dpi: Some(dpi),
                    ..ImageTransform::default()
                },
            );
        }
        self.y_mm -= 2.0;
        Ok(())
    }
}

/// The report as PDF bytes.
pub fn export_pdf(case: &Case, exhibit: &Exhibit) -> Result<Vec<u8>, ExportError> {
    let (doc, page, layer) = PdfDocument::new(case.meta.title.clone(), Mm(PAGE_W_MM), Mm(PAGE_H_MM), "page 1");
    let font = doc.add_external_font(std::io::Cursor::new(epaint_default_fonts::UBUNTU_LIGHT)).map_err(pdf_err)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut w = Writer { doc, font, layer, y_mm: PAGE_H_MM - MARGIN_MM, pages: 1 };

    w.para(&case.meta.title, 16.0);
    w.para("Case summary", 13.0);
    w.para(&case.meta.description, 9.0);
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
    );

    w.para("Media", 13.0);
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
        );
        if let Some(warning) = &media.probe.ends_early {
            w.para(&format!("Warning: {warning}"), 9.0);
        }
    }

    let events = sorted_events(case);
    let mut shown = BTreeSet::new();
    w.para("Claims", 13.0);
    for claim in case.claims.values() {
        w.para(&format!("{} ({})", claim.title, claim.id), 11.0);
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
        );
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
            w.para(&format!("{heading} events ({})", linked.len()), 10.0);
            for (event, link) in linked {
                let citation = cite_event(case, &event.id)?;
                w.para(&format!("{} — {}", type_name(case, &event.type_id), citation), 8.0);
                if let Some(warning) = event.media_at_coding.warning() {
                    w.para(&format!("Caution: {warning}."), 8.0);
                }
                if !event.note.is_empty() {
                    w.para(&format!("Note: {}", event.note), 8.0);
                }
                if !link.rationale.is_empty() {
                    w.para(&format!("Rationale: {}", link.rationale), 8.0);
                }
                if exhibit.stills.contains_key(&event.id) && !shown.insert(event.id.clone()) {
                    w.para("Stills of this event are printed above.", 7.0);
                } else if let Some(still) = exhibit.stills.get(&event.id) {
                    w.stills([&still.clean_png, &still.annotated_png])?;
                    w.para(&format!("Left: frame {} as decoded (clean; printed scaled as JPEG, exact PNG SHA-256 {}). Right: ILLUSTRATIVE annotated copy, not evidence.",
                        still.frame, sha256_hex(&still.clean_png)), 7.0);
                }
            }
        }
    }

    w.para("Event timeline", 13.0);
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
        );
    }
    w.para("Audit log", 13.0);
    w.para(&format!("{} entries; head hash {}", case.audit.len(), case.audit.head_hash()), 9.0);
    w.para(&crate::case::Anchor::of(case).to_string(), 8.0);

    w.para("Hash manifest (FRE 902(14))", 13.0);
    w.para("Each item is identified by its SHA-256 digest; a copy is authentic when its recomputed SHA-256 equals the digest listed.", 9.0);
    for media in case.media.values() {
        w.para(&format!("Media {} ({}): {}", media.id, media.path_relative.display(), media.sha256), 8.0);
    }
    for (event_id, still) in &exhibit.stills {
        w.para(
            &format!("Still of event {event_id} frame {} (clean PNG): {}", still.frame, sha256_hex(&still.clean_png)),
            8.0,
        );
        w.para(
            &format!(
                "Still of event {event_id} frame {} (ILLUSTRATIVE PNG): {}",
                still.frame,
                sha256_hex(&still.annotated_png)
            ),
            8.0,
        );
    }
    w.para(&format!("Audit log head: {}", case.audit.head_hash()), 8.0);
    w.para("Certification: I, ______________________, a qualified person, certify that the digests above were computed from the listed items and that each still was decoded from the media file with the listed digest.\nSignature: ______________________   Date: ______________", 9.0);

    w.para("Methodology", 13.0);
    w.para(&format!("ClaimFrame {}. FFmpeg libraries {}. Decode settings: {}. Frame N is the N-th frame (from 0) the decoder outputs in presentation order; frame numbers come from a per-file frame index, never from time × frame rate. Times are PTS × time base. Clean stills are the decoded frame with only the display rotation applied. Images marked ILLUSTRATIVE carry added marks and are not evidence of the frame's content.",
        exhibit.claimframe_version, exhibit.ffmpeg_version, exhibit.decode_settings), 9.0);

    let Writer { doc, layer, .. } = w;
    drop(layer);
    doc.save_to_bytes().map_err(pdf_err)
}
