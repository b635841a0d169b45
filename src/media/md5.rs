//! MD5 of a decoded frame exactly as FFmpeg's framemd5 muxer computes it: the frame in its native pixel format,
//! planes concatenated without line padding (`av_image_copy_to_buffer` with alignment 1, palette included).

use ffmpeg_next as ff;
use md5::{Digest, Md5};

/// Reuses one buffer across frames.
#[derive(Default)]
pub struct FrameHasher {
    buf: Vec<u8>,
}

impl FrameHasher {
    /// Lowercase hex MD5 of the frame's packed pixels, or None when FFmpeg cannot describe its layout.
    pub fn md5_hex(&mut self, frame: &ff::frame::Video) -> Option<String> {
        let bytes = self.packed(frame)?;
        Some(hex::encode(Md5::digest(bytes)))
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
