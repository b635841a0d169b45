//! Stills: the exact decoded frame encoded as PNG untouched, a JSON sidecar with its citation and the PNG's hash,
//! and an annotated copy that says ILLUSTRATIVE on its face (border, banner, label) so it is never taken for the
//! evidential frame.

use super::pdf::fonts::{FontId, REPLACEMENT};
use super::pdf::{arabic, bidi};
use super::ExportError;
use crate::case::Citation;
use crate::picture::RgbaImage;
use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use sha2::{Digest, Sha256};

/// The words every annotated still carries.
pub const ILLUSTRATIVE_LABEL: &str = "ILLUSTRATIVE — annotated copy, not the evidential frame";

/// PNG bytes of the image, losslessly.
pub fn encode_png(image: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    use image::ImageEncoder;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(&image.pixels, image.width, image.height, image::ExtendedColorType::Rgba8)
        .map_err(|e| ExportError::Image(e.to_string()))?;
    Ok(bytes)
}

fn blend(img: &mut RgbaImage, x: i64, y: i64, colour: [u8; 3], alpha: f32) {
    if x < 0 || y < 0 || x >= i64::from(img.width) || y >= i64::from(img.height) {
        return;
    }
    let i = (y as usize * img.width as usize + x as usize) * 4;
    let Some(px) = img.pixels.get_mut(i..i + 3) else { return };
    for (c, v) in px.iter_mut().zip(colour) {
        *c = (f32::from(*c) * (1.0 - alpha) + f32::from(v) * alpha).round() as u8;
    }
}

fn fill(img: &mut RgbaImage, x0: i64, y0: i64, x1: i64, y1: i64, colour: [u8; 3], alpha: f32) {
    for y in y0..y1 {
        for x in x0..x1 {
            blend(img, x, y, colour, alpha);
        }
    }
}

/// The caption's fonts, in the order a character tries them: the window's own face first (so Latin captions look
/// as before), then the bundled fonts the PDF report uses for every other script.
struct CaptionFonts<'a> {
    faces: Vec<FontRef<'a>>,
}

impl CaptionFonts<'static> {
    fn new(first: &'static [u8]) -> Result<Self, ExportError> {
        let parse = |bytes: &'static [u8]| {
            FontRef::try_from_slice(bytes).map_err(|e| ExportError::Image(format!("bundled font: {e}")))
        };
        let mut faces = vec![parse(first)?];
        for id in FontId::ALL {
            faces.push(parse(id.bytes())?);
        }
        Ok(CaptionFonts { faces })
    }

    /// The first face with a glyph for `c` (its index and the face), else DejaVu Sans's replacement character.
    fn face_for(&self, c: char) -> (usize, &FontRef<'static>, char) {
        if let Some((i, f)) = self.faces.iter().enumerate().find(|(_, f)| f.glyph_id(c).0 != 0) {
            return (i, f, c);
        }
        match self.faces.get(1) {
            Some(dejavu) => (1, dejavu, REPLACEMENT),
            None => (0, &self.faces[0], c),
        }
    }
}

/// Draws `text` (logical order; Arabic is joined and right-to-left runs are put in display order first) with its
/// left end at `x` on `baseline`.
fn draw_text(
    img: &mut RgbaImage,
    fonts: &CaptionFonts<'static>,
    text: &str,
    x: f32,
    baseline: f32,
    size_px: f32,
    colour: [u8; 3],
) {
    let joined = arabic::join(text);
    let whole = 0..joined.len();
    let (_, mut lines) = bidi::display_lines(&joined, std::slice::from_ref(&whole));
    let visual = lines.pop().unwrap_or(joined);
    let scale = PxScale::from(size_px);
    let mut caret = x;
    let mut previous: Option<(usize, ab_glyph::GlyphId)> = None;
    for ch in visual.chars() {
        let (face_index, font, shown) = fonts.face_for(ch);
        let scaled = font.as_scaled(scale);
        let id = scaled.glyph_id(shown);
        // Kerning only between two glyphs of the same face. A combining mark has no advance of its own in these
        // fonts: its outline reaches back over the letter it follows.
        if let Some((_, prev)) = previous.filter(|(f, _)| *f == face_index) {
            caret += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some((face_index, id));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                blend(img, px, py, colour, coverage.clamp(0.0, 1.0));
            });
        }
    }
}

/// A copy of `clean` with a red border, a banner saying ILLUSTRATIVE and `label` along the bottom.
pub fn annotate_illustrative(clean: &RgbaImage, label: &str) -> Result<RgbaImage, ExportError> {
    let font = CaptionFonts::new(epaint_default_fonts::UBUNTU_LIGHT)?;
    let mut img = clean.clone();
    let (w, h) = (i64::from(img.width), i64::from(img.height));
    let border = (w.min(h) / 90).max(3);
    let red = [220, 30, 30];
    fill(&mut img, 0, 0, w, border, red, 1.0);
    fill(&mut img, 0, h - border, w, h, red, 1.0);
    fill(&mut img, 0, 0, border, h, red, 1.0);
    fill(&mut img, w - border, 0, w, h, red, 1.0);
    let size = (h as f32 / 22.0).max(12.0);
    let banner = (size * 1.5) as i64;
    fill(&mut img, border, border, w - border, border + banner, [0, 0, 0], 0.7);
    draw_text(
        &mut img,
        &font,
        ILLUSTRATIVE_LABEL,
        border as f32 + size * 0.5,
        border as f32 + size * 1.1,
        size,
        [255, 230, 60],
    );
    let label_size = size * 0.8;
    let strip = (label_size * 1.6) as i64;
    fill(&mut img, border, h - border - strip, w - border, h - border, [0, 0, 0], 0.7);
    draw_text(
        &mut img,
        &font,
        label,
        border as f32 + size * 0.5,
        (h - border) as f32 - label_size * 0.5,
        label_size,
        [255, 255, 255],
    );
    Ok(img)
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The sidecar of a clean still: which frame it is, its citation, the PNG's SHA-256, how it was decoded.
pub fn still_sidecar_json(
    citation: &Citation,
    frame: u64,
    png_file_name: &str,
    png: &[u8],
    decode_settings: &str,
    annotated: Option<(&str, &[u8])>,
) -> Result<Vec<u8>, ExportError> {
    let doc = serde_json::json!({
        "still": {
            "file": png_file_name,
            "sha256": sha256_hex(png),
            "frame": frame,
            "pixels": "the displayed frame exactly as decoded (display rotation applied), lossless PNG, RGBA",
            "decode_settings": decode_settings,
        },
        "annotated_copy": annotated.map(|(name, bytes)| serde_json::json!({
            "file": name,
            "sha256": sha256_hex(bytes),
            "label": ILLUSTRATIVE_LABEL,
        })),
        "citation": citation,
        "citation_text": citation.to_string(),
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn scaled_rgb(png: &[u8], max_width_px: u32) -> Result<image::RgbImage, ExportError> {
    let img = image::load_from_memory(png).map_err(|e| ExportError::Image(e.to_string()))?;
    let rgb = img.to_rgb8();
    if rgb.width() <= max_width_px {
        return Ok(rgb);
    }
    let height = (u64::from(rgb.height()) * u64::from(max_width_px) / u64::from(rgb.width().max(1))).max(1) as u32;
    Ok(image::imageops::resize(&rgb, max_width_px, height, image::imageops::FilterType::Triangle))
}

/// A PNG scaled down to at most `max_width_px` wide, for display in a report (the exact PNG is hashed elsewhere).
pub fn scaled_png(png: &[u8], max_width_px: u32) -> Result<Vec<u8>, ExportError> {
    use image::ImageEncoder;
    let rgb = scaled_rgb(png, max_width_px)?;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(rgb.as_raw(), rgb.width(), rgb.height(), image::ExtendedColorType::Rgb8)
        .map_err(|e| ExportError::Image(e.to_string()))?;
    Ok(bytes)
}

/// A JPEG (quality 85) of a PNG scaled to at most `max_width_px` wide, for printing; returns bytes, width, height.
pub fn print_jpeg(png: &[u8], max_width_px: u32) -> Result<(Vec<u8>, u32, u32), ExportError> {
    let rgb = scaled_rgb(png, max_width_px)?;
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&rgb)
        .map_err(|e| ExportError::Image(e.to_string()))?;
    Ok((bytes, rgb.width(), rgb.height()))
}

/// Burns `text` into the bottom-left corner of `img` on a dark strip (for re-encoded clips' label and timecode).
pub fn burn_caption(img: &mut RgbaImage, text: &str) -> Result<(), ExportError> {
    let font = CaptionFonts::new(epaint_default_fonts::HACK_REGULAR)?;
    let (w, h) = (i64::from(img.width), i64::from(img.height));
    let size = (h as f32 / 28.0).max(10.0);
    let strip = (size * 1.5) as i64;
    fill(img, 0, h - strip, w, h, [0, 0, 0], 0.7);
    draw_text(img, &font, text, size * 0.5, h as f32 - size * 0.45, size, [255, 255, 255]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn black(width: u32, height: u32) -> RgbaImage {
        RgbaImage { width, height, pixels: vec![0; (width * height * 4) as usize] }
    }

    fn caption_of(text: &str) -> RgbaImage {
        let mut img = black(400, 560);
        burn_caption(&mut img, text).expect("caption");
        img
    }

    #[test]
    fn every_script_is_drawn_from_a_font_that_has_it() {
        let fonts = CaptionFonts::new(epaint_default_fonts::UBUNTU_LIGHT).expect("fonts");
        assert_eq!(fonts.face_for('a').0, 0, "Latin keeps the window's face");
        assert_eq!(fonts.face_for('ب').0, 1, "Arabic from DejaVu Sans");
        assert_eq!(fonts.face_for('ש').0, 1, "Hebrew from DejaVu Sans");
        assert_eq!(fonts.face_for('中').0, 2, "Han from Droid Sans Fallback");
        let (_, _, shown) = fonts.face_for('\u{0E17}');
        assert_eq!(shown, REPLACEMENT, "Thai, which no bundled font has, shows the replacement character");
    }

    #[test]
    fn different_han_characters_leave_different_marks() {
        // Were they drawn as the missing-glyph box, both captions would be the same picture.
        let (a, b) = (caption_of("中"), caption_of("文"));
        let lit = |img: &RgbaImage| img.pixels.chunks(4).filter(|p| p[0] > 128).count();
        assert!(lit(&a) > 40 && lit(&b) > 40, "{} and {} pixels lit", lit(&a), lit(&b));
        assert_ne!(a.pixels, b.pixels);
    }
}
