//! An open case: the model, its undo history, its journal and its file. Every edit is journalled and
//! fsync'd before it is acknowledged; save is atomic and then starts a fresh journal. A save may be written on
//! another thread ([`CaseSession::begin_save`]) while edits go on: the journal then keeps exactly the edits made
//! since the save began. A session open for editing holds the case's lock (one writer at a time); a read-only
//! session never writes.

use crate::case::edit::history::{record_snapshot, EditContext, History, HistoryOp, Step, CREATE_ACTION};
use crate::case::model::audit::AuditEntry;
use crate::case::model::case::Case;
use crate::case::model::edit::Edit;
use crate::case::store::case_file::{load_case_with_progress, save_case, FileFingerprint, SaveOptions};
use crate::case::store::fsutil;
use crate::case::store::journal::{
    journal_path, journal_text, reset_journal, JournalRecord, JournalWriter, SinkFactory,
};
use crate::case::store::keys::ReviewerKey;
use crate::case::store::lock::{self, Access, CaseLock, LockHolder};
use crate::case::store::progress::LoadProgress;
use crate::case::store::recovery::{load_with_recovery_progress, replay_into, Recovery};
use crate::case::store::save_job::{SaveJob, SaveWritten};
use crate::case::CaseError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A case being edited.
#[derive(Debug)]
pub struct CaseSession {
    path: PathBuf,
    /// Shared with a save being written on another thread (the next edit then works on its own copy).
    case: Arc<Case>,
    history: History,
    journal: Option<JournalWriter>,
    /// The journal file holds lines that must not stay (torn, stale or damaged); rewrite before appending.
    journal_needs_reset: bool,
    /// Keep a copy of the journal before resetting it (it held damaged or foreign lines).
    journal_keep_copy: bool,
    /// Unsaved edits in the journal awaiting the user's replay/discard decision; edits are refused meanwhile.
    pending_recovery: usize,
    fingerprint: Option<FileFingerprint>,
    unsaved_edits: usize,
    options: SaveOptions,
    /// Editing (holding the lock) or read-only.
    access: Access,
    /// Wraps the journal file when the writer opens it (fault injection in tests); `None`: the file itself.
    journal_sink: Option<SinkFactory>,
    /// Who signs the head at the next save: the reviewer of this session's newest edit (else the default one).
    signer: Option<String>,
    /// Why the last save's head could not be signed (no key could be made or read), if it could not.
    unsigned_because: Option<String>,
    /// While a save is being written: the edits made since it began (they stay in the journal after it).
    saving: Option<Vec<JournalRecord>>,
}

fn unix_millis() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

fn sibling_with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl CaseSession {
    /// Writes `case` as a new case file at `path` (refusing if something is already there), its creation recorded
    /// as the log's first entry by the default reviewer (see [`CaseSession::create_as`]).
    pub fn create(path: &Path, case: Case, options: SaveOptions) -> Result<Self, CaseError> {
        let reviewer = crate::case::default_reviewer();
        Self::create_as(path, case, options, EditContext { reviewer: &reviewer, clock: &crate::case::SystemClock })
    }

    /// Writes `case` as a new case file at `path` (refusing if something is already there). A case whose log is
    /// empty gets its creation recorded first (its whole content), so the chain starts at creation.
    pub fn create_as(
        path: &Path,
        mut case: Case,
        options: SaveOptions,
        ctx: EditContext<'_>,
    ) -> Result<Self, CaseError> {
        if case.audit.is_empty() {
            record_snapshot(&mut case, ctx, CREATE_ACTION, "case created");
        }
        if path.exists() {
            return Err(CaseError::io(
                "create case",
                path,
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a file already exists there"),
            ));
        }
        let lock = CaseLock::acquire(path)?;
        let unsigned_because = match ReviewerKey::load_or_create(ctx.reviewer) {
            Ok(key) => {
                key.sign_head(&mut case, ctx.clock);
                None
            }
            Err(e) => Some(e.to_string()),
        };
        let fingerprint = save_case(path, &case, options, None)?;
        reset_journal(&journal_path(path))?;
        let mut session = Self::with(path, case, fingerprint, options, Access::Editing(lock));
        session.signer = Some(ctx.reviewer.to_owned());
        session.unsigned_because = unsigned_because;
        Ok(session)
    }

    fn with(
        path: &Path,
        case: Case,
        fingerprint: Option<FileFingerprint>,
        options: SaveOptions,
        access: Access,
    ) -> Self {
        Self {
            path: path.to_path_buf(),
            case: Arc::new(case),
            history: History::new(),
            journal: None,
            journal_needs_reset: false,
            journal_keep_copy: false,
            pending_recovery: 0,
            fingerprint,
            unsaved_edits: 0,
            options,
            access,
            journal_sink: None,
            signer: None,
            unsigned_because: None,
            saving: None,
        }
    }

    /// Opens a case for editing, taking its lock first (refused with `CaseError::Locked`, naming the holder, while
    /// another session has it), so the journal read here is never another live session's. If the journal holds
    /// unsaved edits they are returned; call `replay` or `discard_recovery` before editing. Opening writes nothing
    /// but the lock file.
    pub fn open(path: &Path, options: SaveOptions) -> Result<(Self, Recovery), CaseError> {
        Self::open_with_progress(path, options, &LoadProgress::default())
    }

    /// As [`CaseSession::open`], saying how far the load has come in `progress` and stopping (the lock let go
    /// again) when it is cancelled.
    pub fn open_with_progress(
        path: &Path,
        options: SaveOptions,
        progress: &LoadProgress,
    ) -> Result<(Self, Recovery), CaseError> {
        let lock = CaseLock::acquire(path)?;
        let (case, recovery, fingerprint) = load_with_recovery_progress(path, progress)?;
        let journal_has_lines = recovery.already_saved > 0 || recovery.torn_tail || !recovery.problems.is_empty();
        let mut session = Self::with(path, case, fingerprint, options, Access::Editing(lock));
        session.journal_needs_reset = journal_has_lines || recovery.has_edits();
        session.journal_keep_copy = !recovery.problems.is_empty();
        session.pending_recovery = recovery.records.len();
        Ok((session, recovery))
    }

    /// Opens the last saved state of a case without taking its lock; the session never writes (edits and saves are
    /// refused with `CaseError::ReadOnly`). While another session has the case open for editing its journal is that
    /// session's, so it is not read and the recovery is empty; otherwise the journal's unsaved edits (a crash) are
    /// returned so the caller can refuse to present a case without them.
    pub fn open_read_only(path: &Path) -> Result<(Self, Recovery), CaseError> {
        Self::open_read_only_with_progress(path, &LoadProgress::default())
    }

    /// As [`CaseSession::open_read_only`], saying how far the load has come in `progress` and stopping when it is
    /// cancelled.
    pub fn open_read_only_with_progress(path: &Path, progress: &LoadProgress) -> Result<(Self, Recovery), CaseError> {
        let held_by = lock::held_by(path)?;
        let (case, recovery, fingerprint) = match held_by {
            Some(_) => {
                let (case, fingerprint) = load_case_with_progress(path, progress)?;
                (case, Recovery::default(), fingerprint)
            }
            None => load_with_recovery_progress(path, progress)?,
        };
        let session = Self::with(path, case, fingerprint, SaveOptions::default(), Access::ReadOnly { held_by });
        Ok((session, recovery))
    }

    /// `Ok` when this session may edit and save; else the refusal in words (`CaseError::ReadOnly`).
    pub fn check_writable(&self) -> Result<(), CaseError> {
        self.access.check_writable(&self.path)
    }

    /// Whether this session was opened read-only.
    pub fn is_read_only(&self) -> bool {
        matches!(self.access, Access::ReadOnly { .. })
    }

    /// For a read-only session: who has the case open for editing elsewhere (in words), if anyone.
    pub fn held_elsewhere(&self) -> Option<&str> {
        match &self.access {
            Access::ReadOnly { held_by } => held_by.as_deref(),
            Access::Editing(_) => None,
        }
    }

    /// The holder of a stale lock this session took over (a process that died with the case open), if any.
    pub fn took_over_stale_lock(&self) -> Option<&LockHolder> {
        match &self.access {
            Access::Editing(lock) => lock.took_over(),
            Access::ReadOnly { .. } => None,
        }
    }

    /// Wraps the journal file in `factory`'s sink from the next time the journal is opened (fault injection).
    pub fn set_journal_sink(&mut self, factory: SinkFactory) {
        self.journal_sink = Some(factory);
        self.journal = None;
    }

    pub fn case(&self) -> &Case {
        &self.case
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Edits applied since the last save (all of them are in the journal).
    pub fn unsaved_edits(&self) -> usize {
        self.unsaved_edits
    }

    /// Applies the recovered edits and rewrites the journal to hold exactly them.
    pub fn replay(&mut self, recovery: &Recovery) -> Result<usize, CaseError> {
        self.check_writable()?;
        self.check_not_saving()?;
        let mut replayed = Case::clone(&self.case);
        let count = replay_into(&mut replayed, recovery)?;
        let text = journal_text(&recovery.records)?;
        self.set_journal_aside_if_needed()?;
        fsutil::write_atomic(&journal_path(&self.path), text.as_bytes())?;
        self.case = Arc::new(replayed);
        self.journal = None;
        self.journal_needs_reset = false;
        self.pending_recovery = 0;
        self.unsaved_edits = count;
        self.history.clear();
        Ok(count)
    }

    /// Declines the recovered edits: the journal is moved aside (never deleted) and a new one begins.
    /// Returns where the old journal went.
    pub fn discard_recovery(&mut self) -> Result<PathBuf, CaseError> {
        self.check_writable()?;
        self.check_not_saving()?;
        let journal = journal_path(&self.path);
        let aside = sibling_with_suffix(&journal, &format!(".discarded-{}", unix_millis()));
        if journal.exists() {
            fsutil::rename_durably(&journal, &aside)?;
        }
        self.journal = None;
        self.journal_needs_reset = false;
        self.journal_keep_copy = false;
        self.pending_recovery = 0;
        Ok(aside)
    }

    fn set_journal_aside_if_needed(&mut self) -> Result<(), CaseError> {
        if self.journal_keep_copy {
            let journal = journal_path(&self.path);
            let aside = sibling_with_suffix(&journal, &format!(".damaged-{}", unix_millis()));
            fsutil::link_or_copy(&journal, &aside)?;
            self.journal_keep_copy = false;
        }
        Ok(())
    }

    fn journal_writer(&mut self) -> Result<&mut JournalWriter, CaseError> {
        self.check_writable()?;
        if self.pending_recovery > 0 {
            return Err(CaseError::RecoveryPending(self.pending_recovery));
        }
        if self.journal_needs_reset {
            self.set_journal_aside_if_needed()?;
            reset_journal(&journal_path(&self.path))?;
            self.journal = None;
            self.journal_needs_reset = false;
        }
        let writer = match self.journal.take() {
            Some(writer) => writer,
            None => JournalWriter::open(&journal_path(&self.path), self.journal_sink.as_ref())?,
        };
        Ok(self.journal.insert(writer))
    }

    fn make_durable(&mut self, op: HistoryOp, edit: Edit, audit: AuditEntry) -> Result<AuditEntry, CaseError> {
        let record = JournalRecord { audit, edit };
        let appended = self.journal_writer().and_then(|journal| journal.append(&record));
        if let Err(err) = appended {
            // Not durable, so not acknowledged: take the change back out of memory. The writer stays: it has cut
            // its file back to the last complete line, or knows it could not and refuses to append after it.
            if let Err(rollback) = self.history.rollback(Arc::make_mut(&mut self.case), op) {
                return Err(CaseError::Invalid(format!("{err}; and rolling the edit back failed: {rollback}")));
            }
            return Err(err);
        }
        self.unsaved_edits += 1;
        if let Some(since) = self.saving.as_mut() {
            since.push(record.clone());
        }
        Ok(record.audit)
    }

    /// Applies an edit; returns once it is in the fsync'd journal (its audit entry as receipt).
    pub fn apply(&mut self, edit: Edit, ctx: EditContext<'_>) -> Result<AuditEntry, CaseError> {
        self.journal_writer()?;
        self.signer = Some(ctx.reviewer.to_owned());
        let applied = self.history.apply(Arc::make_mut(&mut self.case), edit, ctx)?;
        self.make_durable(HistoryOp::Apply, applied.edit, applied.audit)
    }

    /// Why the last save left the head unsigned, if it did.
    pub fn unsigned_because(&self) -> Option<&str> {
        self.unsigned_because.as_deref()
    }

    /// Undoes the newest edit (journalled like any edit); `Ok(None)` if there is nothing to undo.
    pub fn undo(&mut self, ctx: EditContext<'_>) -> Result<Option<AuditEntry>, CaseError> {
        self.step(ctx, Step::Undo)
    }

    /// Redoes the newest undone edit; `Ok(None)` if there is nothing to redo.
    pub fn redo(&mut self, ctx: EditContext<'_>) -> Result<Option<AuditEntry>, CaseError> {
        self.step(ctx, Step::Redo)
    }

    /// One step through the history, journalled like any edit; `Ok(None)` if there is nothing that way.
    pub fn step(&mut self, ctx: EditContext<'_>, step: Step) -> Result<Option<AuditEntry>, CaseError> {
        self.journal_writer()?;
        self.signer = Some(ctx.reviewer.to_owned());
        match self.history.step(Arc::make_mut(&mut self.case), ctx, step)? {
            Some(applied) => self.make_durable(step.into(), applied.edit, applied.audit).map(Some),
            None => Ok(None),
        }
    }

    /// Saves atomically, then starts a fresh journal. Refused while recovered edits await a decision, or while
    /// a save begun with [`CaseSession::begin_save`] has not been finished.
    pub fn save(&mut self) -> Result<(), CaseError> {
        let job = self.begin_save()?;
        let written = job.write();
        self.finish_save(written)
    }

    /// Begins a save: the case as it is now, to be signed and written by [`SaveJob::write`] (on any thread), while
    /// this session goes on taking edits. Hand the outcome to [`CaseSession::finish_save`]. Refused while recovered
    /// edits await a decision or another save is being written.
    pub fn begin_save(&mut self) -> Result<SaveJob, CaseError> {
        self.check_writable()?;
        if self.pending_recovery > 0 {
            return Err(CaseError::RecoveryPending(self.pending_recovery));
        }
        self.check_not_saving()?;
        self.saving = Some(Vec::new());
        Ok(SaveJob {
            path: self.path.clone(),
            case: Arc::clone(&self.case),
            options: self.options,
            known: self.fingerprint.clone(),
            signer: self.signer.clone().unwrap_or_else(crate::case::default_reviewer),
        })
    }

    /// Whether a save begun with [`CaseSession::begin_save`] awaits [`CaseSession::finish_save`].
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    fn check_not_saving(&self) -> Result<(), CaseError> {
        match self.saving {
            Some(_) => Err(CaseError::SaveRunning),
            None => Ok(()),
        }
    }

    /// Takes in a written save: the head signature joins the case, and the journal is started afresh holding
    /// exactly the edits made while the save was written (still unsaved). A failed save changes nothing: every
    /// edit is still in the journal and still counted unsaved.
    pub fn finish_save(&mut self, written: SaveWritten) -> Result<(), CaseError> {
        let since = self.saving.take().unwrap_or_default();
        self.unsigned_because = written.unsigned_because;
        self.fingerprint = written.result?;
        if let Some(signature) = written.signature {
            Arc::make_mut(&mut self.case).signatures.push(signature);
        }
        // The case rename is durable now; the journal's lines up to the save are all in it.
        self.journal = None;
        self.set_journal_aside_if_needed()?;
        let text = journal_text(&since)?;
        fsutil::write_atomic(&journal_path(&self.path), text.as_bytes())?;
        self.journal_needs_reset = false;
        self.unsaved_edits = since.len();
        Ok(())
    }

    /// Like `save`, but overwrites a case file that has become unreadable on disk (kept aside first).
    pub fn save_overwriting_unreadable(&mut self) -> Result<(), CaseError> {
        let options = self.options;
        self.options.overwrite_unreadable = true;
        let result = self.save();
        self.options = options;
        result
    }
}
