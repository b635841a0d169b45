//! The case: media, claims, taxonomy, coded events, claim links and the audit log, plus everything
//! that keeps them safe on disk. Rooms: `model` (the nouns), `edit` (edits, history, rules, coding), `store`
//! (case file, journal, recovery, migration, session), `query` (read-models for panels and exports), `check`
//! (verification, media checks, relinking), `branch` (reviewers' working copies: fork and merge).
//! Arrows inside: everything → `model`; `edit` → `model`; `store`, `query`, `check` → `edit`, `model`; `branch` →
//! `check`, `query`, `edit`, `model`.
//! No egui and no FFmpeg here: media hashing and probing are passed in by callers. Callers use the re-exports below.

mod branch;
mod check;
mod edit;
mod error;
mod model;
mod query;
mod store;

pub use query::{agreement, citation_text, event_query, lanes, measure, measure_text};

pub use branch::fork::fork_case;
pub use branch::merge::{merge_copies, Conflict, CopyMerged, MergePlan};
pub use branch::three_way::ConflictKind;
pub use check::merged_chains::{check_merged_chains, ChainReport};
pub use edit::adjudicate::{accept, merge_events, recode, Decision};
pub use model::adjudication::{Adjudication, AdjudicationKind};
pub use model::fork::ForkOrigin;
pub use model::merge::{fork_chains, ForkChain, MergeRecord, MergedChain};
pub use query::adjudicated::{adjudicated_set, reviewer_set, superseded_by, CodingSet};

pub use check::media_check::{check_all_media, record_checks};
pub use check::relink::{find_by_sha256, relinked, RelinkOutcome};
pub use check::signatures::SignatureReport;
pub use check::verify::{verify_case, HashFileFn, VerifyProblem, VerifyReport};
pub use edit::coding::{press, CodingContext, Marks, OpenInterval, Pressed};
pub use edit::history::{
    apply_audited, apply_recorded, record_snapshot, Applied, EditContext, History, Step, CREATE_ACTION, FORK_ACTION,
    MIGRATE_ACTION,
};
pub use edit::measure_rules::measurement_problems;
pub use edit::remove_claim::{remove_claim_with_links, ClaimRemoval};
pub use edit::rules::event_problems;
pub use edit::stamp::with_reviewer_listed;
pub use error::CaseError;
pub use model::anchor::Anchor;
pub use model::audit::{verify_audit_chain, AuditBreak, AuditChange, AuditEntry, AuditLog, GENESIS_HASH};
pub use model::case::{check_event_ids, check_event_numbers, Case, CaseMeta, CURRENT_SCHEMA_VERSION};
pub use model::claim::{asserted_on_problem, AssertedBy, Claim, SourceDocument};
pub use model::clock::{AtWall, ClockMethod, SyncResidual};
pub use model::content::{content_sha256, content_value, CONTENT_FORMAT};
pub use model::edit::{CaseContent, Edit};
pub use model::event::{ClaimLink, Event, FramePoint, Stance};
pub use model::ids::{
    check_id, fresh_id, BadId, ClaimId, EventId, EventTypeId, MeasurementId, MediaId, ID_RULE, MAX_ID_CHARS,
};
pub use model::limits::{check_frame_point, check_secs, MAX_FRAME, MAX_MEDIA_SECS, MAX_PTS_TICKS_ABS};
pub use model::measurement::{GivenDistance, MeasureMark, Measurement, MediaMarks, TimingUncertainty};
pub use model::media::{case_dir, relative_path, same_digest, Media, ProbeSummary, Rational, WallClockMapping};
pub use model::media_check::{MediaAtCoding, MediaCheck, MediaCheckOutcome};
pub use model::reviewer::{default_reviewer, reviewer_or_default};
pub use model::signature::{key_fingerprint, HeadSignature};
pub use model::taxonomy::{
    normalize_key, EventKind, EventType, Modifier, Rgb, Taxonomy, TaxonomyProblem, RESERVED_PLAYER_KEYS,
};
pub use model::time::{
    format_hms_millis, format_rfc3339_micros, format_rfc3339_millis, format_ticks_hms, format_wall_clock,
    parse_rfc3339_micros, parse_rfc3339_millis, ticks_to_millis_half_up, Clock, FixedClock, SteppingClock, SystemClock,
};
pub use query::citation::{cite_event, cite_frame, Citation, CitedFrame};
pub use query::clock_fit::{fit_sync_points, map_from_relative, ClockFit, FitError, RelativeClock, SyncPoint};
pub use query::same_moment::{
    same_moment_as_event, same_moment_at, CameraFrames, PeerAt, PeerFrame, SameMoment, Shows,
};
pub use query::signers::signing_reviewers;
pub use query::timecode::{read_timecode, timecode_secs_of_day, TimecodeReading};
pub use query::visibility::Visibility;
pub use store::backups::{copy_of_backup, newest_loading_backup, no_backup_words, LoadableBackup};
pub use store::case_file::{
    backup_path, case_from_ron, case_from_ron_with_progress, case_to_ron, fingerprint, load_case,
    load_case_with_fingerprint, load_case_with_progress, save_case, FileFingerprint, SaveOptions,
};
pub use store::fsutil;
pub use store::journal::{
    encode_line, journal_path, read_journal, JournalContents, JournalRecord, JournalSink, SinkFactory,
};
pub use store::keys::{config_dir, ReviewerKey};
pub use store::lock::{last_saved_note, lock_path, LockHolder, LOCK_FILE_OP};
pub use store::migrate::{probe_version, OLDEST_SCHEMA_VERSION};
pub use store::progress::{LoadProgress, LoadStage};
pub use store::recovery::{load_with_recovery, load_with_recovery_progress, plan_recovery, replay_into, Recovery};
pub use store::save_job::{SaveJob, SaveWritten};
pub use store::session::CaseSession;
