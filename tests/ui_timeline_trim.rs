//! The timeline's trim view in the real window: dragging an interval's edge sends the player to the frame under
//! the edge, the picture shows that frame with a label naming it, the release keeps the playhead there and makes
//! the one edit; Esc during a drag puts the playhead back where it was.

mod support;

use egui::Pos2;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use claimframe::case::Event;
use claimframe::ui::ClaimFrameApp;
use support::app::{app_harness as harness, go_to, settle, shown};
use support::case::scratch_case;

/// The longest interval on the media on screen ending at least 100 frames before the file does.
fn longest_interval(h: &Harness<'_, ClaimFrameApp>) -> Event {
    let desk = h.state().desk().expect("a case is open");
    let count = h.state().player().and_then(|p| p.timeline()).map_or(0, |t| t.frame_count()) as u64;
    let end = |e: &Event| e.end.map_or(0, |p| p.frame);
    let mut intervals: Vec<&Event> = desk
        .case()
        .events
        .values()
        .filter(|e| &e.media_id == desk.media_id() && e.end.is_some() && end(e) + 100 < count)
        .collect();
    intervals.sort_by_key(|e| std::cmp::Reverse(end(e).saturating_sub(e.start.frame)));
    intervals.first().map(|e| (*e).clone()).expect("the sample has intervals")
}

/// The screen point just inside the end edge of `event`, and the timeline's pixels per frame.
fn end_edge(h: &Harness<'_, ClaimFrameApp>, event: &Event) -> (Pos2, f32) {
    let timeline = &h.state().desk_windows().expect("a file is open").timeline;
    let lane = timeline.lanes().and_then(|l| l.lane_for(event)).expect("its lane");
    let end = event.end.map_or(0, |p| p.frame) as f64;
    let x = timeline.frame_x(end + 1.0).expect("drawn") - 2.0;
    let y = timeline.lane_center_y(lane).expect("drawn");
    let ppf = timeline.viewport().expect("drawn").px_per_frame as f32;
    let at = Pos2::new(x, y);
    assert!(timeline.clusters().iter().all(|c| !c.rect.contains(at)), "the edge is not under a cluster");
    (at, ppf)
}

fn trim_label(h: &Harness<'_, ClaimFrameApp>, frame: u64) -> bool {
    h.query_by_label(&format!("end edge: frame {frame}")).is_some()
}

/// The sample case at frame 5, its longest interval, that interval's end frame, and where its end edge is drawn (with
/// the timeline's points per frame).
fn at_the_longest_intervals_end() -> (tempfile::TempDir, Harness<'static, ClaimFrameApp>, Event, u64, Pos2, f32) {
    let (dir, case_path) = scratch_case();
    let mut h = harness(&case_path);
    settle(&mut h);
    go_to(&mut h, 5);
    let event = longest_interval(&h);
    let end = event.end.map_or(0, |p| p.frame);
    let (at, ppf) = end_edge(&h, &event);
    (dir, h, event, end, at, ppf)
}

#[test]
fn dragging_an_edge_shows_the_frame_under_it_and_the_playhead_stays_there() {
    let (_dir, mut h, event, end, at, ppf) = at_the_longest_intervals_end();
    assert!(ppf * ((end - event.start.frame) as f32) > 20.0, "wide enough to grab an edge");

    h.hover_at(at);
    h.run_steps(2);
    h.drag_at(at);
    h.step();
    // The first move is long enough to start a drag (a few pixels), the others go on and come back.
    let first = (10.0 / ppf).ceil() as i64 + 1;
    let mut last = end;
    for frames in [first, first + 5, first - 3] {
        h.hover_at(at + egui::vec2((frames as f32 + 0.2) * ppf, 0.0));
        h.step();
        settle(&mut h);
        let want = (end as i64 + frames) as u64;
        assert_eq!(shown(&h) as u64, want, "the picture follows the edge {frames} frames on");
        assert!(trim_label(&h, want), "labelled with frame {want}");
        last = want;
    }
    h.drop_at(at + egui::vec2(((first - 3) as f32 + 0.2) * ppf, 0.0));
    settle(&mut h);
    assert_eq!(shown(&h) as u64, last, "the playhead stays on the edge's frame");
    assert!(!trim_label(&h, last), "the label goes with the drag");
    let after = h.state().desk().and_then(|d| d.case().events.get(&event.id).cloned()).expect("the event");
    assert_eq!(after.end.map(|p| p.frame), Some(last), "the edit moved the end edge");
    assert_eq!(after.start, event.start, "the start stays");
}

#[test]
fn esc_during_an_edge_drag_returns_the_playhead_and_changes_nothing() {
    let (_dir, mut h, event, end, at, ppf) = at_the_longest_intervals_end();
    h.hover_at(at);
    h.run_steps(2);
    h.drag_at(at);
    h.step();
    let frames = (10.0 / ppf).ceil() as u64 + 1;
    let to = at + egui::vec2((frames as f32 + 0.2) * ppf, 0.0);
    h.hover_at(to);
    h.step();
    settle(&mut h);
    assert_eq!(shown(&h) as u64, end + frames);
    h.key_press(egui::Key::Escape);
    h.step();
    settle(&mut h);
    assert_eq!(shown(&h), 5, "back where the playhead was before the drag");
    assert!(!trim_label(&h, end + frames));
    h.drop_at(to);
    settle(&mut h);
    let after = h.state().desk().and_then(|d| d.case().events.get(&event.id).cloned()).expect("the event");
    assert_eq!(after, event, "a cancelled drag edits nothing");
    assert_eq!(shown(&h), 5);
}
