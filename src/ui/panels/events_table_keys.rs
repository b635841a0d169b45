//! The events table from the keyboard. ↑/↓ move the selection (Shift extends it from where it started) and the
//! inspector follows; Enter puts the playhead on the selected event; Delete removes the selection (the desk's key,
//! undoable). After a click on a row the table has the keys: typing goes to its search field (type-ahead) instead of
//! coding, until Esc or a click elsewhere gives the keys back to the video. The status bar says where keys go.

use egui::{Key, Modifiers};

use crate::case::EventId;
use crate::desk::{DeskCommand, DeskView};
use crate::player::PlayerCommand;
use crate::ui::app::commands::UiCommand;
use crate::ui::panels::events_table::EventsTableState;

/// The keys that move the table's selection (with Shift: extend it), and what the shortcut sheet says of them.
pub const MOVE_KEYS: [(Key, i64, &str); 2] = [
    (Key::ArrowDown, 1, "events table: next event (Shift: extend the selection)"),
    (Key::ArrowUp, -1, "events table: previous event (Shift: extend the selection)"),
];

/// This frame's table keys; call before the table is drawn. Nothing while a text field has the keyboard.
pub fn table_keys_ui(ctx: &egui::Context, view: &DeskView, state: &mut EventsTableState) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if ctx.egui_wants_keyboard_input() {
        return out;
    }
    let (mut moves, mut extend, mut enter, mut escape, mut typed) = (0i64, false, false, false, String::new());
    ctx.input_mut(|input| {
        for (key, by, _) in MOVE_KEYS {
            while input.consume_key(Modifiers::SHIFT, key) {
                moves += by;
                extend = true;
            }
            while input.consume_key(Modifiers::NONE, key) {
                moves += by;
            }
        }
        enter = input.consume_key(Modifiers::NONE, Key::Enter);
        if state.has_keys {
            escape = input.consume_key(Modifiers::NONE, Key::Escape);
            input.events.retain(|e| match e {
                egui::Event::Text(text) => {
                    typed.push_str(text);
                    false
                }
                _ => true,
            });
        }
    });
    if escape {
        state.has_keys = false;
    }
    if !typed.is_empty() {
        state.filter.text.push_str(&typed);
        state.focus_search = true;
    }
    if moves != 0 {
        out.extend(move_selection(view, state, moves, extend));
    }
    if enter {
        let event = view.selection.primary.as_ref().and_then(|id| view.case.events.get(id));
        if let Some(event) = event.filter(|e| &e.media_id == view.media_id) {
            out.push(UiCommand::Player(PlayerCommand::GoToFrame(event.start.frame as usize)));
        }
    }
    out
}

/// The selection `by` rows on from the primary one (from the first or last row when none is selected); with
/// `extend`, every row from the anchor to there.
fn move_selection(view: &DeskView, state: &mut EventsTableState, by: i64, extend: bool) -> Vec<UiCommand> {
    let rows = state.rows();
    let Some(last) = rows.len().checked_sub(1) else { return Vec::new() };
    let at = view.selection.primary.as_ref().and_then(|p| rows.iter().position(|r| r == p));
    let to = match at {
        Some(i) => (i as i64 + by).clamp(0, last as i64) as usize,
        None if by > 0 => 0,
        None => last,
    };
    let id: EventId = rows[to].clone();
    let ids = if extend {
        let anchor = state.anchor_index().unwrap_or(at.unwrap_or(to));
        rows[anchor.min(to)..=anchor.max(to)].to_vec()
    } else {
        state.set_anchor(id.clone());
        vec![id.clone()]
    };
    vec![UiCommand::Desk(DeskCommand::SelectEvents { ids, primary: Some(id) })]
}
