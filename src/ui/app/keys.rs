//! The keyboard, as reviewers know it from professional players: Space, J/K/L (K held with L or J: one frame),
//! arrows (Shift for ten frames; every press counts, a held arrow repeats), Home/End, Ctrl+G, Ctrl+E to export, M
//! for mute, Ctrl+0 to fit the picture, Ctrl+R to turn it for viewing, Ctrl+Shift+F to give it most of the window,
//! Ctrl+B for blind mode, Ctrl+Shift+A for the Agreement view, Ctrl+T for the Timing view, F1 or ? for the shortcut
//! sheet; with several cameras, Alt+1…8 and the Alt+arrow nudges. Each table here says what its keys do, and the
//! shortcut sheet prints those tables. Keys are consumed here and turned into commands; nothing is applied mid-frame.

use egui::{Key, Modifiers};

use crate::player::multicam::{MultiCamCommand, Nudge};
use crate::player::PlayerCommand;
use crate::ui::app::commands::{UiCommand, WindowCommand};

/// Frames Shift+arrow moves.
pub const BIG_STEP_FRAMES: i64 = 10;

/// One shortcut: the key with its modifiers, the command it sends, and what it does in words (the shortcut sheet
/// prints these words: the sheet and the handling come from the same tables).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyBinding {
    pub mods: Modifiers,
    pub key: Key,
    pub cmd: UiCommand,
    pub what: &'static str,
}

fn bind(mods: Modifiers, key: Key, cmd: UiCommand, what: &'static str) -> KeyBinding {
    KeyBinding { mods, key, cmd, what }
}

/// Premiere's trim keys: with K held (which stopped the shuttle), these step by a frame instead of shuttling.
pub const HELD_K_STEPS: [(Key, i64, &str); 2] =
    [(Key::L, 1, "one frame forward (with K held)"), (Key::J, -1, "one frame back (with K held)")];

/// Reads this frame's key presses. Does nothing while a text field has the keyboard.
pub fn keys_ui(ctx: &egui::Context) -> Vec<UiCommand> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        let k_held = input.key_down(Key::K);
        for KeyBinding { mods, key, cmd, .. } in key_table() {
            let held_step = HELD_K_STEPS.iter().find(|(k, _, _)| *k == key && k_held && mods.is_none());
            let cmd = held_step.map_or(cmd, |(_, by, _)| UiCommand::Player(PlayerCommand::Step(*by)));
            let (presses, repeats) = consume_presses(input, mods, key);
            out.extend(std::iter::repeat_n(cmd.clone(), presses));
            // A held step key repeats as steps the player may drop behind a slow decode; other keys do not repeat.
            if let UiCommand::Player(PlayerCommand::Step(by)) = cmd {
                out.extend(std::iter::repeat_n(UiCommand::Player(PlayerCommand::RepeatStep(by)), repeats));
            }
        }
    });
    out
}

/// Takes every press of `key` with `mods` from this frame's events (several can arrive between two frames, and each
/// counts) and returns how many were first presses and how many key repeats.
fn consume_presses(input: &mut egui::InputState, mods: Modifiers, key: Key) -> (usize, usize) {
    let (mut presses, mut repeats) = (0, 0);
    input.events.retain(|event| match event {
        egui::Event::Key { key: k, modifiers, pressed: true, repeat, .. }
            if *k == key && modifiers.matches_logically(mods) =>
        {
            if *repeat {
                repeats += 1;
            } else {
                presses += 1;
            }
            false
        }
        _ => true,
    });
    (presses, repeats)
}

/// The camera grid's keys: Alt+1…8 focuses a camera; Alt+← / Alt+→ nudge the focused camera's clock by one of its
/// frames, Alt+Shift+← / → by one millisecond. Digits alone stay free for event-type hotkeys.
pub fn camera_keys_ui(ctx: &egui::Context, focused: usize) -> Vec<UiCommand> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        for KeyBinding { mods, key, cmd, .. } in camera_key_table(focused) {
            let (presses, repeats) = consume_presses(input, mods, key);
            // A held nudge key keeps nudging; focusing a camera once is enough.
            let times = if matches!(cmd, UiCommand::Cameras(MultiCamCommand::Nudge { .. })) {
                presses + repeats
            } else {
                presses
            };
            out.extend(std::iter::repeat_n(cmd, times));
        }
    });
    out
}

/// The camera grid's shortcuts (nudges act on camera `focused`), most specific first.
pub fn camera_key_table(focused: usize) -> Vec<KeyBinding> {
    const DIGITS: [(Key, &str); 8] = [
        (Key::Num1, "focus camera 1"),
        (Key::Num2, "focus camera 2"),
        (Key::Num3, "focus camera 3"),
        (Key::Num4, "focus camera 4"),
        (Key::Num5, "focus camera 5"),
        (Key::Num6, "focus camera 6"),
        (Key::Num7, "focus camera 7"),
        (Key::Num8, "focus camera 8"),
    ];
    let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
    let nudge = |by| UiCommand::Cameras(MultiCamCommand::Nudge { camera: focused, by });
    let mut table: Vec<KeyBinding> = DIGITS
        .iter()
        .enumerate()
        .map(|(index, (key, what))| bind(Modifiers::ALT, *key, UiCommand::Cameras(MultiCamCommand::Focus(index)), what))
        .collect();
    table.extend([
        bind(alt_shift, Key::ArrowLeft, nudge(Nudge::Millis(-1)), "nudge the focused camera's clock 1 ms earlier"),
        bind(alt_shift, Key::ArrowRight, nudge(Nudge::Millis(1)), "nudge the focused camera's clock 1 ms later"),
        bind(
            Modifiers::ALT,
            Key::ArrowLeft,
            nudge(Nudge::Frames(-1)),
            "nudge the focused camera one of its frames earlier",
        ),
        bind(
            Modifiers::ALT,
            Key::ArrowRight,
            nudge(Nudge::Frames(1)),
            "nudge the focused camera one of its frames later",
        ),
    ]);
    table
}

/// The player's and the window's shortcuts, most specific first (Shift before plain: egui ignores extra Shift when
/// matching).
pub fn key_table() -> [KeyBinding; 22] {
    let (window, player) = (UiCommand::Window, UiCommand::Player);
    let (cmd, shift, none) = (Modifiers::COMMAND, Modifiers::SHIFT, Modifiers::NONE);
    [
        bind(cmd | shift, Key::A, window(WindowCommand::ShowAgreement), "Agreement view (reviewers, adjudication)"),
        bind(
            cmd | shift,
            Key::F,
            window(WindowCommand::ToggleFocusPicture),
            "focus the picture (panels hide; again: back)",
        ),
        bind(cmd, Key::B, window(WindowCommand::ToggleBlind), "blind mode on or off"),
        bind(cmd, Key::G, window(WindowCommand::ShowGoTo), "go to a frame or time"),
        bind(cmd, Key::O, window(WindowCommand::OpenDialog), "open a video or a case"),
        bind(cmd, Key::E, window(WindowCommand::ShowExport), "export the case (timelines, reports, stills)"),
        bind(cmd, Key::T, window(WindowCommand::ShowTiming), "Timing view (frame intervals, gaps, duplicates)"),
        bind(shift, Key::ArrowLeft, player(PlayerCommand::Step(-BIG_STEP_FRAMES)), "ten frames back"),
        bind(shift, Key::ArrowRight, player(PlayerCommand::Step(BIG_STEP_FRAMES)), "ten frames forward"),
        bind(none, Key::ArrowLeft, player(PlayerCommand::Step(-1)), "one frame back (held: repeats)"),
        bind(none, Key::ArrowRight, player(PlayerCommand::Step(1)), "one frame forward (held: repeats)"),
        bind(none, Key::Space, player(PlayerCommand::TogglePlay), "play or pause"),
        bind(none, Key::J, player(PlayerCommand::ShuttleReverse), "shuttle backwards (again: faster)"),
        bind(none, Key::K, player(PlayerCommand::ShuttleStop), "stop the shuttle"),
        bind(none, Key::L, player(PlayerCommand::ShuttleForward), "shuttle forwards (again: faster)"),
        bind(none, Key::Home, player(PlayerCommand::GoToStart), "first frame"),
        bind(none, Key::End, player(PlayerCommand::GoToEnd), "last frame"),
        bind(none, Key::M, window(WindowCommand::ToggleMute), "mute or unmute"),
        bind(cmd, Key::Num0, window(WindowCommand::ZoomFit), "fit the picture to the window"),
        bind(cmd, Key::R, window(WindowCommand::TurnView), "turn the view 90 degrees (viewing only)"),
        bind(none, Key::F1, window(WindowCommand::ToggleShortcuts), "this sheet of shortcuts"),
        bind(none, Key::Questionmark, window(WindowCommand::ToggleShortcuts), "this sheet of shortcuts"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::RESERVED_PLAYER_KEYS;
    use crate::ui::app::desk_keys::hotkey_key;

    #[test]
    fn every_plain_player_key_is_reserved_from_hotkeys() {
        let reserved: Vec<Key> = RESERVED_PLAYER_KEYS.iter().filter_map(|k| hotkey_key(k)).collect();
        for KeyBinding { mods, key, cmd, .. } in key_table() {
            if !mods.command && !mods.alt {
                assert!(reserved.contains(&key), "{key:?} ({cmd:?}) is not in RESERVED_PLAYER_KEYS");
            }
        }
    }
}
