//! The PDF's Info dictionary and file identifier, set after printpdf saved the file (by reloading it with lopdf):
//! the title in UTF-16BE when it is not ASCII (printpdf writes raw UTF-8, which viewers read as PDFDocEncoding);
//! the creation and modification dates as the report's own "generated" time; and the trailer's ID derived from the
//! file's content instead of printpdf's random one, and the objects put in canonical order (`canonical`), so the
//! same case and time give the same bytes.

use super::pdf_err;
use crate::export::still::sha256_hex;
use crate::export::ExportError;
use printpdf::lopdf::{Document, Object, StringFormat};

/// `D:YYYYMMDDHHmmSSZ` of an RFC 3339 time ("" when it does not parse).
fn pdf_date(rfc3339: &str) -> String {
    let digits: String = rfc3339.chars().filter(char::is_ascii_digit).take(14).collect();
    if digits.len() == 14 {
        format!("D:{digits}Z")
    } else {
        String::new()
    }
}

fn save(doc: &mut Document) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(pdf_err)?;
    Ok(out)
}

/// `pdf` with its Info title set to `title`, its dates set to `generated_utc` and a content-derived ID.
pub fn with_info(pdf: Vec<u8>, title: &str, generated_utc: &str) -> Result<Vec<u8>, ExportError> {
    let mut doc = Document::load_mem(&pdf).map_err(pdf_err)?;
    let info_id = doc.trailer.get(b"Info").and_then(Object::as_reference).map_err(pdf_err)?;
    let info = doc.get_object_mut(info_id).and_then(Object::as_dict_mut).map_err(pdf_err)?;
    if !title.is_ascii() {
        let mut utf16 = vec![0xFE, 0xFF];
        utf16.extend(title.encode_utf16().flat_map(u16::to_be_bytes));
        info.set("Title", Object::String(utf16, StringFormat::Hexadecimal));
    }
    let date = pdf_date(generated_utc);
    for key in ["CreationDate", "ModDate"] {
        info.set(key, Object::String(date.clone().into_bytes(), StringFormat::Literal));
    }
    super::canonical::canonicalise(&mut doc);
    let id = |hex: &str| Object::String(hex.as_bytes().to_vec(), StringFormat::Literal);
    doc.trailer.set("ID", Object::Array(vec![id(""), id("")]));
    let digest = sha256_hex(&save(&mut doc)?);
    let digest = digest.get(..32).unwrap_or(&digest);
    doc.trailer.set("ID", Object::Array(vec![id(digest), id(digest)]));
    save(&mut doc)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_the_digits_of_the_time_in_utc() {
        assert_eq!(super::pdf_date("2031-04-17T21:02:03Z"), "D:20310417210203Z");
        assert_eq!(super::pdf_date("2031-04-17T21:02:03.120Z"), "D:20310417210203Z");
        assert_eq!(super::pdf_date("yesterday"), "");
    }
}
