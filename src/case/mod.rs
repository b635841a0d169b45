//! The case: media, claims, taxonomy, coded events, claim links and the audit log, plus everything
//! that keeps them safe on disk (atomic save, backups, journal, migration, verification).
//! No egui and no FFmpeg here: media hashing and probing are passed in by callers.

mod audit;
mod bench;
mod citation;
pub mod citation_text;
mod claim;
mod coding;
mod edit;
mod error;
mod event;
pub mod event_query;
mod fsutil;
mod history;
mod ids;
mod journal;
pub mod lanes;
mod max_tree;
mod media;
mod media_check;
mod migrate;
mod model;
mod recovery;
mod relink;
mod rules;
mod sample;
mod sample_case;
mod seqmap;
mod session;
mod ron_split;
mod store;
mod store_fast;
mod taxonomy;
mod time;
mod verify;

pub use audit::{verify_audit_chain, AuditBreak, AuditEntry, AuditLog, GENESIS_HASH};
pub use bench::{bench_case, synthetic_case, BenchFigures};
pub use citation::{cite_event, Citation, CitedFrame};
pub use claim::{AssertedBy, Claim, SourceDocument};
pub use coding::{press, CodingContext, Marks, OpenInterval, Pressed};
pub use edit::Edit;
pub use error::CaseError;
pub use event::{ClaimLink, Event, FramePoint, Stance};
pub use history::{apply_audited, Applied, EditContext, History};
pub use ids::{fresh_id, ClaimId, EventId, EventTypeId, MediaId};
pub use journal::{encode_line, journal_path, read_journal, JournalContents, JournalRecord};
pub use media_check::{check_all_media, record_checks, MediaCheck, MediaCheckOutcome};
pub use media::{relative_path, Media, ProbeSummary, Rational, WallClockMapping};
pub use migrate::{probe_version, OLDEST_SCHEMA_VERSION};
pub use model::{Case, CaseMeta, CURRENT_SCHEMA_VERSION};
pub use recovery::{load_with_recovery, plan_recovery, replay_into, Recovery};
pub use relink::{find_by_sha256, RelinkOutcome};
pub use rules::event_problems;
pub use sample::{sample_claims, sample_source};
pub use sample_case::{build_sample_case, Happening, SAMPLE_REVIEWER};
pub use session::CaseSession;
pub use store::{
    backup_path, case_from_ron, case_to_ron, fingerprint, load_case, load_case_with_fingerprint,
    save_case, FileFingerprint, SaveOptions,
};
pub use taxonomy::{
    normalize_key, EventKind, EventType, Modifier, Rgb, Taxonomy, TaxonomyProblem,
    RESERVED_PLAYER_KEYS,
};
pub use time::{
    format_hms_millis, format_rfc3339_millis, parse_rfc3339_millis, Clock, FixedClock,
    SteppingClock, SystemClock,
};
pub use verify::{verify_case, HashFileFn, VerifyProblem, VerifyReport};
