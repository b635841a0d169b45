//! Ctrl+G: go to a frame number or a time. A bare number is a frame; `HH:MM:SS.mmm`, `MM:SS` or `12.5s` is a time,
//! turned into the frame on screen at that time through the timeline (never time × fps).

use crate::player::Timeline;

use crate::player::PlayerCommand;
use crate::ui::app::commands::{UiCommand, WindowCommand};

/// Parses what the reviewer typed into a frame number.
pub fn parse_target(text: &str, timeline: &Timeline) -> Result<usize, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Type a frame number (1234) or a time (00:01:02.500 or 62.5s).".into());
    }
    if let Ok(frame) = t.parse::<usize>() {
        if frame >= timeline.frame_count() {
            return Err(format!("Frame {frame} does not exist: frames are numbered 0 to {}.", timeline.last_frame()));
        }
        return Ok(frame);
    }
    let secs = parse_time_secs(t).ok_or_else(|| format!("\"{t}\" is neither a frame number nor a time."))?;
    if secs < 0.0 || secs > timeline.duration_secs() {
        return Err(format!("{t} is outside the video (0 to {:.3} s).", timeline.duration_secs()));
    }
    Ok(timeline.frame_at_secs(secs))
}

/// `HH:MM:SS(.mmm)`, `MM:SS(.mmm)` or `S(.mmm)s`.
pub fn parse_time_secs(t: &str) -> Option<f64> {
    if let Some(s) = t.strip_suffix('s') {
        return s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    }
    if !t.contains(':') {
        return None;
    }
    let mut secs = 0.0;
    for part in t.split(':') {
        let v: f64 = part.parse().ok()?;
        secs = secs * 60.0 + v;
    }
    secs.is_finite().then_some(secs)
}

/// The dialog's state: what is typed and the last complaint.
#[derive(Default)]
pub struct GoToDialog {
    pub text: String,
    pub error: Option<String>,
    pub open: bool,
}

/// Draws the go-to window; Enter jumps, Escape closes.
pub fn goto_ui(ctx: &egui::Context, dialog: &mut GoToDialog, timeline: &Timeline) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if !dialog.open {
        return out;
    }
    egui::Window::new("Go to frame or time")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            let label = ui.label(format!("Frame 0–{} or a time such as 00:00:12.500 or 12.5s", timeline.last_frame()));
            let edit = ui
                .add(egui::TextEdit::singleline(&mut dialog.text).id_salt("goto-text").hint_text("frame or time"))
                .labelled_by(label.id);
            edit.request_focus();
            let enter = (edit.has_focus() || edit.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if ui.button("Go").clicked() || enter {
                    match parse_target(&dialog.text, timeline) {
                        Ok(frame) => {
                            out.push(UiCommand::Player(PlayerCommand::GoToFrame(frame)));
                            out.push(UiCommand::Window(WindowCommand::CloseGoTo));
                        }
                        Err(e) => dialog.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    out.push(UiCommand::Window(WindowCommand::CloseGoTo));
                }
            });
            if let Some(e) = &dialog.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_frames_and_times_go_through_the_timeline() {
        let tl = Timeline::constant_rate(300, 30);
        assert_eq!(parse_target("17", &tl), Ok(17));
        assert_eq!(parse_target("00:00:02.000", &tl), Ok(60));
        assert_eq!(parse_target("0:01.5", &tl), Ok(45));
        assert_eq!(parse_target("2.5s", &tl), Ok(75));
        assert!(parse_target("300", &tl).is_err());
        assert!(parse_target("banana", &tl).is_err());
    }
}
