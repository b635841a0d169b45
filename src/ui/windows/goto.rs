//! Ctrl+G: go to a frame, a media time, a timecode as burned in, or a wall-clock time ([`super::goto_target`] reads
//! the text). The window opens beside the picture, never over it (the burned-in display stays readable), with the
//! last text selected so typing replaces it; it shows how the text is read and which frame that is before Enter,
//! and Esc closes it.

use egui::{Align2, Key, Modifiers, Pos2, Rect};

use crate::player::PlayerCommand;
use crate::player::Timeline;
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::windows::goto_target::{parse_target, GoToContext};

/// The window's width, points.
const WIDTH: f32 = 380.0;
const GAP: f32 = 8.0;

/// The dialog's state: what is typed and the last complaint.
#[derive(Default)]
pub struct GoToDialog {
    pub text: String,
    pub error: Option<String>,
    pub open: bool,
    /// Set when the dialog opens: select all of the text on the first frame.
    pub select_all: bool,
}

impl GoToDialog {
    /// Opens the dialog keeping the last text, selected.
    pub fn show(&mut self) {
        self.open = true;
        self.error = None;
        self.select_all = true;
    }
}

/// Where the window goes: left of the picture when there is room, else right of it, else below it.
fn placement(picture: Option<Rect>, screen: Rect) -> (Align2, Pos2) {
    let Some(picture) = picture else { return (Align2::CENTER_TOP, screen.center_top() + egui::vec2(0.0, 80.0)) };
    if picture.left() - screen.left() >= WIDTH + 2.0 * GAP {
        (Align2::RIGHT_TOP, picture.left_top() + egui::vec2(-GAP, GAP))
    } else if screen.right() - picture.right() >= WIDTH + 2.0 * GAP {
        (Align2::LEFT_TOP, picture.right_top() + egui::vec2(GAP, GAP))
    } else {
        (Align2::CENTER_TOP, picture.center_bottom() + egui::vec2(0.0, GAP))
    }
}

/// Esc while the dialog is open closes it. Read before any other key handling (the desk would take Esc to clear its
/// selection, a focused text field would take it for itself).
pub fn goto_keys_ui(ctx: &egui::Context, dialog: &GoToDialog) -> Option<UiCommand> {
    let escape = dialog.open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    escape.then_some(UiCommand::Window(WindowCommand::CloseGoTo))
}

/// Draws the go-to window; Enter jumps, Escape closes. `picture` is the area the window must not cover.
pub fn goto_ui(
    ctx: &egui::Context,
    dialog: &mut GoToDialog,
    timeline: &Timeline,
    context: &GoToContext,
    picture: Option<Rect>,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if !dialog.open {
        return out;
    }
    let (pivot, at) = placement(picture, ctx.content_rect());
    egui::Window::new("Go to frame or time")
        .collapsible(false)
        .resizable(false)
        .pivot(pivot)
        .fixed_pos(at)
        .min_width(WIDTH)
        .max_width(WIDTH)
        .show(ctx, |ui| {
            let label = ui.label(format!(
                "Frame 0–{}, a time (00:00:12.500, 12.5s), a timecode (00:00:12:15) or a wall-clock time \
                 (21:02:30, 2031-04-17T21:02:30Z)",
                timeline.last_frame()
            ));
            let edit = egui::TextEdit::singleline(&mut dialog.text)
                .id_salt("goto-text")
                .hint_text("frame or time")
                .desired_width(WIDTH - 16.0)
                .show(ui);
            let field = edit.response.response.clone().labelled_by(label.id);
            if dialog.select_all {
                dialog.select_all = false;
                let mut state = edit.state;
                let all = egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    egui::text::CCursor::new(dialog.text.chars().count()),
                );
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), field.id);
            }
            field.request_focus();
            let reading = parse_target(&dialog.text, timeline, context);
            let enter = ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                if ui.button("Go").clicked() || enter {
                    match &reading {
                        Ok(target) => {
                            out.push(UiCommand::Player(PlayerCommand::GoToFrame(target.frame)));
                            out.push(UiCommand::Window(WindowCommand::CloseGoTo));
                        }
                        Err(e) => dialog.error = Some(e.clone()),
                    }
                }
                if ui.button("Cancel").on_hover_text("Esc").clicked() {
                    out.push(UiCommand::Window(WindowCommand::CloseGoTo));
                }
            });
            match (&reading, &dialog.error) {
                (Ok(target), _) => {
                    dialog.error = None;
                    ui.label(egui::RichText::new(&target.reading).weak());
                }
                (Err(_), Some(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                (Err(_), None) => {}
            }
        });
    out
}
