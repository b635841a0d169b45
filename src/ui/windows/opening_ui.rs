//! What the window shows of a case being opened on its own thread: how far it has come and a Cancel, in the notice
//! line under the menu (so nothing moves while it opens) (the file on screen stays usable meanwhile), and, when a case could not be parsed but one of
//! its backups loads, the offer to open a copy of that backup (the broken file is never written to); when a case's
//! video was not found by its SHA-256 in the case's folder, the offer to look for it in another.

use egui::RichText;

use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::open_task::{BackupOffer, OpenTask};

/// "Opening case big.case.ron… parsing 45%" with its bar and Cancel, drawn into the notice line's row.
pub fn opening_row_ui(ui: &mut egui::Ui, task: &OpenTask) -> Option<UiCommand> {
    let (words, fraction) = task.status();
    let mut out = None;
    // Cancel first, so it stays put while the words beside it change.
    let hint = "Stop opening; the file on screen stays as it is";
    if ui.small_button("Cancel").on_hover_text(hint).clicked() {
        out = Some(UiCommand::Window(WindowCommand::CancelOpen));
    }
    ui.spinner();
    match fraction {
        Some(f) => {
            ui.add(egui::ProgressBar::new(f).desired_width(320.0).desired_height(16.0).text(words));
        }
        None => {
            ui.add(egui::Label::new(words).truncate());
        }
    }
    out
}

/// "A backup of this case loads": when it was saved, what opens (a copy beside the case), and the button.
pub fn backup_offer_ui(ctx: &egui::Context, offer: &BackupOffer) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let when = offer.backup.saved_words();
    let broken = offer.broken.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let backup = offer.backup.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    egui::Window::new("A backup of this case loads").collapsible(false).resizable(false).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(format!(
            "{broken} cannot be read (see the message in the window). Its backup {backup}, saved {when}, loads: {} \
             event(s).",
            offer.backup.events
        ));
        ui.label(
            RichText::new(
                "It opens as a copy beside the case (named from-backup with its time). The broken file and its \
                 backups are left exactly as they are; edits made after that backup are not in it.",
            )
            .small(),
        );
        ui.horizontal(|ui| {
            if ui.button(RichText::new(format!("Open the backup of {when}")).strong()).clicked() {
                out.push(UiCommand::Window(WindowCommand::OpenBackupCopy));
            }
            if ui.button("Not now").clicked() {
                out.push(UiCommand::Window(WindowCommand::DismissMessages));
            }
        });
    });
    out
}

/// "The case's video has moved": look for it in a folder the reviewer picks (by its SHA-256), or not now.
/// `why` is the failure's own words (the notice line has room for only their start).
pub fn relink_offer_ui(ctx: &egui::Context, case: &std::path::Path, why: Option<&str>) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let name = case.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let window = egui::Window::new("The case's video has moved").collapsible(false).resizable(false);
    window.anchor(egui::Align2::CENTER_TOP, [0.0, 64.0]).show(ctx, |ui| {
        ui.set_max_width(560.0);
        if let Some(why) = why {
            ui.label(RichText::new(why).color(ui.visuals().warn_fg_color));
        }
        ui.label(format!(
            "Pick the folder {name}'s video is in now: every file of its size there is hashed, and the one with its \
             SHA-256 is opened."
        ));
        ui.label(
            RichText::new(
                "The case then records the new place as an audited edit (Ctrl+Z undoes it). Another file is never \
                 taken for it: only the same bytes match.",
            )
            .small(),
        );
        ui.horizontal(|ui| {
            if ui.button(RichText::new("Look for it in a folder…").strong()).clicked() {
                out.push(UiCommand::Window(WindowCommand::RelinkDialog));
            }
            if ui.button("Not now").clicked() {
                out.push(UiCommand::Window(WindowCommand::DismissMessages));
            }
        });
    });
    out
}
