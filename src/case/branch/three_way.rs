//! Comparing one kind of item (events, claims, event types) three ways by id: as it was at the fork point (base), in
//! the reviewer's copy (theirs), and in the case merged into (ours). What only the copy changed is brought; what
//! both changed alike is already there; what both changed differently is a conflict, never settled here.
//! "The same event changed in both" means exactly this: the copy's and the case's versions both differ from the
//! fork point's, and from each other (every field compared, times and links included).

use std::collections::BTreeMap;

/// Why an item cannot simply be brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Changed in the copy and in the case since the fork, differently.
    ChangedInBoth,
    /// New in the copy, and the case has an item with that id that is not the same.
    AddedInBoth,
    /// Changed in the copy, removed from the case.
    ChangedThereRemovedHere,
    /// Removed from the copy, changed in the case.
    RemovedThereChangedHere,
    /// The change would break the case's rules as it is now (said in words).
    CannotApply,
}

/// What to do with one item.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemMerge<T> {
    Add(T),
    Update(T),
    Remove,
    Conflict { kind: ConflictKind, ours: Option<T>, theirs: Option<T> },
}

/// Every item of `base` or `theirs` that needs something done, by id. Items only the case has are left alone.
pub fn three_way<K: Ord + Clone, T: PartialEq + Clone>(
    base: &BTreeMap<K, T>,
    theirs: &BTreeMap<K, T>,
    ours: &BTreeMap<K, T>,
) -> Vec<(K, ItemMerge<T>)> {
    let mut ids: Vec<&K> = base.keys().chain(theirs.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let (b, t, o) = (base.get(id), theirs.get(id), ours.get(id));
        let conflict = |kind| ItemMerge::Conflict { kind, ours: o.cloned(), theirs: t.cloned() };
        let action = match (b, t, o) {
            (None, Some(t), None) => Some(ItemMerge::Add(t.clone())),
            (None, Some(t), Some(o)) if o == t => None,
            (None, Some(_), Some(_)) => Some(conflict(ConflictKind::AddedInBoth)),
            (Some(b), Some(t), _) if t == b => None,
            (Some(b), Some(t), Some(o)) if o == b => Some(ItemMerge::Update(t.clone())),
            (Some(_), Some(t), Some(o)) if o == t => None,
            (Some(_), Some(_), Some(_)) => Some(conflict(ConflictKind::ChangedInBoth)),
            (Some(_), Some(_), None) => Some(conflict(ConflictKind::ChangedThereRemovedHere)),
            (Some(b), None, Some(o)) if o == b => Some(ItemMerge::Remove),
            (Some(_), None, Some(_)) => Some(conflict(ConflictKind::RemovedThereChangedHere)),
            (Some(_), None, None) | (None, None, _) => None,
        };
        out.extend(action.map(|a| (id.clone(), a)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(items: &[(u8, &'static str)]) -> BTreeMap<u8, &'static str> {
        items.iter().copied().collect()
    }

    #[test]
    fn each_case_of_the_table() {
        let base = map(&[(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"), (6, "f")]);
        let theirs = map(&[(1, "a"), (2, "B"), (3, "C"), (5, "e"), (7, "new"), (8, "x")]);
        let ours = map(&[(1, "a"), (2, "b"), (3, "c2"), (4, "d"), (6, "f"), (8, "y"), (9, "ours only")]);
        let got = three_way(&base, &theirs, &ours);
        let conflict = |kind, ours, theirs| ItemMerge::Conflict { kind, ours, theirs };
        assert_eq!(
            got,
            vec![
                (2, ItemMerge::Update("B")),
                (3, conflict(ConflictKind::ChangedInBoth, Some("c2"), Some("C"))),
                (4, ItemMerge::Remove),
                (6, ItemMerge::Remove),
                (7, ItemMerge::Add("new")),
                (8, conflict(ConflictKind::AddedInBoth, Some("y"), Some("x"))),
            ]
        );
    }
}
