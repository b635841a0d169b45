//! ClaimFrame: frame-exact review of video evidence against published claims.
//!
//! The library holds everything; `main.rs` only parses the command line and dispatches.
//! Arrows run one way: `cli` → everything; `ui` → `player`, `case`, `exchange`; `player` → `media`; `exchange` →
//! `export`/`import`, `case`, `media`; `export`/`import` → `case`; `case` → nothing that decodes. Nothing imports
//! `ui`. FFmpeg is touched only under [`media`].

pub mod case;
pub mod cli;
pub mod exchange;
pub mod export;
pub mod import;
pub mod media;
pub mod player;
pub mod sample;
pub mod ui;
