//! The coding desk: an open case beside the player. Holds the case session (edits, undo, journal, save), the
//! selection, the coding state (open intervals, in/out marks) and what the panels read each frame (`DeskView`).
//! Panels never change the case themselves: they return `UiCommand`s (`Edit`, `SelectEvents`, …) that the app applies.

pub mod keys;
pub mod prompt_ui;
pub mod recovery_ui;
pub mod state;
pub mod taxonomy_ui;
pub mod view;
pub mod windows;

pub use state::{Desk, Notice};
pub use view::{frame_point, ChangeLog, DeskView, EventDelta, OpenInterval, Selection};
pub use windows::DeskWindows;
