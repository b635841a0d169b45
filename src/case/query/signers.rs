//! Everyone who put their name to a case: its reviewer list first, in its order, then every other name found on its
//! events, their links, measurements, adjudications and audit entries (sorted), so a report names each person whose
//! work it shows, even for cases written before the reviewer list was kept complete.

use std::collections::BTreeSet;

use crate::case::model::case::Case;

/// The case's reviewer list, then every other name that signed an event, a link, a measurement, an adjudication or
/// an audit entry, sorted; no blanks, no duplicates.
pub fn signing_reviewers(case: &Case) -> Vec<String> {
    let mut listed: Vec<String> = Vec::new();
    for name in case.meta.reviewers.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !listed.iter().any(|l| l == name) {
            listed.push(name.to_owned());
        }
    }
    let mut others: BTreeSet<&str> = BTreeSet::new();
    for event in case.events.values() {
        others.insert(&event.reviewer);
        others.extend(event.links.iter().map(|l| l.reviewer.as_str()));
        others.extend(event.adjudication.iter().map(|a| a.adjudicator.as_str()));
    }
    for m in case.measurements.values() {
        others.insert(&m.reviewer);
        others.extend(m.links.iter().map(|l| l.reviewer.as_str()));
    }
    others.extend(case.audit.entries().iter().map(|e| e.reviewer.as_str()));
    let rest: BTreeSet<&str> =
        others.into_iter().map(str::trim).filter(|n| !n.is_empty() && !listed.iter().any(|l| l == n)).collect();
    listed.extend(rest.into_iter().map(str::to_owned));
    listed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::model::event::{ClaimLink, Event};
    use crate::case::model::ids::EventId;

    #[test]
    fn names_on_events_links_and_the_log_follow_the_list() {
        let mut case = Case::new("t");
        case.meta.reviewers = vec!["Zoe".into(), " ".into(), "Ana".into(), "Zoe".into()];
        let link = ClaimLink { reviewer: "Cy".into(), ..ClaimLink::default() };
        let event = Event { id: EventId::from("e-1"), reviewer: "Ana".into(), links: vec![link], ..Event::default() };
        case.events.insert(event.id.clone(), event);
        case.audit.append("2025-01-01T00:00:00.000Z".into(), "reviewer", "add_event", "event e-1".into());
        case.audit.append("2025-01-01T00:00:01.000Z".into(), "Bo", "link", "event e-1".into());
        assert_eq!(signing_reviewers(&case), ["Zoe", "Ana", "Bo", "Cy", "reviewer"]);
    }
}
