//! What changed between recent revisions of the open case, so panels patch their caches (subtract the event as it
//! was, add it as it is) instead of rebuilding them; an unknown change means rebuild.

use crate::case::{Event, EventId};

/// One event as it was before a change and as it is after (`None`: absent), so caches can be patched instead of
/// rebuilt: subtract `before`, add `after`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDelta {
    pub id: EventId,
    pub before: Option<Event>,
    pub after: Option<Event>,
}

/// The changes between consecutive revisions: `Some(deltas)` when only events changed, `None` when something
/// else did (claims, taxonomy, a reopened or recovered case) and every cache must be rebuilt.
#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    /// (revision before, revision after, what changed), oldest first.
    steps: std::collections::VecDeque<(u64, u64, Option<Vec<EventDelta>>)>,
}

/// How many steps are kept; a panel further behind rebuilds.
const CHANGE_LOG_STEPS: usize = 64;

impl ChangeLog {
    pub fn record(&mut self, before: u64, after: u64, deltas: Option<Vec<EventDelta>>) {
        if self.steps.len() == CHANGE_LOG_STEPS {
            self.steps.pop_front();
        }
        self.steps.push_back((before, after, deltas));
    }

    /// The deltas that lead from `revision` to `current`, oldest first; `None` when they are unknown.
    pub fn since(&self, revision: u64, current: u64) -> Option<Vec<&EventDelta>> {
        if revision == current {
            return Some(Vec::new());
        }
        let start = self.steps.iter().position(|(before, _, _)| *before == revision)?;
        let mut out = Vec::new();
        let mut at = revision;
        for (before, after, deltas) in self.steps.iter().skip(start) {
            if *before != at {
                return None;
            }
            out.extend(deltas.as_ref()?.iter());
            at = *after;
        }
        (at == current).then_some(out)
    }
}
