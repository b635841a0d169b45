//! Tests of the event queries: filters, sorts, tallies, and patching against fresh queries.

use super::*;
use crate::case::{load_case, ClaimLink};
use crate::sample::synthetic_case;
use std::path::PathBuf;

fn sample() -> Case {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sample.case.ron");
    match load_case(&path) {
        Ok(case) => case,
        Err(e) => panic!("sample case: {e}"),
    }
}

fn ids(list: &[EventId]) -> Vec<&str> {
    list.iter().map(EventId::as_str).collect()
}

fn all(case: &Case, filter: &EventFilter) -> Vec<EventId> {
    query(case, None, filter, EventSort::default())
}

#[test]
fn natural_order_counts_digit_runs_as_numbers() {
    let mut v = vec!["c10", "c2", "c1", "c11", "b", "A", "c02"];
    v.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(v, ["A", "b", "c1", "c02", "c2", "c10", "c11"]);
    assert_ne!(natural_cmp("c2", "c02"), Ordering::Equal, "distinct ids never tie");
    let mut by_key = vec!["c10", "c2", "c1", "c11", "b", "A", "c02", "x-9z", "x-10a"];
    by_key.sort_by_key(|s| natural_key(s));
    assert_eq!(by_key, ["A", "b", "c1", "c2", "c02", "c10", "c11", "x-9z", "x-10a"]);
}

#[test]
fn default_query_is_every_event_in_start_order() {
    let case = sample();
    let rows = all(&case, &EventFilter::default());
    assert_eq!(rows.len(), case.events.len());
    let starts: Vec<u64> = rows.iter().map(|id| case.events[id].start.frame).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    assert_eq!(rows.first().map(EventId::as_str), Some("e1"));
}

#[test]
fn filters_by_type_claim_stance_reviewer_and_media() {
    let case = sample();
    let by_type = all(&case, &EventFilter { types: [EventTypeId::from("brake-check")].into(), ..Default::default() });
    assert!(!by_type.is_empty());
    assert!(by_type.iter().all(|id| case.events[id].type_id.as_str() == "brake-check"));
    assert!(by_type.len() < case.events.len());

    let c2 = ClaimId::from("c2");
    let linked_c2 = all(&case, &EventFilter { claim: Some(c2.clone()), ..Default::default() });
    let expected: usize = case.events.values().filter(|e| e.links.iter().any(|l| l.claim_id == c2)).count();
    assert_eq!(linked_c2.len(), expected);
    let c2_supports =
        all(&case, &EventFilter { claim: Some(c2.clone()), stance: Some(Stance::Supports), ..Default::default() });
    assert!(c2_supports.is_empty(), "every c2 link in the sample contradicts: {c2_supports:?}");
    let c2_contradicts =
        all(&case, &EventFilter { claim: Some(c2), stance: Some(Stance::Contradicts), ..Default::default() });
    assert_eq!(c2_contradicts.len(), expected);

    // Stance without a claim: any link with that stance (e2 supports c7 even though it contradicts c2).
    let supporting = all(&case, &EventFilter { stance: Some(Stance::Supports), ..Default::default() });
    assert!(ids(&supporting).contains(&"e2"));
    assert!(supporting.iter().all(|id| case.events[id].links.iter().any(|l| l.stance == Stance::Supports)));

    let nobody = all(&case, &EventFilter { reviewer: Some("nobody".into()), ..Default::default() });
    assert!(nobody.is_empty());
    let reviewer = case.events.values().next().map(|e| e.reviewer.clone());
    let theirs = all(&case, &EventFilter { reviewer: reviewer.clone(), ..Default::default() });
    assert_eq!(theirs.len(), case.events.values().filter(|e| Some(&e.reviewer) == reviewer.as_ref()).count());

    let other_media = query(&case, Some(&MediaId::from("m-none")), &EventFilter::default(), EventSort::default());
    assert!(other_media.is_empty());
    assert_eq!(event_count(&case, Some(&MediaId::from("m1")), &Visibility::all()), case.events.len());
}

#[test]
fn text_matches_id_type_note_reviewer_modifier_and_claim_title_ignoring_case() {
    let mut case = sample();
    let text = |t: &str| EventFilter { text: t.into(), ..Default::default() };
    // Type name: every brake-check is found (others too, through notes and claim titles that say "brake-check").
    let brake = all(&case, &text("BRAKE-CHECK"));
    let brake_checks: Vec<&EventId> =
        case.events.values().filter(|e| e.type_id.as_str() == "brake-check").map(|e| &e.id).collect();
    assert!(!brake_checks.is_empty());
    assert!(brake_checks.iter().all(|id| brake.contains(id)), "{brake:?}");
    assert!(brake.len() < case.events.len());
    let following = all(&case, &text("followinG"));
    assert!(case.events.values().filter(|e| e.type_id.as_str() == "following").all(|e| following.contains(&e.id)));
    // Id.
    assert!(ids(&all(&case, &text("e10"))).contains(&"e10"));
    // Note.
    let gap = all(&case, &text("gap closes"));
    assert!(ids(&gap).contains(&"e2"));
    // Modifier value.
    let agency = all(&case, &text("Agency Vehicle"));
    assert!(agency.iter().all(|id| {
        let e = &case.events[id];
        e.modifiers.values().any(|v| v == "agency vehicle") || e.note.to_lowercase().contains("agency vehicle")
    }));
    assert!(!agency.is_empty());
    // Claim title, on a note that does not mention it.
    let title_word = "zzqx marker";
    assert!(all(&case, &text(title_word)).is_empty());
    if let Some(c7) = case.claims.get_mut(&ClaimId::from("c7")) {
        c7.title = format!("Judge: {}", title_word.to_uppercase());
    }
    let by_title = all(&case, &text(title_word));
    let linked_c7 = case.events.values().filter(|e| e.links.iter().any(|l| l.claim_id.as_str() == "c7")).count();
    assert_eq!(by_title.len(), linked_c7);
    // Reviewer, non-ASCII.
    if let Some(e1) = case.events.get_mut(&EventId::from("e1")) {
        e1.reviewer = "Zoë Ångström".into();
    }
    assert_eq!(ids(&all(&case, &text("ångSTRÖM"))), ["e1"]);
}

#[test]
fn sorts_by_each_key_both_ways_with_deterministic_ties() {
    let case = sample();
    for key in
        [SortKey::Start, SortKey::End, SortKey::Type, SortKey::Reviewer, SortKey::Claims, SortKey::Note, SortKey::Id]
    {
        let up = query(&case, None, &EventFilter::default(), EventSort { key, direction: SortDirection::Ascending });
        let again = query(&case, None, &EventFilter::default(), EventSort { key, direction: SortDirection::Ascending });
        assert_eq!(up, again, "{key:?} is deterministic");
        assert_eq!(up.len(), case.events.len());
    }
    let by_id = query(
        &case,
        None,
        &EventFilter::default(),
        EventSort { key: SortKey::Id, direction: SortDirection::Ascending },
    );
    assert_eq!(&ids(&by_id)[..3], ["e1", "e2", "e3"], "natural id order, not e1, e10, e2");
    assert_eq!(by_id.last().map(EventId::as_str), Some(format!("e{}", case.events.len()).as_str()));
    let by_id_down = query(
        &case,
        None,
        &EventFilter::default(),
        EventSort { key: SortKey::Id, direction: SortDirection::Descending },
    );
    let mut reversed = by_id.clone();
    reversed.reverse();
    assert_eq!(by_id_down, reversed);

    let by_type = query(
        &case,
        None,
        &EventFilter::default(),
        EventSort { key: SortKey::Type, direction: SortDirection::Ascending },
    );
    let names: Vec<&str> =
        by_type.iter().map(|id| case.taxonomy.get(&case.events[id].type_id).map_or("", |t| t.name.as_str())).collect();
    assert!(names.windows(2).all(|w| natural_cmp(w[0], w[1]) != Ordering::Greater), "{names:?}");
    // Ties within one type are by start frame.
    let first_type = names.first().copied().unwrap_or_default();
    let starts: Vec<u64> = by_type
        .iter()
        .take_while(|id| case.taxonomy.get(&case.events[*id].type_id).is_some_and(|t| t.name == first_type))
        .map(|id| case.events[id].start.frame)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");

    let by_end_down = query(
        &case,
        None,
        &EventFilter::default(),
        EventSort { key: SortKey::End, direction: SortDirection::Descending },
    );
    let ends: Vec<u64> =
        by_end_down.iter().map(|id| case.events[id].end.map_or(case.events[id].start.frame, |e| e.frame)).collect();
    assert!(ends.windows(2).all(|w| w[0] >= w[1]), "{ends:?}");
}

#[test]
fn unlinked_events_sort_after_linked_ones_by_claims() {
    let mut case = sample();
    if let Some(e) = case.events.get_mut(&EventId::from("e1")) {
        e.links.clear();
    }
    let rows = query(
        &case,
        None,
        &EventFilter::default(),
        EventSort { key: SortKey::Claims, direction: SortDirection::Ascending },
    );
    assert_eq!(rows.last().map(EventId::as_str), Some("e1"));
    let first = rows.first().map(|id| case.events[id].links[0].claim_id.as_str());
    assert_eq!(first, Some("c1"));
}

#[test]
fn tally_counts_every_claim_and_matches_events_of_claim() {
    let case = sample();
    let tally = claim_tally(&case, &Visibility::all());
    assert_eq!(tally.len(), case.claims.len(), "claims without links are listed with zeros");
    let total_links: usize = case.events.values().map(|e| e.links.len()).sum();
    assert_eq!(tally.values().map(StanceCounts::total).sum::<usize>(), total_links);
    for (claim_id, counts) in &tally {
        let listed = events_of_claim(&case, claim_id, &Visibility::all());
        assert_eq!(listed.len(), counts.total(), "{claim_id}");
        let supports = listed.iter().filter(|(_, s)| *s == Stance::Supports).count();
        assert_eq!(supports, counts.supports, "{claim_id}");
        let starts: Vec<u64> = listed.iter().map(|(id, _)| case.events[id].start.frame).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }
    let c2 = tally.get(&ClaimId::from("c2")).copied().unwrap_or_default();
    assert!(c2.contradicts > 0 && c2.supports == 0);
}

#[test]
fn tally_ignores_links_to_missing_claims_and_counts_each_stance() {
    let mut case = Case::new("t");
    let claim = ClaimId::from("c1");
    case.claims.insert(claim.clone(), crate::case::Claim { id: claim.clone(), ..Default::default() });
    for (i, stance) in
        [Stance::Supports, Stance::Contradicts, Stance::Contradicts, Stance::Context].into_iter().enumerate()
    {
        let id = EventId::new(format!("e{i}"));
        let links = vec![
            ClaimLink { claim_id: claim.clone(), stance, rationale: String::new(), ..ClaimLink::default() },
            ClaimLink { claim_id: ClaimId::from("gone"), stance, rationale: String::new(), ..ClaimLink::default() },
        ];
        case.events.insert(id.clone(), Event { id, links, ..Default::default() });
    }
    let tally = claim_tally(&case, &Visibility::all());
    assert_eq!(tally.len(), 1);
    assert_eq!(tally[&claim], StanceCounts { supports: 1, contradicts: 2, context: 1 });
}

#[test]
fn big_case_queries_filter_and_sort() {
    let case = synthetic_case(20_000);
    let filter = EventFilter { text: "synthetic event 1999".into(), ..Default::default() };
    let rows = query(
        &case,
        Some(&MediaId::from("m1")),
        &filter,
        EventSort { key: SortKey::Note, direction: SortDirection::Descending },
    );
    // "synthetic event 1999" and "… 19990" … "19999".
    assert_eq!(rows.len(), 11);
    assert_eq!(rows.first().map(EventId::as_str), Some("e19999"));
    assert_eq!(rows.last().map(EventId::as_str), Some("e1999"));
    assert_eq!(reviewers(&case), ["bench"]);
}

#[test]
fn patched_rows_and_tally_equal_a_fresh_query() {
    let mut case = crate::sample::synthetic_case(3_000);
    let media = MediaId::new("m1");
    let filters = [EventFilter::default(), EventFilter { text: "event 1".into(), ..EventFilter::default() }];
    let sorts = [SortKey::Start, SortKey::End, SortKey::Note, SortKey::Id];
    let mut states: Vec<(EventFilter, EventSort, Vec<EventId>)> = Vec::new();
    for filter in &filters {
        for key in sorts {
            for direction in [SortDirection::Ascending, SortDirection::Descending] {
                let sort = EventSort { key, direction };
                states.push((filter.clone(), sort, query(&case, Some(&media), filter, sort)));
            }
        }
    }
    let mut tally = claim_tally(&case, &Visibility::all());
    let ids: Vec<EventId> = case.events.keys().step_by(101).cloned().collect();
    let mut changed: Vec<(EventId, Option<Event>, Option<Event>)> = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let before = case.events.get(id).cloned();
        if n % 4 == 0 {
            case.events.remove(id);
        } else if let Some(e) = case.events.get_mut(id) {
            e.start.frame = (e.start.frame * 7 + 13) % 5_000;
            e.note = format!("edited event 1{n}");
            e.links.clear();
        }
        changed.push((id.clone(), before, case.events.get(id).cloned()));
    }
    let changes: Vec<(&EventId, Option<&Event>, Option<&Event>)> =
        changed.iter().map(|(id, before, after)| (id, before.as_ref(), after.as_ref())).collect();
    for (filter, sort, rows) in &mut states {
        assert!(patch_rows(&case, Some(&media), filter, *sort, rows, &changes));
        assert_eq!(*rows, query(&case, Some(&media), filter, *sort), "{sort:?} with {filter:?}");
    }
    for (_, before, after) in &changed {
        patch_tally(&mut tally, before.as_ref(), after.as_ref(), &Visibility::all());
    }
    assert_eq!(tally, claim_tally(&case, &Visibility::all()));
    // One change at a time takes the binary-search path.
    let mut single_case = case.clone();
    let mut single_rows = query(&single_case, Some(&media), &EventFilter::default(), EventSort::default());
    for id in single_case.events.keys().step_by(37).cloned().collect::<Vec<_>>() {
        let before = single_case.events.get(&id).cloned();
        if let Some(e) = single_case.events.get_mut(&id) {
            e.start.frame = (e.start.frame * 3 + 1) % 4_000;
        }
        let after = single_case.events.get(&id).cloned();
        assert!(patch_rows(
            &single_case,
            Some(&media),
            &EventFilter::default(),
            EventSort::default(),
            &mut single_rows,
            &[(&id, before.as_ref(), after.as_ref())]
        ));
    }
    assert_eq!(single_rows, query(&single_case, Some(&media), &EventFilter::default(), EventSort::default()));
    let by_type = EventSort { key: SortKey::Type, direction: SortDirection::Ascending };
    assert!(
        !patch_rows(&case, Some(&media), &EventFilter::default(), by_type, &mut Vec::new(), &changes),
        "ranked keys re-query"
    );
}
