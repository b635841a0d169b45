//! Dragging on the timeline: which part of an event the pointer grabbed (body or an edge), the frames the event
//! would have after a drag of so many whole frames (clamped to the file, end never before start), and the one
//! undoable edit sent on release.

use crate::case::{Edit, EventId};
use crate::desk::frame_point;
use crate::player::Timeline;

/// Edges are grabbed within this many pixels (when the bar is wide enough to still have a body).
pub const EDGE_GRAB_PX: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DragMode {
    Move,
    ResizeStart,
    ResizeEnd,
}

/// A drag in progress.
#[derive(Clone, Debug, PartialEq)]
pub enum Drag {
    /// An event grabbed at `origin_x` (screen pixels); `start`/`end` are its frames before the drag.
    Event { id: EventId, lane: usize, mode: DragMode, origin_x: f32, start: u64, end: u64, is_interval: bool },
    /// The view grabbed (ruler or empty space): `first_frame` is the view's left edge when it began.
    Pan { origin_x: f32, first_frame: f64 },
    /// The scroll bar's thumb grabbed at `origin_x`: `first_frame` is the view's left edge when it began.
    Thumb { origin_x: f32, first_frame: f64 },
}

/// Which part of an event at `x` the pointer grabs: an interval whose bar spans `start_x..end_x` has grabbable
/// edges when it is at least three edges wide; a point event only moves.
pub fn mode_at(x: f64, start_x: f64, end_x: f64, is_interval: bool) -> DragMode {
    if !is_interval || end_x - start_x < 3.0 * EDGE_GRAB_PX {
        return DragMode::Move;
    }
    if (x - start_x).abs() <= EDGE_GRAB_PX {
        DragMode::ResizeStart
    } else if (x - end_x).abs() <= EDGE_GRAB_PX {
        DragMode::ResizeEnd
    } else {
        DragMode::Move
    }
}

/// The whole number of frames a drag of `dx_px` at `px_per_frame` moves by.
pub fn frames_moved(dx_px: f64, px_per_frame: f64) -> i64 {
    if px_per_frame <= 0.0 || !dx_px.is_finite() {
        return 0;
    }
    (dx_px / px_per_frame).round() as i64
}

/// The event's frames (start, end inclusive) after dragging by `delta_frames`, kept inside `0..=last_frame`:
/// a move keeps the length (and does nothing if the event is longer than the file); a resize never crosses the
/// other edge.
pub fn dragged_frames(mode: DragMode, start: u64, end: u64, delta_frames: i64, last_frame: u64) -> (u64, u64) {
    let (s, e, last) = (start as i64, end.max(start) as i64, last_frame as i64);
    match mode {
        DragMode::Move => {
            let (lo, hi) = (-s, last - e);
            if hi < lo {
                return (start, end);
            }
            let d = delta_frames.clamp(lo, hi);
            ((s + d) as u64, (e + d) as u64)
        }
        DragMode::ResizeStart => ((s + delta_frames).clamp(0, e) as u64, end),
        DragMode::ResizeEnd => (start, (e + delta_frames).clamp(s, last.max(s)) as u64),
    }
}

/// The edit for a finished drag of `id` to `start..=end`, or `None` if nothing changed (or the event is gone).
/// Only the edges that moved get new frame points, made from the timeline (index, PTS and time base).
pub fn finish_edit(
    case: &crate::case::Case,
    timeline: &Timeline,
    id: &EventId,
    mode: DragMode,
    before: (u64, u64),
    after: (u64, u64),
) -> Option<Edit> {
    if before == after {
        return None;
    }
    let mut event = case.events.get(id)?.clone();
    let point = |frame: u64| frame_point(timeline, usize::try_from(frame).unwrap_or(usize::MAX));
    if mode != DragMode::ResizeEnd {
        event.start = point(after.0);
    }
    if mode != DragMode::ResizeStart && event.end.is_some() {
        event.end = Some(point(after.1));
    }
    Some(Edit::UpdateEvent(Box::new(event)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_grabbed_only_on_wide_intervals() {
        assert_eq!(mode_at(101.0, 100.0, 200.0, true), DragMode::ResizeStart);
        assert_eq!(mode_at(197.0, 100.0, 200.0, true), DragMode::ResizeEnd);
        assert_eq!(mode_at(150.0, 100.0, 200.0, true), DragMode::Move);
        assert_eq!(mode_at(101.0, 100.0, 110.0, true), DragMode::Move, "too narrow for edges");
        assert_eq!(mode_at(101.0, 100.0, 200.0, false), DragMode::Move, "points only move");
    }

    #[test]
    fn drags_snap_and_clamp() {
        assert_eq!(frames_moved(59.0, 20.0), 3);
        assert_eq!(frames_moved(-29.0, 20.0), -1);
        assert_eq!(dragged_frames(DragMode::Move, 10, 20, 5, 1799), (15, 25));
        assert_eq!(dragged_frames(DragMode::Move, 10, 20, -50, 1799), (0, 10), "stops at frame 0, length kept");
        assert_eq!(dragged_frames(DragMode::Move, 10, 20, 5000, 1799), (1789, 1799), "stops at the last frame");
        assert_eq!(dragged_frames(DragMode::ResizeStart, 10, 20, 30, 1799), (20, 20), "start never passes end");
        assert_eq!(dragged_frames(DragMode::ResizeEnd, 10, 20, -30, 1799), (10, 10), "end never before start");
        assert_eq!(dragged_frames(DragMode::ResizeEnd, 10, 20, 5000, 1799), (10, 1799));
        assert_eq!(dragged_frames(DragMode::Move, 0, 3000, 5, 1799), (0, 3000), "longer than the file: stays");
    }

    #[test]
    fn the_edit_changes_only_the_dragged_edges() {
        let case = crate::sample::synthetic_case(20);
        let timeline = Timeline::constant_rate(1800, 30);
        let id = EventId::new("e0"); // "following" interval 0..=45
        let before = case.events.get(&id).cloned().unwrap_or_default();
        assert!(finish_edit(&case, &timeline, &id, DragMode::Move, (0, 45), (0, 45)).is_none());
        let Some(Edit::UpdateEvent(after)) = finish_edit(&case, &timeline, &id, DragMode::ResizeEnd, (0, 45), (0, 50))
        else {
            panic!("an update edit");
        };
        assert_eq!(after.start, before.start, "the start was not touched");
        assert_eq!(after.end, Some(frame_point(&timeline, 50)));
    }
}
