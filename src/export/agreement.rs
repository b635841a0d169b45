//! The report's agreement section (HTML here, PDF in `pdf/agreement.rs`): printed when two or more reviewers coded
//! events, with the default parameters, per type and overall, per pair, the disagreements counted by kind, and the
//! definition of every figure. The figures and their words come from `case::agreement`.

use super::html::esc;
use super::html_parts::html_table;
use super::ExportError;
use crate::case::agreement::{agreement, words, Agreement, AgreementParams, DisagreementKind};
use crate::case::Case;
use std::fmt::Write as _;

/// The agreement a report prints, or `None` when fewer than two reviewers coded events: computed by the caller on
/// the reviewers' own codings (the whole case), whichever set of events the report shows.
pub fn report_agreement(case: &Case) -> Result<Option<Agreement>, ExportError> {
    if crate::case::agreement::reviewers_with_events(case).len() < 2 {
        return Ok(None);
    }
    Ok(Some(agreement(case, &AgreementParams::default())?))
}

/// The disagreements counted by kind, in words.
pub(super) fn disagreement_counts(a: &Agreement) -> String {
    let count = |kind: DisagreementKind| a.disagreements.iter().filter(|d| d.kind == kind).count();
    format!(
        "{} disagreement(s): {} unmatched event(s), {} matched with another type, {} boundary difference(s) over \
         ±{} frames, {} different stance(s). “claimframe agreement CASE” lists each with its frames and events.",
        a.disagreements.len(),
        count(DisagreementKind::Unmatched),
        count(DisagreementKind::DifferentType),
        count(DisagreementKind::Boundary),
        a.parameters.tolerance_frames,
        count(DisagreementKind::DifferentStance)
    )
}

/// Undefined figures and notes, one sentence each.
pub(super) fn caveats(a: &Agreement) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in &a.pairs {
        for (name, c) in [
            ("slice κ", &p.slice_kappa),
            ("ELAN κ incl. unmatched", &p.elan.kappa_including_unmatched),
            ("stance κ", &p.stance.kappa),
        ] {
            if c.value.is_none() {
                lines.push(format!("{} / {} {name}: {}.", p.reviewer_a, p.reviewer_b, words::coefficient_sentence(c)));
            }
        }
    }
    if a.overall.slice_alpha.value.is_none() {
        lines.push(format!("Slice α: {}.", words::coefficient_sentence(&a.overall.slice_alpha)));
    }
    lines.extend(a.notes.iter().cloned());
    lines
}

/// The section as HTML (empty when there is nothing to compare).
pub(super) fn agreement_html(found: Option<&Agreement>) -> String {
    let Some(a) = found else { return String::new() };
    let mut o = String::from("\n<section id=\"agreement\"><h2>Agreement between reviewers</h2>");
    let _ = write!(o, "<p>{}</p><h3>Per type and overall</h3>", esc(&words::parameters_sentence(a)));
    html_table(&mut o, &words::type_table(a), "agreement");
    o.push_str("<h3>Per pair of reviewers</h3>");
    html_table(&mut o, &words::pair_table(a), "agreement");
    let _ = write!(o, "<p>{}</p>", esc(&disagreement_counts(a)));
    let caveats = caveats(a);
    if !caveats.is_empty() {
        o.push_str("<ul class=\"caveats\">");
        for line in caveats {
            let _ = write!(o, "<li>{}</li>", esc(&line));
        }
        o.push_str("</ul>");
    }
    o.push_str("<h3>Definitions</h3><dl>");
    for (term, definition) in words::definitions() {
        let _ = write!(o, "<dt><b>{}</b></dt><dd>{}</dd>", esc(term), esc(definition));
    }
    o.push_str("</dl></section>");
    o
}
