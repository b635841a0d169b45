//! Arabic joined for a PDF without a shaping engine: `ar-reshaper` replaces each letter with the presentation form
//! (isolated, initial, medial, final) its neighbours call for and lam + alef with their ligature, all of which
//! DejaVu Sans carries. Harakat are kept (after their letter); nothing else of OpenType shaping is done.

use ar_reshaper::prelude::LigatureNames;
use ar_reshaper::{ArabicReshaper, ReshaperConfig};
use std::sync::OnceLock;

const ZWJ: char = '\u{200D}';

fn reshaper() -> &'static ArabicReshaper {
    static RESHAPER: OnceLock<ArabicReshaper> = OnceLock::new();
    RESHAPER.get_or_init(|| {
        // Keep the vowel marks (the default deletes them); no "Allah" ligature: DejaVu Sans has no U+FDF2.
        let mut config = ReshaperConfig { delete_harakat: false, ..ReshaperConfig::default() };
        config.update_ligature(LigatureNames::ARABIC_LIGATURE_ALLAH, false);
        ArabicReshaper::new(config)
    })
}

/// `text` (logical order) with its Arabic letters in their joined presentation forms; other text unchanged.
pub fn join(text: &str) -> String {
    let reshaper = reshaper();
    if !reshaper.need_reshape(text) {
        return text.to_owned();
    }
    // Two inputs ar-reshaper mishandles are avoided: a ZWJ shifts its ligature indices (a panic near the end of a
    // line), and a leading haraka underflows its position; a space in front gives the haraka something to follow.
    let without_zwj: String = text.chars().filter(|&c| c != ZWJ).collect();
    let shaped = reshaper.reshape(format!(" {without_zwj}"));
    shaped.strip_prefix(' ').unwrap_or(&shaped).chars().filter(|&c| c != '\0').collect()
}

#[cfg(test)]
mod tests {
    use super::join;
    use crate::export::pdf::fonts::{FontId, Fonts};

    fn hex(s: &str) -> Vec<String> {
        s.chars().map(|c| format!("{:04X}", c as u32)).collect()
    }

    #[test]
    fn letters_take_their_joining_forms_and_lam_alef_its_ligature() {
        // seen + lam-alef + meem: seen initial, lam-alef final (it follows a joining letter), meem isolated.
        assert_eq!(hex(&join("سلام")), ["FEB3", "FEFC", "FEE1"]);
        // beh medial between two joining letters; the final alef.
        assert_eq!(hex(&join("ببا")), ["FE91", "FE92", "FE8E"]);
        assert_eq!(join("Latin only"), "Latin only");
        // The word for God stays letters (no U+FDF2 in the font); harakat stay.
        assert!(!join("الله").contains('\u{FDF2}'));
        assert_eq!(join("بَ").chars().filter(|&c| c == '\u{064E}').count(), 1);
    }

    #[test]
    fn odd_inputs_do_not_panic_and_leave_no_nul() {
        for text in ["\u{064E}ب", "ب\u{200D}لا", "\u{200D}", "لا\u{200D}", "\u{064B}\u{064C}", "ـلاـ", " ", ""]
        {
            assert!(!join(text).contains('\0'), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any mix of letters, harakat, tatweel, joiners, spaces and Latin joins without a panic or a NUL, one
        /// printed character per letter at most (a ligature takes two).
        #[test]
        fn any_arabic_text_joins(text in "[\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640}\u{200C}\u{200D}لا a]{0,24}") {
            let joined = join(&text);
            proptest::prop_assert!(!joined.contains('\0'));
            proptest::prop_assert!(joined.chars().count() <= text.chars().count());
        }
    }

    /// Every form the reshaper can print for a letter DejaVu Sans has is in DejaVu Sans too, so joining never
    /// turns a printable letter into a missing one.
    #[test]
    fn every_form_of_a_printable_letter_is_in_the_font() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let has = |c: char| fonts.glyph_in(FontId::DejaVuSans, c).is_some();
        for (letter, forms) in ar_reshaper::letters::letters_db::LETTERS_ARABIC {
            if !has(letter) {
                continue;
            }
            for form in [forms.isolated, forms.initial, forms.medial, forms.end] {
                assert!(form == '\0' || has(form), "U+{:04X} form U+{:04X}", letter as u32, form as u32);
            }
        }
        for text in ["لا", "سلا", "لأ", "سلأ", "لإ", "لآ", "الله"] {
            assert!(join(text).chars().all(has), "{text}");
        }
    }
}
