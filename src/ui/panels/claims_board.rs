//! The claims board: one card per claim with its exact quote, who asserted it and where, and a small stacked bar of
//! how many events support it, contradict it or give context (with the numbers and words, so no colour is needed to
//! read it). Clicking a card picks the claim and lists its events; "Add claim" and "Edit" open an inline form.
//! The tally and the selected claim's events are cached on the case revision.

use std::collections::BTreeMap;

use egui::{Button, Frame, Grid, Rect, RichText, Sense, TextEdit, Ui, UiBuilder};

use crate::case::asserted_on_problem;
use crate::case::event_query::{claim_ids_in_order, claim_tally, events_of_claim, patch_tally, StanceCounts};
use crate::case::{AssertedBy, Claim, ClaimId, Clock, Edit, EventId, SourceDocument, Stance, SystemClock};
use crate::player::PlayerCommand;

use crate::desk::{CaseScope, DeskCommand, DeskView};
use crate::ui::app::commands::UiCommand;
use crate::ui::style::{stance_colour, stance_symbol, stance_text, type_name, STANCES};

/// The add/edit claim form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimForm {
    /// The claim being edited; `None` adds a new claim.
    pub editing: Option<ClaimId>,
    pub title: String,
    pub quote: String,
    pub agency: String,
    pub official: String,
    pub document: String,
    pub date: String,
    /// The day the statement was made, `YYYY-MM-DD` (checked on save).
    pub asserted_on: String,
    pub link: String,
    pub notes: String,
    /// Why the last "Save" was refused.
    pub error: Option<String>,
}

impl ClaimForm {
    fn editing(claim: &Claim) -> Self {
        Self {
            editing: Some(claim.id.clone()),
            title: claim.title.clone(),
            quote: claim.quote.clone(),
            agency: claim.asserted_by.agency.clone(),
            official: claim.asserted_by.official.clone(),
            document: claim.source.document.clone(),
            date: claim.source.date.clone().unwrap_or_default(),
            asserted_on: claim.asserted_on.clone().unwrap_or_default(),
            link: claim.source.link.clone().unwrap_or_default(),
            notes: claim.notes.clone(),
            error: None,
        }
    }

    /// The claim the form describes, with id `id`; refused without a quote, or with an assertion date that is not a
    /// real day or is after `today_unix_millis`. Quotation marks typed around the quote are dropped (the case stores
    /// the words only).
    fn to_claim(&self, id: ClaimId, today_unix_millis: i64) -> Result<Claim, String> {
        let quote = self.quote.trim().trim_matches(|c| matches!(c, '"' | '“' | '”')).trim();
        if quote.is_empty() {
            return Err("A claim needs its exact quote: paste the words as they were published.".to_owned());
        }
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let asserted_on = optional(&self.asserted_on);
        if let Some(problem) = asserted_on.as_deref().and_then(|d| asserted_on_problem(d, Some(today_unix_millis))) {
            return Err(format!("Not saved: {problem}."));
        }
        Ok(Claim {
            id,
            title: self.title.trim().to_owned(),
            quote: quote.to_owned(),
            asserted_by: AssertedBy {
                agency: self.agency.trim().to_owned(),
                official: self.official.trim().to_owned(),
            },
            source: SourceDocument {
                document: self.document.trim().to_owned(),
                date: optional(&self.date),
                link: optional(&self.link),
            },
            notes: self.notes.trim().to_owned(),
            asserted_on,
        })
    }
}

/// Cached tallies, the selected claim's events, and the claim form.
#[derive(Debug, Default)]
pub struct ClaimsBoardState {
    tally: BTreeMap<ClaimId, StanceCounts>,
    claim_order: Vec<ClaimId>,
    tally_revision: Option<u64>,
    claim_events: Vec<(EventId, Stance)>,
    claim_events_key: Option<(u64, ClaimId)>,
    /// The open add/edit form, if any.
    pub form: Option<ClaimForm>,
    /// The claim whose removal waits for the reviewer's confirmation.
    pub confirm_remove: Option<ClaimId>,
}

impl ClaimsBoardState {
    /// Supports / contradicts / context counts per claim (as of the last frame drawn).
    pub fn tally(&self) -> &BTreeMap<ClaimId, StanceCounts> {
        &self.tally
    }

    /// The selected claim's events and stances, in start order (as of the last frame drawn).
    pub fn claim_events(&self) -> &[(EventId, Stance)] {
        &self.claim_events
    }

    /// Brings the tallies up to the case's revision (on the opening thread too, so the first frame over a large
    /// case finds them made).
    pub fn refresh_tally(&mut self, scope: &CaseScope) {
        if self.tally_revision != Some(scope.revision) {
            // Only events changed: adjust the counts by their links before and after.
            match self.tally_revision.and_then(|rev| scope.deltas_since(rev)) {
                Some(deltas) => {
                    for d in deltas {
                        patch_tally(&mut self.tally, d.before.as_ref(), d.after.as_ref(), scope.visibility);
                    }
                }
                None => {
                    self.tally = claim_tally(scope.case, scope.visibility);
                    self.claim_order = claim_ids_in_order(scope.case);
                }
            }
            self.tally_revision = Some(scope.revision);
        }
    }

    fn refresh(&mut self, view: &DeskView) {
        self.refresh_tally(&view.scope());
        match &view.selection.claim {
            Some(claim) => {
                let key = (view.revision, claim.clone());
                if self.claim_events_key.as_ref() != Some(&key) {
                    // Recompute only when a changed event is or was linked to this claim.
                    let links_claim = |e: Option<&crate::case::Event>| {
                        e.is_some_and(|e| e.links.iter().any(|l| &l.claim_id == claim))
                    };
                    let untouched = self
                        .claim_events_key
                        .as_ref()
                        .filter(|(_, c)| c == claim)
                        .and_then(|(rev, _)| view.deltas_since(*rev))
                        .is_some_and(|deltas| {
                            !deltas.iter().any(|d| links_claim(d.before.as_ref()) || links_claim(d.after.as_ref()))
                        });
                    if !untouched {
                        self.claim_events = events_of_claim(view.case, claim, view.visibility);
                    }
                    self.claim_events_key = Some(key);
                }
            }
            None => {
                self.claim_events.clear();
                self.claim_events_key = None;
            }
        }
    }
}

/// The claims board.
pub fn claims_board_ui(ui: &mut Ui, view: &DeskView, state: &mut ClaimsBoardState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    state.refresh(view);
    let selected = view.selection.claim.as_ref().and_then(|id| view.case.claims.get(id));
    // Wraps on a narrow board rather than hold the panel wide.
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("Claims ({})", view.case.claims.len()));
        if ui.button("Add claim").on_hover_text("Add a statement to test against the footage").clicked() {
            state.form = Some(ClaimForm::default());
        }
        let edit = ui
            .add_enabled(selected.is_some(), Button::new("Edit claim"))
            .on_hover_text("Edit the selected claim")
            .on_disabled_hover_text("Click a claim card first.");
        if let (true, Some(claim)) = (edit.clicked(), selected) {
            state.form = Some(ClaimForm::editing(claim));
        }
        let remove = ui
            .add_enabled(selected.is_some(), Button::new("Remove claim"))
            .on_hover_text("Remove the selected claim and its links (asks first; Ctrl+Z brings it back)")
            .on_disabled_hover_text("Click a claim card first.");
        if let (true, Some(claim)) = (remove.clicked(), selected) {
            state.confirm_remove = Some(claim.id.clone());
        }
    });
    out.extend(confirm_remove_ui(ui, view, state));
    if let Some(form) = state.form.as_mut() {
        let (command, close) = form_ui(ui, view, form);
        out.extend(command);
        if close {
            state.form = None;
        }
        ui.separator();
    }
    egui::ScrollArea::vertical().id_salt("claims-board-scroll").auto_shrink([false, false]).show(ui, |ui| {
        if state.claim_order.is_empty() {
            ui.weak("No claims yet. Add the statements the footage is to be tested against.");
        }
        for id in &state.claim_order {
            let Some(claim) = view.case.claims.get(id) else { continue };
            let counts = state.tally.get(id).copied().unwrap_or_default();
            let is_selected = view.selection.claim.as_ref() == Some(id);
            if card_ui(ui, claim, counts, is_selected) {
                out.push(UiCommand::Desk(DeskCommand::SelectClaim((!is_selected).then(|| id.clone()))));
            }
            if is_selected {
                out.extend(claim_events_ui(ui, view, &state.claim_events));
            }
            ui.add_space(4.0);
        }
    });
    out
}

/// The question before a claim is removed: what goes with it, in words; one audited, undoable edit.
fn confirm_remove_ui(ui: &mut Ui, view: &DeskView, state: &mut ClaimsBoardState) -> Option<UiCommand> {
    let id = state.confirm_remove.clone()?;
    let removal = match crate::case::remove_claim_with_links(view.case, &id) {
        Ok(removal) => removal,
        Err(_) => {
            state.confirm_remove = None;
            return None;
        }
    };
    let mut command = None;
    Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(format!("Remove claim {id} and {}? Ctrl+Z brings it back.", removal.links_text()))
                .color(ui.visuals().warn_fg_color),
        );
        ui.horizontal(|ui| {
            if ui.button(format!("Remove claim {id}")).clicked() {
                command = Some(UiCommand::Desk(DeskCommand::Edit(removal.edit.clone())));
                state.confirm_remove = None;
            }
            if ui.button("Keep it").clicked() {
                state.confirm_remove = None;
            }
        });
    });
    command
}

/// One claim card; returns true when it was clicked.
fn card_ui(ui: &mut Ui, claim: &Claim, counts: StanceCounts, is_selected: bool) -> bool {
    let visuals = ui.visuals().clone();
    let mut frame = Frame::group(ui.style()).inner_margin(8.0);
    if is_selected {
        frame = frame.stroke(visuals.selection.stroke).fill(visuals.selection.bg_fill.gamma_multiply(0.25));
    }
    let card =
        ui.scope_builder(UiBuilder::new().id_salt(("claim-card", claim.id.as_str())).sense(Sense::click()), |ui| {
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.add(egui::Label::new(RichText::new(claim.id.as_str()).monospace().strong()).selectable(false));
                    ui.add(egui::Label::new(RichText::new(&claim.title).strong()).selectable(false));
                });
                ui.add(
                    egui::Label::new(RichText::new(format!("“{}”", claim.quote)).italics()).selectable(false).wrap(),
                );
                let who = match (claim.asserted_by.official.trim(), claim.asserted_by.agency.trim()) {
                    ("", "") => "Asserted by: not recorded".to_owned(),
                    ("", agency) => format!("Asserted by: {agency}"),
                    (official, "") => format!("Asserted by: {official}"),
                    (official, agency) => format!("Asserted by: {official}, {agency}"),
                };
                let on = claim.asserted_on.as_deref().map(|d| format!(", on {d}")).unwrap_or_default();
                ui.add(egui::Label::new(RichText::new(format!("{who}{on}")).small()).selectable(false).wrap());
                source_ui(ui, &claim.source);
                tally_bar_ui(ui, counts);
            });
        });
    card.response
        .on_hover_text(if is_selected { "Click to deselect" } else { "Click to list this claim's events" })
        .clicked()
}

fn source_ui(ui: &mut Ui, source: &SourceDocument) {
    ui.horizontal_wrapped(|ui| {
        let document = if source.document.trim().is_empty() { "not recorded" } else { source.document.as_str() };
        let date = source.date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        ui.add(egui::Label::new(RichText::new(format!("Source: {document}{date}")).small()).selectable(false).wrap());
        if let Some(link) = source.web_link() {
            ui.hyperlink_to(RichText::new("open source").small(), link).on_hover_text(link);
        } else if let Some(text) = source.link.as_deref().filter(|l| !l.trim().is_empty()) {
            // Not http(s): shown, never opened.
            ui.add(egui::Label::new(RichText::new(format!("link (not opened): {text}")).small()).wrap());
        }
    });
}

/// A stacked bar of supports / contradicts / context, then the three numbers in words.
fn tally_bar_ui(ui: &mut Ui, counts: StanceCounts) {
    let width = ui.available_width().min(260.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 8.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let total = counts.total();
    if total > 0 {
        let mut x = rect.left();
        for (stance, n) in [
            (Stance::Supports, counts.supports),
            (Stance::Contradicts, counts.contradicts),
            (Stance::Context, counts.context),
        ] {
            let w = rect.width() * n as f32 / total as f32;
            if w > 0.0 {
                let segment = Rect::from_min_max(egui::pos2(x, rect.top()), egui::pos2(x + w, rect.bottom()));
                painter.rect_filled(segment, 0.0, stance_colour(stance));
            }
            x += w;
        }
    }
    ui.horizontal_wrapped(|ui| {
        if total == 0 {
            ui.add(egui::Label::new(RichText::new("No linked events yet").small().weak()).selectable(false));
            return;
        }
        for (i, stance) in STANCES.into_iter().enumerate() {
            let n = match stance {
                Stance::Supports => counts.supports,
                Stance::Contradicts => counts.contradicts,
                Stance::Context => counts.context,
            };
            if i > 0 {
                ui.add(egui::Label::new(RichText::new("·").small()).selectable(false));
            }
            let text = format!("{n} {} {stance}", stance_symbol(stance));
            ui.add(egui::Label::new(RichText::new(text).small().color(stance_colour(stance))).selectable(false));
        }
    });
}

/// The selected claim's events; clicking one selects it and seeks to its start.
fn claim_events_ui(ui: &mut Ui, view: &DeskView, events: &[(EventId, Stance)]) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.indent("claim-events", |ui| {
        if events.is_empty() {
            ui.weak("No event is linked to this claim yet. Select events in the table and use “Link”.");
            return;
        }
        ui.weak(format!("{} linked event(s):", events.len()));
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical().id_salt("claim-events-scroll").max_height(240.0).show_rows(
            ui,
            row_height,
            events.len(),
            |ui, range| {
                for (id, stance) in events.get(range).unwrap_or_default() {
                    let Some(event) = view.case.events.get(id) else { continue };
                    let time = event.start.media_hms().unwrap_or_else(|| "time unknown".to_owned());
                    ui.horizontal(|ui| {
                        let text = format!("{id} · {} · {time}", type_name(view.case, &event.type_id));
                        let row = ui.selectable_label(view.selection.is_selected(id), text);
                        ui.label(stance_text(*stance));
                        if row.on_hover_text(format!("Select and go to frame {}", event.start.frame)).clicked() {
                            out.push(UiCommand::Desk(DeskCommand::SelectEvents {
                                ids: vec![id.clone()],
                                primary: Some(id.clone()),
                            }));
                            if &event.media_id == view.media_id {
                                out.push(UiCommand::Player(PlayerCommand::GoToFrame(event.start.frame as usize)));
                            }
                        }
                    });
                }
            },
        );
    });
    out
}

/// The add/edit form; returns the edit to apply (if saved) and whether to close the form.
fn form_ui(ui: &mut Ui, view: &DeskView, form: &mut ClaimForm) -> (Option<UiCommand>, bool) {
    let heading = match &form.editing {
        Some(id) => format!("Edit claim {id}"),
        None => "New claim".to_owned(),
    };
    ui.strong(heading);
    Grid::new("claim-form").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        let line = |ui: &mut Ui, label: &str, value: &mut String, hint: &str| {
            let label_id = ui.label(label).id;
            ui.add(TextEdit::singleline(value).hint_text(hint).desired_width(f32::INFINITY)).labelled_by(label_id);
            ui.end_row();
        };
        line(ui, "Title", &mut form.title, "A short name for the claim");
        let label_id = ui.label("Quote").id;
        ui.add(
            TextEdit::multiline(&mut form.quote)
                .hint_text("The exact words, without quotation marks")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_id);
        ui.end_row();
        line(ui, "Agency", &mut form.agency, "Organisation that made the statement");
        line(ui, "Official", &mut form.official, "Named person and role, if any");
        line(ui, "Document", &mut form.document, "Title and publisher of the source");
        line(ui, "Date", &mut form.date, "As written in the source, if known");
        line(ui, "Asserted on", &mut form.asserted_on, "YYYY-MM-DD: the day the statement was made");
        line(ui, "Link", &mut form.link, "https://…");
        let label_id = ui.label("Notes").id;
        ui.add(TextEdit::multiline(&mut form.notes).desired_rows(2).desired_width(f32::INFINITY)).labelled_by(label_id);
        ui.end_row();
    });
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let mut result = (None, false);
    ui.horizontal(|ui| {
        if ui.button("Save claim").clicked() {
            let id = form.editing.clone().unwrap_or_else(|| view.case.new_claim_id());
            match form.to_claim(id, SystemClock.now_unix_millis()) {
                Ok(claim) => {
                    let edit = match form.editing {
                        Some(_) => Edit::UpdateClaim(Box::new(claim)),
                        None => Edit::AddClaim(Box::new(claim)),
                    };
                    result = (Some(UiCommand::Desk(DeskCommand::Edit(edit))), true);
                }
                Err(message) => form.error = Some(message),
            }
        }
        if ui.button("Cancel").clicked() {
            result = (None, true);
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_refuses_an_empty_quote_and_drops_quotation_marks() {
        let form = ClaimForm { quote: "  “ ”  ".into(), title: "t".into(), ..Default::default() };
        assert!(form.to_claim(ClaimId::from("c-1"), 0).is_err());
        let form =
            ClaimForm {
                quote: "“every day”".into(), date: " ".into(), link: "https://x".into(), ..Default::default()
            };
        let Ok(claim) = form.to_claim(ClaimId::from("c-1"), 0) else { panic!("valid form refused") };
        assert_eq!(claim.quote, "every day");
        assert_eq!(claim.source.date, None);
        assert_eq!(claim.source.link.as_deref(), Some("https://x"));
        assert_eq!(claim.asserted_on, None);
    }

    #[test]
    fn form_refuses_an_assertion_date_that_is_no_day_or_is_in_the_future() {
        let today = 20_000 * 86_400_000; // 2024-10-04
        let form = |day: &str| ClaimForm { quote: "q".into(), asserted_on: day.into(), ..Default::default() };
        let Ok(claim) = form(" 2024-10-04 ").to_claim(ClaimId::from("c-1"), today) else { panic!("today refused") };
        assert_eq!(claim.asserted_on.as_deref(), Some("2024-10-04"));
        let Err(future) = form("2024-10-05").to_claim(ClaimId::from("c-1"), today) else { panic!("future taken") };
        assert!(future.contains("in the future"), "{future}");
        let Err(no_day) = form("2024-02-30").to_claim(ClaimId::from("c-1"), today) else { panic!("no day taken") };
        assert!(no_day.contains("not a real date"), "{no_day}");
    }
}
