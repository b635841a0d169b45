//! `claimframe case …`: create a case, add media/claims/events, link events to claims, show, verify (measurements:
//! `measure_cmds`).
//! Parsing and dispatch only; the work is done by `crate::case`, and media hashing/probing by the
//! caller's `MediaProbe` (see `exchange::media_file`), so this file has no FFmpeg in it.

use crate::case::asserted_on_problem;
use crate::case::{
    case_dir, cite_event, verify_case, AssertedBy, Case, CaseError, CaseMeta, CaseSession, Claim, ClaimId, ClaimLink,
    Clock, Edit, EditContext, Event, EventId, EventKind, EventTypeId, MediaAtCoding, MediaId, SaveOptions,
    SourceDocument, Stance, SystemClock,
};
use crate::exchange::media_file::{media_for_video, GivenWallClock, MediaProbe};
use crate::sample::sample_claims;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Work with a case file.
#[derive(Debug, clap::Args)]
pub struct CaseArgs {
    /// The case file (e.g. `stop.case.ron`).
    #[arg(long, short = 'c', global = true, default_value = "case.ron")]
    pub case: PathBuf,
    /// Your name, recorded in the audit log and on events (default: $CLAIMFRAME_REVIEWER, then $USER unless root).
    #[arg(long, global = true)]
    pub reviewer: Option<String>,
    /// If the case's journal holds unsaved edits from a crash: `replay` them or `discard` them (kept aside).
    #[arg(long, global = true, value_enum)]
    pub recover: Option<RecoverChoice>,
    #[command(subcommand)]
    pub command: CaseCommand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecoverChoice {
    Replay,
    Discard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StanceArg {
    Supports,
    Contradicts,
    Context,
}

impl From<StanceArg> for Stance {
    fn from(s: StanceArg) -> Self {
        match s {
            StanceArg::Supports => Stance::Supports,
            StanceArg::Contradicts => Stance::Contradicts,
            StanceArg::Context => Stance::Context,
        }
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {
    /// Create a new case file with the default vehicle/body-cam taxonomy.
    New {
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        /// Also add the sample case's claims (quoted from the FOX 9 article).
        #[arg(long)]
        sample_claims: bool,
    },
    /// Hash and probe a video file and add it to the case.
    AddMedia {
        path: PathBuf,
        /// RFC 3339 wall-clock time of media time 0, e.g. 2025-10-02T14:03:07Z.
        #[arg(long)]
        wall_clock_origin: Option<String>,
        /// Where the wall-clock origin comes from; defaults to the container creation_time when used.
        #[arg(long)]
        wall_clock_source: Option<String>,
        /// ± seconds on the wall-clock origin.
        #[arg(long, default_value_t = 1.0)]
        uncertainty_secs: f64,
    },
    /// Add a claim: the exact words, who said them, and where it is recorded.
    AddClaim {
        #[arg(long)]
        title: String,
        /// The exact words, without surrounding quotation marks.
        #[arg(long)]
        quote: String,
        #[arg(long)]
        agency: String,
        #[arg(long, default_value = "")]
        official: String,
        /// Title and publisher of the source document.
        #[arg(long)]
        document: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        link: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// The day the statement was made, YYYY-MM-DD (refused when not a real date or in the future).
        #[arg(long)]
        asserted_on: Option<String>,
    },
    /// Code an event at an exact frame (and end frame for interval types).
    AddEvent {
        /// Media id (see `case show`).
        #[arg(long)]
        media: String,
        /// Event type id, e.g. brake-check, following, ramming.
        #[arg(long = "type")]
        type_id: String,
        /// First frame (0-based, presentation order).
        #[arg(long)]
        frame: u64,
        /// Last frame, required for interval types.
        #[arg(long)]
        end_frame: Option<u64>,
        /// Modifier value as id=value, e.g. --modifier actor="agency vehicle" (repeatable).
        #[arg(long = "modifier", value_parser = parse_key_value)]
        modifiers: Vec<(String, String)>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Link an event to a claim with a stance and a rationale (replaces an existing link to that claim).
    Link {
        #[arg(long)]
        event: String,
        #[arg(long)]
        claim: String,
        #[arg(long, value_enum)]
        stance: StanceArg,
        #[arg(long, default_value = "")]
        rationale: String,
    },
    /// Measurements between marked frames: Δt, speeds and deceleration with their uncertainties.
    #[command(subcommand)]
    Measure(super::measure_cmds::MeasureCommand),
    /// Print the case (media, claims, events with citations).
    Show {
        /// Print the whole case as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Check links, modifiers, the taxonomy, the audit chain and media hashes. Exit 0 if all holds, 1 if not.
    Verify {
        /// Do not hash the media files (faster; checks everything else).
        #[arg(long)]
        skip_media_hashes: bool,
        /// Also say whether the case still holds exactly what this exhibit (any export) was made from.
        #[arg(long)]
        against: Option<PathBuf>,
    },
    /// Find media that moved: search a folder tree for files with the recorded SHA-256 and point the case at them.
    Relink {
        /// Folder to search (recursively).
        #[arg(long)]
        search: PathBuf,
    },
    /// Make a reviewer's working copy for a blind pass: same media, claims and taxonomy, only the reviewer's own
    /// events (and any shared with --share); the fork is recorded in the copy's audit log. Needs --reviewer.
    Fork {
        /// The case to fork (instead of -c).
        source: PathBuf,
        /// Events to share with the reviewer, by id (comma-separated or repeated).
        #[arg(long, value_delimiter = ',')]
        share: Vec<String>,
        /// Where to write the copy (refused if something is there), e.g. ana.case.ron.
        #[arg(long, short = 'o')]
        output: PathBuf,
    },
    /// Bring reviewers' working copies back into the case they were forked from: new and changed events, claims
    /// and event types, each copy's audit chain kept. Conflicts are listed and left; exit 1 when any are left.
    Merge {
        /// The case to merge into (instead of -c).
        target: PathBuf,
        /// The reviewers' copies (made with `case fork`).
        #[arg(required = true)]
        copies: Vec<PathBuf>,
    },
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .ok_or_else(|| format!("expected id=value, got {text:?}"))
}

/// Opens the case for editing (taking its lock; refused while it is open for editing elsewhere), settling any crash
/// recovery as the user asked.
pub(super) fn open_session(
    case: &Path,
    recover: Option<RecoverChoice>,
    out: &mut dyn Write,
) -> anyhow::Result<CaseSession> {
    let (mut session, recovery) =
        CaseSession::open(case, SaveOptions::default()).with_context(|| format!("opening {}", case.display()))?;
    if let Some(stale) = session.took_over_stale_lock() {
        eprintln!("note: took over the lock left by {stale}, which is no longer running");
    }
    for problem in &recovery.problems {
        writeln!(out, "warning: {problem}")?;
    }
    if recovery.has_edits() {
        match recover {
            Some(RecoverChoice::Replay) => {
                let n = session.replay(&recovery)?;
                session.save()?;
                writeln!(out, "replayed and saved {n} unsaved edit(s) from the journal")?;
            }
            Some(RecoverChoice::Discard) => {
                let aside = session.discard_recovery()?;
                writeln!(
                    out,
                    "discarded {} unsaved edit(s); journal kept at {}",
                    recovery.records.len(),
                    aside.display()
                )?;
            }
            None => unsettled(case, recovery.records.len())?,
        }
    }
    Ok(session)
}

fn unsettled(case: &Path, edits: usize) -> anyhow::Result<()> {
    anyhow::bail!(
        "{} holds {edits} unsaved edit(s) from an earlier session that did not finish; \
         run again with --recover replay (keep them) or --recover discard",
        case.display()
    )
}

/// Opens the case to read it: read-only (no lock taken, nothing written) unless `--recover` asks to settle a crash,
/// which is an edit. While the case is open for editing elsewhere the last saved state is read and a note says so.
pub(super) fn open_reader(
    case: &Path,
    recover: Option<RecoverChoice>,
    out: &mut dyn Write,
) -> anyhow::Result<CaseSession> {
    if recover.is_some() {
        return open_session(case, recover, out);
    }
    let (session, recovery) = CaseSession::open_read_only(case).map_err(|e| unreadable(case, e))?;
    if recovery.has_edits() {
        unsettled(case, recovery.records.len())?;
    }
    if let Some(holder) = session.held_elsewhere() {
        eprintln!("note: {}", crate::case::last_saved_note(holder));
    }
    Ok(session)
}

/// Why `case` could not be opened; for a file that does not parse, also its newest backup that loads (the window
/// offers to open a copy of that one).
fn unreadable(case: &Path, err: crate::case::CaseError) -> anyhow::Error {
    let hint = match &err {
        crate::case::CaseError::Parse { .. } => {
            match crate::case::newest_loading_backup(case, &crate::case::LoadProgress::default()) {
                Ok(Some(backup)) => format!(
                    "\nIts newest backup that loads is {}, saved {} ({} events): `claimframe open` on the case offers \
                     a copy of it, or copy it by hand to a new name ending in .case.ron. The broken file is left as it is.",
                    backup.path.display(),
                    backup.saved_words(),
                    backup.events
                ),
                _ => format!("\n{}", crate::case::no_backup_words(case)),
            }
        }
        _ => String::new(),
    };
    anyhow::anyhow!("opening {}: {err}{hint}", case.display())
}

/// Applies one edit (journalled) as `reviewer`, who joins the case's reviewer list with it when not yet on it, as
/// in the window, and saves.
pub(super) fn apply_and_save(
    session: &mut CaseSession,
    edit: Edit,
    reviewer: &str,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    let edit = crate::case::with_reviewer_listed(session.case(), edit, reviewer);
    session.apply(edit, EditContext { reviewer, clock })?;
    session.save()?;
    Ok(())
}

/// Hashes the media file before an event is coded on it and refuses a file that is not the one the case records:
/// an observation on other footage is not an observation on the evidence.
pub(super) fn verify_before_coding(
    probe: &dyn MediaProbe,
    media: &crate::case::Media,
    file: &Path,
) -> anyhow::Result<MediaAtCoding> {
    let found = probe.sha256(file, &mut |_, _| {}).with_context(|| format!("hashing {}", file.display()))?;
    match MediaAtCoding::from_hash(&media.sha256, Some(&found), false) {
        MediaAtCoding::Mismatch => anyhow::bail!(
            "not coded: {} is not the file media {} records (its SHA-256 is {found}, the case has {}); \
             relink the original file first",
            file.display(),
            media.id,
            media.sha256
        ),
        state => Ok(state),
    }
}

fn resolve_id<T: Ord + std::fmt::Display>(map: &BTreeMap<T, impl Sized>, id: T, kind: &str) -> anyhow::Result<T> {
    anyhow::ensure!(map.contains_key(&id), "no {kind} with id {:?} in this case (see `case show`)", id.to_string());
    Ok(id)
}

/// Runs a `case` subcommand, writing human output to `out`. Returns the process exit code.
pub fn run_case(args: &CaseArgs, probe: &dyn MediaProbe, out: &mut dyn Write) -> anyhow::Result<u8> {
    let reviewer = crate::case::reviewer_or_default(args.reviewer.as_deref());
    let clock = SystemClock;
    match &args.command {
        CaseCommand::New { title, description, sample_claims: with_claims } => {
            let mut case = Case::new(title.clone());
            case.meta = CaseMeta {
                title: title.clone(),
                description: description.clone(),
                reviewers: vec![reviewer.clone()],
                fork: None,
            };
            let ctx = EditContext { reviewer: &reviewer, clock: &clock };
            let mut session = CaseSession::create_as(&args.case, case, SaveOptions::default(), ctx)?;
            if *with_claims {
                let edits = sample_claims().into_iter().map(|c| Edit::AddClaim(Box::new(c))).collect();
                session.apply(Edit::Batch(edits), ctx)?;
            }
            session.save()?;
            writeln!(out, "created {}", args.case.display())?;
        }
        CaseCommand::AddMedia { path, wall_clock_origin, wall_clock_source, uncertainty_secs } => {
            let mut session = open_session(&args.case, args.recover, out)?;
            let given = GivenWallClock {
                origin: wall_clock_origin.clone(),
                source: wall_clock_source.clone(),
                uncertainty_secs: *uncertainty_secs,
            };
            let mut last_percent = 0;
            let media = media_for_video(session.case(), &args.case, path, &given, probe, &mut |done, total| {
                let percent = done.saturating_mul(100).checked_div(total).unwrap_or(100);
                if percent >= last_percent + 10 {
                    last_percent = percent;
                    eprint!("\rhashing {percent:>3}%");
                }
            });
            eprintln!();
            let media = media?;
            let id = media.id.clone();
            apply_and_save(&mut session, Edit::AddMedia(Box::new(media)), &reviewer, &clock)?;
            writeln!(out, "added media {id}")?;
        }
        CaseCommand::AddClaim { title, quote, agency, official, document, date, link, notes, asserted_on } => {
            if let Some(problem) =
                asserted_on.as_deref().and_then(|d| asserted_on_problem(d, Some(clock.now_unix_millis())))
            {
                anyhow::bail!("claim not added: {problem}");
            }
            let mut session = open_session(&args.case, args.recover, out)?;
            let claim = Claim {
                id: session.case().new_claim_id(),
                title: title.clone(),
                quote: quote.clone(),
                asserted_by: AssertedBy { agency: agency.clone(), official: official.clone() },
                source: SourceDocument { document: document.clone(), date: date.clone(), link: link.clone() },
                notes: notes.clone(),
                asserted_on: asserted_on.clone(),
            };
            let id = claim.id.clone();
            apply_and_save(&mut session, Edit::AddClaim(Box::new(claim)), &reviewer, &clock)?;
            writeln!(out, "added claim {id}")?;
        }
        CaseCommand::AddEvent { media, type_id, frame, end_frame, modifiers, note } => {
            let mut session = open_session(&args.case, args.recover, out)?;
            let case = session.case();
            let media_id = resolve_id(&case.media, MediaId::new(media.as_str()), "media")?;
            let Some(media) = case.media.get(&media_id) else {
                anyhow::bail!("no media {media_id}");
            };
            let Some(event_type) = case.taxonomy.get(&EventTypeId::new(type_id.as_str())) else {
                let known: Vec<&str> = case.taxonomy.types.iter().map(|t| t.id.as_str()).collect();
                anyhow::bail!("no event type {type_id:?}; known: {}", known.join(", "));
            };
            match (event_type.kind, end_frame) {
                (EventKind::Interval, None) => {
                    anyhow::bail!("{type_id} is an interval type: give --end-frame")
                }
                (EventKind::Point, Some(_)) => {
                    anyhow::bail!("{type_id} is a point type: leave out --end-frame")
                }
                _ => {}
            }
            let Some(file) = media.resolve_path(&case_dir(&args.case)) else {
                anyhow::bail!(
                    "media {media_id} is not where the case says ({}); relink it first",
                    media.path_relative.display()
                );
            };
            let media_at_coding = verify_before_coding(probe, media, &file)?;
            let asked: Vec<u64> = std::iter::once(*frame).chain(*end_frame).collect();
            let points = probe.frame_points(&file, &asked)?;
            let now = clock.now_rfc3339();
            let event = Event {
                id: case.new_event_id(),
                media_id,
                start: *points.first().context("the media gave no frame point")?,
                end: points.get(1).copied(),
                type_id: event_type.id.clone(),
                modifiers: modifiers.iter().cloned().collect(),
                note: note.clone(),
                reviewer: reviewer.clone(),
                created_utc: now.clone(),
                modified_utc: now,
                links: Vec::new(),
                media_at_coding,
                adjudication: None,
            };
            let id = event.id.clone();
            apply_and_save(&mut session, Edit::AddEvent(Box::new(event)), &reviewer, &clock)?;
            writeln!(out, "added event {id}: {}", cite_event(session.case(), &id)?)?;
        }
        CaseCommand::Link { event, claim, stance, rationale } => {
            let mut session = open_session(&args.case, args.recover, out)?;
            let event_id = resolve_id(&session.case().events, EventId::new(event.as_str()), "event")?;
            let claim_id = resolve_id(&session.case().claims, ClaimId::new(claim.as_str()), "claim")?;
            let link =
                ClaimLink { claim_id, stance: (*stance).into(), rationale: rationale.clone(), ..ClaimLink::default() };
            apply_and_save(&mut session, Edit::Link { event_id, link }, &reviewer, &clock)?;
            writeln!(out, "linked event {event} to claim {claim} ({})", Stance::from(*stance))?;
        }
        CaseCommand::Measure(command) => return super::measure_cmds::run_measure(args, command, probe, out),
        CaseCommand::Show { json } => {
            let session = open_reader(&args.case, args.recover, out)?;
            let case = session.case();
            if *json {
                serde_json::to_writer_pretty(&mut *out, case)?;
                writeln!(out)?;
            } else {
                show_text(case, out)?;
            }
        }
        CaseCommand::Relink { search } => {
            let mut session = open_session(&args.case, args.recover, out)?;
            let dir = case_dir(&args.case);
            let hash = |path: &Path| probe.sha256(path, &mut |_, _| {});
            let mut moved = Vec::new();
            let mut still_missing = 0;
            for media in session.case().media.values() {
                if media.resolve_path(&dir).is_some() {
                    continue;
                }
                let found =
                    crate::case::find_by_sha256(search, &media.sha256, Some(media.size_bytes), &hash, &|| false)?;
                match found.found {
                    Some(path) => moved.push(crate::case::relinked(media, &dir, path)),
                    None => {
                        still_missing += 1;
                        writeln!(
                            out,
                            "media {}: no file with its SHA-256 under {} ({} files hashed)",
                            media.id,
                            search.display(),
                            found.files_hashed
                        )?;
                    }
                }
            }
            for media in moved {
                writeln!(out, "media {}: relinked to {}", media.id, media.last_absolute_path.display())?;
                apply_and_save(&mut session, Edit::UpdateMedia(Box::new(media)), &reviewer, &clock)?;
            }
            return Ok(u8::from(still_missing > 0));
        }
        CaseCommand::Fork { source, share, output } => {
            return super::branch_cmds::run_fork(source, args.reviewer.as_deref(), share, output, args.recover, out);
        }
        CaseCommand::Merge { target, copies } => {
            return super::branch_cmds::run_merge(target, copies, &reviewer, args.recover, out);
        }
        CaseCommand::Verify { skip_media_hashes, against } => {
            let session = open_reader(&args.case, args.recover, out)?;
            let dir = case_dir(&args.case);
            let no_hash: Option<crate::case::HashFileFn<'_, anyhow::Error>> = None;
            let report = verify_case(session.case(), &dir, no_hash);
            let mut problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
            problems.extend(report.signatures.unsigned_head.iter().map(|why| format!("signatures: {why}")));
            let anchor = crate::case::Anchor::of(session.case());
            if let Some(exhibit) = against {
                problems.extend(compare_with_exhibit(session.case(), &anchor, exhibit)?);
            }
            let mut hashes_ok = 0;
            if !*skip_media_hashes {
                let hash = |path: &Path| probe.sha256(path, &mut |_, _| {});
                let now = crate::case::format_rfc3339_millis(clock.now_unix_millis());
                let checks = crate::case::check_all_media(session.case(), &dir, &hash, &now);
                for (id, check) in &checks {
                    if check.is_match() {
                        hashes_ok += 1;
                    } else {
                        problems.push(format!("media {id}: {check}"));
                    }
                }
                record_check_changes(args, session, &checks, &reviewer, out)?;
            }
            if problems.is_empty() {
                writeln!(
                    out,
                    "ok: the content is what its log says, and links, modifiers, taxonomy and audit chain hold; \
                     {hashes_ok} media hash(es) match"
                )?;
                writeln!(out, "{anchor}")?;
                for line in &report.signatures.signed {
                    writeln!(out, "  signed: {line}")?;
                }
                return Ok(0);
            }
            writeln!(out, "{} problem(s):", problems.len())?;
            for problem in &problems {
                writeln!(out, "  - {problem}")?;
            }
            return Ok(1);
        }
    }
    Ok(0)
}

/// Whether `exhibit` was made from the case as it is now; `Some(problem)` when not.
fn compare_with_exhibit(case: &Case, now: &crate::case::Anchor, exhibit: &Path) -> anyhow::Result<Option<String>> {
    let bytes = std::fs::read(exhibit).with_context(|| format!("reading {}", exhibit.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let Some(then) = crate::case::Anchor::find_in(&text) else {
        anyhow::bail!("{} carries no ClaimFrame anchor (it was not exported by this version)", exhibit.display());
    };
    if then.content_sha256 == now.content_sha256 && then.head_hash == now.head_hash {
        println!("the case still holds exactly what {} was made from ({then})", exhibit.display());
        return Ok(None);
    }
    let in_log = case.audit.entries().iter().position(|e| e.hash == then.head_hash);
    Ok(Some(match in_log {
        Some(i) => format!(
            "{} was made from entry {} of the log; the case has changed since ({} later entr(ies)), so it no longer \
             holds exactly what the exhibit shows",
            exhibit.display(),
            i + 1,
            case.audit.len() - i - 1
        ),
        None => format!(
            "{} was made from content {} with log head {}, which this case's log does not contain: it is not the \
             case the exhibit was made from, or its history was rewritten",
            exhibit.display(),
            then.content_sha256,
            then.head_hash
        ),
    }))
}

/// A change of media-check outcome (stopped matching, went missing, matches again) is recorded in the case: the lock
/// is taken only for that one edit, and while the case is open for editing elsewhere the change is only reported.
fn record_check_changes(
    args: &CaseArgs,
    read: CaseSession,
    checks: &[(MediaId, crate::case::MediaCheck)],
    reviewer: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if crate::case::record_checks(read.case(), checks).is_none() {
        return Ok(());
    }
    let writer = match read.held_elsewhere() {
        Some(_) => None,
        None => {
            drop(read);
            match open_session(&args.case, args.recover, out) {
                Ok(session) => Some(session),
                Err(e) if matches!(e.downcast_ref::<CaseError>(), Some(CaseError::Locked { .. })) => None,
                Err(e) => return Err(e),
            }
        }
    };
    let Some(mut session) = writer else {
        eprintln!("note: the changed media check outcomes are not recorded in the case while it is open elsewhere");
        return Ok(());
    };
    if let Some(edit) = crate::case::record_checks(session.case(), checks) {
        apply_and_save(&mut session, edit, reviewer, &SystemClock)?;
    }
    Ok(())
}

fn show_text(case: &Case, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "{} (schema {})", case.meta.title, case.version)?;
    if !case.meta.description.is_empty() {
        writeln!(out, "{}", case.meta.description)?;
    }
    writeln!(out, "reviewers: {}", case.meta.reviewers.join(", "))?;
    writeln!(out, "\nmedia ({}):", case.media.len())?;
    for m in case.media.values() {
        writeln!(
            out,
            "  {}  {}  {}x{} {} {:.3} s, {} frames{}  sha256 {}",
            m.id,
            m.path_relative.display(),
            m.probe.width,
            m.probe.height,
            m.probe.codec,
            m.probe.duration_secs,
            m.probe.frame_count,
            if m.probe.vfr { " (VFR)" } else { "" },
            m.sha256
        )?;
    }
    writeln!(out, "\nclaims ({}):", case.claims.len())?;
    for c in crate::case::event_query::claim_ids_in_order(case).iter().filter_map(|id| case.claims.get(id)) {
        let who = if c.asserted_by.official.is_empty() {
            c.asserted_by.agency.clone()
        } else {
            format!("{}, {}", c.asserted_by.official, c.asserted_by.agency)
        };
        let on = c.asserted_on.as_deref().map(|d| format!(" on {d}")).unwrap_or_default();
        writeln!(out, "  {}  {}: \"{}\" ({who}{on})", c.id, c.title, c.quote)?;
    }
    writeln!(out, "\nevents ({}):", case.events.len())?;
    let mut events: Vec<&crate::case::Event> = case.events.values().collect();
    events.sort_by(|a, b| crate::case::event_query::natural_cmp(a.id.as_str(), b.id.as_str()));
    for e in events {
        match cite_event(case, &e.id) {
            Ok(citation) => writeln!(out, "  {} [{}] {citation}", e.id, e.type_id)?,
            Err(err) => writeln!(out, "  {} [{}] (cannot cite: {err})", e.id, e.type_id)?,
        }
        for link in &e.links {
            writeln!(out, "      {} claim {}: {}", link.stance, link.claim_id, link.rationale)?;
        }
    }
    let breaks = case.audit.verify();
    writeln!(
        out,
        "\naudit log: {} entries, head {}, {}",
        case.audit.len(),
        case.audit.head_hash(),
        if breaks.is_empty() { "chain intact".to_owned() } else { format!("{} break(s)", breaks.len()) }
    )?;
    Ok(())
}

/// Maps an error from a case command to a message for the user (the caller prints it, exit code 2).
pub fn describe_error(err: &anyhow::Error) -> String {
    match err.downcast_ref::<CaseError>() {
        Some(case_err) => case_err.to_string(),
        None => format!("{err:#}"),
    }
}
