//! Applying the coding commands (hotkeys, marks, edits, undo/redo, save, selection, recovery) to the open case,
//! at the frame on screen. Commands arriving without an open case are ignored: there is nothing to code into.

use super::app::ClaimFrameApp;
use super::commands::UiCommand;

impl ClaimFrameApp {
    /// Applies one coding command to the open case.
    pub(super) fn apply_desk(&mut self, cmd: UiCommand) {
        let reviewer = self.prefs().reviewer.clone();
        let Some(session) = self.session_mut() else { return };
        let Some(desk) = session.desk.as_mut() else { return };
        let frame = session.player.shown_frame().unwrap_or(session.player.state().position());
        let timeline = session.player.timeline();
        match cmd {
            UiCommand::Code(type_id) => {
                if let Some(tl) = timeline {
                    desk.code(&type_id, tl, frame, &reviewer);
                }
            }
            UiCommand::MarkIn => desk.set_mark_in(frame),
            UiCommand::MarkOut => desk.set_mark_out(frame),
            UiCommand::Escape => desk.escape(),
            UiCommand::CancelInterval(type_id) => desk.cancel_interval(&type_id),
            UiCommand::DeleteSelected => desk.delete_selected(&reviewer),
            UiCommand::ClosePrompt => desk.close_prompt(),
            UiCommand::Edit(edit) => {
                desk.edit(edit, &reviewer);
            }
            UiCommand::Undo => desk.undo(&reviewer),
            UiCommand::Redo => desk.redo(&reviewer),
            UiCommand::Save => {
                desk.save();
            }
            UiCommand::SelectEvents { ids, primary } => desk.select(ids, primary),
            UiCommand::ToggleEvent(id) => desk.toggle(id),
            UiCommand::SelectClaim(claim) => desk.select_claim(claim),
            UiCommand::RecoverReplay => desk.replay_recovery(),
            UiCommand::RecoverDiscard => desk.discard_recovery(),
            UiCommand::DismissNotice => desk.dismiss_notice(),
            other => tracing::debug!("not a coding command: {other:?}"),
        }
    }
}
