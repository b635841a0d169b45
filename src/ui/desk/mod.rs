//! The coding desk: an open case beside the player. Holds the case session (edits, undo, journal, save), the
//! selection, the coding state (open intervals, in/out marks) and what the panels read each frame (`DeskView`).
//! Panels never change the case themselves: they return `UiCommand`s (`Edit`, `SelectEvents`, …) that the app applies.

pub mod view;

pub use view::{frame_point, DeskView, OpenInterval, Selection};
