//! Exact random access: frame N is reached by seeking to the keyframe packet the index names, flushing, and
//! decoding forward until the frame whose identity (PTS or packet position) the index gives for N comes out.
//! Forward requests within reach continue without seeking; backward steps are served from a byte-bounded cache.
//! Every decoded frame is checked against the index, so a wrong index is noticed, rebuilt by decoding, and never
//! silently trusted; when no keyframe start works, frames are counted from the start of the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ffmpeg_next as ff;

use super::decoder::{stamp_of, FrameStamp, VideoDecoder};
use super::error::{MediaError, MediaResult};
use super::frame_cache::{FrameCache, Weighed};
use super::index::{self, FrameIndex, Identity, IndexMethod, SeekPoint};
use super::source::{Read, Source};
use super::Threading;

/// Default byte budget of the decoded-frame cache (about 85 frames of 1080p 4:2:0).
pub const DEFAULT_CACHE_BYTES: usize = 256 << 20;

/// How many earlier keyframes a reader tries before counting from the start of the file.
const EARLIER_KEYFRAME_TRIES: usize = 3;

/// A decoded frame and the frame number it is.
pub struct DecodedFrame {
    pub index: usize,
    pub stamp: FrameStamp,
    pub frame: ff::frame::Video,
}

impl Weighed for DecodedFrame {
    fn weight_bytes(&self) -> usize {
        let fmt: ff::ffi::AVPixelFormat = self.frame.format().into();
        // SAFETY: pure computation on the format and size.
        let n = unsafe { ff::ffi::av_image_get_buffer_size(fmt, self.frame.width() as i32, self.frame.height() as i32, 1) };
        usize::try_from(n).unwrap_or(0).max(1)
    }
}

// SAFETY: a decoded AVFrame's buffers are reference counted and never written after decoding; moving the owning
// handle between threads is sound (FFmpeg documents frames as usable from any thread once produced).
unsafe impl Send for DecodedFrame {}
unsafe impl Sync for DecodedFrame {}

/// Counters a benchmark or a test can read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReaderStats {
    pub seeks: u64,
    pub frames_decoded: u64,
    pub cache_hits: u64,
    pub index_rebuilds: u64,
    pub counted_from_start: u64,
}

/// Where the decoder stands: the frame it will output next if fed on, or nowhere useful.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cursor {
    Nowhere,
    /// `start` is the frame the current run of decoding began at (its seek point).
    Before { next: usize, by_count: bool, start: usize },
}

/// Why a decode run stopped short.
enum RunError {
    /// A frame came out that the index did not predict.
    Mismatch(String),
    /// The stream ended (or the start frame was missing) before the target.
    NotReached,
}

pub struct FrameReader {
    path: PathBuf,
    source: Source,
    decoder: VideoDecoder,
    index: FrameIndex,
    cache: FrameCache<DecodedFrame>,
    cursor: Cursor,
    eof_sent: bool,
    scratch: ff::frame::Video,
    /// Policy: on a seek, skip non-reference frames before the target (fresh jumps; not for stepping back).
    skip_nonref_on_seek: bool,
    /// While skipping: the packet of the target frame, at which skipping stops.
    skip_until: Option<(Option<i64>, Option<i64>)>,
    /// This run of decoding skipped frames before its target: frames before the target may be missing from the
    /// output (even after skipping stopped, since output lags decoding by the reorder delay).
    skipping_run: bool,
    pub stats: ReaderStats,
}

impl FrameReader {
    /// Opens `path` with an index already built for it.
    pub fn open(path: &Path, index: FrameIndex, threading: Threading) -> MediaResult<Self> {
        let source = Source::open(path)?;
        let decoder = VideoDecoder::open(&source, threading)?;
        Ok(FrameReader {
            path: path.to_path_buf(),
            source,
            decoder,
            index,
            cache: FrameCache::new(DEFAULT_CACHE_BYTES),
            cursor: Cursor::Nowhere,
            eof_sent: false,
            scratch: ff::frame::Video::empty(),
            skip_nonref_on_seek: false,
            skip_until: None,
            skipping_run: false,
            stats: ReaderStats::default(),
        })
    }

    pub fn index(&self) -> &FrameIndex {
        &self.index
    }

    pub fn frame_count(&self) -> usize {
        self.index.len()
    }

    pub fn threading(&self) -> Threading {
        self.decoder.threading
    }

    pub fn decode_errors(&self) -> u64 {
        self.decoder.errors
    }

    pub fn set_cache_bytes(&mut self, bytes: usize) {
        self.cache = FrameCache::new(bytes);
    }

    /// With `true`, a seek decodes only the reference frames before its target (H.264 and HEVC), which is faster
    /// for jumps; frames skipped that way are not cached, so leave it off when the user steps backwards.
    pub fn set_skip_nonref_on_seek(&mut self, on: bool) {
        self.skip_nonref_on_seek = on;
    }

    /// Forgets cached frames and decoder position, so the next request seeks afresh.
    pub fn reset(&mut self) {
        self.cache.clear();
        self.cursor = Cursor::Nowhere;
    }

    /// The frame numbered `n` (0-based, presentation order), exactly.
    pub fn frame(&mut self, n: usize) -> MediaResult<Arc<DecodedFrame>> {
        if n >= self.index.len() {
            return Err(MediaError::FrameOutOfRange {
                path: self.path.clone(),
                requested: n as u64,
                count: self.index.len() as u64,
            });
        }
        if let Some(hit) = self.cache.get(n) {
            self.stats.cache_hits += 1;
            return Ok(hit);
        }
        if self.index.identity == Identity::Ordinal {
            return self.count_from_start(n);
        }
        // Continue forward when the target's keyframe is not ahead of where the decoder stands.
        if let Cursor::Before { next, by_count, start } = self.cursor {
            let sp_frame = self.index.seek_point_for(n).map(|i| self.index.seek_points[i].frame);
            if next <= n && sp_frame.is_none_or(|f| f <= next) {
                match self.run_to(n, next, by_count, next, start) {
                    Ok(f) => return Ok(f),
                    Err(RunError::Mismatch(why)) => return self.on_mismatch(n, &why),
                    Err(RunError::NotReached) => self.cursor = Cursor::Nowhere,
                }
            }
        }
        self.seek_and_run(n)
    }

    fn seek_and_run(&mut self, n: usize) -> MediaResult<Arc<DecodedFrame>> {
        let Some(mut sp_i) = self.index.seek_point_for(n) else {
            return self.count_from_start(n);
        };
        let mut skip = self.skip_nonref_on_seek && matches!(self.index.codec.as_str(), "h264" | "hevc");
        for _ in 0..EARLIER_KEYFRAME_TRIES {
            let sp = self.index.seek_points[sp_i].clone();
            match self.start_at(&sp) {
                Ok(true) => {
                    let target = &self.index.frames[n];
                    let skipping = skip && sp.frame < n && (target.pkt_pos.is_some() || target.dts.is_some());
                    if skipping {
                        self.skip_until = Some((target.pkt_pos, target.dts));
                        self.skipping_run = true;
                        self.decoder.set_skip_nonref(true);
                    }
                    match self.run_to(n, sp.frame, false, sp.frame, sp.frame) {
                        Ok(f) => return Ok(f),
                        Err(RunError::Mismatch(why)) if !skipping => return self.on_mismatch(n, &why),
                        // Skipping left the target out (its packet was not recognised): try again without skipping.
                        Err(_) if skipping => {
                            skip = false;
                            continue;
                        }
                        Err(_) => {}
                    }
                }
                Ok(false) => {}
                Err(e) => return Err(e),
            }
            // The keyframe did not decode to what it should (an open GOP, a damaged keyframe): start earlier.
            let Some(earlier) = sp_i.checked_sub(1) else { break };
            sp_i = earlier;
        }
        self.count_from_start(n)
    }

    fn on_mismatch(&mut self, n: usize, why: &str) -> MediaResult<Arc<DecodedFrame>> {
        self.cache.clear();
        self.cursor = Cursor::Nowhere;
        if self.index.method == IndexMethod::Demux {
            tracing::warn!("{}: index from packets disagrees with decoding ({why}); rebuilding by decoding", self.path.display());
            self.index = index::build_by_decoding(&self.path, &format!("packets disagreed with decoding: {why}"))?;
            self.stats.index_rebuilds += 1;
            super::index_cache::store(&self.path, &self.index);
            return self.seek_and_run(n);
        }
        self.count_from_start(n)
    }

    /// Seeks to the keyframe frame `n` decodes from and stops there; the next `frame(n)` only decodes forward.
    pub fn prepare_at_keyframe(&mut self, n: usize) -> MediaResult<bool> {
        self.reset();
        let Some(sp_i) = self.index.seek_point_for(n) else { return Ok(false) };
        let sp = self.index.seek_points[sp_i].clone();
        let ok = self.start_at(&sp)?;
        if ok {
            self.cursor = Cursor::Before { next: sp.frame, by_count: false, start: sp.frame };
        }
        Ok(ok)
    }

    /// Positions the demuxer so the next packet read is the seek point's keyframe packet; sends it to a flushed
    /// decoder. Returns false when the container cannot put us there.
    fn start_at(&mut self, sp: &SeekPoint) -> MediaResult<bool> {
        self.stats.seeks += 1;
        self.decoder.flush();
        self.stop_skipping();
        self.skipping_run = false;
        self.eof_sent = false;
        self.cursor = Cursor::Nowhere;
        let ts = sp.dts.into_iter().chain(sp.pts).min().unwrap_or(i64::MIN);
        let mut tried_start = false;
        if !self.source.seek_before(ts) {
            tried_start = true;
            if !self.source.seek_to_start() {
                return Ok(false);
            }
        }
        loop {
            match self.source.read() {
                Read::Video(p) => {
                    if index::packet_is_seek_point(&p, sp) {
                        self.decoder.send(&p);
                        return Ok(true);
                    }
                    if index::packet_is_past(&p, sp) {
                        // The container's seek landed after our keyframe: scan from the start instead.
                        if tried_start || !self.source.seek_to_start() {
                            return Ok(false);
                        }
                        tried_start = true;
                    }
                }
                Read::Other(_) => {}
                Read::End => return Ok(false),
            }
        }
    }

    /// Stops skipping non-reference frames (the target's packet is next, or a new run starts).
    fn stop_skipping(&mut self) {
        if self.skip_until.take().is_some() {
            self.decoder.set_skip_nonref(false);
        }
    }

    /// Decodes forward until frame `n`. `expected` is the number of the next frame that should come out; frames
    /// before `first_valid` (leading pictures of an open GOP) are dropped. With `by_count`, frames are numbered by
    /// counting rather than by identity (after counting from the start). `start` is where this run of decoding
    /// began: a damaged frame in that first GOP was concealed from nothing, not from what precedes it in the file,
    /// so the run must begin earlier to give FFmpeg's picture.
    fn run_to(
        &mut self,
        n: usize,
        mut expected: usize,
        by_count: bool,
        first_valid: usize,
        start: usize,
    ) -> Result<Arc<DecodedFrame>, RunError> {
        let first_gop_end = self.index.seek_points.iter().find(|s| s.frame > start).map_or(usize::MAX, |s| s.frame);
        loop {
            let Some(frame) = self.next_decoded() else {
                self.cursor = Cursor::Nowhere;
                return Err(RunError::NotReached);
            };
            let stamp = stamp_of(&frame);
            let pos = if by_count {
                expected
            } else {
                match self.index.position_of(&stamp) {
                    Some(p) => p,
                    None => return Err(RunError::Mismatch(format!("a frame with PTS {:?} is not in the index", stamp.pts))),
                }
            };
            if pos < first_valid {
                continue;
            }
            if pos > expected && pos <= n && self.skipping_run {
                // Non-reference frames before the target were skipped on purpose.
                expected = pos;
            }
            if pos != expected {
                if expected == first_valid && pos > expected {
                    // The keyframe itself did not come out: decoding must start earlier.
                    return Err(RunError::NotReached);
                }
                return Err(RunError::Mismatch(format!("expected frame {expected}, decoded frame {pos}")));
            }
            if stamp.damaged && !by_count && pos < first_gop_end {
                self.cursor = Cursor::Nowhere;
                return Err(RunError::NotReached);
            }
            let decoded = Arc::new(DecodedFrame { index: pos, stamp, frame });
            self.cache.insert(pos, decoded.clone());
            expected += 1;
            if pos == n {
                self.skipping_run = false;
                self.cursor = Cursor::Before { next: n + 1, by_count, start };
                return Ok(decoded);
            }
        }
    }

    /// The next frame out of the decoder, feeding packets as needed; None when the stream is exhausted.
    fn next_decoded(&mut self) -> Option<ff::frame::Video> {
        loop {
            if self.decoder.receive(&mut self.scratch) {
                self.stats.frames_decoded += 1;
                return Some(std::mem::replace(&mut self.scratch, ff::frame::Video::empty()));
            }
            if self.eof_sent {
                return None;
            }
            match self.source.read() {
                Read::Video(p) => {
                    if let Some((pos, dts)) = self.skip_until {
                        let at_target = match (pos, p.position()) {
                            (Some(want), got) if got >= 0 => want == got as i64,
                            _ => dts.is_some() && dts == p.dts(),
                        };
                        if at_target {
                            self.stop_skipping();
                        }
                    }
                    self.decoder.send(&p)
                }
                Read::Other(_) => {}
                Read::End => {
                    self.stop_skipping();
                    self.decoder.send_eof();
                    self.eof_sent = true;
                }
            }
        }
    }

    /// Decodes from the first packet of the file, numbering frames by counting: always right, slowest.
    fn count_from_start(&mut self, n: usize) -> MediaResult<Arc<DecodedFrame>> {
        self.stats.counted_from_start += 1;
        self.stats.seeks += 1;
        self.decoder.flush();
        self.stop_skipping();
        self.skipping_run = false;
        self.eof_sent = false;
        if !self.source.seek_to_start() {
            // Reopen: some inputs cannot seek at all.
            self.source = Source::open(&self.path)?;
            self.decoder = VideoDecoder::open(&self.source, self.decoder.threading)?;
        }
        match self.run_to(n, 0, true, 0, 0) {
            Ok(f) => Ok(f),
            Err(_) => Err(MediaError::FrameOutOfRange {
                path: self.path.clone(),
                requested: n as u64,
                count: self.index.len() as u64,
            }),
        }
    }
}
