//! The timeline panel on its own, driven like a reviewer drives it: egui_kittest clicks and drags on a case over a
//! 1800-frame, 30 fps timeline, and the tests assert the exact commands returned (selection, seeks, the one
//! `UpdateEvent` edit with frame points from the timeline), what the ruler writes and marks, and the measurements'
//! row.

mod support;

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::{Case, Edit, EventId, EventTypeId, FramePoint, MediaId};
use claimframe::desk::{frame_point, ChangeLog, DeskCommand, DeskView, Selection};
use claimframe::media::timing::{DuplicateRun, Gap, TimingReport};
use claimframe::player::thumbnails::ThumbnailWorker;
use claimframe::player::{PlayerCommand, Timeline};
use claimframe::ui::app::commands::UiCommand;
use claimframe::ui::panels::timeline::{timeline_ui, TimelineExtras, TimelineState};

struct Bench {
    case: Case,
    media_id: MediaId,
    timeline: Timeline,
    selection: Selection,
    current_frame: usize,
    state: TimelineState,
    commands: Vec<UiCommand>,
    thumbnails: Option<ThumbnailWorker>,
    timing: Option<TimingReport>,
}

fn point(timeline: &Timeline, frame: usize) -> FramePoint {
    frame_point(timeline, frame)
}

/// A case with a "following" interval on frames 300..=359 and a "contact" point at frame 340.
fn bench() -> Bench {
    let timeline = Timeline::constant_rate(1800, 30);
    let mut case = Case::new("timeline test");
    let media_id = MediaId::new("m1");
    for (id, ty, start, end) in [("follow", "following", 300, Some(359)), ("touch", "contact", 340, None)] {
        let event = claimframe::case::Event {
            id: EventId::new(id),
            media_id: media_id.clone(),
            start: point(&timeline, start),
            end: end.map(|e| point(&timeline, e)),
            type_id: EventTypeId::new(ty),
            note: format!("{id} note"),
            ..Default::default()
        };
        case.events.insert(event.id.clone(), event);
    }
    Bench {
        case,
        media_id,
        timeline,
        selection: Selection::default(),
        current_frame: 330,
        state: TimelineState::default(),
        commands: Vec::new(),
        thumbnails: None,
        timing: None,
    }
}

fn harness(b: Bench) -> Harness<'static, Bench> {
    Harness::builder().with_size([1100.0, 500.0]).build_ui_state(
        |ui, b: &mut Bench| {
            let view = DeskView {
                case: &b.case,
                media_id: &b.media_id,
                revision: 1,
                selection: &b.selection,
                timeline: &b.timeline,
                current_frame: b.current_frame,
                open_intervals: &[],
                mark_in: None,
                mark_out: None,
                changes: &ChangeLog::default(),
                visibility: &claimframe::case::Visibility::all(),
                measure: &claimframe::desk::MeasureDraft::default(),
            };
            let extras =
                TimelineExtras { waveform: None, thumbnails: b.thumbnails.as_ref(), timing: b.timing.as_ref() };
            let out = timeline_ui(ui, &view, &extras, &mut b.state);
            b.commands.extend(out);
        },
        b,
    )
}

fn lane_y(h: &Harness<'_, Bench>, type_id: &str) -> f32 {
    let lanes = h.state().state.lanes().expect("lanes built");
    let lane = lanes.lane_of(&EventTypeId::new(type_id)).expect("lane of type");
    h.state().state.lane_center_y(lane).expect("drawn")
}

fn x_of(h: &Harness<'_, Bench>, frame: f64) -> f32 {
    h.state().state.frame_x(frame).expect("drawn")
}

fn px_per_frame(h: &Harness<'_, Bench>) -> f32 {
    h.state().state.viewport().expect("drawn").px_per_frame as f32
}

/// Zooms in with the toolbar button `times` times (around the playhead at frame 330).
fn zoom_in(h: &mut Harness<'_, Bench>, times: usize) {
    for _ in 0..times {
        h.get_by_label("Zoom in").click();
        h.run();
    }
    h.state_mut().commands.clear();
}

fn click(h: &mut Harness<'_, Bench>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: true, modifiers: Modifiers::NONE });
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: false, modifiers: Modifiers::NONE });
    h.run();
}

/// Presses at `from`, moves in a few steps to `to`, releases there.
fn drag(h: &mut Harness<'_, Bench>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.step();
    for i in 1..=4 {
        h.hover_at(from + (to - from) * (i as f32 / 4.0));
        h.step();
    }
    h.drop_at(to);
    h.run();
}

fn only_edit(h: &Harness<'_, Bench>) -> claimframe::case::Event {
    let edits: Vec<&Edit> = h
        .state()
        .commands
        .iter()
        .filter_map(|c| if let UiCommand::Desk(DeskCommand::Edit(e)) = c { Some(e) } else { None })
        .collect();
    assert_eq!(edits.len(), 1, "exactly one edit: {:?}", h.state().commands);
    match edits[0] {
        Edit::UpdateEvent(e) => (**e).clone(),
        other => panic!("expected UpdateEvent, got {other:?}"),
    }
}

fn texts(h: &Harness<'_, Bench>) -> Vec<String> {
    fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Text(t) => out.push(t.galley.text().to_owned()),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

#[test]
fn clicking_an_event_selects_and_seeks_it_and_ctrl_click_toggles() {
    let mut h = harness(bench());
    h.run();
    zoom_in(&mut h, 2);
    let pos = Pos2::new(x_of(&h, 320.5), lane_y(&h, "following"));
    click(&mut h, pos);
    let id = EventId::new("follow");
    assert_eq!(
        h.state().commands,
        vec![
            UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![id.clone()], primary: Some(id.clone()) }),
            UiCommand::Player(PlayerCommand::GoToFrame(300))
        ]
    );

    h.state_mut().commands.clear();
    let touch = Pos2::new(x_of(&h, 340.5), lane_y(&h, "contact"));
    h.event(Event::ModifiersChanged(Modifiers::COMMAND));
    h.run();
    click(&mut h, touch);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert_eq!(h.state().commands, vec![UiCommand::Desk(DeskCommand::ToggleEvent(EventId::new("touch")))]);
}

#[test]
fn clicking_empty_space_seeks_to_the_exact_frame_under_the_cursor() {
    let mut h = harness(bench());
    h.run();
    zoom_in(&mut h, 8);
    assert_eq!(px_per_frame(&h), 40.0, "fully zoomed in");
    let y = lane_y(&h, "ramming");
    // The last pixel of frame 335's cell, then the first of frame 336's.
    for (x, frame) in [(x_of(&h, 336.0) - 0.5, 335), (x_of(&h, 336.0) + 0.5, 336), (x_of(&h, 340.0) + 20.0, 340)] {
        h.state_mut().commands.clear();
        click(&mut h, Pos2::new(x, y));
        assert_eq!(h.state().commands, vec![UiCommand::Player(PlayerCommand::GoToFrame(frame))], "x {x}");
    }
}

#[test]
fn dragging_an_interval_body_moves_it_by_whole_frames() {
    let mut h = harness(bench());
    h.run();
    zoom_in(&mut h, 3);
    let ppf = px_per_frame(&h);
    let y = lane_y(&h, "following");
    let from = Pos2::new(x_of(&h, 330.5), y);
    // 12.4 frames to the right snaps to 12.
    drag(&mut h, from, from + egui::vec2(12.4 * ppf, 3.0));
    let event = only_edit(&h);
    assert_eq!(event.id, EventId::new("follow"));
    assert_eq!(event.start, frame_point(&h.state().timeline, 312));
    assert_eq!(event.end, Some(frame_point(&h.state().timeline, 371)));
    assert!(!h.state().state.is_dragging());

    // Back to the left, past frame 0: clamped, length kept.
    h.state_mut().commands.clear();
    drag(&mut h, from, Pos2::new(from.x - 400.0 * ppf, y));
    let event = only_edit(&h);
    assert_eq!((event.start.frame, event.end.map(|e| e.frame)), (0, Some(59)));
}

#[test]
fn dragging_an_edge_resizes_and_a_point_only_moves() {
    let mut h = harness(bench());
    h.run();
    zoom_in(&mut h, 3);
    let ppf = px_per_frame(&h);
    let y = lane_y(&h, "following");
    // The end edge is at the right of frame 359's cell.
    let edge = Pos2::new(x_of(&h, 360.0) - 2.0, y);
    drag(&mut h, edge, edge + egui::vec2(5.0 * ppf, 0.0));
    let event = only_edit(&h);
    assert_eq!(event.start, frame_point(&h.state().timeline, 300), "the start stays");
    assert_eq!(event.end, Some(frame_point(&h.state().timeline, 364)));

    h.state_mut().commands.clear();
    let start_edge = Pos2::new(x_of(&h, 300.0) + 2.0, y);
    drag(&mut h, start_edge, start_edge + egui::vec2(-7.0 * ppf, 0.0));
    let event = only_edit(&h);
    assert_eq!((event.start.frame, event.end.map(|e| e.frame)), (293, Some(359)));

    h.state_mut().commands.clear();
    let touch = Pos2::new(x_of(&h, 340.5), lane_y(&h, "contact"));
    drag(&mut h, touch, touch + egui::vec2(-3.0 * ppf, 0.0));
    let event = only_edit(&h);
    assert_eq!((event.start.frame, event.end), (337, None));

    // A drag that ends where it began changes nothing.
    h.state_mut().commands.clear();
    drag(&mut h, touch, touch + egui::vec2(0.3 * ppf, 0.0));
    assert!(
        h.state().commands.iter().all(|c| !matches!(c, UiCommand::Desk(DeskCommand::Edit(_)))),
        "{:?}",
        h.state().commands
    );
}

#[test]
fn zooming_in_shows_frame_numbers() {
    let mut h = harness(bench());
    h.run();
    let whole = texts(&h);
    assert!(whole.iter().any(|t| t == "00:00:30"), "time labels on the whole file: {whole:?}");
    assert!(!whole.iter().any(|t| t == "330"), "no frame numbers on the whole file");
    zoom_in(&mut h, 8);
    let close = texts(&h);
    for f in ["329", "330", "331"] {
        assert!(close.iter().any(|t| t == f), "frame {f} written when zoomed in: {close:?}");
    }
    // Ctrl+wheel at the pointer zooms back out.
    let at = Pos2::new(x_of(&h, 330.5), lane_y(&h, "following"));
    h.hover_at(at);
    h.event(Event::Zoom(0.01));
    h.run();
    assert!(px_per_frame(&h) < 1.0);
}

fn shape_count(h: &Harness<'_, Bench>) -> usize {
    fn count(shape: &egui::Shape) -> usize {
        match shape {
            egui::Shape::Vec(v) => v.iter().map(count).sum(),
            _ => 1,
        }
    }
    h.output().shapes.iter().map(|c| count(&c.shape)).sum()
}

#[test]
fn a_hundred_thousand_events_draw_in_shapes_bounded_by_the_width() {
    let mut b = bench();
    b.case = claimframe::sample::synthetic_case(100_000);
    b.current_frame = 900;
    let mut h = harness(b);
    h.run();
    let lanes = h.state().state.lanes().map_or(0, |l| l.lanes().len());
    let width = h.state().state.rect().map_or(0.0, |r| r.width()) as usize;
    // Per lane at most 3 spans per pixel plus 8 carried in; a few hundred more for the ruler, rows and toolbar.
    let bound = lanes * (3 * width + 8) + 3 * width + 500;
    for zoom_steps in [0, 3, 8] {
        zoom_in(&mut h, zoom_steps);
        let started = std::time::Instant::now();
        h.step();
        let elapsed = started.elapsed();
        let shapes = shape_count(&h);
        eprintln!("zoom steps {zoom_steps}: {shapes} shapes, one frame in {elapsed:?} (UI pass, debug build)");
        assert!(shapes <= bound, "{shapes} shapes > {bound}");
        assert!(shapes < 100_000 / 4, "far fewer shapes than events");
    }

    // The same events over an hour of footage (108 000 frames): every event is in view when zoomed out.
    h.state_mut().timeline = Timeline::constant_rate(108_000, 30);
    h.get_by_label("Whole file").click();
    h.run();
    let started = std::time::Instant::now();
    h.step();
    let shapes = shape_count(&h);
    eprintln!("one hour, whole file: {shapes} shapes, one frame in {:?}", started.elapsed());
    assert!(shapes <= bound, "{shapes} shapes > {bound}");
}

#[test]
fn thumbnails_of_keyframes_appear_in_the_strip() {
    support::isolate_cache();
    let mut b = bench();
    // The fixture: 3 s at 30 fps, a keyframe every 30 frames (as `constant_rate` marks them).
    b.timeline = Timeline::constant_rate(90, 30);
    b.current_frame = 0;
    b.thumbnails = Some(ThumbnailWorker::spawn(support::media::fixture("with_audio.mp4"), 64, 64));
    let mut h = harness(b);
    let images = |h: &Harness<'_, Bench>| {
        h.output().shapes.iter().filter(|c| c.shape.texture_id() != egui::TextureId::default()).count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while images(&h) < 3 && std::time::Instant::now() < deadline {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(images(&h), 3, "one thumbnail per keyframe (0, 30, 60)");
    assert_eq!(h.state().thumbnails.as_ref().and_then(|t| t.error()), None);
}

/// A measurement of `frames` on `media`, each mark its exact point on `timeline`.
fn measurement(timeline: &Timeline, id: &str, media: &str, frames: &[usize]) -> claimframe::case::Measurement {
    let marks = frames
        .iter()
        .map(|f| claimframe::case::MeasureMark { at: point(timeline, *f), frame_interval_ticks: 1 })
        .collect();
    claimframe::case::Measurement {
        id: claimframe::case::MeasurementId::from(id),
        media: vec![claimframe::case::MediaMarks { media_id: MediaId::new(media), marks }],
        ..Default::default()
    }
}

#[test]
fn a_measurement_shows_between_its_marks_and_a_click_picks_it() {
    let mut b = bench();
    for m in [measurement(&b.timeline, "ms-1", "m1", &[300, 330, 360]), measurement(&b.timeline, "ms-2", "m2", &[0, 9])]
    {
        b.case.measurements.insert(m.id.clone(), m);
    }
    let mut h = harness(b);
    h.run();
    zoom_in(&mut h, 2);
    let spans: Vec<&str> = h.state().state.measure_spans().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(spans, ["ms-1"], "only the media on screen's measurements");
    let y = h.state().state.measure_row_y(0).expect("the measurements row is drawn");
    assert!(y < lane_y(&h, "following"), "above the event lanes");
    let on_it = Pos2::new(x_of(&h, 345.5), y);
    click(&mut h, on_it);
    assert_eq!(
        h.state().commands,
        vec![
            UiCommand::Desk(DeskCommand::SelectMeasurement(Some(claimframe::case::MeasurementId::from("ms-1")))),
            UiCommand::Player(PlayerCommand::GoToFrame(300))
        ]
    );
    h.state_mut().commands.clear();
    let beside = Pos2::new(x_of(&h, 380.5), y);
    click(&mut h, beside);
    assert_eq!(
        h.state().commands,
        vec![UiCommand::Player(PlayerCommand::GoToFrame(380))],
        "beside it: the frame is shown, as on an empty lane"
    );
}

/// Whether a filled shape of `colour` was drawn.
fn drew_fill(h: &Harness<'_, Bench>, colour: egui::Color32) -> bool {
    fn walk(shape: &egui::Shape, colour: egui::Color32) -> bool {
        match shape {
            egui::Shape::Vec(v) => v.iter().any(|s| walk(s, colour)),
            egui::Shape::Path(p) => p.fill == colour,
            egui::Shape::Rect(r) => r.fill == colour,
            _ => false,
        }
    }
    h.output().shapes.iter().any(|c| walk(&c.shape, colour))
}

#[test]
fn gaps_and_duplicate_frames_are_marked_on_the_ruler() {
    let mut b = bench();
    b.timing = Some(TimingReport {
        frame_count: 1800,
        frames_without_pts: 0,
        min_interval_secs: 1.0 / 30.0,
        median_interval_secs: 1.0 / 30.0,
        max_interval_secs: 0.1,
        declared_fps: Some(30.0),
        measured_fps: Some(29.9),
        variable_frame_rate: true,
        gaps: vec![Gap { frame: 320, interval_secs: 0.1, median_multiple: 3.0 }],
        discontinuities: Vec::new(),
        duplicates: vec![DuplicateRun { first_frame: 340, last_frame: 342 }],
    });
    let mut h = harness(b);
    h.run();
    zoom_in(&mut h, 3);
    assert!(drew_fill(&h, claimframe::ui::style::GAP_COLOUR), "the gap's notch");
    assert!(drew_fill(&h, claimframe::ui::style::DUPLICATE_COLOUR), "the duplicates' bar");
    h.state_mut().timing = None;
    h.run();
    assert!(!drew_fill(&h, claimframe::ui::style::GAP_COLOUR), "nothing marked without a report");
}

/// The toolbar's readout "frames A–B · …" as the two frame numbers.
fn readout(h: &Harness<'_, Bench>) -> (usize, usize) {
    let node = h.get_by_label_contains("frames ");
    let label = node.accesskit_node().label().or_else(|| node.accesskit_node().value()).unwrap_or_default();
    let frames = label.trim_start_matches("frames ").split(' ').next().unwrap_or_default().to_owned();
    let (a, b) = frames.split_once('–').unwrap_or_else(|| panic!("a frame range in {label:?}"));
    (a.parse().expect("first frame"), b.parse().expect("last frame"))
}

/// The frames under the first and the last pixel of the lanes, as drawn.
fn edge_frames(h: &Harness<'_, Bench>) -> (usize, usize) {
    let s = &h.state().state;
    let vp = s.viewport().expect("drawn");
    let left = s.frame_x(vp.first_frame).expect("drawn");
    let right = s.rect().expect("drawn").right();
    let count = h.state().timeline.frame_count();
    (vp.frame_at(0.5, count), vp.frame_at(f64::from(right - left) - 0.5, count))
}

/// The frame numbers the ruler wrote.
fn ruler_numbers(h: &Harness<'_, Bench>) -> Vec<usize> {
    texts(h).iter().filter_map(|t| t.parse().ok()).collect()
}

#[test]
fn the_frames_readout_is_what_the_lanes_show_at_their_edges() {
    let mut h = harness(bench());
    h.run();
    assert_eq!(readout(&h), (0, 1799), "the whole file is in view");
    assert_eq!(edge_frames(&h), (0, 1799));
    zoom_in(&mut h, 8);
    assert_eq!(readout(&h), edge_frames(&h));
    // At one frame per 40 px the ruler numbers every frame it draws: the readout names the first and the last.
    let numbers = ruler_numbers(&h);
    let drawn = (numbers.iter().copied().min().unwrap_or(0), numbers.iter().copied().max().unwrap_or(0));
    assert_eq!(readout(&h), drawn, "ruler numbers {numbers:?}");
    // Left edge inside a cell, then panned by a drag on the ruler: still the same frames.
    let inside = claimframe::ui::panels::timeline::zoom::Viewport { first_frame: 200.37, px_per_frame: 40.0 };
    h.state_mut().state.set_viewport(inside, -10.0);
    h.run();
    assert_eq!(readout(&h).0, 200);
    assert_eq!(readout(&h), edge_frames(&h));
    let at = Pos2::new(x_of(&h, 210.5), lane_y(&h, "ramming"));
    let ruler_y = h.state().state.rect().expect("drawn").top() + 5.0;
    drag(&mut h, Pos2::new(at.x, ruler_y), Pos2::new(at.x - 123.0, ruler_y));
    assert_eq!(readout(&h), edge_frames(&h));
    let numbers = ruler_numbers(&h);
    assert_eq!(readout(&h).1, numbers.iter().copied().max().unwrap_or(0));
}

/// Where the scroll bar's thumb is drawn: its middle, on screen.
fn thumb_centre(h: &Harness<'_, Bench>) -> Pos2 {
    let s = &h.state().state;
    let vp = s.viewport().expect("drawn");
    let rect = s.rect().expect("drawn");
    let left = s.frame_x(vp.first_frame).expect("drawn");
    let width = f64::from(rect.right() - left);
    let count = h.state().timeline.frame_count() as f64;
    let visible = width / vp.px_per_frame;
    let thumb = (width * visible / count).max(16.0);
    let x0 = vp.first_frame / (count - visible) * (width - thumb);
    Pos2::new(left + (x0 + thumb / 2.0) as f32, rect.bottom() - 6.0)
}

#[test]
fn the_scroll_bar_pans_the_zoomed_view_in_proportion_and_pages_on_a_click() {
    let mut h = harness(bench());
    h.run();
    zoom_in(&mut h, 4);
    let before = h.state().state.viewport().expect("drawn");
    let width = f64::from(h.state().state.rect().expect("drawn").width() - 150.0);
    let (count, visible) = (1800.0, width / before.px_per_frame);
    let thumb = (width * visible / count).max(16.0);
    let frames_per_px = (count - visible) / (width - thumb);
    let from = thumb_centre(&h);
    drag(&mut h, from, from + egui::vec2(60.0, 0.0));
    let after = h.state().state.viewport().expect("drawn");
    assert!(
        (after.first_frame - (before.first_frame + 60.0 * frames_per_px)).abs() < 1e-6,
        "moved {} frames, expected {}",
        after.first_frame - before.first_frame,
        60.0 * frames_per_px
    );
    assert_eq!(after.px_per_frame, before.px_per_frame, "panning keeps the zoom");
    assert!(
        h.state().commands.iter().all(|c| !matches!(c, UiCommand::Player(_) | UiCommand::Desk(_))),
        "the scroll bar neither seeks nor edits: {:?}",
        h.state().commands
    );
    assert_eq!(readout(&h), edge_frames(&h));
    // A click on the track right of the thumb pages one view width on.
    let track = Pos2::new(h.state().state.rect().expect("drawn").right() - 3.0, from.y);
    click(&mut h, track);
    let paged = h.state().state.viewport().expect("drawn");
    assert!((paged.first_frame - (after.first_frame + visible)).abs() < 1e-6, "{paged:?} after {after:?}");
    assert!(h.state().commands.is_empty(), "{:?}", h.state().commands);
}

/// Twelve "contact" points on frames 100..=111 (sharing a few pixels of the whole file) and one at 900.
fn crowded_bench() -> Bench {
    let mut b = bench();
    for (n, frame) in (100..112).chain([900]).enumerate() {
        let event = claimframe::case::Event {
            id: EventId::new(format!("crowd-{n:02}")),
            media_id: b.media_id.clone(),
            start: point(&b.timeline, frame),
            type_id: EventTypeId::new("contact"),
            reviewer: format!("reviewer-{}", n % 3),
            ..Default::default()
        };
        b.case.events.insert(event.id.clone(), event);
    }
    b
}

#[test]
fn events_sharing_pixels_get_a_count_badge_a_hover_list_and_a_pick_list() {
    let mut h = harness(crowded_bench());
    h.run();
    let contact = h.state().state.lanes().and_then(|l| l.lane_of(&EventTypeId::new("contact"))).expect("lane");
    let clusters: Vec<_> = h.state().state.clusters().iter().filter(|c| c.lane == contact).cloned().collect();
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert_eq!(clusters[0].count, 12);
    assert!(texts(&h).iter().any(|t| t == "12"), "the badge says 12");

    h.hover_at(clusters[0].rect.center());
    h.run();
    h.get_by_label("12 events here");
    h.get_by_label("Contact · frame 100 · reviewer-0");
    h.get_by_label("Contact · frame 109 · reviewer-0");
    assert!(h.query_by_label_contains("frame 110 ·").is_none(), "the first ten only");
    h.get_by_label("… and 2 more");

    click(&mut h, clusters[0].rect.center());
    assert!(h.state().state.is_picking());
    assert!(h.state().commands.is_empty(), "opening the list selects nothing: {:?}", h.state().commands);
    h.get_by_label("Contact · frame 111 · reviewer-2");
    h.get_by_label("Contact · frame 104 · reviewer-1").click();
    h.run();
    let id = EventId::new("crowd-04");
    assert_eq!(
        h.state().commands,
        vec![
            UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![id.clone()], primary: Some(id) }),
            UiCommand::Player(PlayerCommand::GoToFrame(104))
        ]
    );
    assert!(!h.state().state.is_picking(), "picking closes the list");

    // Zoomed in, the twelve stand apart: no badge.
    zoom_in(&mut h, 6);
    h.state_mut().state.set_viewport(
        claimframe::ui::panels::timeline::zoom::Viewport { first_frame: 95.0, px_per_frame: 20.0 },
        -10.0,
    );
    h.run();
    assert!(h.state().state.clusters().iter().all(|c| c.lane != contact), "{:?}", h.state().state.clusters());
}

#[test]
fn a_hundred_thousand_events_are_each_drawn_or_counted_in_a_badge() {
    let mut b = bench();
    b.case = claimframe::sample::synthetic_case(100_000);
    b.timeline = Timeline::constant_rate(108_000, 30);
    let mut h = harness(b);
    h.run();
    let total: usize = h.state().state.lanes().map_or(0, |l| l.lanes().iter().map(|l| l.len()).sum());
    assert!(total > 90_000, "{total} events on the media");
    assert_eq!(h.state().state.events_drawn(), total, "the whole file: every event is drawn or counted");
    let biggest = h.state().state.clusters().iter().max_by_key(|c| c.count).cloned().expect("clusters");
    assert!(biggest.count > 10);
    h.hover_at(biggest.rect.center());
    h.run();
    h.get_by_label(&format!("{} events here", biggest.count));
    h.get_by_label(&format!("… and {} more", biggest.count - 10));
}

#[test]
fn zoomed_in_the_strip_asks_for_and_shows_exact_frames_between_keyframes() {
    support::isolate_cache();
    let mut b = bench();
    // The fixture: 3 s at 30 fps, a keyframe every 30 frames.
    b.timeline = Timeline::constant_rate(90, 30);
    b.current_frame = 40;
    b.thumbnails = Some(ThumbnailWorker::spawn(support::media::fixture("with_audio.mp4"), 64, 64));
    let mut h = harness(b);
    h.run();
    zoom_in(&mut h, 3);
    assert_eq!(px_per_frame(&h), 40.0);
    let (first, last) = readout(&h);
    let images = |h: &Harness<'_, Bench>| {
        h.output().shapes.iter().filter(|c| c.shape.texture_id() != egui::TextureId::default()).count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while images(&h) < last - first + 1 && std::time::Instant::now() < deadline {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(images(&h), last - first + 1, "one thumbnail per frame in view ({first} to {last})");
    let worker = h.state().thumbnails.as_ref().expect("worker");
    let between: Vec<usize> = (first..=last).filter(|f| f % 30 != 0).collect();
    assert!(between.len() > 10, "frames between keyframes are in view: {first} to {last}");
    assert!(between.iter().all(|f| worker.get(*f).is_some_and(|t| t.frame == *f)), "each its own frame");
    assert_eq!(worker.error(), None);
}
