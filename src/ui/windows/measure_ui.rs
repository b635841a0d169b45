//! The Measure window (Ctrl+M marks the frame on screen and opens it; Measure… in the menu): the marked frames with
//! their times and timing ±, one row per interval between them for the distance travelled, its ± and its source, an
//! optional tested timing uncertainty, the events and claim the measurement bears on, a note, and — live, before
//! anything is saved — what ClaimFrame computes from it (Δt, speed, deceleration with their ±, warnings, the
//! reference decelerations, the method and its limits) or, in words, what is still missing or wrong. Save (always
//! in view under the scrolling part) is one audited edit through the desk. Everything typed is the desk's (`desk::MeasureDraft`); this only draws it.

use egui::{ComboBox, Grid, RichText, TextEdit, Ui};

use crate::case::event_query::claim_ids_in_order;
use crate::case::{format_hms_millis, Clock, SystemClock};
use crate::desk::{DeskCommand, DeskView, MeasureCommand, MeasureDraft, MeasureForm};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::panels::events_filter_ui::claim_menu_text;
use crate::ui::panels::measure_inspector::{measurement_numbers_ui, method_ui};
use crate::ui::style::{stance_combo_ui, MEASURE_COLOUR};

/// Height kept under the scrolling part for the Save button.
const SAVE_ROW_PX: f32 = 34.0;

fn measure(cmd: MeasureCommand) -> UiCommand {
    UiCommand::Desk(DeskCommand::Measure(cmd))
}

/// The Measure window over `view`'s case; `reviewer` is who the measurement would be by.
pub fn measure_ui(ctx: &egui::Context, view: &DeskView, reviewer: &str) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let mut open = true;
    // Over the events table, under the menu, clear of the picture being measured. Everything but the Save button
    // scrolls, so Save is always in reach.
    egui::Window::new("Measure")
        .id(egui::Id::unique("measure-window"))
        .open(&mut open)
        .default_pos([8.0, 52.0])
        .default_width(560.0)
        .default_height(560.0)
        .show(ctx, |ui| {
            let scroll_px = (ui.available_height() - SAVE_ROW_PX).max(120.0);
            let scrolled = egui::ScrollArea::vertical()
                .id_salt("measure-scroll")
                .max_height(scroll_px)
                .auto_shrink([false, false])
                .show(ui, |ui| contents_ui(ui, view, reviewer));
            out.extend(scrolled.inner);
            if !view.measure.is_empty() {
                ui.separator();
                let save = ui.button(RichText::new("Save measurement").strong());
                if save.on_hover_text("Adds it to the case as one audited edit; Ctrl+Z takes it back").clicked() {
                    out.push(measure(MeasureCommand::Save));
                }
            }
        });
    if !open {
        out.push(UiCommand::Window(WindowCommand::CloseMeasure));
    }
    out
}

fn contents_ui(ui: &mut Ui, view: &DeskView, reviewer: &str) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let draft = view.measure;
    let Some(media_id) = draft.media_id() else {
        ui.label(
            "No frames marked yet. Go to a frame and press Ctrl+M to mark it: two marks measure the time between \
             them; with distances, three or more also give the change of speed and the deceleration.",
        );
        if ui.button("Mark the frame on screen (Ctrl+M)").clicked() {
            out.push(measure(MeasureCommand::Mark));
        }
        return out;
    };
    if media_id != view.media_id {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "These marks are on {media_id}; the camera on screen is {}. Clear them to measure here.",
                view.media_id
            ),
        );
    }
    out.extend(marks_ui(ui, draft));
    if !out.is_empty() {
        return out; // a mark went or the marks were cleared: the form follows the desk next frame
    }
    let mut form = draft.form().clone();
    ui.separator();
    intervals_ui(ui, draft, &mut form);
    timing_ui(ui, &mut form);
    ui.separator();
    links_ui(ui, view, &mut form);
    let label = ui.label("Note");
    ui.add(
        TextEdit::multiline(&mut form.note)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .hint_text("What was measured, in plain words"),
    )
    .labelled_by(label.id);
    if form != *draft.form() {
        out.push(measure(MeasureCommand::SetForm(form.clone())));
    }
    ui.separator();
    // The result of what is typed now (this frame's form), exactly as it would be saved.
    let mut preview = draft.clone();
    preview.set_form(form);
    let built = preview.build(view.case, reviewer, &SystemClock.now_rfc3339());
    let method = match &built {
        Ok(measurement) => {
            ui.label(RichText::new("Result").strong());
            Some(measurement_numbers_ui(ui, view.case, measurement))
        }
        Err(e) => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Not ready to save: {e}."));
            None
        }
    };
    if let Some(method) = method {
        method_ui(ui, "draft", &method, true);
    }
    out
}

/// The marks, each with a button to show it and one to take it out; then Clear.
fn marks_ui(ui: &mut Ui, draft: &MeasureDraft) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let count = draft.marks().len();
    ui.label(RichText::new(format!("{count} marked frame(s) — Ctrl+M marks the frame on screen")).strong());
    Grid::new("measure-marks").num_columns(5).spacing([14.0, 4.0]).striped(true).show(ui, |ui| {
        for header in ["Frame", "Time", "PTS (ticks × time base)", "Timing ± (half its interval)", ""] {
            ui.weak(header);
        }
        ui.end_row();
        for mark in draft.marks() {
            let at = mark.at;
            ui.label(RichText::new(at.frame.to_string()).monospace().color(MEASURE_COLOUR));
            ui.label(at.media_secs().map(format_hms_millis).unwrap_or_default());
            ui.label(
                RichText::new(format!("{} × {}/{}", at.pts_ticks, at.time_base_num, at.time_base_den)).monospace(),
            );
            let half_ms = mark.frame_interval_secs().map_or(f64::NAN, |s| s * 500.0);
            ui.label(format!("± {half_ms:.2} ms"));
            ui.horizontal(|ui| {
                if ui.small_button("Show").on_hover_text("Show this frame").clicked() {
                    out.push(UiCommand::Player(crate::player::PlayerCommand::GoToFrame(at.frame as usize)));
                }
                if ui.small_button("Remove").on_hover_text(format!("Unmark frame {}", at.frame)).clicked() {
                    out.push(measure(MeasureCommand::RemoveMark(at.frame)));
                }
            });
            ui.end_row();
        }
    });
    if ui.button("Clear marks").on_hover_text("Let every mark and everything typed here go").clicked() {
        out.push(measure(MeasureCommand::Clear));
    }
    out
}

/// One row per interval between consecutive marks: its frames and Δt, then distance, ± and source.
fn intervals_ui(ui: &mut Ui, draft: &MeasureDraft, form: &mut MeasureForm) {
    if form.intervals.is_empty() {
        ui.label("Mark at least one more frame to measure between them.");
        return;
    }
    ui.label(
        RichText::new("Distance travelled over each interval (leave every distance empty to measure time only)")
            .strong(),
    );
    Grid::new("measure-intervals").num_columns(4).spacing([10.0, 4.0]).show(ui, |ui| {
        let headers: Vec<egui::Id> =
            ["Interval", "Distance (m)", "± (m)", "Source of the distance"].iter().map(|h| ui.weak(*h).id).collect();
        ui.end_row();
        for (k, (interval, pair)) in form.intervals.iter_mut().zip(draft.marks().windows(2)).enumerate() {
            let (a, b) = (pair[0].at, pair[1].at);
            let dt = match (a.media_secs(), b.media_secs()) {
                (Some(x), Some(y)) => format!("Δt {:.4} s", y - x),
                _ => String::new(),
            };
            ui.label(format!("{} · frames {}–{} · {dt}", k + 1, a.frame, b.frame));
            let fields = [
                (&mut interval.distance_m, 70.0, "e.g. 12.5"),
                (&mut interval.distance_unc_m, 50.0, "0"),
                (&mut interval.source, 260.0, "e.g. lane markings 3.0 m apart"),
            ];
            for (i, (text, width, hint)) in fields.into_iter().enumerate() {
                ui.add(TextEdit::singleline(text).desired_width(width).hint_text(hint)).labelled_by(headers[i + 1]);
            }
            ui.end_row();
        }
    });
    if form.intervals.len() > 1 {
        let first = form.intervals[0].source.clone();
        let same = ui.add_enabled(!first.trim().is_empty(), egui::Button::new("Same source for every interval"));
        if same.on_hover_text("Copy interval 1's source to the others").clicked() {
            form.intervals.iter_mut().for_each(|i| i.source = first.clone());
        }
    }
}

fn timing_ui(ui: &mut Ui, form: &mut MeasureForm) {
    let hint = "In place of ± half the local frame interval at each mark: a value you tested (e.g. a stopwatch filmed \
                with this camera)";
    ui.checkbox(&mut form.tested_timing, "Tested timing uncertainty").on_hover_text(hint);
    if form.tested_timing {
        ui.horizontal(|ui| {
            let label = ui.label("± per mark (s)");
            ui.add(TextEdit::singleline(&mut form.timing_unc_secs).desired_width(70.0).hint_text("0.012"))
                .labelled_by(label.id);
            let label = ui.label("How it was tested");
            ui.add(
                TextEdit::singleline(&mut form.timing_source).desired_width(320.0).hint_text("the test and its result"),
            )
            .labelled_by(label.id);
        });
    }
}

/// The events it bears on (the selected ones can be added) and one claim with its stance.
fn links_ui(ui: &mut Ui, view: &DeskView, form: &mut MeasureForm) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Events:");
        if form.events.is_empty() {
            ui.weak("none");
        }
        let mut gone = None;
        for (i, id) in form.events.iter().enumerate() {
            if ui.small_button(format!("{id} ×")).on_hover_text("Take this event off the measurement").clicked() {
                gone = Some(i);
            }
        }
        if let Some(i) = gone {
            form.events.remove(i);
        }
        let selected: Vec<_> = view.selection.events.iter().filter(|e| !form.events.contains(e)).cloned().collect();
        let add = ui.add_enabled(
            !selected.is_empty(),
            egui::Button::new(format!("Add the selected event(s) ({})", selected.len())),
        );
        if add.on_disabled_hover_text("Select events in the table or on the timeline first").clicked() {
            form.events.extend(selected);
            form.events.sort();
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Claim:");
        let text = form.claim.as_ref().map_or_else(|| "none".to_owned(), |c| claim_menu_text(view.case, c));
        ComboBox::from_id_salt("measure-claim")
            .selected_text(text)
            .width(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.claim, None, "none");
                for id in claim_ids_in_order(view.case) {
                    let words = claim_menu_text(view.case, &id);
                    ui.selectable_value(&mut form.claim, Some(id), words);
                }
            })
            .response
            .labelled_by(label.id);
        if form.claim.is_some() {
            stance_combo_ui(ui, "measure-stance", &mut form.stance)
                .on_hover_text("How this measurement bears on the claim");
        }
    });
}
