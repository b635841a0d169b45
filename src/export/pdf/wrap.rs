//! Line breaking by measured width: a line may end after spaces, or beside a Chinese or Japanese character (those
//! scripts use no spaces), never before closing CJK punctuation or a mark. A word wider than the line is cut
//! between characters. Widths come from the caller (the fonts' advance widths), in the same unit as `max_width`.

use super::bidi::is_mark;
use std::ops::Range;

/// The lines of `text` (one paragraph, logical order) as byte ranges, trailing spaces left out; at least one line.
pub fn wrap(text: &str, max_width: f32, advance: impl Fn(char) -> f32) -> Vec<Range<usize>> {
    let width = |r: Range<usize>| -> f32 { text[r].chars().map(&advance).sum() };
    let fits = |start: usize, end: usize| width(start..trim_end(text, start, end)) <= max_width;
    let mut lines = Vec::new();
    let mut start = 0;
    // The furthest break after `start` up to which the line fits.
    let mut fitted: Option<usize> = None;
    for brk in break_points(text) {
        if brk <= start {
            continue;
        }
        if fits(start, brk) {
            fitted = Some(brk);
            continue;
        }
        if let Some(end) = fitted.take() {
            lines.push(start..trim_end(text, start, end));
            start = skip_spaces(text, end);
            if brk <= start {
                continue;
            }
            if fits(start, brk) {
                fitted = Some(brk);
                continue;
            }
        }
        // The piece up to this break is wider than a whole line: cut it between characters.
        while start < brk && !fits(start, brk) {
            let cut = widest_prefix(text, start, brk, max_width, &advance);
            lines.push(start..cut);
            start = skip_spaces(text, cut);
        }
        fitted = (start < brk).then_some(brk);
    }
    if let Some(end) = fitted {
        lines.push(start..trim_end(text, start, end));
    }
    if lines.is_empty() {
        lines.push(0..trim_end(text, 0, text.len()));
    }
    lines
}

/// Where a line may end (byte offsets, ascending, the last being `text.len()`).
fn break_points(text: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if let Some(p) = previous {
            let after_space = p.is_whitespace() && !c.is_whitespace();
            let beside_cjk = (is_cjk(p) || is_cjk(c)) && !c.is_whitespace() && !is_closing(c) && !is_mark(c);
            if after_space || beside_cjk {
                points.push(at);
            }
        }
        previous = Some(c);
    }
    points.push(text.len());
    points
}

/// The longest run of whole clusters from `start` (at least one) that fits in `max_width`.
fn widest_prefix(text: &str, start: usize, end: usize, max_width: f32, advance: &impl Fn(char) -> f32) -> usize {
    let mut used = 0.0;
    let mut cut = start;
    for (offset, c) in text[start..end].char_indices() {
        let at = start + offset;
        used += advance(c);
        if used > max_width && !is_mark(c) && at > start {
            return cut;
        }
        cut = at + c.len_utf8();
    }
    cut
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

fn skip_spaces(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

/// Han, kana and CJK punctuation and fullwidth forms: a line may break beside any of them.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FFF | 0x3000..=0x30FF | 0x31C0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x20000..=0x3FFFF)
}

/// CJK punctuation a line must not start with.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '》'
            | 'ー'
            | '々'
    ) || matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | ')' | ']' | '}')
}

#[cfg(test)]
mod tests {
    use super::wrap;

    fn lines(text: &str, max: f32, advance: impl Fn(char) -> f32) -> Vec<&str> {
        wrap(text, max, advance).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn words_fill_lines_by_width() {
        assert_eq!(lines("aa bb cc dd", 5.0, |_| 1.0), ["aa bb", "cc dd"]);
        // Wide letters fill a line sooner.
        assert_eq!(lines("ab WW", 5.0, |_| 1.0), ["ab WW"]);
        assert_eq!(lines("ab WW", 5.0, |c| if c == 'W' { 2.0 } else { 1.0 }), ["ab", "WW"]);
        assert_eq!(lines("", 5.0, |_| 1.0), [""]);
        assert_eq!(lines("abcdefghij", 4.0, |_| 1.0), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_closing_punctuation() {
        // Full-width ideographs (1 em) in a 4 em line; "。" stays with the character before it.
        let full = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
        assert_eq!(lines("中文中文中文", 4.0, full), ["中文中文", "中文"]);
        assert_eq!(lines("中文中。文中", 3.0, full), ["中文", "中。文", "中"]);
        assert_eq!(lines("ab 中文中文", 4.0, full), ["ab 中文", "中文"]);
    }

    #[test]
    fn a_mark_is_never_cut_from_its_letter() {
        assert_eq!(lines("e\u{301}e\u{301}e\u{301}", 2.0, |c| if c == '\u{301}' { 0.0 } else { 1.0 }).len(), 2);
        assert_eq!(lines("ab\u{301}", 1.0, |c| if c == '\u{301}' { 0.0 } else { 1.0 }), ["a", "b\u{301}"]);
    }
}
