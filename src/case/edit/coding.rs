//! One-key coding, without a window: what pressing an event type's hotkey does at a frame. A point type adds an
//! event there; an interval type opens an interval that the next press of the same key closes; with in/out marks
//! set, an interval type's key creates exactly that interval. The caller applies the returned event as an edit.

use crate::case::model::case::Case;
use crate::case::model::event::{Event, FramePoint};
use crate::case::model::ids::{EventTypeId, MediaId};
use crate::case::model::media_check::MediaAtCoding;
use crate::case::model::taxonomy::EventKind;
use crate::case::CaseError;

/// An interval whose hotkey was pressed once; the next press of the same key closes it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenInterval {
    pub type_id: EventTypeId,
    pub start: FramePoint,
}

/// The in/out marks (I / O), as exact points on the media.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Marks {
    pub mark_in: Option<FramePoint>,
    pub mark_out: Option<FramePoint>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.mark_in.is_none() && self.mark_out.is_none()
    }

    /// The marked range, ordered: in..out; with only one mark set, the other end is `at` (the playhead).
    pub fn range(&self, at: FramePoint) -> Option<(FramePoint, FramePoint)> {
        let (a, b) = match (self.mark_in, self.mark_out) {
            (None, None) => return None,
            (Some(i), Some(o)) => (i, o),
            (Some(i), None) => (i, at),
            (None, Some(o)) => (at, o),
        };
        Some(if a.frame <= b.frame { (a, b) } else { (b, a) })
    }
}

/// Who codes, and when: stamped on every new event.
pub struct CodingContext<'a> {
    pub media_id: &'a MediaId,
    pub reviewer: &'a str,
    pub now_utc: &'a str,
    /// What is known of the media file's identity now; recorded on the event.
    pub media_at_coding: MediaAtCoding,
}

/// What one hotkey press did.
#[derive(Clone, Debug, PartialEq)]
pub enum Pressed {
    /// A new event to add (a point, a closed interval, or the marked range).
    Create { event: Box<Event>, used_marks: bool },
    /// An interval was opened at this point and now runs until the key is pressed again.
    Opened(OpenInterval),
}

/// The effect of pressing `type_id`'s hotkey with the playhead at `at`. `open` is updated (an interval opened or
/// closed); `marks` are only read — the caller clears them when `used_marks` is true.
pub fn press(
    case: &Case,
    type_id: &EventTypeId,
    at: FramePoint,
    open: &mut Vec<OpenInterval>,
    marks: &Marks,
    ctx: &CodingContext<'_>,
) -> Result<Pressed, CaseError> {
    let ty = case
        .taxonomy
        .get(type_id)
        .ok_or_else(|| CaseError::NotFound { kind: "event type", id: type_id.to_string() })?;
    let new_event = |start: FramePoint, end: Option<FramePoint>| {
        Box::new(Event {
            id: case.new_event_id(),
            media_id: ctx.media_id.clone(),
            start,
            end,
            type_id: type_id.clone(),
            reviewer: ctx.reviewer.to_owned(),
            created_utc: ctx.now_utc.to_owned(),
            modified_utc: ctx.now_utc.to_owned(),
            media_at_coding: ctx.media_at_coding,
            ..Event::default()
        })
    };
    match ty.kind {
        EventKind::Point => Ok(Pressed::Create { event: new_event(at, None), used_marks: false }),
        EventKind::Interval => {
            if let Some(i) = open.iter().position(|o| &o.type_id == type_id) {
                let started = open.remove(i).start;
                let (start, end) = if started.frame <= at.frame { (started, at) } else { (at, started) };
                return Ok(Pressed::Create { event: new_event(start, Some(end)), used_marks: false });
            }
            if let Some((start, end)) = marks.range(at) {
                return Ok(Pressed::Create { event: new_event(start, Some(end)), used_marks: true });
            }
            let opened = OpenInterval { type_id: type_id.clone(), start: at };
            open.push(opened.clone());
            Ok(Pressed::Opened(opened))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Taxonomy;

    fn at(frame: u64) -> FramePoint {
        FramePoint { frame, pts_ticks: frame as i64 * 3000, time_base_num: 1, time_base_den: 90_000 }
    }

    fn case() -> Case {
        Case { taxonomy: Taxonomy::default_vehicle_bodycam(), ..Case::default() }
    }

    const CTX: CodingContext<'static> = CodingContext {
        media_id: &MediaId(String::new()),
        reviewer: "ana",
        now_utc: "2026-01-01T00:00:00.000Z",
        media_at_coding: MediaAtCoding::Verified,
    };

    #[test]
    fn point_type_creates_an_event_at_the_frame() {
        let mut open = Vec::new();
        let pressed = press(&case(), &"contact".into(), at(42), &mut open, &Marks::default(), &CTX).unwrap();
        let Pressed::Create { event, used_marks } = pressed else { panic!("expected an event, got {pressed:?}") };
        assert_eq!((event.start, event.end, used_marks), (at(42), None, false));
        assert_eq!(event.reviewer, "ana");
        assert!(open.is_empty());
    }

    #[test]
    fn interval_type_opens_then_closes_in_order() {
        let c = case();
        let mut open = Vec::new();
        let first = press(&c, &"brake-check".into(), at(90), &mut open, &Marks::default(), &CTX).unwrap();
        assert_eq!(first, Pressed::Opened(OpenInterval { type_id: "brake-check".into(), start: at(90) }));
        // Another interval type runs at the same time.
        press(&c, &"following".into(), at(95), &mut open, &Marks::default(), &CTX).unwrap();
        assert_eq!(open.len(), 2);
        let closed = press(&c, &"brake-check".into(), at(60), &mut open, &Marks::default(), &CTX).unwrap();
        let Pressed::Create { event, .. } = closed else { panic!("expected an event") };
        // Closed before it was opened (stepping back): the span is ordered.
        assert_eq!((event.start, event.end), (at(60), Some(at(90))));
        assert_eq!(open, vec![OpenInterval { type_id: "following".into(), start: at(95) }]);
    }

    #[test]
    fn marks_make_the_interval_and_points_ignore_them() {
        let c = case();
        let mut open = Vec::new();
        let marks = Marks { mark_in: Some(at(200)), mark_out: Some(at(150)) };
        let Pressed::Create { event, used_marks } =
            press(&c, &"boxing-in".into(), at(10), &mut open, &marks, &CTX).unwrap()
        else {
            panic!()
        };
        assert_eq!((event.start, event.end, used_marks), (at(150), Some(at(200)), true));
        let only_in = Marks { mark_in: Some(at(30)), mark_out: None };
        let Pressed::Create { event, .. } = press(&c, &"boxing-in".into(), at(45), &mut open, &only_in, &CTX).unwrap()
        else {
            panic!()
        };
        assert_eq!((event.start.frame, event.end.map(|e| e.frame)), (30, Some(45)));
        let Pressed::Create { event, used_marks } =
            press(&c, &"contact".into(), at(12), &mut open, &marks, &CTX).unwrap()
        else {
            panic!()
        };
        assert_eq!((event.start, event.end, used_marks), (at(12), None, false));
    }

    #[test]
    fn unknown_type_is_an_error() {
        let err = press(&case(), &"nope".into(), at(1), &mut Vec::new(), &Marks::default(), &CTX).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
