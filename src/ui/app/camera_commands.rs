//! Carrying out the camera grid's commands. Focusing a camera makes the desk code on it and reopens the player on
//! its file at the wall clock's time (playing on if it was playing); a wall-clock seek lands on the focused camera
//! when it has footage then, else on the first camera that does; a nudge is an audited edit of a clock map, made
//! only while paused (the reviewer is lining up a moment frame by frame). Going to a frame of another camera (a
//! disagreement the Agreement view shows) focuses that camera on it.

use crate::case::{AtWall, Clock, SystemClock};
use crate::desk::Desk;
use crate::exchange::sync_job::{FramePair, SyncMethod};
use crate::player::multicam::MultiCamCommand;
use crate::player::PlayerCommand;
use crate::ui::app::camera_grid::CameraGrid;
use crate::ui::app::commands::SyncCommand;
use crate::ui::app::sync_task::SyncTask;
use crate::ui::app::{open_target, ClaimFrameApp};
use crate::ui::app::{start_player, timeline_thumbnails};

impl ClaimFrameApp {
    /// Applies one command of the camera grid (ignored when the open file has no grid).
    pub(super) fn apply_cameras(&mut self, cmd: MultiCamCommand) {
        match cmd {
            MultiCamCommand::Focus(index) => self.focus_camera(index, None),
            MultiCamCommand::SeekWall(wall_micros) => self.seek_wall(wall_micros),
            MultiCamCommand::StepFocused(by) => self.apply_player_command(PlayerCommand::Step(i64::from(by))),
            MultiCamCommand::Nudge { camera, by } => self.nudge_camera(camera, by),
        }
    }

    /// The wall clock every view follows, when a grid is open and the focused camera has a clock map.
    pub fn wall_micros(&self) -> Option<i64> {
        self.file.as_ref()?.grid.as_ref()?.views.wall_micros()
    }

    /// Makes camera `index` the focused one, on `frame` (default: its frame at the wall clock's time).
    fn focus_camera(&mut self, index: usize, frame: Option<usize>) {
        let Some(file) = self.file.as_mut() else { return };
        let (Some(grid), Some(desk)) = (file.grid.as_mut(), file.desk.as_mut()) else { return };
        if index >= grid.views.len() {
            return;
        }
        if index == grid.views.focused() {
            if let Some(frame) = frame {
                let now = file.player.now_secs();
                file.player.apply(PlayerCommand::GoToFrame(frame), now);
            }
            return;
        }
        let id = grid.ids[index].clone();
        let was = desk.media_id().clone();
        if desk.focus_media(&id).is_err() {
            return; // the desk said why
        }
        let target = match open_target::for_case(desk.path(), desk.case(), &id) {
            Ok(t) => t,
            Err(e) => {
                let _ = desk.focus_media(&was);
                desk.tell(e, true);
                return;
            }
        };
        let camera = &grid.views.cameras()[index];
        let frame = frame.or_else(|| {
            let at = camera.at(grid.views.wall_micros()?)?;
            Some(match at {
                AtWall::Frame(f) => f,
                AtWall::BeforeFootage => 0,
                AtWall::AfterFootage => camera.frame_count().saturating_sub(1),
            })
        });
        let player = match start_player(&target.video, &self.player_options, &self.prefs) {
            Ok(p) => p,
            Err(e) => {
                let _ = desk.focus_media(&was);
                desk.tell(format!("{} could not be opened: {e}", target.video.display()), true);
                return;
            }
        };
        let playing = file.player.state().is_playing();
        let before = grid.views.focused();
        grid.views.refocus(index);
        // The picture the old focused view showed stays on screen as that camera's following view.
        grid.textures[before] = file.texture.take();
        grid.texture_frames[before] = file.player.shown_frame();
        file.texture = grid.textures[index].take();
        grid.texture_frames[index] = None;
        grid.pending_frame = frame.map(|f| (f, playing));
        file.thumbnails = Some(timeline_thumbnails(&target.video));
        file.player = player;
        file.target = target;
    }

    /// Shows `frame` of media `media_id`: on screen when it is the file there, else on its camera of the grid
    /// (focused); a media file that is neither is said in words.
    pub(super) fn go_to_media_frame(&mut self, media_id: &crate::case::MediaId, frame: usize) {
        let Some(file) = self.file.as_mut() else { return };
        let Some(desk) = file.desk.as_mut() else { return };
        if desk.media_id() == media_id {
            let now = file.player.now_secs();
            file.player.apply(PlayerCommand::GoToFrame(frame), now);
            return;
        }
        match file.grid.as_ref().and_then(|g| g.ids.iter().position(|id| id == media_id)) {
            Some(index) => self.focus_camera(index, Some(frame)),
            None => desk.tell(format!("That is on media {media_id}, which is not open here (frame {frame})."), false),
        }
    }

    fn seek_wall(&mut self, wall_micros: i64) {
        let Some(file) = self.file.as_mut() else { return };
        let Some(grid) = file.grid.as_ref() else { return };
        match grid.views.seek_target(wall_micros) {
            Some((index, frame)) => self.focus_camera(index, Some(frame)),
            None => {
                if let Some(desk) = file.desk.as_mut() {
                    desk.tell("No camera has footage at that time.", false);
                }
            }
        }
    }

    fn nudge_camera(&mut self, camera: usize, by: crate::player::multicam::Nudge) {
        let reviewer = self.prefs.reviewer.clone();
        let Some(file) = self.file.as_mut() else { return };
        let (Some(grid), Some(desk)) = (file.grid.as_mut(), file.desk.as_mut()) else { return };
        if file.player.state().is_playing() {
            desk.tell("Pause to nudge a camera's clock: a nudge lines up one moment frame by frame.", false);
            return;
        }
        match grid.views.nudge(camera, by, &reviewer, &SystemClock.now_rfc3339()) {
            Some(edit) => {
                if desk.edit(edit, &reviewer) {
                    grid.refresh_maps(desk.case(), desk.revision());
                }
            }
            None => desk.tell(format!("{} has no clock map to nudge; sync it first.", grid.name(camera)), true),
        }
    }
}

impl ClaimFrameApp {
    /// Carries out a request of the sync panel.
    pub(super) fn apply_sync(&mut self, cmd: SyncCommand) {
        let reviewer = self.prefs.reviewer.clone();
        let Some(file) = self.file.as_mut() else { return };
        let (Some(grid), Some(desk)) = (file.grid.as_mut(), file.desk.as_mut()) else { return };
        let focused = grid.views.focused();
        let id = |index: usize| grid.ids.get(index).cloned();
        let start = |grid: &mut CameraGrid, desk: &Desk, camera: usize, method: SyncMethod| {
            let (Some(media), reference) = (grid.ids.get(camera).cloned(), grid.ids.get(focused).cloned()) else {
                return;
            };
            let reference = (camera != focused).then_some(reference).flatten();
            grid.sync_task =
                Some(SyncTask::start(desk.case(), desk.path().to_path_buf(), media, reference, method, &reviewer));
        };
        match cmd {
            SyncCommand::ByAudio(camera) => start(grid, desk, camera, SyncMethod::Audio),
            SyncCommand::ByMetadata(camera) => start(grid, desk, camera, SyncMethod::Metadata),
            SyncCommand::ByPoints(camera) => {
                let points = grid.points.points.clone();
                start(grid, desk, camera, SyncMethod::Points(points));
            }
            SyncCommand::MarkPoint(camera) => {
                let (Some(media), Some(reference)) = (id(camera), id(focused)) else { return };
                let Some(frame) = grid.views.follower(camera).and_then(|f| f.shown_frame()) else {
                    desk.tell("That camera shows no frame now: move to a moment both cameras see.", false);
                    return;
                };
                let pair = FramePair {
                    media_frame: frame as u64,
                    reference_frame: file.player.frame_on_screen() as u64,
                    label: format!("marked by {reviewer}"),
                };
                grid.points.add(&media, &reference, pair);
            }
            SyncCommand::ClearPoints => grid.points = Default::default(),
            SyncCommand::Apply => {
                let Some(Some(Ok(proposal))) = grid.sync_task.as_ref().map(|t| t.result.as_ref()) else { return };
                let edit = proposal.edit();
                if desk.edit(edit, &reviewer) {
                    grid.sync_task = None;
                    grid.points = Default::default();
                    grid.refresh_maps(desk.case(), desk.revision());
                }
            }
            SyncCommand::Discard => grid.sync_task = None,
        }
    }
}
