//! Agreement between reviewers who coded the same footage (issue #14). Event-based: per pair of reviewers and per
//! type, one-to-one matching (intervals by ELAN's overlap rule, points within ±tolerance frames), precision, recall,
//! F1 and the onset/offset differences of matched events. Unit-based: Cohen's kappa per pair and Krippendorff's
//! alpha (nominal) over all reviewers on frame units (or BORIS time slices). ELAN's modified kappa, stance
//! agreement on matched events, and the list of every disagreement still to adjudicate. The figures are about the
//! reviewers' own coding: adjudicated events (the adjudicator's settlements) are left out, the events they
//! supersede are kept, and a disagreement one of whose events is superseded is settled, so no longer listed.
//! Pure: a case in, data out.

mod matching;
mod pair;
mod params;
mod result;
mod stats;
mod units;
pub mod words;

pub use matching::{match_spans, overlap_ratio, Span};
pub use params::{AgreementError, AgreementParams, DEFAULT_MIN_OVERLAP, DEFAULT_TOLERANCE_FRAMES, MAX_SLICE_UNITS};
pub use result::{
    Agreement, Differences, Disagreement, DisagreementKind, ElanKappa, MatchCounts, MatchedPair, MediaSlices,
    OverallAgreement, PairAgreement, StanceAgreement, TypeAgreement, TypeCoefficient, TypeMatching, TypeRef,
};
pub use stats::{
    alpha_from_patterns, cohen_kappa, cohen_kappa_pairs, cohen_kappa_table, kappa_with_structural_zero,
    krippendorff_alpha_nominal, Coefficient,
};

use crate::case::model::case::Case;
use crate::case::model::ids::{EventTypeId, MediaId};
use crate::case::query::adjudicated::superseded_by;
use pair::{compare, counts, kind_word, stance_kappa, PairInput};
use std::collections::{BTreeMap, BTreeSet};
use units::{append_frames, append_slices, Coded, Labels};

/// The reviewers (distinct, non-empty) who coded at least one event of their own in the case, sorted. Events an
/// adjudication made are the adjudicator's decisions, not a reviewer's pass: they count for no one.
pub fn reviewers_with_events(case: &Case) -> Vec<String> {
    let set: BTreeSet<&str> = case
        .events
        .values()
        .filter(|e| e.adjudication.is_none())
        .map(|e| e.reviewer.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    set.into_iter().map(str::to_owned).collect()
}

/// Compares the reviewers of `case` by `params`.
pub fn agreement(case: &Case, params: &AgreementParams) -> Result<Agreement, AgreementError> {
    params.check()?;
    let mut notes = Vec::new();
    let types = types_in_scope(case, params)?;
    let type_index: BTreeMap<&EventTypeId, usize> = types.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    if let Some(m) = &params.media {
        if !case.media.contains_key(m) {
            return Err(AgreementError::UnknownMedia(m.clone()));
        }
    }
    let in_scope = |e: &&crate::case::Event| {
        params.media.as_ref().is_none_or(|m| &e.media_id == m) && type_index.contains_key(&e.type_id)
    };
    let settlements = case.events.values().filter(in_scope).filter(|e| e.adjudication.is_some()).count();
    if settlements > 0 {
        notes.push(format!(
            "{settlements} event(s) made by adjudication are left out: they are the adjudicator's decisions, not a \
             reviewer's own coding; the figures compare the reviewers' own coding, the events they supersede included."
        ));
    }
    let coded = |e: &&crate::case::Event| in_scope(e) && e.adjudication.is_none();
    let anonymous = case.events.values().filter(coded).filter(|e| e.reviewer.is_empty()).count();
    if anonymous > 0 {
        notes.push(format!("{anonymous} event(s) with no reviewer are left out."));
    }
    let scoped: Vec<&crate::case::Event> =
        case.events.values().filter(coded).filter(|e| !e.reviewer.is_empty()).collect();
    let present: BTreeSet<&str> = scoped.iter().map(|e| e.reviewer.as_str()).collect();
    let reviewers: Vec<String> = if params.reviewers.is_empty() {
        present.iter().map(|r| (*r).to_owned()).collect()
    } else {
        let mut chosen: Vec<String> = params.reviewers.clone();
        chosen.sort();
        chosen.dedup();
        if let Some(missing) = chosen.iter().find(|r| !present.contains(r.as_str())) {
            return Err(AgreementError::UnknownReviewer(missing.clone()));
        }
        chosen
    };
    let reviewer_index: BTreeMap<&str, usize> = reviewers.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect();

    // Per media someone compared coded on: each reviewer's events, in frame order.
    let mut coded: BTreeMap<MediaId, Vec<Coded<'_>>> = BTreeMap::new();
    for e in &scoped {
        let (Some(r), Some(t)) = (reviewer_index.get(e.reviewer.as_str()), type_index.get(&e.type_id)) else {
            continue;
        };
        coded.entry(e.media_id.clone()).or_insert_with(|| vec![Vec::new(); reviewers.len()])[*r].push((*e, *t));
    }
    for per_reviewer in coded.values_mut() {
        for events in per_reviewer.iter_mut() {
            events.sort_by(|(x, _), (y, _)| x.start.frame.cmp(&y.start.frame).then_with(|| x.id.cmp(&y.id)));
        }
    }

    let mut labels = Labels::new(reviewers.len());
    let mut media = Vec::new();
    for (media_id, per_reviewer) in &coded {
        let cut = match params.slice_secs {
            Some(s) => append_slices(&mut labels, s, per_reviewer, types.len())?,
            None => {
                let frames = case.media.get(media_id).map_or(0, |m| m.probe.frame_count);
                append_frames(&mut labels, frames, per_reviewer, types.len())
            }
        };
        if cut.frame_count_from_events {
            notes.push(format!(
                "Media {media_id} has no frame count in its probe: its units run to the last coded frame."
            ));
        }
        media.push(MediaSlices {
            media_id: media_id.clone(),
            unit: if params.slice_secs.is_some() { "slice" } else { "frame" }.into(),
            units: cut.units,
            first_slice_secs: cut.first_slice_secs,
        });
    }
    if params.slice_secs.is_none() && types.iter().any(|t| t.kind == "point") {
        notes.push("Frame units count interval types only; point events are compared by event matching.".into());
    }
    if reviewers.len() < 2 {
        notes.push(format!(
            "{} reviewer(s) coded events in scope: agreement needs two or more, so there are no pairs.",
            reviewers.len()
        ));
    }

    let type_names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
    let type_ids: Vec<EventTypeId> = types.iter().map(|t| t.id.clone()).collect();
    let input =
        PairInput { params, type_names: &type_names, type_ids: &type_ids, coded: &coded, reviewers: &reviewers };
    let mut pairs = Vec::new();
    let mut disagreements = Vec::new();
    let mut all_stances = Vec::new();
    for a in 0..reviewers.len() {
        for b in a + 1..reviewers.len() {
            let found = compare(&input, a, b);
            let all_matches: Vec<&MatchedPair> = found.per_type.iter().flat_map(|t| &t.matches).collect();
            let na = found.per_type.iter().map(|t| t.counts.events_a).sum();
            let nb = found.per_type.iter().map(|t| t.counts.events_b).sum();
            let (kappa, without_empty, per_type_kappa) = slice_kappas(&labels, a, b, &type_ids);
            pairs.push(PairAgreement {
                reviewer_a: reviewers[a].clone(),
                reviewer_b: reviewers[b].clone(),
                events_overall: counts(na, nb, &all_matches),
                events_per_type: found.per_type,
                slice_kappa: kappa,
                slice_kappa_without_both_empty: without_empty,
                slice_kappa_per_type: per_type_kappa,
                elan: found.elan,
                stance: found.stance,
            });
            disagreements.extend(found.disagreements);
            all_stances.extend(found.stance_items);
        }
    }
    let superseded = superseded_by(case);
    let listed = disagreements.len();
    disagreements.retain(|d| !d.event_ids.iter().any(|id| superseded.contains_key(id)));
    if disagreements.len() < listed {
        notes.push(format!("{} disagreement(s) already adjudicated are not listed.", listed - disagreements.len()));
    }
    disagreements.sort_by(|x, y| {
        (&x.media_id, x.start_frame, x.kind, &x.event_ids).cmp(&(&y.media_id, y.start_frame, y.kind, &y.event_ids))
    });

    let per_type = types
        .iter()
        .enumerate()
        .map(|(t, ty)| {
            let mut per_reviewer: BTreeMap<String, u64> = reviewers.iter().map(|r| (r.clone(), 0)).collect();
            for per_media in coded.values() {
                for (r, events) in per_media.iter().enumerate() {
                    *per_reviewer.entry(reviewers[r].clone()).or_default() +=
                        events.iter().filter(|(_, x)| *x == t).count() as u64;
                }
            }
            TypeAgreement {
                type_id: ty.id.clone(),
                name: ty.name.clone(),
                events_per_reviewer: per_reviewer,
                events_pooled: pooled(pairs.iter().map(|p| &p.events_per_type[t])),
                slice_alpha: slice_alpha(&labels, Some(t)),
            }
        })
        .collect();
    let stance_a: Vec<&str> = all_stances.iter().map(|(x, _)| x.as_str()).collect();
    let stance_b: Vec<&str> = all_stances.iter().map(|(_, y)| y.as_str()).collect();
    let overall = OverallAgreement {
        events_pooled: pooled(pairs.iter().flat_map(|p| &p.events_per_type)),
        slice_alpha: slice_alpha(&labels, None),
        stance_kappa: stance_kappa(&stance_a, &stance_b),
    };
    Ok(Agreement {
        parameters: params.clone(),
        reviewers,
        types,
        media,
        pairs,
        per_type,
        overall,
        disagreements,
        notes,
    })
}

fn types_in_scope(case: &Case, params: &AgreementParams) -> Result<Vec<TypeRef>, AgreementError> {
    let declared = |id: &EventTypeId| case.taxonomy.types.iter().find(|t| &t.id == id);
    let reference = |id: &EventTypeId| {
        let t = declared(id);
        TypeRef {
            id: id.clone(),
            name: t.map_or_else(|| id.to_string(), |t| t.name.clone()),
            kind: kind_word(t).into(),
        }
    };
    if params.types.is_empty() {
        let mut ids: Vec<EventTypeId> = case.taxonomy.types.iter().map(|t| t.id.clone()).collect();
        let undeclared: BTreeSet<&EventTypeId> =
            case.events.values().map(|e| &e.type_id).filter(|id| declared(id).is_none()).collect();
        ids.extend(undeclared.into_iter().cloned());
        return Ok(ids.iter().map(reference).collect());
    }
    let mut out: Vec<TypeRef> = Vec::new();
    for id in &params.types {
        let known = declared(id).is_some() || case.events.values().any(|e| &e.type_id == id);
        if !known {
            return Err(AgreementError::UnknownType(id.clone()));
        }
        if !out.iter().any(|t| &t.id == id) {
            out.push(reference(id));
        }
    }
    Ok(out)
}

/// Counts summed over several matchings (events_a and events_b are sums).
fn pooled<'a>(matchings: impl Iterator<Item = &'a TypeMatching>) -> MatchCounts {
    let mut na = 0;
    let mut nb = 0;
    let mut matches = Vec::new();
    for m in matchings {
        na += m.counts.events_a;
        nb += m.counts.events_b;
        matches.extend(m.matches.iter());
    }
    counts(na, nb, &matches)
}

/// Cohen's kappa of reviewers `a` and `b` on the units: overall, without both-empty units, and per type.
fn slice_kappas(
    labels: &Labels,
    a: usize,
    b: usize,
    type_ids: &[EventTypeId],
) -> (Coefficient, Coefficient, Vec<TypeCoefficient>) {
    let mut joint: BTreeMap<(u32, u32), u64> = BTreeMap::new();
    for (x, y) in labels.labels[a].iter().zip(&labels.labels[b]) {
        *joint.entry((*x, *y)).or_default() += 1;
    }
    let kappa = or_words(cohen_kappa_pairs(&joint), "there are no units (no coded media)");
    let mut some: BTreeMap<(u32, u32), u64> = joint.clone();
    some.remove(&(0, 0));
    let without = or_words(cohen_kappa_pairs(&some), "every unit is empty for both reviewers");
    let has = |c: u32, t: usize| labels.categories.get(c as usize).is_some_and(|set| set.contains(&t));
    let per_type = type_ids
        .iter()
        .enumerate()
        .map(|(t, id)| {
            let mut binary: BTreeMap<(bool, bool), u64> = BTreeMap::new();
            for ((x, y), n) in &joint {
                *binary.entry((has(*x, t), has(*y, t))).or_default() += n;
            }
            TypeCoefficient { type_id: id.clone(), coefficient: cohen_kappa_pairs(&binary) }
        })
        .collect();
    (kappa, without, per_type)
}

fn or_words(c: Coefficient, when_empty: &str) -> Coefficient {
    if c.units == 0 {
        Coefficient::undefined(0, when_empty)
    } else {
        c
    }
}

/// Krippendorff's alpha over all reviewers on the units: on the sets of types, or on one type present/absent.
fn slice_alpha(labels: &Labels, only_type: Option<usize>) -> Coefficient {
    if labels.labels.len() < 2 {
        return Coefficient::undefined(0, "agreement needs two or more reviewers");
    }
    let units = labels.labels.first().map_or(0, Vec::len);
    let mut patterns: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
    for u in 0..units {
        let mut values: Vec<u32> = labels
            .labels
            .iter()
            .map(|r| {
                let c = r[u];
                match only_type {
                    Some(t) => u32::from(labels.categories.get(c as usize).is_some_and(|s| s.contains(&t))),
                    None => c,
                }
            })
            .collect();
        values.sort_unstable();
        *patterns.entry(values).or_default() += 1;
    }
    or_words(alpha_from_patterns(&patterns), "there are no units (no coded media)")
}

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;
