//! An RGBA8 frame buffer with the few anti-aliased fill operations the scene and the OSD need.
//!
//! Everything is plain `f32` arithmetic in a fixed order, so the same calls produce the same bytes on every run.

/// A colour with straight (non-premultiplied) components in 0..=255.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Colour {
    pub const fn new(r: f32, g: f32, b: f32) -> Self {
        Self { r, g, b }
    }

    /// Linear mix: `t = 0` gives `self`, `t = 1` gives `other`.
    pub fn lerp(self, other: Colour, t: f32) -> Colour {
        let t = t.clamp(0.0, 1.0);
        Colour::new(self.r + (other.r - self.r) * t, self.g + (other.g - self.g) * t, self.b + (other.b - self.b) * t)
    }

    /// Every component multiplied by `k` (for shading).
    pub fn scaled(self, k: f32) -> Colour {
        Colour::new(self.r * k, self.g * k, self.b * k)
    }
}

/// A `width` × `height` RGBA8 image, rows top to bottom, alpha always 255.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canvas {
    width_px: u32,
    height_px: u32,
    rgba: Vec<u8>,
}

impl Canvas {
    /// An opaque black canvas.
    pub fn new(width_px: u32, height_px: u32) -> Self {
        let mut rgba = vec![0u8; width_px as usize * height_px as usize * 4];
        for px in rgba.chunks_exact_mut(4) {
            px[3] = 255;
        }
        Self { width_px, height_px, rgba }
    }

    pub fn width_px(&self) -> u32 {
        self.width_px
    }

    pub fn height_px(&self) -> u32 {
        self.height_px
    }

    /// The pixels, 4 bytes (R, G, B, A) each, row after row with no padding.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// Takes the pixel buffer out of the canvas.
    pub fn into_rgba(self) -> Vec<u8> {
        self.rgba
    }

    fn index(&self, x: i64, y: i64) -> Option<usize> {
        if x < 0 || y < 0 || x >= i64::from(self.width_px) || y >= i64::from(self.height_px) {
            return None;
        }
        Some((y as usize * self.width_px as usize + x as usize) * 4)
    }

    /// The colour at (x, y), or `None` outside the canvas.
    pub fn get(&self, x: i64, y: i64) -> Option<Colour> {
        let i = self.index(x, y)?;
        Some(Colour::new(f32::from(self.rgba[i]), f32::from(self.rgba[i + 1]), f32::from(self.rgba[i + 2])))
    }

    /// Sets (x, y) to `colour`; ignored outside the canvas.
    pub fn set(&mut self, x: i64, y: i64, colour: Colour) {
        self.blend(x, y, colour, 1.0);
    }

    /// Blends `colour` over (x, y) with opacity `alpha` (0..=1); ignored outside the canvas.
    pub fn blend(&mut self, x: i64, y: i64, colour: Colour, alpha: f32) {
        let Some(i) = self.index(x, y) else { return };
        let a = alpha.clamp(0.0, 1.0);
        if a <= 0.0 {
            return;
        }
        let mix = |dst: u8, src: f32| -> u8 {
            let v = f32::from(dst) + (src - f32::from(dst)) * a;
            v.round().clamp(0.0, 255.0) as u8
        };
        self.rgba[i] = mix(self.rgba[i], colour.r);
        self.rgba[i + 1] = mix(self.rgba[i + 1], colour.g);
        self.rgba[i + 2] = mix(self.rgba[i + 2], colour.b);
    }

    /// Adds light to (x, y) (for glows); ignored outside the canvas.
    pub fn add(&mut self, x: i64, y: i64, colour: Colour, amount: f32) {
        let Some(i) = self.index(x, y) else { return };
        let k = amount.max(0.0);
        let add = |dst: u8, src: f32| -> u8 { (f32::from(dst) + src * k).round().clamp(0.0, 255.0) as u8 };
        self.rgba[i] = add(self.rgba[i], colour.r);
        self.rgba[i + 1] = add(self.rgba[i + 1], colour.g);
        self.rgba[i + 2] = add(self.rgba[i + 2], colour.b);
    }

    /// Fills the axis-aligned rectangle [x0, x1) × [y0, y1) in pixel coordinates, with fractional edges anti-aliased.
    pub fn fill_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, colour: Colour, alpha: f32) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        let xa = x0.floor().max(0.0) as i64;
        let xb = (x1.ceil() as i64).min(i64::from(self.width_px));
        let ya = y0.floor().max(0.0) as i64;
        let yb = (y1.ceil() as i64).min(i64::from(self.height_px));
        for y in ya..yb {
            let cover_y = overlap(y as f32, y as f32 + 1.0, y0, y1);
            if cover_y <= 0.0 {
                continue;
            }
            for x in xa..xb {
                let cover_x = overlap(x as f32, x as f32 + 1.0, x0, x1);
                self.blend(x, y, colour, alpha * cover_x * cover_y);
            }
        }
    }

    /// Fills an ellipse centred on (cx, cy) with radii (rx, ry), with an anti-aliased rim about one pixel wide.
    pub fn fill_ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, colour: Colour, alpha: f32) {
        if rx <= 0.0 || ry <= 0.0 {
            return;
        }
        let ya = (cy - ry - 1.0).floor().max(0.0) as i64;
        let yb = ((cy + ry + 1.0).ceil() as i64).min(i64::from(self.height_px));
        let xa = (cx - rx - 1.0).floor().max(0.0) as i64;
        let xb = ((cx + rx + 1.0).ceil() as i64).min(i64::from(self.width_px));
        let r_min = rx.min(ry).max(0.5);
        for y in ya..yb {
            for x in xa..xb {
                let dx = (x as f32 + 0.5 - cx) / rx;
                let dy = (y as f32 + 0.5 - cy) / ry;
                let d = (dx * dx + dy * dy).sqrt();
                let edge_px = (1.0 - d) * r_min;
                let cover = (edge_px + 0.5).clamp(0.0, 1.0);
                self.blend(x, y, colour, alpha * cover);
            }
        }
    }

    /// Adds a soft round glow of `colour` centred on (cx, cy), fading to nothing at `radius_px`.
    pub fn glow(&mut self, cx: f32, cy: f32, radius_px: f32, colour: Colour, strength: f32) {
        if radius_px <= 0.5 {
            return;
        }
        let ya = (cy - radius_px).floor().max(0.0) as i64;
        let yb = ((cy + radius_px).ceil() as i64).min(i64::from(self.height_px));
        let xa = (cx - radius_px).floor().max(0.0) as i64;
        let xb = ((cx + radius_px).ceil() as i64).min(i64::from(self.width_px));
        for y in ya..yb {
            for x in xa..xb {
                let dx = x as f32 + 0.5 - cx;
                let dy = y as f32 + 0.5 - cy;
                let t = 1.0 - (dx * dx + dy * dy).sqrt() / radius_px;
                if t > 0.0 {
                    self.add(x, y, colour, strength * t * t);
                }
            }
        }
    }

    /// Fills the quadrilateral whose corners are given in order (convex only), anti-aliased by 4×4 supersampling on
    /// its edge pixels.
    pub fn fill_convex(&mut self, corners: &[(f32, f32); 4], colour: Colour, alpha: f32) {
        let min_x = corners.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
        let max_x = corners.iter().map(|c| c.0).fold(f32::NEG_INFINITY, f32::max);
        let min_y = corners.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
        let max_y = corners.iter().map(|c| c.1).fold(f32::NEG_INFINITY, f32::max);
        let xa = min_x.floor().max(0.0) as i64;
        let xb = (max_x.ceil() as i64).min(i64::from(self.width_px));
        let ya = min_y.floor().max(0.0) as i64;
        let yb = (max_y.ceil() as i64).min(i64::from(self.height_px));
        let area = signed_area(corners);
        if area.abs() < 1e-3 {
            return; // seen edge-on: nothing to fill
        }
        let orientation = area.signum();
        let inside = |px: f32, py: f32| -> bool {
            (0..4).all(|i| {
                let (ax, ay) = corners[i];
                let (bx, by) = corners[(i + 1) % 4];
                ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) * orientation >= 0.0
            })
        };
        for y in ya..yb {
            for x in xa..xb {
                let mut hits = 0u32;
                for sy in 0..4 {
                    for sx in 0..4 {
                        let px = x as f32 + (sx as f32 + 0.5) / 4.0;
                        let py = y as f32 + (sy as f32 + 0.5) / 4.0;
                        if inside(px, py) {
                            hits += 1;
                        }
                    }
                }
                if hits > 0 {
                    self.blend(x, y, colour, alpha * hits as f32 / 16.0);
                }
            }
        }
    }
}

fn signed_area(corners: &[(f32, f32); 4]) -> f32 {
    (0..4)
        .map(|i| {
            let (ax, ay) = corners[i];
            let (bx, by) = corners[(i + 1) % 4];
            ax * by - bx * ay
        })
        .sum::<f32>()
}

/// Length of the overlap of [a0, a1) and [b0, b1).
fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rect_covers_whole_and_partial_pixels() {
        let mut c = Canvas::new(4, 4);
        c.fill_rect(1.0, 1.0, 2.5, 2.0, Colour::new(200.0, 0.0, 0.0), 1.0);
        assert_eq!(c.get(1, 1), Some(Colour::new(200.0, 0.0, 0.0)));
        assert_eq!(c.get(2, 1), Some(Colour::new(100.0, 0.0, 0.0)));
        assert_eq!(c.get(0, 0), Some(Colour::new(0.0, 0.0, 0.0)));
        assert_eq!(c.get(9, 9), None);
    }

    #[test]
    fn convex_fill_is_inside_only() {
        let mut c = Canvas::new(10, 10);
        c.fill_convex(&[(2.0, 2.0), (8.0, 2.0), (8.0, 8.0), (2.0, 8.0)], Colour::new(0.0, 255.0, 0.0), 1.0);
        assert_eq!(c.get(5, 5), Some(Colour::new(0.0, 255.0, 0.0)));
        assert_eq!(c.get(1, 1), Some(Colour::new(0.0, 0.0, 0.0)));
    }
}
