//! What can go wrong while importing, each with a message a person can act on: which file format was expected,
//! what in the file could not be read, and where.

use crate::case::CaseError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot tell the format of {0}: expected ELAN .eaf, BORIS .boris, SRT, WebVTT or ClaimFrame JSON")]
    UnknownFormat(String),
    #[error("the file is not valid text: {0}")]
    Encoding(String),
    #[error("{format}: {message}")]
    Malformed { format: &'static str, message: String },
    #[error("BORIS project has several observations; choose one with --observation: {0}")]
    ObservationAmbiguous(String),
    #[error("BORIS project has no observation named {wanted:?} (it has: {available})")]
    ObservationNotFound { wanted: String, available: String },
    #[error("{kind} id {id:?} in {file}: {}", crate::case::ID_RULE)]
    BadId { file: String, kind: &'static str, id: String },
    #[error("{0}")]
    Case(#[from] CaseError),
    #[error("file too large to import: {0}")]
    TooLarge(String),
    #[error("nothing to import: {0}")]
    Empty(String),
    #[error("time {secs:.3} s is before the first frame of the media")]
    BeforeFirstFrame { secs: f64 },
}

pub fn malformed(format: &'static str, message: impl Into<String>) -> ImportError {
    ImportError::Malformed { format, message: message.into() }
}
