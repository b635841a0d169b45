//! Claims under review: an exact quote, who asserted it, and the document it was reported in.
//! Events link to claims with a stance (supports, contradicts, context).

use crate::case::model::ids::ClaimId;
use serde::{Deserialize, Serialize};

/// Who made the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AssertedBy {
    /// Organisation, e.g. "Department of Homeland Security".
    pub agency: String,
    /// Named person and role, empty when unnamed.
    pub official: String,
}

/// Where the statement is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SourceDocument {
    /// Title and publisher of the document.
    pub document: String,
    /// Publication date as written in the source, if known.
    pub date: Option<String>,
    pub link: Option<String>,
}

/// A statement to be tested against the footage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Claim {
    pub id: ClaimId,
    pub title: String,
    /// The exact words, without surrounding quotation marks.
    pub quote: String,
    pub asserted_by: AssertedBy,
    pub source: SourceDocument,
    pub notes: String,
}
