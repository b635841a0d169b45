//! A decoded picture as plain bytes: [`RgbaImage`], the one image type that passes between the media engine, the
//! player, the exports and the window. A leaf: it knows nothing of FFmpeg or egui, so any module may hold one.

/// A packed RGBA picture, rows top to bottom, no padding.
#[derive(Clone, Debug, PartialEq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    /// Writes the image as a PNG (lossless: the pixels are exactly these bytes).
    pub fn save_png(&self, path: &std::path::Path) -> Result<(), image::ImageError> {
        image::save_buffer_with_format(
            path,
            &self.pixels,
            self.width,
            self.height,
            image::ColorType::Rgba8,
            image::ImageFormat::Png,
        )
    }

    /// The whole number each side must be divided by to be at most `max_side_px` (1: it fits as it is).
    pub fn shrink_factor(&self, max_side_px: usize) -> u32 {
        let longest = self.width.max(self.height) as usize;
        u32::try_from(longest.div_ceil(max_side_px.max(1)).max(1)).unwrap_or(u32::MAX)
    }

    /// A copy `factor` times smaller on each side (at least one pixel), each pixel the mean of the block it covers:
    /// for showing a picture larger than the graphics card takes. `None` when `factor` is 1 or the bytes are not
    /// a whole `width × height` picture.
    pub fn shrunk_by(&self, factor: u32) -> Option<RgbaImage> {
        let (w, h) = (self.width as usize, self.height as usize);
        if factor <= 1 || self.pixels.len() != w * h * 4 {
            return None;
        }
        let k = factor as usize;
        let (out_w, out_h) = ((w / k).max(1), (h / k).max(1));
        let mut pixels = Vec::with_capacity(out_w * out_h * 4);
        for oy in 0..out_h {
            let rows = (oy * k)..((oy + 1) * k).min(h);
            for ox in 0..out_w {
                let cols = (ox * k)..((ox + 1) * k).min(w);
                let mut sum = [0u64; 4];
                for y in rows.clone() {
                    for x in cols.clone() {
                        let at = (y * w + x) * 4;
                        for (c, total) in sum.iter_mut().enumerate() {
                            *total += u64::from(self.pixels[at + c]);
                        }
                    }
                }
                let n = (rows.len() * cols.len()).max(1) as u64;
                pixels.extend(sum.map(|total| ((total + n / 2) / n) as u8));
            }
        }
        Some(RgbaImage { width: out_w as u32, height: out_h as u32, pixels })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> RgbaImage {
        let pixels = (0..height).flat_map(|y| (0..width).map(move |x| (x, y))).flat_map(|(x, y)| pixel(x, y)).collect();
        RgbaImage { width, height, pixels }
    }

    #[test]
    fn a_picture_larger_than_the_card_takes_is_shrunk_by_whole_blocks() {
        let wide = image(10, 4, |x, _| [x as u8 * 10, 0, 0, 255]);
        assert_eq!(wide.shrink_factor(16), 1);
        assert_eq!(wide.shrink_factor(4), 3);
        assert_eq!(wide.shrunk_by(1), None);
        let small = wide.shrunk_by(3).expect("shrinks");
        assert_eq!((small.width, small.height), (3, 1));
        // Each pixel is its 3×3 block's mean: columns 0–2 are 0, 10, 20 red, so 10; then 40, then 70.
        assert_eq!(small.pixels, vec![10, 0, 0, 255, 40, 0, 0, 255, 70, 0, 0, 255]);
        let uhd = RgbaImage { width: 7680, height: 4320, pixels: Vec::new() };
        assert_eq!(uhd.shrink_factor(2048), 4);
        assert_eq!(uhd.shrunk_by(4), None, "bytes that are not the picture are refused, not read past");
    }
}
