//! The window's side of a case with several cameras: the synced views (see [`crate::player::synced`]), a texture
//! per following view, the frame the newly focused camera opens on, and whether the sync panel shows. Built when a
//! case with two or more media files opens; carrying out the grid's commands (focus, wall-clock seek, nudge) is
//! [`super::camera_commands`].

use std::path::Path;

use crate::case::{same_moment_as_event, CameraFrames, Case, EventId, MediaId};
use crate::player::synced::{SyncedViews, COVERAGE_GAP_SECS};
use crate::player::Timeline;
use crate::ui::app::sync_task::{MarkedPoints, SyncTask};

/// The grid shows at most this many cameras (the layout is made for 1–8 views).
pub const MAX_CAMERAS: usize = 8;

/// The camera grid of the open case.
pub struct CameraGrid {
    pub views: SyncedViews,
    /// The media id of each view, in the case's order.
    pub ids: Vec<MediaId>,
    /// One texture per following view (the focused view draws the file's own texture).
    pub textures: Vec<Option<egui::TextureHandle>>,
    /// The frame each texture holds.
    pub texture_frames: Vec<Option<usize>>,
    /// The frame a newly focused camera goes to once its file is open (the wall clock's time on it), and whether
    /// it plays on from there.
    pub pending_frame: Option<(usize, bool)>,
    /// The desk revision whose clock maps the views hold.
    pub revision: u64,
    pub sync_open: bool,
    /// A sync asked for from the panel, working or waiting to be applied.
    pub sync_task: Option<SyncTask>,
    /// Sync points marked in the panel.
    pub points: MarkedPoints,
    /// Each camera's frame times for the "same moment" query, read once per camera from its opened file.
    frames: Vec<CameraFrames>,
    /// The inspector's "same moment on the other cameras" for one event at one desk revision, in words.
    same_moment: Option<(EventId, u64, Vec<String>)>,
    /// Each camera's coverage on the wall clock, for the strip, with the key it was computed for.
    coverage: (CoverageKey, Vec<Vec<(i64, i64)>>),
}

/// What the coverage depends on: the clock maps' revision and each camera's frame count.
type CoverageKey = (u64, Vec<usize>);

impl CameraGrid {
    /// The grid for `case` (at `case_path`) focused on `focused`, when the case has two or more media files; the
    /// first [`MAX_CAMERAS`] are shown.
    pub fn for_case(case_path: &Path, case: &Case, focused: &MediaId, revision: u64) -> Option<Self> {
        if case.media.len() < 2 {
            return None;
        }
        let dir = case_path.parent().unwrap_or(Path::new("."));
        let medias: Vec<_> = case.media.values().take(MAX_CAMERAS).collect();
        let focus = medias.iter().position(|m| &m.id == focused)?;
        let cameras = medias
            .iter()
            .map(|m| {
                let candidates = m.candidate_paths(dir);
                let path = candidates.iter().find(|p| p.exists()).or(candidates.first()).cloned().unwrap_or_default();
                ((*m).clone(), path)
            })
            .collect();
        Some(CameraGrid {
            views: SyncedViews::new(cameras, focus),
            ids: medias.iter().map(|m| m.id.clone()).collect(),
            textures: medias.iter().map(|_| None).collect(),
            texture_frames: medias.iter().map(|_| None).collect(),
            pending_frame: None,
            revision,
            sync_open: false,
            sync_task: None,
            frames: Vec::new(),
            same_moment: None,
            points: MarkedPoints::default(),
            coverage: ((0, Vec::new()), Vec::new()),
        })
    }

    /// Takes the clock maps as the case now holds them (after an edit, an undo or a redo).
    pub fn refresh_maps(&mut self, case: &Case, revision: u64) {
        if revision == self.revision {
            return;
        }
        self.revision = revision;
        for id in &self.ids {
            if let Some(media) = case.media.get(id) {
                self.views.set_media(media);
            }
        }
    }

    /// Each camera's wall-clock coverage, split at pauses in the recording; recomputed only when a clock map or a
    /// camera's frames changed.
    pub fn coverage(&mut self) -> &[Vec<(i64, i64)>] {
        let key = (self.revision, self.views.cameras().iter().map(|c| c.frame_count()).collect::<Vec<_>>());
        if self.coverage.0 != key {
            let segments = self.views.cameras().iter().map(|c| c.coverage_segments_micros(COVERAGE_GAP_SECS)).collect();
            self.coverage = (key, segments);
        }
        &self.coverage.1
    }

    /// What the other cameras show at the start of `event` (computed when asked, then kept for this revision):
    /// each camera's frame at or before that instant with its citation, or why it shows none. `focused` is the
    /// focused camera's frames (the followers give the others').
    pub fn same_moment(
        &mut self,
        case: &Case,
        event: &EventId,
        revision: u64,
        focused: Option<&Timeline>,
    ) -> &[String] {
        let known = |frames: &[CameraFrames], id: &MediaId| frames.iter().any(|f| f.media_id() == id);
        for (index, id) in self.ids.iter().enumerate() {
            if known(&self.frames, id) {
                continue;
            }
            let timeline = if index == self.views.focused() {
                focused
            } else {
                self.views.follower(index).and_then(|f| f.timeline())
            };
            if let Some(t) = timeline {
                let pts = (0..t.frame_count()).map(|f| t.pts_ticks_at(f)).collect();
                self.frames.push(CameraFrames::new(id.clone(), pts, t.time_base_num, t.time_base_den));
            }
        }
        let fresh = self.same_moment.as_ref().is_some_and(|(e, r, _)| e == event && *r == revision);
        if !fresh {
            let lines = match same_moment_as_event(case, event, &self.frames) {
                Ok(Some(moment)) => moment.cameras.iter().map(ToString::to_string).collect(),
                Ok(None) => vec!["The event's camera has no clock map: sync it to see the other cameras.".to_owned()],
                Err(e) => vec![format!("Not computed: {e}")],
            };
            self.same_moment = Some((event.clone(), revision, lines));
        }
        self.same_moment.as_ref().map_or(&[], |(_, _, lines)| lines.as_slice())
    }

    /// A camera's name for the grid: its file name.
    pub fn name(&self, index: usize) -> String {
        self.views
            .path(index)
            .and_then(|p| p.file_name())
            .map_or_else(|| format!("camera {}", index + 1), |n| n.to_string_lossy().into_owned())
    }
}

/// Columns and rows for `count` views: one row up to two, then 2×2, 3×2, 4×2.
pub fn grid_shape(count: usize) -> (usize, usize) {
    match count {
        0 | 1 => (1, 1),
        2 => (2, 1),
        3 | 4 => (2, 2),
        5 | 6 => (3, 2),
        _ => (4, 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_fits_the_count() {
        for count in 1..=MAX_CAMERAS {
            let (columns, rows) = grid_shape(count);
            assert!(columns * rows >= count, "{count} views in {columns}×{rows}");
            assert!(columns * rows < count + columns, "no empty row for {count}");
        }
    }
}
