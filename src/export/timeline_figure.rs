//! The timeline figure both reports draw (SVG in the HTML, vector paths in the PDF), laid out once here: events as
//! bars along the media's time, one row per event type; or, when two or more cameras have a clock map, along the
//! wall clock with one row per camera; under them one row per claim with a mark at each linked event's start,
//! shaped and coloured by stance. Positions are fractions of the plot's width (0 to 1).

use super::common::type_name;
use super::exhibit_front::claims_in_order;
use crate::case::{format_hms_millis, format_rfc3339_millis, Case, Event, EventTypeId, MediaId, Rgb, Stance};

/// One event drawn as a bar (a point event has `x0 == x1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x0: f64,
    pub x1: f64,
    pub colour: Rgb,
}

/// One row: its label and what is drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    pub label: String,
    pub marks: Vec<T>,
}

/// The figure, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Words under the axis, e.g. "media time of m1" or "wall clock (UTC)".
    pub axis: String,
    pub ticks: Vec<(f64, String)>,
    pub event_rows: Vec<Row<Bar>>,
    /// Per claim, each linked event's start and the link's stance.
    pub claim_rows: Vec<Row<(f64, Stance)>>,
    /// The event types drawn, with their colours.
    pub legend: Vec<(String, Rgb)>,
    /// Events that could not be placed, in words (empty when all were).
    pub note: String,
}

/// The colour a stance is drawn in (supports green, contradicts red, context grey).
pub fn stance_colour(stance: Stance) -> Rgb {
    match stance {
        Stance::Supports => Rgb { r: 30, g: 140, b: 60 },
        Stance::Contradicts => Rgb { r: 200, g: 30, b: 30 },
        Stance::Context => Rgb { r: 110, g: 110, b: 110 },
    }
}

/// The words for the stance marks' shapes.
pub const STANCE_KEY: &str = "▲ supports · ▼ contradicts · ◆ context";

fn type_colour(case: &Case, id: &EventTypeId) -> Rgb {
    case.taxonomy.get(id).map_or(Rgb { r: 90, g: 90, b: 90 }, |t| t.colour)
}

/// Where each event lies on the chosen axis, in seconds (media time, or wall clock since the epoch).
fn span_secs(case: &Case, event: &Event, wall: bool) -> Option<(f64, f64)> {
    let start = event.start.media_secs()?;
    let end = event.end.as_ref().and_then(|e| e.media_secs()).unwrap_or(start);
    if !wall {
        return Some((start, end));
    }
    let map = case.media.get(&event.media_id)?.wall_clock.as_ref()?;
    Some((map.wall_micros(start)? as f64 / 1e6, map.wall_micros(end)? as f64 / 1e6))
}

fn mapped(case: &Case) -> Vec<&MediaId> {
    case.media
        .values()
        .filter(|m| m.wall_clock.as_ref().is_some_and(|w| w.origin_micros().is_some()))
        .map(|m| &m.id)
        .collect()
}

/// Lays out the figure of `case`'s events.
pub fn timeline_figure(case: &Case, events: &[&Event]) -> Figure {
    let cameras = mapped(case);
    let wall = cameras.len() >= 2;
    let placed: Vec<(&Event, (f64, f64))> =
        events.iter().filter_map(|e| Some((*e, span_secs(case, e, wall)?))).collect();
    let unplaced = events.len() - placed.len();
    // The axis runs over the footage when known, widened to every placed event.
    let mut lo = if wall { f64::INFINITY } else { 0.0 };
    let mut hi = f64::NEG_INFINITY;
    for media in case.media.values() {
        let end = media.probe.duration_secs;
        if !wall {
            hi = hi.max(end);
        } else if let Some((a, b)) =
            media.wall_clock.as_ref().and_then(|m| Some((m.wall_micros(0.0)?, m.wall_micros(end)?)))
        {
            lo = lo.min(a as f64 / 1e6);
            hi = hi.max(b as f64 / 1e6);
        }
    }
    for (_, (a, b)) in &placed {
        lo = lo.min(*a);
        hi = hi.max(*b);
    }
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        hi = lo.max(0.0) + 1.0;
        lo = lo.min(hi - 1.0).max(if wall { f64::MIN } else { 0.0 });
    }
    let x = |t: f64| ((t - lo) / (hi - lo)).clamp(0.0, 1.0);

    let row_keys: Vec<(String, String)> = if wall {
        cameras.iter().map(|m| (m.to_string(), format!("camera {m}"))).collect()
    } else if case.media.len() > 1 {
        case.media.keys().map(|m| (m.to_string(), format!("camera {m}"))).collect()
    } else {
        let mut types: Vec<&EventTypeId> = Vec::new();
        for t in case.taxonomy.types.iter().map(|t| &t.id).chain(placed.iter().map(|(e, _)| &e.type_id)) {
            if !types.contains(&t) && placed.iter().any(|(e, _)| &e.type_id == t) {
                types.push(t);
            }
        }
        types.into_iter().map(|t| (t.to_string(), type_name(case, t))).collect()
    };
    let by_camera = wall || case.media.len() > 1;
    let event_rows = row_keys
        .iter()
        .map(|(key, label)| Row {
            label: label.clone(),
            marks: placed
                .iter()
                .filter(|(e, _)| if by_camera { e.media_id.as_str() == key } else { e.type_id.as_str() == key })
                .map(|(e, (a, b))| Bar { x0: x(*a), x1: x(*b), colour: type_colour(case, &e.type_id) })
                .collect(),
        })
        .collect();
    let claim_rows = claims_in_order(case)
        .into_iter()
        .map(|claim| Row {
            label: format!("claim {}", claim.id),
            marks: placed
                .iter()
                .filter_map(|(e, (a, _))| {
                    let link = e.links.iter().find(|l| l.claim_id == claim.id)?;
                    Some((x(*a), link.stance))
                })
                .collect(),
        })
        .collect();
    let mut legend: Vec<(String, Rgb)> = Vec::new();
    for (e, _) in &placed {
        let entry = (type_name(case, &e.type_id), type_colour(case, &e.type_id));
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    let ticks = (0..=4)
        .map(|i| {
            let t = lo + (hi - lo) * f64::from(i) / 4.0;
            let label = if wall {
                let text = format_rfc3339_millis((t * 1000.0).round() as i64);
                text.split_once('T').map_or(text.clone(), |(_, time)| time.to_owned())
            } else {
                format_hms_millis(t)
            };
            (f64::from(i) / 4.0, label)
        })
        .collect();
    let axis = match (wall, case.media.len()) {
        (true, _) => "wall clock (UTC), each camera through its clock map".to_owned(),
        (false, 1) => format!("media time of {}", case.media.keys().next().map_or("", |m| m.as_str())),
        (false, _) => "media time, each camera from its own first frame (no common clock)".to_owned(),
    };
    let note = match unplaced {
        0 => String::new(),
        n => format!("{n} event(s) not drawn: their camera has no clock map or their time base is unusable."),
    };
    Figure { axis, ticks, event_rows, claim_rows, legend, note }
}
