//! Coded events: an exact frame (index + PTS ticks + time base) or a frame span on one media file,
//! typed by the taxonomy, with modifier values, a note, timestamps, and links to claims. Every event and every link
//! names its reviewer; an adjudicated event also carries the record of which reviewers' events it supersedes.

use crate::case::model::adjudication::Adjudication;
use crate::case::model::ids::{ClaimId, EventId, EventTypeId, MediaId};
use crate::case::model::media_check::MediaAtCoding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One exact frame: its index in decode order of presentation and its presentation timestamp.
/// Seconds are derived from `pts_ticks × num / den`, never from frame × fps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FramePoint {
    pub frame: u64,
    pub pts_ticks: i64,
    pub time_base_num: i32,
    pub time_base_den: i32,
}

impl FramePoint {
    /// Media time in seconds, or `None` when the time base is unusable (denominator 0).
    pub fn media_secs(&self) -> Option<f64> {
        if self.time_base_den == 0 {
            return None;
        }
        // i128 keeps pts × num exact before the single division.
        let numerator = i128::from(self.pts_ticks) * i128::from(self.time_base_num);
        Some(numerator as f64 / f64::from(self.time_base_den))
    }

    /// Media time as `HH:MM:SS.mmm`, rounded by the one rule ([`crate::case::format_ticks_hms`]).
    pub fn media_hms(&self) -> Option<String> {
        crate::case::model::time::format_ticks_hms(self.pts_ticks, self.time_base_num, self.time_base_den)
    }
}

/// How an event bears on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Stance {
    Supports,
    Contradicts,
    #[default]
    Context,
}

impl std::fmt::Display for Stance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Supports => "supports",
            Self::Contradicts => "contradicts",
            Self::Context => "context",
        })
    }
}

/// A link from an event to a claim. An event links to a claim at most once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ClaimLink {
    pub claim_id: ClaimId,
    pub stance: Stance,
    pub rationale: String,
    /// Who made the link. A new link given without one is stamped with the editing reviewer when the edit is applied
    /// (`case::edit::stamp`). Left out of the file (and of the canonical content) when empty, so links from before
    /// links carried a reviewer verify unchanged; [`ClaimLink::reviewer_of`] attributes those to the event's reviewer.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reviewer: String,
}

impl ClaimLink {
    /// Who made this link on `event`: its own reviewer, or, for a link from before links named one, the event's.
    pub fn reviewer_of<'a>(&'a self, event: &'a Event) -> &'a str {
        if self.reviewer.is_empty() {
            &event.reviewer
        } else {
            &self.reviewer
        }
    }
}

/// One coded observation in the footage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Event {
    pub id: EventId,
    pub media_id: MediaId,
    pub start: FramePoint,
    /// Present for interval events, absent for point events.
    pub end: Option<FramePoint>,
    pub type_id: EventTypeId,
    /// Modifier id → chosen value (must be one of the modifier's allowed values).
    pub modifiers: BTreeMap<String, String>,
    pub note: String,
    pub reviewer: String,
    /// RFC 3339 UTC.
    pub created_utc: String,
    /// RFC 3339 UTC.
    pub modified_utc: String,
    /// Kept sorted by claim id so the file and undo are deterministic.
    pub links: Vec<ClaimLink>,
    /// Whether the media file had been verified against the case when this event was coded. Left out of the file
    /// (and of the canonical content) when not recorded, so cases from before it verify unchanged.
    #[serde(skip_serializing_if = "MediaAtCoding::is_not_recorded")]
    pub media_at_coding: MediaAtCoding,
    /// Present on an adjudicated event only: the reviewers' events it supersedes, how, why and by whom. Left out of
    /// the file when absent, so cases from before adjudication verify unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjudication: Option<Adjudication>,
}

impl Event {
    /// Inserts or replaces the link to `link.claim_id`, keeping links sorted; returns the replaced link.
    pub fn upsert_link(&mut self, link: ClaimLink) -> Option<ClaimLink> {
        match self.links.binary_search_by(|l| l.claim_id.cmp(&link.claim_id)) {
            Ok(i) => Some(std::mem::replace(&mut self.links[i], link)),
            Err(i) => {
                self.links.insert(i, link);
                None
            }
        }
    }

    /// Removes the link to `claim_id`, if any.
    pub fn remove_link(&mut self, claim_id: &ClaimId) -> Option<ClaimLink> {
        let i = self.links.iter().position(|l| &l.claim_id == claim_id)?;
        Some(self.links.remove(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_secs_from_pts() {
        let p = FramePoint { frame: 90, pts_ticks: 270_270, time_base_num: 1, time_base_den: 90_000 };
        assert_eq!(p.media_secs(), Some(3.003));
        let broken = FramePoint { time_base_den: 0, ..p };
        assert_eq!(broken.media_secs(), None);
    }
}
