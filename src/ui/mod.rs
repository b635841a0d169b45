//! The reviewer's window (egui only): reads the player's and the desk's state, draws the video, the transport, the
//! timeline, the events table, the inspector and the claims board, and returns commands (for the player, the desk or
//! the window) that are applied once per frame. Nothing outside `ui` imports it except the command line, which
//! starts the window.
//!
//! Rooms: [`app`] (the eframe app, the open file, keys, layout, applying commands), [`panels`] (events table, filter,
//! inspector, claims board, timeline), [`windows`] (go-to, export, prompt, taxonomy, recovery), [`player`] (picture,
//! transport, waveform, readout, status), [`style`] (one palette for stances and event types) and [`platform`]
//! (renderer choice, X11 focus).

pub mod app;
pub mod bench;
pub mod panels;
pub mod platform;
pub mod player;
pub mod style;
pub mod windows;

pub use app::ClaimFrameApp;
pub use platform::renderer::{run_window, RendererChoice};
