//! The keyboard, as reviewers know it from professional players: Space, J/K/L (K held with L or J: one frame),
//! arrows (Shift for ten frames; every press counts, a held arrow repeats), Home/End, Ctrl+G, Ctrl+E to export, M
//! for mute, Ctrl+0 to fit the picture, Ctrl+R to turn it for viewing, Ctrl+Shift+F to give it most of the window,
//! Ctrl+B for blind mode, Ctrl+Shift+A for the Agreement view, Ctrl+T for the Timing view; with several cameras,
//! Alt+1…8 and the Alt+arrow nudges. Keys are consumed here and turned into commands; nothing is applied mid-frame.

use egui::{Key, Modifiers};

use crate::player::multicam::{MultiCamCommand, Nudge};
use crate::player::PlayerCommand;
use crate::ui::app::commands::{UiCommand, WindowCommand};

/// Frames Shift+arrow moves.
pub const BIG_STEP_FRAMES: i64 = 10;

/// Reads this frame's key presses. Does nothing while a text field has the keyboard.
pub fn keys_ui(ctx: &egui::Context) -> Vec<UiCommand> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        // Premiere's trim keys: with K held (which stopped the shuttle), L steps one frame forward and J one back.
        let k_held = input.key_down(Key::K);
        for (mods, key, cmd) in key_table() {
            let cmd = match key {
                Key::L if k_held && mods.is_none() => UiCommand::Player(PlayerCommand::Step(1)),
                Key::J if k_held && mods.is_none() => UiCommand::Player(PlayerCommand::Step(-1)),
                _ => cmd,
            };
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
    const DIGITS: [Key; 8] = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8];
    let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
    let nudges = [
        (alt_shift, Key::ArrowLeft, Nudge::Millis(-1)),
        (alt_shift, Key::ArrowRight, Nudge::Millis(1)),
        (Modifiers::ALT, Key::ArrowLeft, Nudge::Frames(-1)),
        (Modifiers::ALT, Key::ArrowRight, Nudge::Frames(1)),
    ];
    let mut out = Vec::new();
    ctx.input_mut(|input| {
        for (index, key) in DIGITS.iter().enumerate() {
            while input.consume_key(Modifiers::ALT, *key) {
                out.push(UiCommand::Cameras(MultiCamCommand::Focus(index)));
            }
        }
        for (mods, key, by) in nudges {
            let (presses, repeats) = consume_presses(input, mods, key);
            let nudge = UiCommand::Cameras(MultiCamCommand::Nudge { camera: focused, by });
            out.extend(std::iter::repeat_n(nudge, presses + repeats));
        }
    });
    out
}

/// The player's shortcuts, most specific first (Shift before plain: egui ignores extra Shift when matching).
fn key_table() -> [(Modifiers, Key, UiCommand); 20] {
    [
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::A, UiCommand::Window(WindowCommand::ShowAgreement)),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::F, UiCommand::Window(WindowCommand::ToggleFocusPicture)),
        (Modifiers::COMMAND, Key::B, UiCommand::Window(WindowCommand::ToggleBlind)),
        (Modifiers::COMMAND, Key::G, UiCommand::Window(WindowCommand::ShowGoTo)),
        (Modifiers::COMMAND, Key::O, UiCommand::Window(WindowCommand::OpenDialog)),
        (Modifiers::COMMAND, Key::E, UiCommand::Window(WindowCommand::ShowExport)),
        (Modifiers::COMMAND, Key::T, UiCommand::Window(WindowCommand::ShowTiming)),
        (Modifiers::SHIFT, Key::ArrowLeft, UiCommand::Player(PlayerCommand::Step(-BIG_STEP_FRAMES))),
        (Modifiers::SHIFT, Key::ArrowRight, UiCommand::Player(PlayerCommand::Step(BIG_STEP_FRAMES))),
        (Modifiers::NONE, Key::ArrowLeft, UiCommand::Player(PlayerCommand::Step(-1))),
        (Modifiers::NONE, Key::ArrowRight, UiCommand::Player(PlayerCommand::Step(1))),
        (Modifiers::NONE, Key::Space, UiCommand::Player(PlayerCommand::TogglePlay)),
        (Modifiers::NONE, Key::J, UiCommand::Player(PlayerCommand::ShuttleReverse)),
        (Modifiers::NONE, Key::K, UiCommand::Player(PlayerCommand::ShuttleStop)),
        (Modifiers::NONE, Key::L, UiCommand::Player(PlayerCommand::ShuttleForward)),
        (Modifiers::NONE, Key::Home, UiCommand::Player(PlayerCommand::GoToStart)),
        (Modifiers::NONE, Key::End, UiCommand::Player(PlayerCommand::GoToEnd)),
        (Modifiers::NONE, Key::M, UiCommand::Window(WindowCommand::ToggleMute)),
        (Modifiers::COMMAND, Key::Num0, UiCommand::Window(WindowCommand::ZoomFit)),
        (Modifiers::COMMAND, Key::R, UiCommand::Window(WindowCommand::TurnView)),
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
        for (mods, key, cmd) in key_table() {
            if !mods.command && !mods.alt {
                assert!(reserved.contains(&key), "{key:?} ({cmd:?}) is not in RESERVED_PLAYER_KEYS");
            }
        }
    }
}
