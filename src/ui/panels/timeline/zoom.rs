//! The timeline's horizontal geometry, pure and testable: which frame position sits at the left edge and how many
//! pixels one frame takes (from the whole file in view down to 40 px per frame), and the conversions between pixels
//! and frames. Frame `f` is the cell from position `f` to `f + 1`.

/// The closest zoom: one frame takes this many pixels.
pub const MAX_PX_PER_FRAME: f64 = 40.0;

/// What part of the file the timeline shows. `x` is measured in pixels from the left edge of the lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// The frame position at the left edge (fractional while zooming at the cursor).
    pub first_frame: f64,
    pub px_per_frame: f64,
}

impl Viewport {
    /// The whole file in `width_px`.
    pub fn whole(frame_count: usize, width_px: f64) -> Self {
        Self { first_frame: 0.0, px_per_frame: min_px_per_frame(frame_count, width_px) }
    }

    pub fn frames_per_px(&self) -> f64 {
        1.0 / self.px_per_frame
    }

    /// Pixels from the left edge to the start of the cell of `frame` (a frame position).
    pub fn x_of(&self, frame: f64) -> f64 {
        (frame - self.first_frame) * self.px_per_frame
    }

    /// The frame position at `x`.
    pub fn pos_at(&self, x_px: f64) -> f64 {
        self.first_frame + x_px / self.px_per_frame
    }

    /// The frame whose cell contains `x`, clamped to the file.
    pub fn frame_at(&self, x_px: f64, frame_count: usize) -> usize {
        let pos = self.pos_at(x_px).floor();
        if pos <= 0.0 || !pos.is_finite() {
            return 0;
        }
        (pos as usize).min(frame_count.saturating_sub(1))
    }

    /// The first and last frames with any of their cell inside `0..width_px` (clamped to the file): what the
    /// timeline shows at its left and right edges.
    pub fn visible_frames(&self, width_px: f64, frame_count: usize) -> (usize, usize) {
        let first = self.frame_at(0.0, frame_count);
        let end = self.end_frame(width_px.max(0.0)).ceil();
        let last = if end.is_finite() && end >= 1.0 { end as usize - 1 } else { 0 };
        (first, last.clamp(first, frame_count.saturating_sub(1).max(first)))
    }

    /// Frame positions visible in `width_px`: `first_frame .. end`.
    pub fn end_frame(&self, width_px: f64) -> f64 {
        self.pos_at(width_px)
    }

    /// The same view with the zoom inside its limits and the left edge inside the file.
    pub fn clamped(self, frame_count: usize, width_px: f64) -> Self {
        let px_per_frame = if self.px_per_frame.is_finite() { self.px_per_frame } else { 0.0 };
        let px_per_frame = px_per_frame.clamp(min_px_per_frame(frame_count, width_px), MAX_PX_PER_FRAME);
        let max_first = (frame_count as f64 - width_px.max(1.0) / px_per_frame).max(0.0);
        let first = if self.first_frame.is_finite() { self.first_frame } else { 0.0 };
        Self { first_frame: first.clamp(0.0, max_first), px_per_frame }
    }

    /// Zooms by `factor` keeping the frame position under `anchor_x` still (then clamps).
    pub fn zoom_at(self, factor: f64, anchor_x: f64, frame_count: usize, width_px: f64) -> Self {
        let anchor = self.pos_at(anchor_x);
        let px_per_frame =
            (self.px_per_frame * factor).clamp(min_px_per_frame(frame_count, width_px), MAX_PX_PER_FRAME);
        Self { first_frame: anchor - anchor_x / px_per_frame, px_per_frame }.clamped(frame_count, width_px)
    }

    /// Moves the view so its content shifts right by `dx_px` (the view goes back in time when `dx_px > 0`).
    pub fn scrolled(self, dx_px: f64, frame_count: usize, width_px: f64) -> Self {
        Self { first_frame: self.first_frame - dx_px / self.px_per_frame, ..self }.clamped(frame_count, width_px)
    }

    /// Whether the whole cell of `frame` is in view.
    pub fn shows(&self, frame: usize, width_px: f64) -> bool {
        let f = frame as f64;
        f >= self.first_frame && f + 1.0 <= self.end_frame(width_px)
    }

    /// The view paged so `frame` is in it (a tenth of the width from the left edge); unchanged if already shown.
    pub fn revealing(self, frame: usize, frame_count: usize, width_px: f64) -> Self {
        if self.shows(frame, width_px) {
            return self;
        }
        let visible_frames = width_px / self.px_per_frame;
        Self { first_frame: frame as f64 - visible_frames * 0.1, ..self }.clamped(frame_count, width_px)
    }
}

/// The zoom at which the whole file fills `width_px` (never closer than the maximum).
pub fn min_px_per_frame(frame_count: usize, width_px: f64) -> f64 {
    (width_px.max(1.0) / frame_count.max(1) as f64).min(MAX_PX_PER_FRAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_and_x_round_trip_at_every_zoom() {
        for ppf in [0.01, 0.37, 1.0, 3.5, 40.0] {
            let v = Viewport { first_frame: 123.25, px_per_frame: ppf };
            for frame in [124usize, 500, 1799] {
                let x = v.x_of(frame as f64);
                assert!((v.pos_at(x) - frame as f64).abs() < 1e-9);
                // Anywhere inside the cell gives the frame back.
                assert_eq!(v.frame_at(x + ppf * 0.5, 100_000), frame, "ppf {ppf}");
                assert_eq!(v.frame_at(x + ppf * 0.999, 100_000), frame, "ppf {ppf}");
            }
        }
    }

    #[test]
    fn zoom_is_clamped_from_the_whole_file_to_single_frames() {
        let whole = Viewport::whole(1800, 900.0);
        assert_eq!(whole.px_per_frame, 0.5);
        let out = whole.zoom_at(0.1, 450.0, 1800, 900.0);
        assert_eq!(out, whole, "cannot zoom out past the whole file");
        let mut v = whole;
        for _ in 0..100 {
            v = v.zoom_at(2.0, 450.0, 1800, 900.0);
        }
        assert_eq!(v.px_per_frame, MAX_PX_PER_FRAME);
        // A short file cannot be stretched past the maximum either.
        assert_eq!(Viewport::whole(3, 900.0).px_per_frame, MAX_PX_PER_FRAME);
        // Scrolling stops at both ends.
        assert_eq!(v.scrolled(1e9, 1800, 900.0).first_frame, 0.0);
        assert_eq!(v.scrolled(-1e9, 1800, 900.0).first_frame, 1800.0 - 900.0 / MAX_PX_PER_FRAME);
    }

    #[test]
    fn zooming_keeps_the_frame_under_the_cursor_exactly() {
        let mut v = Viewport::whole(1800, 1000.0);
        let anchor_x = 637.0;
        let frame = v.frame_at(anchor_x, 1800);
        for _ in 0..30 {
            v = v.zoom_at(1.25, anchor_x, 1800, 1000.0);
            assert_eq!(v.frame_at(anchor_x, 1800), frame);
        }
        assert_eq!(v.px_per_frame, MAX_PX_PER_FRAME);
        // At 40 px per frame every pixel of the cell is that frame, and the next cell is the next frame.
        let cell_x = v.x_of(frame as f64);
        for dx in 0..40 {
            assert_eq!(v.frame_at(cell_x + f64::from(dx) + 0.5, 1800), frame);
        }
        assert_eq!(v.frame_at(cell_x + 40.5, 1800), frame + 1);
    }

    #[test]
    fn the_visible_frames_are_those_with_a_pixel_in_view() {
        assert_eq!(Viewport::whole(1800, 1450.0).visible_frames(1450.0, 1800), (0, 1799));
        assert_eq!(Viewport::whole(1800, 913.0).visible_frames(913.0, 1800), (0, 1799));
        let v = Viewport { first_frame: 100.5, px_per_frame: 10.0 };
        // 100.5 .. 200.5: frame 200's first half is in view.
        assert_eq!(v.visible_frames(1000.0, 1800), (100, 200));
        let v = Viewport { first_frame: 100.0, px_per_frame: 10.0 };
        assert_eq!(v.visible_frames(1000.0, 1800), (100, 199), "frame 200 starts at the right edge, unseen");
        assert_eq!(v.visible_frames(1000.0, 150), (100, 149), "clamped to the file");
    }

    #[test]
    fn revealing_pages_only_when_the_frame_is_out_of_view() {
        let v = Viewport { first_frame: 100.0, px_per_frame: 10.0 };
        assert_eq!(v.revealing(150, 1800, 1000.0), v);
        let paged = v.revealing(250, 1800, 1000.0);
        assert!(paged.shows(250, 1000.0));
        assert_eq!(paged.first_frame, 240.0);
    }
}
