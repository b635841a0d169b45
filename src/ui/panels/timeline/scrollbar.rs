//! The timeline's horizontal scroll bar, under the lanes while zoomed in: the thumb is as wide as the part of the
//! file in view is of the whole (never narrower than can be grabbed) and sits where that part lies. Dragging the
//! thumb pans the view; a click on the track beside it pages by one view width. Geometry here is pure; the panel
//! routes the pointer.

use egui::{Color32, Painter, Pos2, Rect};

use super::zoom::Viewport;

/// Height of the scroll bar's row.
pub const SCROLL_ROW_PX: f32 = 12.0;
/// The thumb is never narrower than this.
const MIN_THUMB_PX: f64 = 16.0;

/// The thumb's span, in pixels from the track's left, for `vp` over a track as wide as the lanes (`width_px`);
/// `None` when the whole file is in view (nothing to scroll).
pub fn thumb_span(vp: &Viewport, frame_count: usize, width_px: f64) -> Option<(f64, f64)> {
    let (count, visible) = (frame_count as f64, width_px / vp.px_per_frame);
    if frame_count == 0 || !visible.is_finite() || visible >= count || width_px <= 0.0 {
        return None;
    }
    let thumb = (width_px * visible / count).max(MIN_THUMB_PX).min(width_px);
    let (travel, max_first) = (width_px - thumb, count - visible);
    let x0 = vp.first_frame.clamp(0.0, max_first) / max_first * travel;
    Some((x0, x0 + thumb))
}

/// The view after the thumb, grabbed while the view's left edge was at `grabbed_first_frame`, is moved by `dx_px`.
pub fn dragged(vp: Viewport, grabbed_first_frame: f64, dx_px: f64, frame_count: usize, width_px: f64) -> Viewport {
    let Some((x0, x1)) = thumb_span(&vp, frame_count, width_px) else { return vp };
    let travel = width_px - (x1 - x0);
    let max_first = frame_count as f64 - width_px / vp.px_per_frame;
    if travel <= 0.0 {
        return vp;
    }
    let first_frame = grabbed_first_frame + dx_px * max_first / travel;
    Viewport { first_frame, ..vp }.clamped(frame_count, width_px)
}

/// The view after a click on the track at `x_px`: one view width toward the click when it is beside the thumb.
pub fn paged(vp: Viewport, x_px: f64, frame_count: usize, width_px: f64) -> Viewport {
    let Some((x0, x1)) = thumb_span(&vp, frame_count, width_px) else { return vp };
    let page_px = if x_px < x0 {
        width_px
    } else if x_px > x1 {
        -width_px
    } else {
        return vp;
    };
    vp.scrolled(page_px, frame_count, width_px)
}

/// Whether `x_px` (from the track's left) is on the thumb.
pub fn on_thumb(vp: &Viewport, frame_count: usize, width_px: f64, x_px: f64) -> bool {
    thumb_span(vp, frame_count, width_px).is_some_and(|(x0, x1)| x_px >= x0 && x_px <= x1)
}

/// Draws the track and the thumb in `rect` (nothing when the whole file is in view).
pub fn scrollbar_ui(painter: &Painter, rect: Rect, vp: &Viewport, frame_count: usize, active: bool) {
    let Some((x0, x1)) = thumb_span(vp, frame_count, f64::from(rect.width())) else { return };
    painter.rect_filled(rect.shrink2(egui::vec2(0.0, 2.0)), 3.0, Color32::from_gray(30));
    let thumb = Rect::from_min_max(
        Pos2::new(rect.left() + x0 as f32, rect.top() + 2.0),
        Pos2::new(rect.left() + x1 as f32, rect.bottom() - 2.0),
    );
    painter.rect_filled(thumb, 3.0, Color32::from_gray(if active { 170 } else { 110 }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thumb_is_the_visible_fraction_where_the_view_lies() {
        let whole = Viewport::whole(1800, 900.0);
        assert_eq!(thumb_span(&whole, 1800, 900.0), None, "nothing to scroll");
        // 900 px at 5 px per frame: 180 of 1800 frames, a tenth of the track.
        let v = Viewport { first_frame: 0.0, px_per_frame: 5.0 };
        assert_eq!(thumb_span(&v, 1800, 900.0), Some((0.0, 90.0)));
        let end = Viewport { first_frame: 1620.0, px_per_frame: 5.0 };
        assert_eq!(thumb_span(&end, 1800, 900.0), Some((810.0, 900.0)));
        // Very close: the thumb keeps a grabbable width.
        let close = Viewport { first_frame: 0.0, px_per_frame: 40.0 };
        assert_eq!(thumb_span(&close, 100_000, 900.0), Some((0.0, MIN_THUMB_PX)));
    }

    #[test]
    fn dragging_the_thumb_pans_in_proportion_and_clicks_beside_it_page() {
        let v = Viewport { first_frame: 0.0, px_per_frame: 5.0 };
        // The thumb travels 810 px over 1620 frames: 2 frames per pixel.
        assert_eq!(dragged(v, 0.0, 100.0, 1800, 900.0).first_frame, 200.0);
        assert_eq!(dragged(v, 0.0, 5000.0, 1800, 900.0).first_frame, 1620.0, "stops at the end");
        assert_eq!(dragged(v, 0.0, -50.0, 1800, 900.0).first_frame, 0.0, "stops at the start");
        assert_eq!(paged(v, 500.0, 1800, 900.0).first_frame, 180.0, "one view width on");
        assert_eq!(paged(v, 50.0, 1800, 900.0), v, "a click on the thumb pages nowhere");
        assert!(on_thumb(&v, 1800, 900.0, 50.0) && !on_thumb(&v, 1800, 900.0, 91.0));
        let back = Viewport { first_frame: 900.0, px_per_frame: 5.0 };
        assert_eq!(paged(back, 10.0, 1800, 900.0).first_frame, 720.0, "one view width back");
    }
}
