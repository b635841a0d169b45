//! The open case beside the player: its session (edits, undo/redo, journal, save), the selection, the one-key
//! coding state (open intervals, in/out marks), the measure tool's marks and the prompt after a new event. It is
//! driven by [`DeskCommand`](super::DeskCommand)s; everything that changes the case goes through
//! `CaseSession::apply`, so it is journalled and undoable.

use std::path::{Path, PathBuf};

use crate::case::{
    press, Case, CaseError, CaseSession, Clock, CodingContext, Edit, EditContext, Event, EventId, EventTypeId,
    LoadProgress, Marks, MediaAtCoding, MediaId, OpenInterval, Pressed, Recovery, SaveOptions, Step, SystemClock,
    Visibility, LOCK_FILE_OP,
};
use crate::player::Timeline;

use super::changes::{ChangeLog, EventDelta};
use super::measure::MeasureDraft;
use super::save_task::SaveTask;
use super::selection::Selection;
use super::view::{frame_point, DeskView};

/// A case opened for coding.
pub struct Desk {
    session: CaseSession,
    /// Unsaved edits found in the journal, waiting for the reviewer's decision (edits are refused meanwhile).
    recovery: Option<Recovery>,
    media_id: MediaId,
    selection: Selection,
    revision: u64,
    open_intervals: Vec<OpenInterval>,
    mark_in: Option<usize>,
    mark_out: Option<usize>,
    /// The event just created, offered for modifiers, claim links and a note.
    prompt: Option<EventId>,
    /// The last thing worth telling the reviewer (an edit refused, a save done).
    notice: Option<Notice>,
    /// What changed at each recent revision, so panels patch their caches instead of rebuilding them.
    changes: ChangeLog,
    /// What the panels may show (blind mode hides other reviewers' coding).
    visibility: Visibility,
    /// The measure tool's marks and what was typed beside them, not yet a measurement.
    measure: MeasureDraft,
    /// A save being written on its own thread.
    saving: Option<SaveTask>,
}

/// A message under the menu bar: good news or a refusal in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Revisions are unique across desks, so a panel's cache never mistakes a reopened case for the old one.
fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static REVISION: AtomicU64 = AtomicU64::new(1);
    REVISION.fetch_add(1, Ordering::Relaxed)
}

impl Desk {
    /// Opens the case at `path` for coding its first media file that exists on disk (else its first media).
    /// Reads the file once; writes nothing but the lock file. While another process has the case open for editing
    /// (or the lock file cannot be made, e.g. in a read-only folder), opens its last saved state read-only instead:
    /// edits are refused in words, and no crash recovery is offered (that journal is the other process's live one).
    pub fn open(path: &Path) -> Result<Self, CaseError> {
        Self::open_with_progress(path, &LoadProgress::default())
    }

    /// As [`Desk::open`], saying how far the load has come in `progress` (the window shows it) and stopping, with
    /// [`CaseError::Cancelled`] and the lock let go again, when it is cancelled.
    pub fn open_with_progress(path: &Path, progress: &LoadProgress) -> Result<Self, CaseError> {
        let mut notice = None;
        let (session, recovery) = match CaseSession::open_with_progress(path, SaveOptions::default(), progress) {
            Err(CaseError::Locked { .. }) => CaseSession::open_read_only_with_progress(path, progress)?,
            Err(e @ CaseError::Io { op: LOCK_FILE_OP, .. }) => {
                notice = Some(Notice { text: format!("Opened read-only: {e}"), is_error: true });
                CaseSession::open_read_only_with_progress(path, progress)?
            }
            opened => opened?,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let case = session.case();
        let media_id = case
            .media
            .values()
            .find(|m| m.resolve_path(dir).is_some())
            .or_else(|| case.media.values().next())
            .map(|m| m.id.clone())
            .ok_or_else(|| CaseError::Invalid(format!("the case {} lists no media files yet", path.display())))?;
        let pending = !session.is_read_only() && (recovery.has_edits() || !recovery.problems.is_empty());
        Ok(Desk {
            session,
            recovery: pending.then_some(recovery),
            media_id,
            selection: Selection::default(),
            revision: next_revision(),
            open_intervals: Vec::new(),
            mark_in: None,
            mark_out: None,
            prompt: None,
            notice,
            changes: ChangeLog::default(),
            visibility: Visibility::all(),
            measure: MeasureDraft::default(),
            saving: None,
        })
    }

    pub fn case(&self) -> &Case {
        self.session.case()
    }

    pub fn path(&self) -> &Path {
        self.session.path()
    }

    pub fn media_id(&self) -> &MediaId {
        &self.media_id
    }

    /// Codes on another of the case's media files from now on (the camera a grid focuses). Refused in words while an
    /// interval is running, since its end would be coded on a different file than its start; marks are cleared.
    pub fn focus_media(&mut self, media_id: &MediaId) -> Result<(), String> {
        if media_id == &self.media_id {
            return Ok(());
        }
        if !self.session.case().media.contains_key(media_id) {
            return Err(format!("the case has no media file {media_id}"));
        }
        if !self.open_intervals.is_empty() {
            let words = "Finish or cancel the running interval before focusing another camera: its end must be coded on the file its start is on.";
            self.tell(words, true);
            return Err(words.to_owned());
        }
        self.media_id = media_id.clone();
        self.mark_in = None;
        self.mark_out = None;
        Ok(())
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn open_intervals(&self) -> &[OpenInterval] {
        &self.open_intervals
    }

    pub fn marks(&self) -> (Option<usize>, Option<usize>) {
        (self.mark_in, self.mark_out)
    }

    /// The measure tool's marks and form.
    pub fn measure_draft(&self) -> &MeasureDraft {
        &self.measure
    }

    pub(super) fn measure_draft_mut(&mut self) -> &mut MeasureDraft {
        &mut self.measure
    }

    pub fn prompt(&self) -> Option<&EventId> {
        self.prompt.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// `Some(words)` when the case is shown read-only because another process has it open for editing.
    pub fn read_only_because(&self) -> Option<&str> {
        self.session.held_elsewhere()
    }

    pub fn is_read_only(&self) -> bool {
        self.session.is_read_only()
    }

    pub fn unsaved_edits(&self) -> usize {
        self.session.unsaved_edits()
    }

    pub fn can_undo(&self) -> bool {
        self.session.history().can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.session.history().can_redo()
    }

    pub fn visibility(&self) -> &Visibility {
        &self.visibility
    }

    /// Shows everything, or (blind mode) one reviewer's own coding, from now on. A change is a new revision that
    /// every panel rebuilds its caches for, as nothing of the case says what they were built with.
    pub fn set_visibility(&mut self, visibility: Visibility) {
        if visibility != self.visibility {
            self.visibility = visibility;
            self.changed_from(None);
        }
    }

    /// What the panels read this frame.
    pub fn view<'a>(&'a self, timeline: &'a Timeline, current_frame: usize) -> DeskView<'a> {
        DeskView {
            case: self.session.case(),
            media_id: &self.media_id,
            revision: self.revision,
            selection: &self.selection,
            timeline,
            current_frame,
            open_intervals: &self.open_intervals,
            mark_in: self.mark_in,
            mark_out: self.mark_out,
            changes: &self.changes,
            visibility: &self.visibility,
            measure: &self.measure,
        }
    }

    /// What the panels' caches are built from (no player needed).
    pub fn scope(&self) -> crate::desk::CaseScope<'_> {
        crate::desk::CaseScope {
            case: self.session.case(),
            media_id: &self.media_id,
            revision: self.revision,
            changes: &self.changes,
            visibility: &self.visibility,
        }
    }

    /// Puts a notice on the desk's line (an error in red).
    pub fn tell(&mut self, text: impl Into<String>, is_error: bool) {
        self.notice = Some(Notice { text: text.into(), is_error });
    }

    pub fn dismiss_notice(&mut self) {
        self.notice = None;
    }

    /// The events `edit` touches, as they are now (call before applying it).
    fn before(&self, edit: Option<&Edit>) -> Option<Vec<(EventId, Option<Event>)>> {
        let ids = edit?.touched_events()?;
        Some(
            ids.into_iter()
                .map(|id| {
                    let event = self.session.case().events.get(&id).cloned();
                    (id, event)
                })
                .collect(),
        )
    }

    /// Moves to a new revision, recording what changed since `before` (from [`Desk::before`]; `None`: not known).
    fn changed_from(&mut self, before: Option<Vec<(EventId, Option<Event>)>>) {
        let case = self.session.case();
        let deltas = before.map(|list| {
            list.into_iter()
                .map(|(id, before)| {
                    let after = case.events.get(&id).cloned();
                    EventDelta { id, before, after }
                })
                .collect()
        });
        let old = self.revision;
        self.changed();
        self.changes.record(old, self.revision, deltas);
    }

    fn changed(&mut self) {
        self.revision = next_revision();
        let (case, visibility) = (self.session.case(), &self.visibility);
        self.selection.retain_existing(case);
        self.selection.events.retain(|id| case.events.get(id).is_some_and(|e| visibility.shows_event(e)));
        if self.selection.primary.as_ref().is_some_and(|p| !self.selection.events.contains(p)) {
            self.selection.primary = None;
        }
        let hidden = |id: &crate::case::MeasurementId| {
            case.measurements.get(id).is_none_or(|m| !visibility.shows_measurement(m))
        };
        if self.selection.measurement.as_ref().is_some_and(hidden) {
            self.selection.measurement = None;
        }
        if self.prompt.as_ref().is_some_and(|id| !self.session.case().events.contains_key(id)) {
            self.prompt = None;
        }
    }

    /// Applies one edit as `reviewer` (who joins the case's reviewer list with it when not yet on it); a refusal
    /// becomes the notice. Returns whether it took effect.
    pub fn edit(&mut self, edit: Edit, reviewer: &str) -> bool {
        let now = SystemClock.now_rfc3339();
        let edit = crate::case::with_reviewer_listed(self.session.case(), stamp_modified(edit, &now), reviewer);
        let clock = SystemClock;
        let before = self.before(Some(&edit));
        match self.session.apply(edit, EditContext { reviewer, clock: &clock }) {
            Ok(_) => {
                self.changed_from(before);
                true
            }
            Err(e) => {
                self.tell(format!("Not changed: {e}"), true);
                false
            }
        }
    }

    pub fn undo(&mut self, reviewer: &str) {
        self.step_history(reviewer, Step::Undo);
    }

    pub fn redo(&mut self, reviewer: &str) {
        self.step_history(reviewer, Step::Redo);
    }

    /// Undoes or redoes one edit; the outcome becomes the notice.
    fn step_history(&mut self, reviewer: &str, step: Step) {
        let clock = SystemClock;
        let ctx = EditContext { reviewer, clock: &clock };
        let history = self.session.history();
        let (before, done, verb) = match step {
            Step::Undo => (self.before(history.peek_undo()), "Undid", "undo"),
            Step::Redo => (self.before(history.peek_redo()), "Redid", "redo"),
        };
        let result = self.session.step(ctx, step);
        match result {
            Ok(Some(entry)) => {
                self.changed_from(before);
                self.tell(format!("{done}: {}", entry.details), false);
            }
            Ok(None) => self.tell(format!("Nothing to {verb}."), false),
            Err(e) => self.tell(format!("Could not {verb}: {e}"), true),
        }
    }

    /// Saves and waits until the case file is written (after any save already being written); the outcome
    /// becomes the notice. Returns whether the case file holds every edit.
    pub fn save(&mut self) -> bool {
        self.wait_for_save();
        self.start_save();
        self.wait_for_save();
        self.notice.as_ref().is_some_and(|n| !n.is_error) && self.unsaved_edits() == 0
    }

    /// Begins a save written on its own thread; edits go on meanwhile. Asked for while a save is being written,
    /// another follows it. [`Desk::poll_save`] takes the outcome in.
    pub fn start_save(&mut self) {
        if let Some(task) = self.saving.as_mut() {
            task.again = true;
            return;
        }
        match self.session.begin_save() {
            Ok(job) => {
                self.tell(format!("Saving {}…", self.session.path().display()), false);
                self.saving = Some(SaveTask::start(job));
            }
            Err(e) => self.tell(format!("Not saved: {e}"), true),
        }
    }

    /// Whether a save is being written.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Takes in the outcome of the save being written, if it has one; true while a save is still being written.
    pub fn poll_save(&mut self) -> bool {
        let Some(written) = self.saving.as_ref().and_then(SaveTask::poll) else { return self.saving.is_some() };
        self.finish_save(written);
        self.saving.is_some()
    }

    /// Waits until no save is being written (its outcome, and that of one asked for after it, taken in).
    pub fn wait_for_save(&mut self) {
        while let Some(task) = self.saving.as_ref() {
            let written = task.wait();
            self.finish_save(written);
        }
    }

    fn finish_save(&mut self, written: crate::case::SaveWritten) {
        let again = self.saving.take().is_some_and(|t| t.again);
        match self.session.finish_save(written) {
            Ok(()) if again && self.session.unsaved_edits() > 0 => self.start_save(),
            Ok(()) => match self.session.unsaved_edits() {
                0 => self.tell(format!("Saved {}", self.session.path().display()), false),
                n => self.tell(
                    format!(
                        "Saved {}; {n} edit(s) made while it was written are not in it yet.",
                        self.session.path().display()
                    ),
                    false,
                ),
            },
            Err(e) => self.tell(format!("Not saved: {e}"), true),
        }
    }

    /// Restores the journal's unsaved edits (the reviewer chose to).
    pub fn replay_recovery(&mut self) {
        let Some(recovery) = self.recovery.take() else { return };
        match self.session.replay(&recovery) {
            Ok(n) => {
                self.changed_from(None);
                self.tell(
                    format!(
                        "Restored {n} unsaved edit(s) from the journal. Save (Ctrl+S) to keep them in the case file."
                    ),
                    false,
                );
            }
            Err(e) => {
                self.tell(format!("The unsaved edits could not be restored: {e}"), true);
                self.recovery = Some(recovery);
            }
        }
    }

    /// Sets the journal's unsaved edits aside (the file is kept, never deleted).
    pub fn discard_recovery(&mut self) {
        match self.session.discard_recovery() {
            Ok(aside) => {
                self.recovery = None;
                self.tell(format!("The unsaved edits were set aside in {}", aside.display()), false);
            }
            Err(e) => self.tell(format!("The journal could not be set aside: {e}"), true),
        }
    }

    pub fn select(&mut self, ids: Vec<EventId>, primary: Option<EventId>) {
        self.selection.set(ids, primary);
    }

    pub fn toggle(&mut self, id: EventId) {
        self.selection.toggle(id);
    }

    /// Shows measurement `id` in the inspector (the event selection is let go).
    pub fn select_measurement(&mut self, id: Option<crate::case::MeasurementId>) {
        self.selection.select_measurement(id);
    }

    pub fn select_claim(&mut self, claim: Option<crate::case::ClaimId>) {
        self.selection.claim = claim;
    }

    /// The hotkey of `type_id` was pressed with `frame` on screen.
    pub fn code(
        &mut self,
        type_id: &EventTypeId,
        timeline: &Timeline,
        frame: usize,
        reviewer: &str,
        media_at_coding: MediaAtCoding,
    ) {
        if let Err(e) = self.session.check_writable() {
            self.tell(format!("Not coded: {e}"), true);
            return;
        }
        let at = frame_point(timeline, frame);
        let marks = Marks {
            mark_in: self.mark_in.map(|f| frame_point(timeline, f)),
            mark_out: self.mark_out.map(|f| frame_point(timeline, f)),
        };
        let now = SystemClock.now_rfc3339();
        let ctx = CodingContext { media_id: &self.media_id, reviewer, now_utc: &now, media_at_coding };
        let mut open = self.open_intervals.clone();
        match press(self.session.case(), type_id, at, &mut open, &marks, &ctx) {
            Ok(Pressed::Opened(o)) => {
                self.open_intervals = open;
                let name = self.type_name(&o.type_id);
                self.tell(
                    format!("{name} started at frame {}; press its key again to end it (Esc cancels).", o.start.frame),
                    false,
                );
            }
            Ok(Pressed::Create { event, used_marks }) => {
                let id = event.id.clone();
                let what = format!(
                    "Coded {} at {}.{}",
                    self.type_name(&event.type_id),
                    match &event.end {
                        Some(end) => format!("frames {}–{}", event.start.frame, end.frame),
                        None => format!("frame {}", event.start.frame),
                    },
                    event.media_at_coding.warning().map(|w| format!(" Marked: {w}.")).unwrap_or_default()
                );
                if self.edit(Edit::AddEvent(event), reviewer) {
                    self.tell(what, false);
                    self.open_intervals = open;
                    if used_marks {
                        self.mark_in = None;
                        self.mark_out = None;
                    }
                    self.selection.set(vec![id.clone()], Some(id.clone()));
                    self.prompt = Some(id);
                }
            }
            Err(e) => self.tell(format!("Not coded: {e}"), true),
        }
    }

    fn type_name(&self, id: &EventTypeId) -> String {
        self.session.case().taxonomy.name_or_id(id).to_owned()
    }

    pub fn set_mark_in(&mut self, frame: usize) {
        self.mark_in = Some(frame);
    }

    pub fn set_mark_out(&mut self, frame: usize) {
        self.mark_out = Some(frame);
    }

    /// Esc: closes the prompt first, then cancels running intervals and clears the marks.
    pub fn escape(&mut self) {
        if self.prompt.take().is_some() {
            return;
        }
        let cancelled = self.open_intervals.len();
        self.open_intervals.clear();
        self.mark_in = None;
        self.mark_out = None;
        if cancelled > 0 {
            self.tell(format!("Cancelled {cancelled} running interval(s)."), false);
        }
    }

    /// Cancels one running interval (its × on the desk).
    pub fn cancel_interval(&mut self, type_id: &EventTypeId) {
        self.open_intervals.retain(|o| &o.type_id != type_id);
    }

    pub fn close_prompt(&mut self) {
        self.prompt = None;
    }

    /// Deletes the selected events as one undoable edit.
    pub fn delete_selected(&mut self, reviewer: &str) {
        let ids: Vec<EventId> = self.selection.events.iter().cloned().collect();
        if ids.is_empty() {
            return;
        }
        let n = ids.len();
        if self.edit(Edit::Batch(ids.into_iter().map(Edit::RemoveEvent).collect()), reviewer) {
            self.tell(format!("Deleted {n} event(s). Ctrl+Z brings them back."), false);
        }
    }

    /// The case file's name for the window title.
    pub fn file_name(&self) -> PathBuf {
        self.session.path().file_name().map(PathBuf::from).unwrap_or_default()
    }
}

impl Drop for Desk {
    /// A save being written is waited for and taken in (its journal reset) before the case's lock is let go, so no
    /// other session opens the case while its file is being replaced.
    fn drop(&mut self) {
        self.wait_for_save();
    }
}

/// Sets `modified_utc` on every event an edit rewrites (an undo restores the old stamp with the old event).
fn stamp_modified(edit: Edit, now: &str) -> Edit {
    match edit {
        Edit::UpdateEvent(mut e) => {
            e.modified_utc = now.to_owned();
            Edit::UpdateEvent(e)
        }
        Edit::Batch(edits) => Edit::Batch(edits.into_iter().map(|e| stamp_modified(e, now)).collect()),
        other => other,
    }
}
