//! The events table: every coded event of the media on screen, filtered and sorted, with virtualised rows so a case
//! of 100 000 events stays fluid. Click a row to select it and seek to it, Ctrl+click to add or remove it, Shift+click
//! for a range; the buttons below delete the selection or link it to a claim with a stance in one undoable edit.
//! The keyboard (↑/↓, Shift, Enter, type-ahead) is `events_table_keys`.
//! The filtered, sorted rows are cached on (revision, media, filter, sort) and recomputed only when one changes.

use egui::{Align, Button, ComboBox, Label, Modifiers, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::case::event_query::{
    claim_ids_in_order, event_count, patch_rows, query, reviewers, EventFilter, EventSort, SortDirection, SortKey,
};
use crate::case::{ClaimId, ClaimLink, Edit, Event, EventId, MediaId, Stance};
use crate::player::PlayerCommand;

use crate::desk::{CaseScope, DeskCommand, DeskView, EventDelta};
use crate::ui::app::commands::UiCommand;
use crate::ui::panels::events_filter_ui::filter_bar_ui;
use crate::ui::style::{stance_colour, stance_combo_ui, stance_symbol, type_name, type_swatch_ui, STANCE_LEGEND};

/// What the cached rows were computed from.
#[derive(Clone, Debug, PartialEq)]
struct RowsKey {
    revision: u64,
    media: Option<MediaId>,
    filter: EventFilter,
    sort: EventSort,
}

/// The table's own state: filter, sort, cached rows, the Shift+click anchor and the link target.
#[derive(Debug, Default)]
pub struct EventsTableState {
    pub filter: EventFilter,
    pub sort: EventSort,
    /// Show the events of every media file of the case, not only the one on screen.
    pub all_media: bool,
    /// The claim the "Link" button links the selection to.
    pub link_claim: Option<ClaimId>,
    /// The stance the "Link" button uses.
    pub link_stance: Stance,
    rows: Vec<EventId>,
    rows_key: Option<RowsKey>,
    /// Events in scope before filtering (the M of "N of M").
    total_events: usize,
    /// Claim ids in natural order and reviewer names, for the menus; cached on `lists_revision`.
    claim_order: Vec<ClaimId>,
    reviewers: Vec<String>,
    lists_revision: Option<u64>,
    /// The row a Shift+click range starts from: the last plain or Ctrl click.
    anchor: Option<EventId>,
    /// The primary selection seen last frame, to notice changes made elsewhere (timeline clicks).
    seen_primary: Option<EventId>,
    /// Set when this table changed the selection itself, so it does not scroll to its own click.
    own_selection_change: bool,
    /// The table has the keys (a row was clicked): typing filters instead of coding (`events_table_keys`).
    pub has_keys: bool,
    /// Give the search field the keyboard on the next frame (type-ahead started).
    pub focus_search: bool,
    /// The longest id among the rows, in characters: the Id column is at least that wide.
    longest_id_chars: usize,
}

impl EventsTableState {
    /// The rows shown, in table order (as of the last frame drawn).
    pub fn rows(&self) -> &[EventId] {
        &self.rows
    }

    /// Events in scope before filtering.
    pub fn total_events(&self) -> usize {
        self.total_events
    }

    /// The row a Shift range starts from.
    pub fn anchor_index(&self) -> Option<usize> {
        self.anchor.as_ref().and_then(|a| self.rows.iter().position(|r| r == a))
    }

    pub fn set_anchor(&mut self, id: EventId) {
        self.anchor = Some(id);
    }

    /// Recomputes the rows if the case, the media on screen, the filter or the sort changed (on the opening thread
    /// too, so the first frame over a large case finds them made).
    pub fn refresh(&mut self, scope: &CaseScope) {
        if self.lists_revision != Some(scope.revision) {
            // Claims are unchanged when only events changed; new reviewer names are added.
            match self.lists_revision.and_then(|rev| scope.deltas_since(rev)) {
                Some(deltas) => {
                    for name in deltas.iter().filter_map(|d| d.after.as_ref()).map(|e| &e.reviewer) {
                        if !name.trim().is_empty() && !self.reviewers.contains(name) {
                            self.reviewers.push(name.clone());
                            self.reviewers.sort();
                        }
                    }
                }
                None => {
                    self.claim_order = claim_ids_in_order(scope.case);
                    self.reviewers = reviewers(scope.case);
                }
            }
            self.lists_revision = Some(scope.revision);
        }
        let key = RowsKey {
            revision: scope.revision,
            media: (!self.all_media).then(|| scope.media_id.clone()),
            filter: EventFilter { visibility: scope.visibility.clone(), ..self.filter.clone() },
            sort: self.sort,
        };
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        if !self.patch_rows(scope, &key) {
            self.rows = query(scope.case, key.media.as_ref(), &key.filter, key.sort);
            self.total_events = event_count(scope.case, key.media.as_ref(), scope.visibility);
        }
        self.rows_key = Some(key);
        self.longest_id_chars = self.rows.iter().map(|id| id.as_str().chars().count()).max().unwrap_or(0);
    }

    /// Patches the rows for the events changed since they were queried (same media, filter and sort); false
    /// when that is not possible and a new query is needed.
    fn patch_rows(&mut self, scope: &CaseScope, key: &RowsKey) -> bool {
        let Some(old) = &self.rows_key else { return false };
        if old.media != key.media || old.filter != key.filter || old.sort != key.sort {
            return false;
        }
        let Some(deltas) = scope.deltas_since(old.revision) else { return false };
        // One entry per event: as it was when the rows were made (its first delta), as it is now.
        let mut seen = std::collections::HashSet::with_capacity(deltas.len());
        let firsts: Vec<&EventDelta> = deltas.iter().copied().filter(|d| seen.insert(&d.id)).collect();
        let changes: Vec<_> = firsts.iter().map(|d| (&d.id, d.before.as_ref(), scope.case.events.get(&d.id))).collect();
        if !patch_rows(scope.case, key.media.as_ref(), &key.filter, key.sort, &mut self.rows, &changes) {
            return false;
        }
        let counts = |e: Option<&Event>| {
            e.is_some_and(|e| key.media.as_ref().is_none_or(|m| &e.media_id == m) && scope.visibility.shows_event(e))
        };
        for d in &deltas {
            self.total_events =
                self.total_events + usize::from(counts(d.after.as_ref())) - usize::from(counts(d.before.as_ref()));
        }
        true
    }
}

/// The events table with its filter bar and selection buttons.
pub fn events_table_ui(ui: &mut Ui, view: &DeskView, state: &mut EventsTableState) -> Vec<UiCommand> {
    state.refresh(&view.scope());
    let mut out = crate::ui::panels::events_table_keys::table_keys_ui(ui.ctx(), view, state);
    let panel_rect = ui.max_rect();
    let pressed_elsewhere =
        ui.input(|i| i.pointer.any_pressed() && i.pointer.interact_pos().is_some_and(|p| !panel_rect.contains(p)));
    if pressed_elsewhere {
        state.has_keys = false;
    }
    {
        let EventsTableState { filter, claim_order, reviewers, focus_search, .. } = state;
        // Blind mode names no other reviewer either.
        let me: Vec<String> = view.visibility.blind_reviewer().map(str::to_owned).into_iter().collect();
        let names = if view.visibility.blind_reviewer().is_some() { &me } else { &*reviewers };
        filter_bar_ui(ui, view.case, claim_order, names, filter, focus_search);
    }
    // The filter may have just changed: query now, so this frame already shows the new rows and count.
    state.refresh(&view.scope());
    ui.horizontal(|ui| {
        ui.label(format!("{} of {} events", state.rows.len(), state.total_events));
        if let Some(me) = view.visibility.blind_reviewer() {
            ui.label(RichText::new(format!("Blind mode: {me}'s events only")).color(ui.visuals().warn_fg_color))
                .on_hover_text("Other reviewers' events, links and tallies are hidden (View menu)");
        }
        if view.case.media.len() > 1 {
            let every = ui
                .checkbox(&mut state.all_media, "Every video")
                .on_hover_text("Also list events coded on the other videos of the case");
            if every.changed() {
                ui.ctx().request_repaint();
            }
        }
    });

    let scroll_to = row_to_reveal(view, state);
    let reserve = ui.spacing().interact_size.y + ui.spacing().item_spacing.y * 3.0;
    let table_height = (ui.available_height() - reserve).max(80.0);
    // The columns keep their widths; a narrow panel scrolls the table sideways rather than hold the panel wide.
    let (sort_clicked, row_clicked) = egui::ScrollArea::horizontal()
        .id_salt("events-table-sideways")
        .auto_shrink([false, true])
        .show(ui, |ui| table_ui(ui, view, state, scroll_to, table_height))
        .inner;
    if let Some(key) = sort_clicked {
        state.sort = if state.sort.key == key {
            EventSort { key, direction: state.sort.direction.reversed() }
        } else {
            EventSort { key, direction: SortDirection::Ascending }
        };
        ui.ctx().request_repaint();
    }
    if let Some((index, modifiers)) = row_clicked {
        out.extend(row_click(view, state, index, modifiers));
    }
    out.extend(selection_actions_ui(ui, view, state));
    out
}

/// The row to scroll to when the primary selection changed outside this table (e.g. on the timeline).
fn row_to_reveal(view: &DeskView, state: &mut EventsTableState) -> Option<usize> {
    let primary = view.selection.primary.as_ref();
    if primary == state.seen_primary.as_ref() {
        return None;
    }
    state.seen_primary = primary.cloned();
    if std::mem::take(&mut state.own_selection_change) {
        return None;
    }
    let primary = primary?;
    state.anchor = Some(primary.clone());
    state.rows.iter().position(|id| id == primary)
}

/// The modifiers held for this frame's primary click (taken from the click itself: they may be released already).
fn click_modifiers(ctx: &egui::Context) -> Modifiers {
    ctx.input(|i| {
        i.events
            .iter()
            .rev()
            .find_map(|e| match e {
                egui::Event::PointerButton {
                    button: egui::PointerButton::Primary, pressed: false, modifiers, ..
                } => Some(*modifiers),
                _ => None,
            })
            .unwrap_or(i.modifiers)
    })
}

const SORT_COLUMNS: [(&str, SortKey, &str); 7] = [
    ("Id", SortKey::Id, "event id"),
    ("Type", SortKey::Type, "event type name"),
    ("Start", SortKey::Start, "start frame"),
    ("End / duration", SortKey::End, "end frame (a point event ends where it starts)"),
    ("Claims", SortKey::Claims, "linked claims"),
    ("Reviewer", SortKey::Reviewer, "reviewer"),
    ("Note", SortKey::Note, "note"),
];

/// A column header that sorts on click; the sorted column shows a triangle pointing up (ascending) or down.
fn sort_header_ui(ui: &mut Ui, title: &str, key: SortKey, what: &str, sort: EventSort) -> bool {
    let active = sort.key == key;
    let text = if active { RichText::new(title).strong() } else { RichText::new(title) };
    let response = ui.add(Button::new(text).frame(false));
    if active {
        let size = ui.text_style_height(&egui::TextStyle::Body) * 0.5;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), Sense::hover());
        let c = rect.center();
        let h = size * 0.5;
        let points = match sort.direction {
            SortDirection::Ascending => vec![c + egui::vec2(-h, h), c + egui::vec2(h, h), c + egui::vec2(0.0, -h)],
            SortDirection::Descending => vec![c + egui::vec2(-h, -h), c + egui::vec2(h, -h), c + egui::vec2(0.0, h)],
        };
        let colour = ui.visuals().strong_text_color();
        ui.painter().add(egui::Shape::convex_polygon(points, colour, egui::Stroke::NONE));
    }
    let hover = match (active, sort.direction) {
        (true, SortDirection::Ascending) => format!("Sorted by {what}, ascending. Click to reverse."),
        (true, SortDirection::Descending) => format!("Sorted by {what}, descending. Click to reverse."),
        (false, _) => format!("Sort by {what}"),
    };
    response.on_hover_text(hover).clicked()
}

type TableClicks = (Option<SortKey>, Option<(usize, Modifiers)>);

fn table_ui(
    ui: &mut Ui,
    view: &DeskView,
    state: &EventsTableState,
    scroll_to: Option<usize>,
    height: f32,
) -> TableClicks {
    let mut sort_clicked = None;
    let mut row_clicked = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let char_width = ui.text_style_height(&egui::TextStyle::Body) * 0.62;
    let id_width = (((state.longest_id_chars + 2) as f32) * char_width + 8.0).clamp(36.0, 160.0);
    let mut table = TableBuilder::new(ui)
        .id_salt("events-table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_scroll_height(height)
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        // Wide enough for every id shown (and the "! " of an unverified event), so none is cut.
        .column(Column::initial(id_width).at_least(id_width).clip(true))
        .column(Column::initial(110.0).at_least(50.0).clip(true))
        .column(Column::initial(132.0).at_least(60.0).clip(true))
        .column(Column::initial(100.0).at_least(50.0).clip(true))
        .column(Column::initial(90.0).at_least(40.0).clip(true))
        .column(Column::initial(70.0).at_least(40.0).clip(true))
        .column(Column::remainder().at_least(60.0).clip(true));
    if let Some(row) = scroll_to {
        table = table.scroll_to_row(row, Some(Align::Center));
    }
    table
        .header(row_height + 2.0, |mut header| {
            for (title, key, what) in SORT_COLUMNS {
                header.col(|ui| {
                    if sort_header_ui(ui, title, key, what, state.sort) {
                        sort_clicked = Some(key);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, state.rows.len(), |mut row| {
                let index = row.index();
                let Some(event) = state.rows.get(index).and_then(|id| view.case.events.get(id)) else { return };
                row.set_selected(view.selection.is_selected(&event.id));
                row_cells(&mut row, view, event);
                let response = row.response();
                if response.clicked() {
                    row_clicked = Some((index, click_modifiers(&response.ctx)));
                }
            });
        });
    (sort_clicked, row_clicked)
}

fn cell_label(ui: &mut Ui, text: impl Into<egui::WidgetText>) {
    ui.add(Label::new(text).selectable(false).truncate());
}

/// Start as "frame · HH:MM:SS.mmm".
fn start_text(event: &Event) -> String {
    let time = event.start.media_hms().unwrap_or_else(|| "time unknown".to_owned());
    format!("{} · {time}", event.start.frame)
}

/// End as "frame · +seconds" for intervals; blank for points.
fn end_text(event: &Event) -> String {
    let Some(end) = event.end else { return String::new() };
    match (event.start.media_secs(), end.media_secs()) {
        (Some(start_secs), Some(end_secs)) => format!("{} · +{:.3} s", end.frame, end_secs - start_secs),
        _ => format!("{}", end.frame),
    }
}

fn claims_cell_ui(ui: &mut Ui, view: &DeskView, event: &Event) {
    let mut job = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat { font_id: font.clone(), color: ui.visuals().text_color(), ..Default::default() };
    for (i, link) in view.visibility.links(event).enumerate() {
        if i > 0 {
            job.append(", ", 0.0, plain.clone());
        }
        job.append(&format!("{} ", link.claim_id), 0.0, plain.clone());
        let marked = egui::TextFormat { color: stance_colour(link.stance), ..plain.clone() };
        job.append(stance_symbol(link.stance), 0.0, marked);
    }
    let hover: Vec<String> = view
        .visibility
        .links(event)
        .map(|l| format!("{}: {} (linked by {})", l.claim_id, l.stance, l.reviewer_of(event)))
        .collect();
    let response = ui.add(Label::new(job).selectable(false).truncate());
    if !hover.is_empty() {
        response.on_hover_text(format!("{}\n{STANCE_LEGEND}", hover.join("\n")));
    }
}

fn row_cells(row: &mut egui_extras::TableRow<'_, '_>, view: &DeskView, event: &Event) {
    row.col(|ui| match event.media_at_coding.warning() {
        // An event coded before its file was verified carries "!" by its id (the window's fonts have no warning sign).
        Some(warning) => {
            let text = RichText::new(format!("! {}", event.id)).color(ui.visuals().warn_fg_color);
            ui.add(Label::new(text).selectable(false).truncate()).on_hover_text(warning);
        }
        None => cell_label(ui, event.id.as_str()),
    });
    row.col(|ui| {
        type_swatch_ui(ui, view.case, &event.type_id);
        cell_label(ui, type_name(view.case, &event.type_id));
    });
    row.col(|ui| cell_label(ui, start_text(event)));
    row.col(|ui| cell_label(ui, end_text(event)));
    row.col(|ui| claims_cell_ui(ui, view, event));
    row.col(|ui| cell_label(ui, event.reviewer.as_str()));
    row.col(|ui| {
        let first_line = event.note.lines().next().unwrap_or_default();
        ui.add(Label::new(first_line).selectable(false).truncate().show_tooltip_when_elided(true));
    });
}

/// What a click on row `index` does: plain = select it and seek; Ctrl = toggle; Shift = range from the anchor.
fn row_click(view: &DeskView, state: &mut EventsTableState, index: usize, modifiers: Modifiers) -> Vec<UiCommand> {
    let Some(id) = state.rows.get(index).cloned() else { return Vec::new() };
    state.own_selection_change = true;
    state.has_keys = true;
    if modifiers.shift {
        let anchor_index = state.anchor.as_ref().and_then(|a| state.rows.iter().position(|r| r == a)).unwrap_or(index);
        let (from, to) = (anchor_index.min(index), anchor_index.max(index));
        let ids = state.rows[from..=to].to_vec();
        return vec![UiCommand::Desk(DeskCommand::SelectEvents { ids, primary: Some(id) })];
    }
    state.anchor = Some(id.clone());
    if modifiers.command || modifiers.ctrl {
        return vec![UiCommand::Desk(DeskCommand::ToggleEvent(id))];
    }
    let mut out = vec![UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![id.clone()], primary: Some(id.clone()) })];
    if let Some(event) = view.case.events.get(&id).filter(|e| &e.media_id == view.media_id) {
        out.push(UiCommand::Player(PlayerCommand::GoToFrame(event.start.frame as usize)));
    }
    out
}

/// The selected events that still exist, in id order.
fn selected_events<'a>(view: &'a DeskView) -> Vec<&'a Event> {
    view.selection.events.iter().filter_map(|id| view.case.events.get(id)).collect()
}

/// "Delete N" and "Link N to [claim] as [stance] [Link]", acting on the whole selection as one edit.
fn selection_actions_ui(ui: &mut Ui, view: &DeskView, state: &mut EventsTableState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let selected = selected_events(view);
    let n = selected.len();
    const NOTHING: &str = "Select events first: click a row, Ctrl+click to add one, Shift+click for a range.";
    ui.horizontal_wrapped(|ui| {
        let delete = ui
            .add_enabled(n > 0, Button::new(format!("Delete {n}")))
            .on_hover_text("Delete the selected events (Ctrl+Z undoes it)")
            .on_disabled_hover_text(NOTHING);
        if delete.clicked() {
            let edits = selected.iter().map(|e| Edit::RemoveEvent(e.id.clone())).collect();
            out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Batch(edits))));
        }
        ui.separator();
        ui.label(format!("Link {n} to"));
        if state.link_claim.as_ref().is_some_and(|c| !view.case.claims.contains_key(c)) {
            state.link_claim = None;
        }
        let claim_text = state.link_claim.as_ref().map_or_else(|| "choose a claim".to_owned(), |c| c.to_string());
        ComboBox::from_id_salt("events-link-claim")
            .selected_text(claim_text)
            .show_ui(ui, |ui| {
                let order = &state.claim_order;
                crate::ui::panels::claim_picker::claim_list_ui(
                    ui,
                    "link",
                    view.case,
                    order,
                    &mut state.link_claim,
                    None,
                );
            })
            .response
            .accessible_name("Claim to link to")
            .on_hover_text("The claim to link the selected events to");
        ui.label("as");
        stance_combo_ui(ui, "events-link-stance", &mut state.link_stance)
            .accessible_name("Stance of the links")
            .on_hover_text("How the selected events bear on the claim");
        let why_not = match (n, &state.link_claim) {
            (0, _) => Some(NOTHING),
            (_, None) => Some("Choose the claim to link to."),
            _ => None,
        };
        let link = ui
            .add_enabled(why_not.is_none(), Button::new("Link"))
            .on_hover_text("Link every selected event to the claim with this stance (one undoable edit)")
            .on_disabled_hover_text(why_not.unwrap_or_default());
        if link.clicked() {
            if let Some(claim_id) = state.link_claim.clone() {
                let edits = selected
                    .iter()
                    .map(|e| {
                        // Keep a rationale already written for this claim; only the stance changes.
                        let rationale = e
                            .links
                            .iter()
                            .find(|l| l.claim_id == claim_id)
                            .map(|l| l.rationale.clone())
                            .unwrap_or_default();
                        let link = ClaimLink {
                            claim_id: claim_id.clone(),
                            stance: state.link_stance,
                            rationale,
                            ..ClaimLink::default()
                        };
                        Edit::Link { event_id: e.id.clone(), link }
                    })
                    .collect();
                out.push(UiCommand::Desk(DeskCommand::Edit(Edit::Batch(edits))));
            }
        }
    });
    out
}
