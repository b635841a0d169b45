//! Several reviewers on one case: blind working copies (`fork`) and bringing them back (`merge`, with the three-way
//! comparison of each item against the fork point in `three_way`). Pure functions: a case in, a case or an edit
//! out; the caller saves the copy and applies the merge edit like any other (journalled, audited, signed).
//! Arrows: `branch` → `check` (a copy must verify before it is merged), `edit`, `model`.

pub mod fork;
pub mod merge;
pub mod three_way;
