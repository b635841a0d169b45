//! The inspector: every field of the primary selected event, editable, and its citation with a copy button (or, when
//! a measurement is picked, that measurement: see `measure_inspector`).
//! Each change is one undoable edit; typed text (note, reviewer, rationales) is kept in buffers here and committed
//! when the field loses focus (or on Enter for one-line fields), never once per keystroke. Text typed for one event
//! is committed to that event even if the selection moves on before the field lost focus.

use std::collections::BTreeMap;

use egui::{Button, ComboBox, DragValue, Grid, Id, Response, RichText, TextEdit, Ui};

use crate::case::citation_text::{citation_lines, citation_text};
use crate::case::event_query::claim_ids_in_order;
use crate::case::{cite_event, ClaimId, ClaimLink, Edit, Event, EventId, Stance};

use crate::desk::{DeskCommand, DeskView};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::panels::events_filter_ui::claim_menu_text;
use crate::ui::panels::measure_inspector::measurement_inspector_ui;
use crate::ui::style::{stance_combo_ui, type_name, type_swatch_ui};

/// Which frame field a drag or typed value is pending for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameField {
    Start,
    End,
}

/// Buffers for what is being typed, and the event and revision they were loaded from.
#[derive(Debug, Default)]
pub struct InspectorState {
    loaded: Option<(EventId, u64)>,
    note: String,
    reviewer: String,
    /// Claim id → rationale being typed.
    rationales: BTreeMap<ClaimId, String>,
    /// A frame number being dragged or typed, committed when the drag ends or the field loses focus.
    pending_frame: Option<(FrameField, u64)>,
    new_link_claim: Option<ClaimId>,
    new_link_stance: Stance,
    /// Edits already returned at `sent_revision`. egui may run a frame twice (a discarded sizing pass) and a
    /// field's "lost focus" is then seen twice; the same edit must not be returned twice.
    sent_edits: Vec<Edit>,
    sent_revision: u64,
}

fn note_id() -> Id {
    Id::unique("inspector-note")
}

fn reviewer_id() -> Id {
    Id::unique("inspector-reviewer")
}

fn rationale_id(claim_id: &ClaimId) -> Id {
    Id::unique(("inspector-rationale", claim_id.as_str()))
}

/// One `UpdateEvent` with `change` applied to a copy of `event`.
fn update(event: &Event, change: impl FnOnce(&mut Event)) -> UiCommand {
    let mut new = event.clone();
    change(&mut new);
    UiCommand::Desk(DeskCommand::Edit(Edit::UpdateEvent(Box::new(new))))
}

impl InspectorState {
    /// Commits text typed for `event` that differs from it (the selection moved on before the field lost focus).
    fn flush(&self, event: &Event) -> Vec<UiCommand> {
        let mut out = Vec::new();
        if self.note != event.note || self.reviewer.trim() != event.reviewer {
            out.push(update(event, |e| {
                e.note = self.note.clone();
                e.reviewer = self.reviewer.trim().to_owned();
            }));
        }
        for link in &event.links {
            if let Some(typed) = self.rationales.get(&link.claim_id).filter(|t| **t != link.rationale) {
                let link = ClaimLink { rationale: typed.clone(), ..link.clone() };
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Link { event_id: event.id.clone(), link })));
            }
        }
        out
    }

    /// Drops edits from `out` that were already returned for this revision, and remembers the new ones.
    fn drop_repeats(&mut self, out: &mut Vec<UiCommand>, revision: u64) {
        if self.sent_revision != revision {
            self.sent_revision = revision;
            self.sent_edits.clear();
        }
        out.retain(|command| match command {
            UiCommand::Desk(DeskCommand::Edit(edit)) if self.sent_edits.contains(edit) => false,
            UiCommand::Desk(DeskCommand::Edit(edit)) => {
                self.sent_edits.push(edit.clone());
                true
            }
            _ => true,
        });
    }

    /// Loads the buffers from `event`, keeping any field that has keyboard focus (it is being typed in).
    fn load(&mut self, ui: &Ui, event: &Event, revision: u64, same_event: bool) {
        let focused = |id: Id| same_event && ui.memory(|m| m.has_focus(id));
        if !focused(note_id()) {
            self.note = event.note.clone();
        }
        if !focused(reviewer_id()) {
            self.reviewer = event.reviewer.clone();
        }
        self.rationales.retain(|claim_id, _| focused(rationale_id(claim_id)));
        for link in &event.links {
            self.rationales.entry(link.claim_id.clone()).or_insert_with(|| link.rationale.clone());
        }
        if !same_event {
            self.pending_frame = None;
            self.new_link_claim = None;
        }
        self.loaded = Some((event.id.clone(), revision));
    }
}

/// The inspector for the primary selected event.
/// What the inspector shows beyond the case itself.
#[derive(Default)]
pub struct InspectorExtras<'a> {
    /// With several cameras: what each other camera shows at the event's start, in words.
    pub same_moment: Option<&'a [String]>,
}

pub fn inspector_ui(
    ui: &mut Ui,
    view: &DeskView,
    state: &mut InspectorState,
    extras: &InspectorExtras,
) -> Vec<UiCommand> {
    let mut out = inspector_contents_ui(ui, view, state, extras);
    state.drop_repeats(&mut out, view.revision);
    out
}

fn inspector_contents_ui(
    ui: &mut Ui,
    view: &DeskView,
    state: &mut InspectorState,
    extras: &InspectorExtras,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let primary = view.selection.primary.as_ref().and_then(|id| view.case.events.get(id));
    // Text typed for the event shown before is committed to it, not lost.
    let previous = state.loaded.as_ref().map(|(id, _)| id.clone());
    if previous.as_ref() != primary.map(|e| &e.id) {
        if let Some(old) = previous.as_ref().and_then(|id| view.case.events.get(id)) {
            out.extend(state.flush(old));
        }
        state.loaded = None;
    }
    let measurement = view.selection.measurement.as_ref().and_then(|id| view.case.measurements.get(id));
    if let Some(measurement) = measurement.filter(|m| view.visibility.shows_measurement(m)) {
        out.extend(measurement_inspector_ui(ui, view, measurement));
        return out;
    }
    let Some(event) = primary else {
        ui.weak(
            "No event selected. Click an event in the table or on the timeline (or a measurement on the timeline) to \
             inspect it here.",
        );
        return out;
    };
    if state.loaded.as_ref() != Some(&(event.id.clone(), view.revision)) {
        let same_event = state.loaded.as_ref().is_some_and(|(id, _)| id == &event.id);
        state.load(ui, event, view.revision, same_event);
    }

    let selected = view.selection.events.len();
    if selected > 1 {
        ui.label(format!("{selected} selected; showing {}", event.id));
    }
    // Both ways: a wide field scrolls inside the panel instead of holding the panel wide.
    egui::ScrollArea::both().id_salt("inspector-scroll").auto_shrink([false, false]).show(ui, |ui| {
        Grid::new("inspector-fields").num_columns(2).spacing([12.0, 6.0]).striped(false).show(ui, |ui| {
            ui.label("Event");
            ui.label(RichText::new(event.id.as_str()).strong().monospace());
            ui.end_row();
            out.extend(type_row_ui(ui, view, event));
            out.extend(frame_rows_ui(ui, view, state, event));
            out.extend(modifier_rows_ui(ui, view, event));
            out.extend(text_rows_ui(ui, state, event));
            ui.label("Created / modified");
            ui.weak(format!("{} / {}", event.created_utc, event.modified_utc));
            ui.end_row();
            ui.label("Media when coded");
            match event.media_at_coding.warning() {
                Some(_) => ui.colored_label(ui.visuals().error_fg_color, event.media_at_coding.to_string()),
                None => ui.weak(event.media_at_coding.to_string()),
            };
            ui.end_row();
            if let Some(a) = &event.adjudication {
                let settled: Vec<&str> = a.supersedes.iter().map(|id| id.as_str()).collect();
                ui.label("Adjudicated");
                ui.label(format!("{} by {} in place of {}: {}", a.kind, a.adjudicator, settled.join(", "), a.reason));
                ui.end_row();
            }
        });
        ui.separator();
        out.extend(links_ui(ui, view, state, event));
        ui.separator();
        out.extend(citation_ui(ui, view, event));
        if let Some(lines) = extras.same_moment {
            ui.separator();
            ui.label(RichText::new("Same moment on the other cameras").strong())
                .on_hover_text("Each other camera's latest frame at or before this event's start on the wall clock");
            for line in lines {
                ui.label(RichText::new(line).monospace().size(11.0));
            }
        }
    });
    out
}

fn type_row_ui(ui: &mut Ui, view: &DeskView, event: &Event) -> Option<UiCommand> {
    let case = view.case;
    let kind = case.taxonomy.get(&event.type_id).map(|t| t.kind);
    let mut chosen = event.type_id.clone();
    ui.label("Type");
    ui.horizontal(|ui| {
        type_swatch_ui(ui, case, &event.type_id);
        ComboBox::from_id_salt("inspector-type")
            .selected_text(type_name(case, &event.type_id))
            .show_ui(ui, |ui| {
                for ty in case.taxonomy.types.iter().filter(|t| Some(t.kind) == kind) {
                    ui.selectable_value(&mut chosen, ty.id.clone(), &ty.name);
                }
            })
            .response
            .on_hover_text("Only types of the same kind (point or interval) are offered");
    });
    ui.end_row();
    if chosen == event.type_id {
        return None;
    }
    let new_type = case.taxonomy.get(&chosen)?;
    Some(update(event, |e| {
        e.type_id = chosen.clone();
        // Keep the modifier values the new type also allows; the others would make the event invalid.
        e.modifiers
            .retain(|id, value| new_type.modifiers.iter().any(|m| &m.id == id && m.allowed_values.contains(value)));
    }))
}

/// The event with new start and end frames, as exact points on the media on screen (end ≥ start, inside the file).
fn with_frames(view: &DeskView, event: &Event, start_frame: u64, end_frame: u64) -> Option<UiCommand> {
    let last = view.timeline.last_frame() as u64;
    let start_frame = start_frame.min(last);
    let end_frame = end_frame.clamp(start_frame, last);
    let start = view.frame_point(start_frame as usize);
    let end = event.end.map(|_| view.frame_point(end_frame as usize));
    if start == event.start && end == event.end {
        return None;
    }
    Some(update(event, |e| {
        e.start = start;
        e.end = end;
    }))
}

/// Whether a drag value's change should become an edit now (drag ended, or typed value confirmed).
fn frame_committed(response: &Response) -> bool {
    response.drag_stopped()
        || response.lost_focus()
        || (response.changed() && !response.dragged() && !response.has_focus())
}

fn frame_rows_ui(ui: &mut Ui, view: &DeskView, state: &mut InspectorState, event: &Event) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let on_screen = &event.media_id == view.media_id;
    let last = view.timeline.last_frame() as u64;
    let end_frame = event.end.map(|p| p.frame);
    let playhead = view.current_frame as u64;
    let fields =
        [(FrameField::Start, "Start frame", Some(event.start.frame)), (FrameField::End, "End frame", end_frame)];
    for (field, label, current) in fields {
        let Some(current) = current else { continue };
        let label_id = ui.label(label).id;
        ui.horizontal(|ui| {
            let mut value = match state.pending_frame {
                Some((f, v)) if f == field => v,
                _ => current,
            };
            let range = match (field, end_frame) {
                (FrameField::Start, Some(end)) => 0..=end,
                (FrameField::Start, None) => 0..=last,
                (FrameField::End, _) => event.start.frame..=last,
            };
            let playhead_ok = range.contains(&playhead);
            let response = ui.add_enabled(on_screen, DragValue::new(&mut value).range(range).speed(0.25));
            let response = response
                .labelled_by(label_id)
                .on_hover_text("Drag, or double-click and type a frame number; the change is applied when you let go or press Enter")
                .on_disabled_hover_text("This event is on another video; open it to change frames.");
            if response.changed() {
                state.pending_frame = Some((field, value));
            }
            if frame_committed(&response) {
                state.pending_frame = None;
                let (start, end) = match field {
                    FrameField::Start => (value, end_frame.unwrap_or(value)),
                    FrameField::End => (event.start.frame, value),
                };
                out.extend(with_frames(view, event, start, end));
            }
            let time = match field {
                FrameField::Start => event.start.media_hms(),
                FrameField::End => event.end.and_then(|p| p.media_hms()),
            };
            if let Some(time) = time {
                ui.weak(time);
            }
            let why_not = if !on_screen {
                "This event is on another video; open it to change frames."
            } else if field == FrameField::Start {
                "The playhead is after the end of this event; move the end first."
            } else {
                "The playhead is before the start of this event; move the start first."
            };
            let to_playhead = ui
                .add_enabled(on_screen && playhead_ok, Button::new("Set to playhead"))
                .on_hover_text(format!("Use the frame on screen ({playhead})"))
                .on_disabled_hover_text(why_not);
            if to_playhead.clicked() {
                let (start, end) = match field {
                    FrameField::Start => (playhead, end_frame.unwrap_or(playhead)),
                    FrameField::End => (event.start.frame, playhead),
                };
                out.extend(with_frames(view, event, start, end));
            }
        });
        ui.end_row();
    }
    out
}

fn modifier_rows_ui(ui: &mut Ui, view: &DeskView, event: &Event) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let Some(ty) = view.case.taxonomy.get(&event.type_id) else { return out };
    for modifier in &ty.modifiers {
        let current = event.modifiers.get(&modifier.id).cloned();
        let mut chosen = current.clone();
        let label_id = ui.label(&modifier.name).id;
        ComboBox::from_id_salt(("inspector-modifier", modifier.id.as_str()))
            .selected_text(current.clone().unwrap_or_else(|| "(none)".to_owned()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "(none)");
                for value in &modifier.allowed_values {
                    ui.selectable_value(&mut chosen, Some(value.clone()), value);
                }
            })
            .response
            .labelled_by(label_id);
        ui.end_row();
        if chosen != current {
            out.push(update(event, |e| match chosen {
                Some(value) => {
                    e.modifiers.insert(modifier.id.clone(), value);
                }
                None => {
                    e.modifiers.remove(&modifier.id);
                }
            }));
        }
    }
    out
}

fn text_rows_ui(ui: &mut Ui, state: &mut InspectorState, event: &Event) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let label_id = ui.label("Note").id;
    let note = ui
        .add(
            TextEdit::multiline(&mut state.note)
                .id(note_id())
                .desired_rows(3)
                .hint_text("What is seen or heard, in plain words"),
        )
        .labelled_by(label_id);
    ui.end_row();
    if note.lost_focus() && state.note != event.note {
        out.push(update(event, |e| e.note = state.note.clone()));
    }
    let label_id = ui.label("Reviewer").id;
    let reviewer = ui
        .add(TextEdit::singleline(&mut state.reviewer).id(reviewer_id()).hint_text("Who coded this"))
        .labelled_by(label_id);
    ui.end_row();
    if reviewer.lost_focus() && state.reviewer.trim() != event.reviewer {
        out.push(update(event, |e| e.reviewer = state.reviewer.trim().to_owned()));
    }
    out
}

fn links_ui(ui: &mut Ui, view: &DeskView, state: &mut InspectorState, event: &Event) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.strong("Claims");
    if view.visibility.links(event).next().is_none() {
        ui.weak("Not linked to any claim yet.");
    }
    Grid::new("inspector-links").num_columns(4).spacing([8.0, 4.0]).show(ui, |ui| {
        for link in view.visibility.links(event) {
            let claim = view.case.claims.get(&link.claim_id);
            let title = claim_menu_text(view.case, &link.claim_id);
            let label = ui.label(format!("{title} (by {})", link.reviewer_of(event)));
            if let Some(claim) = claim {
                label.on_hover_text(format!("“{}”", claim.quote));
            }
            let mut stance = link.stance;
            stance_combo_ui(ui, ("inspector-stance", link.claim_id.as_str()), &mut stance)
                .on_hover_text(format!("How this event bears on claim {}", link.claim_id));
            let rationale = state.rationales.entry(link.claim_id.clone()).or_insert_with(|| link.rationale.clone());
            let typed = ui
                .add(
                    TextEdit::singleline(rationale)
                        .id(rationale_id(&link.claim_id))
                        .hint_text("Why: what in the footage shows this")
                        .desired_width(240.0),
                )
                .on_hover_text(format!("Rationale for the link to claim {}; applied on Enter", link.claim_id));
            let rationale_changed = typed.lost_focus() && *rationale != link.rationale;
            if stance != link.stance || rationale_changed {
                let new_link = ClaimLink {
                    claim_id: link.claim_id.clone(),
                    stance,
                    rationale: rationale.clone(),
                    ..ClaimLink::default()
                };
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Link { event_id: event.id.clone(), link: new_link })));
            }
            if ui.button("Remove").on_hover_text("Unlink this event from the claim").clicked() {
                let claim_id = link.claim_id.clone();
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Unlink { event_id: event.id.clone(), claim_id })));
            }
            ui.end_row();
        }
    });
    out.extend(add_link_ui(ui, view, state, event));
    out
}

fn add_link_ui(ui: &mut Ui, view: &DeskView, state: &mut InspectorState, event: &Event) -> Option<UiCommand> {
    let unlinked: Vec<ClaimId> =
        claim_ids_in_order(view.case).into_iter().filter(|c| !event.links.iter().any(|l| &l.claim_id == c)).collect();
    if state.new_link_claim.as_ref().is_some_and(|c| !unlinked.contains(c)) {
        state.new_link_claim = None;
    }
    let mut add = false;
    ui.horizontal_wrapped(|ui| {
        ui.label("Add link to");
        let text = state.new_link_claim.as_ref().map_or_else(|| "choose a claim".to_owned(), |c| c.to_string());
        ComboBox::from_id_salt("inspector-new-link-claim")
            .selected_text(text)
            .show_ui(ui, |ui| {
                for id in &unlinked {
                    ui.selectable_value(&mut state.new_link_claim, Some(id.clone()), claim_menu_text(view.case, id));
                }
            })
            .response
            .on_hover_text("The claim to link this event to");
        ui.label("as");
        stance_combo_ui(ui, "inspector-new-link-stance", &mut state.new_link_stance)
            .on_hover_text("The stance of the new link");
        let why_not = if unlinked.is_empty() { "Already linked to every claim." } else { "Choose the claim first." };
        add = ui
            .add_enabled(state.new_link_claim.is_some(), Button::new("Add link"))
            .on_disabled_hover_text(why_not)
            .clicked();
    });
    let claim_id = state.new_link_claim.clone().filter(|_| add)?;
    state.new_link_claim = None;
    let link = ClaimLink { claim_id, stance: state.new_link_stance, rationale: String::new(), ..ClaimLink::default() };
    Some(UiCommand::Desk(DeskCommand::Edit(Edit::Link { event_id: event.id.clone(), link })))
}

fn citation_ui(ui: &mut Ui, view: &DeskView, event: &Event) -> Option<UiCommand> {
    ui.strong("Citation");
    let citation = match cite_event(view.case, &event.id) {
        Ok(c) => c,
        Err(e) => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("This event cannot be cited: {e}"));
            return None;
        }
    };
    let name = type_name(view.case, &event.type_id);
    Grid::new("inspector-citation").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
        for line in citation_lines(&citation, Some(name)) {
            let (label, value) = line.split_once(": ").unwrap_or((line.as_str(), ""));
            ui.weak(label);
            ui.label(RichText::new(value).monospace());
            ui.end_row();
        }
    });
    let copy = ui.button("Copy citation").on_hover_text("Copy these lines as plain text, for a report or a filing");
    copy.clicked().then(|| UiCommand::Window(WindowCommand::CopyText(citation_text(&citation, Some(name)))))
}
