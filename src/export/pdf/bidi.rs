//! Display order for mixed-direction text: servo's `unicode-bidi` resolves the levels of a whole paragraph (UAX #9)
//! and each line is reordered on its own. What that crate leaves to the renderer is done here: in a right-to-left
//! run a mark stays after its letter (rule L3) and the common paired brackets are mirrored (rule L4).

use std::ops::Range;
use unicode_bidi::{bidi_class, BidiClass, ParagraphBidiInfo};

/// The lines (byte ranges of `paragraph`, which holds no paragraph separator) in display order, left to right, and
/// whether the paragraph reads right to left (its first strong character is Hebrew, Arabic…).
pub fn display_lines(paragraph: &str, lines: &[Range<usize>]) -> (bool, Vec<String>) {
    let info = ParagraphBidiInfo::new(paragraph, None);
    let visual = lines
        .iter()
        .map(|line| {
            if !info.has_rtl() || line.is_empty() {
                return paragraph[line.clone()].to_owned();
            }
            let (levels, runs) = info.visual_runs(line.clone());
            let mut out = String::with_capacity(line.len());
            for run in runs {
                let text = &paragraph[run.clone()];
                if levels[run.start].is_rtl() {
                    push_reversed(&mut out, text);
                } else {
                    out.push_str(text);
                }
            }
            out
        })
        .collect();
    (info.paragraph_level.is_rtl(), visual)
}

/// Appends `run` reversed by clusters (a character and the marks after it), each base mirrored.
fn push_reversed(out: &mut String, run: &str) {
    let mut clusters: Vec<Range<usize>> = Vec::new();
    for (at, c) in run.char_indices() {
        let end = at + c.len_utf8();
        match clusters.last_mut() {
            Some(last) if is_mark(c) => last.end = end,
            _ => clusters.push(at..end),
        }
    }
    for cluster in clusters.into_iter().rev() {
        let mut chars = run[cluster].chars();
        if let Some(base) = chars.next() {
            out.push(mirrored(base));
        }
        out.extend(chars);
    }
}

/// A non-spacing mark (Arabic harakat, Hebrew points, combining accents).
pub fn is_mark(c: char) -> bool {
    bidi_class(c) == BidiClass::NSM
}

fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::display_lines;

    fn one_line(text: &str) -> (bool, String) {
        let whole = 0..text.len();
        let (rtl, mut lines) = display_lines(text, std::slice::from_ref(&whole));
        (rtl, lines.pop().unwrap_or_default())
    }

    #[test]
    fn hebrew_reads_right_to_left_inside_latin_and_around_it() {
        assert_eq!(one_line("abc שלום def"), (false, "abc םולש def".to_owned()));
        // A paragraph that starts in Hebrew is right to left: the Latin word goes to the left end.
        assert_eq!(one_line("שלום abc"), (true, "abc םולש".to_owned()));
        // Numbers keep their order inside right-to-left text.
        assert_eq!(one_line("שלום 123"), (true, "123 םולש".to_owned()));
        assert_eq!(one_line("Latin only (x)"), (false, "Latin only (x)".to_owned()));
    }

    #[test]
    fn marks_follow_their_letter_and_brackets_mirror() {
        // bet + qamats, then lamed: reversed as clusters, the point stays after the bet.
        assert_eq!(one_line("\u{05D1}\u{05B8}\u{05DC}").1, "\u{05DC}\u{05D1}\u{05B8}");
        assert_eq!(one_line("שלום (עולם)").1, "(םלוע) םולש");
    }

    #[test]
    fn each_line_of_a_paragraph_is_reordered_with_the_paragraph_direction() {
        let text = "אחת שתיים abc";
        let first = 0.."אחת".len();
        let second = "אחת ".len()..text.len();
        let (rtl, lines) = display_lines(text, &[first, second]);
        assert!(rtl);
        assert_eq!(lines, ["תחא", "abc םייתש"]);
    }
}
