//! Handing the coding commands (hotkeys, marks, edits, undo/redo, save, selection, recovery) to the open case, at
//! the frame on screen and as the reviewer set in the window. What each one does is [`Desk::apply`]'s business.
//! Commands arriving without an open case are ignored: there is nothing to code into.
//!
//! [`Desk::apply`]: crate::desk::Desk::apply

use crate::desk::{DeskAt, DeskCommand};
use crate::ui::app::commands::UiCommand;
use crate::ui::app::ClaimFrameApp;

impl ClaimFrameApp {
    /// Applies one coding command to the open case, as a key or a panel would (one that signs an edit waits for
    /// "Who is coding?" when nobody has said yet).
    pub fn apply_desk(&mut self, cmd: DeskCommand) {
        if let Some(UiCommand::Desk(cmd)) = self.hold_unsigned(UiCommand::Desk(cmd)) {
            self.apply_desk_at(cmd, None);
        }
    }

    /// As [`ClaimFrameApp::apply_desk`], at `frame` (`None`: the frame on screen now).
    pub(super) fn apply_desk_at(&mut self, cmd: DeskCommand, frame: Option<usize>) {
        let reviewer = self.prefs().reviewer.clone();
        let Some(file) = self.file_mut() else { return };
        let media_at_coding = file.media_at_coding();
        let Some(desk) = file.desk.as_mut() else { return };
        let frame = frame.unwrap_or_else(|| file.player.frame_on_screen());
        desk.apply(cmd, DeskAt { reviewer: &reviewer, timeline: file.player.timeline(), frame, media_at_coding });
    }
}
