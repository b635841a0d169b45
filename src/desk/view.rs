//! What every coding panel (timeline, events table, inspector, claims board) reads each frame: the case, the media
//! on screen, the selection, what may be shown (blind mode), the measure tool's pending marks and a revision number that changes whenever the case or
//! what may be shown does (panels cache on it).

use crate::case::{Case, FramePoint, MediaId, Visibility};
use crate::player::Timeline;

use super::changes::{ChangeLog, EventDelta};
use super::measure::MeasureDraft;
use super::selection::Selection;

pub use crate::case::OpenInterval;

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
    /// What may be shown: every panel's query keeps to it (blind mode hides other reviewers' coding).
    pub visibility: &'a Visibility,
    /// The measure tool's marks so far (drawn on the timeline) and what was typed beside them.
    pub measure: &'a MeasureDraft,
}

/// The part of a [`DeskView`] the panels' caches (table rows, lanes, claim tallies) are built from: no player, no
/// selection. The thread that opens a case builds them from its desk before the window has a player for it.
#[derive(Clone, Copy)]
pub struct CaseScope<'a> {
    pub case: &'a Case,
    pub media_id: &'a MediaId,
    pub revision: u64,
    pub changes: &'a ChangeLog,
    pub visibility: &'a Visibility,
}

impl<'a> CaseScope<'a> {
    /// As [`DeskView::deltas_since`].
    pub fn deltas_since(&self, revision: u64) -> Option<Vec<&'a EventDelta>> {
        self.changes.since(revision, self.revision)
    }
}

impl DeskView<'_> {
    /// What the panels' caches are built from.
    pub fn scope(&self) -> CaseScope<'_> {
        CaseScope {
            case: self.case,
            media_id: self.media_id,
            revision: self.revision,
            changes: self.changes,
            visibility: self.visibility,
        }
    }

    /// The event changes from `revision` (when a cache was built) to now, oldest first, or `None` when the cache
    /// must be rebuilt (something other than events changed, or the cache is too old).
    pub fn deltas_since(&self, revision: u64) -> Option<Vec<&EventDelta>> {
        self.scope().deltas_since(revision)
    }

    /// The exact point of `frame` on the media on screen: index, PTS ticks and time base (clamped to the file).
    pub fn frame_point(&self, frame: usize) -> FramePoint {
        frame_point(self.timeline, frame)
    }
}

/// The exact point of `frame` on `timeline` (clamped to its last frame), with the PTS [`Timeline::pts_ticks_at`]
/// gives it. Every frame number that becomes a `FramePoint` — window, command line, imports — goes through here.
pub fn frame_point(timeline: &Timeline, frame: usize) -> FramePoint {
    let frame = frame.min(timeline.last_frame());
    let pts_ticks = timeline.pts_ticks_at(frame);
    FramePoint {
        frame: frame as u64,
        pts_ticks,
        time_base_num: timeline.time_base_num,
        time_base_den: timeline.time_base_den,
    }
}
