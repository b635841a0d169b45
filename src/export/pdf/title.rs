//! The document title in the PDF's Info dictionary. printpdf writes it as raw UTF-8, which viewers read as
//! PDFDocEncoding (mojibake past ASCII); a title with other characters is rewritten as UTF-16BE, as PDF text
//! strings allow, by reloading the saved file with lopdf.

use super::pdf_err;
use crate::export::ExportError;
use printpdf::lopdf::{Document, Object, StringFormat};

/// `pdf` with its Info title set to `title` in UTF-16BE (unchanged when the title is ASCII).
pub fn with_unicode_title(pdf: Vec<u8>, title: &str) -> Result<Vec<u8>, ExportError> {
    if title.is_ascii() {
        return Ok(pdf);
    }
    let mut doc = Document::load_mem(&pdf).map_err(pdf_err)?;
    let info_id = doc.trailer.get(b"Info").and_then(Object::as_reference).map_err(pdf_err)?;
    let info = doc.get_object_mut(info_id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(title.encode_utf16().flat_map(u16::to_be_bytes));
    info.set("Title", Object::String(utf16, StringFormat::Hexadecimal));
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out).map_err(pdf_err)?;
    Ok(out)
}
