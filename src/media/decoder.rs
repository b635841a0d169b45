//! The video decoder, opened the way FFmpeg's CLI opens it (packet time base set, threading chosen per purpose),
//! with a feed/drain loop that tolerates damaged packets exactly as the CLI does: errors are counted, decoding goes on.

use ffmpeg_next as ff;

use super::error::{MediaError, MediaResult};
use super::source::Source;
use super::Threading;

/// What identifies a decoded frame across seeks: its presentation timestamp and the byte position of its packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameStamp {
    /// FFmpeg's best-effort presentation timestamp, in stream ticks (None when neither PTS nor DTS was known).
    pub pts: Option<i64>,
    /// Byte offset of the packet the frame came from (None when the demuxer does not report it).
    pub pkt_pos: Option<i64>,
    pub key: bool,
    /// The decoder concealed errors or flagged the frame corrupt: its pixels depend on what was decoded before it.
    pub damaged: bool,
}

/// A video decoder plus the count of decode errors it has met.
pub struct VideoDecoder {
    decoder: ff::decoder::Video,
    pub errors: u64,
    pub threading: Threading,
}

impl VideoDecoder {
    /// Opens a decoder for the source's video stream.
    pub fn open(source: &Source, threading: Threading) -> MediaResult<Self> {
        Self::open_with(source, threading, false)
    }

    /// Opens a decoder that skips deblocking and the inverse transform: same frames and timestamps, not the same
    /// pixels. Only for counting and numbering frames.
    pub fn open_for_counting(source: &Source, threading: Threading) -> MediaResult<Self> {
        Self::open_with(source, threading, true)
    }

    fn open_with(source: &Source, threading: Threading, skip_loop_filter: bool) -> MediaResult<Self> {
        let stream = source.video_stream()?;
        let path = &source.path;
        let ctx = ff::codec::context::Context::from_parameters(stream.parameters())
            .map_err(|e| MediaError::ffmpeg(path, "reading the codec parameters", e))?;
        let codec_id = stream.parameters().id();
        let Some(codec) = ff::decoder::find(codec_id) else {
            return Err(MediaError::NoDecoder { path: path.clone(), codec: format!("{codec_id:?}").to_lowercase() });
        };
        let mut dec = ctx.decoder();
        dec.set_packet_time_base(stream.time_base());
        if skip_loop_filter {
            dec.skip_loop_filter(ff::Discard::All);
            dec.skip_idct(ff::Discard::All);
        }
        let opened = {
            let mut c = dec;
            let config = match threading {
                Threading::Reproducible => ff::codec::threading::Config { kind: ff::codec::threading::Type::None, count: 1, ..Default::default() },
                Threading::Fast => ff::codec::threading::Config { kind: ff::codec::threading::Type::Frame, count: 0, ..Default::default() },
            };
            c.set_threading(config);
            if threading == Threading::Fast {
                // SAFETY: setting thread_type before avcodec_open2 is the documented way to allow both kinds.
                unsafe {
                    (*c.as_mut_ptr()).thread_type = ff::ffi::FF_THREAD_FRAME | ff::ffi::FF_THREAD_SLICE;
                }
            }
            c.open_as(codec).map_err(|e| MediaError::ffmpeg(path, "opening the video decoder", e))?
        };
        let decoder = opened.video().map_err(|e| MediaError::ffmpeg(path, "opening the video decoder", e))?;
        Ok(VideoDecoder { decoder, errors: 0, threading })
    }

    /// Sends one packet. A packet the decoder rejects is counted and skipped, as FFmpeg's CLI does.
    pub fn send(&mut self, packet: &ff::Packet) {
        if self.decoder.send_packet(packet).is_err() {
            self.errors += 1;
        }
    }

    /// Signals the end of input so the decoder releases the frames it still holds.
    pub fn send_eof(&mut self) {
        let _ = self.decoder.send_eof();
    }

    /// Receives the next frame, if one is ready. Errors other than "need more input" are counted.
    pub fn receive(&mut self, frame: &mut ff::frame::Video) -> bool {
        match self.decoder.receive_frame(frame) {
            Ok(()) => true,
            Err(ff::Error::Other { errno }) if errno == ff::error::EAGAIN => false,
            Err(ff::Error::Eof) => false,
            Err(_) => {
                self.errors += 1;
                false
            }
        }
    }

    /// Skips (or stops skipping) non-reference frames: they are never needed to decode a later frame, so a seek
    /// may leave out the ones before its target and still decode the target bit-exactly.
    pub fn set_skip_nonref(&mut self, skip: bool) {
        self.decoder.skip_frame(if skip { ff::Discard::NonReference } else { ff::Discard::Default });
    }

    /// Drops every frame in flight (after a seek).
    pub fn flush(&mut self) {
        self.decoder.flush();
    }
}

/// Reads the identity of a decoded frame.
pub fn stamp_of(frame: &ff::frame::Video) -> FrameStamp {
    // SAFETY: reading plain fields of a valid AVFrame owned by `frame`.
    let (pkt_pos, error_flags) = unsafe { ((*frame.as_ptr()).pkt_pos, (*frame.as_ptr()).decode_error_flags) };
    FrameStamp {
        pts: frame.timestamp(),
        pkt_pos: (pkt_pos >= 0).then_some(pkt_pos),
        key: frame.is_key(),
        damaged: error_flags != 0 || frame.is_corrupt(),
    }
}
