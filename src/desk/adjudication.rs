//! The adjudicator's moves at the desk: accept one reviewer's event, merge several, or code a new one, each with
//! a reason. The desk turns the move into the case's `Edit::Adjudicate` (`case::{accept, merge_events, recode}`)
//! as the reviewer set in the window — the adjudicator — and applies it through [`Desk::edit`], so it is journalled,
//! audited and undone like any edit. The reviewers' events are never changed.

use crate::case::{accept, merge_events, recode, Clock, Decision, Edit, EventId, EventTypeId, SystemClock};
use crate::player::Timeline;

use super::command::DeskAt;
use super::state::Desk;
use super::view::frame_point;

/// One settlement of a disagreement.
#[derive(Clone, Debug, PartialEq)]
pub enum Settle {
    /// Keep `accepted` as it was coded, in place of itself and of `over` (the events it competed with).
    Accept { accepted: EventId, over: Vec<EventId> },
    /// Merge these events (at least two, on one media file) into one.
    Merge(Vec<EventId>),
    /// A new event of the adjudicator's own on the media on screen (`end_frame`: `None` for a point type), in place
    /// of `supersedes`; it keeps the first superseded event's claim links.
    Recode { type_id: EventTypeId, start_frame: usize, end_frame: Option<usize>, supersedes: Vec<EventId> },
}

impl Desk {
    /// Settles a disagreement with `reason` (required) as `at.reviewer`; the outcome becomes the notice, and the
    /// new event is selected. Returns whether it took effect.
    pub fn adjudicate(&mut self, settle: Settle, reason: &str, at: DeskAt<'_>) -> bool {
        if reason.trim().is_empty() {
            self.tell("Not adjudicated: give the reason for the decision first.", true);
            return false;
        }
        let now = SystemClock.now_rfc3339();
        let decision = Decision { adjudicator: at.reviewer, reason, decided_utc: &now };
        let (made, what) = match settle {
            Settle::Accept { accepted, over } => {
                let what = format!("accepted {accepted}");
                (accept(self.case(), &accepted, &over, decision), what)
            }
            Settle::Merge(ids) => {
                let names: Vec<&str> = ids.iter().map(EventId::as_str).collect();
                let what = format!("merged {}", names.join(" and "));
                (merge_events(self.case(), &ids, decision), what)
            }
            Settle::Recode { type_id, start_frame, end_frame, supersedes } => {
                let Some(timeline) = at.timeline else {
                    self.tell("Not adjudicated: the media is still being indexed.", true);
                    return false;
                };
                let event = self.new_event(&type_id, timeline, (start_frame, end_frame), &supersedes, at);
                let what = format!("coded a new {}", self.case().taxonomy.name_or_id(&type_id));
                (recode(self.case(), event, &supersedes, decision), what)
            }
        };
        let edit = match made {
            Ok(edit) => edit,
            Err(e) => {
                self.tell(format!("Not adjudicated: {e}"), true);
                return false;
            }
        };
        let new_id = match &edit {
            Edit::Adjudicate(event) => Some(event.id.clone()),
            _ => None,
        };
        if !self.edit(edit, at.reviewer) {
            return false;
        }
        self.tell(
            format!("Adjudicated: {what} (new event {}). Ctrl+Z undoes it.", new_id.clone().unwrap_or_default()),
            false,
        );
        if let Some(id) = new_id {
            self.select(vec![id.clone()], Some(id));
        }
        true
    }

    /// The adjudicator's new event on the media on screen: the first superseded event's links, nothing else of it.
    fn new_event(
        &self,
        type_id: &EventTypeId,
        timeline: &Timeline,
        (start_frame, end_frame): (usize, Option<usize>),
        supersedes: &[EventId],
        at: DeskAt<'_>,
    ) -> crate::case::Event {
        let links = supersedes.first().and_then(|id| self.case().events.get(id)).map(|e| e.links.clone());
        crate::case::Event {
            id: EventId::default(),
            media_id: self.media_id().clone(),
            start: frame_point(timeline, start_frame),
            end: end_frame.map(|f| frame_point(timeline, f.max(start_frame))),
            type_id: type_id.clone(),
            links: links.unwrap_or_default(),
            media_at_coding: at.media_at_coding,
            ..crate::case::Event::default()
        }
    }
}
