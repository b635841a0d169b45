//! The camera grid: one view per camera in a layout that fits the count, the focused one outlined (it has the
//! sound, the zoom and the coding keys). Each view has a caption with its key (Alt+1…8), its file, and its own
//! frame number and PTS beside the wall clock ± its clock map's uncertainty — or, in words, why it shows nothing:
//! no footage at this time, no clock map, still opening, or not playable. A click focuses a view.

use egui::{Rect, RichText, Sense};

use crate::player::multicam::MultiCamCommand;
use crate::player::synced::View;
use crate::player::{Player, Timeline};
use crate::ui::app::camera_grid::{grid_shape, CameraGrid};
use crate::ui::app::commands::UiCommand;
use crate::ui::player::video_view::{display_size, video_ui, ViewState};

/// Height of a view's caption.
const CAPTION_PX: f32 = 20.0;

/// The words shown over a view that has no picture, and the caption's readout for one that has.
pub fn caption(grid: &CameraGrid, player: &Player, index: usize) -> String {
    let views = &grid.views;
    let name = format!("Alt+{}  {}", index + 1, grid.name(index));
    let readout = |timeline: &Timeline, frame: usize| {
        let camera = &views.cameras()[index];
        let pts = timeline.pts_of(frame).map_or_else(|| "none".to_owned(), |p| p.to_string());
        let wall = camera.wall_of(frame).map_or_else(String::new, crate::case::format_wall_clock);
        let uncertainty = camera.uncertainty_ms_of(frame).map_or_else(String::new, |u| format!(" ± {u:.0} ms"));
        format!("{name} — frame {frame} · PTS {pts} · {wall}{uncertainty}")
    };
    match views.view(index) {
        View::Focused => match player.timeline() {
            Some(t) => format!("{} (focused)", readout(t, player.frame_on_screen())),
            None => format!("{name} (focused) — opening…"),
        },
        View::Frame(frame) => {
            let Some(timeline) = views.follower(index).and_then(|f| f.timeline()) else {
                return format!("{name} — opening…");
            };
            let shown = views.picture(index).map_or(frame, |p| p.frame);
            readout(timeline, shown)
        }
        View::NoFootage => format!("{name} — no footage at this time"),
        View::NoClockMap => format!("{name} — no clock map: sync this camera (Cameras…)"),
        View::Opening => format!("{name} — opening…"),
        View::Failed => format!("{name} — cannot be played: {}", views.failure(index).unwrap_or_default()),
    }
}

/// Draws the grid into the space left; returns focus commands (clicks) and the focused view's zoom and pan.
pub fn grid_ui(
    ui: &mut egui::Ui,
    grid: &CameraGrid,
    player: &Player,
    focused_texture: Option<&egui::TextureHandle>,
    view: &mut ViewState,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let count = grid.views.len();
    let (columns, rows) = grid_shape(count);
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, Sense::hover());
    let cell_size = egui::vec2(area.width() / columns as f32, area.height() / rows as f32);
    for index in 0..count {
        let (column, row) = (index % columns, index / columns);
        let min = area.min + egui::vec2(column as f32 * cell_size.x, row as f32 * cell_size.y);
        let cell = Rect::from_min_size(min, cell_size).shrink(2.0);
        let focused = index == grid.views.focused();
        let stroke = if focused {
            egui::Stroke::new(2.0, ui.visuals().selection.stroke.color)
        } else {
            egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
        };
        let words = caption(grid, player, index);
        let caption_rect = Rect::from_min_size(cell.min, egui::vec2(cell.width(), CAPTION_PX));
        let picture_rect = Rect::from_min_max(cell.min + egui::vec2(0.0, CAPTION_PX), cell.max);
        ui.scope_builder(egui::UiBuilder::new().max_rect(caption_rect), |ui| {
            let text = RichText::new(&words).monospace().size(11.0);
            let text = if focused { text.strong() } else { text };
            ui.add(egui::Label::new(text).truncate()).on_hover_text(&words);
        });
        if focused {
            ui.scope_builder(egui::UiBuilder::new().max_rect(picture_rect), |ui| {
                let pixel_aspect = player.media().map_or(1.0, |m| m.pixel_aspect);
                out.extend(video_ui(ui, focused_texture, pixel_aspect, view));
            });
        } else {
            let response = ui.interact(cell, egui::Id::unique(("camera-view", index)), Sense::click());
            let name = format!("Focus camera {}", index + 1);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if response.clicked() {
                out.push(UiCommand::Cameras(MultiCamCommand::Focus(index)));
            }
            ui.painter().rect_filled(picture_rect, 0.0, egui::Color32::BLACK);
            let texture = grid.textures.get(index).and_then(Option::as_ref);
            match (grid.views.picture(index), texture) {
                (Some(_), Some(texture)) => {
                    let pixel_aspect =
                        grid.views.follower(index).and_then(|f| f.media()).map_or(1.0, |m| m.pixel_aspect);
                    let size = display_size(texture.size(), pixel_aspect);
                    let zoom = (picture_rect.width() / size.x).min(picture_rect.height() / size.y);
                    let picture = Rect::from_center_size(picture_rect.center(), size * zoom);
                    let uv = Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(1.0, 1.0));
                    ui.painter().image(texture.id(), picture, uv, egui::Color32::WHITE);
                }
                _ => {
                    let note = match grid.views.view(index) {
                        View::NoFootage => "no footage at this time",
                        View::NoClockMap => "no clock map",
                        View::Failed => "cannot be played",
                        _ => "…",
                    };
                    ui.painter().text(
                        picture_rect.center(),
                        egui::Align2::CENTER_CENTER,
                        note,
                        egui::FontId::proportional(14.0),
                        egui::Color32::from_gray(190),
                    );
                }
            }
        }
        ui.painter().rect_stroke(cell, 0.0, stroke, egui::StrokeKind::Inside);
    }
    out
}
