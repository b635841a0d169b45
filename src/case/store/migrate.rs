//! Reading the schema version of a case file and migrating older schemas to the current one.
//! Schema 1 kept title/description/reviewers at the top level, called the media hash `hash` with
//! only an absolute `path`, and recorded a claim's speaker as one string "Agency / Official".

use crate::case::edit::history::{record_snapshot, EditContext, MIGRATE_ACTION};
use crate::case::model::audit::AuditLog;
use crate::case::model::case::{Case, CaseMeta, CURRENT_SCHEMA_VERSION};
use crate::case::model::claim::{AssertedBy, Claim, SourceDocument};
use crate::case::model::event::Event;
use crate::case::model::ids::{ClaimId, EventId, MediaId};
use crate::case::model::media::{relative_path, Media, ProbeSummary, WallClockMapping};
use crate::case::model::taxonomy::Taxonomy;
use crate::case::model::time::SystemClock;
use crate::case::store::parse_words::ron_error;
use crate::case::CaseError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Oldest schema this version can migrate.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

/// Only the version field; every other field is skipped.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default = "schema_one")]
    version: u32,
}

fn schema_one() -> u32 {
    1
}

/// Reads `version: N` from the first few hundred bytes without parsing the whole file (the writer
/// puts it first). `None` if it is not there; then the caller parses properly.
pub fn quick_version(text: &str) -> Option<u32> {
    let head = text.get(..text.len().min(512)).unwrap_or(text);
    let at = head.find("version:")?;
    let digits: String = head[at + "version:".len()..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The version field, parsing the whole file if needed (a missing field means schema 1).
pub fn probe_version(text: &str, path: &Path) -> Result<u32, CaseError> {
    if let Some(version) = quick_version(text) {
        return Ok(version);
    }
    ron::from_str::<VersionProbe>(text).map(|p| p.version).map_err(|e| ron_error(path, text, e))
}

/// Migrates `text`, known to be of schema `version` < current, into a current `Case`.
pub fn migrate(version: u32, text: &str, case_path: &Path) -> Result<Case, CaseError> {
    let mut case = match version {
        1 => {
            let v1: CaseV1 = ron::from_str(text).map_err(|e| ron_error(case_path, text, e))?;
            let case_dir = crate::case::store::fsutil::parent_dir(case_path);
            let case_dir = std::fs::canonicalize(&case_dir).unwrap_or(case_dir);
            v1.into_current(&case_dir)
        }
        // Schema 2 is schema 3 without content in the log: its entries read as they are.
        2 => ron::from_str::<Case>(text).map_err(|e| ron_error(case_path, text, e))?,
        found => return Err(CaseError::UnsupportedOldSchema { found, oldest: OLDEST_SCHEMA_VERSION }),
    };
    case.version = CURRENT_SCHEMA_VERSION;
    // From here on the log covers the content: the content as first read is recorded whole.
    let ctx = EditContext { reviewer: MIGRATION_REVIEWER, clock: &SystemClock };
    let why =
        format!("schema {version} read as schema {CURRENT_SCHEMA_VERSION}; content as first read by this version");
    record_snapshot(&mut case, ctx, MIGRATE_ACTION, &why);
    Ok(case)
}

/// Who the migration entry names: the program, not a person.
pub const MIGRATION_REVIEWER: &str = "ClaimFrame (schema migration)";

#[derive(Deserialize, Default)]
#[serde(default)]
struct MediaV1 {
    id: MediaId,
    path: PathBuf,
    hash: String,
    size_bytes: u64,
    probe: ProbeSummary,
    wall_clock: Option<WallClockMapping>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClaimV1 {
    id: ClaimId,
    title: String,
    quote: String,
    /// "Agency / Official" or just "Agency".
    speaker: String,
    source: SourceDocument,
    notes: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CaseV1 {
    title: String,
    description: String,
    reviewers: Vec<String>,
    media: BTreeMap<MediaId, MediaV1>,
    claims: BTreeMap<ClaimId, ClaimV1>,
    taxonomy: Taxonomy,
    events: BTreeMap<EventId, Event>,
    audit: AuditLog,
}

impl CaseV1 {
    fn into_current(self, case_dir: &Path) -> Case {
        let media = self
            .media
            .into_iter()
            .map(|(id, m)| {
                let path_relative =
                    if m.path.is_absolute() { relative_path(case_dir, &m.path) } else { m.path.clone() };
                let media = Media {
                    id: m.id,
                    path_relative,
                    last_absolute_path: m.path,
                    sha256: m.hash,
                    size_bytes: m.size_bytes,
                    probe: m.probe,
                    wall_clock: m.wall_clock,
                    last_check: None,
                };
                (id, media)
            })
            .collect();
        let claims = self
            .claims
            .into_iter()
            .map(|(id, c)| {
                let (agency, official) = match c.speaker.split_once('/') {
                    Some((agency, official)) => (agency.trim().to_owned(), official.trim().to_owned()),
                    None => (c.speaker.trim().to_owned(), String::new()),
                };
                let claim = Claim {
                    id: c.id,
                    title: c.title,
                    quote: c.quote,
                    asserted_by: AssertedBy { agency, official },
                    source: c.source,
                    notes: c.notes,
                    asserted_on: None,
                };
                (id, claim)
            })
            .collect();
        Case {
            version: CURRENT_SCHEMA_VERSION,
            meta: CaseMeta { title: self.title, description: self.description, reviewers: self.reviewers, fork: None },
            media,
            claims,
            taxonomy: self.taxonomy,
            events: self.events,
            measurements: Default::default(),
            audit: self.audit,
            signatures: Vec::new(),
        }
    }
}
