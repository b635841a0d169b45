//! Text rendering for the OSD and the vehicle lettering: `ab_glyph` outlines of the Hack font shipped by
//! `epaint_default_fonts`, rasterised into an alpha mask and composited onto a [`Canvas`].

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};

use super::canvas::{Canvas, Colour};
use super::SampleError;

/// The parsed font, made once and shared by every frame.
pub struct TextRenderer {
    font: FontRef<'static>,
}

/// A rasterised line of text: coverage 0..=1 per pixel, `width_px` × `height_px`, top row at the font's ascent.
pub struct TextMask {
    pub width_px: usize,
    pub height_px: usize,
    coverage: Vec<f32>,
}

impl TextRenderer {
    /// Parses the bundled monospace font (Hack Regular).
    pub fn new() -> Result<Self, SampleError> {
        let font = FontRef::try_from_slice(epaint_default_fonts::HACK_REGULAR)
            .map_err(|err| SampleError::Font(err.to_string()))?;
        Ok(Self { font })
    }

    /// Width in pixels that `text` takes at `size_px` (the font's ascent-to-descent height).
    pub fn measure_px(&self, text: &str, size_px: f32) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(size_px));
        let mut width = 0.0;
        let mut previous = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(prev) = previous {
                width += scaled.kern(prev, id);
            }
            width += scaled.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// Rasterises one line of `text` at `size_px`.
    pub fn rasterise(&self, text: &str, size_px: f32) -> TextMask {
        let scaled = self.font.as_scaled(PxScale::from(size_px));
        let ascent = scaled.ascent();
        let width_px = self.measure_px(text, size_px).ceil().max(1.0) as usize + 2;
        let height_px = (ascent - scaled.descent()).ceil().max(1.0) as usize + 2;
        let mut coverage = vec![0.0f32; width_px * height_px];
        let mut caret = 1.0f32;
        let mut previous = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(prev) = previous {
                caret += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(size_px), point(caret, ascent + 1.0));
            caret += scaled.h_advance(id);
            previous = Some(id);
            let Some(outlined) = self.font.outline_glyph(glyph) else { continue };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, c| {
                let x = bounds.min.x as i64 + i64::from(gx);
                let y = bounds.min.y as i64 + i64::from(gy);
                if x >= 0 && y >= 0 && (x as usize) < width_px && (y as usize) < height_px {
                    let cell = &mut coverage[y as usize * width_px + x as usize];
                    *cell = (*cell + c).min(1.0);
                }
            });
        }
        TextMask { width_px, height_px, coverage }
    }

    /// Draws `text` with its top-left corner at (x, y), optionally ringed by an `outline_px`-wide dark outline.
    pub fn draw(&self, canvas: &mut Canvas, text: &str, x: f32, y: f32, style: TextStyle) {
        if style.size_px < 3.0 {
            return;
        }
        let mask = self.rasterise(text, style.size_px);
        if let Some((colour, radius_px)) = style.outline {
            let ring = mask.dilated(radius_px);
            let offset_px = radius_px as f32;
            ring.blit(canvas, x - offset_px, y - offset_px, colour, style.alpha);
        }
        mask.blit(canvas, x, y, style.colour, style.alpha);
    }
}

/// How a line of text is drawn.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub size_px: f32,
    pub colour: Colour,
    pub alpha: f32,
    /// Outline colour and width in whole pixels.
    pub outline: Option<(Colour, usize)>,
}

impl TextStyle {
    pub fn plain(size_px: f32, colour: Colour) -> Self {
        Self { size_px, colour, alpha: 1.0, outline: None }
    }

    pub fn outlined(size_px: f32, colour: Colour, outline: Colour, radius_px: usize) -> Self {
        Self { size_px, colour, alpha: 1.0, outline: Some((outline, radius_px)) }
    }
}

impl TextMask {
    /// Coverage at (x, y) inside the mask.
    fn at(&self, x: usize, y: usize) -> f32 {
        self.coverage[y * self.width_px + x]
    }

    /// A mask grown by `radius_px` in every direction (max filter over a disc), for outlines; it is `2 × radius_px`
    /// wider and taller, so draw it `radius_px` up and left of the text.
    pub fn dilated(&self, radius_px: usize) -> TextMask {
        let width_px = self.width_px + 2 * radius_px;
        let height_px = self.height_px + 2 * radius_px;
        let mut coverage = vec![0.0f32; width_px * height_px];
        let r = radius_px as i64;
        for y in 0..self.height_px {
            for x in 0..self.width_px {
                let c = self.at(x, y);
                if c <= 0.0 {
                    continue;
                }
                for dy in -r..=r {
                    for dx in -r..=r {
                        if dx * dx + dy * dy > r * r + r {
                            continue;
                        }
                        let tx = (x as i64 + r + dx) as usize;
                        let ty = (y as i64 + r + dy) as usize;
                        let cell = &mut coverage[ty * width_px + tx];
                        *cell = cell.max(c);
                    }
                }
            }
        }
        TextMask { width_px, height_px, coverage }
    }

    /// Composites the mask onto `canvas` with its top-left corner at (x, y) (rounded to whole pixels).
    pub fn blit(&self, canvas: &mut Canvas, x: f32, y: f32, colour: Colour, alpha: f32) {
        let ox = x.round() as i64;
        let oy = y.round() as i64;
        for my in 0..self.height_px {
            for mx in 0..self.width_px {
                let c = self.at(mx, my);
                if c > 0.0 {
                    canvas.blend(ox + mx as i64, oy + my as i64, colour, alpha * c);
                }
            }
        }
    }
}
