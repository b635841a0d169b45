//! Which events are selected (table multi-select, timeline click), which one the inspector shows, the measurement
//! picked on the timeline (the inspector shows it in place of an event), and the claim picked on the claims board.
//! Kept to what still exists after every change.

use std::collections::BTreeSet;

use crate::case::{Case, ClaimId, EventId, MeasurementId};

/// The selected events (table multi-select, timeline click) and the one the inspector shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub events: BTreeSet<EventId>,
    /// The event the inspector edits: the last one clicked.
    pub primary: Option<EventId>,
    /// The measurement the inspector shows; selecting one clears the events, selecting events clears it.
    pub measurement: Option<MeasurementId>,
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
        self.measurement = None;
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
        self.measurement = None;
    }

    /// Shows `id` in the inspector (`None`: no measurement); the event selection is let go either way.
    pub fn select_measurement(&mut self, id: Option<MeasurementId>) {
        self.events.clear();
        self.primary = None;
        self.measurement = id;
    }

    /// Drops ids that no longer exist in `case` (after an undo or a delete).
    pub fn retain_existing(&mut self, case: &Case) {
        self.events.retain(|id| case.events.contains_key(id));
        if self.primary.as_ref().is_some_and(|p| !case.events.contains_key(p)) {
            self.primary = None;
        }
        if self.measurement.as_ref().is_some_and(|m| !case.measurements.contains_key(m)) {
            self.measurement = None;
        }
        if self.claim.as_ref().is_some_and(|c| !case.claims.contains_key(c)) {
            self.claim = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measurement_and_events_are_never_selected_together() {
        let mut selection = Selection::default();
        selection.set(vec![EventId::new("e1"), EventId::new("e2")], None);
        selection.select_measurement(Some(MeasurementId::from("ms-1")));
        assert!(selection.events.is_empty() && selection.primary.is_none());
        selection.toggle(EventId::new("e3"));
        assert_eq!(selection.measurement, None);
        assert_eq!(selection.primary, Some(EventId::new("e3")));
        selection.select_measurement(Some(MeasurementId::from("ms-1")));
        let mut case = Case::default();
        selection.retain_existing(&case);
        assert_eq!(selection.measurement, None, "a measurement no longer in the case is let go");
        case.measurements.insert(
            MeasurementId::from("ms-2"),
            crate::case::Measurement { id: MeasurementId::from("ms-2"), ..Default::default() },
        );
        selection.select_measurement(Some(MeasurementId::from("ms-2")));
        selection.retain_existing(&case);
        assert_eq!(selection.measurement, Some(MeasurementId::from("ms-2")));
    }
}
