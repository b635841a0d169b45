//! The small prompt after a new event: pick its modifiers, link it to a claim with a stance, type a note — or
//! ignore it and keep coding (it never takes the keyboard unless the note field is clicked). Every choice is
//! applied at once as its own undoable edit.

use egui::RichText;

use crate::case::{ClaimId, ClaimLink, Edit, Event, EventId, Stance};
use crate::ui::app::commands::UiCommand;
use crate::ui::style::stance_colour;

use crate::desk::{DeskCommand, DeskView};

pub const STANCES: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

/// What the reviewer has half-entered in the prompt.
#[derive(Default)]
pub struct PromptState {
    /// The event the buffers belong to.
    for_event: Option<EventId>,
    note: String,
    claim: Option<ClaimId>,
}

/// Frames and media time of an event, e.g. "frames 120–180 (00:00:04.000–00:00:06.000)".
pub fn event_span_text(event: &Event) -> String {
    let hms = |p: &crate::case::FramePoint| p.media_hms().unwrap_or_else(|| "?".into());
    match &event.end {
        Some(end) => format!("frames {}–{} ({}–{})", event.start.frame, end.frame, hms(&event.start), hms(end)),
        None => format!("frame {} ({})", event.start.frame, hms(&event.start)),
    }
}

/// The prompt for event `id`; `anchor` is where its bottom-left corner goes (else the window's bottom-left).
pub fn prompt_ui(
    ctx: &egui::Context,
    view: &DeskView,
    id: &EventId,
    state: &mut PromptState,
    anchor: Option<egui::Pos2>,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let Some(event) = view.case.events.get(id) else { return out };
    if state.for_event.as_ref() != Some(id) {
        *state = PromptState { for_event: Some(id.clone()), note: event.note.clone(), claim: state.claim.clone() };
    }
    let ty = view.case.taxonomy.get(&event.type_id);
    let name = ty.map_or_else(|| event.type_id.to_string(), |t| t.name.clone());
    let window = egui::Window::new("New event").id(egui::Id::unique("new-event-prompt"));
    let window = match anchor {
        Some(corner) => window.pivot(egui::Align2::LEFT_BOTTOM).fixed_pos(corner + egui::vec2(8.0, -8.0)),
        None => window.anchor(egui::Align2::LEFT_BOTTOM, [12.0, -12.0]),
    };
    window.resizable(false).collapsible(false).show(ctx, |ui| {
        ui.label(RichText::new(format!("{name} · {}", event_span_text(event))).strong());
        ui.label(RichText::new(format!("{} — keep coding, or fill in:", event.id)).small().weak());
        for modifier in ty.map(|t| t.modifiers.as_slice()).unwrap_or_default() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", modifier.name));
                let current = event.modifiers.get(&modifier.id);
                for value in &modifier.allowed_values {
                    let chosen = current == Some(value);
                    if ui.selectable_label(chosen, value).clicked() {
                        let mut changed = event.clone();
                        if chosen {
                            changed.modifiers.remove(&modifier.id);
                        } else {
                            changed.modifiers.insert(modifier.id.clone(), value.clone());
                        }
                        out.push(UiCommand::Desk(DeskCommand::Edit(Edit::UpdateEvent(Box::new(changed)))));
                    }
                }
            });
        }
        out.extend(link_row(ui, view, event, state));
        ui.horizontal(|ui| {
            let label = ui.label("Note:");
            let field = ui
                .add(egui::TextEdit::singleline(&mut state.note).desired_width(220.0).hint_text("what is seen"))
                .labelled_by(label.id);
            // Enter or clicking elsewhere commits the note as one edit.
            if field.lost_focus() && state.note != event.note {
                let mut changed = event.clone();
                changed.note = state.note.clone();
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::UpdateEvent(Box::new(changed)))));
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Done").on_hover_text("Close this prompt (Esc)").clicked() {
                out.push(UiCommand::Desk(DeskCommand::ClosePrompt));
            }
            if ui.button("Delete event").on_hover_text("Remove it again (Ctrl+Z restores)").clicked() {
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::RemoveEvent(event.id.clone()))));
            }
        });
    });
    out
}

/// Claim picker and one button per stance; existing links listed with their stance.
fn link_row(ui: &mut egui::Ui, view: &DeskView, event: &Event, state: &mut PromptState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    for link in &event.links {
        let (word, colour) = (link.stance.to_string(), stance_colour(link.stance));
        let title = view.case.claims.get(&link.claim_id).map_or("", |c| c.title.as_str());
        ui.horizontal(|ui| {
            ui.colored_label(colour, format!("{word} {}", link.claim_id));
            ui.label(RichText::new(title).small());
        });
    }
    if view.case.claims.is_empty() {
        return out;
    }
    if state.claim.as_ref().is_some_and(|c| !view.case.claims.contains_key(c)) {
        state.claim = None;
    }
    ui.horizontal(|ui| {
        let label_id = ui.label("Claim:").id;
        let shown = state
            .claim
            .as_ref()
            .and_then(|c| view.case.claims.get(c))
            .map_or_else(|| "choose…".to_owned(), |c| format!("{} {}", c.id, truncate(&c.title, 40)));
        egui::ComboBox::from_id_salt("prompt-claim")
            .selected_text(shown)
            .width(240.0)
            .show_ui(ui, |ui| {
                for claim in view.case.claims.values() {
                    ui.selectable_value(
                        &mut state.claim,
                        Some(claim.id.clone()),
                        format!("{} {}", claim.id, truncate(&claim.title, 60)),
                    );
                }
            })
            .response
            .labelled_by(label_id);
        for stance in STANCES {
            let (word, colour) = (stance.to_string(), stance_colour(stance));
            let enabled = state.claim.is_some();
            let button = ui.add_enabled(enabled, egui::Button::new(RichText::new(word).color(colour)));
            if button.clicked() {
                if let Some(claim_id) = state.claim.clone() {
                    out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Link {
                        event_id: event.id.clone(),
                        link: ClaimLink { claim_id, stance, rationale: String::new(), ..ClaimLink::default() },
                    })));
                }
            }
        }
    });
    out
}

/// At most `max_chars` characters, with an ellipsis when cut.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
