//! Coding a case through `Desk::apply`, without a window or a decoder: the same `DeskCommand`s the keys and panels
//! send, at frames of a constant-rate timeline, on a scratch copy of the sample case. Every test asserts on the case.

mod support;

use claimframe::case::{load_case, ClaimId, ClaimLink, Edit, Event, EventTypeId, MediaAtCoding, Stance};
use claimframe::desk::{frame_point, Desk, DeskAt, DeskCommand};
use claimframe::player::Timeline;
use support::case::scratch_case;

const REVIEWER: &str = "desk test";

/// The desk on a fresh scratch case, with a timeline long enough for every frame used here.
fn open_desk() -> (tempfile::TempDir, std::path::PathBuf, Desk, Timeline) {
    let (dir, path) = scratch_case();
    let desk = Desk::open(&path).expect("the sample case opens");
    (dir, path, desk, Timeline::constant_rate(1800, 30))
}

/// Applies `cmd` with `frame` on screen, on a file already verified against the case.
fn apply(desk: &mut Desk, timeline: &Timeline, frame: usize, cmd: DeskCommand) {
    apply_on(desk, timeline, frame, cmd, MediaAtCoding::Verified);
}

fn apply_on(desk: &mut Desk, timeline: &Timeline, frame: usize, cmd: DeskCommand, media_at_coding: MediaAtCoding) {
    desk.apply(cmd, DeskAt { reviewer: REVIEWER, timeline: Some(timeline), frame, media_at_coding });
}

/// The events of `type_id` that are not in `before`, in start order.
fn added(desk: &Desk, type_id: &str, before: &[Event]) -> Vec<Event> {
    let mut events: Vec<Event> = desk
        .case()
        .events
        .values()
        .filter(|e| e.type_id == EventTypeId::new(type_id) && !before.iter().any(|b| b.id == e.id))
        .cloned()
        .collect();
    events.sort_by_key(|e| e.start.frame);
    events
}

fn all_events(desk: &Desk) -> Vec<Event> {
    desk.case().events.values().cloned().collect()
}

#[test]
fn point_key_codes_a_point_at_the_frame_on_screen() {
    let (_dir, _path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    let revision = desk.revision();
    apply(&mut desk, &timeline, 10, DeskCommand::Code(EventTypeId::new("contact")));
    let new = added(&desk, "contact", &before);
    assert_eq!(new.len(), 1);
    assert_eq!((new[0].start, new[0].end), (frame_point(&timeline, 10), None));
    assert_eq!(new[0].reviewer, REVIEWER);
    assert_eq!(new[0].media_at_coding, MediaAtCoding::Verified);
    assert_ne!(desk.revision(), revision, "a change moves the revision on");
    assert_eq!(desk.prompt(), Some(&new[0].id), "the prompt offers the new event");
    assert_eq!(desk.selection().primary.as_ref(), Some(&new[0].id));
    apply(&mut desk, &timeline, 10, DeskCommand::Escape);
    assert_eq!(desk.prompt(), None, "Esc closes the prompt");
    assert_eq!(desk.case().events.len(), before.len() + 1, "and keeps the event");
}

#[test]
fn events_coded_before_the_file_is_verified_say_so_and_survive_a_save() {
    let (_dir, path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    let contact = DeskCommand::Code(EventTypeId::new("contact"));
    apply_on(&mut desk, &timeline, 20, contact.clone(), MediaAtCoding::Hashing);
    let notice = desk.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("still being hashed"), "the notice says the event is marked: {notice}");
    apply_on(&mut desk, &timeline, 30, contact, MediaAtCoding::Mismatch);
    let new = added(&desk, "contact", &before);
    let states: Vec<MediaAtCoding> = new.iter().map(|e| e.media_at_coding).collect();
    assert_eq!(states, vec![MediaAtCoding::Hashing, MediaAtCoding::Mismatch]);
    assert!(desk.save());
    let reopened = load_case(&path).expect("the saved case loads");
    let kept: Vec<MediaAtCoding> = new.iter().map(|e| reopened.events[&e.id].media_at_coding).collect();
    assert_eq!(kept, states, "the record is part of the saved event");
}

#[test]
fn interval_key_opens_then_closes_at_the_second_press() {
    let (_dir, _path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    let brake = DeskCommand::Code(EventTypeId::new("brake-check"));
    apply(&mut desk, &timeline, 40, brake.clone());
    assert_eq!(desk.open_intervals().len(), 1);
    assert_eq!(desk.open_intervals()[0].start, frame_point(&timeline, 40));
    assert!(added(&desk, "brake-check", &before).is_empty(), "nothing is created until it closes");
    apply(&mut desk, &timeline, 95, brake);
    let new = added(&desk, "brake-check", &before);
    assert_eq!(new.len(), 1);
    assert_eq!((new[0].start, new[0].end), (frame_point(&timeline, 40), Some(frame_point(&timeline, 95))));
    assert!(desk.open_intervals().is_empty());
}

#[test]
fn marks_make_a_range_and_escape_cancels_a_running_interval() {
    let (_dir, _path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    apply(&mut desk, &timeline, 130, DeskCommand::MarkOut);
    apply(&mut desk, &timeline, 100, DeskCommand::MarkIn);
    assert_eq!(desk.marks(), (Some(100), Some(130)));
    apply(&mut desk, &timeline, 100, DeskCommand::Code(EventTypeId::new("boxing-in")));
    let new = added(&desk, "boxing-in", &before);
    assert_eq!(new.iter().map(|e| (e.start.frame, e.end.map(|p| p.frame))).collect::<Vec<_>>(), vec![(100, Some(130))]);
    assert_eq!(desk.marks(), (None, None), "the marks are used up");

    apply(&mut desk, &timeline, 300, DeskCommand::ClosePrompt);
    apply(&mut desk, &timeline, 300, DeskCommand::Code(EventTypeId::new("following")));
    assert_eq!(desk.open_intervals().len(), 1);
    apply(&mut desk, &timeline, 320, DeskCommand::Escape);
    assert!(desk.open_intervals().is_empty(), "Esc cancels the running interval");
    assert!(added(&desk, "following", &before).is_empty(), "and creates nothing");
}

#[test]
fn undo_and_redo_take_a_coded_event_out_and_back_then_save_keeps_it() {
    let (_dir, path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    apply(&mut desk, &timeline, 250, DeskCommand::Code(EventTypeId::new("ramming")));
    assert_eq!(added(&desk, "ramming", &before).len(), 1);
    assert!(desk.can_undo());

    apply(&mut desk, &timeline, 250, DeskCommand::Undo);
    assert!(added(&desk, "ramming", &before).is_empty(), "undo removed it");
    assert_eq!(desk.prompt(), None, "the prompt went with the event");
    assert!(desk.selection().events.is_empty(), "and so did the selection");
    assert!(desk.can_redo());

    apply(&mut desk, &timeline, 250, DeskCommand::Redo);
    let new = added(&desk, "ramming", &before);
    assert_eq!(new.iter().map(|e| e.start.frame).collect::<Vec<_>>(), vec![250], "redo brought it back");
    assert!(desk.unsaved_edits() > 0);

    apply(&mut desk, &timeline, 250, DeskCommand::Save);
    assert!(desk.is_saving(), "the save is written on its own thread");
    desk.wait_for_save();
    assert_eq!(desk.unsaved_edits(), 0);
    assert_eq!(desk.notice().map(|n| n.text.starts_with("Saved")), Some(true));
    let saved = load_case(&path).expect("the saved case loads");
    assert!(saved.events.contains_key(&new[0].id), "the coded event is in the case file");
}

#[test]
fn linking_a_coded_event_to_a_claim_is_one_undoable_edit() {
    let (_dir, _path, mut desk, timeline) = open_desk();
    let before = all_events(&desk);
    apply(&mut desk, &timeline, 200, DeskCommand::Code(EventTypeId::new("contact")));
    let id = added(&desk, "contact", &before).first().map(|e| e.id.clone()).expect("coded");
    let claim_id = ClaimId::from("c2");
    assert!(desk.case().claims.contains_key(&claim_id), "the sample case has claim c2");

    let link = ClaimLink {
        claim_id: claim_id.clone(),
        stance: Stance::Contradicts,
        rationale: "no ramming here".into(),
        ..ClaimLink::default()
    };
    apply(&mut desk, &timeline, 200, DeskCommand::Edit(Edit::Link { event_id: id.clone(), link: link.clone() }));
    let links = |desk: &Desk| desk.case().events.get(&id).map(|e| e.links.clone()).expect("the event");
    // The link names who made it.
    assert_eq!(links(&desk), vec![ClaimLink { reviewer: REVIEWER.into(), ..link.clone() }]);

    apply(&mut desk, &timeline, 200, DeskCommand::SelectClaim(Some(claim_id.clone())));
    assert_eq!(desk.selection().claim.as_ref(), Some(&claim_id));

    apply(&mut desk, &timeline, 200, DeskCommand::Undo);
    assert!(links(&desk).is_empty(), "undo took the link away and kept the event");
}

#[test]
fn marks_and_a_distance_become_one_measurement_that_undo_takes_back() {
    use claimframe::desk::{IntervalForm, MeasureCommand};
    let (_dir, _path, mut desk, timeline) = open_desk();
    let measure = |cmd| DeskCommand::Measure(cmd);
    for frame in [300, 270] {
        apply(&mut desk, &timeline, frame, measure(MeasureCommand::Mark));
    }
    apply(&mut desk, &timeline, 300, measure(MeasureCommand::Mark));
    assert!(desk.notice().is_some_and(|n| n.is_error && n.text.contains("frame 300 is already marked")));
    let mut form = desk.measure_draft().form().clone();
    assert_eq!(form.intervals.len(), 1);
    form.intervals[0] =
        IntervalForm { distance_m: "12.5".into(), distance_unc_m: "0.5".into(), source: "lane markings".into() };
    apply(&mut desk, &timeline, 0, measure(MeasureCommand::SetForm(form)));
    let unsaved = desk.unsaved_edits();
    // The sample case already measures brake-check 2; what is checked here is the new one.
    let before = desk.case().measurements.clone();
    apply(&mut desk, &timeline, 0, measure(MeasureCommand::Save));

    let saved: Vec<_> = desk.case().measurements.values().filter(|m| !before.contains_key(&m.id)).cloned().collect();
    assert_eq!(saved.len(), 1);
    let m = &saved[0];
    let frames: Vec<_> = m.media[0].marks.iter().map(|k| (k.at, k.frame_interval_ticks)).collect();
    assert_eq!(frames, [(frame_point(&timeline, 270), 1), (frame_point(&timeline, 300), 1)]);
    assert_eq!((m.reviewer.as_str(), m.distances.len()), (REVIEWER, 1));
    assert_eq!(desk.unsaved_edits(), unsaved + 1, "one journalled edit");
    assert_eq!(desk.selection().measurement.as_ref(), Some(&m.id), "the new measurement is picked");
    assert!(desk.measure_draft().is_empty(), "the marks went into it");

    apply(&mut desk, &timeline, 0, DeskCommand::Undo);
    assert_eq!(desk.case().measurements, before, "undo takes it back");
    assert_eq!(desk.selection().measurement, None);
    apply(&mut desk, &timeline, 0, DeskCommand::Redo);
    assert_eq!(desk.case().measurements.get(&m.id), Some(m));
    apply(&mut desk, &timeline, 0, DeskCommand::Edit(claimframe::case::Edit::RemoveMeasurement(m.id.clone())));
    assert_eq!(desk.case().measurements, before, "the inspector's Remove is one edit too");
}
