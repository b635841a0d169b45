//! ClaimFrame: frame-exact review of video evidence against published claims.
//!
//! The library holds everything; `main.rs` only parses the command line and dispatches.
//! Arrows run one way: `cli` → everything, `export`/`import` → `case` (+ `media`), `case` → nothing that decodes.
//! FFmpeg is touched only under [`media`].

pub mod case;
pub mod cli;
pub mod media;
pub mod player;
pub mod sample;
pub mod ui;
