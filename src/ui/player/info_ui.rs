//! The readout that is always visible: frame number of total, PTS in ticks and seconds, HH:MM:SS.mmm, a keyframe
//! marker, and the wall-clock time when the file (or its case) says when it was recorded, with where that came from.

use egui::RichText;

use crate::case::{format_hms_millis, format_rfc3339_millis, parse_rfc3339_millis};
use crate::player::Timeline;

/// Where wall-clock time comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct WallClock {
    pub origin_unix_millis: i64,
    /// E.g. "container creation_time".
    pub source: String,
}

impl WallClock {
    pub fn from_text(origin: &str, source: &str) -> Option<Self> {
        Some(WallClock { origin_unix_millis: parse_rfc3339_millis(origin)?, source: source.to_string() })
    }

    pub fn at(&self, media_secs: f64) -> String {
        format_rfc3339_millis(self.origin_unix_millis + (media_secs * 1000.0).round() as i64)
    }
}

/// The lines of the readout for `frame`, as plain text (the UI and tests read the same words).
pub fn readout(timeline: &Timeline, frame: usize, wall: Option<&WallClock>) -> Vec<String> {
    let secs = timeline.secs_of(frame);
    let pts = timeline.pts_of(frame).map_or("none".to_string(), |p| p.to_string());
    let mut lines = vec![
        format!("frame {frame} / {}", timeline.frame_count()),
        format!("PTS {pts} ticks ({}/{} s) = {secs:.6} s", timeline.time_base_num, timeline.time_base_den),
        format_hms_millis(secs),
    ];
    if let Some(w) = wall {
        lines.push(format!("wall clock {} — {}", w.at(secs), w.source));
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
