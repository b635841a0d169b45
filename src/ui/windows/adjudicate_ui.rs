//! Settling one disagreement in the Agreement view: the reason (required), then accept one reviewer's event, merge
//! them, or code a new one (type and frames on the media on screen). Each button sends one
//! `DeskCommand::Adjudicate`; the desk makes the audited edit as the window's reviewer, the adjudicator.

use egui::{ComboBox, DragValue, RichText, TextEdit, Ui};

use crate::case::agreement::Disagreement;
use crate::case::{EventId, EventKind, EventTypeId};
use crate::desk::{DeskCommand, DeskView, Settle};
use crate::ui::app::commands::UiCommand;

/// The disagreement being settled and the adjudicator's draft.
#[derive(Debug)]
pub struct Settling {
    pub disagreement: Disagreement,
    pub reason: String,
    /// "Code new…" is open: the new event's type and frames.
    recode: Option<(EventTypeId, u64, u64)>,
}

impl Settling {
    pub fn new(disagreement: Disagreement) -> Self {
        Self { disagreement, reason: String::new(), recode: None }
    }

    /// Whether this is the draft for `d` (the same kind of disagreement between the same events).
    pub fn is(&self, d: &Disagreement) -> bool {
        self.disagreement.kind == d.kind && self.disagreement.event_ids == d.event_ids
    }
}

/// The reason field and the adjudicator's buttons for the picked disagreement.
pub fn adjudicate_ui(ui: &mut Ui, view: &DeskView, s: &mut Settling) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let d = &s.disagreement;
    ui.strong(format!("Adjudicate: {}", d.what));
    let label = ui.label("Reason for the decision (required, kept in the audit log):");
    ui.add(TextEdit::multiline(&mut s.reason).desired_rows(2).desired_width(f32::INFINITY).hint_text("Why"))
        .labelled_by(label.id);
    let ready = !s.reason.trim().is_empty();
    let settle = |settle: Settle, reason: &str| {
        UiCommand::Desk(DeskCommand::Adjudicate { settle, reason: reason.trim().to_owned() })
    };
    ui.horizontal_wrapped(|ui| {
        for (i, (reviewer, id)) in d.reviewers.iter().zip(&d.event_ids).enumerate() {
            let side = if i == 0 { "A" } else { "B" };
            let hint = format!("Keep {reviewer}'s event {id} as coded; the other is set aside");
            let button = ui.add_enabled(ready, egui::Button::new(format!("Accept {side} ({reviewer} {id})")));
            if button.on_hover_text(hint).clicked() {
                let over: Vec<EventId> = d.event_ids.iter().filter(|e| *e != id).cloned().collect();
                out.push(settle(Settle::Accept { accepted: id.clone(), over }, &s.reason));
            }
        }
        if d.event_ids.len() > 1 {
            let merge = ui.add_enabled(ready, egui::Button::new("Merge"));
            if merge.on_hover_text("One event: the first's type, the span of both, every link, both notes").clicked() {
                out.push(settle(Settle::Merge(d.event_ids.clone()), &s.reason));
            }
        }
        if ui.button("Code new...").on_hover_text("Code the event yourself, in place of these").clicked() {
            let first = d.event_ids.first().and_then(|id| view.case.events.get(id));
            let type_id = first.map(|e| e.type_id.clone()).unwrap_or_default();
            s.recode = match s.recode {
                Some(_) => None,
                None => Some((type_id, d.start_frame, d.end_frame)),
            };
        }
    });
    if !ready {
        ui.weak("Give the reason first: each decision is recorded with it.");
    }
    let on_screen = &d.media_id == view.media_id;
    if let Some((type_id, start, end)) = s.recode.as_mut() {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("New event:");
            let name = view.case.taxonomy.name_or_id(type_id).to_owned();
            ComboBox::from_id_salt("adjudicate-type")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    for t in &view.case.taxonomy.types {
                        ui.selectable_value(type_id, t.id.clone(), &t.name);
                    }
                })
                .response
                .labelled_by(label.id);
            let interval = view.case.taxonomy.get(type_id).is_some_and(|t| t.kind == EventKind::Interval);
            let from = ui.label(if interval { "from frame" } else { "at frame" });
            ui.add(DragValue::new(start).range(0..=view.timeline.last_frame() as u64)).labelled_by(from.id);
            if interval {
                let to = ui.label("to frame");
                ui.add(DragValue::new(end).range(*start..=view.timeline.last_frame() as u64)).labelled_by(to.id);
            }
            let save = ui.add_enabled(ready && on_screen, egui::Button::new("Code it"));
            if save.on_hover_text("The new event is yours, in place of the disagreeing ones").clicked() {
                let as_frame = |f: u64| usize::try_from(f).unwrap_or(usize::MAX);
                let recode = Settle::Recode {
                    type_id: type_id.clone(),
                    start_frame: as_frame(*start),
                    end_frame: interval.then(|| as_frame(*end)),
                    supersedes: d.event_ids.clone(),
                };
                out.push(settle(recode, &s.reason));
            }
        });
        if !on_screen {
            ui.label(RichText::new(format!("Focus the camera of {} to code on it.", d.media_id)).weak());
        }
    }
    out
}
