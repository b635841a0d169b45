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

impl SourceDocument {
    /// The link, when it is one a reviewer may open: an `http://` or `https://` address without spaces or control
    /// characters. Anything else (`javascript:`, `file:`, a path) is only ever shown as text.
    pub fn web_link(&self) -> Option<&str> {
        let link = self.link.as_deref()?.trim();
        let after_scheme = ["https://", "http://"].iter().find_map(|scheme| {
            let head = link.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme).then(|| &link[scheme.len()..])
        })?;
        let clean = !link.chars().any(|c| c.is_whitespace() || c.is_control());
        (clean && !after_scheme.is_empty()).then_some(link)
    }
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
