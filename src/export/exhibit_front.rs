//! The front matter and page furniture both exhibit reports print the same way: the cover's lines (case, exhibit
//! number, who prepared it, when, the case's content hash, log head and signer), the numbered sections of the table
//! of contents, each page's header, its "page X of Y" footer and its Bates-style number.

use super::common::Exhibit;
use crate::case::event_query::{claim_ids_in_order, natural_cmp};
use crate::case::{Anchor, Case, Claim, Measurement, MeasurementId};

/// Who made the exhibit and how its pages are numbered; chosen by whoever asks for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExhibitFront {
    /// e.g. "12" or "P-3": printed on the cover and in every page's header.
    pub exhibit_number: String,
    /// The person or office that prepared the exhibit ("" when not given).
    pub prepared_by: String,
    /// Printed before each page's Bates number, e.g. "CF".
    pub bates_prefix: String,
    /// The first page's Bates number.
    pub bates_start: u64,
}

impl Default for ExhibitFront {
    fn default() -> Self {
        ExhibitFront {
            exhibit_number: "1".to_owned(),
            prepared_by: String::new(),
            bates_prefix: "CF".to_owned(),
            bates_start: 1,
        }
    }
}

/// A Bates number has at least this many digits (zero-padded).
pub const BATES_DIGITS: usize = 6;

/// The Bates-style number of the page at `index` (0 for the first page): the prefix and six digits or more.
pub fn bates_number(front: &ExhibitFront, index: usize) -> String {
    let n = front.bates_start.saturating_add(index as u64);
    format!("{}{n:0width$}", front.bates_prefix, width = BATES_DIGITS)
}

/// Every page's header: the case and the exhibit number.
pub fn page_header(case: &Case, front: &ExhibitFront) -> String {
    format!("{} — Exhibit {}", case.meta.title, front.exhibit_number)
}

/// Every page's footer: "page X of Y" (counting from 1).
pub fn page_footer(page: usize, pages: usize) -> String {
    format!("page {page} of {pages}")
}

/// The cover's lines after the title, each a label and its value.
pub fn cover_lines(case: &Case, exhibit: &Exhibit) -> Vec<(&'static str, String)> {
    let anchor = Anchor::of(case);
    let prepared_by =
        if exhibit.front.prepared_by.is_empty() { "not stated".to_owned() } else { exhibit.front.prepared_by.clone() };
    vec![
        ("Exhibit", exhibit.front.exhibit_number.clone()),
        ("Prepared by", prepared_by),
        ("Date", exhibit.generated_utc.clone()),
        ("Case content SHA-256", anchor.content_sha256),
        ("Audit log head", format!("{} ({} entries)", anchor.head_hash, anchor.entry_count)),
        ("Signed by key", anchor.signer),
        ("First page", bates_number(&exhibit.front, 0)),
    ]
}

/// One entry of the table of contents: its number ("3", "5.2"), its title and the anchor both reports use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub number: String,
    pub title: String,
    pub anchor: String,
}

/// The claims in the order every report lists them (c1, c2, …, c10: digit runs compare as numbers).
pub fn claims_in_order(case: &Case) -> Vec<&Claim> {
    claim_ids_in_order(case).iter().filter_map(|id| case.claims.get(id)).collect()
}

/// The anchor of a claim's section.
pub fn claim_anchor(claim: &Claim) -> String {
    format!("claim-{}", claim.id)
}

/// The measurements in the order every report lists them (ms-1, ms-2, …, ms-10).
pub fn measurements_in_order(case: &Case) -> Vec<&Measurement> {
    let mut all: Vec<&Measurement> = case.measurements.values().collect();
    all.sort_by(|a, b| natural_cmp(a.id.as_str(), b.id.as_str()));
    all
}

/// The anchor of a measurement's section.
pub fn measurement_anchor(id: &MeasurementId) -> String {
    format!("measurement-{id}")
}

/// The report's sections in order, each claim a numbered subsection of "Claims" and each measurement one of
/// "Measurements" (which a case without measurements still has, saying so); the agreement section only when the
/// report prints one.
pub fn sections(case: &Case, with_agreement: bool) -> Vec<Section> {
    let mut titles = vec![
        ("summary", "Summary"),
        ("figure", "Timeline figure"),
        ("media", "Media"),
        ("sync", "Cameras on the wall clock"),
        ("timing", "Frame timing"),
        ("claims", "Claims"),
        ("timeline", "Event list"),
        ("measurements", "Measurements"),
    ];
    if with_agreement {
        titles.push(("agreement", "Agreement between reviewers"));
    }
    titles.extend([
        ("audit", "Audit log"),
        ("manifest", "Hash manifest (FRE 902(14))"),
        ("methodology", "Methodology"),
    ]);
    let mut out = Vec::new();
    for (i, (anchor, title)) in titles.into_iter().enumerate() {
        let number = (i + 1).to_string();
        out.push(Section { number: number.clone(), title: title.to_owned(), anchor: anchor.to_owned() });
        let subsections: Vec<(String, String)> = match anchor {
            "claims" => claims_in_order(case)
                .into_iter()
                .map(|claim| (format!("{} ({})", claim.title, claim.id), claim_anchor(claim)))
                .collect(),
            "measurements" => measurements_in_order(case)
                .into_iter()
                .map(|m| (format!("Measurement {}", m.id), measurement_anchor(&m.id)))
                .collect(),
            _ => Vec::new(),
        };
        for (j, (title, anchor)) in subsections.into_iter().enumerate() {
            out.push(Section { number: format!("{number}.{}", j + 1), title, anchor });
        }
    }
    out
}

/// The number of the section with `anchor` ("" when there is none).
pub fn section_number<'a>(sections: &'a [Section], anchor: &str) -> &'a str {
    sections.iter().find(|s| s.anchor == anchor).map_or("", |s| s.number.as_str())
}

/// The section with `anchor`, e.g. for a heading "5.2 Title".
pub fn heading(sections: &[Section], anchor: &str, fallback: &str) -> String {
    sections
        .iter()
        .find(|s| s.anchor == anchor)
        .map_or_else(|| fallback.to_owned(), |s| format!("{} {}", s.number, s.title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::ClaimId;

    #[test]
    fn bates_numbers_count_from_the_start_with_the_prefix() {
        let front = ExhibitFront { bates_prefix: "ACME-".into(), bates_start: 41, ..ExhibitFront::default() };
        assert_eq!(bates_number(&front, 0), "ACME-000041");
        assert_eq!(bates_number(&front, 2), "ACME-000043");
        let big = ExhibitFront { bates_start: 1_234_567, ..ExhibitFront::default() };
        assert_eq!(bates_number(&big, 0), "CF1234567");
    }

    #[test]
    fn claims_are_numbered_in_natural_order_under_their_section() {
        let mut case = Case::default();
        for id in ["c10", "c2", "c1"] {
            let claim = Claim { id: ClaimId::new(id), title: format!("T{id}"), ..Claim::default() };
            case.claims.insert(claim.id.clone(), claim);
        }
        let s = sections(&case, false);
        let listed: Vec<(&str, &str)> = s.iter().map(|s| (s.number.as_str(), s.anchor.as_str())).collect();
        assert_eq!(listed[4], ("5", "timing"));
        assert_eq!(&listed[5..9], &[("6", "claims"), ("6.1", "claim-c1"), ("6.2", "claim-c2"), ("6.3", "claim-c10")]);
        assert_eq!(listed[9], ("7", "timeline"));
        assert_eq!(listed[10], ("8", "measurements"), "said to be none, not left out");
        assert_eq!(heading(&s, "claim-c10", "?"), "6.3 Tc10 (c10)");
        assert!(!s.iter().any(|s| s.anchor == "agreement"));
        assert!(sections(&case, true).iter().any(|s| s.anchor == "agreement"));
    }

    #[test]
    fn measurements_are_numbered_in_natural_order_under_their_section() {
        let mut case = Case::default();
        for id in ["ms-10", "ms-2"] {
            let m = Measurement { id: MeasurementId::from(id), ..Measurement::default() };
            case.measurements.insert(m.id.clone(), m);
        }
        let s = sections(&case, false);
        let at = s.iter().position(|s| s.anchor == "measurements").expect("the section");
        let listed: Vec<(&str, &str)> = s[at..at + 3].iter().map(|s| (s.number.as_str(), s.anchor.as_str())).collect();
        assert_eq!(listed, [("8", "measurements"), ("8.1", "measurement-ms-2"), ("8.2", "measurement-ms-10")]);
        assert_eq!(heading(&s, "measurement-ms-10", "?"), "8.2 Measurement ms-10");
    }
}
