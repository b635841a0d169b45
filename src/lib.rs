//! ClaimFrame: frame-exact review of video evidence against published claims.
//!
//! The library holds everything; `main.rs` only parses the command line and dispatches.
//! Arrows run one way:
//! - `cli` → everything; nothing but `cli` (which starts the window) imports `ui`;
//! - `ui` → `desk`, `player`, `case`, `exchange`, `export` (its row order), `sample` (the bundled case, benchmarks);
//! - `exchange` (file jobs shared by the command line and the window) → `export`/`import`, `desk` (the one
//!   frame → `FramePoint` rule), `player` (the timeline), `case`, `media`, `sync`;
//! - `desk` → `case`, `player` (its timeline); `player` → `media`;
//! - `export`/`import` → `case` and `formats` (the names and document shapes both sides of a format share);
//!   `formats` → `case`;
//! - `sample` → `case`, `media` (its encoder); `case` → nothing that decodes (its own unit tests borrow
//!   `sample::synthetic_case`);
//! - [`sync`] (audio sync of two recordings) is pure: samples in, numbers out; it imports nothing of the crate;
//! - [`picture`] is a leaf any of them may use: the plain RGBA image passed from `media` to the exports and the window.
//!
//! FFmpeg is touched only under [`media`], egui only under [`ui`], clap only under [`cli`]: [`player`] and [`desk`]
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
pub mod sync;
pub mod ui;
