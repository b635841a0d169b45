//! Where many events share a few pixels of a lane, one mark with a count badge instead of a smear. Hovering it
//! lists the first of them (type, frames, reviewer); clicking opens a small list to pick one, which becomes the
//! selection (the inspector follows). A mark keeps its events as runs of lane indices, never as copies, so a
//! mark over 100 000 events costs no more than one over two.

use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind};

use super::lanes_ui::event_rect;
use super::zoom::Viewport;
use crate::case::lanes::{Lane, LaneEvent, LaneSpan};
use crate::case::{Case, EventId};

/// Marks narrower than this join a neighbour closer than [`JOIN_GAP_PX`]; wider ones are drawn on their own.
const OWN_MARK_MIN_PX: f32 = 6.0;
/// Small marks at most this far apart become one cluster.
const JOIN_GAP_PX: f32 = 3.0;
/// The hover list names this many events, then says how many more there are.
pub const HOVER_LIST_LEN: usize = 10;
/// The pick list offers at most this many events (zoom in to reach the others).
pub const PICK_LIST_LEN: usize = 200;

/// Events of a cluster, in lane order.
#[derive(Clone, Debug, PartialEq)]
enum Part {
    One(usize),
    /// Lane indices `first..first + count` (events starting in a run of full pixel columns).
    Run {
        first: usize,
        count: usize,
    },
    /// The events starting before frame `frame` (the view's first) and reaching into the view.
    Carried {
        frame: u64,
        count: usize,
    },
}

/// One cluster mark as drawn: its lane, where it is (mark and badge), how many events it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub lane: usize,
    /// The mark and its badge, as drawn: what the pointer hovers or clicks.
    pub rect: Rect,
    pub count: usize,
    parts: Vec<Part>,
}

impl Cluster {
    fn new(lane: usize, rect: Rect, part: Part) -> Self {
        let count = match part {
            Part::One(_) => 1,
            Part::Run { count, .. } | Part::Carried { count, .. } => count,
        };
        Self { lane, rect, count, parts: vec![part] }
    }

    fn join(&mut self, rect: Rect, part: Part) {
        let other = Self::new(self.lane, rect, part);
        self.rect = self.rect.union(other.rect);
        self.count += other.count;
        self.parts.extend(other.parts);
    }

    /// The lane indices of its first `limit` events, in lane order.
    pub fn first_events(&self, lane: &Lane, limit: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for part in &self.parts {
            let room = limit.saturating_sub(out.len());
            if room == 0 {
                break;
            }
            match *part {
                Part::One(i) => out.push(i),
                Part::Run { first, count } => out.extend(first..first + count.min(room)),
                Part::Carried { frame, count } => lane.reaching_into(frame, count.min(room), &mut out),
            }
        }
        out
    }
}

/// What a lane draws: events on their own (lane index and rect) and clusters.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    One(usize, Rect),
    Cluster(Cluster),
}

/// Groups the `spans` of lane `lane_index` (drawn in `row`) into marks: an event wide enough stands alone, small
/// marks closer than a few pixels become one cluster, and a dense span is always a cluster. `hidden` (an event
/// being dragged) is left out. Clears `out` first.
pub fn marks(
    lane_index: usize,
    lane: &Lane,
    spans: &[LaneSpan],
    row: Rect,
    view: &Viewport,
    hidden: Option<&EventId>,
    out: &mut Vec<Mark>,
) {
    out.clear();
    let carried = lane.spans_begin_carried(view.first_frame, spans);
    let mut open: Option<Cluster> = None;
    for (n, span) in spans.iter().enumerate() {
        let (rect, part) = match *span {
            LaneSpan::One(i) => {
                let Some(e) = lane.event(i).filter(|e| hidden != Some(&e.id)) else { continue };
                let r = event_rect(row, view, e.start_frame, e.end_frame);
                if r.width() >= OWN_MARK_MIN_PX {
                    out.push(Mark::One(i, r));
                    continue;
                }
                (r, Part::One(i))
            }
            LaneSpan::Dense { first_frame, last_frame, count } => {
                let r = event_rect(row, view, first_frame, last_frame);
                let part = if n == 0 && carried {
                    Part::Carried { frame: first_frame, count }
                } else {
                    Part::Run { first: lane.first_starting_at(first_frame), count }
                };
                (r, part)
            }
        };
        match open.as_mut() {
            Some(c) if rect.left() - c.rect.right() <= JOIN_GAP_PX => c.join(rect, part),
            _ => {
                out.extend(open.take().map(finish));
                open = Some(Cluster::new(lane_index, rect, part));
            }
        }
    }
    out.extend(open.map(finish));
}

/// A cluster of one event is that event on its own.
fn finish(c: Cluster) -> Mark {
    match c.parts.as_slice() {
        [Part::One(i)] => Mark::One(*i, c.rect),
        _ => Mark::Cluster(c),
    }
}

/// Draws a cluster: its span shaded in the lane's colour, and a badge with the count over its middle unless it
/// would cover the badge drawn before it (`last_badge_right`). Grows the cluster's rect by its badge.
pub fn cluster_ui(painter: &Painter, row: Rect, c: &mut Cluster, fill: Color32, last_badge_right: &mut f32) {
    painter.rect_filled(c.rect, 0.0, fill.gamma_multiply(0.55));
    painter.rect_stroke(c.rect, 0.0, Stroke::new(1.0, fill), StrokeKind::Inside);
    let galley = painter.layout_no_wrap(c.count.to_string(), FontId::proportional(10.0), Color32::WHITE);
    let size = galley.size() + egui::vec2(6.0, 2.0);
    let visible = c.rect.intersect(painter.clip_rect());
    let centre_x = if visible.width() > 0.0 { visible.center().x } else { c.rect.center().x };
    let badge = Rect::from_center_size(Pos2::new(centre_x, row.center().y), size);
    if badge.left() <= *last_badge_right {
        return;
    }
    *last_badge_right = badge.right();
    painter.rect_filled(badge, size.y / 2.0, Color32::from_gray(15));
    painter.rect_stroke(badge, size.y / 2.0, Stroke::new(1.0, fill), StrokeKind::Inside);
    painter.galley(badge.center() - galley.size() / 2.0, galley, Color32::WHITE);
    c.rect = c.rect.union(badge);
}

/// The cluster under `pos`, as last drawn (a pixel of slack each side).
pub fn cluster_at(clusters: &[Cluster], pos: Pos2) -> Option<&Cluster> {
    clusters.iter().find(|c| c.rect.expand(1.0).contains(pos))
}

/// One event in words: its lane's type, its frames, its reviewer.
pub fn event_line(lane: &Lane, e: &LaneEvent, case: &Case) -> String {
    let frames = if e.is_interval {
        format!("frames {}–{}", e.start_frame, e.end_frame)
    } else {
        format!("frame {}", e.start_frame)
    };
    let reviewer = case.events.get(&e.id).map_or("", |ev| ev.reviewer.as_str());
    let reviewer = if reviewer.is_empty() { "no reviewer" } else { reviewer };
    format!("{} · {frames} · {reviewer}", lane.name)
}

/// The hover list of a cluster: its count, its first events, how many more.
pub fn hover_list_ui(ui: &mut egui::Ui, c: &Cluster, lane: &Lane, case: &Case) {
    ui.strong(format!("{} events here", c.count));
    for i in c.first_events(lane, HOVER_LIST_LEN) {
        if let Some(e) = lane.event(i) {
            ui.label(event_line(lane, e, case));
        }
    }
    if c.count > HOVER_LIST_LEN {
        ui.label(format!("… and {} more", c.count - HOVER_LIST_LEN));
    }
    ui.weak("Click to pick one");
}

/// An open pick list: the cluster's first events, where it was clicked.
#[derive(Clone, Debug)]
pub struct Pick {
    pub lane: usize,
    pub at: Pos2,
    pub total: usize,
    pub events: Vec<LaneEvent>,
    /// Where the list was drawn last (`None` before its first draw).
    pub rect: Option<Rect>,
}

impl Pick {
    pub fn of(c: &Cluster, lane: &Lane, at: Pos2) -> Self {
        let events = c.first_events(lane, PICK_LIST_LEN).into_iter().filter_map(|i| lane.event(i).cloned()).collect();
        Self { lane: c.lane, at, total: c.count, events, rect: None }
    }
}

/// What the pick list asked for.
pub enum Picked {
    Nothing,
    Close,
    Event(LaneEvent),
}

/// The pick list, over everything, at the click. A click outside it (after the first draw) or Esc closes it.
pub fn pick_ui(ctx: &egui::Context, pick: &mut Pick, lane: &Lane, case: &Case) -> Picked {
    let mut picked = Picked::Nothing;
    let area = egui::Area::new(egui::Id::unique("timeline-cluster-pick"))
        .order(egui::Order::Foreground)
        .fixed_pos(pick.at)
        .constrain(true)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(420.0);
                ui.strong(format!("{} events here: pick one", pick.total));
                egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    for e in &pick.events {
                        if ui.selectable_label(false, event_line(lane, e, case)).clicked() {
                            picked = Picked::Event(e.clone());
                        }
                    }
                });
                if pick.total > pick.events.len() {
                    ui.weak(format!("… and {} more: zoom in to reach them", pick.total - pick.events.len()));
                }
                if ui.button("Close").clicked() {
                    picked = Picked::Close;
                }
            });
        });
    // The click that opened the list is not a click outside it.
    let first_draw = pick.rect.is_none();
    pick.rect = Some(area.response.rect);
    if matches!(picked, Picked::Nothing) && !first_draw {
        let outside = ctx.input(|i| i.pointer.any_click()) && !area.response.contains_pointer();
        if outside || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            picked = Picked::Close;
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::lanes::{EventLanes, LaneScope};
    use crate::case::{Event, EventTypeId, FramePoint, MediaId, Visibility};

    fn lane_of(frames: &[(u64, Option<u64>)]) -> Lane {
        let mut case = Case::new("clusters");
        for (n, (start, end)) in frames.iter().enumerate() {
            let fp = |frame: u64| FramePoint { frame, pts_ticks: frame as i64, time_base_num: 1, time_base_den: 30 };
            let e = Event {
                id: EventId::new(format!("e{n:03}")),
                media_id: MediaId::new("m1"),
                start: fp(*start),
                end: end.map(fp),
                type_id: EventTypeId::new("contact"),
                ..Event::default()
            };
            case.events.insert(e.id.clone(), e);
        }
        let scope = LaneScope { visibility: &Visibility::all(), by_reviewer: false };
        let lanes = EventLanes::build(&case, &MediaId::new("m1"), scope);
        lanes.lanes().iter().find(|l| !l.is_empty()).cloned().unwrap_or_default()
    }

    fn marks_of(lane: &Lane, view: &Viewport, width: f32) -> Vec<Mark> {
        let row = Rect::from_min_size(Pos2::ZERO, egui::vec2(width, 18.0));
        let mut spans = Vec::new();
        lane.spans(view.first_frame, view.frames_per_px(), width as usize, &mut spans);
        let mut out = Vec::new();
        marks(0, lane, &spans, row, view, None, &mut out);
        out
    }

    #[test]
    fn close_points_become_one_cluster_and_far_or_wide_events_stand_alone() {
        // Twelve points on frames 100..=111, one at 900, a long interval 300..=500, at half a pixel per frame.
        let mut frames: Vec<(u64, Option<u64>)> = (100..112).map(|f| (f, None)).collect();
        frames.extend([(900, None), (300, Some(500))]);
        let lane = lane_of(&frames);
        let view = Viewport { first_frame: 0.0, px_per_frame: 0.5 };
        let marks = marks_of(&lane, &view, 900.0);
        let clusters: Vec<&Cluster> =
            marks.iter().filter_map(|m| if let Mark::Cluster(c) = m { Some(c) } else { None }).collect();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].count, 12);
        assert_eq!(clusters[0].first_events(&lane, 100), (0..12).collect::<Vec<_>>());
        assert_eq!(clusters[0].first_events(&lane, 5), (0..5).collect::<Vec<_>>());
        let alone = marks.iter().filter(|m| matches!(m, Mark::One(..))).count();
        assert_eq!(alone, 2, "the far point and the wide interval");
        // At ten pixels per frame every point has its own cell: no cluster.
        let close = Viewport { first_frame: 95.0, px_per_frame: 10.0 };
        assert!(marks_of(&lane, &close, 300.0).iter().all(|m| matches!(m, Mark::One(..))));
    }

    #[test]
    fn a_cluster_of_thousands_lists_them_by_runs_and_counts_them_all() {
        // 5000 points on frames 0..5000 at a twentieth of a pixel per frame, and 20 intervals reaching in from
        // before a later view.
        let mut frames: Vec<(u64, Option<u64>)> = (0..5000).map(|f| (f, None)).collect();
        frames.extend((0..20).map(|i| (6000 + i, Some(7000))));
        let lane = lane_of(&frames);
        let whole = Viewport { first_frame: 0.0, px_per_frame: 0.05 };
        let marks = marks_of(&lane, &whole, 400.0);
        let counted: usize = marks.iter().map(|m| if let Mark::Cluster(c) = m { c.count } else { 1 }).sum();
        assert_eq!(counted, lane.len(), "every event is in exactly one mark");
        let later = Viewport { first_frame: 6500.0, px_per_frame: 1.0 };
        let marks = marks_of(&lane, &later, 400.0);
        let Some(Mark::Cluster(c)) = marks.first() else { panic!("a cluster of the carried intervals: {marks:?}") };
        assert_eq!(c.count, 20);
        let listed: Vec<u64> =
            c.first_events(&lane, 100).iter().filter_map(|i| lane.event(*i)).map(|e| e.start_frame).collect();
        assert_eq!(listed, (6000..6020).collect::<Vec<_>>());
    }
}
