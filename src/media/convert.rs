//! Conversion of decoded frames to RGBA for display and stills: one reused scaler (rebuilt only when the input
//! format or size changes), the frame's own colour matrix and range, and the display rotation/mirroring a
//! container's display matrix asks for, applied exactly as FFmpeg's autorotate does.

use ffmpeg_next as ff;
use serde::{Deserialize, Serialize};

/// Defined in the leaf [`crate::picture`]; re-exported so the media layer's callers find it here too.
pub use crate::picture::RgbaImage;

impl super::frame_cache::Weighed for RgbaImage {
    fn weight_bytes(&self) -> usize {
        self.pixels.len()
    }
}

/// The transform that turns stored pixels into displayed pixels (FFmpeg's names from the transpose filter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orientation {
    #[default]
    Identity,
    /// Rotate 90° clockwise.
    Clock,
    /// Rotate 90° counter-clockwise.
    CClock,
    /// Transpose (rotate 90° counter-clockwise and flip vertically).
    CClockFlip,
    /// Anti-transpose (rotate 90° clockwise and flip vertically).
    ClockFlip,
    HFlip,
    VFlip,
    Rotate180,
}

impl Orientation {
    /// Reads the display matrix (nine 16.16/2.30 fixed-point values) as FFmpeg 6+'s autorotate does.
    pub fn from_display_matrix(m: &[i32; 9]) -> Self {
        // SAFETY: av_display_rotation_get reads nine int32 values from the pointer.
        let ccw_deg = unsafe { ff::ffi::av_display_rotation_get(m.as_ptr()) };
        if ccw_deg.is_nan() {
            return Orientation::Identity;
        }
        let mut theta = -ccw_deg.round();
        theta -= 360.0 * (theta / 360.0 + 0.9 / 360.0).floor();
        let near = |a: f64| (theta - a).abs() < 1.0;
        if near(90.0) {
            if m[3] > 0 {
                Orientation::CClockFlip
            } else {
                Orientation::Clock
            }
        } else if near(180.0) {
            match (m[0] < 0, m[4] < 0) {
                (true, true) => Orientation::Rotate180,
                (true, false) => Orientation::HFlip,
                (false, true) => Orientation::VFlip,
                (false, false) => Orientation::Identity,
            }
        } else if near(270.0) {
            if m[3] < 0 {
                Orientation::ClockFlip
            } else {
                Orientation::CClock
            }
        } else if m[4] < 0 {
            Orientation::VFlip
        } else {
            Orientation::Identity
        }
    }

    /// Clockwise degrees a viewer would call this (mirroring aside).
    pub fn rotation_cw_deg(self) -> u16 {
        match self {
            Orientation::Clock | Orientation::ClockFlip => 90,
            Orientation::Rotate180 => 180,
            Orientation::CClock | Orientation::CClockFlip => 270,
            _ => 0,
        }
    }

    pub fn is_mirrored(self) -> bool {
        matches!(self, Orientation::CClockFlip | Orientation::ClockFlip | Orientation::HFlip | Orientation::VFlip)
    }

    pub fn swaps_axes(self) -> bool {
        matches!(self, Orientation::Clock | Orientation::CClock | Orientation::CClockFlip | Orientation::ClockFlip)
    }

    /// How the status bar says it, e.g. "rotated 270°, mirrored, as recorded"; `None` for a picture shown as stored.
    pub fn as_recorded_words(self) -> Option<String> {
        let mut parts = Vec::new();
        if self.rotation_cw_deg() != 0 {
            parts.push(format!("rotated {}°", self.rotation_cw_deg()));
        }
        if self.is_mirrored() {
            parts.push("mirrored".to_owned());
        }
        (!parts.is_empty()).then(|| format!("{}, as recorded", parts.join(", ")))
    }

    /// Applies the transform to a packed RGBA image.
    pub fn apply(self, img: RgbaImage) -> RgbaImage {
        if self == Orientation::Identity {
            return img;
        }
        let (w, h) = (img.width as usize, img.height as usize);
        let (ow, oh) = if self.swaps_axes() { (h, w) } else { (w, h) };
        let mut out = vec![0u8; img.pixels.len()];
        for oy in 0..oh {
            for ox in 0..ow {
                let (ix, iy) = match self {
                    Orientation::Identity => (ox, oy),
                    Orientation::Clock => (oy, h - 1 - ox),
                    Orientation::CClock => (w - 1 - oy, ox),
                    Orientation::CClockFlip => (oy, ox),
                    Orientation::ClockFlip => (w - 1 - oy, h - 1 - ox),
                    Orientation::HFlip => (w - 1 - ox, oy),
                    Orientation::VFlip => (ox, h - 1 - oy),
                    Orientation::Rotate180 => (w - 1 - ox, h - 1 - oy),
                };
                let src = (iy * w + ix) * 4;
                let dst = (oy * ow + ox) * 4;
                out[dst..dst + 4].copy_from_slice(&img.pixels[src..src + 4]);
            }
        }
        RgbaImage { width: ow as u32, height: oh as u32, pixels: out }
    }
}

/// Converts frames to RGBA with one scaler, rebuilt only when the input changes.
#[derive(Default)]
pub struct RgbaConverter {
    scaler: Option<(Key, ff::software::scaling::Context)>,
    out: Option<ff::frame::Video>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Key {
    format: ff::format::Pixel,
    width: u32,
    height: u32,
    colorspace: i32,
    full_range: bool,
}

impl RgbaConverter {
    /// Converts a decoded frame to packed RGBA (stored orientation). None when swscale cannot handle the format.
    pub fn to_rgba(&mut self, frame: &ff::frame::Video) -> Option<RgbaImage> {
        let out = self.convert_in_place(frame)?;
        let (w, h) = (out.width() as usize, out.height() as usize);
        let stride = out.stride(0);
        let data = out.data(0);
        let mut pixels = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            pixels.extend_from_slice(&data[y * stride..y * stride + w * 4]);
        }
        Some(RgbaImage { width: w as u32, height: h as u32, pixels })
    }

    /// Converts into the converter's own RGBA frame (no copy out); the benchmark's path, and `to_rgba`'s first step.
    pub fn convert_in_place(&mut self, frame: &ff::frame::Video) -> Option<&ff::frame::Video> {
        // SAFETY: reading plain fields of a valid AVFrame.
        let (colorspace, full_range) = unsafe {
            let f = frame.as_ptr();
            ((*f).colorspace as i32, (*f).color_range == ff::ffi::AVColorRange::AVCOL_RANGE_JPEG)
        };
        let key = Key { format: frame.format(), width: frame.width(), height: frame.height(), colorspace, full_range };
        if self.scaler.as_ref().map(|(k, _)| *k) != Some(key) {
            let ctx = ff::software::scaling::Context::get(
                key.format,
                key.width,
                key.height,
                ff::format::Pixel::RGBA,
                key.width,
                key.height,
                ff::software::scaling::Flags::BICUBIC,
            )
            .ok()?;
            set_colour_details(&ctx, key);
            self.scaler = Some((key, ctx));
            self.out = Some(ff::frame::Video::new(ff::format::Pixel::RGBA, key.width, key.height));
        }
        let (_, scaler) = self.scaler.as_mut()?;
        let out = self.out.as_mut()?;
        scaler.run(frame, out).ok()?;
        Some(out)
    }
}

// The binding's type for SWS_CS_DEFAULT differs between FFmpeg versions (u32 or i32), so the cast stays.
#[allow(clippy::unnecessary_cast)]
fn set_colour_details(ctx: &ff::software::scaling::Context, key: Key) {
    // Unspecified matrices fall back to swscale's default (BT.601), as FFmpeg's own scale filter does, so a still
    // matches what `ffmpeg` writes for the same frame.
    let space = if key.colorspace == ff::ffi::AVColorSpace::AVCOL_SPC_UNSPECIFIED as i32 {
        ff::ffi::SWS_CS_DEFAULT as i32
    } else {
        key.colorspace
    };
    // SAFETY: the context pointer is valid; sws_getCoefficients returns a static table.
    unsafe {
        let table = ff::ffi::sws_getCoefficients(space);
        let rgb_table = ff::ffi::sws_getCoefficients(ff::ffi::SWS_CS_DEFAULT as i32);
        ff::ffi::sws_setColorspaceDetails(
            ctx.as_ptr() as *mut _,
            table,
            i32::from(key.full_range),
            rgb_table,
            1,
            0,
            1 << 16,
            1 << 16,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img() -> RgbaImage {
        // 3x2: pixel value = index
        let pixels = (0..6u8).flat_map(|i| [i, i, i, 255]).collect();
        RgbaImage { width: 3, height: 2, pixels }
    }

    fn reds(i: &RgbaImage) -> Vec<u8> {
        i.pixels.chunks(4).map(|p| p[0]).collect()
    }

    #[test]
    fn the_status_words_name_rotation_and_mirroring() {
        assert_eq!(Orientation::Identity.as_recorded_words(), None);
        assert_eq!(Orientation::Clock.as_recorded_words().as_deref(), Some("rotated 90°, as recorded"));
        assert_eq!(Orientation::CClockFlip.as_recorded_words().as_deref(), Some("rotated 270°, mirrored, as recorded"));
        assert_eq!(Orientation::HFlip.as_recorded_words().as_deref(), Some("mirrored, as recorded"));
    }

    #[test]
    fn rotations_move_pixels_where_ffmpeg_transpose_does() {
        // input rows: [0 1 2] [3 4 5]
        assert_eq!(reds(&Orientation::Clock.apply(img())), vec![3, 0, 4, 1, 5, 2]);
        assert_eq!(reds(&Orientation::CClock.apply(img())), vec![2, 5, 1, 4, 0, 3]);
        assert_eq!(reds(&Orientation::CClockFlip.apply(img())), vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(reds(&Orientation::ClockFlip.apply(img())), vec![5, 2, 4, 1, 3, 0]);
        assert_eq!(reds(&Orientation::Rotate180.apply(img())), vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(reds(&Orientation::HFlip.apply(img())), vec![2, 1, 0, 5, 4, 3]);
        let r = Orientation::Clock.apply(img());
        assert_eq!((r.width, r.height), (2, 3));
    }

    #[test]
    fn display_matrices_as_cameras_write_them() {
        const ONE: i32 = 1 << 16;
        const W: i32 = 1 << 30;
        // A phone held upright: stored landscape, shown rotated 90° clockwise (ffprobe: rotation=-90).
        assert_eq!(Orientation::from_display_matrix(&[0, ONE, 0, -ONE, 0, 0, 0, 0, W]), Orientation::Clock);
        assert_eq!(Orientation::from_display_matrix(&[0, -ONE, 0, ONE, 0, 0, 0, 0, W]), Orientation::CClock);
        assert_eq!(Orientation::from_display_matrix(&[-ONE, 0, 0, 0, -ONE, 0, 0, 0, W]), Orientation::Rotate180);
        // Rotation plus mirror (a transpose), as in a front-camera clip.
        assert_eq!(Orientation::from_display_matrix(&[0, ONE, 0, ONE, 0, 0, 0, 0, W]), Orientation::CClockFlip);
        assert_eq!(Orientation::from_display_matrix(&[ONE, 0, 0, 0, ONE, 0, 0, 0, W]), Orientation::Identity);
        assert_eq!(Orientation::from_display_matrix(&[-ONE, 0, 0, 0, ONE, 0, 0, 0, W]), Orientation::HFlip);
    }
}
