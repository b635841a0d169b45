//! The picture: drawn aspect-correct (the stored size stretched by the sample aspect ratio; rotation is already in
//! the decoded picture), fitted to the space by default, zoomed with the wheel around the cursor, panned by
//! dragging, "Fit" and "1:1" on request. The view state is geometry only; changes arrive as commands.

use egui::{Pos2, Rect, Sense, Vec2};

use crate::ui::app::commands::{UiCommand, WindowCommand};

pub const MIN_ZOOM: f32 = 0.05;
pub const MAX_ZOOM: f32 = 64.0;

/// How the picture sits in its space.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewState {
    /// Screen points per displayed picture pixel; `None` fits the picture to the space.
    pub zoom: Option<f32>,
    /// Offset of the picture's centre from the space's centre, in points.
    pub pan: Vec2,
    /// The space and the fitting zoom at the last draw (what zoom commands are relative to).
    pub last_rect: Rect,
    pub last_fit_zoom: f32,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState { zoom: None, pan: Vec2::ZERO, last_rect: Rect::ZERO, last_fit_zoom: 1.0 }
    }
}

impl ViewState {
    pub fn fit(&mut self) {
        self.zoom = None;
        self.pan = Vec2::ZERO;
    }

    /// One stored pixel per physical screen pixel.
    pub fn one_to_one(&mut self, pixels_per_point: f32) {
        self.zoom = Some(1.0 / pixels_per_point.max(0.1));
        self.pan = Vec2::ZERO;
    }

    pub fn current_zoom(&self) -> f32 {
        self.zoom.unwrap_or(self.last_fit_zoom)
    }

    /// Zooms by `factor`, keeping the picture point under `anchor` where it is.
    pub fn zoom_at(&mut self, factor: f32, anchor: Pos2) {
        let old = self.current_zoom();
        if old <= 0.0 {
            return;
        }
        let new = (old * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let centre = self.last_rect.center() + self.pan;
        let picture_point = (anchor - centre) / old;
        let new_centre = anchor - picture_point * new;
        self.pan = new_centre - self.last_rect.center();
        self.zoom = Some(new);
    }

    pub fn pan_by(&mut self, delta: Vec2) {
        if self.zoom.is_none() {
            self.zoom = Some(self.last_fit_zoom);
        }
        self.pan += delta;
    }
}

/// The picture's displayed size in picture pixels: stored size with the sample aspect ratio applied.
pub fn display_size(stored: [usize; 2], pixel_aspect: f64) -> Vec2 {
    let aspect = if pixel_aspect.is_finite() && pixel_aspect > 0.0 { pixel_aspect } else { 1.0 };
    Vec2::new((stored[0] as f64 * aspect) as f32, stored[1] as f32)
}

/// Draws the picture into all the space left; returns pan/zoom commands from the mouse.
pub fn video_ui(
    ui: &mut egui::Ui,
    texture: Option<&egui::TextureHandle>,
    pixel_aspect: f64,
    view: &mut ViewState,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    ui.painter().rect_filled(rect, 0.0, egui::Color32::BLACK);
    let Some(texture) = texture else { return out };
    let size = display_size(texture.size(), pixel_aspect);
    if size.x <= 0.0 || size.y <= 0.0 {
        return out;
    }
    view.last_rect = rect;
    view.last_fit_zoom = (rect.width() / size.x).min(rect.height() / size.y);
    let zoom = view.current_zoom();
    let picture = Rect::from_center_size(rect.center() + view.pan, size * zoom);
    let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    ui.painter().with_clip_rect(rect).image(texture.id(), picture, uv, egui::Color32::WHITE);

    if response.dragged() {
        out.push(UiCommand::Window(WindowCommand::PanBy(response.drag_delta())));
    }
    if response.double_clicked() {
        out.push(UiCommand::Window(WindowCommand::ZoomFit));
    }
    if let Some(pointer) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta().y, i.zoom_delta()));
        let factor = (scroll * 0.0025).exp() * pinch;
        if (factor - 1.0).abs() > 1e-4 {
            out.push(UiCommand::Window(WindowCommand::ZoomAt { factor, anchor: pointer }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut v = ViewState {
            last_rect: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            last_fit_zoom: 0.5,
            ..Default::default()
        };
        let anchor = Pos2::new(600.0, 200.0);
        let before = (anchor - (v.last_rect.center() + v.pan)) / v.current_zoom();
        v.zoom_at(2.0, anchor);
        let after = (anchor - (v.last_rect.center() + v.pan)) / v.current_zoom();
        assert!((before - after).length() < 1e-3);
        assert_eq!(v.zoom, Some(1.0));
    }

    #[test]
    fn sample_aspect_ratio_stretches_the_width() {
        assert_eq!(display_size([720, 576], 16.0 / 15.0), Vec2::new(768.0, 576.0));
        assert_eq!(display_size([1280, 720], 1.0), Vec2::new(1280.0, 720.0));
    }
}
