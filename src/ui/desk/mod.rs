//! The coding desk's egui side: its keys, the prompt after a new event, the taxonomy editor, the recovery prompt and
//! the state those windows and the panels keep between frames. The desk itself lives in [`crate::desk`]; these only
//! draw it and return [`DeskCommand`](crate::desk::DeskCommand)s (inside `UiCommand`s) that the app applies.

pub mod keys;
pub mod prompt_ui;
pub mod recovery_ui;
pub mod taxonomy_ui;
pub mod windows;

pub use windows::DeskWindows;
