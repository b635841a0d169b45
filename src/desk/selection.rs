//! Which events are selected (table multi-select, timeline click), which one the inspector shows, and the claim
//! picked on the claims board. Kept to what still exists after every change.

use std::collections::BTreeSet;

use crate::case::{Case, ClaimId, EventId};

/// The selected events (table multi-select, timeline click) and the one the inspector shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub events: BTreeSet<EventId>,
    /// The event the inspector edits: the last one clicked.
    pub primary: Option<EventId>,
    /// The claim picked on the claims board (its events are listed there).
    pub claim: Option<ClaimId>,
}

impl Selection {
    pub fn is_selected(&self, id: &EventId) -> bool {
        self.events.contains(id)
    }

    /// Replaces the selection by `ids`; the primary is `primary` or the last of `ids`.
    pub fn set(&mut self, ids: Vec<EventId>, primary: Option<EventId>) {
        self.primary = primary.or_else(|| ids.last().cloned());
        self.events = ids.into_iter().collect();
        if let Some(p) = &self.primary {
            self.events.insert(p.clone());
        }
    }

    /// Adds or removes one event (Ctrl+click).
    pub fn toggle(&mut self, id: EventId) {
        if self.events.remove(&id) {
            if self.primary.as_ref() == Some(&id) {
                self.primary = self.events.iter().next_back().cloned();
            }
        } else {
            self.events.insert(id.clone());
            self.primary = Some(id);
        }
    }

    /// Drops ids that no longer exist in `case` (after an undo or a delete).
    pub fn retain_existing(&mut self, case: &Case) {
        self.events.retain(|id| case.events.contains_key(id));
        if self.primary.as_ref().is_some_and(|p| !case.events.contains_key(p)) {
            self.primary = None;
        }
        if self.claim.as_ref().is_some_and(|c| !case.claims.contains_key(c)) {
            self.claim = None;
        }
    }
}
