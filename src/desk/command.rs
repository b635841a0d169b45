//! The vocabulary of coding: every hotkey, panel click and edit the desk understands becomes one of these commands,
//! applied by [`Desk::apply`] at the frame on screen. Tests drive the desk with the same commands the window sends.

use crate::case::{ClaimId, Edit, EventId, EventTypeId, MeasurementId, MediaAtCoding};
use crate::player::Timeline;

use super::adjudication::Settle;
use super::measure::MeasureCommand;
use super::state::Desk;

/// One request to the open case.
#[derive(Clone, Debug, PartialEq)]
pub enum DeskCommand {
    /// An event type's hotkey: add a point, or open/close an interval, at the frame on screen.
    Code(EventTypeId),
    /// I / O: mark the in or out point at the frame on screen.
    MarkIn,
    MarkOut,
    /// Esc: close the prompt, else cancel running intervals and clear the marks.
    Escape,
    /// Stop one running interval without creating it.
    CancelInterval(EventTypeId),
    /// Delete: remove the selected events (one undoable edit).
    DeleteSelected,
    /// Close the prompt shown after a new event.
    ClosePrompt,
    /// Apply one undoable change to the open case (journalled before it is acknowledged).
    Edit(Edit),
    Undo,
    Redo,
    /// Save the case (Ctrl+S).
    Save,
    /// Replace the event selection (`primary`: the one the inspector shows; `None`: the last of `ids`).
    SelectEvents {
        ids: Vec<EventId>,
        primary: Option<EventId>,
    },
    /// Add an event to the selection or take it out (Ctrl+click).
    ToggleEvent(EventId),
    /// Show a measurement in the inspector (timeline click); `None`: none.
    SelectMeasurement(Option<MeasurementId>),
    /// The measure tool: mark the frame on screen (Ctrl+M), take a mark out, type, save.
    Measure(MeasureCommand),
    /// Pick a claim on the claims board (`None`: no claim).
    SelectClaim(Option<ClaimId>),
    /// Restore the unsaved edits found in the journal, or set them aside.
    RecoverReplay,
    RecoverDiscard,
    DismissNotice,
    /// Settle a disagreement between reviewers, with the reason (the window's reviewer is the adjudicator).
    Adjudicate {
        settle: Settle,
        reason: String,
    },
}

/// Where and by whom a command is applied: the reviewer stamped on edits, and the player's frames with the one on
/// screen (`timeline`: `None` while the media is still being indexed; coding keys then do nothing).
#[derive(Clone, Copy, Debug)]
pub struct DeskAt<'a> {
    pub reviewer: &'a str,
    pub timeline: Option<&'a Timeline>,
    pub frame: usize,
    /// What is known now of the open file's identity; recorded on every event coded.
    pub media_at_coding: MediaAtCoding,
}

impl Desk {
    /// Applies one command; refusals and results become the desk's notice.
    pub fn apply(&mut self, cmd: DeskCommand, at: DeskAt<'_>) {
        let DeskAt { reviewer, timeline, frame, media_at_coding } = at;
        match cmd {
            DeskCommand::Code(type_id) => {
                if let Some(tl) = timeline {
                    self.code(&type_id, tl, frame, reviewer, media_at_coding);
                }
            }
            DeskCommand::MarkIn => self.set_mark_in(frame),
            DeskCommand::MarkOut => self.set_mark_out(frame),
            DeskCommand::Escape => self.escape(),
            DeskCommand::CancelInterval(type_id) => self.cancel_interval(&type_id),
            DeskCommand::DeleteSelected => self.delete_selected(reviewer),
            DeskCommand::ClosePrompt => self.close_prompt(),
            DeskCommand::Edit(edit) => {
                self.edit(edit, reviewer);
            }
            DeskCommand::Undo => self.undo(reviewer),
            DeskCommand::Redo => self.redo(reviewer),
            DeskCommand::Save => self.start_save(),
            DeskCommand::SelectEvents { ids, primary } => self.select(ids, primary),
            DeskCommand::ToggleEvent(id) => self.toggle(id),
            DeskCommand::SelectMeasurement(id) => self.select_measurement(id),
            DeskCommand::Measure(cmd) => self.measure(cmd, timeline, frame, reviewer),
            DeskCommand::SelectClaim(claim) => self.select_claim(claim),
            DeskCommand::RecoverReplay => self.replay_recovery(),
            DeskCommand::RecoverDiscard => self.discard_recovery(),
            DeskCommand::DismissNotice => self.dismiss_notice(),
            DeskCommand::Adjudicate { settle, reason } => {
                self.adjudicate(settle, &reason, at);
            }
        }
    }
}
