//! What the window may show of a case's coding: everything, or — in blind mode — only what one reviewer did
//! themself, so that reviewers coding the same footage neither see nor lean on each other's events, links and
//! tallies. This is the one home of that rule: the events table, the timeline lanes, the claims board and the
//! inspector all ask it (for measurements too), and nothing else decides what blind mode hides.

use crate::case::model::event::{ClaimLink, Event};
use crate::case::model::measurement::Measurement;

/// Everything, or only one reviewer's own coding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visibility {
    /// In blind mode, the reviewer whose coding is shown.
    blind_for: Option<String>,
}

impl Visibility {
    /// Shows every reviewer's coding.
    pub const fn all() -> Self {
        Self { blind_for: None }
    }

    /// Blind mode: shows only what `reviewer` coded and linked.
    pub fn blind_for(reviewer: &str) -> Self {
        Self { blind_for: Some(reviewer.trim().to_owned()) }
    }

    /// The reviewer blind mode is on for, or `None` when everything is shown.
    pub fn blind_reviewer(&self) -> Option<&str> {
        self.blind_for.as_deref()
    }

    /// Whether `event` is shown: always, or in blind mode when the reviewer coded it (adjudicated events are the
    /// adjudicator's; events with no reviewer are nobody's, so hidden too).
    pub fn shows_event(&self, event: &Event) -> bool {
        self.blind_for.as_deref().is_none_or(|me| event.reviewer == me)
    }

    /// Whether `measurement` is shown: always, or in blind mode when the reviewer made it.
    pub fn shows_measurement(&self, measurement: &Measurement) -> bool {
        self.blind_for.as_deref().is_none_or(|me| measurement.reviewer == me)
    }

    /// Whether `link` on `event` is shown: on a shown event, unless another reviewer made it.
    pub fn shows_link(&self, event: &Event, link: &ClaimLink) -> bool {
        self.shows_event(event) && self.blind_for.as_deref().is_none_or(|me| link.reviewer_of(event) == me)
    }

    /// The links of `event` that are shown (none when the event is not).
    pub fn links<'e>(&'e self, event: &'e Event) -> impl Iterator<Item = &'e ClaimLink> + 'e {
        event.links.iter().filter(move |l| self.shows_link(event, l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{ClaimId, Stance};

    fn event_by(reviewer: &str, links: &[(&str, &str)]) -> Event {
        let mut e = Event { reviewer: reviewer.to_owned(), ..Event::default() };
        for (claim, by) in links {
            e.links.push(ClaimLink {
                claim_id: ClaimId::new(*claim),
                stance: Stance::Supports,
                rationale: String::new(),
                reviewer: (*by).to_owned(),
            });
        }
        e
    }

    #[test]
    fn blind_mode_shows_only_the_reviewers_own_events_and_links() {
        let mine = event_by("ana", &[("c1", ""), ("c2", "ben"), ("c3", "ana")]);
        let theirs = event_by("ben", &[("c1", "ben")]);
        let nobodys = event_by("", &[]);
        let blind = Visibility::blind_for(" ana ");
        assert_eq!(blind.blind_reviewer(), Some("ana"));
        assert!(blind.shows_event(&mine));
        assert!(!blind.shows_event(&theirs));
        assert!(!blind.shows_event(&nobodys));
        let shown: Vec<&str> = blind.links(&mine).map(|l| l.claim_id.as_str()).collect();
        assert_eq!(shown, ["c1", "c3"], "an unnamed link is the event's reviewer's; ben's link is hidden");
        assert_eq!(blind.links(&theirs).count(), 0);

        let all = Visibility::all();
        assert!([&mine, &theirs, &nobodys].iter().all(|e| all.shows_event(e)));
        assert_eq!(all.links(&mine).count(), 3);
    }

    #[test]
    fn blind_mode_shows_only_the_reviewers_own_measurements() {
        let by = |reviewer: &str| Measurement { reviewer: reviewer.to_owned(), ..Measurement::default() };
        let blind = Visibility::blind_for("ana");
        assert!(blind.shows_measurement(&by("ana")));
        assert!(!blind.shows_measurement(&by("ben")));
        assert!(Visibility::all().shows_measurement(&by("ben")));
    }
}
