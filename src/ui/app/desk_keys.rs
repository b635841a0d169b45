//! The coding keys: each event type's hotkey (from the case's taxonomy), I / O for in and out marks, Esc, Delete,
//! Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) / Ctrl+S, and Ctrl+M to mark the frame on screen for measuring (it opens the
//! Measure window). Hotkeys are plain keys; the taxonomy refuses the player's keys, so a key means one thing, and
//! Ctrl+M is free whatever the taxonomy (plain M mutes). Nothing is read while a text field has the keyboard, except
//! Ctrl+S.

use egui::{Key, Modifiers};

use crate::case::Taxonomy;
use crate::desk::{DeskCommand, MeasureCommand};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::keys::KeyBinding;

/// With Ctrl: marks the frame on screen for a measurement.
pub const MEASURE_KEY: Key = Key::M;

/// The egui key a taxonomy hotkey names ("F", "f", "7", "F5", "Minus"), or `None` when it names no key.
pub fn hotkey_key(name: &str) -> Option<Key> {
    let name = name.trim();
    Key::from_name(name).or_else(|| Key::from_name(&name.to_uppercase())).or_else(|| {
        let mut chars = name.chars();
        let first = chars.next()?;
        Key::from_name(&format!("{}{}", first.to_uppercase(), chars.as_str().to_lowercase()))
    })
}

/// Ctrl+S saves, even while a text field has the keyboard.
pub fn save_binding() -> KeyBinding {
    KeyBinding {
        mods: Modifiers::COMMAND,
        key: Key::S,
        cmd: UiCommand::Desk(DeskCommand::Save),
        what: "save the case (every edit is already in the journal)",
    }
}

/// The coding desk's fixed keys, most specific first (Shift before plain). Plain ones but Delete are the events
/// table's while it has the keys. Ctrl+M also opens the Measure window.
pub fn desk_key_table() -> [KeyBinding; 8] {
    let desk = |mods, key, cmd, what| KeyBinding { mods, key, cmd: UiCommand::Desk(cmd), what };
    let (ctrl, none) = (Modifiers::COMMAND, Modifiers::NONE);
    [
        desk(ctrl | Modifiers::SHIFT, Key::Z, DeskCommand::Redo, "redo"),
        desk(ctrl, Key::Z, DeskCommand::Undo, "undo the last edit"),
        desk(ctrl, Key::Y, DeskCommand::Redo, "redo"),
        desk(none, Key::I, DeskCommand::MarkIn, "mark in at the frame on screen"),
        desk(none, Key::O, DeskCommand::MarkOut, "mark out at the frame on screen"),
        desk(none, Key::Escape, DeskCommand::Escape, "close the prompt, else cancel running intervals and marks"),
        desk(none, Key::Delete, DeskCommand::DeleteSelected, "remove the selected events (undoable)"),
        desk(ctrl, MEASURE_KEY, DeskCommand::Measure(MeasureCommand::Mark), "mark the frame on screen for measuring"),
    ]
}

/// This frame's coding key presses, in a fixed order (shortcuts with Shift before those without). While the events
/// table has the keys (`table_has_keys`), plain keys are its type-ahead: no hotkey codes, and Esc is the table's.
pub fn desk_keys_ui(ctx: &egui::Context, taxonomy: &Taxonomy, table_has_keys: bool) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let typing = ctx.egui_wants_keyboard_input();
    // While something is dragged (an event's edge on the timeline), Esc cancels the drag instead: egui has already
    // let go of it this frame, so a drag stopped now counts too.
    let dragging = ctx.dragged_id().is_some() || ctx.drag_stopped_id().is_some();
    ctx.input_mut(|input| {
        let save = save_binding();
        while input.consume_key(save.mods, save.key) {
            out.push(save.cmd.clone());
        }
        if typing {
            return;
        }
        for KeyBinding { mods, key, cmd, .. } in desk_key_table() {
            if dragging && key == Key::Escape {
                continue;
            }
            let plain = mods == Modifiers::NONE && key != Key::Delete;
            while !(table_has_keys && plain) && input.consume_key(mods, key) {
                out.push(cmd.clone());
                if cmd == UiCommand::Desk(DeskCommand::Measure(MeasureCommand::Mark)) {
                    out.push(UiCommand::Window(WindowCommand::ShowMeasure));
                }
            }
        }
        if table_has_keys {
            return;
        }
        for ty in &taxonomy.types {
            let Some(key) = hotkey_key(&ty.hotkey) else { continue };
            while input.consume_key(Modifiers::NONE, key) {
                out.push(UiCommand::Desk(DeskCommand::Code(ty.id.clone())));
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::RESERVED_PLAYER_KEYS;

    #[test]
    fn hotkey_names_map_to_keys() {
        assert_eq!(hotkey_key("F"), Some(Key::F));
        assert_eq!(hotkey_key(" f "), Some(Key::F));
        assert_eq!(hotkey_key("7"), Some(Key::Num7));
        assert_eq!(hotkey_key("f5"), Some(Key::F5));
        assert_eq!(hotkey_key("left"), Some(Key::ArrowLeft));
        assert_eq!(hotkey_key("brake"), None);
    }

    #[test]
    fn every_reserved_name_is_a_key_and_every_taxonomy_default_is_free() {
        for name in RESERVED_PLAYER_KEYS {
            assert!(hotkey_key(name).is_some(), "{name} names no key");
        }
        for ty in Taxonomy::default_vehicle_bodycam().types {
            assert!(hotkey_key(&ty.hotkey).is_some(), "{} has hotkey {:?}", ty.id, ty.hotkey);
        }
    }
}
