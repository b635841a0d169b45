//! The readout that is always visible: frame number of total, PTS in ticks and seconds, HH:MM:SS.mmm, a keyframe
//! marker, and the wall-clock time when the file (or its case) says when it was recorded, with where that came from.

use egui::RichText;

use crate::case::{
    format_hms_millis, format_ticks_hms, format_wall_clock, parse_rfc3339_millis, ClockMethod, WallClockMapping,
};
use crate::player::Timeline;

/// Where wall-clock time comes from: the case's clock map for the file (drift and uncertainty included), or, for
/// a bare video, the container's creation time as frame 0's time.
#[derive(Clone, Debug, PartialEq)]
pub enum WallClock {
    Mapped(WallClockMapping),
    Created { origin_unix_millis: i64, source: String },
}

impl WallClock {
    /// The container's creation time as the wall clock of media time 0.
    pub fn from_creation_time(origin: &str, source: &str) -> Option<Self> {
        Some(WallClock::Created { origin_unix_millis: parse_rfc3339_millis(origin)?, source: source.to_string() })
    }

    /// The case's clock map, when it has an origin.
    pub fn from_map(map: &WallClockMapping) -> Option<Self> {
        map.origin_micros().map(|_| WallClock::Mapped(map.clone()))
    }

    /// As a clock map: the case's, or the creation time as the origin of media time 0 (no drift, no ±).
    pub fn mapping(&self) -> WallClockMapping {
        match self {
            WallClock::Mapped(map) => map.clone(),
            WallClock::Created { origin_unix_millis, source } => WallClockMapping {
                origin: Some(crate::case::format_rfc3339_millis(*origin_unix_millis)),
                source: source.clone(),
                ..WallClockMapping::default()
            },
        }
    }

    /// The wall clock of `frame` with its uncertainty and where it comes from, in words.
    pub fn at(&self, timeline: &Timeline, frame: usize) -> String {
        match self {
            WallClock::Mapped(map) => {
                let media_secs = timeline.media_secs_of(frame);
                let when = map.wall_micros(media_secs).map_or_else(|| "out of range".to_owned(), format_wall_clock);
                let how = match map.method {
                    ClockMethod::Unstated => format!("source (case): {}", map.source),
                    method => format!("by {method} (case)"),
                };
                format!("{when} ± {:.0} ms — {how}", map.uncertainty_ms_at(media_secs))
            }
            WallClock::Created { origin_unix_millis, source } => {
                // Media time (PTS × time base) from the origin, to the microsecond, then the one wall-clock rule.
                let micros = origin_unix_millis * 1000 + (timeline.media_secs_of(frame) * 1e6).round() as i64;
                format!("{} — {source}", format_wall_clock(micros))
            }
        }
    }
}

/// The lines of the readout for `frame`, as plain text (the UI and tests read the same words).
pub fn readout(timeline: &Timeline, frame: usize, wall: Option<&WallClock>) -> Vec<String> {
    let (num, den) = (timeline.time_base_num, timeline.time_base_den);
    let ticks = timeline.pts_ticks_at(frame);
    let pts = timeline.pts_of(frame).map_or_else(|| format!("none (placed at {ticks})"), |p| p.to_string());
    // The media time as every citation and export gives it (PTS × time base, the one rounding rule); when the
    // file's first frame is not at 0, also how far into the file the frame is.
    let media = format_ticks_hms(ticks, num, den).unwrap_or_else(|| "time unknown".to_owned());
    let after_first = timeline.secs_of(frame);
    let time = if (timeline.media_secs_of(0)).abs() > 0.0 {
        format!("{media} (media time; {} after the first frame)", format_hms_millis(after_first))
    } else {
        media
    };
    let mut lines = vec![
        format!("frame {frame} / {}", timeline.frame_count()),
        format!("PTS {pts} ticks ({num}/{den} s) = {:.6} s", timeline.media_secs_of(frame)),
        time,
    ];
    if let Some(w) = wall {
        lines.push(format!("wall clock {}", w.at(timeline, frame)));
    }
    lines
}

pub fn info_ui(ui: &mut egui::Ui, timeline: &Timeline, frame: usize, wall: Option<&WallClock>) {
    let lines = readout(timeline, frame, wall);
    ui.horizontal_wrapped(|ui| {
        if let Some(first) = lines.first() {
            ui.label(RichText::new(first).monospace().strong().size(16.0));
        }
        if timeline.is_keyframe(frame) {
            ui.label(
                RichText::new("KEY")
                    .monospace()
                    .strong()
                    .color(egui::Color32::BLACK)
                    .background_color(egui::Color32::from_rgb(250, 200, 60)),
            )
            .on_hover_text("This frame is a keyframe (decoding can start here).");
        }
        for line in lines.iter().skip(1) {
            ui.separator();
            ui.label(RichText::new(line).monospace());
        }
    });
}
