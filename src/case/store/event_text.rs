//! One event's text, written and read without serde on the two-core path for large cases: a profile of
//! `claimframe bench case --events 100000` is almost all ron's parser and writer on events (about 9 µs an event a
//! core, twice per event: the `events` list and the content snapshot in the log). This codec takes only the plain
//! layout the writer makes — every field in order, integers in decimal, strings in printable ASCII without escapes —
//! and gives `None` for anything else (an escape, a comment, a field left out, added or reordered, an adjudication
//! record), so that item goes through ron exactly as before. What it writes is byte for byte what ron writes, and
//! what it reads is what ron reads; the tests check both against ron on generated and on damaged text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::case::model::ids::{ClaimId, EventId, EventTypeId, MediaId};
use crate::case::model::media_check::MediaAtCoding;
use crate::case::{ClaimLink, Event, FramePoint, Stance};

/// How an event sits in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// An item of the case's `events` list: one field per line, indented into the list, closed with its comma
    /// and a line break (as `push_list_item` lays out ron's text).
    ListItem,
    /// On one line, as inside a content snapshot: `(id: "e1", media_id: "m1", …)`.
    Compact,
}

/// Appends `event` in `layout`; `None` (and `out` as it was) when the event holds something only ron writes (an
/// adjudication record).
pub fn write_event(out: &mut String, event: &Event, layout: Layout) -> Option<()> {
    if event.adjudication.is_some() {
        return None;
    }
    let mut w = FieldWriter { out, layout, first: true };
    w.open();
    w.key("id");
    push_str(w.out, &event.id.0);
    w.key("media_id");
    push_str(w.out, &event.media_id.0);
    w.key("start");
    push_point(w.out, &event.start);
    w.key("end");
    match &event.end {
        Some(end) => {
            w.out.push_str("Some(");
            push_point(w.out, end);
            w.out.push(')');
        }
        None => w.out.push_str("None"),
    }
    w.key("type_id");
    push_str(w.out, &event.type_id.0);
    w.key("modifiers");
    w.out.push('{');
    for (n, (k, v)) in event.modifiers.iter().enumerate() {
        if n > 0 {
            w.out.push_str(", ");
        }
        push_str(w.out, k);
        w.out.push_str(": ");
        push_str(w.out, v);
    }
    w.out.push('}');
    w.key("note");
    push_str(w.out, &event.note);
    w.key("reviewer");
    push_str(w.out, &event.reviewer);
    w.key("created_utc");
    push_str(w.out, &event.created_utc);
    w.key("modified_utc");
    push_str(w.out, &event.modified_utc);
    w.key("links");
    w.out.push('[');
    for (n, link) in event.links.iter().enumerate() {
        if n > 0 {
            w.out.push_str(", ");
        }
        w.out.push_str("(claim_id: ");
        push_str(w.out, &link.claim_id.0);
        w.out.push_str(", stance: ");
        w.out.push_str(stance_name(link.stance));
        w.out.push_str(", rationale: ");
        push_str(w.out, &link.rationale);
        if !link.reviewer.is_empty() {
            w.out.push_str(", reviewer: ");
            push_str(w.out, &link.reviewer);
        }
        w.out.push(')');
    }
    w.out.push(']');
    if !event.media_at_coding.is_not_recorded() {
        w.key("media_at_coding");
        w.out.push_str(media_at_coding_name(event.media_at_coding));
    }
    w.close();
    Some(())
}

struct FieldWriter<'a> {
    out: &'a mut String,
    layout: Layout,
    first: bool,
}

impl FieldWriter<'_> {
    fn open(&mut self) {
        self.out.push_str(match self.layout {
            Layout::ListItem => "    (",
            Layout::Compact => "(",
        });
    }

    /// Ends the field before (if any) and starts `name`'s.
    fn key(&mut self, name: &str) {
        match (self.layout, self.first) {
            (Layout::ListItem, true) => self.out.push_str("\n      "),
            (Layout::ListItem, false) => self.out.push_str(",\n      "),
            (Layout::Compact, true) => {}
            (Layout::Compact, false) => self.out.push_str(", "),
        }
        self.first = false;
        self.out.push_str(name);
        self.out.push_str(": ");
    }

    fn close(&mut self) {
        self.out.push_str(match self.layout {
            Layout::ListItem => ",\n    ),\n",
            Layout::Compact => ")",
        });
    }
}

/// A string needs no escape in ron's text: printable ASCII other than `"` and `\`.
fn is_plain(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// A string as ron writes it: quoted, escaped by ron itself when it holds anything but plain characters.
fn push_str(out: &mut String, s: &str) {
    if is_plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    match ron::ser::to_string(s) {
        Ok(text) => out.push_str(&text),
        // Serialising a string cannot fail; were it to, the debug form is the same escape.
        Err(_) => {
            let _ = write!(out, "{s:?}");
        }
    }
}

fn push_point(out: &mut String, p: &FramePoint) {
    let _ = write!(
        out,
        "(frame: {}, pts_ticks: {}, time_base_num: {}, time_base_den: {})",
        p.frame, p.pts_ticks, p.time_base_num, p.time_base_den
    );
}

fn stance_name(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => "Supports",
        Stance::Contradicts => "Contradicts",
        Stance::Context => "Context",
    }
}

fn media_at_coding_name(m: MediaAtCoding) -> &'static str {
    match m {
        MediaAtCoding::NotRecorded => "NotRecorded",
        MediaAtCoding::Verified => "Verified",
        MediaAtCoding::Hashing => "Hashing",
        MediaAtCoding::Mismatch => "Mismatch",
    }
}

/// Reads one event's text (one list item, without the comma after it); `None` when it is not in the plain layout,
/// and ron must read it.
pub fn read_event(text: &str) -> Option<Event> {
    let mut p = Reader { b: text.as_bytes(), i: 0 };
    p.eat(b'(')?;
    let id = EventId(p.field_str("id")?);
    p.comma()?;
    let media_id = MediaId(p.field_str("media_id")?);
    p.comma()?;
    p.key("start")?;
    let start = p.point()?;
    p.comma()?;
    p.key("end")?;
    let end = if p.word("None") {
        None
    } else {
        p.expect_word("Some")?;
        p.eat(b'(')?;
        let point = p.point()?;
        p.eat(b')')?;
        Some(point)
    };
    p.comma()?;
    let type_id = EventTypeId(p.field_str("type_id")?);
    p.comma()?;
    p.key("modifiers")?;
    let modifiers = p.string_map()?;
    p.comma()?;
    let note = p.field_str("note")?;
    p.comma()?;
    let reviewer = p.field_str("reviewer")?;
    p.comma()?;
    let created_utc = p.field_str("created_utc")?;
    p.comma()?;
    let modified_utc = p.field_str("modified_utc")?;
    p.comma()?;
    p.key("links")?;
    let links = p.links()?;
    let mut media_at_coding = MediaAtCoding::NotRecorded;
    if !p.close_struct()? {
        p.key("media_at_coding")?;
        media_at_coding = p.media_at_coding()?;
        if !p.close_struct()? {
            return None;
        }
    }
    p.end()?;
    Some(Event {
        id,
        media_id,
        start,
        end,
        type_id,
        modifiers,
        note,
        reviewer,
        created_utc,
        modified_utc,
        links,
        media_at_coding,
        adjudication: None,
    })
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self.b.get(self.i).is_some_and(|c| matches!(c, b' ' | b'\n' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// `name` as a whole identifier (not the start of a longer one); consumed when it is there.
    fn word(&mut self, name: &str) -> bool {
        self.skip_ws();
        let end = self.i + name.len();
        let here = self.b.get(self.i..end) == Some(name.as_bytes());
        let whole = !self.b.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        if here && whole {
            self.i = end;
        }
        here && whole
    }

    fn expect_word(&mut self, name: &str) -> Option<()> {
        self.word(name).then_some(())
    }

    fn key(&mut self, name: &str) -> Option<()> {
        self.expect_word(name)?;
        self.eat(b':')
    }

    fn field_str(&mut self, name: &str) -> Option<String> {
        self.key(name)?;
        self.string()
    }

    fn comma(&mut self) -> Option<()> {
        self.eat(b',')
    }

    /// After a struct's field: `Some(true)` when the struct closes there (an optional trailing comma, then `)`),
    /// `Some(false)` when a comma leads to another field.
    fn close_struct(&mut self) -> Option<bool> {
        if self.peek()? == b')' {
            self.i += 1;
            return Some(true);
        }
        self.eat(b',')?;
        if self.peek()? == b')' {
            self.i += 1;
            return Some(true);
        }
        Some(false)
    }

    fn end(&mut self) -> Option<()> {
        self.skip_ws();
        (self.i == self.b.len()).then_some(())
    }

    /// A quoted string of plain characters (no escape, no control character).
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let from = self.i;
        loop {
            match *self.b.get(self.i)? {
                b'"' => break,
                b'\\' => return None,
                c if c < 0x20 || c == 0x7f => return None,
                _ => self.i += 1,
            }
        }
        let s = std::str::from_utf8(self.b.get(from..self.i)?).ok()?.to_owned();
        self.i += 1;
        Some(s)
    }

    /// Decimal digits, optionally after a minus: no sign on unsigned numbers, no leading zeros, no `_`, no
    /// exponent (the number must end where a `,` or `)` can follow).
    fn digits(&mut self, signed: bool) -> Option<&str> {
        self.skip_ws();
        let from = self.i;
        if signed && self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits_from = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let digits = self.b.get(digits_from..self.i)?;
        if digits.is_empty() || (digits.len() > 1 && digits[0] == b'0') {
            return None;
        }
        if self.b.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.')) {
            return None;
        }
        std::str::from_utf8(self.b.get(from..self.i)?).ok()
    }

    fn point(&mut self) -> Option<FramePoint> {
        self.eat(b'(')?;
        self.key("frame")?;
        let frame = self.digits(false)?.parse().ok()?;
        self.comma()?;
        self.key("pts_ticks")?;
        let pts_ticks = self.digits(true)?.parse().ok()?;
        self.comma()?;
        self.key("time_base_num")?;
        let time_base_num = self.digits(true)?.parse().ok()?;
        self.comma()?;
        self.key("time_base_den")?;
        let time_base_den = self.digits(true)?.parse().ok()?;
        self.close_struct()?.then_some(FramePoint { frame, pts_ticks, time_base_num, time_base_den })
    }

    /// `{"key": "value", …}`, each key once.
    fn string_map(&mut self) -> Option<BTreeMap<String, String>> {
        self.eat(b'{')?;
        let mut map = BTreeMap::new();
        loop {
            if self.peek()? == b'}' {
                self.i += 1;
                return Some(map);
            }
            let key = self.string()?;
            self.eat(b':')?;
            let value = self.string()?;
            if map.insert(key, value).is_some() {
                return None;
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {}
                _ => return None,
            }
        }
    }

    fn links(&mut self) -> Option<Vec<ClaimLink>> {
        self.eat(b'[')?;
        let mut links = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.i += 1;
                return Some(links);
            }
            self.eat(b'(')?;
            let claim_id = ClaimId(self.field_str("claim_id")?);
            self.comma()?;
            self.key("stance")?;
            let stance = self.stance()?;
            self.comma()?;
            let rationale = self.field_str("rationale")?;
            let mut reviewer = String::new();
            if !self.close_struct()? {
                reviewer = self.field_str("reviewer")?;
                if !self.close_struct()? {
                    return None;
                }
            }
            links.push(ClaimLink { claim_id, stance, rationale, reviewer });
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {}
                _ => return None,
            }
        }
    }

    fn stance(&mut self) -> Option<Stance> {
        [Stance::Supports, Stance::Contradicts, Stance::Context].into_iter().find(|s| self.word(stance_name(*s)))
    }

    fn media_at_coding(&mut self) -> Option<MediaAtCoding> {
        [MediaAtCoding::NotRecorded, MediaAtCoding::Verified, MediaAtCoding::Hashing, MediaAtCoding::Mismatch]
            .into_iter()
            .find(|m| self.word(media_at_coding_name(*m)))
    }
}

#[cfg(test)]
#[path = "event_text_tests.rs"]
mod tests;
