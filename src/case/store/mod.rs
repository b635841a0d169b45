//! Keeping a case on disk: the RON case file (atomic save, backups, fingerprints), the two-core path for large
//! files, schema migration, the edit journal and crash recovery, the one-writer lock, and the open case's session
//! that ties them together.

pub mod case_file;
pub mod chunks;
pub mod fsutil;
pub mod journal;
pub mod keys;
pub mod lock;
pub mod migrate;
pub mod parallel;
pub mod progress;
pub mod recovery;
pub mod ron_lists;
pub mod session;
