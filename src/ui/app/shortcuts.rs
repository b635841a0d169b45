//! The shortcut sheet's content, generated from the tables the key handling reads: the player's and the window's
//! keys, the held-K steps, the coding desk's keys, the open case's event-type hotkeys, the camera grid's keys and the
//! dialogs' keys. A key added to a table shows up here by itself; nothing is typed twice.

use egui::{Key, Modifiers};

use crate::case::{EventKind, Taxonomy};
use crate::ui::app::commands::UiCommand;
use crate::ui::app::desk_keys::{desk_key_table, hotkey_key, save_binding};
use crate::ui::app::keys::{camera_key_table, key_table, KeyBinding, HELD_K_STEPS};
use crate::ui::panels::events_table_keys::MOVE_KEYS;
use crate::ui::windows::prompt_ui::STANCE_KEYS;

/// One line of the sheet: the keys as written on the keyboard, and what they do.
#[derive(Clone, Debug, PartialEq)]
pub struct ShortcutRow {
    pub keys: String,
    pub what: String,
}

/// A titled group of lines.
#[derive(Clone, Debug, PartialEq)]
pub struct ShortcutGroup {
    pub title: &'static str,
    pub rows: Vec<ShortcutRow>,
}

/// The key and its modifiers as the sheet writes them: "Ctrl+Shift+A", "Alt+Left arrow", "Space", "?".
pub fn key_label(mods: Modifiers, key: Key) -> String {
    let mut label = String::new();
    let command = if cfg!(target_os = "macos") { "Cmd+" } else { "Ctrl+" };
    for (on, name) in [(mods.command || mods.ctrl, command), (mods.alt, "Alt+"), (mods.shift, "Shift+")] {
        if on {
            label.push_str(name);
        }
    }
    label.push_str(match key {
        Key::ArrowLeft => "Left arrow",
        Key::ArrowRight => "Right arrow",
        Key::ArrowUp => "Up arrow",
        Key::ArrowDown => "Down arrow",
        Key::Minus => "-",
        other => other.symbol_or_name(),
    });
    label
}

fn row(binding: &KeyBinding) -> ShortcutRow {
    ShortcutRow { keys: key_label(binding.mods, binding.key), what: binding.what.to_owned() }
}

/// Every shortcut, grouped; `taxonomy` adds the open case's event-type hotkeys.
pub fn shortcut_sheet(taxonomy: Option<&Taxonomy>) -> Vec<ShortcutGroup> {
    let player_keys = key_table();
    let (player, window): (Vec<&KeyBinding>, Vec<&KeyBinding>) =
        player_keys.iter().partition(|b| matches!(b.cmd, UiCommand::Player(_)));
    let mut playing: Vec<ShortcutRow> = player.into_iter().map(row).collect();
    playing.extend(HELD_K_STEPS.iter().map(|(key, _, what)| ShortcutRow {
        keys: format!("K+{}", key_label(Modifiers::NONE, *key)),
        what: (*what).to_owned(),
    }));
    let mut coding: Vec<ShortcutRow> = vec![row(&save_binding())];
    coding.extend(desk_key_table().iter().map(row));
    coding.extend(
        MOVE_KEYS
            .iter()
            .map(|(key, _, what)| ShortcutRow { keys: key_label(Modifiers::NONE, *key), what: (*what).to_owned() }),
    );
    let mut groups = vec![
        ShortcutGroup { title: "Playing and moving", rows: playing },
        ShortcutGroup { title: "Windows and views", rows: window.into_iter().map(row).collect() },
        ShortcutGroup { title: "Coding", rows: coding },
    ];
    if let Some(taxonomy) = taxonomy {
        let rows = taxonomy
            .types
            .iter()
            .filter_map(|ty| {
                let key = hotkey_key(&ty.hotkey)?;
                let how = match ty.kind {
                    EventKind::Interval => " (interval: press again to end it, or code the In-Out range)",
                    EventKind::Point => "",
                };
                Some(ShortcutRow { keys: key_label(Modifiers::NONE, key), what: format!("code {}{how}", ty.name) })
            })
            .collect();
        groups.push(ShortcutGroup { title: "Event types of this case", rows });
    }
    groups.push(ShortcutGroup {
        title: "Cameras (a case with several)",
        rows: camera_key_table(0).iter().map(row).collect(),
    });
    let mut dialogs: Vec<ShortcutRow> = STANCE_KEYS
        .iter()
        .map(|(key, stance)| ShortcutRow {
            keys: key_label(Modifiers::COMMAND, *key),
            what: format!("after coding: link the chosen claim as {stance}"),
        })
        .collect();
    dialogs.extend([
        ShortcutRow {
            keys: key_label(Modifiers::NONE, Key::Enter),
            what: "Go to: jump; Who is coding: confirm; events table: go to the selected event".into(),
        },
        ShortcutRow {
            keys: key_label(Modifiers::NONE, Key::Escape),
            what: "close Go to, this sheet, or a text field".into(),
        },
    ]);
    groups.push(ShortcutGroup { title: "Dialogs", rows: dialogs });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(sheet: &[ShortcutGroup], keys: &str, what: &str) -> bool {
        sheet.iter().flat_map(|g| &g.rows).any(|r| r.keys == keys && r.what.contains(what))
    }

    #[test]
    fn every_key_the_handlers_react_to_is_on_the_sheet() {
        let taxonomy = Taxonomy::default_vehicle_bodycam();
        let sheet = shortcut_sheet(Some(&taxonomy));
        let tables = [key_table().to_vec(), desk_key_table().to_vec(), vec![save_binding()], camera_key_table(3)];
        for binding in tables.iter().flatten() {
            let keys = key_label(binding.mods, binding.key);
            assert!(listed(&sheet, &keys, binding.what), "{keys} ({}) is not on the sheet", binding.what);
        }
        for (key, _, what) in HELD_K_STEPS {
            assert!(listed(&sheet, &format!("K+{}", key_label(Modifiers::NONE, key)), what));
        }
        for ty in &taxonomy.types {
            let Some(key) = hotkey_key(&ty.hotkey) else { panic!("{} has no key", ty.id) };
            assert!(listed(&sheet, &key_label(Modifiers::NONE, key), &ty.name), "{} is not on the sheet", ty.id);
        }
        for (key, stance) in STANCE_KEYS {
            assert!(listed(&sheet, &key_label(Modifiers::COMMAND, key), &stance.to_string()));
        }
        for (key, _, what) in MOVE_KEYS {
            assert!(listed(&sheet, &key_label(Modifiers::NONE, key), what));
        }
    }

    #[test]
    fn labels_are_plain_words() {
        assert_eq!(key_label(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft), "Alt+Shift+Left arrow");
        assert_eq!(key_label(Modifiers::NONE, Key::Questionmark), "?");
        assert_eq!(key_label(Modifiers::NONE, Key::Num7), "7");
        assert!(key_label(Modifiers::COMMAND | Modifiers::SHIFT, Key::A).ends_with("+Shift+A"));
        for group in shortcut_sheet(Some(&Taxonomy::default_vehicle_bodycam())) {
            for row in group.rows {
                assert!(row.keys.is_ascii(), "{} has a glyph the UI font may lack", row.keys);
            }
        }
    }
}
