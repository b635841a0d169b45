//! Handing the coding commands (hotkeys, marks, edits, undo/redo, save, selection, recovery) to the open case, at
//! the frame on screen and as the reviewer set in the window. What each one does is [`Desk::apply`]'s business.
//! Commands arriving without an open case are ignored: there is nothing to code into.
//!
//! [`Desk::apply`]: crate::desk::Desk::apply

use super::app::ClaimFrameApp;
use crate::desk::{DeskAt, DeskCommand};

impl ClaimFrameApp {
    /// Applies one coding command to the open case.
    pub(super) fn apply_desk(&mut self, cmd: DeskCommand) {
        let reviewer = self.prefs().reviewer.clone();
        let Some(session) = self.session_mut() else { return };
        let Some(desk) = session.desk.as_mut() else { return };
        let frame = session.player.shown_frame().unwrap_or(session.player.state().position());
        desk.apply(cmd, DeskAt { reviewer: &reviewer, timeline: session.player.timeline(), frame });
    }
}
