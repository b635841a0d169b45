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
}
