//! The HTML report's measurements section: each measurement's part as `exhibit_measure` words it (which the PDF
//! report prints too) — who made it and what it bears on (claims linked to their sections), its error in words when
//! it cannot be computed, the tables of its marked frames, intervals and results, its warnings, the stills of its
//! marked frames two to a row with their captions, and the method-and-limits paragraph; or that there are none.

use super::common::Exhibit;
use super::exhibit_front::{heading, Section};
use super::exhibit_measure::{measure_sections, NO_MEASUREMENTS};
use super::html::{esc, shown_uri};
use super::html_parts::html_table;
use super::ExportError;
use crate::case::Case;
use std::fmt::Write as _;

/// The section, with its heading.
pub fn measurements_html(
    o: &mut String,
    case: &Case,
    exhibit: &Exhibit,
    sections: &[Section],
) -> Result<(), ExportError> {
    let _ = write!(
        o,
        "\n<section id=\"measurements\"><h2>{}</h2>",
        esc(&heading(sections, "measurements", "Measurements"))
    );
    let parts = measure_sections(case, exhibit);
    if parts.is_empty() {
        let _ = write!(o, "<p>{}</p>", esc(NO_MEASUREMENTS));
    }
    for part in parts {
        let title = format!("Measurement {}", part.measurement.id);
        let _ = write!(
            o,
            "<section class=\"measurement\" id=\"{}\"><h3>{}</h3>",
            esc(&part.anchor),
            esc(&heading(sections, &part.anchor, &title))
        );
        for line in &part.about {
            let _ = write!(o, "<p>{}</p>", esc(line));
        }
        if part.claims.is_empty() {
            let _ = write!(o, "<p>{}</p>", esc(&part.claims_sentence()));
        } else {
            let links: Vec<String> = part
                .claims
                .iter()
                .map(|(anchor, words)| format!("<a href=\"#{}\">{}</a>", esc(anchor), esc(words)))
                .collect();
            let _ = write!(o, "<p>Bears on claims: {}.</p>", links.join("; "));
        }
        if let Some(error) = &part.error {
            let _ = write!(o, "<p class=\"bad\">{}</p>", esc(error));
        }
        o.push_str("<h4>Marked frames</h4>");
        html_table(o, &part.marks, "marks");
        for (words, table, class) in
            [("Intervals", &part.intervals, "intervals"), ("Results", &part.results, "results")]
        {
            if let Some(table) = table {
                let _ = write!(o, "<h4>{words}</h4>");
                html_table(o, table, class);
            }
        }
        for warning in &part.warnings {
            let _ = write!(o, "<p class=\"bad\">{}</p>", esc(warning));
        }
        let (pictured, in_words): (Vec<_>, Vec<_>) = part.stills.iter().partition(|s| s.png.is_some());
        for pair in pictured.chunks(2) {
            o.push_str("<div class=\"stills\">");
            for still in pair {
                let Some(png) = still.png else { continue };
                let _ = write!(
                    o,
                    "<figure class=\"mark\"><img alt=\"{}\" src=\"{}\"><figcaption>{}</figcaption></figure>",
                    esc(&still.label),
                    shown_uri(exhibit, png)?,
                    esc(&still.caption)
                );
            }
            o.push_str("</div>");
        }
        if !in_words.is_empty() {
            o.push_str("<ul class=\"no-still\">");
            for still in in_words {
                let _ = write!(o, "<li class=\"hash\">{}</li>", esc(&still.caption));
            }
            o.push_str("</ul>");
        }
        if !part.method.is_empty() {
            let _ = write!(o, "<p class=\"method\"><b>Method and limits.</b> {}</p>", esc(&part.method));
        }
        o.push_str("</section>");
    }
    o.push_str("</section>");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_case_without_measurements_says_so_in_its_section() {
        let html = crate::export::export_html(&crate::case::Case::default(), &crate::export::Exhibit::default())
            .expect("the report");
        let html = String::from_utf8(html).expect("UTF-8");
        assert!(
            html.contains("<section id=\"measurements\"><h2>8 Measurements</h2><p>The case has no measurements.</p>")
        );
    }
}
