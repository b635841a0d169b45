//! Tier, type and vocabulary names the ELAN export writes and the ELAN import recognises.

/// Linguistic type of event tiers (controlled by the event-type vocabulary).
pub const LT_EVENT: &str = "claimframe-event";
/// Linguistic type of note child tiers.
pub const LT_NOTE: &str = "claimframe-note";
/// Linguistic type of reviewer child tiers.
pub const LT_REVIEWER: &str = "claimframe-reviewer";
/// Linguistic type of claim tiers.
pub const LT_CLAIM: &str = "claimframe-claim";
/// Prefix of modifier linguistic types and vocabularies (followed by the modifier id).
pub const LT_MODIFIER_PREFIX: &str = "claimframe-mod-";
/// Vocabulary of event types.
pub const CV_EVENT_TYPES: &str = "claimframe-event-types";
/// Tier id prefix of claim tiers (followed by the claim id).
pub const CLAIM_TIER_PREFIX: &str = "claim ";
