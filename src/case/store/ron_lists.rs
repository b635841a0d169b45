//! Splitting a case file's long lists so both cores parse and write them: one pass of a small RON-aware scanner
//! (strings, raw strings, chars, comments, nesting) finds the lists at given field paths — the case's `events` and
//! `audit`, and the `events` of a content snapshot inside an audit entry — and the byte span of each of their items.
//! Anything it cannot be sure of makes the caller fall back to the plain one-thread path.

/// A list field `name: [ … ]`: the byte offsets of its brackets and of each item (trimmed of whitespace).
#[derive(Debug, PartialEq, Eq)]
pub struct ListSpan {
    pub open: usize,
    pub close: usize,
    pub items: Vec<(usize, usize)>,
}

/// A list found at one of the paths asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct FoundList {
    /// Which of the paths it is at.
    pub path: usize,
    pub span: ListSpan,
    /// The innermost other found list it lies in, and which of that list's items holds it.
    pub inside: Option<(usize, usize)>,
}

/// The field paths as a tree: each node is a named path from the file's top-level struct.
struct PathTree<'a> {
    /// (name, parent node); node 0 is the top-level struct.
    nodes: Vec<(&'a [u8], usize)>,
    /// For each node, which asked-for path ends there.
    ends: Vec<Option<usize>>,
    has_children: Vec<bool>,
}

impl<'a> PathTree<'a> {
    fn new(paths: &[&[&'a str]]) -> Self {
        let mut tree = PathTree { nodes: vec![(&[][..], 0)], ends: vec![None], has_children: vec![false] };
        for (k, path) in paths.iter().enumerate() {
            let mut node = 0;
            for name in *path {
                node = match tree.child(node, name.as_bytes()) {
                    Some(child) => child,
                    None => {
                        tree.nodes.push((name.as_bytes(), node));
                        tree.ends.push(None);
                        tree.has_children.push(false);
                        tree.has_children[node] = true;
                        tree.nodes.len() - 1
                    }
                };
            }
            tree.ends[node] = Some(k);
        }
        tree
    }

    fn child(&self, node: usize, name: &[u8]) -> Option<usize> {
        (1..self.nodes.len()).find(|&n| self.nodes[n].1 == node && self.nodes[n].0 == name)
    }
}

/// One open bracket.
struct Level {
    /// The path node of the value this bracket belongs to; None when no asked-for path runs through it.
    node: Option<usize>,
    /// Whether the bracket is `[`.
    is_list: bool,
    /// The bracket that closes it.
    close: u8,
    /// The found list this bracket is, when it is one.
    recording: Option<usize>,
    /// Where the list's current item began (recorded lists only).
    item_start: Option<usize>,
    /// Since this bracket opened, nothing but identifiers (`Some((`, `ReplaceContent((`): a bracket opened now is
    /// the same value's and keeps its path.
    fresh: bool,
}

/// Starts a literal, a comment or nesting: what the fast loop stops at.
const NESTING: u8 = 1;
const IDENT: u8 = 2;

/// Byte classes: what the fast loop must stop at, and what makes identifiers.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let nesting = b"\"'/()[]{}r";
    let mut i = 0;
    while i < nesting.len() {
        t[nesting[i] as usize] = NESTING;
        i += 1;
    }
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b == b'_' {
            t[c] |= IDENT;
        }
        c += 1;
    }
    t
};

fn is_ident(c: u8) -> bool {
    CLASS[c as usize] & IDENT != 0
}

/// From `i`, the next byte that may start a literal, a comment or nesting (an `r` only before `"` or `#`, as a raw
/// string begins); `b.len()` when there is none.
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    loop {
        i += b[i..].iter().position(|&c| CLASS[c as usize] & NESTING != 0).unwrap_or(b.len() - i);
        match (b.get(i), b.get(i + 1)) {
            (Some(b'r'), Some(b'"' | b'#')) | (Some(b'r'), None) | (None, _) => return i,
            (Some(b'r'), _) => i += 1,
            _ => return i,
        }
    }
}

/// Skips a string, raw string, char literal or comment starting at `i`: `Ok(Some(after))`, `Ok(None)` when `i` does
/// not start one, `Err` for one that is never closed.
fn skip_atom(b: &[u8], i: usize) -> Result<Option<usize>, ()> {
    match b[i] {
        q @ (b'"' | b'\'') => {
            let mut j = i + 1;
            loop {
                let at = memchr::memchr2(q, b'\\', b.get(j..).ok_or(())?).ok_or(())?;
                j += at;
                if b[j] == q {
                    return Ok(Some(j + 1));
                }
                j += 2;
            }
        }
        b'r' if i + 1 < b.len() && (b[i + 1] == b'"' || b[i + 1] == b'#') && (i == 0 || !is_ident(b[i - 1])) => {
            let mut j = i + 1;
            let mut hashes = 0;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j >= b.len() || b[j] != b'"' {
                return Ok(None); // a raw identifier such as r#type, not a string
            }
            j += 1;
            loop {
                j += memchr::memchr(b'"', b.get(j..).ok_or(())?).ok_or(())?;
                if b.len() >= j + 1 + hashes && b[j + 1..j + 1 + hashes].iter().all(|&c| c == b'#') {
                    return Ok(Some(j + 1 + hashes));
                }
                j += 1;
            }
        }
        b'/' if i + 1 < b.len() && b[i + 1] == b'/' => {
            Ok(Some(memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p + 1)))
        }
        b'/' if i + 1 < b.len() && b[i + 1] == b'*' => {
            let (mut j, mut depth) = (i + 2, 1);
            while j + 1 < b.len() {
                if b[j] == b'/' && b[j + 1] == b'*' {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b[j + 1] == b'/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Ok(Some(j));
                    }
                } else {
                    j += 1;
                }
            }
            Err(())
        }
        _ => Ok(None),
    }
}

/// Skips whitespace and comments from `i`.
pub fn skip_blank(b: &[u8], mut i: usize) -> Result<usize, ()> {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'/' {
            if let Some(next) = skip_atom(b, i)? {
                i = next;
                continue;
            }
        }
        return Ok(i);
    }
}

fn trim_end(b: &[u8], mut end: usize) -> usize {
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// Finds, in one pass over the text, every list at one of `paths` (field names from the top-level struct, e.g.
/// `["events"]` or `["audit", "change", "after", "events"]`; a path runs through a list's items and through
/// brackets that open right after another, as in `Some((` or `ReplaceContent((`). Lists come in the order they
/// open. Err when the text cannot be scanned (unbalanced nesting, an unterminated literal).
pub fn find_lists(text: &str, paths: &[&[&str]]) -> Result<Vec<FoundList>, ()> {
    let b = text.as_bytes();
    let tree = PathTree::new(paths);
    let mut found: Vec<FoundList> = Vec::new();
    let mut stack: Vec<Level> = Vec::new();
    // A field name just read at the innermost level (`name:`): the path node it leads to (None: no asked-for path).
    let mut pending: Option<Option<usize>> = None;
    let mut i = 0;
    while i < b.len() {
        let watching = stack.last().is_some_and(|l| l.node.is_some_and(|n| tree.has_children[n]));
        let recording = stack.last().is_some_and(|l| l.recording.is_some());
        if !watching && !recording {
            // Nothing here but nesting and literals matters: skip everything else quickly.
            i = skip_plain(b, i);
            if i >= b.len() {
                break;
            }
        }
        let c = b[i];
        if let Some(next) = skip_atom(b, i)? {
            if c != b'/' {
                pending = None;
                if let Some(level) = stack.last_mut() {
                    level.fresh = false;
                }
            }
            i = next;
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => {
                let node = match (pending.take(), stack.last()) {
                    (Some(named), _) => named,
                    (None, None) => Some(0),
                    (None, Some(parent)) if parent.fresh || parent.is_list => parent.node,
                    (None, Some(_)) => None,
                };
                if let Some(parent) = stack.last_mut() {
                    parent.fresh = false;
                }
                let wanted = if c == b'[' { node.and_then(|n| tree.ends[n]) } else { None };
                let recording = wanted.map(|path| {
                    let inside = stack.iter().rev().find_map(|l| {
                        let k = l.recording?;
                        Some((k, found[k].span.items.len()))
                    });
                    found.push(FoundList { path, span: ListSpan { open: i, close: 0, items: Vec::new() }, inside });
                    found.len() - 1
                });
                let close = match c {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                stack.push(Level { node, is_list: c == b'[', close, recording, item_start: None, fresh: true });
                i += 1;
                if recording.is_some() {
                    i = skip_blank(b, i)?;
                    if let Some(level) = stack.last_mut() {
                        level.item_start = (i < b.len() && b[i] != b']').then_some(i);
                    }
                }
                continue;
            }
            b')' | b']' | b'}' => {
                let level = stack.pop().ok_or(())?;
                if c != level.close {
                    return Err(());
                }
                if let Some(k) = level.recording {
                    if let Some(start) = level.item_start {
                        found[k].span.items.push((start, trim_end(b, i)));
                    }
                    found[k].span.close = i;
                }
                pending = None;
                if let Some(parent) = stack.last_mut() {
                    parent.fresh = false;
                }
            }
            b',' => {
                pending = None;
                if let Some(level) = stack.last_mut() {
                    level.fresh = false;
                    if let Some(k) = level.recording {
                        let start = level.item_start.take().ok_or(())?;
                        found[k].span.items.push((start, trim_end(b, i)));
                        let next = skip_blank(b, i + 1)?;
                        level.item_start = (next < b.len() && b[next] != b']').then_some(next);
                        i = next;
                        continue;
                    }
                }
            }
            _ if watching && is_ident(c) && (i == 0 || !is_ident(b[i - 1])) => {
                let mut j = i;
                while j < b.len() && is_ident(b[j]) {
                    j += 1;
                }
                let after = skip_blank(b, j)?;
                if after < b.len() && b[after] == b':' {
                    let node = stack.last().and_then(|l| l.node);
                    pending = Some(node.and_then(|n| tree.child(n, &b[i..j])));
                    if let Some(level) = stack.last_mut() {
                        level.fresh = false;
                    }
                    i = after + 1;
                    continue;
                }
                // An identifier that is not a field name (`Some`, a variant): a bracket after it keeps the path.
                i = j;
                continue;
            }
            b':' => {
                pending = None;
                if let Some(level) = stack.last_mut() {
                    level.fresh = false;
                }
            }
            _ => {
                if !c.is_ascii_whitespace() && !is_ident(c) {
                    if let Some(level) = stack.last_mut() {
                        level.fresh = false;
                    }
                }
            }
        }
        i += 1;
    }
    if !stack.is_empty() {
        return Err(());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<'t>(text: &'t str, list: &FoundList) -> Vec<&'t str> {
        list.span.items.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn finds_items_past_strings_comments_and_nesting() {
        let text = r##"(
  version: 2,
  // events: [ not this one ]
  note: "events: [ nor this ] \" (",
  events: [
    (id: "a", x: [1, 2], s: "),]"),
    /* a comment, with commas */ (id: "b", c: ','),
    (id: r#"c"]"#),
  ],
  audit: [],
)"##;
        let found = find_lists(text, &[&["events"], &["audit"], &["missing"]]).unwrap();
        assert_eq!(found.len(), 2);
        let events = &found[0];
        assert_eq!(events.path, 0);
        assert_eq!(
            items(text, events),
            vec![r#"(id: "a", x: [1, 2], s: "),]")"#, r#"(id: "b", c: ',')"#, r###"(id: r#"c"]"#)"###]
        );
        assert_eq!(&text[events.span.open..=events.span.open], "[");
        assert_eq!(&text[events.span.close..=events.span.close], "]");
        assert_eq!(found[1].path, 1);
        assert!(found[1].span.items.is_empty());
        assert!(find_lists("(events: [(a: \"unterminated)]", &[&["events"]]).is_err());
        assert!(find_lists("(events: [(a: 1]]", &[&["events"]]).is_err());
    }

    #[test]
    fn finds_a_snapshot_list_inside_an_audit_entry_and_nothing_that_only_looks_like_one() {
        let text = r#"(
  events: [(id: "e1")],
  audit: [
    (
      sequence: 1,
      details: "change: Some((after: ReplaceContent((events: [(id: \"fake\")]",
      change: Some((after: ReplaceContent((meta: (events: [(id: "no")]), events: [(id: "s1"), (id: "s2")])), before: ReplaceContent((events: [(id: "b")])))),
    ),
    (sequence: 2, other: (change: Some((after: X((events: [(id: "deep")]))))), change: None),
  ],
)"#;
        let found = find_lists(text, &[&["events"], &["audit"], &["audit", "change", "after", "events"]]).unwrap();
        let paths: Vec<usize> = found.iter().map(|f| f.path).collect();
        assert_eq!(paths, vec![0, 1, 2]);
        assert_eq!(items(text, &found[0]), vec![r#"(id: "e1")"#]);
        assert_eq!(found[1].span.items.len(), 2);
        assert_eq!(items(text, &found[2]), vec![r#"(id: "s1")"#, r#"(id: "s2")"#]);
        assert_eq!(found[2].inside, Some((1, 0)));
    }
}
