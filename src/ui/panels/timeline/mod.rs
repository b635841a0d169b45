//! The timeline panel: a ruler (time, and frames when zoomed in, with the file's gaps, duplicate frames and PTS
//! discontinuities marked), thumbnails, the waveform, keyframe ticks and the measurements over one lane per event
//! type. Zoom from the whole file to single frames, scroll, follow the playhead; click to select and seek, drag an
//! event or its edges to move or resize it by whole frames. It reads a [`DeskView`] and returns [`UiCommand`]s;
//! every change to the case is one `Edit`. Only what is visible is drawn (see `case::lanes`).

mod clusters;
mod drag;
mod lanes_ui;
pub mod measures_ui;
mod paint;
mod pointer;
mod ruler;
mod scrollbar;
mod strip;
pub mod trim;
pub mod zoom;

use egui::{Pos2, Rect, Sense, Vec2};

use self::clusters::{Cluster, Pick, Picked};
use self::drag::Drag;
use self::lanes_ui::{LaneMarks, HEADER_PX, LANE_PX};
use self::measures_ui::{MeasureSpan, MEASURE_ROW_PX};
use self::scrollbar::SCROLL_ROW_PX;
use self::strip::{ThumbTextures, KEY_ROW_PX, THUMB_ROW_PX, WAVE_ROW_PX};
use self::trim::TrimPreview;
use self::zoom::Viewport;
use crate::case::lanes::{EventLanes, LaneScope};
use crate::case::MediaId;
use crate::desk::{CaseScope, DeskCommand, DeskView};
use crate::media::timing::TimingReport;
use crate::player::thumbnails::ThumbnailWorker;
use crate::player::waveform::Waveform;
use crate::player::{PlayerCommand, Timeline};
use crate::ui::app::commands::UiCommand;

/// Pixel tolerance for clicking an event.
const HIT_TOLERANCE_PX: f64 = 4.0;
/// After the user scrolls or zooms, the playhead is not followed for this long.
const FOLLOW_PAUSE_SECS: f64 = 2.0;
/// One zoom button press multiplies the pixels per frame by this.
const ZOOM_STEP: f64 = 2.0;

/// What the timeline draws besides the case: made elsewhere, possibly not yet.
#[derive(Clone, Copy, Default)]
pub struct TimelineExtras<'a> {
    /// The player's waveform, once computed.
    pub waveform: Option<&'a Waveform>,
    /// The thumbnail worker for the file on screen (no thumbnail row without it).
    pub thumbnails: Option<&'a ThumbnailWorker>,
    /// The file's timing report: its gaps, duplicate frames and discontinuities are marked on the ruler.
    pub timing: Option<&'a TimingReport>,
}

/// Facts about the file computed once per timeline (not per frame: some sort every frame's time).
struct FileFacts {
    frame_count: usize,
    last_secs: f64,
    last_pts: Option<i64>,
    keyframes: Vec<usize>,
    mean_secs_per_frame: f64,
}

impl FileFacts {
    fn of(timeline: &Timeline) -> Self {
        let count = timeline.frame_count();
        let keyframes = (0..count).filter(|f| timeline.is_keyframe(*f)).collect();
        let mean = if count > 0 { timeline.duration_secs() / count as f64 } else { 1.0 / 30.0 };
        Self {
            frame_count: count,
            last_secs: timeline.secs_of(timeline.last_frame()),
            last_pts: timeline.pts_of(timeline.last_frame()),
            keyframes,
            mean_secs_per_frame: mean,
        }
    }

    fn matches(&self, timeline: &Timeline) -> bool {
        self.frame_count == timeline.frame_count()
            && self.last_secs == timeline.secs_of(timeline.last_frame())
            && self.last_pts == timeline.pts_of(timeline.last_frame())
    }
}

/// The timeline's own state between frames: the view, the drag in progress and caches. Keep one per window.
pub struct TimelineState {
    viewport: Option<Viewport>,
    /// Keep the playhead in view while it moves (paging the view when it leaves).
    pub follow_playhead: bool,
    last_playhead: Option<usize>,
    user_moved_view_at: f64,
    drag: Option<Drag>,
    /// The pointer's last x during a drag (the pointer may leave the window before the release).
    drag_x: Option<f32>,
    /// Screen rects of the lanes' content (right of the headers) and of the whole timeline, as last drawn.
    layout: Option<(Rect, Rect)>,
    lanes: Option<(u64, MediaId, EventLanes)>,
    /// The measurements of the media on screen, placed on their sub-rows (rebuilt with the revision).
    measures: Option<(u64, MediaId, Vec<MeasureSpan>)>,
    /// One lane per type and reviewer (adjudicating), instead of one per type.
    pub by_reviewer: bool,
    file: Option<FileFacts>,
    loudest: Option<(usize, usize, f32)>,
    thumbs: ThumbTextures,
    marks: LaneMarks,
    /// The pick list of a clicked cluster, while open.
    pick: Option<Pick>,
    /// While an interval's edge is dragged: the frame the player was sent to.
    trim: Option<TrimPreview>,
}

impl Default for TimelineState {
    fn default() -> Self {
        Self {
            viewport: None,
            follow_playhead: true,
            last_playhead: None,
            user_moved_view_at: f64::NEG_INFINITY,
            drag: None,
            drag_x: None,
            layout: None,
            lanes: None,
            measures: None,
            by_reviewer: false,
            file: None,
            loudest: None,
            thumbs: ThumbTextures::default(),
            marks: LaneMarks::default(),
            pick: None,
            trim: None,
        }
    }
}

impl TimelineState {
    /// The part of the file in view (after the first frame drawn).
    pub fn viewport(&self) -> Option<Viewport> {
        self.viewport
    }

    /// Shows `viewport` from the next frame on (clamped to the file), as if the user had zoomed there.
    pub fn set_viewport(&mut self, viewport: Viewport, now_secs: f64) {
        self.viewport = Some(viewport);
        self.user_moved_view_at = now_secs;
    }

    /// The lanes of the case as last drawn (rebuilt when the case's revision changes).
    pub fn lanes(&self) -> Option<&EventLanes> {
        self.lanes.as_ref().map(|(_, _, l)| l)
    }

    /// Whether an event or the view is being dragged.
    pub fn is_dragging(&self) -> bool {
        self.drag.is_some()
    }

    /// Screen x of the start of frame position `frame`'s cell, as last drawn.
    pub fn frame_x(&self, frame: f64) -> Option<f32> {
        let (lanes, _) = self.layout?;
        Some(lanes.left() + self.viewport?.x_of(frame) as f32)
    }

    /// Screen y of the middle of lane `lane`, as last drawn.
    pub fn lane_center_y(&self, lane: usize) -> Option<f32> {
        let (lanes, _) = self.layout?;
        Some(lanes_ui::lane_row(lanes, lane).center().y)
    }

    /// Screen y of the middle of the measurements' sub-row `row`, as last drawn (`None` when the row is not shown).
    pub fn measure_row_y(&self, row: usize) -> Option<f32> {
        let (lanes, _) = self.layout?;
        let rows = self.measures.as_ref().map_or(0, |(_, _, spans)| measures_ui::row_count(spans, false));
        (row < rows).then(|| lanes.top() - (rows - row) as f32 * MEASURE_ROW_PX + MEASURE_ROW_PX / 2.0)
    }

    /// The measurements placed on the row, as last drawn.
    pub fn measure_spans(&self) -> &[MeasureSpan] {
        self.measures.as_ref().map_or(&[], |(_, _, spans)| spans.as_slice())
    }

    /// The clusters of events sharing pixels, as last drawn (each with its lane, rect and count).
    pub fn clusters(&self) -> &[Cluster] {
        &self.marks.clusters
    }

    /// Events accounted for in the last draw: drawn on their own, or counted in a cluster's badge.
    pub fn events_drawn(&self) -> usize {
        self.marks.events_drawn
    }

    /// While an interval's edge is dragged: the edge, the frame under it (where the player was sent) and the
    /// playhead before the drag.
    pub fn trim_preview(&self) -> Option<TrimPreview> {
        self.trim
    }

    /// Whether a cluster's pick list is open.
    pub fn is_picking(&self) -> bool {
        self.pick.is_some()
    }

    /// Screen rect of the whole timeline (ruler to last lane), as last drawn.
    pub fn rect(&self) -> Option<Rect> {
        self.layout.map(|(_, all)| all)
    }

    /// Brings the event lanes up to the case's revision (on the opening thread too, so the first frame over a
    /// large case finds them made).
    pub fn refresh_lanes(&mut self, scope: &CaseScope) {
        let by_reviewer = self.by_reviewer;
        let stale = !matches!(&self.lanes, Some((rev, media, l))
            if *rev == scope.revision && media == scope.media_id && l.by_reviewer() == by_reviewer);
        if stale {
            // Patch the lanes with the events that changed since they were built; rebuild when that is unknown.
            let patched = match &mut self.lanes {
                Some((rev, media, lanes)) if media == scope.media_id && lanes.by_reviewer() == by_reviewer => {
                    scope.deltas_since(*rev).is_some_and(|deltas| {
                        let changes: Vec<_> = deltas.iter().map(|d| (d.before.as_ref(), d.after.as_ref())).collect();
                        lanes.patch(scope.media_id, &changes)
                    })
                }
                _ => false,
            };
            if patched {
                if let Some((rev, _, _)) = &mut self.lanes {
                    *rev = scope.revision;
                }
            } else {
                let lane_scope = LaneScope { visibility: scope.visibility, by_reviewer };
                self.lanes = Some((
                    scope.revision,
                    scope.media_id.clone(),
                    EventLanes::build(scope.case, scope.media_id, lane_scope),
                ));
            }
        }
    }

    fn refresh(&mut self, view: &DeskView) {
        self.refresh_lanes(&view.scope());
        if !matches!(&self.measures, Some((rev, media, _)) if *rev == view.revision && media == view.media_id) {
            self.measures = Some((view.revision, view.media_id.clone(), measures_ui::measure_spans(view)));
        }
        if !self.file.as_ref().is_some_and(|f| f.matches(view.timeline)) {
            self.file = Some(FileFacts::of(view.timeline));
            self.viewport = None;
            self.drag = None;
        }
    }
}

/// Toolbar requests, applied after layout.
#[derive(Clone, Copy, PartialEq)]
enum ViewAction {
    Whole,
    Zoom(f64),
}

/// Draws the timeline for `view` and returns what the user asked for.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    view: &DeskView,
    extras: &TimelineExtras,
    state: &mut TimelineState,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    state.refresh(view);
    let mut action = None;
    let mut readout_at = None;
    ui.horizontal(|ui| {
        if ui.button("Whole file").on_hover_text("Show the whole file").clicked() {
            action = Some(ViewAction::Whole);
        }
        if ui.button("Zoom out").clicked() {
            action = Some(ViewAction::Zoom(1.0 / ZOOM_STEP));
        }
        if ui.button("Zoom in").on_hover_text("Down to one frame per cell; Ctrl+wheel zooms at the pointer").clicked() {
            action = Some(ViewAction::Zoom(ZOOM_STEP));
        }
        ui.checkbox(&mut state.follow_playhead, "Follow playhead");
        ui.checkbox(&mut state.by_reviewer, "Lanes by reviewer")
            .on_hover_text("One lane per event type and reviewer, to compare codings side by side");
        // The readout is written once this frame's view is known, in the space left on this row.
        readout_at = Some(ui.available_rect_before_wrap());
    });

    let lane_count = state.lanes().map_or(0, |l| l.lanes().len());
    let measure_rows = measures_ui::row_count(state.measure_spans(), measures_ui::pending_on(view, view.media_id));
    let thumb_h = if extras.thumbnails.is_some() { THUMB_ROW_PX } else { 0.0 };
    let measures_h = measure_rows as f32 * MEASURE_ROW_PX;
    let height = ruler::RULER_HEIGHT_PX
        + thumb_h
        + WAVE_ROW_PX
        + KEY_ROW_PX
        + measures_h
        + lane_count as f32 * LANE_PX
        + SCROLL_ROW_PX;
    let (rect, response) = ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::click_and_drag());
    let content = Rect::from_min_max(Pos2::new(rect.left() + HEADER_PX, rect.top()), rect.right_bottom());
    let width_px = f64::from(content.width().max(1.0));
    let frame_count = view.timeline.frame_count();
    let now = ui.input(|i| i.time);

    let mut vp =
        state.viewport.unwrap_or_else(|| Viewport::whole(frame_count, width_px)).clamped(frame_count, width_px);
    // Toolbar: zoom around the playhead when it is in view, else around the middle.
    if let Some(a) = action {
        vp = match a {
            ViewAction::Whole => Viewport::whole(frame_count, width_px),
            ViewAction::Zoom(factor) => {
                let anchor = if vp.shows(view.current_frame, width_px) {
                    vp.x_of(view.current_frame as f64 + 0.5)
                } else {
                    width_px / 2.0
                };
                vp.zoom_at(factor, anchor, frame_count, width_px)
            }
        };
        state.user_moved_view_at = now;
    }
    // Wheel: Ctrl+wheel (or the plain wheel) zooms at the pointer, Shift+wheel or a horizontal wheel scrolls.
    if let Some(hover) = response.hover_pos().filter(|p| content.contains(*p)) {
        let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta));
        let anchor = f64::from(hover.x - content.left());
        if zoom != 1.0 {
            vp = vp.zoom_at(f64::from(zoom), anchor, frame_count, width_px);
            state.user_moved_view_at = now;
        } else if scroll.x != 0.0 {
            vp = vp.scrolled(f64::from(scroll.x), frame_count, width_px);
            state.user_moved_view_at = now;
        } else if scroll.y != 0.0 {
            vp = vp.zoom_at(f64::from(scroll.y * 0.01).exp(), anchor, frame_count, width_px);
            state.user_moved_view_at = now;
        }
        ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    }
    // Follow the playhead while it moves, unless the user just moved the view.
    if state.last_playhead != Some(view.current_frame) {
        if state.follow_playhead && state.drag.is_none() && now - state.user_moved_view_at > FOLLOW_PAUSE_SECS {
            vp = vp.revealing(view.current_frame, frame_count, width_px);
        }
        state.last_playhead = Some(view.current_frame);
    }

    let rows = Rows::new(rect, content, extras.thumbnails.is_some(), measures_h, lane_count);
    pointer::handle_pointer(ui, &response, view, state, &rows, &mut vp, &mut out);
    state.viewport = Some(vp);
    state.layout = Some((rows.lanes, rect));
    if let Some(at) = readout_at {
        readout_ui(ui, at, &vp, width_px, frame_count);
    }

    paint::paint(ui, view, extras, state, &rows, &vp);
    if state.pick.is_none() {
        pointer::hover_ui(ui, &response, view, state, &rows, &vp, extras.timing);
    }
    out.extend(pick_ui(ui.ctx(), view, state));
    out
}

/// The open pick list of a cluster: choosing an event selects it and goes to its first frame.
fn pick_ui(ctx: &egui::Context, view: &DeskView, state: &mut TimelineState) -> Vec<UiCommand> {
    let Some(pick) = state.pick.as_mut() else { return Vec::new() };
    let Some(lane) = state.lanes.as_ref().and_then(|(_, _, l)| l.lane(pick.lane)) else {
        state.pick = None;
        return Vec::new();
    };
    match clusters::pick_ui(ctx, pick, lane, view.case) {
        Picked::Nothing => Vec::new(),
        Picked::Close => {
            state.pick = None;
            Vec::new()
        }
        Picked::Event(e) => {
            state.pick = None;
            vec![
                UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![e.id.clone()], primary: Some(e.id) }),
                UiCommand::Player(PlayerCommand::GoToFrame(usize::try_from(e.start_frame).unwrap_or(usize::MAX))),
            ]
        }
    }
}

/// "frames A–B": the first and last frame with a pixel in the lanes as drawn this frame, and the zoom.
fn readout_ui(ui: &mut egui::Ui, at: Rect, vp: &Viewport, width_px: f64, frame_count: usize) {
    let (first, last) = vp.visible_frames(width_px, frame_count);
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    let mut row = ui.new_child(egui::UiBuilder::new().max_rect(at).layout(layout));
    row.weak(format!("frames {first}–{last} · {:.2} px/frame", vp.px_per_frame));
}

/// Where each row lies on screen.
struct Rows {
    content: Rect,
    header: Rect,
    ruler: Rect,
    thumbs: Option<Rect>,
    wave: Rect,
    keys: Rect,
    /// The measurements' sub-rows (zero high when there are none).
    measures: Rect,
    lanes: Rect,
    lane_count: usize,
    /// The scroll bar under the lanes.
    scroll: Rect,
}

impl Rows {
    fn new(rect: Rect, content: Rect, thumbs: bool, measures_h: f32, lane_count: usize) -> Self {
        let band =
            |top: f32, h: f32| Rect::from_min_max(Pos2::new(content.left(), top), Pos2::new(content.right(), top + h));
        let ruler = band(rect.top(), ruler::RULER_HEIGHT_PX);
        let thumbs = thumbs.then(|| band(ruler.bottom(), THUMB_ROW_PX));
        let wave = band(thumbs.map_or(ruler.bottom(), |t| t.bottom()), WAVE_ROW_PX);
        let keys = band(wave.bottom(), KEY_ROW_PX);
        let measures = band(keys.bottom(), measures_h);
        let lanes = band(measures.bottom(), lane_count as f32 * LANE_PX);
        let scroll = band(lanes.bottom(), SCROLL_ROW_PX);
        let header = Rect::from_min_max(Pos2::new(rect.left(), lanes.top()), Pos2::new(content.left(), lanes.bottom()));
        Self { content, header, ruler, thumbs, wave, keys, measures, lanes, lane_count, scroll }
    }
}
