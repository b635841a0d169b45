//! A line in display order cut into runs of one font and one baseline each, as glyph ids: each character from the
//! first bundled font that has it, invisible format characters left out, a combining mark placed on its letter
//! (see `marks`), and a character no font has printed as U+FFFD from DejaVu Sans and reported.

use super::bidi::is_mark;
use super::fonts::{FontId, Fonts, Glyph, REPLACEMENT};

/// Consecutive glyphs printed from one font at one rise above the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub font: FontId,
    /// How far above the baseline, in em (marks that their anchor lifts or lowers).
    pub rise_em: f32,
    /// Each glyph with the horizontal shift before it, in thousandths of an em to the left (PDF's `TJ` numbers).
    pub glyphs: Vec<(i64, u16)>,
    /// The characters as printed (a missing one as U+FFFD).
    pub text: String,
}

/// A line ready to print.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetLine {
    pub runs: Vec<Run>,
    pub width_em: f32,
    /// The characters no bundled font has, in display order.
    pub missing: Vec<char>,
}

/// The glyph a mark sits on.
struct Base {
    font: FontId,
    id: u16,
    advance_em: f32,
    /// The last mark on it, with its offset from the base's origin.
    last_mark: Option<(u16, (f32, f32))>,
}

pub fn set_line(fonts: &Fonts, visual: &str) -> SetLine {
    let mut line = SetLine::default();
    let mut base: Option<Base> = None;
    // The pen sits at the end of the last base; a mark moves it, and the next glyph moves it back.
    let mut pending_em = 0.0_f32;
    for c in visual.chars() {
        let (font, id, advance_em, printed) = match fonts.glyph(c) {
            Glyph::Invisible => continue,
            Glyph::Found { font, id, advance_em } => (font, id, advance_em, c),
            Glyph::Missing { replacement, advance_em } => {
                line.missing.push(c);
                (FontId::DejaVuSans, replacement, advance_em, REPLACEMENT)
            }
        };
        let mut rise_em = 0.0;
        let shift_em = if let (true, Some(on)) = (is_mark(c) && printed == c, base.as_mut()) {
            let same_font = on.font == font;
            let previous = on.last_mark.filter(|_| same_font);
            let (x, y) = fonts.mark_offset_em(font, (same_font.then_some(on.id), on.advance_em), previous, id);
            on.last_mark = Some((id, (x, y)));
            rise_em = y;
            let shift = pending_em + x - on.advance_em;
            pending_em = on.advance_em - x - advance_em;
            shift
        } else {
            let shift = pending_em;
            pending_em = 0.0;
            line.width_em += advance_em;
            base = Some(Base { font, id, advance_em, last_mark: None });
            shift
        };
        let glyph = ((-shift_em * 1000.0).round() as i64, id);
        match line.runs.last_mut() {
            Some(run) if run.font == font && run.rise_em == rise_em => {
                run.glyphs.push(glyph);
                run.text.push(printed);
            }
            _ => line.runs.push(Run { font, rise_em, glyphs: vec![glyph], text: printed.to_string() }),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::set_line;
    use crate::export::pdf::fonts::{FontId, Fonts};

    #[test]
    fn each_character_takes_the_first_font_that_has_it() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let line = set_line(&fonts, "Latin 中文 العربية עברית Ελληνικά Кириллица 한국어 かな");
        let runs: Vec<(FontId, &str)> = line.runs.iter().map(|r| (r.font, r.text.as_str())).collect();
        assert_eq!(
            runs,
            [
                (FontId::DejaVuSans, "Latin "),
                (FontId::DroidSansFallback, "中文"),
                (FontId::DejaVuSans, " العربية עברית Ελληνικά Кириллица "),
                (FontId::DroidSansFallback, "한국어"),
                (FontId::DejaVuSans, " "),
                (FontId::DroidSansFallback, "かな"),
            ]
        );
        assert!(line.missing.is_empty());
        assert!(line.runs.iter().all(|r| r.glyphs.len() == r.text.chars().count()));
        assert!(line.runs.iter().flat_map(|r| &r.glyphs).all(|&(shift, id)| shift == 0 && id != 0));
    }

    #[test]
    fn a_character_no_font_has_is_replaced_and_reported_and_invisible_ones_are_left_out() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        // Devanagari KA and Thai KO KAI are in neither font; ZWSP and RLM have no ink.
        let line = set_line(&fonts, "a\u{0915}b\u{200B}\u{200F}\u{0E01}");
        assert_eq!(line.missing, ['\u{0915}', '\u{0E01}']);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].text, "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn full_width_characters_measure_wider_than_latin() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let han = set_line(&fonts, "中文中文").width_em;
        let latin = set_line(&fonts, "abcd").width_em;
        assert!((han - 4.0).abs() < 0.05, "{han}");
        assert!(latin < 3.0, "{latin}");
    }

    #[test]
    fn a_mark_is_drawn_on_its_letter_and_the_pen_comes_back() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        // bet + qamats + lamed: the qamats is shifted back onto the bet, the lamed shifted forward again.
        let line = set_line(&fonts, "\u{05D1}\u{05B8}\u{05DC}");
        let glyphs: Vec<(i64, u16)> = line.runs.iter().flat_map(|r| r.glyphs.iter().copied()).collect();
        assert_eq!(glyphs.len(), 3);
        assert_eq!(glyphs[0].0, 0);
        assert!(glyphs[1].0 > 0, "the qamats moves left, onto the bet: {glyphs:?}");
        assert_eq!(glyphs[1].0 + glyphs[2].0, 0, "net zero: the mark takes no room");
        let plain = set_line(&fonts, "\u{05D1}\u{05DC}").width_em;
        assert!((line.width_em - plain).abs() < 1e-6);
    }
}
