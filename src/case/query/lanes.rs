//! The timeline's index of a case's events on one media file: one lane per event type (taxonomy order, plus a
//! trailing lane for types the taxonomy lacks) — or, split by reviewer while adjudicating, one lane per type and
//! reviewer — each sorted by start frame with a tree of end-frame maxima, so that what to draw in a pixel range and
//! what lies under the pointer are found by binary search, never by a scan. Only events the [`Visibility`] shows
//! are indexed.

use crate::case::query::max_tree::MaxTree;
use crate::case::query::visibility::Visibility;
use crate::case::{Case, Event, EventId, EventKind, EventTypeId, MediaId, Rgb};

/// At most this many events starting in one pixel column are drawn one by one; more become a dense span.
pub const MAX_EVENTS_PER_COLUMN: usize = 3;
/// At most this many events reaching into the view from its left are drawn one by one; more become a dense span.
pub const MAX_CARRIED_EVENTS: usize = 8;

/// One event as the timeline sees it: frames only (end inclusive; a point event ends where it starts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneEvent {
    pub id: EventId,
    pub start_frame: u64,
    pub end_frame: u64,
    pub is_interval: bool,
}

/// One row of the timeline.
#[derive(Clone, Debug, Default)]
pub struct Lane {
    /// `None` for the trailing lane of events whose type is not in the taxonomy.
    pub type_id: Option<EventTypeId>,
    pub name: String,
    /// With lanes split by reviewer: whose events these are.
    pub reviewer: Option<String>,
    pub colour: Rgb,
    pub kind: Option<EventKind>,
    /// Sorted by (start, end, id).
    events: Vec<LaneEvent>,
    starts: Vec<u64>,
    /// The end frames, sorted on their own (counts of events ending before a frame).
    ends_sorted: Vec<u64>,
    /// Maxima of the end frames in start order.
    end_max: MaxTree,
}

/// What to draw for part of a lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaneSpan {
    /// One event, by its index in the lane (see [`EventLanes::event`]).
    One(usize),
    /// `count` events sharing pixels, covering `first_frame..=last_frame` together.
    Dense { first_frame: u64, last_frame: u64, count: usize },
}

/// All lanes of one media file.
#[derive(Clone, Debug, Default)]
pub struct EventLanes {
    lanes: Vec<Lane>,
    /// What was indexed, so a patch keeps to the same rule.
    visibility: Visibility,
    by_reviewer: bool,
}

/// Which events become lanes: those `visibility` shows, in one lane per type, or per type and reviewer.
#[derive(Clone, Copy, Debug)]
pub struct LaneScope<'a> {
    pub visibility: &'a Visibility,
    pub by_reviewer: bool,
}

impl Lane {
    fn new(
        type_id: Option<EventTypeId>,
        (name, reviewer): (String, Option<String>),
        colour: Rgb,
        kind: Option<EventKind>,
        mut events: Vec<LaneEvent>,
    ) -> Self {
        events.sort_by(lane_order);
        let mut lane = Self { type_id, name, reviewer, colour, kind, events, ..Self::default() };
        lane.reindex();
        lane
    }

    /// Recomputes the start list, the sorted ends and the tree of maxima from `events` (already in lane order).
    fn reindex(&mut self) {
        self.starts = self.events.iter().map(|e| e.start_frame).collect();
        let ends: Vec<i64> = self.events.iter().map(|e| e.end_frame.min(i64::MAX as u64) as i64).collect();
        self.ends_sorted = self.events.iter().map(|e| e.end_frame).collect();
        self.ends_sorted.sort_unstable();
        self.end_max = MaxTree::new(&ends);
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn event(&self, index: usize) -> Option<&LaneEvent> {
        self.events.get(index)
    }

    /// Number of events starting at or before `frame`.
    fn started_by(&self, frame: u64) -> usize {
        self.starts.partition_point(|s| *s <= frame)
    }

    /// Number of events covering any frame of `first..=last` (two binary searches).
    pub fn count_overlapping(&self, first: u64, last: u64) -> usize {
        if first > last {
            return 0;
        }
        self.started_by(last) - self.ends_sorted.partition_point(|e| *e < first)
    }

    /// Indices of the events covering any frame of `first..=last`, in lane order, at most `limit` of them.
    pub fn overlapping(&self, first: u64, last: u64, limit: usize, out: &mut Vec<usize>) {
        if first > last {
            return;
        }
        self.end_max.each_at_least(0, self.started_by(last), to_i64(first), limit, out);
    }

    /// What to draw for the pixel columns `0..width_px`, column 0 starting at frame position `first_frame` and each
    /// column `frames_per_px` frames wide. Clears `out` first. Events starting in a column are drawn one by one
    /// when there are at most [`MAX_EVENTS_PER_COLUMN`]; runs of fuller columns become one dense span. The number
    /// of spans is at most `MAX_EVENTS_PER_COLUMN × width_px + MAX_CARRIED_EVENTS`, whatever the number of events.
    pub fn spans(&self, first_frame: f64, frames_per_px: f64, width_px: usize, out: &mut Vec<LaneSpan>) {
        out.clear();
        if self.events.is_empty()
            || width_px == 0
            || frames_per_px.is_nan()
            || frames_per_px <= 0.0
            || !first_frame.is_finite()
        {
            return;
        }
        let view_end = first_frame + frames_per_px * width_px as f64;
        if view_end <= 0.0 {
            return;
        }
        let first_visible = first_frame.max(0.0).floor() as u64;
        let last_visible = (view_end.ceil() as u64).saturating_sub(1);
        let column_of = |frame: u64| ((frame as f64 - first_frame) / frames_per_px).floor().max(0.0) as i64;
        // The first whole frame lying in a column after `column`.
        let frame_after_column =
            |column: i64| (first_frame + (column + 1) as f64 * frames_per_px).ceil().max(0.0) as u64;

        // Events that began left of the view and reach into it.
        let first_inside = self.first_starting_at(first_visible);
        let carried = self.count_reaching_into(first_visible);
        if carried > MAX_CARRIED_EVENTS {
            let reach = self.end_max.max_in(0, first_inside).max(0) as u64;
            out.push(LaneSpan::Dense { first_frame: first_visible, last_frame: reach, count: carried });
        } else if carried > 0 {
            let mut found = Vec::with_capacity(carried);
            self.end_max.each_at_least(0, first_inside, to_i64(first_visible), carried, &mut found);
            out.extend(found.into_iter().map(LaneSpan::One));
        }

        // Events starting inside the view, one column at a time, skipping empty columns by binary search.
        let end = self.started_by(last_visible);
        let mut j = first_inside;
        while j < end {
            let column = column_of(self.starts[j]);
            // Rounding can put a column's end on its own first start; always move past it.
            let mut k = self.starts_before(j, end, frame_after_column(column).max(self.starts[j] + 1));
            if k - j <= MAX_EVENTS_PER_COLUMN {
                out.extend((j..k).map(LaneSpan::One));
                j = k;
                continue;
            }
            let mut last_column = column;
            while k < end && column_of(self.starts[k]) == last_column + 1 {
                let next = self.starts_before(k, end, frame_after_column(last_column + 1));
                if next - k <= MAX_EVENTS_PER_COLUMN {
                    break;
                }
                k = next;
                last_column += 1;
            }
            let last_frame = self.end_max.max_in(j, k).max(0) as u64;
            out.push(LaneSpan::Dense { first_frame: self.starts[j], last_frame, count: k - j });
            j = k;
        }
    }

    /// The index of the first event starting at or after `frame` (the lane's length if none does).
    pub fn first_starting_at(&self, frame: u64) -> usize {
        self.starts.partition_point(|s| *s < frame)
    }

    /// Number of events starting before `frame` and ending at or after it (reaching into a view that begins there).
    pub fn count_reaching_into(&self, frame: u64) -> usize {
        self.first_starting_at(frame) - self.ends_sorted.partition_point(|e| *e < frame)
    }

    /// Indices of the events starting before `frame` and ending at or after it, in lane order, at most `limit`.
    pub fn reaching_into(&self, frame: u64, limit: usize, out: &mut Vec<usize>) {
        self.end_max.each_at_least(0, self.first_starting_at(frame), to_i64(frame), limit, out);
    }

    /// Whether `spans` (made by [`Self::spans`] from `first_frame`) begins with the dense span of events reaching
    /// into the view from its left, rather than of events starting inside it.
    pub fn spans_begin_carried(&self, first_frame: f64, spans: &[LaneSpan]) -> bool {
        let first_visible = first_frame.max(0.0).floor() as u64;
        matches!(spans.first(), Some(LaneSpan::Dense { .. }))
            && self.count_reaching_into(first_visible) > MAX_CARRIED_EVENTS
    }

    /// The first index in `from..to` whose start is at or after `frame`.
    fn starts_before(&self, from: usize, to: usize, frame: u64) -> usize {
        from + self.starts[from..to].partition_point(|s| *s < frame)
    }

    /// The event under the frame position `pos_frames` (frame `f` covers positions `f..f+1`), or the nearest one
    /// within `tolerance_frames`. Among events covering the position, the last in lane order wins (it is drawn on
    /// top); otherwise the nearer of the event ending last before it and the first starting after it (the left
    /// one on a tie).
    pub fn hit(&self, pos_frames: f64, tolerance_frames: f64) -> Option<usize> {
        if self.events.is_empty() || !pos_frames.is_finite() {
            return None;
        }
        let (started, left) = if pos_frames >= 0.0 {
            let frame = pos_frames.floor() as u64;
            let started = self.started_by(frame);
            if let Some(i) = self.end_max.rightmost_at_least(started, to_i64(frame)) {
                return Some(i);
            }
            let reach = self.end_max.max_in(0, started);
            let left = self
                .end_max
                .rightmost_at_least(started, reach)
                .map(|i| (i, pos_frames - (self.events[i].end_frame as f64 + 1.0)));
            (started, left)
        } else {
            (0, None)
        };
        let right = self.events.get(started).map(|e| {
            let last_same = self.started_by(e.start_frame) - 1;
            (last_same, e.start_frame as f64 - pos_frames)
        });
        let best = match (left, right) {
            (Some(l), Some(r)) => Some(if l.1 <= r.1 { l } else { r }),
            (l, r) => l.or(r),
        };
        best.filter(|(_, distance)| *distance <= tolerance_frames).map(|(i, _)| i)
    }
}

fn to_i64(frame: u64) -> i64 {
    frame.min(i64::MAX as u64) as i64
}

/// Lane order: by start, then end, then id.
fn lane_order(a: &LaneEvent, b: &LaneEvent) -> std::cmp::Ordering {
    (a.start_frame, a.end_frame, &a.id).cmp(&(b.start_frame, b.end_frame, &b.id))
}

fn lane_event(event: &Event) -> LaneEvent {
    let start_frame = event.start.frame;
    LaneEvent {
        id: event.id.clone(),
        start_frame,
        end_frame: event.end.map_or(start_frame, |end| end.frame.max(start_frame)),
        is_interval: event.end.is_some(),
    }
}

impl EventLanes {
    /// Applies changed events (as they were, as they are; `None`: absent) instead of rebuilding: each lane that
    /// changed is re-indexed, the others are left alone. Returns false — and changes nothing — when the change
    /// needs a lane that does not exist yet (an event of a type the taxonomy lacks); rebuild then.
    pub fn patch(&mut self, media_id: &MediaId, changes: &[(Option<&Event>, Option<&Event>)]) -> bool {
        fn on_media<'e>(e: Option<&'e Event>, media_id: &MediaId, visibility: &Visibility) -> Option<&'e Event> {
            e.filter(|e| &e.media_id == media_id && visibility.shows_event(e))
        }
        let v = &self.visibility;
        let changes: Vec<(Option<&Event>, Option<&Event>)> = changes
            .iter()
            .map(|(before, after)| (on_media(*before, media_id, v), on_media(*after, media_id, v)))
            .collect();
        for after in changes.iter().filter_map(|(_, after)| *after) {
            let own_lane = |l: usize| {
                let lane = &self.lanes[l];
                lane.type_id.is_none()
                    || (lane.type_id.as_ref() == Some(&after.type_id)
                        && (!self.by_reviewer || lane.reviewer.as_deref() == Some(after.reviewer.as_str())))
            };
            if !self.lane_for(after).is_some_and(own_lane) {
                return false;
            }
        }
        let mut dirty = vec![false; self.lanes.len()];
        for (before, after) in changes {
            if let Some(before) = before {
                let old = lane_event(before);
                if let Some(l) = self.lane_for(before) {
                    let lane = &mut self.lanes[l];
                    if let Ok(i) = lane.events.binary_search_by(|e| lane_order(e, &old)) {
                        lane.events.remove(i);
                        dirty[l] = true;
                    }
                }
            }
            if let Some(after) = after {
                let new = lane_event(after);
                if let Some(l) = self.lane_for(after) {
                    let lane = &mut self.lanes[l];
                    let at = lane.events.partition_point(|e| lane_order(e, &new).is_lt());
                    lane.events.insert(at, new);
                    dirty[l] = true;
                }
            }
        }
        for (lane, dirty) in self.lanes.iter_mut().zip(dirty) {
            if dirty {
                lane.reindex();
            }
        }
        true
    }

    /// Indexes the events of `media_id` in `case` that `scope` shows: one lane per taxonomy type, in taxonomy
    /// order (split by reviewer: one per type and reviewer who coded it, by name, or one empty lane), then one lane
    /// for events whose type is not in the taxonomy (only if there are any).
    pub fn build(case: &Case, media_id: &MediaId, scope: LaneScope<'_>) -> Self {
        use std::collections::BTreeMap;
        let types = &case.taxonomy.types;
        let mut per_type: Vec<BTreeMap<&str, Vec<LaneEvent>>> = vec![BTreeMap::new(); types.len()];
        let mut unknown = Vec::new();
        let position: std::collections::HashMap<&EventTypeId, usize> =
            types.iter().enumerate().map(|(i, t)| (&t.id, i)).rev().collect();
        let shown = case.events.values().filter(|e| &e.media_id == media_id && scope.visibility.shows_event(e));
        for event in shown {
            let lane_event = lane_event(event);
            let reviewer = if scope.by_reviewer { event.reviewer.as_str() } else { "" };
            match position.get(&event.type_id) {
                Some(&i) => per_type[i].entry(reviewer).or_default().push(lane_event),
                None => unknown.push(lane_event),
            }
        }
        let mut lanes = Vec::new();
        for (t, mut by_reviewer) in types.iter().zip(per_type) {
            if by_reviewer.is_empty() {
                by_reviewer.insert("", Vec::new());
            }
            for (reviewer, events) in by_reviewer {
                let naming = match (scope.by_reviewer, reviewer) {
                    (false, _) => (t.name.clone(), None),
                    (true, "") if events.is_empty() => (t.name.clone(), None),
                    (true, "") => (format!("{} · no reviewer", t.name), Some(String::new())),
                    (true, r) => (format!("{} · {r}", t.name), Some(r.to_owned())),
                };
                lanes.push(Lane::new(Some(t.id.clone()), naming, t.colour, Some(t.kind), events));
            }
        }
        if !unknown.is_empty() {
            let grey = Rgb { r: 150, g: 150, b: 150 };
            lanes.push(Lane::new(None, ("Other types".to_owned(), None), grey, None, unknown));
        }
        Self { lanes, visibility: scope.visibility.clone(), by_reviewer: scope.by_reviewer }
    }

    /// Whether the lanes are split by reviewer.
    pub fn by_reviewer(&self) -> bool {
        self.by_reviewer
    }

    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    pub fn lane(&self, lane: usize) -> Option<&Lane> {
        self.lanes.get(lane)
    }

    /// The lane `event` is drawn in: its type's (and, split by reviewer, its reviewer's).
    pub fn lane_for(&self, event: &Event) -> Option<usize> {
        if self.by_reviewer {
            let exact = self.lanes.iter().position(|l| {
                l.type_id.as_ref() == Some(&event.type_id) && l.reviewer.as_deref() == Some(event.reviewer.as_str())
            });
            if exact.is_some() {
                return exact;
            }
        }
        self.lane_of(&event.type_id)
    }

    /// The first lane of events of `type_id` (the trailing lane for a type the taxonomy lacks, if it exists).
    pub fn lane_of(&self, type_id: &EventTypeId) -> Option<usize> {
        self.lanes
            .iter()
            .position(|l| l.type_id.as_ref() == Some(type_id))
            .or_else(|| self.lanes.iter().position(|l| l.type_id.is_none()))
    }

    pub fn event(&self, lane: usize, index: usize) -> Option<&LaneEvent> {
        self.lanes.get(lane)?.event(index)
    }

    /// See [`Lane::spans`]; an unknown lane gives nothing.
    pub fn spans(&self, lane: usize, first_frame: f64, frames_per_px: f64, width_px: usize, out: &mut Vec<LaneSpan>) {
        out.clear();
        if let Some(l) = self.lanes.get(lane) {
            l.spans(first_frame, frames_per_px, width_px, out);
        }
    }

    /// See [`Lane::hit`].
    pub fn hit(&self, lane: usize, pos_frames: f64, tolerance_frames: f64) -> Option<&LaneEvent> {
        let l = self.lanes.get(lane)?;
        l.hit(pos_frames, tolerance_frames).and_then(|i| l.event(i))
    }
}

#[cfg(test)]
#[path = "lanes_tests.rs"]
mod tests;
