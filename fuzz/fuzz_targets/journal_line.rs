//! Fuzz target `journal_line`: see `fuzz/entry.rs` for what it does with its input.
#![no_main]

#[path = "../entry.rs"]
#[allow(dead_code)] // the target list is for tests/fuzz_regressions.rs
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    entry::run("journal_line", data);
});
