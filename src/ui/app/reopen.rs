//! Reopen where you left off: when a file opens, once it can show frames, the window puts it back on the camera,
//! frame and timeline zoom it was left at (kept in the preferences, for the last files, never in the case); from
//! then on the preferences follow where the reviewer is, so saving them (on exit, and every so often) keeps the
//! place. A frame is always of the camera it was recorded on: a case left on its second camera reopens on that one.

use crate::player::PlayerCommand;
use crate::ui::app::prefs::{FilePosition, Prefs, TimelineView};
use crate::ui::app::ClaimFrameApp;
use crate::ui::panels::timeline::zoom::Viewport;

impl ClaimFrameApp {
    /// Restores the file on screen to where it was left (once, as soon as its frames are indexed), then records
    /// where it is now.
    pub(super) fn track_position(&mut self) {
        let Some(file) = self.file.as_mut() else { return };
        let Some(frame_count) = file.player.timeline().map(|t| t.frame_count()) else { return };
        let path = file.target.case_file.clone().unwrap_or_else(|| file.target.video.clone());
        let now = file.player.now_secs();
        if !file.position_restored {
            file.position_restored = true;
            let Some(left) = self.prefs.position_of(&path).cloned() else { return };
            file.pending_timeline_view = left.timeline.filter(|v| v.px_per_frame > 0.0 && v.first_frame.is_finite());
            let on_screen = file.desk.as_ref().map(|d| d.media_id());
            match left.media_id.filter(|m| on_screen.is_some_and(|s| s != m)) {
                // Left on another camera of the case: focus it, at its frame.
                Some(media) => self.go_to_media_frame(&media, left.frame),
                None => {
                    let frame = left.frame.min(frame_count.saturating_sub(1));
                    file.player.apply(PlayerCommand::GoToFrame(frame), now);
                }
            }
            return;
        }
        if let Some(view) = file.pending_timeline_view {
            // The timeline starts each file on the whole file when it first draws it; the zoom goes on after that.
            if file.desk.is_some() && self.prefs.show_timeline && file.desk_windows.timeline.viewport().is_none() {
                return;
            }
            file.pending_timeline_view = None;
            let viewport = Viewport { first_frame: view.first_frame, px_per_frame: view.px_per_frame };
            file.desk_windows.timeline.set_viewport(viewport, now);
            return;
        }
        let frame = file.player.state().position();
        let timeline = file
            .desk
            .as_ref()
            .and(file.desk_windows.timeline.viewport())
            .map(|v| TimelineView { first_frame: v.first_frame, px_per_frame: v.px_per_frame });
        let media_id = file.desk.as_ref().map(|d| d.media_id().clone());
        self.prefs.set_position(FilePosition { path, media_id, frame, timeline });
    }

    /// The preferences as the window saves them: with where the file on screen is now.
    pub fn prefs_to_save(&mut self) -> Prefs {
        if self.file.as_ref().is_some_and(|f| f.position_restored) {
            self.track_position();
        }
        self.prefs.clone()
    }
}
