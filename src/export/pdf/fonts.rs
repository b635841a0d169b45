//! The fonts the PDF report is set in, bundled under `assets/fonts/` with their licences: DejaVu Sans for Latin,
//! Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic and most symbols, Droid Sans Fallback for Chinese, Japanese
//! and Korean. A character takes the first font with a glyph for it; one that no font has is printed as U+FFFD.

use super::bidi::is_mark;
use super::marks::attach;
use ttf_parser::{Face, GlyphId};

// Statics, not `include_bytes!` in an expression: a constant would be copied into each codegen unit that uses it
// (the release binary held every font twice).
static DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static DROID_SANS_FALLBACK: &[u8] = include_bytes!("../../../assets/fonts/DroidSansFallback.ttf");

/// One of the bundled fonts, in the order a character tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontId {
    DejaVuSans,
    DroidSansFallback,
}

impl FontId {
    pub const ALL: [FontId; 2] = [FontId::DejaVuSans, FontId::DroidSansFallback];

    /// The TrueType file, as bundled.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontId::DejaVuSans => DEJAVU_SANS,
            FontId::DroidSansFallback => DROID_SANS_FALLBACK,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FontId::DejaVuSans => "DejaVu Sans",
            FontId::DroidSansFallback => "Droid Sans Fallback",
        }
    }

    fn index(self) -> usize {
        match self {
            FontId::DejaVuSans => 0,
            FontId::DroidSansFallback => 1,
        }
    }
}

/// What is printed for a character that no bundled font has (DejaVu Sans has it).
pub const REPLACEMENT: char = '\u{FFFD}';

/// Where a character is printed from: a glyph of one font, nothing (an invisible format character), or the
/// replacement glyph because no font has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Glyph {
    Found { font: FontId, id: u16, advance_em: f32 },
    Invisible,
    Missing { replacement: u16, advance_em: f32 },
}

/// The parsed bundled fonts.
pub struct Fonts {
    faces: [Face<'static>; 2],
}

impl Fonts {
    pub fn load() -> Result<Self, ttf_parser::FaceParsingError> {
        Ok(Fonts {
            faces: [Face::parse(FontId::DejaVuSans.bytes(), 0)?, Face::parse(FontId::DroidSansFallback.bytes(), 0)?],
        })
    }

    /// The glyph of `c` in `font`, if it has one (glyph 0 is "missing").
    pub fn glyph_in(&self, font: FontId, c: char) -> Option<(u16, f32)> {
        let face = &self.faces[font.index()];
        let id = face.glyph_index(c).filter(|g| g.0 != 0)?;
        let advance_units = face.glyph_hor_advance(id).unwrap_or(0);
        Some((id.0, f32::from(advance_units) / f32::from(face.units_per_em().max(1))))
    }

    /// How `c` is printed.
    pub fn glyph(&self, c: char) -> Glyph {
        if is_invisible(c) {
            return Glyph::Invisible;
        }
        if let Some((font, (id, advance_em))) =
            FontId::ALL.iter().find_map(|&font| self.glyph_in(font, c).map(|g| (font, g)))
        {
            return Glyph::Found { font, id, advance_em };
        }
        let (replacement, advance_em) = self.glyph_in(FontId::DejaVuSans, REPLACEMENT).unwrap_or((0, 0.6));
        Glyph::Missing { replacement, advance_em }
    }

    /// The advance of `c` on a line, in em (a combining mark takes none: it is drawn on its letter).
    pub fn advance_em(&self, c: char) -> f32 {
        if is_mark(c) {
            return 0.0;
        }
        match self.glyph(c) {
            Glyph::Found { advance_em, .. } | Glyph::Missing { advance_em, .. } => advance_em,
            Glyph::Invisible => 0.0,
        }
    }

    /// Where mark glyph `mark` of `font` goes relative to the origin of its base, in em: the base is glyph
    /// `base_glyph` of the same font (None when it is in another font, or there is none) and advances
    /// `base_advance_em`; `previous` is the mark before this one on that base, with its offset.
    pub fn mark_offset_em(
        &self,
        font: FontId,
        (base_glyph, base_advance_em): (Option<u16>, f32),
        previous: Option<(u16, (f32, f32))>,
        mark: u16,
    ) -> (f32, f32) {
        let face = &self.faces[font.index()];
        let units_per_em = f32::from(face.units_per_em().max(1));
        let to_units = |em: f32| (em * units_per_em).round() as i32;
        let base = (base_glyph.map(GlyphId), to_units(base_advance_em));
        let previous = previous.map(|(id, (x, y))| (GlyphId(id), (to_units(x), to_units(y))));
        let (x, y) = attach(face, base, previous, GlyphId(mark));
        (x as f32 / units_per_em, y as f32 / units_per_em)
    }
}

/// Format characters that have no ink (Default_Ignorable_Code_Point, in the main): bidi controls, zero-width
/// joiners and spaces, variation selectors, the soft hyphen. They steer bidi and joining and are then left out.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{E0000}'..='\u{E0FFF}')
}
