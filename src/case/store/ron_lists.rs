//! Splitting a case file's two long lists (events and audit entries) so both cores parse and write them: a small
//! RON-aware scanner (strings, raw strings, chars, comments, nesting) finds a top-level list field and the byte span
//! of each item. Anything it cannot be sure of makes the caller fall back to the plain one-thread path.

/// A top-level list field `name: [ … ]`: the byte offsets of its brackets and of each item.
#[derive(Debug, PartialEq, Eq)]
pub struct ListSpan {
    pub open: usize,
    pub close: usize,
    pub items: Vec<(usize, usize)>,
}

/// Skips a string, raw string, char literal or comment starting at `i`; returns the index after it, or None when
/// `i` does not start one. Errors (an unterminated literal) also return None via `Err(())`.
fn skip_atom(b: &[u8], i: usize) -> Result<Option<usize>, ()> {
    match b[i] {
        b'"' => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'"' => return Ok(Some(j + 1)),
                    _ => j += 1,
                }
            }
            Err(())
        }
        b'\'' => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'\'' => return Ok(Some(j + 1)),
                    _ => j += 1,
                }
            }
            Err(())
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
            while j < b.len() {
                if b[j] == b'"' && b.len() >= j + 1 + hashes && b[j + 1..j + 1 + hashes].iter().all(|&c| c == b'#') {
                    return Ok(Some(j + 1 + hashes));
                }
                j += 1;
            }
            Err(())
        }
        b'/' if i + 1 < b.len() && b[i + 1] == b'/' => {
            let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p + 1);
            Ok(Some(end))
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

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Finds several top-level list fields in one pass over the text (a large case is scanned once, not per field).
/// Err when the text cannot be scanned (unbalanced nesting, an unterminated literal).
pub fn find_top_level_lists(text: &str, fields: &[&str]) -> Result<Vec<Option<ListSpan>>, ()> {
    let b = text.as_bytes();
    let mut found: Vec<Option<ListSpan>> = fields.iter().map(|_| None).collect();
    let mut depth = 0usize;
    let mut i = 0;
    // The list being split: which field, and the span so far.
    let mut open: Option<(usize, ListSpan)> = None;
    let mut item_start: Option<usize> = None;
    while i < b.len() {
        if let Some(next) = skip_atom(b, i)? {
            if open.is_some() && depth >= 2 && item_start.is_none() && b[i] != b'/' {
                item_start = Some(i);
            }
            i = next;
            continue;
        }
        let c = b[i];
        match c {
            b'(' | b'[' | b'{' => {
                if open.is_some() && depth == 2 && item_start.is_none() {
                    item_start = Some(i);
                }
                depth += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1).ok_or(())?;
                if depth == 1 {
                    if let Some((k, mut l)) = open.take() {
                        if c != b']' {
                            return Err(());
                        }
                        if let Some(s) = item_start.take() {
                            l.items.push((s, trim_end(b, i)));
                        }
                        l.close = i;
                        found[k] = Some(l);
                    }
                }
            }
            b',' if depth == 2 && open.is_some() => {
                let s = item_start.take().ok_or(())?;
                if let Some((_, l)) = open.as_mut() {
                    l.items.push((s, trim_end(b, i)));
                }
            }
            _ if depth == 1 && open.is_none() && is_ident(c) && (i == 0 || !is_ident(b[i - 1])) => {
                let mut j = i;
                while j < b.len() && is_ident(b[j]) {
                    j += 1;
                }
                let word = &b[i..j];
                if let Some(k) = fields.iter().position(|f| f.as_bytes() == word) {
                    let mut t = j;
                    while t < b.len() && b[t].is_ascii_whitespace() {
                        t += 1;
                    }
                    if t < b.len() && b[t] == b':' {
                        t += 1;
                        while t < b.len() && b[t].is_ascii_whitespace() {
                            t += 1;
                        }
                        if t < b.len() && b[t] == b'[' && found[k].is_none() {
                            open = Some((k, ListSpan { open: t, close: 0, items: Vec::new() }));
                            depth += 1;
                            i = t + 1;
                            continue;
                        }
                    }
                }
                i = j;
                continue;
            }
            _ => {
                if open.is_some() && depth >= 2 && item_start.is_none() && !c.is_ascii_whitespace() {
                    item_start = Some(i);
                }
            }
        }
        i += 1;
    }
    if open.is_some() || depth != 0 {
        return Err(());
    }
    Ok(found)
}

fn trim_end(b: &[u8], mut end: usize) -> usize {
    while end > 0 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// Parses each item span in parallel (one chunk per core), keeping order.
pub fn parse_items_parallel<T: serde::de::DeserializeOwned + Send>(
    text: &str,
    items: &[(usize, usize)],
) -> Option<Vec<T>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let parts: Vec<Option<Vec<T>>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter().map(|&(a, b)| ron::from_str::<T>(&text[a..b]).ok()).collect::<Option<Vec<T>>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for p in parts {
        out.extend(p?);
    }
    Some(out)
}

/// Serialises items in parallel, each as pretty RON indented to sit inside a top-level list (as the one-thread
/// writer lays them out).
pub fn write_items_parallel<T: serde::Serialize + Sync>(items: &[&T], indent: &str) -> Option<String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let parts: Vec<Option<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let config = ron::ser::PrettyConfig::new().depth_limit(1).indentor("  ".to_owned());
                    let mut out = String::new();
                    for item in part {
                        let text = ron::ser::to_string_pretty(item, config.clone()).ok()?;
                        for line in text.lines() {
                            out.push_str(indent);
                            out.push_str(line);
                            out.push('\n');
                        }
                        // The item's closing line gets the list's comma.
                        out.pop();
                        out.push_str(",\n");
                    }
                    Some(out)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut out = String::new();
    for p in parts {
        out.push_str(&p?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let find = |field: &str| find_top_level_lists(text, &[field]).unwrap().pop().flatten();
        let span = find("events").unwrap();
        let items: Vec<&str> = span.items.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(items, vec![r#"(id: "a", x: [1, 2], s: "),]")"#, r#"(id: "b", c: ',')"#, r###"(id: r#"c"]"#)"###]);
        assert_eq!(&text[span.open..=span.open], "[");
        assert_eq!(&text[span.close..=span.close], "]");
        let audit = find("audit").unwrap();
        assert!(audit.items.is_empty());
        assert!(find("missing").is_none());
        assert!(find_top_level_lists("(events: [(a: \"unterminated)]", &["events"]).is_err());
    }
}
