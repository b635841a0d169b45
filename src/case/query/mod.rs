//! Read-models for panels and exports: filtering and sorting events, timeline lanes (with their max tree), and
//! citations of an event by file hash, frame and time, as data and as text, and what every other camera shows at
//! the same wall-clock moment, a timecode track placed on the wall clock, the agreement between reviewers, the
//! adjudicated coding set, what blind mode shows, and everyone who signed the case.

pub mod adjudicated;
pub mod agreement;
pub mod citation;
pub mod citation_text;
pub mod clock_fit;
pub mod event_query;
pub mod lanes;
pub mod max_tree;
pub mod measure;
#[cfg(test)]
mod measure_tests;
pub mod measure_text;
pub mod same_moment;
pub mod signers;
pub mod timecode;
pub mod visibility;
