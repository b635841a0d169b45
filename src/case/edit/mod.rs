//! Changing a case: the `Edit` vocabulary and how each applies and inverts, the undo/redo history that records
//! every applied edit in the audit log, the rules an event must satisfy, and one-key coding.

pub mod coding;
pub mod edits;
pub mod history;
pub mod rules;
