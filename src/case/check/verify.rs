//! Whole-case verification: internal references (events' and measurements') and modifier values, the taxonomy, the audit chain, the reviewers'
//! chains a merged case keeps, and (through an injected hash function, so no media code lives here) the media
//! files' SHA-256.

use crate::case::check::content_check::content_problems;
use crate::case::check::merged_chains::check_merged_chains;
use crate::case::check::signatures::{check_signatures, SignatureReport};
use crate::case::edit::measure_rules::measurement_problems;
use crate::case::edit::rules::event_problems;
use crate::case::model::audit::AuditBreak;
use crate::case::model::case::Case;
use crate::case::model::ids::MediaId;
use crate::case::model::taxonomy::TaxonomyProblem;
use std::path::{Path, PathBuf};

/// One thing that does not hold.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyProblem {
    /// A map key that differs from the id stored in the item.
    IdMismatch {
        kind: &'static str,
        key: String,
        id: String,
    },
    Event(String),
    /// A claim's field that cannot stand (an assertion date that is no real day).
    Claim(String),
    Taxonomy(TaxonomyProblem),
    Audit(AuditBreak),
    /// The content and its log disagree (said in words by `content_check`).
    Content(String),
    /// A signature that does not verify or covers a head the log no longer has.
    Signature(String),
    /// A reviewer's chain kept by a merge entry that does not hold (said in words by `merged_chains`).
    MergedChain(String),
    MediaMissing {
        media_id: MediaId,
        tried: Vec<PathBuf>,
    },
    MediaHashMismatch {
        media_id: MediaId,
        path: PathBuf,
        expected: String,
        actual: String,
    },
    MediaHashFailed {
        media_id: MediaId,
        path: PathBuf,
        message: String,
    },
}

impl std::fmt::Display for VerifyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::IdMismatch { kind, key, id } => {
                write!(f, "{kind} stored under {key:?} says its id is {id:?}")
            }
            Self::Event(text) | Self::Claim(text) => f.write_str(text),
            Self::Taxonomy(p) => write!(f, "taxonomy: {p}"),
            Self::Audit(b) => write!(f, "audit log: {b}"),
            Self::Content(text) => write!(f, "content: {text}"),
            Self::Signature(text) => write!(f, "signatures: {text}"),
            Self::MergedChain(text) => write!(f, "merged chain: {text}"),
            Self::MediaMissing { media_id, tried } => {
                let tried: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
                write!(f, "media {media_id}: file not found (tried {})", tried.join(", "))
            }
            Self::MediaHashMismatch { media_id, path, expected, actual } => {
                write!(f, "media {media_id}: {} has SHA-256 {actual}, the case records {expected}", path.display())
            }
            Self::MediaHashFailed { media_id, path, message } => {
                write!(f, "media {media_id}: could not hash {}: {message}", path.display())
            }
        }
    }
}

/// A function returning the lowercase hex SHA-256 of a file (supplied by the media layer).
pub type HashFileFn<'a, E> = &'a dyn Fn(&Path) -> Result<String, E>;

/// Result of `verify_case`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyReport {
    pub problems: Vec<VerifyProblem>,
    /// Media files whose hash was checked and matched.
    pub media_hashes_ok: usize,
    /// Who signed which heads, and whether the newest head is signed.
    pub signatures: SignatureReport,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks `case`. `case_dir` is the folder holding the case file (media paths are relative to it).
/// With `hash_file` (returning lowercase hex SHA-256), every media file is located and hashed.
pub fn verify_case<E: std::fmt::Display>(
    case: &Case,
    case_dir: &Path,
    hash_file: Option<HashFileFn<'_, E>>,
) -> VerifyReport {
    let mut report = VerifyReport::default();
    let problems = &mut report.problems;
    for (key, media) in &case.media {
        if key != &media.id {
            problems.push(VerifyProblem::IdMismatch { kind: "media", key: key.to_string(), id: media.id.to_string() });
        }
    }
    for (key, claim) in &case.claims {
        if key != &claim.id {
            problems.push(VerifyProblem::IdMismatch { kind: "claim", key: key.to_string(), id: claim.id.to_string() });
        }
        if let Some(problem) = claim.asserted_on_problem(None) {
            problems.push(VerifyProblem::Claim(format!("claim {key}: {problem}")));
        }
    }
    for (key, event) in &case.events {
        if key != &event.id {
            problems.push(VerifyProblem::IdMismatch { kind: "event", key: key.to_string(), id: event.id.to_string() });
        }
        problems.extend(event_problems(case, event).into_iter().map(VerifyProblem::Event));
    }
    for (key, measurement) in &case.measurements {
        if key != &measurement.id {
            problems.push(VerifyProblem::IdMismatch {
                kind: "measurement",
                key: key.to_string(),
                id: measurement.id.to_string(),
            });
        }
        problems.extend(measurement_problems(case, measurement).into_iter().map(VerifyProblem::Event));
    }
    problems.extend(case.taxonomy.validate().into_iter().map(VerifyProblem::Taxonomy));
    problems.extend(case.audit.verify().into_iter().map(VerifyProblem::Audit));
    problems.extend(content_problems(case).into_iter().map(VerifyProblem::Content));
    report.signatures = check_signatures(case);
    let problems = &mut report.problems;
    problems.extend(report.signatures.problems.iter().cloned().map(VerifyProblem::Signature));
    let chains = check_merged_chains(case);
    problems.extend(chains.problems.into_iter().map(VerifyProblem::MergedChain));
    report.signatures.signed.extend(chains.signed);
    if let Some(hash_file) = hash_file {
        for media in case.media.values() {
            let Some(path) = media.resolve_path(case_dir) else {
                problems.push(VerifyProblem::MediaMissing {
                    media_id: media.id.clone(),
                    tried: media.candidate_paths(case_dir),
                });
                continue;
            };
            match hash_file(&path) {
                Ok(actual) if actual.eq_ignore_ascii_case(&media.sha256) => report.media_hashes_ok += 1,
                Ok(actual) => problems.push(VerifyProblem::MediaHashMismatch {
                    media_id: media.id.clone(),
                    path,
                    expected: media.sha256.clone(),
                    actual,
                }),
                Err(e) => problems.push(VerifyProblem::MediaHashFailed {
                    media_id: media.id.clone(),
                    path,
                    message: e.to_string(),
                }),
            }
        }
    }
    report
}
