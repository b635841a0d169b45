//! Filtering and sorting the events of a case for the events table, and tallying claim links for the claims
//! board. Pure functions over `Case`; callers cache the results on the case revision, because a full pass over
//! 100 000 events is cheap once but not sixty times a second.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::case::model::case::Case;
use crate::case::model::event::{Event, Stance};
use crate::case::model::ids::{ClaimId, EventId, EventTypeId, MediaId};
use crate::case::query::visibility::Visibility;

/// Which events to show. The default shows every event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Event types to keep; empty keeps every type.
    pub types: BTreeSet<EventTypeId>,
    /// Keep events linked to this claim (with `stance`, when given).
    pub claim: Option<ClaimId>,
    /// With `claim`: the stance of the link to that claim. Without: any link with this stance.
    pub stance: Option<Stance>,
    /// Keep events coded by this reviewer (exact name).
    pub reviewer: Option<String>,
    /// Case-insensitive text found in the id, type name, note, reviewer, a modifier value or a linked claim's title.
    pub text: String,
    /// What may be shown at all (blind mode hides other reviewers' events and links); not a choice of the filter
    /// bar, so [`EventFilter::is_empty`] leaves it out.
    pub visibility: Visibility,
}

impl EventFilter {
    /// True when the filter bar keeps every event that may be shown.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
            && self.claim.is_none()
            && self.stance.is_none()
            && self.reviewer.is_none()
            && self.text.trim().is_empty()
    }
}

/// The column the events are ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Start frame.
    #[default]
    Start,
    /// End frame (a point event ends where it starts).
    End,
    /// Event type name.
    Type,
    Reviewer,
    /// Linked claim ids, in natural order ("c2" before "c10").
    Claims,
    Note,
    /// Event id, in natural order.
    Id,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortDirection {
    #[default]
    Ascending,
    Descending,
}

impl SortDirection {
    pub fn reversed(self) -> Self {
        match self {
            Self::Ascending => Self::Descending,
            Self::Descending => Self::Ascending,
        }
    }
}

/// A sort order: the key, its direction; ties always fall back to start frame then id, ascending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EventSort {
    pub key: SortKey,
    pub direction: SortDirection,
}

/// How many links of each stance point at one claim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StanceCounts {
    pub supports: usize,
    pub contradicts: usize,
    pub context: usize,
}

impl StanceCounts {
    pub fn total(&self) -> usize {
        self.supports + self.contradicts + self.context
    }

    pub fn add(&mut self, stance: Stance) {
        match stance {
            Stance::Supports => self.supports += 1,
            Stance::Contradicts => self.contradicts += 1,
            Stance::Context => self.context += 1,
        }
    }

    pub fn remove(&mut self, stance: Stance) {
        let slot = match stance {
            Stance::Supports => &mut self.supports,
            Stance::Contradicts => &mut self.contradicts,
            Stance::Context => &mut self.context,
        };
        *slot = slot.saturating_sub(1);
    }
}

/// Compares ids and names so that digit runs count as numbers: "c2" < "c10", "e9" < "e10". Falls back to plain
/// byte order so that distinct strings never compare equal.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(cx), Some(cy)) if cx.is_ascii_digit() && cy.is_ascii_digit() => {
                let run_x = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let run_y = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (dx, dy) = (trim_zeros(&x[..run_x]), trim_zeros(&y[..run_y]));
                let by_value = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                x = &x[run_x..];
                y = &y[run_y..];
            }
            (Some(cx), Some(cy)) => {
                let by_char = cx.to_ascii_lowercase().cmp(&cy.to_ascii_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|c| **c == b'0').count();
    &digits[zeros..]
}

/// The case's claim ids in natural order (c1, c2, …, c10), for lists and menus.
pub fn claim_ids_in_order(case: &Case) -> Vec<ClaimId> {
    let mut ids: Vec<ClaimId> = case.claims.keys().cloned().collect();
    ids.sort_by(|a, b| natural_cmp(a.as_str(), b.as_str()));
    ids
}

/// Every reviewer named in the case (its reviewer list and its events), sorted, without duplicates or blanks.
pub fn reviewers(case: &Case) -> Vec<String> {
    let mut names: BTreeSet<&str> = case.meta.reviewers.iter().map(String::as_str).collect();
    names.extend(case.events.values().map(|e| e.reviewer.as_str()));
    names.into_iter().filter(|n| !n.trim().is_empty()).map(str::to_owned).collect()
}

/// Whether `haystack` contains `needle_lower` (already lower-case), ignoring case. Allocates only for
/// non-ASCII text.
fn contains_ignore_case(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle_lower.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle_lower)
}

/// The filter, prepared once per query: lower-cased text and the claims and types whose names match it.
struct PreparedFilter<'a> {
    filter: &'a EventFilter,
    text_lower: String,
    claims_by_title: BTreeSet<&'a ClaimId>,
    types_by_name: BTreeSet<&'a EventTypeId>,
}

impl<'a> PreparedFilter<'a> {
    fn new(case: &'a Case, filter: &'a EventFilter) -> Self {
        let text_lower = filter.text.trim().to_lowercase();
        let has_text = !text_lower.is_empty();
        let claims_by_title = case
            .claims
            .values()
            .filter(|c| has_text && contains_ignore_case(&c.title, &text_lower))
            .map(|c| &c.id)
            .collect();
        let types_by_name = case
            .taxonomy
            .types
            .iter()
            .filter(|t| has_text && contains_ignore_case(&t.name, &text_lower))
            .map(|t| &t.id)
            .collect();
        Self { filter, text_lower, claims_by_title, types_by_name }
    }

    fn keeps(&self, event: &Event) -> bool {
        let f = self.filter;
        if !f.visibility.shows_event(event) {
            return false;
        }
        if !f.types.is_empty() && !f.types.contains(&event.type_id) {
            return false;
        }
        if let Some(reviewer) = &f.reviewer {
            if &event.reviewer != reviewer {
                return false;
            }
        }
        let stance_ok = |s: Stance| f.stance.is_none_or(|want| want == s);
        let mut links = f.visibility.links(event);
        match &f.claim {
            Some(claim) => {
                if !links.any(|l| &l.claim_id == claim && stance_ok(l.stance)) {
                    return false;
                }
            }
            None => {
                if f.stance.is_some() && !links.any(|l| stance_ok(l.stance)) {
                    return false;
                }
            }
        }
        self.text_matches(event)
    }

    fn text_matches(&self, event: &Event) -> bool {
        let t = self.text_lower.as_str();
        t.is_empty()
            || contains_ignore_case(event.id.as_str(), t)
            || self.types_by_name.contains(&event.type_id)
            || contains_ignore_case(&event.note, t)
            || contains_ignore_case(&event.reviewer, t)
            || event.modifiers.values().any(|v| contains_ignore_case(v, t))
            || self.filter.visibility.links(event).any(|l| self.claims_by_title.contains(&l.claim_id))
    }
}

/// A byte string whose plain order is the natural order of `text` (case-insensitive, digit runs by value), so a
/// sort compares keys with `memcmp` instead of walking both strings on every comparison.
fn natural_key(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut key = Vec::with_capacity(bytes.len() + 2);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let run = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let digits = trim_zeros(&bytes[i..i + run]);
            // A digit run sorts where its first digit would ('0'), then by length, then digit by digit.
            key.push(b'0');
            key.push(digits.len().min(255) as u8);
            key.extend_from_slice(digits);
            i += run;
        } else {
            key.push(bytes[i].to_ascii_lowercase());
            i += 1;
        }
    }
    key
}

/// Ranks of `names` in natural order: equal names share a rank.
fn natural_ranks<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
    let mut sorted: Vec<&str> = names.collect::<BTreeSet<&str>>().into_iter().collect();
    sorted.sort_by(|a, b| natural_cmp(a, b));
    sorted.into_iter().enumerate().map(|(i, name)| (name, i as u32)).collect()
}

/// The precomputed sort key of one event: cheap to compare many times.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Number(u64),
    Text(Vec<u8>),
    /// Whether the event has no link (those sort after every linked one), then the ranks of its claims.
    Claims(bool, Vec<u32>),
}

/// Builds each event's key for one sort: ranks of type names, reviewers and claims are computed once.
struct KeyMaker<'a> {
    key: SortKey,
    ranks: HashMap<&'a str, u32>,
}

fn type_name_of<'a>(case: &'a Case, event: &'a Event) -> &'a str {
    case.taxonomy.name_or_id(&event.type_id)
}

impl<'a> KeyMaker<'a> {
    fn new(case: &'a Case, events: &[&'a Event], key: SortKey) -> Self {
        let ranks = match key {
            SortKey::Type => natural_ranks(events.iter().map(|e| type_name_of(case, e))),
            SortKey::Reviewer => natural_ranks(events.iter().map(|e| e.reviewer.as_str())),
            SortKey::Claims => natural_ranks(events.iter().flat_map(|e| e.links.iter().map(|l| l.claim_id.as_str()))),
            _ => HashMap::new(),
        };
        Self { key, ranks }
    }

    fn rank(&self, name: &str) -> u32 {
        self.ranks.get(name).copied().unwrap_or(u32::MAX)
    }

    fn key_of(&self, case: &Case, event: &Event) -> Key {
        match self.key {
            SortKey::Start => Key::Number(event.start.frame),
            SortKey::End => Key::Number(event.end.map_or(event.start.frame, |e| e.frame)),
            SortKey::Type => Key::Number(u64::from(self.rank(type_name_of(case, event)))),
            SortKey::Reviewer => Key::Number(u64::from(self.rank(&event.reviewer))),
            SortKey::Claims => {
                let mut ranks: Vec<u32> = event.links.iter().map(|l| self.rank(l.claim_id.as_str())).collect();
                ranks.sort_unstable();
                Key::Claims(ranks.is_empty(), ranks)
            }
            SortKey::Note => Key::Text(natural_key(&event.note)),
            SortKey::Id => Key::Text(natural_key(event.id.as_str())),
        }
    }
}

/// The ids of the events of `media_id` (all media when `None`) that `filter` keeps, ordered by `sort`; ties by
/// start frame, then id (natural order), so the result is the same on every call.
pub fn query(case: &Case, media_id: Option<&MediaId>, filter: &EventFilter, sort: EventSort) -> Vec<EventId> {
    let prepared = PreparedFilter::new(case, filter);
    let kept: Vec<&Event> = case
        .events
        .values()
        .filter(|e| media_id.is_none_or(|m| &e.media_id == m))
        .filter(|e| prepared.keeps(e))
        .collect();
    let maker = KeyMaker::new(case, &kept, sort.key);
    let mut rows: Vec<(Key, &Event)> = kept.into_iter().map(|e| (maker.key_of(case, e), e)).collect();
    // Unstable sort is fine: the order is total (natural_cmp never ties distinct ids).
    rows.sort_unstable_by(|(ka, a), (kb, b)| {
        let primary = match sort.direction {
            SortDirection::Ascending => ka.cmp(kb),
            SortDirection::Descending => kb.cmp(ka),
        };
        primary.then_with(|| a.start.frame.cmp(&b.start.frame)).then_with(|| natural_cmp(a.id.as_str(), b.id.as_str()))
    });
    rows.into_iter().map(|(_, e)| e.id.clone()).collect()
}

/// Updates `rows` (the result of [`query`] with the same media, filter and sort on the case before the change) for
/// events that changed: `changes` are (id, the event as it was, as it is now; `None`: absent). Returns false — leaving
/// `rows` unusable — when the sort key ranks values across all rows (type, reviewer, claims): query again then.
pub fn patch_rows(
    case: &Case,
    media_id: Option<&MediaId>,
    filter: &EventFilter,
    sort: EventSort,
    rows: &mut Vec<EventId>,
    changes: &[(&EventId, Option<&Event>, Option<&Event>)],
) -> bool {
    if matches!(sort.key, SortKey::Type | SortKey::Reviewer | SortKey::Claims) {
        return false;
    }
    let prepared = PreparedFilter::new(case, filter);
    let maker = KeyMaker::new(case, &[], sort.key);
    let order = |a: &Event, b: &Event| {
        let (ka, kb) = (maker.key_of(case, a), maker.key_of(case, b));
        let primary = match sort.direction {
            SortDirection::Ascending => ka.cmp(&kb),
            SortDirection::Descending => kb.cmp(&ka),
        };
        primary.then_with(|| a.start.frame.cmp(&b.start.frame)).then_with(|| natural_cmp(a.id.as_str(), b.id.as_str()))
    };
    let listed = |e: &Event| media_id.is_none_or(|m| &e.media_id == m) && prepared.keeps(e);
    // Take the changed events out: a few are found by binary search on their old sort position (the other rows
    // are unchanged, so the order there still holds); many at once, or one not where expected, by one pass.
    let mut leftover: HashSet<&EventId> = HashSet::new();
    if changes.len() > 8 {
        leftover.extend(changes.iter().map(|(id, _, _)| *id));
    } else {
        for (id, before, _) in changes {
            let Some(before) = before.filter(|b| listed(b)) else { continue };
            let at = rows.partition_point(|row| {
                row != *id && case.events.get(row).is_some_and(|r| order(r, before) == Ordering::Less)
            });
            if rows.get(at) == Some(*id) {
                rows.remove(at);
            } else {
                leftover.insert(*id);
            }
        }
    }
    if !leftover.is_empty() {
        rows.retain(|id| !leftover.contains(id));
    }
    let mut seen = HashSet::new();
    for (id, _, now) in changes {
        let Some(event) = now.filter(|e| listed(e)) else { continue };
        if !seen.insert(*id) {
            continue;
        }
        let at = rows.partition_point(|row| case.events.get(row).is_some_and(|r| order(r, event) == Ordering::Less));
        rows.insert(at, (*id).clone());
    }
    true
}

/// Updates `tally` (from [`claim_tally`] with the same `visibility`) for one event that changed from `before` to
/// `after`.
pub fn patch_tally(
    tally: &mut BTreeMap<ClaimId, StanceCounts>,
    before: Option<&Event>,
    after: Option<&Event>,
    visibility: &Visibility,
) {
    for link in before.iter().flat_map(|e| visibility.links(e)) {
        if let Some(counts) = tally.get_mut(&link.claim_id) {
            counts.remove(link.stance);
        }
    }
    for link in after.iter().flat_map(|e| visibility.links(e)) {
        if let Some(counts) = tally.get_mut(&link.claim_id) {
            counts.add(link.stance);
        }
    }
}

/// How many events of `media_id` (all media when `None`) the case holds that `visibility` shows.
pub fn event_count(case: &Case, media_id: Option<&MediaId>, visibility: &Visibility) -> usize {
    match (media_id, visibility.blind_reviewer()) {
        (None, None) => case.events.len(),
        _ => case
            .events
            .values()
            .filter(|e| media_id.is_none_or(|m| &e.media_id == m) && visibility.shows_event(e))
            .count(),
    }
}

/// For every claim of the case (also those without links), how many events support it, contradict it or give
/// context, counting the links `visibility` shows. Links to claims that do not exist are not counted.
pub fn claim_tally(case: &Case, visibility: &Visibility) -> BTreeMap<ClaimId, StanceCounts> {
    let mut tally: BTreeMap<ClaimId, StanceCounts> =
        case.claims.keys().map(|id| (id.clone(), StanceCounts::default())).collect();
    for link in case.events.values().flat_map(|e| visibility.links(e)) {
        if let Some(counts) = tally.get_mut(&link.claim_id) {
            counts.add(link.stance);
        }
    }
    tally
}

/// The events linked to `claim_id` by a link `visibility` shows, with their stance, in start order (ties by id).
pub fn events_of_claim(case: &Case, claim_id: &ClaimId, visibility: &Visibility) -> Vec<(EventId, Stance)> {
    let mut found: Vec<(&Event, Stance)> = case
        .events
        .values()
        .filter_map(|e| visibility.links(e).find(|l| &l.claim_id == claim_id).map(|l| (e, l.stance)))
        .collect();
    found.sort_by(|(a, _), (b, _)| {
        a.start.frame.cmp(&b.start.frame).then_with(|| natural_cmp(a.id.as_str(), b.id.as_str()))
    });
    found.into_iter().map(|(e, s)| (e.id.clone(), s)).collect()
}

#[cfg(test)]
#[path = "event_query_tests.rs"]
mod tests;
