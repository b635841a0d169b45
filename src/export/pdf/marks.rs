//! Where a combining mark (a haraka, a Hebrew point, an accent) is drawn on its letter, since PDF text has no
//! shaping engine: at the font's own mark-to-base or mark-to-mark anchors (GPOS) when it has them for the pair,
//! else where the mark's outline puts it, from the letter's origin (outline right of 0) or its end (left of 0).

use ttf_parser::gpos::PositioningSubtable;
use ttf_parser::{Face, GlyphId};

/// The mark's origin relative to its base's origin, in font units: the base is a glyph of this face (or None) with
/// its advance; `previous` is the mark before this one on the same base, with its offset, for stacking.
pub fn attach(
    face: &Face,
    (base, base_advance): (Option<GlyphId>, i32),
    previous: Option<(GlyphId, (i32, i32))>,
    mark: GlyphId,
) -> (i32, i32) {
    if let Some((previous_mark, (x, y))) = previous {
        if let Some((dx, dy)) = mark_to_mark(face, previous_mark, mark) {
            return (x + dx, y + dy);
        }
    }
    if let Some(offset) = base.and_then(|base| mark_to_base(face, base, mark)) {
        return offset;
    }
    match face.glyph_bounding_box(mark) {
        Some(bbox) if i32::from(bbox.x_min) + i32::from(bbox.x_max) < 0 => (base_advance, 0),
        _ => (0, 0),
    }
}

fn positioning<'a>(face: &Face<'a>) -> impl Iterator<Item = PositioningSubtable<'a>> {
    face.tables()
        .gpos
        .into_iter()
        .flat_map(|gpos| gpos.lookups.into_iter())
        .flat_map(|lookup| lookup.subtables.into_iter::<PositioningSubtable>())
}

fn mark_to_base(face: &Face, base: GlyphId, mark: GlyphId) -> Option<(i32, i32)> {
    positioning(face).find_map(|subtable| {
        let PositioningSubtable::MarkToBase(table) = subtable else { return None };
        let (class, mark_anchor) = table.marks.get(table.mark_coverage.get(mark)?)?;
        let base_anchor = table.anchors.get(table.base_coverage.get(base)?, class)?;
        Some((i32::from(base_anchor.x) - i32::from(mark_anchor.x), i32::from(base_anchor.y) - i32::from(mark_anchor.y)))
    })
}

fn mark_to_mark(face: &Face, first: GlyphId, mark: GlyphId) -> Option<(i32, i32)> {
    positioning(face).find_map(|subtable| {
        let PositioningSubtable::MarkToMark(table) = subtable else { return None };
        let (class, mark_anchor) = table.marks.get(table.mark1_coverage.get(mark)?)?;
        let first_anchor = table.mark2_matrix.get(table.mark2_coverage.get(first)?, class)?;
        Some((
            i32::from(first_anchor.x) - i32::from(mark_anchor.x),
            i32::from(first_anchor.y) - i32::from(mark_anchor.y),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::{mark_to_base, mark_to_mark};
    use crate::export::pdf::fonts::FontId;
    use ttf_parser::Face;

    #[test]
    fn dejavu_sans_anchors_hebrew_points_and_arabic_harakat() {
        let face = Face::parse(FontId::DejaVuSans.bytes(), 0).expect("DejaVu Sans parses");
        let glyph = |c: char| face.glyph_index(c).expect("in the font");
        // bet + qamats, beh (initial form) + fatha, a + acute.
        for (base, mark) in [('\u{05D1}', '\u{05B8}'), ('\u{FE91}', '\u{064E}'), ('a', '\u{0301}')] {
            assert!(
                mark_to_base(&face, glyph(base), glyph(mark)).is_some(),
                "U+{:04X} on U+{:04X}",
                mark as u32,
                base as u32
            );
        }
        // shadda then fatha stack.
        assert!(mark_to_mark(&face, glyph('\u{0651}'), glyph('\u{064E}')).is_some());
    }
}
