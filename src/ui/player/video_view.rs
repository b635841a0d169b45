//! The picture: drawn aspect-correct (the stored size stretched by the sample aspect ratio; the recorded rotation is
//! already in the decoded picture), fitted to the space by default, zoomed with the wheel around the cursor, panned
//! by dragging, "Fit" and "1:1" on request, and turned by quarter turns for viewing only (footage recorded
//! sideways, as mpv's video-rotate): frames, stills and exports stay as recorded. The view state is geometry only;
//! changes arrive as commands.

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
    /// Quarter turns clockwise the picture is shown turned, for viewing only (0 to 3).
    pub view_turns_cw: u8,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState { zoom: None, pan: Vec2::ZERO, last_rect: Rect::ZERO, last_fit_zoom: 1.0, view_turns_cw: 0 }
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

    /// Turns the view a quarter turn clockwise (four turns bring it back) and fits the picture again.
    pub fn turn_clockwise(&mut self) {
        self.view_turns_cw = (self.view_turns_cw + 1) % 4;
        self.fit();
    }

    /// The view's own turn in degrees clockwise (0, 90, 180 or 270).
    pub fn view_rotation_deg(&self) -> u16 {
        u16::from(self.view_turns_cw % 4) * 90
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

/// The size on screen of a picture of displayed size `size` turned `turns_cw` quarter turns.
fn turned_size(size: Vec2, turns_cw: u8) -> Vec2 {
    if turns_cw % 2 == 1 {
        Vec2::new(size.y, size.x)
    } else {
        size
    }
}

/// Paints `texture` into `picture` turned `turns_cw` quarter turns clockwise: the corners of the screen rectangle
/// (top left, top right, bottom right, bottom left) take the texture's corners moved round by the turns, so each
/// picture pixel lands whole on screen, as a quarter turn should.
pub fn paint_turned(painter: &egui::Painter, texture: egui::TextureId, picture: Rect, turns_cw: u8) {
    let screen = [picture.left_top(), picture.right_top(), picture.right_bottom(), picture.left_bottom()];
    let mut mesh = egui::Mesh::with_texture(texture);
    for (pos, uv) in screen.into_iter().zip(corner_uvs(turns_cw)) {
        mesh.vertices.push(egui::epaint::Vertex { pos, uv, color: egui::Color32::WHITE });
    }
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    painter.add(egui::Shape::mesh(mesh));
}

/// The texture corners shown at the screen's top left, top right, bottom right and bottom left after `turns_cw`
/// quarter turns clockwise.
fn corner_uvs(turns_cw: u8) -> [Pos2; 4] {
    let uv = [Pos2::new(0.0, 0.0), Pos2::new(1.0, 0.0), Pos2::new(1.0, 1.0), Pos2::new(0.0, 1.0)];
    std::array::from_fn(|corner| uv[(corner + 4 - usize::from(turns_cw % 4)) % 4])
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
    let size = turned_size(display_size(texture.size(), pixel_aspect), view.view_turns_cw);
    if size.x <= 0.0 || size.y <= 0.0 {
        return out;
    }
    view.last_rect = rect;
    view.last_fit_zoom = (rect.width() / size.x).min(rect.height() / size.y);
    let zoom = view.current_zoom();
    let picture = Rect::from_center_size(rect.center() + view.pan, size * zoom);
    paint_turned(&ui.painter().with_clip_rect(rect), texture.id(), picture, view.view_turns_cw);

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
    fn a_quarter_turn_swaps_the_sides_and_four_bring_it_back() {
        let mut v = ViewState::default();
        assert_eq!(turned_size(Vec2::new(1920.0, 1080.0), 1), Vec2::new(1080.0, 1920.0));
        assert_eq!(turned_size(Vec2::new(1920.0, 1080.0), 2), Vec2::new(1920.0, 1080.0));
        v.zoom = Some(2.0);
        v.turn_clockwise();
        assert_eq!((v.view_rotation_deg(), v.zoom), (90, None), "a turn fits the picture again");
        for _ in 0..3 {
            v.turn_clockwise();
        }
        assert_eq!(v.view_rotation_deg(), 0);
    }

    #[test]
    fn a_clockwise_turn_puts_the_pictures_bottom_left_at_the_top_left() {
        let [tl, tr, br, bl] = corner_uvs(1);
        assert_eq!(
            (tl, tr, br, bl),
            (Pos2::new(0.0, 1.0), Pos2::new(0.0, 0.0), Pos2::new(1.0, 0.0), Pos2::new(1.0, 1.0))
        );
        assert_eq!(corner_uvs(2)[0], Pos2::new(1.0, 1.0), "upside down: the bottom right at the top left");
        assert_eq!(corner_uvs(3)[0], Pos2::new(1.0, 0.0));
        assert_eq!(corner_uvs(4), corner_uvs(0));
    }

    #[test]
    fn sample_aspect_ratio_stretches_the_width() {
        assert_eq!(display_size([720, 576], 16.0 / 15.0), Vec2::new(768.0, 576.0));
        assert_eq!(display_size([1280, 720], 1.0), Vec2::new(1280.0, 720.0));
    }
}
