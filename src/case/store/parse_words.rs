//! What a reviewer reads when a case file cannot be parsed: what is wrong, on which line and column, and what the
//! file should have had there, said without the parser's vocabulary ("a closing round bracket `)` is missing", not
//! "ExpectedStructLikeEnd"). [`CaseError::Parse`] carries these words; the window and the CLI (`case show`,
//! `case verify`) show the same sentence. Text that is not UTF-8 gets the same treatment, at the first bad byte.

use std::path::Path;

use crate::case::CaseError;

/// Longest piece of the offending line quoted back.
const QUOTE_CHARS: usize = 60;

/// A RON error at a place in `text` as a [`CaseError::Parse`] in plain words.
pub(crate) fn ron_error(path: &Path, text: &str, err: ron::error::SpannedError) -> CaseError {
    let (line, col) = (err.position.line, err.position.col);
    let mut message = plain_words(&err.code, text, line);
    if !matches!(err.code, ron::Error::Eof)
        && (at_end(text, line, col) || matches!(err.code, ron::Error::ExpectedStringEnd))
    {
        message = format!(
            "{message}; the file ends right there, so it was probably cut short (a copy or a save that did not finish)"
        );
    }
    CaseError::Parse { path: path.to_path_buf(), line, col, message, near: quote_line(text, line) }
}

/// Bytes that are not UTF-8 text, as a [`CaseError::Parse`] at the first bad byte.
pub(crate) fn not_text_error(path: &Path, bytes: &[u8], valid_up_to: usize) -> CaseError {
    let good = String::from_utf8_lossy(bytes.get(..valid_up_to).unwrap_or_default());
    let line = good.matches('\n').count() + 1;
    let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let byte = bytes.get(valid_up_to).map_or_else(String::new, |b| format!(" (byte 0x{b:02X})"));
    CaseError::Parse {
        path: path.to_path_buf(),
        line,
        col,
        message: format!(
            "the file stops being text here{byte}: a case file is plain UTF-8 text, so this one is damaged or is not \
             a case file"
        ),
        near: quote_line(&good, line),
    }
}

/// Whether (1-based) `line`, `col` is at the end of `text`, after its last character that is not blank.
fn at_end(text: &str, line: usize, col: usize) -> bool {
    let trimmed = text.trim_end();
    let last_line = trimmed.lines().count().max(1);
    let last_len = trimmed.rsplit('\n').next().map_or(0, |l| l.chars().count());
    line > last_line || (line == last_line && col > last_len)
}

/// The offending line, trimmed and shortened, for the message ("" when there is nothing to show).
fn quote_line(text: &str, line: usize) -> String {
    let Some(found) = line.checked_sub(1).and_then(|i| text.lines().nth(i)) else { return String::new() };
    let found = found.trim();
    if found.chars().count() <= QUOTE_CHARS {
        return found.to_owned();
    }
    let mut short: String = found.chars().take(QUOTE_CHARS).collect();
    short.push_str("...");
    short
}

/// "one of A, B or C".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("one of {} or {last}", rest.join(", ")),
    }
}

/// " (for the event kind)", when the parser knows where it was: the type's name in words.
fn inside(outer: &Option<String>) -> String {
    outer.as_ref().filter(|o| !o.is_empty()).map_or_else(String::new, |o| format!(" (for the {})", words_of(o)))
}

/// `EventKind` -> "event kind".
fn words_of(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What is wrong, in words a non-programmer reads (no position: the caller says where).
pub fn plain_words(code: &ron::Error, text: &str, line: usize) -> String {
    use ron::Error as E;
    let last_line = text.lines().count().max(1);
    match code {
        E::Eof => format!(
            "the file ends too early{}: a bracket or a quote opened before this point is never closed, so the file \
             was probably cut short (a copy or a save that did not finish)",
            if line >= last_line { " (this is its last line)" } else { "" }
        ),
        E::ExpectedArrayEnd => {
            "a list should end here with a closing square bracket `]`: the bracket, or a comma between two entries, \
             is missing"
                .into()
        }
        E::ExpectedStructLikeEnd => {
            "an entry should end here with a closing round bracket `)`: the bracket, or a comma between two fields, \
             is missing"
                .into()
        }
        E::ExpectedMapEnd => {
            "a group should end here with a closing curly bracket `}`: it, or a comma, is missing".into()
        }
        E::ExpectedComma => {
            "a comma `,` is missing here, before the next entry (or the closing bracket of what came before is)".into()
        }
        E::ExpectedMapColon => "a colon `:` is missing here, between a name and its value".into(),
        E::ExpectedArray => "a list in square brackets `[ ... ]` should start here".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "an entry in round brackets `( ... )` should start here".into()
        }
        E::ExpectedMap => "a group in curly brackets `{ ... }` should start here".into(),
        E::ExpectedString => "a piece of text in double quotes `\"...\"` should be here".into(),
        // The parser only says this when the file ended inside the text.
        E::ExpectedStringEnd => "a piece of text is never closed: its closing double quote `\"` is missing".into(),
        E::ExpectedInteger => "a whole number should be here".into(),
        E::ExpectedFloat => "a number should be here".into(),
        E::ExpectedBoolean => "`true` or `false` should be here".into(),
        E::ExpectedOption => "`Some(...)` or `None` should be here".into(),
        E::ExpectedIdentifier => "a field name should be here".into(),
        E::ExpectedUnit => "`()` should be here".into(),
        E::IntegerOutOfBounds => "a number here is too large, or negative where it cannot be".into(),
        E::InvalidIntegerDigit { digit, .. } => format!("`{digit}` cannot be part of the number here"),
        E::UnexpectedChar(c) => format!("the character `{c}` does not belong here"),
        E::TrailingCharacters => {
            "there is more text after the end of the case: the case's last closing bracket `)` comes too early, or \
             something was pasted after it"
                .into()
        }
        E::UnclosedBlockComment | E::UnclosedLineComment => "a comment starting here is never closed".into(),
        E::NoSuchEnumVariant { expected, found, outer } => {
            format!("`{found}` is not a value allowed here{}: it must be {}", inside(outer), one_of(expected))
        }
        E::NoSuchStructField { expected, found, outer } => {
            format!("`{found}` is not a field this version knows{}; the fields are {}", inside(outer), one_of(expected))
        }
        E::MissingStructField { field, outer } => format!("the field `{field}` is missing{}", inside(outer)),
        E::DuplicateStructField { field, outer } => format!("the field `{field}` appears twice{}", inside(outer)),
        E::ExpectedDifferentStructName { found, .. } => {
            format!("an entry named `{found}` is here, where an entry of another kind should be")
        }
        E::InvalidValueForType { expected, found } => format!("{found} is here, where {expected} should be"),
        E::ExpectedDifferentLength { expected, found } => {
            format!("{found} item(s) are here, where {expected} should be")
        }
        E::Utf8Error(_) => "the file stops being text here: it is damaged, or is not a case file".into(),
        E::Message(words) => words.clone(),
        other => format!("the file cannot be read from here on ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{case_from_ron, case_to_ron, Case, Event, EventId, FramePoint};

    fn small_case_text() -> String {
        let mut case = Case::new("Broken on purpose");
        let id = EventId::from("e1");
        let event = Event { id: id.clone(), start: FramePoint::default(), ..Event::default() };
        case.events.insert(id, event);
        case_to_ron(&case).expect("a fresh case serialises")
    }

    /// The error of parsing `text`, and its shown sentence.
    fn broken(text: &str) -> (usize, usize, String, String) {
        match case_from_ron(text, Path::new("/cases/stop.case.ron")) {
            Err(e @ CaseError::Parse { .. }) => {
                let shown = e.to_string();
                let CaseError::Parse { line, col, message, .. } = e else { unreachable!() };
                (line, col, message, shown)
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).expect("the needle is in the text") + 1
    }

    #[test]
    fn a_missing_closing_bracket_is_named_with_its_line() {
        let text = small_case_text();
        let at = line_of(&text, "title:");
        // The meta entry loses the closing bracket after its fields: the parser finds the next field of the case.
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let close = lines.iter().skip(at).position(|l| l.trim() == "),").expect("meta closes") + at;
        lines[close] = String::new();
        let (line, col, message, shown) = broken(&lines.join("\n"));
        assert!(line > at, "the error is after the title line, at line {line}");
        assert!(col >= 1);
        assert!(message.contains("bracket"), "{message}");
        assert!(shown.contains(&format!("line {line}, column {col}")), "{shown}");
        assert!(shown.starts_with("/cases/stop.case.ron cannot be read as a case"), "{shown}");
        assert!(!shown.contains("Expected"), "no parser vocabulary: {shown}");
    }

    #[test]
    fn a_bad_value_names_what_was_found_and_what_is_allowed() {
        let text = small_case_text();
        let at = line_of(&text, "kind: Interval");
        let bad = text.replacen("kind: Interval", "kind: Sometimes", 1);
        let (line, _, message, shown) = broken(&bad);
        assert_eq!(line, at);
        assert!(message.starts_with("`Sometimes` is not a value allowed here"), "{message}");
        assert!(message.contains("`Point` or `Interval`"), "the allowed values are listed: {message}");
        assert!(shown.contains("Sometimes"), "the line is quoted: {shown}");
    }

    #[test]
    fn a_truncated_file_says_it_was_cut_short() {
        let text = small_case_text();
        let cut = &text[..text.len() * 2 / 3];
        let (line, _, message, _) = broken(cut);
        assert_eq!(line, cut.lines().count().max(1), "the error is at the end of what is there");
        assert!(message.contains("cut short"), "{message}");
        // Cut right after a bracket too, where nothing is half-written.
        let at_bracket = text[..text.len() / 2].rfind('(').expect("a bracket") + 1;
        let (_, _, message, _) = broken(&text[..at_bracket]);
        assert!(message.contains("ends too early") && message.contains("cut short"), "{message}");
    }

    #[test]
    fn bytes_that_are_not_text_are_placed_at_the_first_bad_byte() {
        let mut bytes = b"(\n  version: 3,\n  meta: (title: \"caf".to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFE]);
        bytes.extend_from_slice(b"\"),\n)");
        let valid = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to()).expect("not UTF-8");
        let err = not_text_error(Path::new("x.case.ron"), &bytes, valid);
        let CaseError::Parse { line, col, ref message, .. } = err else { panic!("{err:?}") };
        assert_eq!((line, col), (3, 21));
        assert!(message.contains("byte 0xFF") && message.contains("not a case file"), "{message}");
        assert!(err.to_string().contains("line 3, column 21"), "{err}");
    }

    #[test]
    fn a_missing_comma_and_a_stray_character_are_told_apart() {
        let (_, _, comma, _) = broken("(version: 3 meta: (title: \"x\"))");
        assert!(comma.contains("comma"), "{comma}");
        let (_, _, stray, _) = broken("(version: 3, meta: (title: \"x\")) extra");
        assert!(stray.contains("more text after the end"), "{stray}");
    }
}
