//! Checking media files against the SHA-256 recorded when they were added, and recording what was found on the
//! media itself: a change of outcome (a file that stops matching, goes missing, or matches again) becomes an audited
//! edit, so the case's history says when the evidence stopped being the evidence. The hashing is injected.

use std::fmt::Display;
use std::path::Path;

use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::model::ids::MediaId;
use crate::case::model::media_check::{MediaCheck, MediaCheckOutcome};

/// Hashes every media file of the case (through `hash_file`) and says what each check found.
pub fn check_all_media<E: Display>(
    case: &Case,
    case_dir: &Path,
    hash_file: &dyn Fn(&Path) -> Result<String, E>,
    now_utc: &str,
) -> Vec<(MediaId, MediaCheck)> {
    case.media
        .values()
        .map(|media| {
            let check = match media.resolve_path(case_dir) {
                None => MediaCheck {
                    checked_utc: now_utc.to_owned(),
                    path: media.candidate_paths(case_dir).into_iter().next().unwrap_or_default(),
                    outcome: MediaCheckOutcome::Missing,
                },
                Some(path) => {
                    let outcome = match hash_file(&path) {
                        Ok(found) if crate::case::same_digest(&found, &media.sha256) => MediaCheckOutcome::Match,
                        Ok(found) => MediaCheckOutcome::Mismatch { found_sha256: found },
                        Err(e) => MediaCheckOutcome::Unreadable { message: e.to_string() },
                    };
                    MediaCheck { checked_utc: now_utc.to_owned(), path, outcome }
                }
            };
            (media.id.clone(), check)
        })
        .collect()
}

/// The edit that records what needs recording (None when nothing does): a file that does not match, is missing or
/// unreadable, when that differs from the last record; and a match after a recorded failure. A case whose media
/// have always matched is left untouched, so checking it never grows its history.
pub fn record_checks(case: &Case, checks: &[(MediaId, MediaCheck)]) -> Option<Edit> {
    let edits: Vec<Edit> = checks
        .iter()
        .filter_map(|(id, check)| {
            let media = case.media.get(id)?;
            let last = media.last_check.as_ref().map(|c| &c.outcome);
            let unchanged = last == Some(&check.outcome);
            let clean_match = check.is_match() && last.is_none_or(|l| *l == MediaCheckOutcome::Match);
            if unchanged || clean_match {
                return None;
            }
            let mut updated = media.clone();
            updated.last_check = Some(check.clone());
            Some(Edit::UpdateMedia(Box::new(updated)))
        })
        .collect();
    match edits.len() {
        0 => None,
        1 => edits.into_iter().next(),
        _ => Some(Edit::Batch(edits)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{apply_audited, EditContext, FixedClock, Media};

    #[test]
    fn mismatches_are_recorded_once_and_a_restored_file_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clip.mp4"), b"original").unwrap();
        let mut case = Case::new("t");
        let media =
            Media { id: MediaId::new("m1"), path_relative: "clip.mp4".into(), sha256: "aa".into(), ..Media::default() };
        case.media.insert(media.id.clone(), media);
        let clock = FixedClock(0);
        let ctx = || EditContext { reviewer: "r", clock: &clock };
        let hash = |p: &Path| -> Result<String, std::io::Error> {
            Ok(if std::fs::read(p)? == b"original" { "aa".to_string() } else { "bb".to_string() })
        };
        let checks = check_all_media(&case, dir.path(), &hash, "2030-01-01T00:00:00Z");
        assert!(checks[0].1.is_match());
        assert!(record_checks(&case, &checks).is_none(), "a case whose media match is left untouched");
        std::fs::write(dir.path().join("clip.mp4"), b"changed").unwrap();
        let checks = check_all_media(&case, dir.path(), &hash, "2030-01-03T00:00:00Z");
        assert_eq!(checks[0].1.outcome, MediaCheckOutcome::Mismatch { found_sha256: "bb".into() });
        let entries_before = case.audit.entries().len();
        let edit = record_checks(&case, &checks).unwrap();
        apply_audited(&mut case, edit, ctx(), "").unwrap();
        assert_eq!(case.audit.entries().len(), entries_before + 1);
        let checks = check_all_media(&case, dir.path(), &hash, "2030-01-03T01:00:00Z");
        assert!(record_checks(&case, &checks).is_none(), "the same mismatch is not recorded twice");
        std::fs::write(dir.path().join("clip.mp4"), b"original").unwrap();
        let checks = check_all_media(&case, dir.path(), &hash, "2030-01-05T00:00:00Z");
        let edit = record_checks(&case, &checks).expect("matching again after a mismatch is recorded");
        apply_audited(&mut case, edit, ctx(), "").unwrap();
        assert!(case.media.values().next().unwrap().last_check.as_ref().unwrap().is_match());
        std::fs::remove_file(dir.path().join("clip.mp4")).unwrap();
        let checks = check_all_media(&case, dir.path(), &hash, "2030-01-04T00:00:00Z");
        assert_eq!(checks[0].1.outcome, MediaCheckOutcome::Missing);
        assert!(checks[0].1.to_string().contains("MISSING"));
    }
}
