//! Checking a case against itself and against its evidence: verification of the file and its audit chain, media
//! hashes against the recorded SHA-256, relinking a moved media file by its hash, and the reviewers' chains a merged
//! case keeps.

pub mod content_check;
pub mod media_check;
pub mod merged_chains;
pub mod relink;
pub mod signatures;
pub mod verify;
