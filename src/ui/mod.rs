//! The reviewer's window (egui only): reads the player's and the desk's state, draws the video, the transport, the
//! timeline, the events table, the inspector and the claims board, and returns commands (for the player, the desk or
//! the window) that are applied once per frame. Nothing outside `ui` imports it except the command line, which
//! starts the window.

pub mod app;
pub mod bench;
pub mod claims_board;
pub mod coding;
pub mod commands;
pub mod desk;
pub mod desk_layout;
pub mod events_filter_ui;
pub mod events_table;
pub mod export_ui;
pub mod goto;
pub mod info_ui;
pub mod inspector;
pub mod keys;
pub mod layout;
pub mod open_target;
pub mod prefs;
pub mod renderer;
pub mod stance_style;
pub mod status_ui;
pub mod timeline;
pub mod transport_ui;
pub mod video_view;
pub mod waveform_ui;
pub mod window_commands;
pub mod x11_focus;

pub use app::ClaimFrameApp;
pub use renderer::{run_window, RendererChoice};
