//! The page writer of the PDF report: paragraphs wrapped by the fonts' advance widths, Arabic joined, each line in
//! display order and set in one text section that switches fonts between runs; right-to-left paragraphs are
//! aligned right. A bundled font is added to the document the first time a line needs it. The writer remembers
//! every page, so that each gets its header and footer once the page count is known, and the page each section
//! starts on, for the table of contents.

use super::bidi::display_lines;
use super::fonts::{FontId, Fonts};
use super::runs::set_line;
use super::wrap::wrap;
use super::{arabic, pdf_err};
use crate::export::still::print_jpeg;
use crate::export::ExportError;
use printpdf::{
    ColorBits, ColorSpace, Image, ImageFilter, ImageTransform, ImageXObject, IndirectFontRef, Mm, PdfDocument,
    PdfDocumentReference, PdfLayerReference, Px,
};
use std::collections::BTreeMap;

pub(super) const PAGE_W_MM: f32 = 210.0;
pub(super) const PAGE_H_MM: f32 = 297.0;
pub(super) const MARGIN_MM: f32 = 18.0;
pub(super) const PT_TO_MM: f32 = 0.3528;

/// A page's furniture: its header, its footer and its Bates number.
pub struct Furniture {
    pub header: String,
    pub footer: String,
    pub bates: String,
}

pub struct Writer {
    doc: PdfDocumentReference,
    pub(super) layer: PdfLayerReference,
    pub(super) fonts: Fonts,
    font_refs: BTreeMap<FontId, IndirectFontRef>,
    /// Characters no bundled font has, with how often each was printed as U+FFFD.
    pub unprinted: BTreeMap<char, usize>,
    pub(super) y_mm: f32,
    page_layers: Vec<PdfLayerReference>,
    /// The page (from 1) each marked section starts on.
    pub marks: BTreeMap<String, usize>,
}

impl Writer {
    /// A document titled `title` whose Info dictionary's Subject is `subject` (plain ASCII, kept readable in the
    /// file's bytes so a check can find it without rendering the pages).
    pub fn new(title: &str, subject: &str) -> Result<Self, ExportError> {
        let (doc, page, layer) = PdfDocument::new(title, Mm(PAGE_W_MM), Mm(PAGE_H_MM), "page 1");
        let doc = doc.with_subject(subject);
        let layer = doc.get_page(page).get_layer(layer);
        let fonts = Fonts::load().map_err(pdf_err)?;
        Ok(Writer {
            doc,
            layer: layer.clone(),
            fonts,
            font_refs: BTreeMap::new(),
            unprinted: BTreeMap::new(),
            y_mm: PAGE_H_MM - MARGIN_MM,
            page_layers: vec![layer],
            marks: BTreeMap::new(),
        })
    }

    /// The fonts the document has used so far.
    pub fn fonts_used(&self) -> impl Iterator<Item = FontId> + '_ {
        self.font_refs.keys().copied()
    }

    /// Records that the section `anchor` starts on the current page.
    pub fn mark(&mut self, anchor: &str) {
        self.marks.insert(anchor.to_owned(), self.page_layers.len());
    }

    /// Prints each page's furniture (`furniture(page, pages)`, pages counted from 1) and returns the document.
    pub fn finish(mut self, furniture: &dyn Fn(usize, usize) -> Furniture) -> Result<Vec<u8>, ExportError> {
        let pages = self.page_layers.len();
        for (i, layer) in std::mem::take(&mut self.page_layers).into_iter().enumerate() {
            self.layer = layer;
            let f = furniture(i + 1, pages);
            self.line_at(&f.header, MARGIN_MM, PAGE_H_MM - 10.0, 8.0, Some(PAGE_W_MM - 2.0 * MARGIN_MM))?;
            let footer_w = self.width_mm(&f.footer, 8.0);
            self.line_at(&f.footer, (PAGE_W_MM - footer_w) / 2.0, 10.0, 8.0, None)?;
            let bates_w = self.width_mm(&f.bates, 8.0);
            self.line_at(&f.bates, PAGE_W_MM - MARGIN_MM - bates_w, 10.0, 8.0, None)?;
        }
        let Writer { doc, layer, .. } = self;
        drop(layer);
        doc.save_to_bytes().map_err(pdf_err)
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        let (page, layer) =
            self.doc.add_page(Mm(PAGE_W_MM), Mm(PAGE_H_MM), format!("page {}", self.page_layers.len() + 1));
        self.layer = self.doc.get_page(page).get_layer(layer);
        self.page_layers.push(self.layer.clone());
        self.y_mm = PAGE_H_MM - MARGIN_MM;
    }

    /// The width of `text` set in one line at `size_pt`.
    pub(super) fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        set_line(&self.fonts, &arabic::join(text)).width_em * size_pt * PT_TO_MM
    }

    /// Sets `text` (one line, logical order) with its baseline at `y_mm` from `x_mm`; cut to `max_mm` when given.
    pub(super) fn line_at(
        &mut self,
        text: &str,
        x_mm: f32,
        y_mm: f32,
        size_pt: f32,
        max_mm: Option<f32>,
    ) -> Result<(), ExportError> {
        let shaped = arabic::join(&super::super::common::single_line(text));
        let first = match max_mm {
            Some(max) => wrap(&shaped, max / (size_pt * PT_TO_MM), |c| self.fonts.advance_em(c)),
            None => std::iter::once(0..shaped.len()).collect(),
        };
        let first: Vec<_> = first.into_iter().take(1).collect();
        let (_, visual) = display_lines(&shaped, &first);
        for line in visual {
            self.set_at(&line, x_mm, y_mm, size_pt)?;
        }
        Ok(())
    }

    pub(super) fn need(&mut self, height_mm: f32) {
        if self.y_mm - height_mm < MARGIN_MM {
            self.new_page();
        }
    }

    fn font_ref(&mut self, font: FontId) -> Result<IndirectFontRef, ExportError> {
        if let Some(found) = self.font_refs.get(&font) {
            return Ok(found.clone());
        }
        let added = self.doc.add_external_font(std::io::Cursor::new(font.bytes())).map_err(pdf_err)?;
        self.font_refs.insert(font, added.clone());
        Ok(added)
    }

    /// Writes `text` wrapped to the page width at `size_pt`; each line break in it starts a new paragraph.
    pub fn para(&mut self, text: &str, size_pt: f32) -> Result<(), ExportError> {
        let line_mm = size_pt * PT_TO_MM * 1.35;
        let max_em = (PAGE_W_MM - 2.0 * MARGIN_MM) / (size_pt * PT_TO_MM);
        let text = text.replace("\r\n", "\n");
        let body = text.strip_suffix('\n').unwrap_or(&text);
        for paragraph in body.split(is_paragraph_break).filter(|_| !body.is_empty()) {
            let shaped = arabic::join(&paragraph.replace('\t', " "));
            let lines = wrap(&shaped, max_em, |c| self.fonts.advance_em(c));
            let (rtl, visual) = display_lines(&shaped, &lines);
            for line in visual {
                self.emit(&line, rtl, size_pt, line_mm)?;
            }
        }
        self.y_mm -= line_mm * 0.4;
        Ok(())
    }

    fn emit(&mut self, visual: &str, rtl: bool, size_pt: f32, line_mm: f32) -> Result<(), ExportError> {
        self.need(line_mm);
        self.y_mm -= line_mm;
        let x_mm = if rtl {
            let width_mm = set_line(&self.fonts, visual).width_em * size_pt * PT_TO_MM;
            (PAGE_W_MM - MARGIN_MM - width_mm).max(MARGIN_MM)
        } else {
            MARGIN_MM
        };
        self.set_at(visual, x_mm, self.y_mm, size_pt)
    }

    /// Sets one line already in display order at (`x_mm`, `y_mm`) on the current page.
    pub(super) fn set_at(&mut self, visual: &str, x_mm: f32, y_mm: f32, size_pt: f32) -> Result<(), ExportError> {
        let line = set_line(&self.fonts, visual);
        for c in line.missing {
            *self.unprinted.entry(c).or_default() += 1;
        }
        if line.runs.is_empty() {
            return Ok(());
        }
        self.layer.begin_text_section();
        self.layer.set_text_cursor(Mm(x_mm), Mm(y_mm));
        let mut rise_em = 0.0;
        for run in line.runs {
            let font = self.font_ref(run.font)?;
            self.layer.set_font(&font, size_pt);
            if run.rise_em != rise_em {
                rise_em = run.rise_em;
                self.layer.set_line_offset(rise_em * size_pt);
            }
            self.layer.write_positioned_codepoints(run.glyphs);
        }
        // The rise is text state, which outlasts the text object.
        if rise_em != 0.0 {
            self.layer.set_line_offset(0.0);
        }
        self.layer.end_text_section();
        Ok(())
    }

    /// One or two images side by side, each half the column wide, from the left.
    pub fn stills(&mut self, pngs: &[&[u8]]) -> Result<(), ExportError> {
        let col_mm = (PAGE_W_MM - 2.0 * MARGIN_MM - 6.0) / 2.0;
        let mut decoded = Vec::new();
        for png in pngs {
            decoded.push(print_jpeg(png, super::PRINT_WIDTH_PX)?);
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

/// Line and paragraph separators (after "\r\n" became "\n"): each starts a new paragraph, and bidi paragraph, in the
/// report; an empty line between two is printed as a blank line.
fn is_paragraph_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{001C}'..='\u{001E}' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}
