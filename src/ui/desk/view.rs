//! What every coding panel (timeline, events table, inspector, claims board) reads each frame: the case, the media
//! on screen, the selection and a revision number that changes whenever the case does (panels cache on it).

use std::collections::BTreeSet;

use crate::case::{Case, ClaimId, Event, EventId, FramePoint, MediaId};
use crate::player::Timeline;

/// The selected events (table multi-select, timeline click) and the one the inspector shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub events: BTreeSet<EventId>,
    /// The event the inspector edits: the last one clicked.
    pub primary: Option<EventId>,
    /// The claim picked on the claims board (its events are listed there).
    pub claim: Option<ClaimId>,
}

impl Selection {
    pub fn is_selected(&self, id: &EventId) -> bool {
        self.events.contains(id)
    }

    /// Replaces the selection by `ids`; the primary is `primary` or the last of `ids`.
    pub fn set(&mut self, ids: Vec<EventId>, primary: Option<EventId>) {
        self.primary = primary.or_else(|| ids.last().cloned());
        self.events = ids.into_iter().collect();
        if let Some(p) = &self.primary {
            self.events.insert(p.clone());
        }
    }

    /// Adds or removes one event (Ctrl+click).
    pub fn toggle(&mut self, id: EventId) {
        if self.events.remove(&id) {
            if self.primary.as_ref() == Some(&id) {
                self.primary = self.events.iter().next_back().cloned();
            }
        } else {
            self.events.insert(id.clone());
            self.primary = Some(id);
        }
    }

    /// Drops ids that no longer exist in `case` (after an undo or a delete).
    pub fn retain_existing(&mut self, case: &Case) {
        self.events.retain(|id| case.events.contains_key(id));
        if self.primary.as_ref().is_some_and(|p| !case.events.contains_key(p)) {
            self.primary = None;
        }
        if self.claim.as_ref().is_some_and(|c| !case.claims.contains_key(c)) {
            self.claim = None;
        }
    }
}

pub use crate::case::OpenInterval;

/// One event as it was before a change and as it is after (`None`: absent), so caches can be patched instead of
/// rebuilt: subtract `before`, add `after`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDelta {
    pub id: EventId,
    pub before: Option<Event>,
    pub after: Option<Event>,
}

/// The changes between consecutive revisions: `Some(deltas)` when only events changed, `None` when something
/// else did (claims, taxonomy, a reopened or recovered case) and every cache must be rebuilt.
#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    /// (revision before, revision after, what changed), oldest first.
    steps: std::collections::VecDeque<(u64, u64, Option<Vec<EventDelta>>)>,
}

/// How many steps are kept; a panel further behind rebuilds.
const CHANGE_LOG_STEPS: usize = 64;

impl ChangeLog {
    pub fn record(&mut self, before: u64, after: u64, deltas: Option<Vec<EventDelta>>) {
        if self.steps.len() == CHANGE_LOG_STEPS {
            self.steps.pop_front();
        }
        self.steps.push_back((before, after, deltas));
    }

    /// The deltas that lead from `revision` to `current`, oldest first; `None` when they are unknown.
    pub fn since(&self, revision: u64, current: u64) -> Option<Vec<&EventDelta>> {
        if revision == current {
            return Some(Vec::new());
        }
        let start = self.steps.iter().position(|(before, _, _)| *before == revision)?;
        let mut out = Vec::new();
        let mut at = revision;
        for (before, after, deltas) in self.steps.iter().skip(start) {
            if *before != at {
                return None;
            }
            out.extend(deltas.as_ref()?.iter());
            at = *after;
        }
        (at == current).then_some(out)
    }
}

/// Read-only state for one frame of the coding panels.
pub struct DeskView<'a> {
    pub case: &'a Case,
    /// The media file on screen; events of other media are not drawn on the timeline.
    pub media_id: &'a MediaId,
    /// Changes whenever the case changes (edit, undo, redo, reload); never repeats within a run.
    pub revision: u64,
    pub selection: &'a Selection,
    /// The player's frames (times, PTS, keyframes).
    pub timeline: &'a Timeline,
    /// The frame on screen (the playhead).
    pub current_frame: usize,
    /// Intervals started but not yet closed, drawn growing up to the playhead.
    pub open_intervals: &'a [OpenInterval],
    /// In and out marks (I / O), as frame numbers.
    pub mark_in: Option<usize>,
    pub mark_out: Option<usize>,
    /// What changed between recent revisions (see [`DeskView::deltas_since`]).
    pub changes: &'a ChangeLog,
}

impl DeskView<'_> {
    /// The event changes from `revision` (when a cache was built) to now, oldest first, or `None` when the cache
    /// must be rebuilt (something other than events changed, or the cache is too old).
    pub fn deltas_since(&self, revision: u64) -> Option<Vec<&EventDelta>> {
        self.changes.since(revision, self.revision)
    }

    /// The exact point of `frame` on the media on screen: index, PTS ticks and time base (clamped to the file).
    pub fn frame_point(&self, frame: usize) -> FramePoint {
        frame_point(self.timeline, frame)
    }
}

/// The exact point of `frame` on `timeline` (clamped to its last frame). A frame without a PTS gets the ticks of
/// its position on the timeline, so that its media time is still right.
pub fn frame_point(timeline: &Timeline, frame: usize) -> FramePoint {
    let frame = frame.min(timeline.last_frame());
    let pts_ticks = timeline.pts_of(frame).unwrap_or_else(|| {
        let tick_secs = f64::from(timeline.time_base_num) / f64::from(timeline.time_base_den.max(1));
        (timeline.secs_of(frame) / tick_secs.max(f64::MIN_POSITIVE)).round() as i64
    });
    FramePoint { frame: frame as u64, pts_ticks, time_base_num: timeline.time_base_num, time_base_den: timeline.time_base_den }
}
