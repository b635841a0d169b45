//! The agreement section of the PDF report: the same tables as the HTML one, one line per row (every cell named by
//! its column), the disagreements counted, undefined figures explained, and the definitions.

use super::writer::Writer;
use crate::case::agreement::{words, Agreement};
use crate::export::agreement::{caveats, disagreement_counts};
use crate::export::ExportError;

fn table(w: &mut Writer, table: &words::TextTable) -> Result<(), ExportError> {
    for row in &table.rows {
        let mut cells = row.iter().zip(&table.header);
        let Some((first, _)) = cells.next() else { continue };
        let rest: Vec<String> = cells.map(|(cell, name)| format!("{name} {cell}")).collect();
        w.para(&format!("{first}: {}", rest.join(" · ")), 8.0)?;
    }
    Ok(())
}

/// Prints the section.
pub(super) fn agreement_section(w: &mut Writer, heading: &str, a: &Agreement) -> Result<(), ExportError> {
    w.para(heading, 13.0)?;
    w.para(&words::parameters_sentence(a), 9.0)?;
    w.para("Per type and overall", 10.0)?;
    table(w, &words::type_table(a))?;
    w.para("Per pair of reviewers", 10.0)?;
    table(w, &words::pair_table(a))?;
    w.para(&disagreement_counts(a), 8.0)?;
    for line in caveats(a) {
        w.para(&line, 8.0)?;
    }
    w.para("Definitions", 10.0)?;
    for (term, definition) in words::definitions() {
        w.para(&format!("{term}. {definition}"), 8.0)?;
    }
    Ok(())
}
