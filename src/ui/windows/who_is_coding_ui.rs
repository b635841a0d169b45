//! The "Who is coding?" question: a small modal with the remembered name filled in (its field takes the keys).
//! Enter or "Start coding" confirms a name that is not blank; Esc or "Cancel" drops what waited. The name it confirms signs every edit of
//! the session.

use egui::{Key, RichText};

use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::who_is_coding::ReviewerQuestion;

/// The question, while one is asked.
pub fn who_is_coding_ui(ctx: &egui::Context, question: &mut ReviewerQuestion) -> Option<UiCommand> {
    let mut out = None;
    let modal = egui::Modal::new(egui::Id::unique("who-is-coding")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Who is coding?");
        ui.label(
            "Your name is recorded on every event, link, measurement and audit entry you make, and the report lists it.",
        );
        let waiting = question.waiting.len();
        ui.label(RichText::new(format!("{waiting} edit(s) wait for your answer.")).weak());
        ui.horizontal(|ui| {
            let label_id = ui.label("Name").id;
            let field = ui.add(egui::TextEdit::singleline(&mut question.name).desired_width(260.0)).labelled_by(label_id);
            if !question.focused {
                question.focused = true;
                field.request_focus();
            }
            let name = question.name.trim();
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && !name.is_empty() {
                out = Some(WindowCommand::ConfirmReviewer(name.to_owned()));
            }
        });
        let name = question.name.trim().to_owned();
        if name.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, "Type the name that should sign these edits.");
        }
        ui.horizontal(|ui| {
            let start = ui.add_enabled(!name.is_empty(), egui::Button::new("Start coding"));
            if start.clicked() {
                out = Some(WindowCommand::ConfirmReviewer(name.clone()));
            }
            if ui.button("Cancel").on_hover_text("Drop the waiting edits; nothing is signed").clicked() {
                out = Some(WindowCommand::CancelReviewerQuestion);
            }
        });
    });
    // Esc cancels; a click beside the question does not (it would drop the waiting edits by accident).
    if out.is_none() && modal.is_top_modal && ctx.input(|i| i.key_pressed(Key::Escape)) {
        out = Some(WindowCommand::CancelReviewerQuestion);
    }
    out.map(UiCommand::Window)
}
