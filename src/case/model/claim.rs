//! Claims under review: an exact quote, who asserted it, and the document it was reported in.
//! Events link to claims with a stance (supports, contradicts, context). A claim may carry the day it was asserted
//! (`asserted_on`, `YYYY-MM-DD`): left out of the file and of the content hash while unset, so cases written before
//! it existed read, hash and verify as they did.

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
    /// The day the statement was made (checked: a real `YYYY-MM-DD` date, see [`asserted_on_problem`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asserted_on: Option<String>,
}

/// What is wrong with `date` as a claim's assertion date, in words; `None` when it is a real `YYYY-MM-DD` day that is
/// not after `today_unix_millis` (a statement cannot have been made tomorrow). `None` for the limit skips that check
/// (verifying a stored case, whose dates were checked against the day they were entered).
pub fn asserted_on_problem(date: &str, today_unix_millis: Option<i64>) -> Option<String> {
    let Some(days) = crate::case::model::time::parse_iso_date_days(date) else {
        return Some(format!("the date asserted {date:?} is not a real date written YYYY-MM-DD (e.g. 2025-05-25)"));
    };
    let today = today_unix_millis?.div_euclid(86_400_000);
    (days > today).then(|| format!("the date asserted {date} is in the future"))
}

impl Claim {
    /// Why the claim's assertion date cannot stand (see [`asserted_on_problem`]); `None` without a date.
    pub fn asserted_on_problem(&self, today_unix_millis: Option<i64>) -> Option<String> {
        asserted_on_problem(self.asserted_on.as_deref()?, today_unix_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assertion_date_is_a_real_day_not_after_today() {
        let today = 20_000 * 86_400_000 + 3_600_000; // 2024-10-04, 01:00 UTC
        assert_eq!(asserted_on_problem("2024-10-04", Some(today)), None);
        assert_eq!(asserted_on_problem("2024-10-03", Some(today)), None);
        assert!(asserted_on_problem("2024-10-05", Some(today)).is_some_and(|p| p.contains("future")));
        assert_eq!(asserted_on_problem("2999-01-01", None), None);
        assert!(asserted_on_problem("2024-02-30", None).is_some_and(|p| p.contains("not a real date")));
        assert!(asserted_on_problem("May 2024", Some(today)).is_some());
    }

    #[test]
    fn an_unset_date_is_left_out_of_the_file() {
        let claim = Claim { id: ClaimId::from("c-1"), ..Claim::default() };
        let Ok(text) = serde_json::to_string(&claim) else { panic!("claim did not serialise") };
        assert!(!text.contains("asserted_on"), "{text}");
        let dated = Claim { asserted_on: Some("2025-05-25".into()), ..claim };
        let Ok(text) = serde_json::to_string(&dated) else { panic!("claim did not serialise") };
        assert!(text.contains("\"asserted_on\":\"2025-05-25\""), "{text}");
    }
}
