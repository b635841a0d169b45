//! The HTML report's front matter and furniture: the print stylesheet (each printed page's header, "page X of Y"
//! footer (the words of `exhibit_front::page_footer`, in CSS counters) and Bates number as CSS page-margin boxes),
//! the cover, the table of contents, the summary, any
//! [`TextTable`] as a `<table>`, and the timeline figure as inline SVG. The words come from `exhibit_front`,
//! `exhibit_tables` and `timeline_figure`, which the PDF report prints too.

use super::common::Exhibit;
use super::exhibit_front::{cover_lines, heading, page_header, section_number, Section, BATES_DIGITS};
use super::exhibit_tables::{discussed_places, summary_table, unlinked_sentence};
use super::html::esc;
use super::timeline_figure::{stance_colour, Figure, STANCE_KEY};
use super::ExportError;
use crate::case::agreement::words::TextTable;
use crate::case::{Case, Rgb, Stance};
use std::fmt::Write as _;

/// The largest first Bates number the printed HTML can count from: a browser's counters stop at 2 147 483 647,
/// and this leaves room for more pages than any exhibit has.
pub const HTML_BATES_START_MAX: u64 = 2_000_000_000;

/// CSS for printing: margins with the header, the page footer and the Bates number. The Bates number is a counter
/// of the page context itself: the first page adds the start to it and every later page one, so every page is
/// numbered however many there are (CSS cannot add an offset to the `page` counter, which the footer counts).
pub fn print_css(case: &Case, exhibit: &Exhibit) -> Result<String, ExportError> {
    let start = exhibit.front.bates_start;
    if start > HTML_BATES_START_MAX {
        return Err(ExportError::BatesStart { start, max: HTML_BATES_START_MAX });
    }
    Ok(format!(
        "@counter-style bates{{system:extends decimal;pad:{BATES_DIGITS} \"0\"}}\
         @page{{size:A4;margin:18mm 15mm;counter-increment:bates 1;@top-left{{content:{};font:8pt sans-serif}}\
         @bottom-center{{content:\"page \" counter(page) \" of \" counter(pages);font:8pt sans-serif}}\
         @bottom-right{{content:{} counter(bates,bates);font:8pt monospace}}}}@page :first{{counter-increment:bates {start}}}\
         @media print{{body{{margin:0;max-width:none}}.cover,.toc{{break-after:page}}}}",
        css_string(&page_header(case, &exhibit.front)),
        css_string(&exhibit.front.bates_prefix),
    ))
}

/// `text` as a quoted CSS string that cannot end the string or the `<style>` element: quotes, backslashes, angle
/// brackets and control characters become CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Any table of words.
pub fn html_table(o: &mut String, table: &TextTable, class: &str) {
    let _ = write!(o, "<table class=\"{class}\"><tr>");
    for h in &table.header {
        let _ = write!(o, "<th>{}</th>", esc(h));
    }
    o.push_str("</tr>");
    for row in &table.rows {
        o.push_str("<tr>");
        for cell in row {
            let _ = write!(o, "<td>{}</td>", esc(cell));
        }
        o.push_str("</tr>");
    }
    o.push_str("</table>");
}

/// The cover page.
pub fn cover_html(o: &mut String, case: &Case, exhibit: &Exhibit) {
    let _ = write!(
        o,
        "<section class=\"cover\" id=\"cover\"><h1>{}</h1><table class=\"cover-lines\">",
        esc(&case.meta.title)
    );
    for (label, value) in cover_lines(case, exhibit) {
        let _ = write!(o, "<tr><th>{}</th><td class=\"hash\">{}</td></tr>", esc(label), esc(&value));
    }
    o.push_str("</table></section>\n");
}

/// The table of contents, each entry a link to its section.
pub fn toc_html(o: &mut String, sections: &[Section]) {
    o.push_str("<nav class=\"toc\" id=\"contents\"><h2>Contents</h2><ul>");
    for s in sections {
        let sub = if s.number.contains('.') { " class=\"sub\"" } else { "" };
        let _ = write!(o, "<li{sub}><a href=\"#{}\">{} {}</a></li>", esc(&s.anchor), esc(&s.number), esc(&s.title));
    }
    o.push_str("</ul></nav>\n");
}

/// The claim-by-claim summary, each claim linked to its section and to the measurements bearing on it.
pub fn summary_html(o: &mut String, case: &Case, sections: &[Section]) {
    let _ = write!(o, "<section id=\"summary\"><h2>{}</h2>", esc(&heading(sections, "summary", "Summary")));
    let table = summary_table(case, &|anchor| section_number(sections, anchor).to_owned());
    o.push_str("<table class=\"summary\"><tr>");
    for h in &table.header {
        let _ = write!(o, "<th>{}</th>", esc(h));
    }
    o.push_str("</tr>");
    for (row, claim) in table.rows.iter().zip(super::exhibit_front::claims_in_order(case)) {
        o.push_str("<tr>");
        for cell in row.iter().take(row.len().saturating_sub(1)) {
            let _ = write!(o, "<td>{}</td>", esc(cell));
        }
        let links: Vec<String> = discussed_places(case, claim)
            .iter()
            .map(|(label, anchor)| {
                format!("{}<a href=\"#{}\">§{}</a>", esc(label), esc(anchor), esc(section_number(sections, anchor)))
            })
            .collect();
        let _ = write!(o, "<td>{}</td></tr>", links.join("; "));
    }
    let _ =
        writeln!(o, "</table><p>{}</p><p>{}</p></section>", esc(&unlinked_sentence(case)), esc(&case.meta.description));
}

/// A colour as CSS/SVG writes it.
pub(super) fn rgb(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// The timeline figure as inline SVG.
pub fn figure_svg(o: &mut String, fig: &Figure) {
    const W: f64 = 760.0;
    const LABEL: f64 = 150.0;
    const ROW: f64 = 18.0;
    let plot = W - LABEL - 10.0;
    let rows = fig.event_rows.len() + fig.claim_rows.len();
    let h = 30.0 + ROW * rows as f64 + 30.0;
    let _ = write!(
        o,
        "<figure class=\"timeline-figure\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" \
         width=\"100%\" font-family=\"sans-serif\" font-size=\"10\" role=\"img\" aria-label=\"Timeline figure\">"
    );
    let bottom = 10.0 + ROW * rows as f64;
    for (x, label) in &fig.ticks {
        let px = LABEL + x * plot;
        let _ = write!(
            o,
            "<line x1=\"{px:.1}\" y1=\"6\" x2=\"{px:.1}\" y2=\"{bottom:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            bottom + 12.0,
            esc(label)
        );
    }
    for (i, row) in fig.event_rows.iter().enumerate() {
        let y = 10.0 + ROW * i as f64;
        let _ = write!(o, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 11.0, esc(&row.label));
        for bar in &row.marks {
            let x0 = LABEL + bar.x0 * plot;
            let w = ((bar.x1 - bar.x0) * plot).max(2.0);
            let _ = write!(
                o,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"12\" fill=\"{}\"/>",
                y + 2.0,
                rgb(bar.colour)
            );
        }
    }
    for (j, row) in fig.claim_rows.iter().enumerate() {
        let y = 10.0 + ROW * (fig.event_rows.len() + j) as f64;
        let _ = write!(o, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 11.0, esc(&row.label));
        for (x, stance) in &row.marks {
            let (cx, cy) = (LABEL + x * plot, y + 8.0);
            let fill = rgb(stance_colour(*stance));
            let _ = match stance {
                Stance::Supports => write!(
                    o,
                    "<path d=\"M{cx:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" fill=\"{fill}\"/>",
                    cy - 5.0,
                    cx + 5.0,
                    cy + 4.0,
                    cx - 5.0,
                    cy + 4.0
                ),
                Stance::Contradicts => write!(
                    o,
                    "<path d=\"M{cx:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" fill=\"{fill}\"/>",
                    cy + 5.0,
                    cx + 5.0,
                    cy - 4.0,
                    cx - 5.0,
                    cy - 4.0
                ),
                Stance::Context => write!(
                    o,
                    "<path d=\"M{cx:.1} {:.1}L{:.1} {cy:.1}L{cx:.1} {:.1}L{:.1} {cy:.1}Z\" fill=\"{fill}\"/>",
                    cy - 5.0,
                    cx + 5.0,
                    cy + 5.0,
                    cx - 5.0
                ),
            };
        }
    }
    let _ = write!(o, "<text x=\"{LABEL}\" y=\"{:.1}\">{}</text></svg>", bottom + 26.0, esc(&fig.axis));
    let legend: Vec<String> = fig
        .legend
        .iter()
        .map(|(name, c)| format!("<span style=\"color:{}\">■</span> {}", rgb(*c), esc(name)))
        .collect();
    let _ = write!(
        o,
        "<figcaption>Events: {}. Claims: {}. {}</figcaption></figure>",
        legend.join(" · "),
        STANCE_KEY,
        esc(&fig.note)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ExhibitFront;

    fn with_start(bates_start: u64) -> Exhibit {
        Exhibit { front: ExhibitFront { bates_start, ..ExhibitFront::default() }, ..Exhibit::default() }
    }

    #[test]
    fn a_bates_start_a_browser_cannot_count_from_is_refused_in_words() {
        let case = Case::default();
        assert!(print_css(&case, &with_start(HTML_BATES_START_MAX)).is_ok());
        let refused = print_css(&case, &with_start(HTML_BATES_START_MAX + 1)).expect_err("refused");
        assert!(refused.to_string().contains("--bates-start of at most 2000000000"), "{refused}");
    }
}
