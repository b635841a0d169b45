//! The names and document shapes an export writes and the matching import reads back, in one place both can use:
//! the ELAN tier, type and vocabulary names ([`eaf_names`]) and the JSON export's document ([`json_document`]).
//! A leaf beside `case`: no files, no FFmpeg, no egui.

pub mod eaf_names;
pub mod json_document;

pub use json_document::{ExportDocument, JSON_FORMAT, JSON_FORMAT_VERSION};
