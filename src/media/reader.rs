//! Exact random access. Frame N is what FFmpeg's sequential decode outputs N-th, and every way of reaching it — a
//! jump, a step either way, a batch in any order — must give those bytes, whatever was asked before.
//!
//! So no decoder state ever crosses from one run of decoding to the next: each run opens a fresh decoder (given the
//! parameter sets the container had announced by then) either at the very start of the file or at a keyframe
//! packet the index names, and numbers what comes out by counting from the frame that keyframe is, checking every
//! frame's identity (its packet's PTS and position) against the index. A run that meets what a fresh start cannot
//! reproduce — a keyframe that does not come out, damage the sequential decode did not have — starts again from an
//! earlier keyframe, and finally from the start of the file, which is the sequential decode itself. Where the
//! sequential decode itself met errors, frames depend on everything before them, and each one served there is
//! proven against the sequential decode's MD5. Forward requests within reach continue a run; backward steps come
//! from a byte-bounded cache holding only frames proven this way.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ffmpeg_next as ff;

use super::decoder::{stamp_of, FrameStamp, VideoDecoder};
use super::error::{MediaError, MediaResult};
use super::frame_cache::{FrameCache, Weighed};
use super::index::{self, FrameIndex, IndexMethod, SeekPoint};
use super::md5::FrameHasher;
use super::source::{Read, Source};
use super::Threading;

mod playback;

/// Default byte budget of the decoded-frame cache (about 85 frames of 1080p 4:2:0).
pub const DEFAULT_CACHE_BYTES: usize = 256 << 20;

/// How many earlier keyframes a reader tries before decoding from the start of the file.
const EARLIER_KEYFRAME_TRIES: usize = 3;

/// Leading frames (an open GOP's pictures before its keyframe) a run drops before it gives up on its start.
const MAX_LEADING_FRAMES: usize = 256;

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
        let n =
            unsafe { ff::ffi::av_image_get_buffer_size(fmt, self.frame.width() as i32, self.frame.height() as i32, 1) };
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
    /// Runs that decoded from the first packet of the file.
    pub counted_from_start: u64,
    /// Frames proven against the sequential decode's MD5 (damaged streams).
    pub frames_proven: u64,
    /// Frames playback left out because their time had passed before they could be decoded (see `playback`).
    pub frames_left_out: u64,
    /// Starts abandoned because what they decoded was not what the sequential decode gave.
    pub starts_rejected: u64,
}

/// Where a run of decoding began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// The first packet of the file, with a fresh demuxer position and decoder: the sequential decode itself.
    FileStart,
    /// The keyframe packet of `seek_points[i]`.
    Keyframe(usize),
}

/// Where the decoder stands: the frame it will output next if fed on, or nowhere useful.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cursor {
    Nowhere,
    Before { next: usize, origin: Origin },
}

/// Why a run stopped short of its target.
enum RunError {
    /// A frame came out that the index did not predict.
    Mismatch(String),
    /// This start cannot give the sequential decode's frames here (keyframe missing, damage, a failed proof) or the
    /// stream ended first: start earlier.
    StartEarlier,
    /// The stream decoded with damage the index did not know of: the index must be rebuilt by decoding.
    Damaged,
}

pub struct FrameReader {
    path: PathBuf,
    source: Source,
    decoder: VideoDecoder,
    /// The threading asked for; runs use single-threaded decoding wherever the stream is damaged.
    threading: Threading,
    index: FrameIndex,
    cache: FrameCache<DecodedFrame>,
    cursor: Cursor,
    eof_sent: bool,
    scratch: ff::frame::Video,
    hasher: FrameHasher,
    /// Decode errors of the runs before the current decoder.
    errors_before: u64,
    /// The current decoder's error count when the run's first valid frame came out.
    errors_base: u64,
    /// Per seek point: the start found to give the sequential decode's frames in its GOP, when it is not itself.
    start_for_gop: HashMap<usize, Origin>,
    /// How many keyframes before its GOP's a run has had to start on this stream; new GOPs start that far back.
    keyframes_back: usize,
    /// Policy: on a seek, skip non-reference frames that were not asked for (fresh jumps and batches; not for
    /// stepping back, where the skipped frames would be wanted next).
    skip_nonref_on_seek: bool,
    /// While skipping: the packets (by byte position) of the frames asked for, which are always decoded. Frames
    /// before a target may then be missing from the output, so such a run is never continued past its targets.
    keep: Option<std::collections::HashSet<i64>>,
    /// A batch is being served: the run may continue from one asked-for frame to the next.
    batch: Option<std::collections::HashSet<i64>>,
    /// Playback: frames before this one are no longer wanted, so their packets go to the decoder with
    /// non-reference frames skipped (see `playback`).
    drop_before: Option<usize>,
    /// The frames of this run whose packets were sent that way: each may be missing from its output.
    dropped: BTreeSet<usize>,
    pub stats: ReaderStats,
}

impl FrameReader {
    /// Opens `path` with an index already built for it.
    pub fn open(path: &Path, index: FrameIndex, threading: Threading) -> MediaResult<Self> {
        let source = Source::open_video_only(path)?;
        let decoder = VideoDecoder::open(&source, threading)?;
        let hasher = FrameHasher::for_stream(index.first_pixel_format.as_deref());
        Ok(FrameReader {
            path: path.to_path_buf(),
            source,
            decoder,
            threading,
            index,
            cache: FrameCache::new(DEFAULT_CACHE_BYTES),
            cursor: Cursor::Nowhere,
            eof_sent: false,
            scratch: ff::frame::Video::empty(),
            hasher,
            errors_before: 0,
            errors_base: 0,
            start_for_gop: HashMap::new(),
            keyframes_back: 0,
            skip_nonref_on_seek: false,
            keep: None,
            batch: None,
            drop_before: None,
            dropped: BTreeSet::new(),
            stats: ReaderStats::default(),
        })
    }

    pub fn index(&self) -> &FrameIndex {
        &self.index
    }

    /// The display orientation the video stream declares.
    pub fn orientation(&self) -> super::convert::Orientation {
        self.source
            .video_stream()
            .map_or(super::convert::Orientation::Identity, |st| super::probe::stream_orientation(&st))
    }

    pub fn frame_count(&self) -> usize {
        self.index.len()
    }

    /// The threading runs actually use: single-threaded on a damaged stream, where threaded decoding is not
    /// reproducible.
    pub fn threading(&self) -> Threading {
        if self.index.taint_from.is_some() {
            Threading::Reproducible
        } else {
            self.threading
        }
    }

    pub fn decode_errors(&self) -> u64 {
        self.errors_before + self.decoder.errors
    }

    pub fn set_cache_bytes(&mut self, bytes: usize) {
        self.cache = FrameCache::new(bytes);
    }

    /// With `true`, a seek decodes only the reference frames before its target (H.264 and HEVC), which is faster
    /// for jumps; frames skipped that way are not cached, so leave it off when the user steps backwards.
    pub fn set_skip_nonref_on_seek(&mut self, on: bool) {
        self.skip_nonref_on_seek = on;
    }

    /// Forgets cached frames and decoder position, so the next request starts a fresh run.
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
        // An exact request never has its own frame left out.
        self.drop_before = self.drop_before.map(|d| d.min(n));
        if let Cursor::Before { next, origin } = self.cursor {
            if next <= n && self.worth_continuing(next, n, origin) {
                let skipping = self.keep.is_some();
                match self.run_to(n) {
                    Ok(f) => return Ok(f),
                    // A run that skipped frames, or could not go on: a fresh run decides.
                    Err(_) if skipping => self.keep = None,
                    Err(RunError::StartEarlier) => {}
                    // A keyframe run that stopped agreeing with the index: a fresh run (which falls back to earlier
                    // starts, then to the file start) decides. Only the file start itself disagreeing is final.
                    Err(RunError::Mismatch(_)) if origin != Origin::FileStart => {}
                    Err(e) => return self.recover(n, e),
                }
            }
        }
        let origin = self.start_for(n);
        self.run_from(n, origin)
    }

    /// Whether decoding on from `next` reaches `n` sooner than a fresh start would (and as exactly).
    fn worth_continuing(&self, next: usize, n: usize, origin: Origin) -> bool {
        match self.start_for(n) {
            Origin::FileStart => true,
            Origin::Keyframe(i) => {
                let start_frame = self.index.seek_points[i].frame;
                start_frame <= next || matches!(origin, Origin::Keyframe(o) if o >= i)
            }
        }
    }

    /// The start a run to `n` should use: its GOP's keyframe, or whatever was found to work there before. The
    /// first GOP always decodes from the file start: packets before the first keyframe belong to the sequential
    /// decode too.
    fn start_for(&self, n: usize) -> Origin {
        match self.index.seek_point_for(n) {
            None | Some(0) => Origin::FileStart,
            Some(i) => {
                self.start_for_gop.get(&i).copied().unwrap_or_else(|| match i.checked_sub(self.keyframes_back) {
                    Some(k) if k > 0 => Origin::Keyframe(k),
                    _ => Origin::FileStart,
                })
            }
        }
    }

    /// Whether frames that were not asked for may be skipped on the way to `targets`: non-reference frames of
    /// H.264 and HEVC are never needed to decode another frame, so the targets decode bit-exactly. Not where the
    /// stream is damaged (concealment may lean on any decoded picture).
    fn skip_allowed(&self, targets: &[usize]) -> bool {
        self.skip_nonref_on_seek
            && matches!(self.index.codec.as_str(), "h264" | "hevc")
            && self.index.frames_name_their_packets
            && targets
                .iter()
                .all(|&n| !self.index.is_tainted(n) && self.index.frames.get(n).is_some_and(|f| f.pkt_pos.is_some()))
    }

    /// The start before `origin`, as a fallback.
    fn earlier(&self, origin: Origin, tries: usize) -> Origin {
        match origin {
            Origin::Keyframe(i) if i > 1 && tries < EARLIER_KEYFRAME_TRIES => Origin::Keyframe(i - 1),
            _ => Origin::FileStart,
        }
    }

    /// Positions the demuxer so the next packet read is the seek point's keyframe packet and sends that packet to
    /// the (fresh) decoder. Returns false when the container cannot put us there.
    fn position_at(&mut self, sp: &SeekPoint) -> bool {
        let ts = sp.dts.into_iter().chain(sp.pts).min().unwrap_or(i64::MIN);
        let mut tried_start = false;
        if !self.source.seek_before(ts) {
            tried_start = true;
            if !self.source.seek_to_start() {
                return false;
            }
        }
        loop {
            match self.source.read() {
                Read::Video(p) => {
                    if index::packet_is_seek_point(&p, sp) {
                        self.decoder.send(&p);
                        return true;
                    }
                    if index::packet_is_past(&p, sp) {
                        // The container's seek landed after our keyframe: scan from the start instead.
                        if tried_start || !self.source.seek_to_start() {
                            return false;
                        }
                        tried_start = true;
                    }
                }
                Read::Other(_) => {}
                Read::End => return false,
            }
        }
    }

    /// Starts a run at `origin` and decodes to `n`, falling back to earlier starts until one gives the sequential
    /// decode's frames.
    fn run_from(&mut self, n: usize, mut origin: Origin) -> MediaResult<Arc<DecodedFrame>> {
        let mut tries = 0;
        let mut skip = self.skip_allowed(&[n]);
        loop {
            let skipping = self.begin(origin, n, skip)?;
            let started = match origin {
                Origin::FileStart => true,
                Origin::Keyframe(_) => matches!(self.cursor, Cursor::Before { .. }),
            };
            let result = if started { self.run_to(n) } else { Err(RunError::StartEarlier) };
            // A fresh decoder at this keyframe does not give the sequential decode's frames (damage, leading
            // pictures, or decoder state the stream taught the sequential decode earlier, such as packed B-frames'
            // reordering): start earlier. Only the file start disagreeing with the index is final (`recover`).
            let fall_back =
                origin != Origin::FileStart && matches!(result, Err(RunError::StartEarlier | RunError::Mismatch(_)));
            match result {
                Ok(f) => {
                    if let Some(gop) = self.index.seek_point_for(n).filter(|&g| g > 0) {
                        if origin != Origin::Keyframe(gop) {
                            self.start_for_gop.insert(gop, origin);
                        }
                    }
                    return Ok(f);
                }
                // Skipping left the target out: the same start again, decoding everything.
                Err(_) if skipping => {
                    skip = false;
                    continue;
                }
                Err(_) if fall_back => {
                    self.stats.starts_rejected += 1;
                    origin = self.earlier(origin, tries);
                    tries += 1;
                    if let (Origin::Keyframe(i), Some(gop)) = (origin, self.index.seek_point_for(n)) {
                        self.keyframes_back = self.keyframes_back.max(gop.saturating_sub(i));
                    }
                }
                Err(e) => return self.recover(n, e),
            }
        }
    }

    /// Opens a run at `origin`: fresh decoder, demuxer at the start packet. With `skip`, non-reference frames
    /// before the target are left out. Returns whether skipping is on.
    fn begin(&mut self, origin: Origin, n: usize, skip: bool) -> MediaResult<bool> {
        self.stats.seeks += 1;
        self.keep = None;
        self.dropped.clear();
        self.eof_sent = false;
        self.cursor = Cursor::Nowhere;
        self.errors_before += self.decoder.errors;
        self.errors_base = 0;
        let threading = self.threading();
        let first_frame = match origin {
            Origin::FileStart => {
                self.stats.counted_from_start += 1;
                // A fresh demuxer too: what the container has told a reader so far is part of the decode's state.
                self.source = Source::open_video_only(&self.path)?;
                self.decoder = VideoDecoder::open(&self.source, threading)?;
                0
            }
            Origin::Keyframe(i) => {
                let sp = self.index.seek_points[i].clone();
                let extradata = self.index.extradata_at(sp.ordinal).map(<[u8]>::to_vec);
                self.decoder = VideoDecoder::open_with_extradata(&self.source, threading, extradata.as_deref())?;
                if !self.position_at(&sp) {
                    return Ok(false);
                }
                sp.frame
            }
        };
        self.cursor = Cursor::Before { next: first_frame, origin };
        let target_pos = self.index.frames[n].pkt_pos;
        let skip = skip && first_frame < n && target_pos.is_some();
        if skip {
            let keep = match &self.batch {
                Some(b) => b.clone(),
                None => target_pos.into_iter().collect(),
            };
            self.keep = Some(keep);
        }
        Ok(skip)
    }
}

impl FrameReader {
    /// Decodes on from the cursor until frame `n`. Frames are numbered by counting from the run's first frame (the
    /// seek point's keyframe, found by its identity; leading pictures before it are dropped), and each one's identity
    /// must be the index's. A frame the sequential decode had damaged must match its MD5 to be served or cached.
    fn run_to(&mut self, n: usize) -> Result<Arc<DecodedFrame>, RunError> {
        self.run_until(n, false)
    }

    /// As `run_to`; with `at_least`, the first frame at or after `n` the run outputs will do (playback, where
    /// frames whose time has passed may have been left out).
    fn run_until(&mut self, n: usize, at_least: bool) -> Result<Arc<DecodedFrame>, RunError> {
        let Cursor::Before { next, origin } = self.cursor else { return Err(RunError::StartEarlier) };
        let first_valid = match origin {
            Origin::FileStart => 0,
            Origin::Keyframe(i) => self.index.seek_points[i].frame,
        };
        let reference_run = origin == Origin::FileStart && self.threading() == Threading::Reproducible;
        let mut expected = next;
        let mut looking = origin != Origin::FileStart && next == first_valid;
        let mut leading = 0usize;
        loop {
            let Some(frame) = self.next_decoded() else {
                self.cursor = Cursor::Nowhere;
                return Err(RunError::StartEarlier);
            };
            let stamp = stamp_of(&frame);
            let key = stamp.key();
            if looking {
                if self.index.frames[first_valid].identity() == key {
                    looking = false;
                    // Errors decoding the leading pictures (they lean on the GOP before) do not count.
                    self.errors_base = self.decoder.errors;
                } else if self.index.find_key_in(&key, first_valid + 1, first_valid + 1 + MAX_LEADING_FRAMES).is_some()
                {
                    // A frame after the keyframe came out first: the keyframe itself did not, so start earlier.
                    self.cursor = Cursor::Nowhere;
                    return Err(RunError::StartEarlier);
                } else {
                    leading += 1;
                    if leading > MAX_LEADING_FRAMES {
                        self.cursor = Cursor::Nowhere;
                        return Err(RunError::StartEarlier);
                    }
                    continue;
                }
            } else if self.index.frames.get(expected).map(|f| f.identity()) != Some(key) {
                // Non-reference frames before the target may have been skipped on purpose.
                let skipped_to = if self.keep.is_some() {
                    self.index.find_key_in(&key, expected + 1, n + 1)
                } else {
                    self.dropped_through(&key, expected)
                };
                match skipped_to {
                    // Non-reference frames before the target were skipped on purpose.
                    Some(p) => expected = p,
                    None => {
                        self.cursor = Cursor::Nowhere;
                        let want = self.index.frames.get(expected).map(|f| (f.raw_pts, f.pkt_pos));
                        return Err(RunError::Mismatch(format!(
                            "expected frame {expected} (packet PTS, position {want:?}), decoded one from packet {:?}",
                            (key.raw_pts, key.pkt_pos)
                        )));
                    }
                }
            }
            let pos = expected;
            if !reference_run {
                if self.index.is_tainted(pos) {
                    let proven = self.hasher.md5_hex(&frame);
                    if proven.is_none() || proven.as_deref() != self.index.reference_md5(pos) {
                        self.cursor = Cursor::Nowhere;
                        return Err(RunError::StartEarlier);
                    }
                    self.stats.frames_proven += 1;
                } else if stamp.damaged || self.decoder.errors > self.errors_base {
                    self.cursor = Cursor::Nowhere;
                    return Err(match (self.index.method, origin) {
                        (IndexMethod::Demux, _) | (_, Origin::FileStart) => RunError::Damaged,
                        (IndexMethod::Decode, Origin::Keyframe(_)) => RunError::StartEarlier,
                    });
                }
            }
            let decoded = Arc::new(DecodedFrame { index: pos, stamp, frame });
            self.cache.insert(pos, decoded.clone());
            expected += 1;
            self.cursor = Cursor::Before { next: expected, origin };
            if pos > n && !at_least {
                // The frame asked for was left out by playback: only a fresh run gives it.
                return Err(RunError::StartEarlier);
            }
            if pos >= n {
                if self.keep.is_some() && self.batch.is_none() {
                    // Frames after the target may have been skipped too: never continue a skipping run.
                    self.keep = None;
                    self.cursor = Cursor::Nowhere;
                }
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
                    if let Some(keep) = &self.keep {
                        let wanted = p.position() >= 0 && keep.contains(&(p.position() as i64));
                        self.decoder.set_skip_nonref(!wanted);
                    } else if self.drop_before.is_some() {
                        let drop = self.drops_packet(&p);
                        self.decoder.set_skip_nonref(drop);
                    }
                    self.decoder.send(&p)
                }
                Read::Other(_) => {}
                Read::End => {
                    self.decoder.send_eof();
                    self.eof_sent = true;
                }
            }
        }
    }

    /// What to do when a run fails in a way an earlier start cannot mend.
    fn recover(&mut self, n: usize, error: RunError) -> MediaResult<Arc<DecodedFrame>> {
        self.cursor = Cursor::Nowhere;
        let why = match error {
            RunError::Mismatch(why) => why,
            RunError::Damaged => "the stream decodes with errors".to_string(),
            RunError::StartEarlier => {
                return Err(MediaError::Ffmpeg {
                    path: self.path.clone(),
                    what: format!("frame {n} could not be decoded: the stream ends before it"),
                })
            }
        };
        if self.index.method == IndexMethod::Demux {
            tracing::warn!(
                "{}: index from packets disagrees with decoding ({why}); rebuilding by decoding",
                self.path.display()
            );
            self.index = index::build_by_decoding(&self.path, &format!("packets disagreed with decoding: {why}"))?;
            self.stats.index_rebuilds += 1;
            self.hasher = FrameHasher::for_stream(self.index.first_pixel_format.as_deref());
            super::index_cache::store(&self.path, &self.index);
            self.cache.clear();
            self.start_for_gop.clear();
            self.keyframes_back = 0;
            return self.frame(n);
        }
        if self.threading == Threading::Fast {
            // Threaded decoding is not reproducible where a stream is damaged: from here on, one thread.
            tracing::warn!("{}: {why}; decoding single-threaded from now on", self.path.display());
            self.threading = Threading::Reproducible;
            self.cache.clear();
            self.start_for_gop.clear();
            return self.frame(n);
        }
        Err(MediaError::Ffmpeg {
            path: self.path.clone(),
            what: format!(
                "frame {n}: decoding from the start of the file does not give the frames its index lists ({why})"
            ),
        })
    }

    /// Serves every frame of `frames` (any order, repeats allowed) in decode order: grouped by the keyframe each
    /// decodes from, so each GOP is decoded once, with the frames not asked for skipped where that is exact.
    /// `each` is called once per distinct frame, in ascending order.
    pub fn frames_in_gop_order(
        &mut self,
        frames: &[usize],
        mut each: impl FnMut(usize, &DecodedFrame) -> MediaResult<()>,
    ) -> MediaResult<()> {
        let mut wanted = frames.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut i = 0;
        while i < wanted.len() {
            let gop = self.index.seek_point_for(wanted[i]);
            let end = i + wanted[i..].iter().take_while(|&&n| self.index.seek_point_for(n) == gop).count();
            let group = &wanted[i..end];
            if self.skip_allowed(group) {
                self.batch =
                    Some(group.iter().filter_map(|&n| self.index.frames.get(n).and_then(|f| f.pkt_pos)).collect());
            }
            self.cursor = Cursor::Nowhere;
            let served = group.iter().try_for_each(|&n| {
                let f = self.frame(n)?;
                each(n, &f)
            });
            self.batch = None;
            if self.keep.take().is_some() {
                self.cursor = Cursor::Nowhere;
            }
            served?;
            i = end;
        }
        Ok(())
    }

    /// Seeks to the keyframe frame `n` decodes from and stops there; the next `frame(n)` only decodes forward.
    pub fn prepare_at_keyframe(&mut self, n: usize) -> MediaResult<bool> {
        self.reset();
        let origin = self.start_for(n);
        self.begin(origin, n, false)?;
        Ok(matches!(self.cursor, Cursor::Before { .. }))
    }

    /// Whether the stream is damaged and frames from some point on are proven against a sequential decode.
    pub fn damaged_from(&self) -> Option<usize> {
        self.index.taint_from
    }
}
