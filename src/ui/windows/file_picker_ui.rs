//! Drawing the window's own file picker (see `file_picker`): the reason the system chooser is not used, the path
//! field, Up, the folder's listing (click a folder to go in, a file to take its path, double-click to take it at
//! once), "all files", and the button that hands the path on.

use egui::RichText;

use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::windows::file_picker::FilePicker;

/// The picker, while open; returns the chosen path as a command, or the request to close it.
pub fn file_picker_ui(ctx: &egui::Context, picker: &mut FilePicker) -> Option<UiCommand> {
    if !picker.open {
        return None;
    }
    let (title, action) = picker.purpose.words();
    let mut out = None;
    let mut open = true;
    egui::Window::new(title)
        .id(egui::Id::unique("file-picker"))
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(-280.0, 80.0))
        .show(ctx, |ui| {
            ui.label(RichText::new(format!("{}; choose the file here.", picker.why)).color(ui.visuals().warn_fg_color));
            let mut take = false;
            ui.horizontal(|ui| {
                let label_id = ui.label("Path").id;
                let field =
                    ui.add(egui::TextEdit::singleline(&mut picker.path).desired_width(440.0)).labelled_by(label_id);
                take |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            ui.horizontal(|ui| {
                if ui.button("Up").on_hover_text("The folder above").clicked() {
                    picker.enter("..");
                }
                ui.label(RichText::new(picker.dir.display().to_string()).monospace().weak());
            });
            let mut go_into = None;
            let mut chosen = None;
            egui::ScrollArea::vertical().max_height(280.0).auto_shrink([false, true]).show(ui, |ui| {
                let shown: Vec<crate::ui::windows::file_picker::Entry> = {
                    let all = picker.entries().to_vec();
                    all.into_iter().filter(|e| picker.shows(e)).collect()
                };
                if shown.is_empty() {
                    ui.weak("Nothing to choose in this folder.");
                }
                for entry in shown {
                    let text = if entry.is_dir { format!("{}/", entry.name) } else { entry.name.clone() };
                    let row = ui.selectable_label(false, text);
                    if entry.is_dir && row.clicked() {
                        go_into = Some(entry.name.clone());
                    } else if row.double_clicked() {
                        chosen = Some(entry.name.clone());
                    } else if row.clicked() {
                        picker.select(&entry.name);
                    }
                }
            });
            if let Some(name) = go_into {
                picker.enter(&name);
            }
            if let Some(name) = chosen {
                picker.select(&name);
                take = true;
            }
            if !picker.extensions.is_empty() && !picker.purpose.picks_folder() {
                let kinds = picker.extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" ");
                ui.checkbox(&mut picker.show_all, format!("Show all files (not only {kinds})"));
            }
            if let Some(error) = &picker.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                take |= ui.button(action).clicked();
                if ui.button("Cancel").clicked() {
                    out = Some(WindowCommand::ClosePicker);
                }
            });
            if take {
                if let Some(path) = picker.take() {
                    out = Some(WindowCommand::Picked(path));
                }
            }
        });
    if !open {
        out = Some(WindowCommand::ClosePicker);
    }
    out.map(UiCommand::Window)
}
