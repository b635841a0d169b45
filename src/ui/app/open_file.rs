//! The file on screen and everything the window keeps for it alone: the video (and the case it came from), its
//! player and desk, the timeline's thumbnails, the picture's texture, zoom and pan, the coding panels' state, the
//! Timing view (with the timing report the timeline's ruler marks), and the camera grid of a case with several
//! cameras.
//! Opening another file replaces this one value, so nothing of the last file lingers.

use crate::case::MediaAtCoding;
use crate::desk::Desk;
use crate::player::thumbnails::ThumbnailWorker;
use crate::player::Player;
use crate::ui::app::camera_grid::CameraGrid;
use crate::ui::app::desk_windows::DeskWindows;
use crate::ui::app::open_target::OpenTarget;
use crate::ui::player::info_ui::WallClock;
use crate::ui::player::video_view::ViewState;
use crate::ui::windows::timing_state::TimingWindow;

/// A file being reviewed, the case it belongs to (when opened from one), and the window's state for it.
pub struct OpenFile {
    pub target: OpenTarget,
    pub player: Player,
    pub desk: Option<Desk>,
    /// Keyframe thumbnails for the timeline, made on their own thread (cases only).
    pub thumbnails: Option<ThumbnailWorker>,
    /// The picture's zoom and pan.
    pub view: ViewState,
    /// The picture's texture: created once, then updated in place.
    pub texture: Option<egui::TextureHandle>,
    /// How many times smaller than the decoded picture the texture is on each side: 1, unless the picture is larger
    /// than the graphics card's largest texture.
    pub texture_shrink: u32,
    /// The coding desk's windows and panels (prompt, taxonomy editor, timeline, table, inspector, claims board).
    pub desk_windows: DeskWindows,
    /// The camera grid, when the case has several media files.
    pub grid: Option<CameraGrid>,
    /// The Timing view and the timing report of the file on screen.
    pub timing: TimingWindow,
    /// Whether the file was put back where it was left last time (see `reopen`).
    pub position_restored: bool,
    /// The timeline zoom to put back once the timeline has been drawn (it starts from the whole file).
    pub pending_timeline_view: Option<crate::ui::app::prefs::TimelineView>,
}

impl OpenFile {
    /// A freshly opened file: picture fitted to the window, no texture yet, panels in their first state (`desk_windows`,
    /// their caches perhaps made already by the thread that opened the case).
    pub fn new(
        target: OpenTarget,
        player: Player,
        desk: Option<Desk>,
        desk_windows: DeskWindows,
        thumbnails: Option<ThumbnailWorker>,
    ) -> Self {
        let mut view = ViewState::default();
        view.fit();
        let grid = desk.as_ref().and_then(|d| CameraGrid::for_case(d.path(), d.case(), d.media_id(), d.revision()));
        let timing = TimingWindow::default();
        OpenFile {
            target,
            player,
            desk,
            thumbnails,
            view,
            texture: None,
            texture_shrink: 1,
            desk_windows,
            grid,
            timing,
            position_restored: false,
            pending_timeline_view: None,
        }
    }

    /// What is known now of the file's identity against the case: still hashing, verified, or not matching.
    pub(crate) fn media_at_coding(&self) -> MediaAtCoding {
        let bg = self.player.background();
        MediaAtCoding::from_hash(
            self.target.expected_sha256.as_deref().unwrap_or(""),
            bg.sha256.as_deref(),
            bg.hash_failed.is_some(),
        )
    }

    /// The wall clock: the case's clock map when it has one, else the container's creation time.
    pub(crate) fn wall_clock(&self) -> Option<WallClock> {
        if let Some(mapped) = self.target.wall_clock.as_ref().and_then(WallClock::from_map) {
            return Some(mapped);
        }
        let created = self.player.media()?.creation_time.as_deref()?;
        WallClock::from_creation_time(created, "source: container creation_time tag")
    }
}
