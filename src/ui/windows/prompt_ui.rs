//! The small prompt after a new event: pick its modifiers, link it to a claim with a stance and a rationale, type a
//! note — or ignore it and keep coding (it never takes the keyboard unless a text field is clicked). Every choice is
//! applied at once as its own undoable edit.
//!
//! It cannot mislink: the prompt has a fixed width and nothing above the stance buttons changes size with what is
//! chosen (the claim picker's text is cut to fit, the links made so far sit below them in a fixed-height list), so
//! a button stays under the pointer that aimed at it. Its state is explicit: each new event starts with no claim
//! chosen (the last one is offered as a button, never as a silent selection), and a line says what is linked.
//! Ctrl+1/2/3 link the chosen claim as supports/contradicts/context.

use egui::{Key, Modifiers, RichText};

use crate::case::{ClaimId, ClaimLink, Edit, Event, EventId, Stance};
use crate::ui::app::commands::UiCommand;
use crate::ui::style::stance_colour;

use crate::desk::{DeskCommand, DeskView};

pub const STANCES: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

/// The keys that link the chosen claim with each stance while the prompt is open.
pub const STANCE_KEYS: [(Key, Stance); 3] =
    [(Key::Num1, Stance::Supports), (Key::Num2, Stance::Contradicts), (Key::Num3, Stance::Context)];

/// The prompt's fixed width, points.
const PROMPT_WIDTH: f32 = 420.0;
/// Characters of a claim's title shown in the picker (the rest is on hover).
const CLAIM_TITLE_CHARS: usize = 44;

/// What the reviewer has half-entered in the prompt.
#[derive(Default)]
pub struct PromptState {
    /// The event the buffers belong to.
    for_event: Option<EventId>,
    note: String,
    /// The claim chosen for the next link (none until the reviewer picks one, for every new event).
    claim: Option<ClaimId>,
    /// The rationale the next link is made with.
    rationale: String,
    /// The claim the previous link was made to, offered as a one-click choice.
    last_claim: Option<ClaimId>,
}

/// Frames and media time of an event, e.g. "frames 120–180 (00:00:04.000–00:00:06.000)".
pub fn event_span_text(event: &Event) -> String {
    let hms = |p: &crate::case::FramePoint| p.media_hms().unwrap_or_else(|| "?".into());
    match &event.end {
        Some(end) => format!("frames {}–{} ({}–{})", event.start.frame, end.frame, hms(&event.start), hms(end)),
        None => format!("frame {} ({})", event.start.frame, hms(&event.start)),
    }
}

/// The prompt window's id.
pub fn prompt_id() -> egui::Id {
    egui::Id::unique("new-event-prompt")
}

/// Takes the buffers over for event `id` when the prompt now shows another event (a new event starts with no claim
/// chosen and its own note).
fn prompt_state_for<'a>(view: &'a DeskView, id: &EventId, state: &mut PromptState) -> Option<&'a Event> {
    let event = view.case.events.get(id)?;
    if state.for_event.as_ref() != Some(id) {
        let last_claim = state.last_claim.take();
        *state =
            PromptState { for_event: Some(id.clone()), note: event.note.clone(), last_claim, ..Default::default() };
    }
    Some(event)
}

/// The prompt for event `id` in a window of its own at the window's bottom left (when the events panel, where it
/// usually sits, is hidden).
pub fn prompt_ui(ctx: &egui::Context, view: &DeskView, id: &EventId, state: &mut PromptState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let Some(event) = prompt_state_for(view, id, state) else { return out };
    egui::Window::new("New event")
        .id(prompt_id())
        .anchor(egui::Align2::LEFT_BOTTOM, [12.0, -12.0])
        .resizable(false)
        .collapsible(false)
        .min_width(PROMPT_WIDTH)
        .max_width(PROMPT_WIDTH)
        .show(ctx, |ui| {
            ui.set_width(PROMPT_WIDTH);
            out.extend(prompt_body_ui(ui, view, event, state));
        });
    out
}

/// The prompt for event `id` docked in the events panel, above the inspector: it covers nothing (on a small screen
/// a floating prompt covered the events table). Its width is the panel's, at most the floating prompt's, and does
/// not change with what is chosen.
/// Returns its commands and the height it took (the events table leaves that much room below itself).
pub fn docked_prompt_ui(
    ui: &mut egui::Ui,
    view: &DeskView,
    id: &EventId,
    state: &mut PromptState,
) -> (Vec<UiCommand>, f32) {
    let mut out = Vec::new();
    let Some(event) = prompt_state_for(view, id, state) else { return (out, 0.0) };
    let width = ui.available_width().min(PROMPT_WIDTH);
    // What does not fit under a short table scrolls, rather than being cut off at the panel's foot.
    let shown = egui::ScrollArea::vertical().id_salt("docked-prompt").auto_shrink([false, true]).show(ui, |ui| {
        egui::Frame::group(ui.style()).fill(ui.visuals().faint_bg_color).show(ui, |ui| {
            ui.set_width(width - 14.0);
            ui.label(RichText::new("New event").heading());
            out.extend(prompt_body_ui(ui, view, event, state));
        })
    });
    (out, shown.content_size.y)
}

/// What the prompt holds: the event, the link row, its modifiers, the note, Done and Delete.
fn prompt_body_ui(ui: &mut egui::Ui, view: &DeskView, event: &Event, state: &mut PromptState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let ty = view.case.taxonomy.get(&event.type_id);
    let name = ty.map_or_else(|| event.type_id.to_string(), |t| t.name.clone());
    ui.add(egui::Label::new(RichText::new(format!("{name} · {}", event_span_text(event))).strong()).truncate());
    ui.label(RichText::new(format!("{} — keep coding, or fill in:", event.id)).small().weak());
    // The link first: on a short panel its stance buttons stay in view above the modifiers, which scroll.
    out.extend(link_row(ui, view, event, state));
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
    out
}

/// Claim picker, rationale, one fixed-size button (and key) per stance, what is linked, and the links so far.
fn link_row(ui: &mut egui::Ui, view: &DeskView, event: &Event, state: &mut PromptState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if view.case.claims.is_empty() {
        ui.label(RichText::new("The case has no claims to link to yet.").small().weak());
        return out;
    }
    for chosen in [&mut state.claim, &mut state.last_claim] {
        if chosen.as_ref().is_some_and(|c| !view.case.claims.contains_key(c)) {
            *chosen = None;
        }
    }
    // Every width below follows from the prompt's own width alone, never from what is chosen.
    let width = ui.available_width().min(PROMPT_WIDTH);
    let gap = ui.spacing().item_spacing.x;
    let stance_width = ((width - 2.0 * gap) / 3.0).min(120.0);
    ui.horizontal(|ui| {
        let label_id = ui.label("Claim:").id;
        let shown = state
            .claim
            .as_ref()
            .and_then(|c| view.case.claims.get(c))
            .map_or_else(|| "choose…".to_owned(), |c| format!("{} {}", c.id, truncate(&c.title, CLAIM_TITLE_CHARS)));
        egui::ComboBox::from_id_salt("prompt-claim")
            .selected_text(shown)
            .truncate()
            .width((width - 120.0).max(120.0))
            .show_ui(ui, |ui| {
                let ids = crate::case::event_query::claim_ids_in_order(view.case);
                crate::ui::panels::claim_picker::claim_list_ui(ui, "prompt", view.case, &ids, &mut state.claim, None);
            })
            .response
            .labelled_by(label_id);
        let again = state.last_claim.clone().filter(|c| state.claim.as_ref() != Some(c));
        let text = again.as_ref().map_or_else(String::new, |c| format!("{c} again"));
        let button = ui.add_enabled(again.is_some(), egui::Button::new(text).min_size(egui::vec2(60.0, 0.0)));
        if button.on_hover_text("Choose the claim the last link was made to").clicked() {
            state.claim = again;
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Why:");
        ui.add(
            egui::TextEdit::singleline(&mut state.rationale)
                .desired_width(width - 50.0)
                .hint_text("rationale for the link (what in the footage bears on the claim)"),
        )
        .labelled_by(label.id);
    });
    let mut stance_chosen = None;
    ui.horizontal(|ui| {
        for (key, stance) in STANCE_KEYS {
            let (word, colour) = (stance.to_string(), stance_colour(stance));
            let number = key.name();
            let button = egui::Button::new(RichText::new(&word).color(colour)).min_size(egui::vec2(stance_width, 22.0));
            let response = ui.add_enabled(state.claim.is_some(), button);
            if response.on_hover_text(format!("Link the chosen claim: {word} (Ctrl+{number})")).clicked() {
                stance_chosen = Some(stance);
            }
        }
    });
    if state.claim.is_some() {
        for (key, stance) in STANCE_KEYS {
            if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, key)) {
                stance_chosen = Some(stance);
            }
        }
    }
    if let (Some(stance), Some(claim_id)) = (stance_chosen, state.claim.clone()) {
        let rationale = std::mem::take(&mut state.rationale).trim().to_owned();
        out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Link {
            event_id: event.id.clone(),
            link: ClaimLink { claim_id: claim_id.clone(), stance, rationale, ..ClaimLink::default() },
        })));
        state.last_claim = Some(claim_id);
        state.claim = None;
    }
    let status = match &state.claim {
        Some(c) => format!("{c} chosen, not linked yet: pick a stance (Ctrl+1, 2, 3)"),
        None if event.links.is_empty() => "Not linked to any claim.".to_owned(),
        None => format!("Linked to {} claim(s):", event.links.len()),
    };
    ui.add(egui::Label::new(RichText::new(status).small()).truncate());
    egui::ScrollArea::vertical()
        .id_salt("prompt-links")
        .min_scrolled_height(48.0)
        .max_height(48.0)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for link in &event.links {
                let (word, colour) = (link.stance.to_string(), stance_colour(link.stance));
                let title = view.case.claims.get(&link.claim_id).map_or("", |c| c.title.as_str());
                let why = if link.rationale.is_empty() { "no rationale".to_owned() } else { link.rationale.clone() };
                ui.horizontal(|ui| {
                    ui.colored_label(colour, format!("{word} {}", link.claim_id));
                    ui.add(
                        egui::Label::new(RichText::new(format!("{} — {why}", truncate(title, 30))).small()).truncate(),
                    );
                });
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
