//! The claims a ClaimFrame JSON file carries, merged into a case: the same claim (equal in every field) is reused,
//! a new one is added, and one whose id the case already gives to a different claim is added under a fresh id that
//! the file's links then follow, so no link ever attaches to a different local claim.

use crate::case::{fresh_id, Case, Claim, ClaimId, Edit};
use std::collections::{BTreeMap, BTreeSet};

/// The claim edits of an import, the ids known afterwards and the file's ids that were renamed.
pub(super) struct ClaimsPlan {
    pub edits: Vec<Edit>,
    pub added: usize,
    pub known: BTreeSet<ClaimId>,
    pub renamed: BTreeMap<ClaimId, ClaimId>,
}

pub(super) fn plan_claims(case: &Case, claims: &[Claim], warnings: &mut Vec<String>) -> ClaimsPlan {
    let mut edits = Vec::new();
    let mut known_claims: BTreeSet<ClaimId> = case.claims.keys().cloned().collect();
    let mut added = 0;
    let mut renamed: BTreeMap<ClaimId, ClaimId> = BTreeMap::new();
    for claim in claims {
        let mut claim = claim.clone();
        match case.claims.get(&claim.id) {
            Some(local) if *local == claim => continue,
            Some(_) => {
                let fresh = ClaimId(fresh_id("c", |c| known_claims.contains(&ClaimId::from(c))));
                warnings.push(format!(
                    "the file's claim {id} differs from the case's claim {id} (title, quote, speaker, source or notes); \
                     it was added as {fresh} and the file's links to it follow it",
                    id = claim.id
                ));
                renamed.insert(claim.id.clone(), fresh.clone());
                claim.id = fresh;
            }
            None => {}
        }
        if known_claims.insert(claim.id.clone()) {
            edits.push(Edit::AddClaim(Box::new(claim)));
            added += 1;
        }
    }
    ClaimsPlan { edits, added, known: known_claims, renamed }
}
