//! The transport row: start/end, steps of one and ten frames, play/pause, J/K/L state, speed, fit and 1:1, volume
//! and mute; and the seek bar, which shows frames while dragged and lands exactly on the frame where it is let go.

use egui::RichText;

use crate::player::{Direction, Motion, PlayerCommand, PlayerState, SPEEDS};
use crate::ui::app::commands::{UiCommand, WindowCommand};

/// What the transport shows besides the player state.
pub struct TransportView {
    pub volume: f32,
    pub muted: bool,
    pub has_sound_device: bool,
    /// While playing slower than asked: the speed the pictures on screen actually move at.
    pub reaching: Option<f64>,
}

fn speed_label(speed: f64) -> String {
    format!("{speed}x")
}

/// What the player is doing, in words: "paused", "playing 4x", "reverse 2x (reaching 0.9x)".
pub fn motion_label(motion: Motion, reaching: Option<f64>) -> String {
    let (way, speed) = match motion {
        Motion::Paused => return "paused".to_string(),
        Motion::Playing { direction: Direction::Forward, speed } => ("playing", speed),
        Motion::Playing { direction: Direction::Reverse, speed } => ("reverse", speed),
    };
    match reaching {
        Some(r) => format!("{way} {} (reaching {r:.1}x)", speed_label(speed)),
        None => format!("{way} {}", speed_label(speed)),
    }
}

pub fn transport_ui(ui: &mut egui::Ui, state: &PlayerState, view: &TransportView) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut egui::Ui, label: &str, hint: &str, cmd: UiCommand| {
            if ui.button(label).on_hover_text(hint).clicked() {
                out.push(cmd);
            }
        };
        button(ui, "Start", "Home", UiCommand::Player(PlayerCommand::GoToStart));
        button(ui, "-10", "Shift+←: ten frames back", UiCommand::Player(PlayerCommand::Step(-10)));
        button(ui, "-1", "←: one frame back", UiCommand::Player(PlayerCommand::Step(-1)));
        let play_label = if state.is_playing() { "Pause" } else { "Play" };
        button(ui, play_label, "Space", UiCommand::Player(PlayerCommand::TogglePlay));
        button(ui, "+1", "→: one frame forward", UiCommand::Player(PlayerCommand::Step(1)));
        button(ui, "+10", "Shift+→: ten frames forward", UiCommand::Player(PlayerCommand::Step(10)));
        button(ui, "End", "End", UiCommand::Player(PlayerCommand::GoToEnd));
        ui.separator();
        ui.label(RichText::new(motion_label(state.motion(), view.reaching)).monospace());
        ui.separator();
        let speed_label_id = ui.label("Speed").id;
        let mut chosen = None;
        // The speed running (J and L shuttle at their own), else the one Space plays at.
        let speed = match state.motion() {
            Motion::Playing { speed, .. } => speed,
            Motion::Paused => state.play_speed(),
        };
        egui::ComboBox::from_id_salt("speed")
            .selected_text(speed_label(speed))
            .width(64.0)
            .show_ui(ui, |ui| {
                for s in SPEEDS {
                    if ui.selectable_label((speed - s).abs() < 1e-9, speed_label(s)).clicked() {
                        chosen = Some(s);
                    }
                }
            })
            .response
            .labelled_by(speed_label_id);
        if let Some(s) = chosen {
            out.push(UiCommand::Player(PlayerCommand::SetSpeed(s)));
        }
        ui.separator();
        if ui.button("Fit").on_hover_text("Fit the picture to the window (Ctrl+0)").clicked() {
            out.push(UiCommand::Window(WindowCommand::ZoomFit));
        }
        if ui.button("1:1").on_hover_text("One video pixel per screen pixel").clicked() {
            out.push(UiCommand::Window(WindowCommand::ZoomOneToOne));
        }
        ui.separator();
        let mute_label = if view.muted { "Unmute" } else { "Mute" };
        if ui.add_enabled(view.has_sound_device, egui::Button::new(mute_label)).on_hover_text("M").clicked() {
            out.push(UiCommand::Window(WindowCommand::ToggleMute));
        }
        let mut volume = view.volume;
        ui.spacing_mut().slider_width = 100.0;
        let slider = egui::Slider::new(&mut volume, 0.0..=1.0).show_value(false).text("Volume");
        if ui.add_enabled(view.has_sound_device, slider).changed() {
            out.push(UiCommand::Window(WindowCommand::SetVolume(volume)));
        }
    });
    out
}

/// The seek bar over all frames. Dragging shows frames as it goes; letting go lands exactly on the frame under it.
pub fn seek_bar_ui(ui: &mut egui::Ui, state: &PlayerState, shown: usize) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let last = state.frame_count().saturating_sub(1);
    let mut value = if state.is_scrubbing() { state.position() } else { shown };
    // The wide slider spacing stays inside this scope, so other sliders keep their size.
    let response = ui
        .scope(|ui| {
            ui.spacing_mut().slider_width = (ui.available_width() - 8.0).max(50.0);
            ui.add(egui::Slider::new(&mut value, 0..=last).show_value(false).trailing_fill(true))
        })
        .inner;
    // Screen readers (and the UI tests' accessibility check) name the bar; it has no visible label.
    response.widget_info(|| egui::WidgetInfo::slider(true, value as f64, "Seek (frame)"));
    if response.drag_stopped() {
        out.push(UiCommand::Player(PlayerCommand::ScrubRelease(value)));
    } else if response.changed() {
        if response.dragged() || response.is_pointer_button_down_on() {
            out.push(UiCommand::Player(PlayerCommand::ScrubTo(value)));
        } else {
            out.push(UiCommand::Player(PlayerCommand::ScrubRelease(value)));
        }
    }
    out
}
