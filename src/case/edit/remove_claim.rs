//! Removing a claim that events or measurements are linked to: one edit that takes its links off first (every event's
//! and every measurement's link to it) and then the claim, so the audit log records it as one entry and one Ctrl+Z
//! brings the claim back with every link as it was. What it would take away is said before it is done.

use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::model::ids::ClaimId;
use crate::case::CaseError;

/// What removing a claim takes with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRemoval {
    /// The one edit: the unlinks, the measurement updates, then the removal.
    pub edit: Edit,
    pub event_links: usize,
    pub measurement_links: usize,
}

impl ClaimRemoval {
    /// "its 3 event links and 1 measurement link", or "no links".
    pub fn links_text(&self) -> String {
        let plural = |n: usize, what: &str| format!("{n} {what} link{}", if n == 1 { "" } else { "s" });
        match (self.event_links, self.measurement_links) {
            (0, 0) => "no links".to_owned(),
            (e, 0) => format!("its {}", plural(e, "event")),
            (0, m) => format!("its {}", plural(m, "measurement")),
            (e, m) => format!("its {} and {}", plural(e, "event"), plural(m, "measurement")),
        }
    }
}

/// The edit that removes claim `id` with every link to it.
pub fn remove_claim_with_links(case: &Case, id: &ClaimId) -> Result<ClaimRemoval, CaseError> {
    if !case.claims.contains_key(id) {
        return Err(CaseError::NotFound { kind: "claim", id: id.to_string() });
    }
    let mut edits: Vec<Edit> = case
        .events
        .values()
        .filter(|e| e.links.iter().any(|l| &l.claim_id == id))
        .map(|e| Edit::Unlink { event_id: e.id.clone(), claim_id: id.clone() })
        .collect();
    let event_links = edits.len();
    let measured: Vec<Edit> = case
        .measurements
        .values()
        .filter(|m| m.links.iter().any(|l| &l.claim_id == id))
        .map(|m| {
            let mut unlinked = m.clone();
            unlinked.links.retain(|l| &l.claim_id != id);
            Edit::UpdateMeasurement(Box::new(unlinked))
        })
        .collect();
    let measurement_links = measured.len();
    edits.extend(measured);
    edits.push(Edit::RemoveClaim(id.clone()));
    Ok(ClaimRemoval { edit: Edit::Batch(edits), event_links, measurement_links })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{ClaimLink, Measurement, MeasurementId, Stance};

    #[test]
    fn one_edit_takes_the_links_and_the_claim_and_its_inverse_brings_them_back() {
        let mut case = Case::default();
        let claim = crate::case::Claim { id: ClaimId::from("c1"), quote: "q".into(), ..Default::default() };
        case.claims.insert(claim.id.clone(), claim.clone());
        let link = ClaimLink { claim_id: claim.id.clone(), stance: Stance::Contradicts, ..ClaimLink::default() };
        let mut event = crate::case::Event { id: "e1".into(), media_id: "m1".into(), ..Default::default() };
        event.links.push(link.clone());
        case.events.insert(event.id.clone(), event);
        let media = crate::case::Media { id: "m1".into(), ..Default::default() };
        case.media.insert(media.id.clone(), media);
        let mark = |frame: u64| crate::case::MeasureMark {
            at: crate::case::FramePoint { frame, pts_ticks: frame as i64, time_base_num: 1, time_base_den: 30 },
            frame_interval_ticks: 1,
        };
        let marks = crate::case::MediaMarks { media_id: "m1".into(), marks: vec![mark(10), mark(40)] };
        let measurement =
            Measurement { id: MeasurementId::from("ms1"), media: vec![marks], links: vec![link], ..Default::default() };
        case.measurements.insert(measurement.id.clone(), measurement);
        let before = case.clone();

        assert!(Edit::RemoveClaim(claim.id.clone()).apply(&mut case.clone()).is_err(), "refused alone while linked");
        let removal = remove_claim_with_links(&case, &claim.id).unwrap();
        assert_eq!((removal.event_links, removal.measurement_links), (1, 1));
        assert_eq!(removal.links_text(), "its 1 event link and 1 measurement link");
        let inverse = removal.edit.apply(&mut case).unwrap();
        assert!(case.claims.is_empty() && case.events[&crate::case::EventId::from("e1")].links.is_empty());
        assert!(case.measurements[&MeasurementId::from("ms1")].links.is_empty());
        inverse.apply(&mut case).unwrap();
        assert_eq!(case, before, "undo brings the claim back with every link");
        assert!(remove_claim_with_links(&case, &ClaimId::from("c9")).is_err());
    }
}
