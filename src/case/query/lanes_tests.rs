//! Tests of the lane index: hand-made cases, and properties checked against a brute-force scan.

use super::*;
use crate::case::{Event, FramePoint};
use proptest::prelude::*;

fn fp(frame: u64) -> FramePoint {
    FramePoint { frame, pts_ticks: frame as i64, time_base_num: 1, time_base_den: 30 }
}

fn event(id: &str, type_id: &str, start: u64, end: Option<u64>) -> Event {
    Event {
        id: EventId::new(id),
        media_id: MediaId::new("m1"),
        start: fp(start),
        end: end.map(fp),
        type_id: EventTypeId::new(type_id),
        ..Event::default()
    }
}

fn case_with(events: Vec<Event>) -> Case {
    let mut case = Case::new("lanes");
    for e in events {
        case.events.insert(e.id.clone(), e);
    }
    case
}

fn lane_from(ranges: &[(u64, u64)]) -> Lane {
    let events = ranges
        .iter()
        .enumerate()
        .map(|(i, &(s, len))| LaneEvent {
            id: EventId::new(format!("e{i:03}")),
            start_frame: s,
            end_frame: s + len,
            is_interval: len > 0,
        })
        .collect();
    Lane::new(None, ("t".into(), None), Rgb::default(), None, events)
}

static EVERYTHING: Visibility = Visibility::all();

/// Every event, one lane per type.
fn every() -> LaneScope<'static> {
    LaneScope { visibility: &EVERYTHING, by_reviewer: false }
}

fn by(reviewer: &str, mut e: Event) -> Event {
    e.reviewer = reviewer.to_owned();
    e
}

#[test]
fn lanes_split_by_reviewer_and_keep_to_blind_mode() {
    let case = case_with(vec![
        by("ben", event("b1", "following", 12, Some(30))),
        by("ana", event("a1", "following", 10, Some(20))),
        by("ana", event("a2", "contact", 5, None)),
    ]);
    let m1 = MediaId::new("m1");
    let split = EventLanes::build(&case, &m1, LaneScope { visibility: &EVERYTHING, by_reviewer: true });
    assert!(split.by_reviewer());
    let names: Vec<&str> = split.lanes().iter().map(|l| l.name.as_str()).collect();
    let following = case.taxonomy.name_or_id(&EventTypeId::new("following")).to_owned();
    let (ana, ben) = (format!("{following} · ana"), format!("{following} · ben"));
    let at = |name: &str| names.iter().position(|n| *n == name);
    assert!(at(&ana).is_some_and(|a| at(&ben) == Some(a + 1)), "ana's lane, then ben's: {names:?}");
    assert_eq!(split.lanes().len(), case.taxonomy.types.len() + 1, "one type has two reviewers");
    let a1 = case.events.get(&EventId::new("a1")).cloned().unwrap_or_default();
    assert_eq!(split.lane_for(&a1), at(&ana));

    // A new reviewer's event needs a lane that is not there: the patch refuses, a rebuild makes it.
    let mut patched = split.clone();
    let cat = by("cat", event("c1", "following", 40, Some(50)));
    assert!(!patched.patch(&m1, &[(None, Some(&cat))]));

    let blind = Visibility::blind_for("ben");
    let lanes = EventLanes::build(&case, &m1, LaneScope { visibility: &blind, by_reviewer: false });
    let shown: usize = lanes.lanes().iter().map(Lane::len).sum();
    assert_eq!(shown, 1, "only ben's event");
    let mut lanes = lanes;
    let a3 = by("ana", event("a3", "following", 60, Some(70)));
    assert!(lanes.patch(&m1, &[(None, Some(&a3))]));
    assert_eq!(lanes.lanes().iter().map(Lane::len).sum::<usize>(), 1, "ana's new event stays hidden");
}

#[test]
fn lanes_follow_the_taxonomy_and_sort_by_start() {
    let case = case_with(vec![
        event("b", "following", 50, Some(60)),
        event("a", "following", 10, Some(20)),
        event("c", "contact", 5, None),
        event("x", "no-such-type", 7, None),
        event("other-media", "contact", 1, None),
    ]);
    let mut case = case;
    if let Some(e) = case.events.get_mut(&EventId::new("other-media")) {
        e.media_id = MediaId::new("m2");
    }
    let lanes = EventLanes::build(&case, &MediaId::new("m1"), every());
    assert_eq!(lanes.lanes().len(), case.taxonomy.types.len() + 1, "one lane per type plus the unknown-type lane");
    for (lane, ty) in lanes.lanes().iter().zip(&case.taxonomy.types) {
        assert_eq!(lane.type_id.as_ref(), Some(&ty.id));
        assert_eq!(lane.colour, ty.colour);
    }
    let following = lanes.lane_of(&EventTypeId::new("following")).unwrap_or(usize::MAX);
    let ids: Vec<&str> = (0..2).filter_map(|i| lanes.event(following, i)).map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    let contact = lanes.lane_of(&EventTypeId::new("contact")).unwrap_or(usize::MAX);
    assert_eq!(lanes.lane(contact).map(Lane::len), Some(1), "the other media's event is not indexed");
    let other = lanes.lanes().len() - 1;
    assert_eq!(lanes.lane(other).and_then(|l| l.type_id.clone()), None);
    assert_eq!(lanes.hit(other, 7.5, 0.0).map(|e| e.id.as_str()), Some("x"));

    let without_unknown =
        EventLanes::build(&case_with(vec![event("a", "following", 1, Some(2))]), &MediaId::new("m1"), every());
    assert_eq!(without_unknown.lanes().len(), case.taxonomy.types.len());
}

#[test]
fn hit_finds_the_cell_then_the_nearest_within_tolerance() {
    // Interval 10..=20 covers positions 10.0..21.0.
    let lane = lane_from(&[(10, 10), (30, 0)]);
    assert_eq!(lane.hit(10.0, 0.0), Some(0));
    assert_eq!(lane.hit(20.99, 0.0), Some(0));
    assert_eq!(lane.hit(21.01, 0.0), None, "frame 21 is past the inclusive end, with no tolerance");
    assert_eq!(lane.hit(21.5, 0.6), Some(0));
    assert_eq!(lane.hit(29.5, 0.6), Some(1));
    assert_eq!(lane.hit(25.5, 2.0), None);
    assert_eq!(lane.hit(-0.5, 10.0), None);
    assert_eq!(lane.hit(-0.5, 11.0), Some(0));
}

#[test]
fn dense_columns_merge_and_sparse_events_stay_single() {
    // 1000 point events on frames 0..1000, drawn 100 frames per pixel: every column holds 100 starts.
    let points: Vec<(u64, u64)> = (0..1000).map(|f| (f, 0)).collect();
    let lane = lane_from(&points);
    let mut out = Vec::new();
    lane.spans(0.0, 100.0, 10, &mut out);
    assert_eq!(out, vec![LaneSpan::Dense { first_frame: 0, last_frame: 999, count: 1000 }]);
    // One frame per pixel: every event is on its own.
    lane.spans(100.0, 1.0, 10, &mut out);
    assert_eq!(out, (100..110).map(LaneSpan::One).collect::<Vec<_>>());
    // A long interval starting before the view is carried in.
    let lane = lane_from(&[(0, 500), (600, 0)]);
    lane.spans(400.0, 1.0, 300, &mut out);
    assert_eq!(out, vec![LaneSpan::One(0), LaneSpan::One(1)]);
    lane.spans(501.0, 1.0, 50, &mut out);
    assert_eq!(out, vec![]);
}

#[test]
fn many_events_give_spans_bounded_by_the_width() {
    let case = crate::sample::synthetic_case(100_000);
    let lanes = EventLanes::build(&case, &MediaId::new("m1"), every());
    let mut out = Vec::new();
    for lane in 0..lanes.lanes().len() {
        lanes.spans(lane, 0.0, 108_000.0 / 800.0, 800, &mut out);
        assert!(out.len() <= MAX_EVENTS_PER_COLUMN * 800 + MAX_CARRIED_EVENTS, "lane {lane}: {} spans", out.len());
        let drawn: usize = out.iter().map(|s| if let LaneSpan::Dense { count, .. } = s { *count } else { 1 }).sum();
        assert_eq!(drawn, lanes.lane(lane).map_or(0, Lane::len), "zoomed out, every event is accounted for");
    }
}

/// What the brute-force scan says is visible in the view.
fn visible(lane: &Lane, first: f64, fpp: f64, width: usize) -> Vec<usize> {
    let view_end = first + fpp * width as f64;
    (0..lane.len())
        .filter(|&i| {
            lane.event(i)
                .is_some_and(|e| (e.start_frame as f64) < view_end && (e.end_frame as f64 + 1.0) > first.max(0.0))
        })
        .collect()
}

fn brute_hit(lane: &Lane, pos: f64, tol: f64) -> Option<usize> {
    let mut best: Option<(f64, u8, usize)> = None;
    for i in 0..lane.len() {
        let Some(e) = lane.event(i) else { continue };
        let (s, end1) = (e.start_frame as f64, e.end_frame as f64 + 1.0);
        let (d, side) = if pos >= s && pos < end1 {
            (0.0, 0)
        } else if pos >= end1 {
            (pos - end1, 1)
        } else {
            (s - pos, 2)
        };
        if d > tol {
            continue;
        }
        let better = match best {
            None => true,
            Some((bd, bs, bi)) => (d, side) < (bd, bs) || ((d, side) == (bd, bs) && i > bi),
        };
        if better {
            best = Some((d, side, i));
        }
    }
    best.map(|b| b.2)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn queries_agree_with_a_scan(
        ranges in prop::collection::vec((0u64..400, prop_oneof![Just(0u64), 0u64..30, 0u64..300]), 0..120),
        first in -20.0f64..400.0,
        fpp in prop_oneof![0.02f64..1.0, 1.0f64..20.0],
        width in 1usize..200,
        a in 0u64..450,
        len in 0u64..60,
        pos in -5.0f64..450.0,
        tol in 0.0f64..8.0,
    ) {
        let lane = lane_from(&ranges);
        // Overlap queries.
        let b = a + len;
        let want: Vec<usize> = (0..lane.len()).filter(|&i| lane.event(i).is_some_and(|e| e.start_frame <= b && e.end_frame >= a)).collect();
        let mut got = Vec::new();
        lane.overlapping(a, b, usize::MAX, &mut got);
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(lane.count_overlapping(a, b), want.len());

        // Spans: every visible event drawn exactly once (alone or counted in a dense span), nothing else.
        let mut spans = Vec::new();
        lane.spans(first, fpp, width, &mut spans);
        let seen = visible(&lane, first, fpp, width);
        let singles: Vec<usize> = spans.iter().filter_map(|s| if let LaneSpan::One(i) = s { Some(*i) } else { None }).collect();
        let dense: usize = spans.iter().map(|s| if let LaneSpan::Dense { count, .. } = s { *count } else { 0 }).sum();
        prop_assert_eq!(singles.len() + dense, seen.len());
        let mut unique = singles.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), singles.len());
        prop_assert!(singles.iter().all(|i| seen.contains(i)));
        prop_assert!(spans.len() <= MAX_EVENTS_PER_COLUMN * width + MAX_CARRIED_EVENTS);

        // Hit test.
        prop_assert_eq!(lane.hit(pos, tol), brute_hit(&lane, pos, tol));
    }
}

/// Column ends computed in floating point can land exactly on a column's first start; the walk must still move on.
/// (The real timeline hung here with 100 000 events over an hour at its whole-file zoom.)
#[test]
fn spans_terminate_for_awkward_zoom_factors() {
    let lane = lane_from(&(0..108_000u64).map(|f| (f, f)).collect::<Vec<_>>());
    let mut out = Vec::new();
    for width in 900..1_400usize {
        let fpp = 108_000.0 / width as f64;
        lane.spans(0.0, fpp, width, &mut out);
        let drawn: usize = out.iter().map(|s| if let LaneSpan::Dense { count, .. } = s { *count } else { 1 }).sum();
        assert_eq!(drawn, 108_000, "width {width}: every event is drawn once");
    }
}

/// Patching with changed events gives exactly the lanes a rebuild gives.
#[test]
fn patch_equals_rebuild() {
    let mut case = crate::sample::synthetic_case(2_000);
    let media = MediaId::new("m1");
    let mut lanes = EventLanes::build(&case, &media, every());
    let ids: Vec<EventId> = case.events.keys().step_by(97).cloned().collect();
    let mut changes: Vec<(Option<Event>, Option<Event>)> = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let before = case.events.get(id).cloned();
        match n % 3 {
            0 => {
                case.events.remove(id);
            }
            1 => {
                if let Some(e) = case.events.get_mut(id) {
                    e.start.frame += 500;
                    if let Some(end) = e.end.as_mut() {
                        end.frame += 900;
                    }
                }
            }
            _ => {
                if let Some(e) = case.events.get_mut(id) {
                    e.type_id = "contact".into();
                    e.end = None;
                }
            }
        }
        changes.push((before, case.events.get(id).cloned()));
    }
    let mut added = event("new-one", "brake-check", 40, Some(44));
    added.media_id = media.clone();
    case.events.insert(added.id.clone(), added.clone());
    changes.push((None, Some(added)));
    let refs: Vec<(Option<&Event>, Option<&Event>)> = changes.iter().map(|(b, a)| (b.as_ref(), a.as_ref())).collect();
    assert!(lanes.patch(&media, &refs));
    let rebuilt = EventLanes::build(&case, &media, every());
    assert_eq!(lanes.lanes().len(), rebuilt.lanes().len());
    for (a, b) in lanes.lanes().iter().zip(rebuilt.lanes()) {
        let list = |l: &Lane| (0..l.len()).filter_map(|i| l.event(i).cloned()).collect::<Vec<_>>();
        assert_eq!(list(a), list(b));
        assert_eq!(a.count_overlapping(0, 1_000_000), b.count_overlapping(0, 1_000_000));
        assert_eq!(a.count_overlapping(300, 800), b.count_overlapping(300, 800));
    }
    // A type the taxonomy lacks needs a lane that is not there: refused, rebuild instead.
    let mut odd = event("odd", "no-such-type", 1, None);
    odd.media_id = media.clone();
    assert!(!lanes.patch(&media, &[(None, Some(&odd))]));
}

#[test]
fn events_reaching_into_a_view_are_found_and_told_apart_from_those_inside() {
    // Twelve intervals from frames 0..=11 to 500, then a point at 600.
    let mut ranges: Vec<(u64, u64)> = (0..12).map(|s| (s, 500 - s)).collect();
    ranges.push((600, 0));
    let lane = lane_from(&ranges);
    assert_eq!(lane.first_starting_at(5), 5);
    assert_eq!(lane.first_starting_at(601), 13);
    assert_eq!(lane.count_reaching_into(400), 12);
    assert_eq!(lane.count_reaching_into(550), 0);
    let mut found = Vec::new();
    lane.reaching_into(400, 100, &mut found);
    assert_eq!(found, (0..12).collect::<Vec<_>>());
    found.clear();
    lane.reaching_into(6, 3, &mut found);
    assert_eq!(found, vec![0, 1, 2], "limited, in lane order, only those starting before");
    let mut spans = Vec::new();
    lane.spans(400.0, 1.0, 300, &mut spans);
    assert_eq!(spans[0], LaneSpan::Dense { first_frame: 400, last_frame: 500, count: 12 });
    assert!(lane.spans_begin_carried(400.0, &spans));
    // From frame 0 the same twelve start inside the view: a dense span, but not a carried one.
    lane.spans(0.0, 100.0, 10, &mut spans);
    assert!(matches!(spans[0], LaneSpan::Dense { count: 12, .. }));
    assert!(!lane.spans_begin_carried(0.0, &spans));
}
