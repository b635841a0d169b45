//! How much an import file may hold: its size, its XML nesting and its number of events. Within these a hostile
//! file costs bounded time and memory; beyond them the import stops with the limit named, before anything is added.

use super::error::{malformed, ImportError};

/// Largest import file read, in bytes.
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// Deepest XML element nesting read (ELAN needs five levels).
pub const MAX_XML_DEPTH: usize = 64;

/// Most events one import adds.
pub const MAX_IMPORT_EVENTS: usize = 2_000_000;

/// Refuses a file of `len_bytes` beyond [`MAX_IMPORT_BYTES`].
pub fn check_size(len_bytes: u64) -> Result<(), ImportError> {
    if len_bytes > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(format!(
            "the file is {len_bytes} bytes; ClaimFrame imports files of at most {MAX_IMPORT_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Refuses a file of `format` with more than [`MAX_IMPORT_EVENTS`] events.
pub fn check_event_count(format: &'static str, events: usize) -> Result<(), ImportError> {
    if events > MAX_IMPORT_EVENTS {
        return Err(malformed(
            format,
            format!("the file holds {events} events; one import adds at most {MAX_IMPORT_EVENTS}; split the file"),
        ));
    }
    Ok(())
}
