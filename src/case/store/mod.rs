//! Keeping a case on disk: the RON case file (atomic save, backups and the newest one that loads, fingerprints,
//! plain words for a file that does not parse), the two-core path for large
//! files, schema migration, the edit journal and crash recovery, the one-writer lock, and the open case's session
//! that ties them together.

pub mod backups;
pub mod case_file;
pub mod chunks;
pub mod event_text;
pub mod fsutil;
pub mod journal;
pub mod keys;
pub mod lock;
pub mod migrate;
pub mod parallel;
pub mod parse_words;
pub mod progress;
pub mod recovery;
pub mod ron_lists;
pub mod save_job;
pub mod session;
