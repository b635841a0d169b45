//! A minimal element tree read with quick-xml: names, attributes and text, enough for ELAN files. Entities are
//! unescaped; comments, processing instructions and DTDs are skipped. Nesting is capped, so neither parsing nor
//! dropping the tree can overflow the stack.

use super::error::{malformed, ImportError};
use super::limits::MAX_XML_DEPTH;
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn element_of(format: &'static str, start: &quick_xml::events::BytesStart<'_>) -> Result<Element, ImportError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| malformed(format, format!("bad attribute in <{name}>: {e}")))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|e| malformed(format, format!("bad attribute value in <{name}>: {e}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs, ..Element::default() })
}

/// Parses `text` into its root element.
pub fn parse(format: &'static str, text: &str) -> Result<Element, ImportError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(format, format!("XML error at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(malformed(
                        format,
                        format!(
                            "elements are nested more than {MAX_XML_DEPTH} deep at byte {}",
                            reader.buffer_position()
                        ),
                    ));
                }
                stack.push(element_of(format, &start)?)
            }
            Event::Empty(start) => {
                let element = element_of(format, &start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let text = t.unescape().map_err(|e| malformed(format, format!("bad text: {e}")))?;
                    top.text.push_str(&text);
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(malformed(format, "unbalanced closing tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Eof => return Err(malformed(format, "the document ends before its root element closes")),
            _ => {}
        }
    }
}
