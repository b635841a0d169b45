//! The case's nouns: ids, media, claims, the taxonomy, coded events and their claim links, measurements between
//! marked frames, the audit log, time,
//! and the `Case` that holds them; adjudication records, a working copy's fork origin and what a merge entry keeps.
//! Plain data with serde; nothing here edits, stores or checks.

pub mod adjudication;
pub mod anchor;
pub mod audit;
pub mod case;
pub mod claim;
pub mod clock;
pub mod content;
pub mod edit;
pub mod event;
pub mod fork;
pub mod id_list;
pub mod ids;
pub mod limits;
pub mod measurement;
pub mod media;
pub mod media_check;
pub mod merge;
pub mod reviewer;
pub mod signature;
pub mod taxonomy;
pub mod time;
