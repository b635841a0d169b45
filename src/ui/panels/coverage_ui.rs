//! The wall-clock strip above the event lanes: one row per camera with a bar where it has footage (gaps where the
//! recording pauses), the focused camera's row marked, and a line at the wall clock every view follows. A click
//! or drag seeks the wall clock: the focused camera when it has footage then, else the first one that does.

use egui::{Rect, RichText, Sense};

use crate::case::format_wall_clock;
use crate::player::multicam::MultiCamCommand;
use crate::ui::app::camera_grid::CameraGrid;
use crate::ui::app::commands::UiCommand;

const ROW_PX: f32 = 14.0;
const LABEL_PX: f32 = 190.0;

/// The strip; `segments[i]` is camera i's coverage on the wall clock (from [`CameraGrid::coverage`]).
pub fn coverage_ui(ui: &mut egui::Ui, grid: &CameraGrid, segments: &[Vec<(i64, i64)>]) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let all = segments.iter().flatten();
    let (Some(from), Some(to)) = (all.clone().map(|s| s.0).min(), all.map(|s| s.1).max()) else {
        ui.label(RichText::new("No camera has a clock map yet: open Cameras… to sync them.").weak());
        return out;
    };
    let span = (to - from).max(1) as f64;
    let rows = segments.len() as f32;
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, rows * ROW_PX + 16.0), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Cameras on the wall clock"));
    let bars = Rect::from_min_max(rect.min + egui::vec2(LABEL_PX, 0.0), rect.max - egui::vec2(8.0, 16.0));
    let x_of = |wall: i64| bars.left() + ((wall - from) as f64 / span) as f32 * bars.width();
    let wall_of = |x: f32| from + (((x - bars.left()) / bars.width().max(1.0)).clamp(0.0, 1.0) as f64 * span) as i64;
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    for (index, camera_segments) in segments.iter().enumerate() {
        let top = rect.top() + index as f32 * ROW_PX;
        let focused = index == grid.views.focused();
        let colour = if focused { visuals.selection.bg_fill } else { visuals.widgets.inactive.bg_fill };
        let text_colour = if focused { visuals.strong_text_color() } else { visuals.text_color() };
        painter.text(
            egui::pos2(rect.left() + 4.0, top + ROW_PX / 2.0),
            egui::Align2::LEFT_CENTER,
            format!("Alt+{} {}", index + 1, grid.name(index)),
            egui::FontId::proportional(11.0),
            text_colour,
        );
        for (start, end) in camera_segments {
            let bar = Rect::from_x_y_ranges(
                x_of(*start)..=x_of(*end).max(x_of(*start) + 1.0),
                top + 2.0..=top + ROW_PX - 2.0,
            );
            painter.rect_filled(bar, 2.0, colour);
        }
    }
    let axis = rect.bottom() - 8.0;
    let now_x = grid.views.wall_micros().map(x_of);
    for (wall, align) in [(from, egui::Align2::LEFT_CENTER), (to, egui::Align2::RIGHT_CENTER)] {
        // The wall clock's own label wins where they would overlap.
        if now_x.is_some_and(|x| (x - x_of(wall)).abs() < 190.0) {
            continue;
        }
        painter.text(
            egui::pos2(x_of(wall), axis),
            align,
            format_wall_clock(wall),
            egui::FontId::monospace(10.0),
            visuals.weak_text_color(),
        );
    }
    if let Some(now) = grid.views.wall_micros() {
        let x = x_of(now);
        painter.vline(x, rect.top()..=bars.bottom(), egui::Stroke::new(2.0, egui::Color32::from_rgb(250, 200, 60)));
        painter.text(
            egui::pos2(x, axis),
            egui::Align2::CENTER_CENTER,
            format_wall_clock(now),
            egui::FontId::monospace(10.0),
            visuals.strong_text_color(),
        );
    }
    if let Some(pointer) = response.interact_pointer_pos() {
        if response.clicked() || response.dragged() {
            out.push(UiCommand::Cameras(MultiCamCommand::SeekWall(wall_of(pointer.x))));
        }
    }
    if let Some(pointer) = response.hover_pos() {
        response.on_hover_text(format!(
            "{} — click or drag to move every camera to this time",
            format_wall_clock(wall_of(pointer.x))
        ));
    }
    out
}
