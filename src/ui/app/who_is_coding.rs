//! Who is coding: nothing is signed by a name nobody gave. The first command of a session that would sign an edit
//! (a coding key, a link, an undo, a nudge, any edit) waits while the window asks "Who is coding?" with the
//! remembered name filled in; once the reviewer confirms, the waiting commands are applied — each at the frame that
//! was on screen when it was given — and the name is remembered and shown in the title bar. Cancel drops them, and
//! the desk says so.

use crate::desk::{DeskCommand, MeasureCommand};
use crate::player::multicam::MultiCamCommand;
use crate::ui::app::commands::{SyncCommand, UiCommand, WindowCommand};
use crate::ui::app::ClaimFrameApp;

/// The question on screen, and what waits for its answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewerQuestion {
    /// The name as typed (filled with the remembered one).
    pub name: String,
    /// The commands that wait, each with the frame on screen when it was given.
    pub waiting: Vec<(UiCommand, usize)>,
    /// Whether the name field was given the keyboard (once, when the question appeared).
    pub focused: bool,
}

/// Whether the reviewer has said who they are in this session, and the question while it is asked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WhoIsCoding {
    /// Set once a name was confirmed in this session (never persisted: each session asks once).
    pub confirmed: bool,
    pub question: Option<ReviewerQuestion>,
}

impl WhoIsCoding {
    /// Holds `cmd` when it would sign an edit and nobody has said who is coding (`remembered` fills the question);
    /// otherwise hands it back to be applied now.
    pub fn hold(&mut self, cmd: UiCommand, frame_on_screen: usize, remembered: &str) -> Option<UiCommand> {
        if self.confirmed || !signs_an_edit(&cmd) {
            return Some(cmd);
        }
        let question = self
            .question
            .get_or_insert_with(|| ReviewerQuestion { name: remembered.to_owned(), ..ReviewerQuestion::default() });
        question.waiting.push((cmd, frame_on_screen));
        None
    }

    /// The reviewer confirmed: the commands that waited, in order.
    pub fn confirm(&mut self) -> Vec<(UiCommand, usize)> {
        self.confirmed = true;
        self.question.take().map(|q| q.waiting).unwrap_or_default()
    }

    /// The reviewer cancelled: how many commands were dropped.
    pub fn cancel(&mut self) -> usize {
        self.question.take().map_or(0, |q| q.waiting.len())
    }
}

/// Whether applying `cmd` records an edit signed with the reviewer's name.
pub fn signs_an_edit(cmd: &UiCommand) -> bool {
    match cmd {
        UiCommand::Desk(c) => matches!(
            c,
            DeskCommand::Code(_)
                | DeskCommand::Edit(_)
                | DeskCommand::DeleteSelected
                | DeskCommand::Undo
                | DeskCommand::Redo
                | DeskCommand::Measure(MeasureCommand::Save)
                | DeskCommand::Adjudicate { .. }
        ),
        UiCommand::Cameras(c) => matches!(c, MultiCamCommand::Nudge { .. }),
        UiCommand::Window(c) => matches!(c, WindowCommand::Sync(SyncCommand::Apply)),
        UiCommand::Player(_) => false,
    }
}

impl ClaimFrameApp {
    /// Forgets that the reviewer's name was confirmed: the next edit asks "Who is coding?" again.
    pub fn ask_who_is_coding(&mut self) {
        self.who = WhoIsCoding::default();
    }

    /// Whether the reviewer's name was confirmed in this session.
    pub fn reviewer_confirmed(&self) -> bool {
        self.who.confirmed
    }

    /// The "Who is coding?" question, while it is asked.
    pub fn reviewer_question(&self) -> Option<&ReviewerQuestion> {
        self.who.question.as_ref()
    }

    /// `cmd`, or `None` when it would sign an edit of the open (writable) case before anyone said who is coding: it
    /// then waits for the answer to "Who is coding?".
    pub(super) fn hold_unsigned(&mut self, cmd: UiCommand) -> Option<UiCommand> {
        let Some(file) = self.file.as_ref().filter(|f| f.desk.as_ref().is_some_and(|d| !d.is_read_only())) else {
            return Some(cmd);
        };
        let frame = file.player.frame_on_screen();
        self.who.hold(cmd, frame, &self.prefs.reviewer)
    }

    /// The reviewer said who is coding: the name is remembered and the commands that waited are applied, each at
    /// the frame that was on screen when it was given.
    pub(super) fn confirm_reviewer(&mut self, ctx: &egui::Context, name: String) {
        self.prefs.reviewer = name;
        for (cmd, frame) in self.who.confirm() {
            match cmd {
                UiCommand::Desk(c) => self.apply_desk_at(c, Some(frame)),
                other => self.apply(ctx, vec![other]),
            }
        }
    }

    /// The reviewer would not say who is coding: what waited is dropped, and the desk says so.
    pub(super) fn cancel_reviewer_question(&mut self) {
        let dropped = self.who.cancel();
        if let Some(desk) = self.file.as_mut().and_then(|f| f.desk.as_mut()) {
            desk.tell(
                format!("Not changed: {dropped} edit(s) dropped, because nobody said who is coding (edits ask again)."),
                true,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::PlayerCommand;

    #[test]
    fn signing_commands_wait_for_a_name_and_others_pass() {
        let mut who = WhoIsCoding::default();
        let step = UiCommand::Player(PlayerCommand::Step(1));
        assert_eq!(who.hold(step.clone(), 3, "reviewer"), Some(step));
        let mark = UiCommand::Desk(DeskCommand::MarkIn);
        assert_eq!(who.hold(mark.clone(), 3, "reviewer"), Some(mark));
        let code = UiCommand::Desk(DeskCommand::Code("brake".into()));
        assert_eq!(who.hold(code.clone(), 40, "Ana"), None);
        assert_eq!(who.hold(UiCommand::Desk(DeskCommand::Undo), 41, "ignored"), None);
        assert_eq!(who.question.as_ref().map(|q| q.name.as_str()), Some("Ana"));
        assert_eq!(who.confirm(), vec![(code.clone(), 40), (UiCommand::Desk(DeskCommand::Undo), 41)]);
        assert_eq!(who.hold(code.clone(), 42, "Ana"), Some(code));
    }

    #[test]
    fn cancelling_drops_what_waited_and_asks_again_next_time() {
        let mut who = WhoIsCoding::default();
        let code = UiCommand::Desk(DeskCommand::Code("brake".into()));
        assert_eq!(who.hold(code.clone(), 1, "Ana"), None);
        assert_eq!(who.cancel(), 1);
        assert!(!who.confirmed && who.question.is_none());
        assert_eq!(who.hold(code, 2, "Ana"), None);
    }
}
