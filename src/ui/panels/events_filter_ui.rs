//! The filter bar above the events table: event types, claim, stance, reviewer, free text and "Clear". It only
//! edits an `EventFilter`; the table notices the change and queries again.

use egui::{ComboBox, Ui};

use crate::case::event_query::EventFilter;
use crate::case::{Case, ClaimId};

use crate::ui::style::{stance_label, type_name, type_swatch_ui, STANCES};

/// Claim as shown in menus: "c2 — Constant danger from deliberate ramming" (long titles shortened).
pub fn claim_menu_text(case: &Case, id: &ClaimId) -> String {
    let title = case.claims.get(id).map_or("(missing claim)", |c| c.title.as_str());
    let short: String = title.chars().take(48).collect();
    let ellipsis = if title.chars().count() > 48 { "…" } else { "" };
    format!("{id} — {short}{ellipsis}")
}

fn types_combo_ui(ui: &mut Ui, case: &Case, filter: &mut EventFilter) {
    let selected = match filter.types.len() {
        0 => "All types".to_owned(),
        1 => filter.types.iter().next().map_or_else(String::new, |t| type_name(case, t).to_owned()),
        n => format!("{n} types"),
    };
    ComboBox::from_id_salt("events-filter-types")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            if ui.selectable_label(filter.types.is_empty(), "All types").clicked() {
                filter.types.clear();
            }
            for ty in &case.taxonomy.types {
                ui.horizontal(|ui| {
                    let mut on = filter.types.contains(&ty.id);
                    type_swatch_ui(ui, case, &ty.id);
                    if ui.checkbox(&mut on, &ty.name).changed() {
                        if on {
                            filter.types.insert(ty.id.clone());
                        } else {
                            filter.types.remove(&ty.id);
                        }
                    }
                });
            }
        })
        .response
        .on_hover_text("Show only events of these types");
}

fn claim_combo_ui(ui: &mut Ui, case: &Case, claim_order: &[ClaimId], filter: &mut EventFilter) {
    let selected = filter.claim.as_ref().map_or_else(|| "Any claim".to_owned(), |c| c.to_string());
    ComboBox::from_id_salt("events-filter-claim")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            let choice = &mut filter.claim;
            crate::ui::panels::claim_picker::claim_list_ui(ui, "filter", case, claim_order, choice, Some("Any claim"));
        })
        .response
        .on_hover_text("Show only events linked to this claim");
}

fn stance_combo_ui(ui: &mut Ui, filter: &mut EventFilter) {
    let selected = filter.stance.map_or_else(|| "Any stance".to_owned(), stance_label);
    ComboBox::from_id_salt("events-filter-stance")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.stance, None, "Any stance");
            for stance in STANCES {
                ui.selectable_value(&mut filter.stance, Some(stance), stance_label(stance));
            }
        })
        .response
        .on_hover_text(
            "With a claim chosen: links to that claim with this stance. Without: any link with this stance.",
        );
}

fn reviewer_combo_ui(ui: &mut Ui, reviewers: &[String], filter: &mut EventFilter) {
    let selected = filter.reviewer.clone().unwrap_or_else(|| "Any reviewer".to_owned());
    ComboBox::from_id_salt("events-filter-reviewer")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.reviewer, None, "Any reviewer");
            for name in reviewers {
                ui.selectable_value(&mut filter.reviewer, Some(name.clone()), name);
            }
        })
        .response
        .on_hover_text("Show only events coded by this reviewer");
}

/// Draws the filter bar and edits `filter` in place.
pub fn filter_bar_ui(
    ui: &mut Ui,
    case: &Case,
    claim_order: &[ClaimId],
    reviewers: &[String],
    filter: &mut EventFilter,
    focus_search: &mut bool,
) {
    ui.horizontal_wrapped(|ui| {
        types_combo_ui(ui, case, filter);
        claim_combo_ui(ui, case, claim_order, filter);
        stance_combo_ui(ui, filter);
        reviewer_combo_ui(ui, reviewers, filter);
        let mut search = egui::TextEdit::singleline(&mut filter.text)
            .id_salt("events-filter-text")
            .hint_text("Search id, type, note, reviewer, modifiers, claim titles")
            .desired_width(260.0)
            .show(ui);
        if std::mem::take(focus_search) {
            // Type-ahead: the field takes the keyboard with the cursor after what was typed.
            search.response.request_focus();
            let end = egui::text::CCursor::new(filter.text.chars().count());
            search.state.cursor.set_char_range(Some(egui::text::CCursorRange::one(end)));
            search.state.store(ui.ctx(), search.response.id);
        }
        search.response.response.clone().accessible_name("Search events");
        let clear = ui.add_enabled(!filter.is_empty(), egui::Button::new("Clear"));
        if clear.on_hover_text("Show every event again").clicked() {
            *filter = EventFilter::default();
        }
    });
}
