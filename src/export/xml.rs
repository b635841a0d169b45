//! A small XML writer over quick-xml: elements with attributes and text, everything escaped by quick-xml and
//! stripped of the control characters XML cannot hold,
//! indented for people reading the file. Used by the ELAN export.

use super::common::xml_safe;
use super::ExportError;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub struct XmlOut {
    writer: Writer<Vec<u8>>,
}

fn xml_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Xml(e.to_string())
}

/// An opening tag whose attribute values hold only characters XML allows.
fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for (key, value) in attrs {
        tag.push_attribute((*key, xml_safe(value).as_str()));
    }
    tag
}

impl XmlOut {
    /// A document that begins with `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn new() -> Result<Self, ExportError> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 4);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(xml_err)?;
        Ok(Self { writer })
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), ExportError> {
        self.writer.write_event(Event::Start(start(name, attrs))).map_err(xml_err)
    }

    pub fn close(&mut self, name: &str) -> Result<(), ExportError> {
        self.writer.write_event(Event::End(BytesEnd::new(name))).map_err(xml_err)
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<(), ExportError> {
        self.writer.write_event(Event::Empty(start(name, attrs))).map_err(xml_err)
    }

    /// `<name attrs>text</name>` on one line.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<(), ExportError> {
        self.writer.write_event(Event::Start(start(name, attrs))).map_err(xml_err)?;
        self.writer.write_event(Event::Text(BytesText::new(&xml_safe(text)))).map_err(xml_err)?;
        self.writer.write_event(Event::End(BytesEnd::new(name))).map_err(xml_err)
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}
