//! The agreement figures in words, for every place that shows them (the command line's table, the HTML and PDF
//! reports, the window): the summary tables per type and per pair, the parameters sentence, and the definition of
//! every figure. One home, so each figure is named and explained the same way everywhere.

use super::result::{Agreement, DisagreementKind, MatchCounts};
use super::stats::Coefficient;

/// A table of text: a header and rows of the same width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A number to three decimals, or "—" when there is none.
pub fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

/// A coefficient to three decimals, or "undefined" (the reason is in [`coefficient_sentence`]).
pub fn coefficient(c: &Coefficient) -> String {
    match c.value {
        Some(v) => format!("{v:.3}"),
        None => "undefined".to_owned(),
    }
}

/// A coefficient with its reason when undefined: "0.812 on 1800 units" or "undefined: …".
pub fn coefficient_sentence(c: &Coefficient) -> String {
    match (c.value, &c.undefined_because) {
        (Some(v), _) => format!("{v:.3} on {} units", c.units),
        (None, Some(why)) => format!("undefined: {why}"),
        (None, None) => "undefined".to_owned(),
    }
}

fn mean_abs_onset(c: &MatchCounts) -> String {
    c.onset_frames.as_ref().map_or_else(|| "—".to_owned(), |d| format!("{:.1}", d.mean_abs))
}

/// Per type, then overall: events, matches, precision, recall, F1, mean |onset difference|, slice alpha.
pub fn type_table(a: &Agreement) -> TextTable {
    let header =
        ["Type", "Events per reviewer", "Matched", "Precision", "Recall", "F1", "Mean |onset Δ| (frames)", "Slice α"]
            .map(str::to_owned)
            .to_vec();
    let mut rows: Vec<Vec<String>> = a
        .per_type
        .iter()
        .map(|t| {
            let events: Vec<String> = t.events_per_reviewer.iter().map(|(r, n)| format!("{r} {n}")).collect();
            let c = &t.events_pooled;
            vec![
                t.name.clone(),
                events.join(", "),
                c.matched.to_string(),
                figure(c.precision),
                figure(c.recall),
                figure(c.f1),
                mean_abs_onset(c),
                coefficient(&t.slice_alpha),
            ]
        })
        .collect();
    let c = &a.overall.events_pooled;
    let total: u64 = a.per_type.iter().flat_map(|t| t.events_per_reviewer.values()).sum();
    rows.push(vec![
        "Overall".to_owned(),
        format!("{total} in all"),
        c.matched.to_string(),
        figure(c.precision),
        figure(c.recall),
        figure(c.f1),
        mean_abs_onset(c),
        coefficient(&a.overall.slice_alpha),
    ]);
    TextTable { header, rows }
}

/// Per pair of reviewers: event F1, the slice kappas, ELAN's modified kappa, the stance kappa.
pub fn pair_table(a: &Agreement) -> TextTable {
    let header = [
        "Reviewers (A / B)",
        "F1",
        "Slice κ",
        "Slice κ, both-empty left out",
        "ELAN κ incl. unmatched",
        "ELAN κ excl. unmatched",
        "Stance κ (items)",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = a
        .pairs
        .iter()
        .map(|p| {
            vec![
                format!("{} / {}", p.reviewer_a, p.reviewer_b),
                figure(p.events_overall.f1),
                coefficient(&p.slice_kappa),
                coefficient(&p.slice_kappa_without_both_empty),
                coefficient(&p.elan.kappa_including_unmatched),
                coefficient(&p.elan.kappa_excluding_unmatched),
                format!("{} ({})", coefficient(&p.stance.kappa), p.stance.items),
            ]
        })
        .collect();
    TextTable { header, rows }
}

/// A kind of disagreement in words.
pub fn disagreement_kind(kind: DisagreementKind) -> &'static str {
    match kind {
        DisagreementKind::Unmatched => "Unmatched",
        DisagreementKind::DifferentType => "Different type",
        DisagreementKind::Boundary => "Boundary over tolerance",
        DisagreementKind::DifferentStance => "Different stance",
    }
}

/// The parameters of the run in one sentence.
pub fn parameters_sentence(a: &Agreement) -> String {
    let p = &a.parameters;
    let units = match p.slice_secs {
        Some(s) => format!("time slices every {s} s (BORIS's time units)"),
        None => "one unit per frame".to_owned(),
    };
    let media = match &p.media {
        Some(m) => format!("media {m}"),
        None => format!("{} media file(s) coded on", a.media.len()),
    };
    let types: Vec<&str> = a.types.iter().map(|t| t.name.as_str()).collect();
    format!(
        "Reviewers {}; {media}; types {}; points match within ±{} frames; intervals match when overlap / longer \
         interval ≥ {}; slice figures on {units}.",
        a.reviewers.join(", "),
        types.join(", "),
        p.tolerance_frames,
        p.min_overlap
    )
}

/// Each figure's definition, as (name, definition).
pub fn definitions() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "Event matching",
            "For each pair of reviewers, each media file and each type, events are paired one to one. Two \
             intervals match when the frames they share divided by the longer one's frames reach the overlap \
             threshold (ELAN's rule), best overlap first. Two points match when their frames differ by at most the \
             tolerance; the pairing with the most matches, then the least total frame difference, is taken.",
        ),
        (
            "Precision, recall, F1",
            "With reviewer A as the reference: precision = matched / B's events, recall = matched / A's events, \
             F1 = 2·matched / (A's + B's events). Pooled figures add the counts of every pair. Onset and offset \
             differences are B's frame minus A's over matched events, in frames and in milliseconds of media time \
             (PTS × time base).",
        ),
        (
            "Slice κ (Cohen)",
            "Every frame of a media file is a unit (or, with a slice length, every instant t₀ + k·S from the first \
             coded moment to the last, as BORIS slices time). A unit's category for a reviewer is the sorted set of \
             types covering it, \"none\" when empty. κ = (p_o − p_e)/(1 − p_e), p_o the share of units both gave \
             the same category, p_e the agreement expected from each reviewer's category shares. \"Both-empty left \
             out\" drops units neither reviewer coded, which otherwise count as agreement.",
        ),
        (
            "Slice α (Krippendorff, nominal)",
            "Over all reviewers at once on the same units: α = 1 − D_o/D_e, observed over expected disagreement \
             from the coincidence of categories within units. Per type, the category is that type present or \
             absent.",
        ),
        (
            "ELAN κ",
            "ELAN's modified kappa: events matched regardless of type (the same overlap and tolerance rules), \
             their types as a confusion table with matched cells counted twice and unmatched events in an extra \
             row and column. Including unmatched, chance agreement comes from margins fitted by iterative \
             proportional fitting around the impossible unmatched-by-both cell; excluding unmatched, it is Cohen's \
             kappa of the matched events' types.",
        ),
        (
            "Stance κ",
            "For every matched pair of events and every claim either links to, the two stances (supports, \
             contradicts, context, or not linked) as Cohen's kappa.",
        ),
        (
            "Undefined",
            "A coefficient is undefined when it would divide by zero: no units, or every unit given one and the \
             same category, so chance agreement is 1. It is then shown as undefined with the reason, never as a \
             number.",
        ),
    ]
}
