//! The video decoder, opened the way FFmpeg's CLI opens it (packet time base set, threading chosen per purpose),
//! with a feed/drain loop that tolerates damaged packets exactly as the CLI does: errors are counted, decoding goes on.

use ffmpeg_next as ff;

use super::error::{MediaError, MediaResult};
use super::source::Source;
use super::Threading;

/// What a decoded frame says about itself. `pts` is what FFmpeg's CLI reports and what exhibits cite; the identity
/// of a frame across seeks is `key()`, which depends only on the frame's own packet and never on what was decoded
/// before it (the best-effort timestamp does: FFmpeg chooses between PTS and DTS from the history of the decode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameStamp {
    /// FFmpeg's best-effort presentation timestamp, in stream ticks (None when neither PTS nor DTS was known).
    pub pts: Option<i64>,
    /// The PTS of the frame's own packet, as the decoder passed it through (None when the packet had none).
    pub raw_pts: Option<i64>,
    /// Byte offset of the packet the frame came from (None when the demuxer does not report it).
    pub pkt_pos: Option<i64>,
    pub key: bool,
    /// The decoder concealed errors or flagged the frame corrupt: its pixels depend on what was decoded before it.
    pub damaged: bool,
}

impl FrameStamp {
    /// The history-free identity of the frame: its packet's PTS and byte position.
    pub fn key(&self) -> FrameKey {
        FrameKey { raw_pts: self.raw_pts, pkt_pos: self.pkt_pos }
    }
}

/// A frame's identity across seeks: the PTS and byte position of the packet it was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameKey {
    pub raw_pts: Option<i64>,
    pub pkt_pos: Option<i64>,
}

impl FrameKey {
    /// Whether the key can tell a frame apart at all.
    pub fn is_known(&self) -> bool {
        self.raw_pts.is_some() || self.pkt_pos.is_some()
    }
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
        Self::open_with(source, threading, false, None)
    }

    /// Opens a fresh decoder whose codec extradata (parameter sets) is `extradata` instead of the stream's: the
    /// state a sequential decode has at a point after the container changed its sample description.
    pub fn open_with_extradata(source: &Source, threading: Threading, extradata: Option<&[u8]>) -> MediaResult<Self> {
        Self::open_with(source, threading, false, extradata)
    }

    /// Opens a decoder that skips deblocking and the inverse transform: same frames and timestamps, not the same
    /// pixels. Only for counting and numbering frames.
    pub fn open_for_counting(source: &Source, threading: Threading) -> MediaResult<Self> {
        Self::open_with(source, threading, true, None)
    }

    fn open_with(
        source: &Source,
        threading: Threading,
        skip_loop_filter: bool,
        extradata: Option<&[u8]>,
    ) -> MediaResult<Self> {
        let stream = source.video_stream()?;
        let path = &source.path;
        let ctx = ff::codec::context::Context::from_parameters(stream.parameters())
            .map_err(|e| MediaError::ffmpeg(path, "reading the codec parameters", e))?;
        let codec_id = stream.parameters().id();
        let Some(codec) = ff::decoder::find(codec_id) else {
            return Err(MediaError::NoDecoder { path: path.clone(), codec: format!("{codec_id:?}").to_lowercase() });
        };
        let mut ctx = ctx;
        if let Some(bytes) = extradata {
            replace_extradata(&mut ctx, bytes);
        }
        let mut dec = ctx.decoder();
        dec.set_packet_time_base(stream.time_base());
        if skip_loop_filter {
            dec.skip_loop_filter(ff::Discard::All);
            dec.skip_idct(ff::Discard::All);
        }
        let opened = {
            let mut c = dec;
            let config = match threading {
                Threading::Reproducible => ff::codec::threading::Config {
                    kind: ff::codec::threading::Type::None,
                    count: 1,
                    ..Default::default()
                },
                Threading::Fast => ff::codec::threading::Config {
                    kind: ff::codec::threading::Type::Frame,
                    count: 0,
                    ..Default::default()
                },
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

/// Puts `bytes` in the codec context's extradata (owned by FFmpeg, padded as it requires).
fn replace_extradata(ctx: &mut ff::codec::context::Context, bytes: &[u8]) {
    let pad = ff::ffi::AV_INPUT_BUFFER_PADDING_SIZE as usize;
    // SAFETY: the context is not open yet; we free its old extradata and give it a zero-padded av_malloc'd copy of
    // `bytes`, which avcodec_free_context will free.
    unsafe {
        let c = ctx.as_mut_ptr();
        ff::ffi::av_freep(std::ptr::addr_of_mut!((*c).extradata).cast());
        (*c).extradata_size = 0;
        let Ok(len) = i32::try_from(bytes.len()) else { return };
        let buf = ff::ffi::av_mallocz(bytes.len() + pad) as *mut u8;
        if buf.is_null() {
            return;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
        (*c).extradata = buf;
        (*c).extradata_size = len;
    }
}

/// Reads the identity of a decoded frame.
pub fn stamp_of(frame: &ff::frame::Video) -> FrameStamp {
    // SAFETY: reading plain fields of a valid AVFrame owned by `frame`.
    let (pkt_pos, error_flags, raw_pts) =
        unsafe { ((*frame.as_ptr()).pkt_pos, (*frame.as_ptr()).decode_error_flags, (*frame.as_ptr()).pts) };
    FrameStamp {
        pts: frame.timestamp(),
        raw_pts: (raw_pts != ff::ffi::AV_NOPTS_VALUE).then_some(raw_pts),
        pkt_pos: (pkt_pos >= 0).then_some(pkt_pos),
        key: frame.is_key(),
        damaged: error_flags != 0 || frame.is_corrupt(),
    }
}
