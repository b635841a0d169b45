//! Several reviewers in the window, on the real app without a display: blind mode hides another reviewer's events
//! from the table, the timeline and the claims board's tallies (and shows them again when off); the Agreement
//! view lists a disagreement, a click shows it, accepting one with a reason is an audited edit that settles it, and
//! undo brings it back. The case is the sample (one reviewer) with an event by a second reviewer, "bob".

mod support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::agreement::DisagreementKind;
use claimframe::case::{ClaimLink, Edit, EventId, Stance};
use claimframe::ui::windows::agreement_ui::disagreement_line;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness, settle};
use support::case::scratch_case;

/// The window's reviewer (prefs take it from `CLAIMFRAME_REVIEWER`): the second reviewer, then the adjudicator.
const BOB: &str = "bob";

/// The sample case open as bob, with bob's own coding of e4 (erratic driving, 540–809) starting 12 frames later
/// and linked to c7: matched, but its onset differs by more than the ±3 frames tolerance.
fn with_bobs_event() -> (tempfile::TempDir, Harness<'static, ClaimFrameApp>, EventId) {
    std::env::set_var("CLAIMFRAME_REVIEWER", BOB);
    let (dir, case_path) = scratch_case();
    let mut h = app_harness(&case_path);
    settle(&mut h);
    let desk = h.state().desk().expect("a case is open");
    let mut event = desk.case().events.get(&EventId::new("e4")).cloned().expect("the sample's e4");
    event.id = desk.case().new_event_id();
    event.reviewer = BOB.to_owned();
    event.start.frame += 12;
    event.start.pts_ticks += 12 * 512;
    event.links = vec![ClaimLink { claim_id: "c7".into(), stance: Stance::Supports, ..ClaimLink::default() }];
    let id = event.id.clone();
    assert!(h.state_mut().edit_case(Edit::AddEvent(Box::new(event))));
    h.run_steps(3);
    (dir, h, id)
}

/// What the three panels show of the case: table rows, timeline events, claim links tallied.
fn shown(h: &Harness<'_, ClaimFrameApp>) -> (Vec<EventId>, usize, usize) {
    let w = h.state().desk_windows().expect("a file is open");
    let lanes = w.timeline.lanes().map_or(0, |l| l.lanes().iter().map(|lane| lane.len()).sum());
    let tallied = w.board.tally().values().map(|c| c.total()).sum();
    (w.table.rows().to_vec(), lanes, tallied)
}

#[test]
fn blind_mode_hides_the_other_reviewers_events_and_tallies_until_it_is_off() {
    let (_dir, mut h, bobs) = with_bobs_event();
    let (rows, on_timeline, tallied) = shown(&h);
    assert!(rows.contains(&bobs) && rows.len() > 1, "every reviewer's events are listed");
    assert!(on_timeline > 1 && tallied > 1);

    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run_steps(3);
    assert!(h.state().prefs().blind);
    assert_eq!(shown(&h), (vec![bobs.clone()], 1, 1), "only bob's event and bob's link");
    assert!(h.query_by_label_contains("Blind mode: only bob's coding is shown").is_some(), "the window says so");

    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run_steps(3);
    assert!(!h.state().prefs().blind);
    assert_eq!(shown(&h), (rows, on_timeline, tallied), "everything is back");
    assert!(h.query_by_label_contains("Blind mode: only").is_none());
}

#[test]
fn a_disagreement_is_shown_settled_with_a_reason_and_undone() {
    let (_dir, mut h, bobs) = with_bobs_event();
    h.get_by_label("Agreement…").click();
    h.run_steps(3);
    let listed = h.state().desk_windows().expect("a file is open").agreement.disagreements().to_vec();
    let boundary = listed
        .iter()
        .find(|d| d.kind == DisagreementKind::Boundary && d.event_ids.contains(&bobs))
        .cloned()
        .expect("bob's later onset is a boundary disagreement");
    assert_eq!(boundary.event_ids, [EventId::new("e4"), bobs.clone()]);
    h.check_accessibility();

    h.get_by_label(&disagreement_line(&boundary)).click();
    settle(&mut h);
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.player().and_then(|p| p.shown_frame()), Some(540), "the player shows its frame");
    let selected = &app.desk().expect("a case").selection().events;
    assert!(boundary.event_ids.iter().all(|id| selected.contains(id)), "both events are selected");
    let w = app.desk_windows().expect("a file is open");
    assert!(w.timeline.by_reviewer, "the timeline splits its lanes by reviewer");
    let lanes = w.timeline.lanes().expect("lanes");
    let names: Vec<&str> = lanes.lanes().iter().map(|l| l.name.as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("· bob"))
            && names.iter().any(|n| n.ends_with("· Sample reviewer (synthetic)"))
    );

    // No reason, no decision.
    let accept_bob = format!("Accept B (bob {bobs})");
    assert!(h.get_by_label(&accept_bob).accesskit_node().is_disabled());
    let reason = "The brake lights come on at 552";
    h.get_all_by_label("Reason for the decision (required, kept in the audit log):")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::MultilineTextInput)
        .expect("the reason field")
        .focus();
    h.run_steps(1);
    h.event(egui::Event::Text(reason.into()));
    h.run_steps(2);
    h.get_by_label(&accept_bob).click();
    h.run_steps(3);

    let desk = h.state().desk().expect("a case");
    let entry = desk.case().audit.entries().last().expect("an audit entry");
    assert_eq!((entry.action.as_str(), entry.reviewer.as_str()), ("adjudicate", BOB));
    let settled = desk.case().events.values().find(|e| e.adjudication.is_some()).expect("the adjudicated event");
    let record = settled.adjudication.as_ref().expect("its record");
    assert_eq!((record.reason.as_str(), record.accepted.as_ref()), (reason, Some(&bobs)));
    let after = h.state().desk_windows().expect("a file").agreement.disagreements().to_vec();
    assert_eq!(after.len(), listed.len() - 1, "the settled disagreement leaves the list");
    assert!(!after.contains(&boundary));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(h.state().desk().is_some_and(|d| d.case().events.values().all(|e| e.adjudication.is_none())));
    let undone = h.state().desk_windows().expect("a file").agreement.disagreements().to_vec();
    assert_eq!(undone, listed, "undo brings the disagreement back");
}
