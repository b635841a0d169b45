//! A measurement in the inspector (picked on the timeline): its marked frames (each a button that shows it), the
//! events and claims it bears on, its note and reviewer, and its numbers computed from the marks — the same lines,
//! warnings, reference decelerations and method-and-limits paragraph the exports print — with a Remove button (one
//! audited edit, undone with Ctrl+Z). [`measurement_numbers_ui`] and [`method_ui`] also show the Measure window's live
//! result.

use egui::{Grid, RichText, Ui};

use crate::case::{Case, Measurement};
use crate::desk::{DeskCommand, DeskView};
use crate::export::{measurement_lines, measurement_row};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::panels::events_filter_ui::claim_menu_text;
use crate::ui::style::stance_label;

/// The computed numbers of `measurement` in sentences, warnings in the warning colour; returns its method-and-limits
/// paragraph (from the same computation) for [`method_ui`].
pub fn measurement_numbers_ui(ui: &mut Ui, case: &Case, measurement: &Measurement) -> String {
    let row = measurement_row(case, measurement);
    let warnings: Vec<String> = row.warnings.iter().map(|w| format!("warning: {w}")).collect();
    for line in measurement_lines(&row) {
        let text = RichText::new(&line).monospace().size(12.0);
        if warnings.contains(&line) || row.error.is_some() {
            ui.label(text.color(ui.visuals().warn_fg_color));
        } else {
            ui.label(text);
        }
    }
    row.method_and_limits
}

/// The method-and-limits paragraph under a fold (open at first when `open`).
pub fn method_ui(ui: &mut Ui, id_salt: &str, paragraph: &str, open: bool) {
    if paragraph.is_empty() {
        return;
    }
    egui::CollapsingHeader::new("Method and limits").id_salt(("measure-method", id_salt)).default_open(open).show(
        ui,
        |ui| {
            ui.label(RichText::new(paragraph).size(12.0));
        },
    );
}

/// The inspector for `measurement`.
pub fn measurement_inspector_ui(ui: &mut Ui, view: &DeskView, measurement: &Measurement) -> Vec<UiCommand> {
    let mut out = Vec::new();
    egui::ScrollArea::vertical().id_salt("inspector-measurement").auto_shrink([false, false]).show(ui, |ui| {
        Grid::new("inspector-measurement-fields").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            ui.label("Measurement");
            ui.label(RichText::new(measurement.id.as_str()).strong().monospace());
            ui.end_row();
            for media in &measurement.media {
                ui.label(format!("Frames on {}", media.media_id));
                ui.horizontal_wrapped(|ui| {
                    for mark in &media.marks {
                        let time = mark.at.media_secs().map(crate::case::format_hms_millis).unwrap_or_default();
                        let button = ui
                            .button(mark.at.frame.to_string())
                            .on_hover_text(format!("Show frame {} ({time})", mark.at.frame));
                        if button.clicked() {
                            let (media_id, frame) = (media.media_id.clone(), mark.at.frame as usize);
                            out.push(UiCommand::Window(WindowCommand::GoToMediaFrame { media_id, frame }));
                        }
                    }
                });
                ui.end_row();
            }
            if !measurement.events.is_empty() {
                ui.label("Events");
                ui.horizontal_wrapped(|ui| {
                    for id in &measurement.events {
                        if ui.button(id.as_str()).on_hover_text("Select this event").clicked() {
                            let ids = vec![id.clone()];
                            out.push(UiCommand::Desk(DeskCommand::SelectEvents { ids, primary: Some(id.clone()) }));
                        }
                    }
                });
                ui.end_row();
            }
            for link in &measurement.links {
                ui.label("Claim");
                ui.label(format!("{} — {}", claim_menu_text(view.case, &link.claim_id), stance_label(link.stance)));
                ui.end_row();
            }
            if !measurement.note.is_empty() {
                ui.label("Note");
                ui.label(&measurement.note);
                ui.end_row();
            }
            ui.label("Reviewer");
            ui.label(&measurement.reviewer);
            ui.end_row();
            ui.label("Created");
            ui.weak(&measurement.created_utc);
            ui.end_row();
        });
        ui.separator();
        ui.strong("Computed from the marks");
        let method = measurement_numbers_ui(ui, view.case, measurement);
        method_ui(ui, measurement.id.as_str(), &method, false);
        ui.separator();
        let remove = ui.button("Remove measurement").on_hover_text("One audited edit; Ctrl+Z brings it back");
        if remove.clicked() {
            let id = measurement.id.clone();
            out.push(UiCommand::Desk(DeskCommand::Edit(crate::case::Edit::RemoveMeasurement(id))));
        }
    });
    out
}
