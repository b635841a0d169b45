//! The shortcut sheet (F1 or ?): every key, grouped, with what it does, printed from the same tables the key
//! handling reads (see `ui::app::shortcuts`). Esc, F1, ? or its close button put it away.

use egui::{Key, Modifiers, RichText};

use crate::case::Taxonomy;
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::shortcuts::shortcut_sheet;

/// Esc while the sheet is open closes it; read before the desk takes Esc for itself.
pub fn shortcuts_keys_ui(ctx: &egui::Context, open: bool) -> Option<UiCommand> {
    let escape = open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    escape.then_some(UiCommand::Window(WindowCommand::CloseShortcuts))
}

/// The sheet, while `open`; `taxonomy` is the open case's (its hotkeys are listed).
pub fn shortcuts_ui(ctx: &egui::Context, open: bool, taxonomy: Option<&Taxonomy>) -> Option<UiCommand> {
    let mut still_open = open;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut still_open)
        .collapsible(false)
        .default_width(560.0)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(-280.0, 60.0))
        .show(ctx, |ui| {
            ui.label(RichText::new("Keys go to the video unless a text field or the events table has them.").weak());
            egui::ScrollArea::vertical().max_height(ctx.content_rect().height() * 0.7).show(ui, |ui| {
                for group in shortcut_sheet(taxonomy) {
                    ui.add_space(6.0);
                    ui.strong(group.title);
                    egui::Grid::new(("shortcuts", group.title)).num_columns(2).striped(true).show(ui, |ui| {
                        for row in group.rows {
                            ui.label(RichText::new(row.keys).monospace());
                            ui.label(row.what);
                            ui.end_row();
                        }
                    });
                }
            });
        });
    (open && !still_open).then_some(UiCommand::Window(WindowCommand::CloseShortcuts))
}
