//! What can go wrong while exporting: a case that does not cite (a missing media or event type), a format that
//! needs a choice the caller did not make (which media file), or an encoder failing.

use crate::case::CaseError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error(transparent)]
    Agreement(#[from] crate::case::agreement::AgreementError),
    #[error("the case has several media files ({0}); choose one with --media")]
    MediaAmbiguous(String),
    #[error("no media {0:?} in this case")]
    MediaNotFound(String),
    #[error("the case has no media files")]
    NoMedia,
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing XML: {0}")]
    Xml(String),
    #[error("encoding an image: {0}")]
    Image(String),
    #[error("writing the PDF: {0}")]
    Pdf(String),
    #[error("the HTML report cannot print Bates numbers from {start}: a browser counts no further than about {max}; give a --bates-start of at most {max}, or export the PDF report, which has no such limit")]
    BatesStart { start: u64, max: u64 },
}
