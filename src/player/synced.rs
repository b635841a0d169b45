//! A camera grid without a window. The focused camera is the full [`Player`] (sound, coding, J/K/L, steps); its
//! clock — the frame on screen while paused, the playback clock while playing — mapped through its clock map is the
//! wall clock. Every other camera is a [`Follower`] that shows its latest frame at or before that time, or says it
//! has no footage then. Focusing another camera makes it the player (the app reopens it) and the old one a follower.

use std::path::{Path, PathBuf};

use crate::case::{AtWall, Edit, Media};

use super::command::Direction;
use super::follower::Follower;
use super::multicam::{Camera, MultiCam, MultiCamCommand, Nudge};
use super::playback::{Opening, Player, Presented};
use super::state::Motion;

/// Frames further apart than this are a pause in the recording: the coverage bar shows a gap there.
pub const COVERAGE_GAP_SECS: f64 = 1.0;

/// What one view of the grid shows now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    /// The focused camera: the player's own picture.
    Focused,
    /// A following camera's frame at or before the wall clock (its picture may still be on its way).
    Frame(usize),
    /// The wall clock is outside this camera's footage.
    NoFootage,
    /// The camera has no clock map, so no frame of it belongs to a wall-clock time.
    NoClockMap,
    /// The camera's file is still opening, or the wall clock is not known yet.
    Opening,
    /// The camera's file could not be opened.
    Failed,
}

/// The cameras of a case on one wall clock: which is focused, and a follower for each of the others.
pub struct SyncedViews {
    multicam: MultiCam,
    paths: Vec<PathBuf>,
    followers: Vec<Option<Follower>>,
    /// Why a camera's file could not be opened, when it could not.
    failures: Vec<Option<String>>,
    wall_micros: Option<i64>,
    playing: Option<Direction>,
}

impl SyncedViews {
    /// The cameras (each media record with the file it resolves to), `focused` being the one the player shows.
    pub fn new(cameras: Vec<(Media, PathBuf)>, focused: usize) -> Self {
        let (medias, paths): (Vec<Media>, Vec<PathBuf>) = cameras.into_iter().unzip();
        let mut multicam = MultiCam::new(medias.into_iter().map(Camera::awaiting_frames).collect());
        let focused = focused.min(paths.len().saturating_sub(1));
        multicam.apply(MultiCamCommand::Focus(focused), "", "");
        let mut views = SyncedViews {
            multicam,
            followers: paths.iter().map(|_| None).collect(),
            failures: paths.iter().map(|_| None).collect(),
            paths,
            wall_micros: None,
            playing: None,
        };
        for index in 0..views.paths.len() {
            if index != focused {
                views.open_follower(index);
            }
        }
        views
    }

    fn open_follower(&mut self, index: usize) {
        let Some(path) = self.paths.get(index) else { return };
        match Follower::open(path) {
            Ok(f) => self.followers[index] = Some(f),
            Err(e) => self.failures[index] = Some(format!("{} could not be opened: {e}", path.display())),
        }
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn focused(&self) -> usize {
        self.multicam.focused()
    }

    pub fn cameras(&self) -> &[Camera] {
        self.multicam.cameras()
    }

    pub fn path(&self, index: usize) -> Option<&Path> {
        self.paths.get(index).map(PathBuf::as_path)
    }

    pub fn follower(&self, index: usize) -> Option<&Follower> {
        self.followers.get(index)?.as_ref()
    }

    /// The wall clock every view follows, once the focused camera is open and has a clock map.
    pub fn wall_micros(&self) -> Option<i64> {
        self.wall_micros
    }

    /// The union of the cameras' coverage on the wall clock.
    pub fn span_micros(&self) -> Option<(i64, i64)> {
        self.multicam.span_micros()
    }

    /// What view `index` shows now.
    pub fn view(&self, index: usize) -> View {
        if index == self.focused() {
            return View::Focused;
        }
        if self.failures.get(index).is_some_and(Option::is_some) {
            return View::Failed;
        }
        if let Some(Opening::Failed(_)) = self.follower(index).map(Follower::opening) {
            return View::Failed;
        }
        let Some(camera) = self.cameras().get(index) else { return View::Failed };
        if camera.media.wall_clock.as_ref().and_then(|m| m.origin_micros()).is_none() {
            return View::NoClockMap;
        }
        match self.wall_micros.and_then(|w| camera.at(w)) {
            Some(AtWall::Frame(frame)) => View::Frame(frame),
            Some(AtWall::BeforeFootage | AtWall::AfterFootage) => View::NoFootage,
            None => View::Opening,
        }
    }

    /// Why view `index` failed, in words.
    pub fn failure(&self, index: usize) -> Option<String> {
        if let Some(Some(words)) = self.failures.get(index) {
            return Some(words.clone());
        }
        match self.follower(index).map(Follower::opening) {
            Some(Opening::Failed(words)) => Some(words.clone()),
            _ => None,
        }
    }

    /// The picture a following view draws now (never one from after the wall clock).
    pub fn picture(&self, index: usize) -> Option<&Presented> {
        match self.view(index) {
            View::Frame(_) => self.follower(index)?.picture(),
            _ => None,
        }
    }

    /// Every following view shows exactly its frame (paused after a seek or a step: the grid is settled).
    pub fn is_exact(&self) -> bool {
        (0..self.len()).all(|i| match self.view(i) {
            View::Frame(frame) => self.follower(i).is_some_and(|f| f.is_exact() && f.shown_frame() == Some(frame)),
            View::Opening => false,
            _ => true,
        })
    }

    /// Moves the wall clock to where `player` (the focused camera) is, and lets every follower catch up; what each
    /// view may show now is [`Self::picture`]. Call once per UI frame, after the player's own update.
    pub fn update(&mut self, player: &Player, now_secs: f64) {
        let focused = self.focused();
        if let Some(timeline) = player.timeline() {
            if self.cameras().get(focused).is_some_and(|c| !c.has_frames()) {
                self.multicam.set_frames(focused, timeline);
            }
        }
        // A follower's frames once its file opens, or again when it was re-indexed (the count is the telling part).
        for (index, follower) in self.followers.iter().enumerate() {
            let Some(timeline) = follower.as_ref().and_then(Follower::timeline) else { continue };
            let known = self.multicam.cameras().get(index).map(Camera::frame_count);
            if known != Some(timeline.frame_count()) {
                self.multicam.set_frames(index, timeline);
            }
        }
        self.playing = match player.state().motion() {
            Motion::Playing { direction, .. } => Some(direction),
            Motion::Paused => None,
        };
        self.wall_micros = self.focused_wall(player, now_secs);
        if let Some(wall) = self.wall_micros {
            self.multicam.apply(MultiCamCommand::SeekWall(wall), "", "");
        }
        // Paused, the focused camera may still be decoding the frame it was sent to: every follower starts on the
        // frame for that moment at once, and shows it when the focused camera gets there.
        let going_to = match self.playing {
            None => self.cameras().get(focused).and_then(|c| c.wall_of(player.state().position())),
            Some(_) => self.wall_micros,
        };
        for index in 0..self.len() {
            let limit = match self.view(index) {
                View::Frame(frame) => Some(frame),
                _ => None,
            };
            let asked = match (going_to, self.cameras().get(index)) {
                (Some(wall), Some(camera)) if camera.media.wall_clock.is_some() => match camera.at(wall) {
                    Some(AtWall::Frame(frame)) => Some(frame),
                    _ => None,
                },
                _ => limit,
            };
            let playing = self.playing;
            if let Some(follower) = self.followers.get_mut(index).and_then(Option::as_mut) {
                follower.follow(asked.or(limit), limit, playing);
            }
        }
    }

    /// The focused camera's wall clock: its playback clock while playing, its frame on screen otherwise.
    fn focused_wall(&self, player: &Player, now_secs: f64) -> Option<i64> {
        let camera = self.cameras().get(self.focused())?;
        let timeline = player.timeline()?;
        let frame = player.frame_on_screen();
        if self.playing.is_some() {
            if let Some(secs) = player.media_secs(now_secs) {
                // The playback clock counts from frame 0; the clock map reads the media time of the citations.
                let media_secs = secs + timeline.media_secs_of(0) - timeline.secs_of(0);
                // Never ahead of what the focused view can show: its clock, bounded by its last frame's end.
                return camera.wall_at_media_secs(media_secs);
            }
        }
        camera.wall_of(frame)
    }

    /// Seconds until the next picture of any view is due while playing, for scheduling the next repaint: the
    /// focused player's next frame, or the moment the wall clock reaches a following camera's next frame (going
    /// back: leaves its current one), whichever comes first. `None` while paused.
    pub fn secs_until_next_frame(&self, player: &Player, now_secs: f64) -> Option<f64> {
        let Motion::Playing { direction, speed } = player.state().motion() else { return None };
        let wall = self.focused_wall(player, now_secs)?;
        let followers = (0..self.len()).filter(|i| *i != self.focused()).filter_map(|i| {
            let camera = self.cameras().get(i)?;
            let gap_micros = match (camera.at(wall)?, direction) {
                (AtWall::Frame(frame), Direction::Forward) => camera.wall_of(frame + 1)? - wall,
                (AtWall::BeforeFootage, Direction::Forward) => camera.wall_of(0)? - wall,
                (AtWall::Frame(frame), Direction::Reverse) => wall - camera.wall_of(frame)? + 1,
                _ => return None,
            };
            Some(gap_micros.max(0) as f64 / 1e6 / speed)
        });
        followers.chain(player.secs_until_next_frame(now_secs)).min_by(f64::total_cmp)
    }

    /// Where a seek to wall-clock time `wall_micros` lands: the focused camera and its frame when it has footage
    /// then, else the first camera that does (which the caller focuses). `None`: no camera has footage then.
    pub fn seek_target(&self, wall_micros: i64) -> Option<(usize, usize)> {
        let order = std::iter::once(self.focused()).chain((0..self.len()).filter(|i| *i != self.focused()));
        order.into_iter().find_map(|i| match self.cameras().get(i)?.at(wall_micros)? {
            AtWall::Frame(frame) => Some((i, frame)),
            _ => None,
        })
    }

    /// Makes camera `index` the focused one: its follower is let go (the app opens it as the player) and the one
    /// focused until now gets a follower. Returns false when `index` is already focused or out of range.
    pub fn refocus(&mut self, index: usize) -> bool {
        let before = self.focused();
        if index == before || index >= self.len() {
            return false;
        }
        self.multicam.apply(MultiCamCommand::Focus(index), "", "");
        self.followers[index] = None;
        self.open_follower(before);
        true
    }

    /// The edit that moves camera `camera`'s clock by `by`. Nudging the focused camera keeps its frame on screen
    /// and moves the wall clock, so the other views move against it — how a flash seen by two cameras is lined up;
    /// nudging another camera moves only that view.
    pub fn nudge(&mut self, camera: usize, by: Nudge, reviewer: &str, now_utc: &str) -> Option<Edit> {
        self.multicam.apply(MultiCamCommand::Nudge { camera, by }, reviewer, now_utc)
    }

    /// Takes a camera's media record as the case now holds it (a sync or nudge applied, undone or redone).
    pub fn set_media(&mut self, media: &Media) {
        self.multicam.set_media(media);
    }
}
