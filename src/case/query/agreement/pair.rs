//! Everything compared between two reviewers: event matching per type with boundary differences, ELAN's modified
//! kappa over all their events, stance agreement on the matched events, and the disagreements that follow.

use super::matching::{match_spans, overlap_ratio, Span};
use super::result::{
    Differences, Disagreement, DisagreementKind, ElanKappa, MatchCounts, MatchedPair, StanceAgreement, TypeMatching,
};
use super::stats::{cohen_kappa, cohen_kappa_table, kappa_with_structural_zero};
use super::units::Coded;
use super::AgreementParams;
use crate::case::model::event::{Event, FramePoint};
use crate::case::model::ids::{ClaimId, EventId, MediaId};
use crate::case::model::taxonomy::EventType;
use std::collections::{BTreeMap, BTreeSet};

/// What a pair needs to know about the run.
pub struct PairInput<'a> {
    pub params: &'a AgreementParams,
    pub type_names: &'a [String],
    pub type_ids: &'a [crate::case::EventTypeId],
    /// Per media, per reviewer index, that reviewer's events there.
    pub coded: &'a BTreeMap<MediaId, Vec<Coded<'a>>>,
    pub reviewers: &'a [String],
}

/// A pair's event-based results.
pub struct PairEvents {
    pub per_type: Vec<TypeMatching>,
    pub elan: ElanKappa,
    pub stance: StanceAgreement,
    pub stance_items: Vec<(String, String)>,
    pub disagreements: Vec<Disagreement>,
}

fn span(e: &Event) -> Span {
    Span { start_frame: e.start.frame, end_frame: e.end.map(|p| p.frame) }
}

fn last_frame(e: &Event) -> u64 {
    e.end.map_or(e.start.frame, |p| p.frame)
}

fn diff_ms(a: FramePoint, b: FramePoint) -> Option<f64> {
    Some((b.media_secs()? - a.media_secs()?) * 1000.0)
}

/// Signed differences gathered while matching.
#[derive(Default)]
pub struct DiffSet(pub Vec<f64>);

impl DiffSet {
    pub fn summary(&self) -> Option<Differences> {
        if self.0.is_empty() {
            return None;
        }
        let n = self.0.len() as f64;
        Some(Differences {
            count: self.0.len() as u64,
            mean_signed: self.0.iter().sum::<f64>() / n,
            mean_abs: self.0.iter().map(|x| x.abs()).sum::<f64>() / n,
            max_abs: self.0.iter().fold(0.0, |m, x| m.max(x.abs())),
        })
    }
}

/// Counts and differences of matched pairs into [`MatchCounts`].
pub fn counts(events_a: u64, events_b: u64, matches: &[&MatchedPair]) -> MatchCounts {
    let matched = matches.len() as u64;
    let ratio = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
    let mut onset_frames = DiffSet::default();
    let mut onset_ms = DiffSet::default();
    let mut offset_frames = DiffSet::default();
    let mut offset_ms = DiffSet::default();
    for m in matches {
        onset_frames.0.push(m.onset_diff_frames as f64);
        onset_ms.0.extend(m.onset_diff_ms);
        offset_frames.0.extend(m.offset_diff_frames.map(|d| d as f64));
        offset_ms.0.extend(m.offset_diff_ms);
    }
    MatchCounts {
        events_a,
        events_b,
        matched,
        precision: ratio(matched, events_b),
        recall: ratio(matched, events_a),
        f1: ratio(2 * matched, events_a + events_b),
        onset_frames: onset_frames.summary(),
        onset_ms: onset_ms.summary(),
        offset_frames: offset_frames.summary(),
        offset_ms: offset_ms.summary(),
    }
}

fn matched_pair(media_id: &MediaId, a: &Event, b: &Event) -> MatchedPair {
    let offset = match (a.end, b.end) {
        (Some(x), Some(y)) => Some((y.frame as i64 - x.frame as i64, diff_ms(x, y))),
        _ => None,
    };
    MatchedPair {
        media_id: media_id.clone(),
        event_a: a.id.clone(),
        event_b: b.id.clone(),
        onset_diff_frames: b.start.frame as i64 - a.start.frame as i64,
        onset_diff_ms: diff_ms(a.start, b.start),
        offset_diff_frames: offset.map(|o| o.0),
        offset_diff_ms: offset.and_then(|o| o.1),
        overlap_ratio: overlap_ratio(span(a), span(b)),
    }
}

const NOT_LINKED: &str = "not linked";

/// A disagreement between `x` (reviewer `ra`'s) and `y` (reviewer `rb`'s).
fn between(
    kind: DisagreementKind,
    media_id: &MediaId,
    (ra, x): (&str, &Event),
    (rb, y): (&str, &Event),
    claim_id: Option<ClaimId>,
    what: String,
) -> Disagreement {
    Disagreement {
        kind,
        media_id: media_id.clone(),
        start_frame: x.start.frame.min(y.start.frame),
        end_frame: last_frame(x).max(last_frame(y)),
        reviewers: vec![ra.to_owned(), rb.to_owned()],
        event_ids: vec![x.id.clone(), y.id.clone()],
        claim_id,
        what,
    }
}

fn stance_of(e: &Event, claim: &ClaimId) -> String {
    e.links.iter().find(|l| &l.claim_id == claim).map_or_else(|| NOT_LINKED.to_owned(), |l| l.stance.to_string())
}

/// Compares reviewers `a` and `b`.
pub fn compare(input: &PairInput<'_>, a: usize, b: usize) -> PairEvents {
    let (ra, rb) = (&input.reviewers[a], &input.reviewers[b]);
    let tolerance = input.params.tolerance_frames;
    let theta = input.params.min_overlap;
    let type_count = input.type_ids.len();
    let mut per_type: Vec<(u64, u64, Vec<MatchedPair>)> = vec![(0, 0, Vec::new()); type_count];
    let unmatched_label = type_count;
    let mut table = vec![vec![0u64; type_count + 1]; type_count + 1];
    let mut disagreements = Vec::new();
    let mut stance_items = Vec::new();
    let name = |t: usize| input.type_names[t].as_str();
    for (media_id, coded) in input.coded {
        let (events_a, events_b) = (&coded[a], &coded[b]);
        // Per type: the matches behind F1 and boundary differences.
        let mut matched_a: BTreeSet<&EventId> = BTreeSet::new();
        let mut matched_b: BTreeSet<&EventId> = BTreeSet::new();
        for (t, slot) in per_type.iter_mut().enumerate() {
            let xs: Vec<&Event> = events_a.iter().filter(|(_, ty)| *ty == t).map(|(e, _)| *e).collect();
            let ys: Vec<&Event> = events_b.iter().filter(|(_, ty)| *ty == t).map(|(e, _)| *e).collect();
            slot.0 += xs.len() as u64;
            slot.1 += ys.len() as u64;
            let spans_x: Vec<Span> = xs.iter().map(|e| span(e)).collect();
            let spans_y: Vec<Span> = ys.iter().map(|e| span(e)).collect();
            for (i, j) in match_spans(&spans_x, &spans_y, tolerance, theta) {
                let (x, y) = (xs[i], ys[j]);
                matched_a.insert(&x.id);
                matched_b.insert(&y.id);
                let pair = matched_pair(media_id, x, y);
                let onset = pair.onset_diff_frames.unsigned_abs();
                let offset = pair.offset_diff_frames.map_or(0, i64::unsigned_abs);
                if onset > tolerance || offset > tolerance {
                    let what = format!(
                        "{} matched, but {rb}'s starts {:+} and ends {:+} frames from {ra}'s (tolerance ±{tolerance})",
                        name(t),
                        pair.onset_diff_frames,
                        pair.offset_diff_frames.unwrap_or(0)
                    );
                    disagreements.push(between(DisagreementKind::Boundary, media_id, (ra, x), (rb, y), None, what));
                }
                let claims: BTreeSet<&ClaimId> = x.links.iter().chain(&y.links).map(|l| &l.claim_id).collect();
                for claim in claims {
                    let (sa, sb) = (stance_of(x, claim), stance_of(y, claim));
                    if sa != sb {
                        let what = format!("{}: claim {claim}: {ra} says {sa}, {rb} says {sb}", name(t));
                        let kind = DisagreementKind::DifferentStance;
                        disagreements.push(between(kind, media_id, (ra, x), (rb, y), Some(claim.clone()), what));
                    }
                    stance_items.push((sa, sb));
                }
                slot.2.push(pair);
            }
        }
        // ELAN: all types together.
        let spans_a: Vec<Span> = events_a.iter().map(|(e, _)| span(e)).collect();
        let spans_b: Vec<Span> = events_b.iter().map(|(e, _)| span(e)).collect();
        let elan_pairs = match_spans(&spans_a, &spans_b, tolerance, theta);
        let mut elan_a = vec![false; events_a.len()];
        let mut elan_b = vec![false; events_b.len()];
        for &(i, j) in &elan_pairs {
            let ((x, tx), (y, ty)) = (events_a[i], events_b[j]);
            elan_a[i] = true;
            elan_b[j] = true;
            table[tx][ty] += 2;
            if tx != ty && !matched_a.contains(&x.id) && !matched_b.contains(&y.id) {
                let what = format!("{ra} coded {}, {rb} coded {} at the same frames", name(tx), name(ty));
                disagreements.push(between(DisagreementKind::DifferentType, media_id, (ra, x), (rb, y), None, what));
                matched_a.insert(&x.id);
                matched_b.insert(&y.id);
            }
        }
        for (i, (e, t)) in events_a.iter().enumerate() {
            if !elan_a[i] {
                table[*t][unmatched_label] += 1;
            }
            if !matched_a.contains(&e.id) {
                disagreements.push(unmatched(media_id, e, name(*t), ra, rb));
            }
        }
        for (j, (e, t)) in events_b.iter().enumerate() {
            if !elan_b[j] {
                table[unmatched_label][*t] += 1;
            }
            if !matched_b.contains(&e.id) {
                disagreements.push(unmatched(media_id, e, name(*t), rb, ra));
            }
        }
    }
    let per_type = per_type
        .into_iter()
        .enumerate()
        .map(|(t, (na, nb, matches))| TypeMatching {
            type_id: input.type_ids[t].clone(),
            counts: counts(na, nb, &matches.iter().collect::<Vec<_>>()),
            matches,
        })
        .collect();
    let elan = elan_kappa(input.type_ids, table);
    let labels_a: Vec<&str> = stance_items.iter().map(|(x, _)| x.as_str()).collect();
    let labels_b: Vec<&str> = stance_items.iter().map(|(_, y)| y.as_str()).collect();
    let stance = StanceAgreement {
        items: stance_items.len() as u64,
        same: stance_items.iter().filter(|(x, y)| x == y).count() as u64,
        kappa: stance_kappa(&labels_a, &labels_b),
    };
    PairEvents { per_type, elan, stance, stance_items, disagreements }
}

/// Cohen's kappa of stance labels, with the no-items case in words.
pub fn stance_kappa(a: &[&str], b: &[&str]) -> super::stats::Coefficient {
    if a.is_empty() {
        return super::stats::Coefficient::undefined(0, "no matched pair of events links to a claim");
    }
    cohen_kappa(a, b)
}

fn unmatched(media_id: &MediaId, e: &Event, type_name: &str, owner: &str, other: &str) -> Disagreement {
    Disagreement {
        kind: DisagreementKind::Unmatched,
        media_id: media_id.clone(),
        start_frame: e.start.frame,
        end_frame: last_frame(e),
        reviewers: vec![owner.to_owned(), other.to_owned()],
        event_ids: vec![e.id.clone()],
        claim_id: None,
        what: format!("{owner}'s {type_name} has no match among {other}'s events"),
    }
}

fn elan_kappa(type_ids: &[crate::case::EventTypeId], table: Vec<Vec<u64>>) -> ElanKappa {
    let k = type_ids.len();
    let as_f64: Vec<Vec<f64>> = table.iter().map(|r| r.iter().map(|x| *x as f64).collect()).collect();
    let matched_only: Vec<Vec<f64>> = as_f64.iter().take(k).map(|r| r[..k].to_vec()).collect();
    let matched_cells: u64 = table.iter().take(k).map(|r| r[..k].iter().sum::<u64>()).sum();
    let unmatched: u64 = table[k].iter().sum::<u64>() + table.iter().map(|r| r[k]).sum::<u64>();
    let mut labels: Vec<String> = type_ids.iter().map(ToString::to_string).collect();
    labels.push("unmatched".into());
    ElanKappa {
        labels,
        matched_pairs: matched_cells / 2,
        unmatched,
        kappa_including_unmatched: kappa_with_structural_zero(&as_f64, k),
        kappa_excluding_unmatched: cohen_kappa_table(&matched_only),
        table,
    }
}

/// The taxonomy's word for an event kind.
pub fn kind_word(t: Option<&EventType>) -> &'static str {
    match t.map(|t| t.kind) {
        Some(crate::case::EventKind::Point) => "point",
        Some(crate::case::EventKind::Interval) => "interval",
        None => "unknown",
    }
}
