//! The recovery prompt on opening a case whose journal holds edits that were never saved (the app or the machine
//! stopped). The reviewer restores them or sets them aside; nothing is edited until they choose, nothing is deleted.

use egui::RichText;

use crate::case::Recovery;
use crate::desk::DeskCommand;
use crate::ui::app::commands::UiCommand;

pub fn recovery_ui(ctx: &egui::Context, recovery: &Recovery, case_name: &str) -> Vec<UiCommand> {
    let mut out = Vec::new();
    egui::Modal::new(egui::Id::unique("recovery-modal")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading("Unsaved work found");
        let n = recovery.records.len();
        ui.label(format!(
            "{case_name} has {n} edit(s) that were made after its last save, kept in its journal when ClaimFrame stopped."
        ));
        for record in recovery.records.iter().rev().take(5) {
            ui.label(RichText::new(format!("• {} {} — {}", record.audit.time_utc, record.audit.action, record.audit.details)).small());
        }
        if n > 5 {
            ui.label(RichText::new(format!("… and {} more", n - 5)).small());
        }
        if recovery.torn_tail {
            ui.label(RichText::new("The last journal line was cut off mid-write; that edit was never confirmed and is not offered.").small());
        }
        for problem in &recovery.problems {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if n > 0 && ui.button(RichText::new(format!("Restore {n} edit(s)")).strong()).clicked() {
                out.push(UiCommand::Desk(DeskCommand::RecoverReplay));
            }
            let aside = if n > 0 { "Set them aside" } else { "Continue" };
            if ui.button(aside).on_hover_text("The journal is moved next to the case file, never deleted").clicked() {
                out.push(UiCommand::Desk(DeskCommand::RecoverDiscard));
            }
        });
    });
    out
}
