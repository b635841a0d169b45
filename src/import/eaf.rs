//! ELAN .eaf import: every tier with time-aligned annotations becomes events (typed by the controlled vocabulary
//! when the tier has one, else by the tier's name), unaligned time slots are interpolated between their aligned
//! neighbours, child tiers contribute notes, reviewers and modifiers, and CROSS_REF_LINKs to claim tiers become links.

use super::dom::{self, Element};
use super::error::{malformed, ImportError};
use super::{ImportFormat, Imported, ImportedEvent, ImportedType, When};
use crate::case::{check_secs, ClaimId, ClaimLink, Stance};
use crate::formats::eaf_names::{CLAIM_TIER_PREFIX, LT_CLAIM, LT_MODIFIER_PREFIX, LT_NOTE, LT_REVIEWER};
use std::collections::BTreeMap;

const FORMAT: &str = "ELAN .eaf";

/// Slot id → milliseconds, interpolating unaligned slots linearly (by position in TIME_ORDER) between the nearest
/// aligned slots before and after; leading/trailing unaligned slots take their one aligned neighbour's time.
fn slot_times(time_order: Option<&Element>) -> Result<BTreeMap<String, f64>, ImportError> {
    let Some(order) = time_order else {
        return Err(malformed(FORMAT, "no TIME_ORDER element"));
    };
    let mut slots: Vec<(String, Option<f64>)> = Vec::new();
    for slot in order.children_named("TIME_SLOT") {
        let Some(id) = slot.attr("TIME_SLOT_ID") else { continue };
        let millis = slot.attr("TIME_VALUE").and_then(|v| v.trim().parse::<f64>().ok());
        if let Some(millis) = millis {
            // min/max and interpolation would quietly swallow a NaN; refuse it where it is written.
            check_secs(&format!("time slot {id}:"), millis / 1000.0).map_err(|message| malformed(FORMAT, message))?;
        }
        slots.push((id.to_owned(), millis));
    }
    // The nearest aligned slot before and after each slot, in two linear passes (a file of a million unaligned
    // slots must not cost a million squared steps).
    let mut before: Vec<Option<(usize, f64)>> = Vec::with_capacity(slots.len());
    let mut last = None;
    for (i, (_, value)) in slots.iter().enumerate() {
        before.push(last);
        if let Some(v) = value {
            last = Some((i, *v));
        }
    }
    let mut after: Vec<Option<(usize, f64)>> = vec![None; slots.len()];
    let mut next = None;
    for (i, (_, value)) in slots.iter().enumerate().rev() {
        after[i] = next;
        if let Some(v) = value {
            next = Some((i, *v));
        }
    }
    let mut out = BTreeMap::new();
    for (i, (id, value)) in slots.iter().enumerate() {
        let ms = match (value, before[i], after[i]) {
            (Some(v), _, _) => Some(*v),
            (None, Some((bi, bv)), Some((ai, av))) => Some(bv + (av - bv) * (i - bi) as f64 / (ai - bi) as f64),
            (None, Some((_, v)), None) | (None, None, Some((_, v))) => Some(v),
            (None, None, None) => None,
        };
        if let Some(ms) = ms {
            out.insert(id.clone(), ms);
        }
    }
    Ok(out)
}

fn stance_of(text: Option<&str>) -> Stance {
    match text.map(str::to_ascii_lowercase).as_deref() {
        Some("supports") => Stance::Supports,
        Some("contradicts") => Stance::Contradicts,
        _ => Stance::Context,
    }
}

pub fn read_eaf(text: &str) -> Result<Imported, ImportError> {
    let root = dom::parse(FORMAT, text)?;
    if root.name != "ANNOTATION_DOCUMENT" {
        return Err(malformed(FORMAT, format!("root element is <{}>, not <ANNOTATION_DOCUMENT>", root.name)));
    }
    let mut warnings = Vec::new();
    if let Some(units) = root.child("HEADER").and_then(|h| h.attr("TIME_UNITS")) {
        if units != "milliseconds" {
            return Err(malformed(FORMAT, format!("TIME_UNITS {units:?} is not supported (only milliseconds)")));
        }
    }
    let times = slot_times(root.child("TIME_ORDER"))?;

    // Controlled vocabularies: CV id → (entry id → value, value → description).
    let mut cv_values: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    for cv in root.children_named("CONTROLLED_VOCABULARY") {
        let Some(cv_id) = cv.attr("CV_ID") else { continue };
        let entries = cv_values.entry(cv_id.to_owned()).or_default();
        for entry in cv.children_named("CV_ENTRY_ML") {
            let (Some(id), Some(value)) = (entry.attr("CVE_ID"), entry.child("CVE_VALUE")) else { continue };
            entries.insert(id.to_owned(), (value.text.clone(), value.attr("DESCRIPTION").unwrap_or("").to_owned()));
        }
        // EAF 2.7 style entries.
        for entry in cv.children_named("CV_ENTRY") {
            let id = entry.attr("CVE_ID").unwrap_or(&entry.text).to_owned();
            entries.insert(id, (entry.text.clone(), entry.attr("DESCRIPTION").unwrap_or("").to_owned()));
        }
    }
    let lt_cv: BTreeMap<&str, &str> = root
        .children_named("LINGUISTIC_TYPE")
        .filter_map(|lt| Some((lt.attr("LINGUISTIC_TYPE_ID")?, lt.attr("CONTROLLED_VOCABULARY_REF")?)))
        .collect();

    let mut events: BTreeMap<String, ImportedEvent> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut claim_of_annotation: BTreeMap<String, ClaimId> = BTreeMap::new();
    let mut parent_of: BTreeMap<String, String> = BTreeMap::new();
    let mut types: Vec<ImportedType> = Vec::new();
    let mut unaligned = 0;
    for tier in root.children_named("TIER") {
        let tier_id = tier.attr("TIER_ID").unwrap_or("").to_owned();
        let lt = tier.attr("LINGUISTIC_TYPE_REF").unwrap_or("");
        let cv = lt_cv.get(lt).and_then(|cv| cv_values.get(*cv));
        for annotation in tier.children_named("ANNOTATION") {
            if let Some(a) = annotation.child("ALIGNABLE_ANNOTATION") {
                let Some(id) = a.attr("ANNOTATION_ID") else { continue };
                let value = a.child("ANNOTATION_VALUE").map(|v| v.text.trim().to_owned()).unwrap_or_default();
                if lt == LT_CLAIM {
                    if let Some(claim) = tier_id.strip_prefix(CLAIM_TIER_PREFIX) {
                        claim_of_annotation.insert(id.to_owned(), ClaimId::from(claim));
                    }
                    continue;
                }
                let (Some(t1), Some(t2)) = (
                    a.attr("TIME_SLOT_REF1").and_then(|s| times.get(s)),
                    a.attr("TIME_SLOT_REF2").and_then(|s| times.get(s)),
                ) else {
                    unaligned += 1;
                    continue;
                };
                let (type_key, note) = match cv {
                    Some(entries) => {
                        let by_ref = a.attr("CVE_REF").and_then(|r| entries.get(r)).map(|(v, _)| v.clone());
                        (by_ref.unwrap_or_else(|| value.clone()), String::new())
                    }
                    None => (tier_id.clone(), value.clone()),
                };
                if !types.iter().any(|t| t.name == type_key) {
                    let description = cv
                        .and_then(|entries| entries.values().find(|(v, _)| *v == type_key))
                        .map_or_else(|| format!("ELAN tier {tier_id}"), |(_, d)| d.clone());
                    types.push(ImportedType { name: type_key.clone(), description, ..ImportedType::default() });
                }
                let (start_millis, end_millis) = (t1.min(*t2), t1.max(*t2));
                events.insert(
                    id.to_owned(),
                    ImportedEvent {
                        type_key,
                        when: When::Secs {
                            start: start_millis / 1000.0,
                            end: (end_millis > start_millis).then_some(end_millis / 1000.0),
                        },
                        modifiers: BTreeMap::new(),
                        note,
                        reviewer: tier.attr("ANNOTATOR").unwrap_or("").to_owned(),
                        links: Vec::new(),
                        id: None,
                        media_sha256: None,
                    },
                );
                order.push(id.to_owned());
            } else if let Some(r) = annotation.child("REF_ANNOTATION") {
                let (Some(id), Some(parent)) = (r.attr("ANNOTATION_ID"), r.attr("ANNOTATION_REF")) else { continue };
                parent_of.insert(id.to_owned(), parent.to_owned());
            }
        }
    }
    // Second pass: child (reference) annotations attach to their root aligned annotation's event.
    for tier in root.children_named("TIER") {
        let tier_id = tier.attr("TIER_ID").unwrap_or("");
        let lt = tier.attr("LINGUISTIC_TYPE_REF").unwrap_or("");
        for r in tier.children_named("ANNOTATION").filter_map(|a| a.child("REF_ANNOTATION")) {
            let Some(mut root_id) = r.attr("ANNOTATION_REF").map(str::to_owned) else { continue };
            for _ in 0..32 {
                match parent_of.get(&root_id) {
                    Some(p) => root_id = p.clone(),
                    None => break,
                }
            }
            let Some(event) = events.get_mut(&root_id) else { continue };
            let value = r.child("ANNOTATION_VALUE").map(|v| v.text.trim().to_owned()).unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            if lt == LT_NOTE {
                event.note = value;
            } else if lt == LT_REVIEWER {
                event.reviewer = value;
            } else if let Some(modifier) = lt.strip_prefix(LT_MODIFIER_PREFIX) {
                event.modifiers.insert(modifier.to_owned(), value);
            } else {
                if !event.note.is_empty() {
                    event.note.push_str("; ");
                }
                event.note.push_str(&format!("{tier_id}: {value}"));
            }
        }
    }
    for set in root.children_named("REF_LINK_SET") {
        for link in set.children_named("CROSS_REF_LINK") {
            let (Some(r1), Some(r2)) = (link.attr("REF1"), link.attr("REF2")) else { continue };
            let (event_ann, claim) = match (claim_of_annotation.get(r2), claim_of_annotation.get(r1)) {
                (Some(c), _) => (r1, c),
                (None, Some(c)) => (r2, c),
                (None, None) => continue,
            };
            if let Some(event) = events.get_mut(event_ann) {
                event.links.push(ClaimLink {
                    claim_id: claim.clone(),
                    stance: stance_of(link.attr("REF_TYPE")),
                    rationale: link.text.trim().to_owned(),
                    ..ClaimLink::default()
                });
            }
        }
    }
    if unaligned > 0 {
        warnings.push(format!("{unaligned} annotation(s) referred to missing time slots and were skipped"));
    }
    let events: Vec<ImportedEvent> = order.into_iter().filter_map(|id| events.remove(&id)).collect();
    if events.is_empty() {
        return Err(ImportError::Empty("the ELAN file has no time-aligned annotations".into()));
    }
    Ok(Imported { format: ImportFormat::Eaf, types, claims: Vec::new(), events, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_unaligned_slots() {
        let doc = r#"<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="milliseconds"/><TIME_ORDER>
            <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/><TIME_SLOT TIME_SLOT_ID="ts2"/>
            <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/></TIME_ORDER>
            <TIER TIER_ID="W" LINGUISTIC_TYPE_REF="x">
            <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>hi</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
            <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3"><ANNOTATION_VALUE>there</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
            </TIER></ANNOTATION_DOCUMENT>"#;
        let imported = read_eaf(doc).expect("parses");
        assert_eq!(imported.events.len(), 2);
        assert_eq!(imported.events[0].when, When::Secs { start: 1.0, end: Some(2.0) });
        assert_eq!(imported.events[1].note, "there");
        assert_eq!(imported.events[1].type_key, "W");
    }
}
