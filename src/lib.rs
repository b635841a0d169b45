//! ClaimFrame: frame-exact review of video evidence against published claims.
//!
//! The library holds everything; `main.rs` only parses the command line and dispatches.
//! Arrows run one way: `cli` → everything; `ui` → `desk`, `player`, `case`, `exchange`; `desk` → `case`, `player`
//! (its timeline); `player` → `media`; `exchange` (the file jobs shared by the command line and the window) →
//! `export`/`import`, `case`, `media`; `export`/`import` → `case` and `formats` (the names and document shapes both
//! sides of a format share); `formats` → `case`; `case` → nothing that decodes. [`picture`] is a leaf any of them
//! may use: the plain RGBA image passed from `media` to the exports and the window. Nothing but `cli` (which starts
//! the window) imports `ui`. FFmpeg is touched only under [`media`], egui only under [`ui`]: [`player`] and [`desk`]
//! take commands and run without a window.

pub mod case;
pub mod cli;
pub mod desk;
pub mod exchange;
pub mod export;
pub mod formats;
pub mod import;
pub mod media;
pub mod picture;
pub mod player;
pub mod sample;
pub mod ui;
