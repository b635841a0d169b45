//! The waveform strip under the picture: the sound's envelope over the whole file with the playhead; a click
//! goes to the frame on screen at that time. Until the background decode finishes it says what it is doing.

use egui::{Color32, Pos2, Sense, Stroke, Vec2};

use crate::player::waveform::Waveform;
use crate::player::{PlayerCommand, Timeline};
use crate::ui::app::commands::UiCommand;

pub const STRIP_HEIGHT: f32 = 44.0;

pub fn waveform_ui(
    ui: &mut egui::Ui,
    wave: Option<&Waveform>,
    note: Option<&str>,
    timeline: &Timeline,
    frame: usize,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let (rect, response) = ui.allocate_exact_size(Vec2::new(ui.available_width(), STRIP_HEIGHT), Sense::click());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, Color32::from_gray(18));
    let duration = timeline.duration_secs().max(1e-6);
    match wave {
        Some(w) if !w.columns.is_empty() => {
            let mid = rect.center().y;
            // Quiet recordings are scaled up so their shape shows; the loudest peak fills the strip.
            let loudest = w.columns.iter().fold(0.0f32, |m, c| m.max(c.high).max(-c.low)).max(1e-3);
            let half = rect.height() * 0.48 / loudest;
            let cols = w.columns.len() as f32;
            let peak = Stroke::new(1.0, Color32::from_rgb(55, 105, 145));
            let level = Stroke::new(1.0, Color32::from_rgb(120, 200, 250));
            let mut x = rect.left();
            while x < rect.right() {
                let a = (((x - rect.left()) / rect.width()) * cols) as usize;
                let b = ((((x + 1.0 - rect.left()) / rect.width()) * cols) as usize).max(a + 1);
                let span = &w.columns[a.min(w.columns.len() - 1)..b.min(w.columns.len())];
                let (lo, hi, rms) = span
                    .iter()
                    .fold((0.0f32, 0.0f32, 0.0f32), |(l, h, r), c| (l.min(c.low), h.max(c.high), r.max(c.rms)));
                painter.line_segment([Pos2::new(x, mid - hi * half), Pos2::new(x, mid - lo * half)], peak);
                painter.line_segment([Pos2::new(x, mid - rms * half), Pos2::new(x, mid + rms * half)], level);
                x += 1.0;
            }
        }
        _ => {
            let text = note.unwrap_or("sound: decoding in the background…");
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(12.0),
                Color32::GRAY,
            );
        }
    }
    let x = rect.left() + rect.width() * (timeline.secs_of(frame) / duration) as f32;
    painter.line_segment(
        [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
        Stroke::new(1.5, Color32::from_rgb(250, 200, 60)),
    );
    if response.clicked() {
        if let Some(p) = response.interact_pointer_pos() {
            let secs = f64::from((p.x - rect.left()) / rect.width().max(1.0)) * duration;
            out.push(UiCommand::Player(PlayerCommand::GoToFrame(timeline.frame_at_secs(secs))));
        }
    }
    out
}
