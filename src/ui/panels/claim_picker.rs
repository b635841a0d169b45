//! The one claim picker of the window (the coding prompt, the events table's Link, its claim filter): a list in
//! natural order (c1, c2, …, c10) that, once a case has more than a few claims, starts with a search field matching
//! id, title, quote and who asserted it, and lists at most [`MAX_LISTED`] matches (the rest: "type to narrow").
//! What is typed is kept per picker in egui's memory, not in the case.

use egui::Ui;

use crate::case::{Case, ClaimId};
use crate::ui::panels::events_filter_ui::claim_menu_text;

/// From this many claims on, the list starts with a search field.
pub const SEARCH_FROM: usize = 10;
/// At most this many matches are listed.
pub const MAX_LISTED: usize = 200;

/// Whether `query` (lower case) is found in the claim's id, title, quote or who asserted it.
pub fn claim_matches(case: &Case, id: &ClaimId, query: &str) -> bool {
    if query.is_empty() {
        return true;
    }
    let Some(claim) = case.claims.get(id) else { return false };
    [id.as_str(), &claim.title, &claim.quote, &claim.asserted_by.agency, &claim.asserted_by.official]
        .iter()
        .any(|text| text.to_lowercase().contains(query))
}

/// The list inside a claim combo box: `none` (e.g. "Any claim") first when given, then the matching claims.
/// Returns true when the choice changed.
pub fn claim_list_ui(
    ui: &mut Ui,
    salt: &str,
    case: &Case,
    order: &[ClaimId],
    chosen: &mut Option<ClaimId>,
    none: Option<&str>,
) -> bool {
    let before = chosen.clone();
    let search_id = ui.make_persistent_id(("claim-search", salt));
    let mut query: String = ui.data_mut(|d| d.get_temp::<String>(search_id).unwrap_or_default());
    if order.len() >= SEARCH_FROM {
        let field = ui
            .add(egui::TextEdit::singleline(&mut query).hint_text("search claims").desired_width(260.0))
            .accessible_name("Search claims");
        if !field.has_focus() && query.is_empty() {
            field.request_focus();
        }
        ui.data_mut(|d| d.insert_temp(search_id, query.clone()));
        ui.separator();
    }
    if let Some(none) = none {
        ui.selectable_value(chosen, None, none);
    }
    let needle = query.trim().to_lowercase();
    let matching: Vec<&ClaimId> = order.iter().filter(|id| claim_matches(case, id, &needle)).collect();
    for id in matching.iter().take(MAX_LISTED) {
        let response = ui.selectable_value(chosen, Some((*id).clone()), claim_menu_text(case, id));
        if let Some(claim) = case.claims.get(*id) {
            response.on_hover_text(&claim.quote);
        }
    }
    if matching.len() > MAX_LISTED {
        ui.weak(format!("{} more: type to narrow", matching.len() - MAX_LISTED));
    } else if matching.is_empty() {
        ui.weak(format!("no claim matches \"{}\"", query.trim()));
    }
    let changed = *chosen != before;
    if changed {
        ui.data_mut(|d| d.remove::<String>(search_id));
    }
    changed
}
