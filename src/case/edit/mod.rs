//! Changing a case: the `Edit` vocabulary and how each applies and inverts, the undo/redo history that records
//! every applied edit in the audit log, the rules an event (and a measurement) must satisfy, one-key coding, the reviewer stamped on new
//! links, replaying a log into content, the adjudication edits, and removing a claim with its links.

pub mod adjudicate;
pub mod coding;
pub mod edits;
pub mod history;
pub mod measure_rules;
pub mod remove_claim;
pub mod replay;
pub mod rules;
pub mod stamp;
