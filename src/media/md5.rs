//! MD5 of a decoded frame exactly as FFmpeg's framemd5 muxer computes it: the frame in its native pixel format,
//! planes concatenated without line padding (`av_image_copy_to_buffer` with alignment 1, palette included).
//!
//! One exception follows FFmpeg's CLI: its output is set up for the stream's first frame, so a later frame whose
//! pixel format differs (a new sequence header mid-stream) is converted to the first frame's format (swscale,
//! bicubic, same size) before it is hashed. Sizes are never changed (`-autoscale 0`).

use ffmpeg_next as ff;

/// Reuses one buffer and one MD5 context across frames.
pub struct FrameHasher {
    buf: Vec<u8>,
    md5: *mut ff::ffi::AVMD5,
    /// The pixel format of the stream's first frame; None until known (then the first frame hashed sets it).
    stream_format: Option<ff::format::Pixel>,
    /// The converter to the stream's format, for frames of another format, and its output frame.
    converter: Option<((ff::format::Pixel, u32, u32), ff::software::scaling::Context, ff::frame::Video)>,
}

impl Default for FrameHasher {
    fn default() -> Self {
        // SAFETY: allocation only; a null result is handled by every use.
        FrameHasher { buf: Vec::new(), md5: unsafe { ff::ffi::av_md5_alloc() }, stream_format: None, converter: None }
    }
}

/// A pixel format's FFmpeg name (what the index records).
pub fn pixel_format_name(format: ff::format::Pixel) -> Option<String> {
    format.descriptor().map(|d| d.name().to_string())
}

impl Drop for FrameHasher {
    fn drop(&mut self) {
        // SAFETY: the context came from av_md5_alloc (or is null, which av_free accepts).
        unsafe { ff::ffi::av_free(self.md5.cast()) };
    }
}

// SAFETY: the MD5 context is owned by this hasher alone and holds no thread-bound state.
unsafe impl Send for FrameHasher {}

impl FrameHasher {
    /// A hasher for a stream whose first frame has the pixel format named `first_format` (as the index records it;
    /// None: the first frame hashed decides).
    pub fn for_stream(first_format: Option<&str>) -> Self {
        let mut h = Self::default();
        h.stream_format = first_format.and_then(|n| n.parse().ok());
        h
    }

    /// Lowercase hex MD5 of the frame as FFmpeg's framemd5 hashes it (see the module head), or None when FFmpeg
    /// cannot describe its layout.
    pub fn md5_hex(&mut self, frame: &ff::frame::Video) -> Option<String> {
        let first = *self.stream_format.get_or_insert(frame.format());
        if first == frame.format() || first == ff::format::Pixel::None {
            return self.md5_native(frame);
        }
        let key = (frame.format(), frame.width(), frame.height());
        if self.converter.as_ref().map(|(k, _, _)| *k) != Some(key) {
            let flags = ff::software::scaling::Flags::BICUBIC;
            let ctx = ff::software::scaling::Context::get(key.0, key.1, key.2, first, key.1, key.2, flags).ok()?;
            self.converter = Some((key, ctx, ff::frame::Video::new(first, key.1, key.2)));
        }
        let (_, ctx, out) = self.converter.as_mut()?;
        ctx.run(frame, out).ok()?;
        let out = std::mem::replace(out, ff::frame::Video::empty());
        let md5 = self.md5_native(&out);
        if let Some((_, _, slot)) = self.converter.as_mut() {
            *slot = out;
        }
        md5
    }

    /// Lowercase hex MD5 of the frame's packed pixels, or None when FFmpeg cannot describe its layout. It is the
    /// digest FFmpeg's framemd5 computes (with FFmpeg's own MD5), taken row by row from the decoded planes without
    /// packing them first; paletted formats are packed as framemd5 packs them.
    fn md5_native(&mut self, frame: &ff::frame::Video) -> Option<String> {
        let mut digest = [0u8; 16];
        if !self.md5.is_null() && self.md5_of_planes(frame, &mut digest) {
            return Some(hex::encode(digest));
        }
        let bytes = self.packed(frame)?;
        // SAFETY: `bytes` is a valid slice and `digest` holds the 16 bytes av_md5_sum writes.
        unsafe { ff::ffi::av_md5_sum(digest.as_mut_ptr(), bytes.as_ptr(), bytes.len()) };
        Some(hex::encode(digest))
    }

    /// Feeds each plane's rows (the bytes `av_image_copy_to_buffer` would pack, in its order) to the MD5 context.
    /// Returns false for layouts it does not cover (palettes, unknown formats), which take the packing path.
    fn md5_of_planes(&mut self, frame: &ff::frame::Video, digest: &mut [u8; 16]) -> bool {
        // SAFETY: the frame is a valid decoded AVFrame. Row sizes come from av_image_fill_linesizes for its format
        // and width, plane heights from the format descriptor exactly as av_image_copy_to_buffer computes them, so
        // every row read lies inside the frame's planes.
        unsafe {
            let f = frame.as_ptr();
            let fmt: ff::ffi::AVPixelFormat = frame.format().into();
            let desc = ff::ffi::av_pix_fmt_desc_get(fmt);
            if desc.is_null()
                || (*desc).flags & (ff::ffi::AV_PIX_FMT_FLAG_PAL as u64) != 0
                || (*f).width <= 0
                || (*f).height <= 0
            {
                return false;
            }
            let mut row_bytes = [0i32; 4];
            if ff::ffi::av_image_fill_linesizes(row_bytes.as_mut_ptr(), fmt, (*f).width) < 0 {
                return false;
            }
            let planes = ff::ffi::av_pix_fmt_count_planes(fmt);
            if !(1..=4).contains(&planes) {
                return false;
            }
            let chroma_shift = i32::from((*desc).log2_chroma_h);
            ff::ffi::av_md5_init(self.md5);
            for (i, &row) in row_bytes.iter().enumerate().take(planes as usize) {
                let height = if i == 1 || i == 2 { -((-(*f).height) >> chroma_shift) } else { (*f).height };
                let (stride, data) = ((*f).linesize[i], (*f).data[i]);
                if row <= 0 || data.is_null() || stride < row {
                    return false;
                }
                if stride == row {
                    ff::ffi::av_md5_update(self.md5, data, row as usize * height as usize);
                } else {
                    for y in 0..height as isize {
                        ff::ffi::av_md5_update(self.md5, data.offset(y * stride as isize), row as usize);
                    }
                }
            }
            ff::ffi::av_md5_final(self.md5, digest.as_mut_ptr());
            true
        }
    }

    /// The frame's pixels packed without padding (the bytes the MD5 covers).
    pub fn packed(&mut self, frame: &ff::frame::Video) -> Option<&[u8]> {
        // SAFETY: the frame is a valid decoded AVFrame; we ask FFmpeg for the packed size and copy into a buffer of
        // exactly that size.
        unsafe {
            let f = frame.as_ptr();
            let fmt: ff::ffi::AVPixelFormat = frame.format().into();
            let size = ff::ffi::av_image_get_buffer_size(fmt, (*f).width, (*f).height, 1);
            if size <= 0 {
                return None;
            }
            self.buf.resize(size as usize, 0);
            let written = ff::ffi::av_image_copy_to_buffer(
                self.buf.as_mut_ptr(),
                size,
                (*f).data.as_ptr() as *const *const u8,
                (*f).linesize.as_ptr(),
                fmt,
                (*f).width,
                (*f).height,
                1,
            );
            if written < 0 {
                return None;
            }
            Some(&self.buf[..written as usize])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row-by-row digest equals the digest of the packed buffer (framemd5's definition) on odd sizes, padded
    /// rows, subsampled, high-bit-depth, semi-planar and alpha formats.
    #[test]
    fn plane_digest_equals_the_packed_digest() {
        use ff::format::Pixel;
        super::super::init();
        for fmt in [
            Pixel::YUV420P,
            Pixel::YUV422P10LE,
            Pixel::NV12,
            Pixel::RGB24,
            Pixel::GRAY8,
            Pixel::YUVA420P,
            Pixel::YUV444P,
        ] {
            for (w, h) in [(33u32, 17u32), (64, 36), (1, 1)] {
                let mut frame = ff::frame::Video::new(fmt, w, h);
                let mut seed = 0x9e37_79b9u32;
                for plane in 0..frame.planes() {
                    for b in frame.data_mut(plane).iter_mut() {
                        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                        *b = (seed >> 24) as u8;
                    }
                }
                let mut hasher = FrameHasher::default();
                let by_rows = hasher.md5_hex(&frame).expect("digest");
                let packed = hasher.packed(&frame).expect("packed").to_vec();
                let mut digest = [0u8; 16];
                // SAFETY: valid slice and 16-byte output.
                unsafe { ff::ffi::av_md5_sum(digest.as_mut_ptr(), packed.as_ptr(), packed.len()) };
                assert_eq!(by_rows, hex::encode(digest), "{fmt:?} {w}x{h}");
            }
        }
    }
}
