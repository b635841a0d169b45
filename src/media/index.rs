//! The frame index: which frame FFmpeg outputs N-th, with its PTS, keyframe flag and packet, plus the keyframe
//! packets a reader can start decoding from.
//!
//! A fast demux-only pass builds it when packets and frames map one to one (every packet has a unique PTS, a codec
//! that cannot pack fields or hidden frames, no damaged packets) and decoding the first and last GOPs agrees with it.
//! Otherwise — field-coded interlaced video, packed B-frames, invisible VP8 frames, broken packets, PTS
//! discontinuities — the index is built by decoding every frame. It is never computed from a frame rate.

use std::collections::HashMap;
use std::path::Path;

use ffmpeg_next as ff;
use serde::{Deserialize, Serialize};

use super::decoder::{stamp_of, FrameStamp, VideoDecoder};
use super::error::{MediaError, MediaResult};
use super::source::{Read, Source};
use super::Threading;

/// Bumped whenever the meaning of a cached index changes, so old caches are rebuilt.
pub const INDEX_FORMAT_VERSION: u32 = 3;

/// One decoded frame, in decoder output (presentation) order.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FrameEntry {
    /// Best-effort presentation timestamp in stream ticks.
    pub pts: Option<i64>,
    pub dts: Option<i64>,
    /// Byte offset of the frame's packet in the file.
    pub pkt_pos: Option<i64>,
    pub pkt_size: u32,
    pub key: bool,
}

/// A keyframe packet, in decode order, that decoding may start from, and the frame it decodes to.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SeekPoint {
    pub pts: Option<i64>,
    pub dts: Option<i64>,
    pub pos: Option<i64>,
    /// Index of the frame this keyframe packet outputs.
    pub frame: usize,
}

/// How the index was built.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum IndexMethod {
    /// Demux-only pass, checked against decoding the first and last GOPs (and every GOP a reader decodes).
    Demux,
    /// Every frame decoded.
    Decode,
}

/// What tells decoded frames apart when they come out of the decoder after a seek.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Identity {
    Pts,
    PacketPosition,
    /// Neither is unique: frames can only be numbered by decoding from the start.
    Ordinal,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrameIndex {
    pub format_version: u32,
    pub stream_index: usize,
    pub time_base_num: i32,
    pub time_base_den: i32,
    pub codec: String,
    pub method: IndexMethod,
    pub identity: Identity,
    pub frames: Vec<FrameEntry>,
    pub seek_points: Vec<SeekPoint>,
    /// Decode errors met while building (Decode method only).
    pub decode_errors: u64,
    /// Why the fast path was not taken, when it was not.
    pub notes: Vec<String>,
    #[serde(skip)]
    lookup: Option<HashMap<i64, usize>>,
}

impl FrameIndex {
    pub fn time_base(&self) -> ff::Rational {
        ff::Rational::new(self.time_base_num, self.time_base_den)
    }

    pub fn len(&self) -> usize {
        self.frames.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The frame a decoded frame is, by this index's identity rule.
    pub fn position_of(&mut self, stamp: &FrameStamp) -> Option<usize> {
        let key = match self.identity {
            Identity::Pts => stamp.pts?,
            Identity::PacketPosition => stamp.pkt_pos?,
            Identity::Ordinal => return None,
        };
        if self.lookup.is_none() {
            self.lookup = Some(build_lookup(&self.frames, self.identity));
        }
        self.lookup.as_ref().and_then(|m| m.get(&key).copied())
    }

    /// The last seek point whose frame is at or before `frame`, as a position in `seek_points`.
    pub fn seek_point_for(&self, frame: usize) -> Option<usize> {
        let after = self.seek_points.partition_point(|s| s.frame <= frame);
        after.checked_sub(1)
    }

    /// The frame whose presentation time is the latest at or before `pts` (None before the first frame).
    pub fn frame_at_or_before_pts(&self, pts: i64) -> Option<usize> {
        // Frames are in presentation order; PTS may be missing or non-monotonic on broken files, so search linearly
        // only in that case.
        let monotonic = self.frames.windows(2).all(|w| matches!((w[0].pts, w[1].pts), (Some(a), Some(b)) if a < b));
        if monotonic {
            let after = self.frames.partition_point(|f| f.pts.is_some_and(|p| p <= pts));
            return after.checked_sub(1);
        }
        self.frames.iter().rposition(|f| f.pts.is_some_and(|p| p <= pts))
    }
}

impl FrameIndex {
    /// The latest frame presented at or before `secs` of media time, with its PTS: `None` before the first frame,
    /// after the last frame's end (its start plus the previous frame interval), or on an unusable time base.
    /// This is how imported times become frames; a time is never multiplied by a frame rate.
    pub fn frame_at_or_before_secs(&self, secs: f64) -> Option<(usize, i64)> {
        if !secs.is_finite() || self.time_base_num <= 0 || self.time_base_den <= 0 {
            return None;
        }
        // A micro-tick of slack so a time printed from a PTS (e.g. 1.001 s) does not fall just before it.
        let ticks_f = secs * f64::from(self.time_base_den) / f64::from(self.time_base_num) + 1e-6;
        if ticks_f < i64::MIN as f64 || ticks_f > i64::MAX as f64 {
            return None;
        }
        let ticks = ticks_f.floor() as i64;
        let n = self.frame_at_or_before_pts(ticks)?;
        let pts = self.frames.get(n)?.pts?;
        if n + 1 == self.frames.len() {
            let interval = n
                .checked_sub(1)
                .and_then(|p| self.frames.get(p)?.pts)
                .map_or(1, |prev| (pts - prev).max(1));
            if ticks >= pts + interval {
                return None;
            }
        }
        Some((n, pts))
    }
}

fn build_lookup(frames: &[FrameEntry], identity: Identity) -> HashMap<i64, usize> {
    frames
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match identity {
            Identity::Pts => f.pts.map(|k| (k, i)),
            Identity::PacketPosition => f.pkt_pos.map(|k| (k, i)),
            Identity::Ordinal => None,
        })
        .collect()
}

/// A video packet as the demuxer delivered it.
#[derive(Clone, Debug)]
struct PacketInfo {
    pts: Option<i64>,
    dts: Option<i64>,
    pos: Option<i64>,
    size: u32,
    key: bool,
    discard: bool,
    corrupt: bool,
}

impl PacketInfo {
    fn of(p: &ff::Packet) -> Self {
        let flags = p.flags();
        PacketInfo {
            pts: p.pts(),
            dts: p.dts(),
            pos: (p.position() >= 0).then_some(p.position() as i64),
            size: p.size() as u32,
            key: p.is_key(),
            // AV_PKT_FLAG_DISCARD: decoded for reference only, never output (edit lists).
            discard: flags.bits() & ff::ffi::AV_PKT_FLAG_DISCARD != 0,
            corrupt: p.is_corrupt(),
        }
    }
}

/// Codecs whose every packet, in the containers we accept for the fast path, decodes to exactly one frame.
fn one_packet_one_frame(codec: ff::codec::Id, container: &str) -> bool {
    use ff::codec::Id;
    match codec {
        Id::H264 | Id::HEVC => true,
        Id::MPEG4 => !container.contains("avi"), // packed B-frames live in AVI
        Id::MJPEG | Id::PRORES | Id::DNXHD | Id::PNG | Id::RAWVIDEO | Id::AV1 | Id::FFV1 => true,
        _ => false,
    }
}

/// Frames decoded to check a demux-built index at the head and the tail.
const VERIFY_HEAD_FRAMES: usize = 16;

/// Where the time of an index build went, in milliseconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildTimings {
    pub demux_ms: f64,
    pub verify_ms: f64,
    pub decode_ms: f64,
}

/// Builds the index for `path`: fast when the stream allows it, by decoding otherwise.
pub fn build(path: &Path) -> MediaResult<FrameIndex> {
    build_timed(path).map(|(index, _)| index)
}

/// Builds the index and reports where the time went.
pub fn build_timed(path: &Path) -> MediaResult<(FrameIndex, BuildTimings)> {
    let mut timings = BuildTimings::default();
    let clock = std::time::Instant::now();
    let mut source = Source::open(path)?;
    discard_other_streams(&mut source);
    let (codec_id, field_coded, container) = {
        let st = source.video_stream()?;
        let params = st.parameters();
        // SAFETY: reading a plain field of the stream's codec parameters.
        let field_order = unsafe { (*params.as_ptr()).field_order };
        let field_coded = !matches!(
            field_order,
            ff::ffi::AVFieldOrder::AV_FIELD_PROGRESSIVE | ff::ffi::AVFieldOrder::AV_FIELD_UNKNOWN
        );
        (params.id(), field_coded, source.input.format().name().to_string())
    };
    let mut notes = Vec::new();
    if !one_packet_one_frame(codec_id, &container) {
        notes.push(format!("codec {codec_id:?} in {container} may not map packets to frames one to one"));
    }
    if field_coded {
        notes.push("interlaced (field-coded) stream".into());
    }
    let packets = demux_pass(&mut source);
    if notes.is_empty() {
        match fast_index(&source, codec_id, &packets) {
            Ok(mut index) => {
                timings.demux_ms = clock.elapsed().as_secs_f64() * 1e3;
                let verify_clock = std::time::Instant::now();
                let verified = verify_head_and_tail(path, &mut index);
                timings.verify_ms = verify_clock.elapsed().as_secs_f64() * 1e3;
                match verified {
                    Ok(()) => return Ok((index, timings)),
                    Err(why) => notes.push(why),
                }
            }
            Err(why) => notes.push(why),
        }
    } else {
        timings.demux_ms = clock.elapsed().as_secs_f64() * 1e3;
    }
    let decode_clock = std::time::Instant::now();
    let mut index = decode_index(path)?;
    timings.decode_ms = decode_clock.elapsed().as_secs_f64() * 1e3;
    index.notes = notes;
    Ok((index, timings))
}

/// Builds the index by decoding every frame (slower, exact whatever the stream does).
pub fn build_by_decoding(path: &Path, reason: &str) -> MediaResult<FrameIndex> {
    let mut index = decode_index(path)?;
    index.notes.push(reason.to_string());
    Ok(index)
}

fn discard_other_streams(source: &mut Source) {
    let keep = source.video_index;
    // SAFETY: `streams` has `nb_streams` valid pointers; setting `discard` asks the demuxer to skip those packets.
    unsafe {
        let ctx = source.input.as_mut_ptr();
        for i in 0..(*ctx).nb_streams as usize {
            if i != keep {
                let st = *(*ctx).streams.add(i);
                (*st).discard = ff::ffi::AVDiscard::AVDISCARD_ALL;
            }
        }
    }
}

fn demux_pass(source: &mut Source) -> Vec<PacketInfo> {
    let mut packets = Vec::new();
    loop {
        match source.read() {
            Read::Video(p) => packets.push(PacketInfo::of(&p)),
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    packets
}

fn fast_index(source: &Source, codec_id: ff::codec::Id, packets: &[PacketInfo]) -> Result<FrameIndex, String> {
    let shown: Vec<&PacketInfo> = packets.iter().filter(|p| !p.discard).collect();
    if shown.is_empty() {
        return Err("no packets to show".into());
    }
    if shown.iter().any(|p| p.pts.is_none()) {
        return Err("packets without a presentation timestamp".into());
    }
    if packets.iter().any(|p| p.corrupt || p.size == 0) {
        return Err("damaged or empty packets".into());
    }
    if packets.iter().skip_while(|p| p.discard).any(|p| p.discard) {
        return Err("discarded packets after the start (edit list cuts)".into());
    }
    // Keyframes must advance in presentation time, or a global sort would interleave separate runs.
    let mut last_key_pts = None;
    for p in shown.iter().filter(|p| p.key) {
        if let (Some(prev), Some(now)) = (last_key_pts, p.pts) {
            if now <= prev {
                return Err("presentation timestamps jump backwards".into());
            }
        }
        last_key_pts = p.pts;
    }
    let mut frames: Vec<FrameEntry> = shown
        .iter()
        .map(|p| FrameEntry { pts: p.pts, dts: p.dts, pkt_pos: p.pos, pkt_size: p.size, key: p.key })
        .collect();
    frames.sort_by_key(|f| f.pts);
    if frames.windows(2).any(|w| w[0].pts == w[1].pts) {
        return Err("two packets share a presentation timestamp".into());
    }
    let pos_of: HashMap<i64, usize> = frames.iter().enumerate().filter_map(|(i, f)| f.pts.map(|p| (p, i))).collect();
    let seek_points = shown
        .iter()
        .filter(|p| p.key)
        .filter_map(|p| {
            let frame = *pos_of.get(&p.pts?)?;
            Some(SeekPoint { pts: p.pts, dts: p.dts, pos: p.pos, frame })
        })
        .collect();
    let tb = source.video_time_base().map_err(|e| e.to_string())?;
    Ok(FrameIndex {
        format_version: INDEX_FORMAT_VERSION,
        stream_index: source.video_index,
        time_base_num: tb.numerator(),
        time_base_den: tb.denominator(),
        codec: format!("{codec_id:?}").to_lowercase(),
        method: IndexMethod::Demux,
        identity: Identity::Pts,
        frames,
        seek_points,
        decode_errors: 0,
        notes: Vec::new(),
        lookup: None,
    })
}

/// Decodes the first frames from the start, and the last GOP from its keyframe, and checks they agree with `index`.
/// Threaded decoding is used here: it can only make a check fail (and the index be built by single-threaded
/// decoding), never make a wrong index pass, since both must agree frame by frame.
fn verify_head_and_tail(path: &Path, index: &mut FrameIndex) -> Result<(), String> {
    let head: Vec<FrameStamp> = decode_stamps(path, None, VERIFY_HEAD_FRAMES).map_err(|e| e.to_string())?;
    if head.is_empty() {
        return Err("decoding the first frames gave nothing".into());
    }
    for (i, s) in head.iter().enumerate() {
        if index.frames.get(i).map(|f| f.pts) != Some(s.pts) {
            return Err(format!("frame {i} decodes with PTS {:?}, packets say {:?}", s.pts, index.frames.get(i).map(|f| f.pts)));
        }
    }
    if head.len() < VERIFY_HEAD_FRAMES && head.len() != index.frames.len() {
        return Err(format!("the whole stream decodes to {} frames, packets say {}", head.len(), index.frames.len()));
    }
    let Some(last) = index.seek_points.last().cloned() else {
        return Err("no keyframe".into());
    };
    let tail = decode_stamps(path, Some(&last), usize::MAX).map_err(|e| e.to_string())?;
    let Some(from) = tail.iter().position(|s| s.pts == index.frames[last.frame].pts) else {
        return Err("the last keyframe does not decode to the frame the packets predict".into());
    };
    let got: Vec<Option<i64>> = tail[from..].iter().map(|s| s.pts).collect();
    let want: Vec<Option<i64>> = index.frames[last.frame..].iter().map(|f| f.pts).collect();
    if got != want {
        return Err(format!("the last GOP decodes to {} frames, packets say {}", got.len(), want.len()));
    }
    Ok(())
}

/// Decodes from the start (or from a seek point) and returns the stamps of up to `limit` output frames.
fn decode_stamps(path: &Path, from: Option<&SeekPoint>, limit: usize) -> MediaResult<Vec<FrameStamp>> {
    let mut source = Source::open(path)?;
    discard_other_streams(&mut source);
    let mut decoder = VideoDecoder::open_for_counting(&source, Threading::Fast)?;
    if let Some(sp) = from {
        let ts = sp.dts.into_iter().chain(sp.pts).min().unwrap_or(i64::MIN);
        if !source.seek_before(ts) {
            return Err(MediaError::Ffmpeg { path: path.to_path_buf(), what: "cannot seek".into() });
        }
    }
    let mut frame = ff::frame::Video::empty();
    let mut stamps = Vec::new();
    let mut started = from.is_none();
    loop {
        match source.read() {
            Read::Video(p) => {
                if !started {
                    let info = PacketInfo::of(&p);
                    let Some(sp) = from else { break };
                    if !same_packet(&info, sp) {
                        continue;
                    }
                    started = true;
                }
                decoder.send(&p);
                while decoder.receive(&mut frame) {
                    stamps.push(stamp_of(&frame));
                    if stamps.len() >= limit {
                        return Ok(stamps);
                    }
                }
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    decoder.send_eof();
    while decoder.receive(&mut frame) {
        stamps.push(stamp_of(&frame));
        if stamps.len() >= limit {
            break;
        }
    }
    Ok(stamps)
}

fn same_packet(p: &PacketInfo, sp: &SeekPoint) -> bool {
    match (p.pos, sp.pos) {
        (Some(a), Some(b)) => a == b,
        _ => p.pts == sp.pts && p.dts == sp.dts,
    }
}

/// Whether `p` is the packet a seek point names.
pub fn packet_is_seek_point(p: &ff::Packet, sp: &SeekPoint) -> bool {
    same_packet(&PacketInfo::of(p), sp)
}

/// Whether `p` lies after the seek point in decode order (so a seek landed too late).
pub fn packet_is_past(p: &ff::Packet, sp: &SeekPoint) -> bool {
    let info = PacketInfo::of(p);
    match (info.pos, sp.pos) {
        (Some(a), Some(b)) => a > b,
        _ => matches!((info.dts, sp.dts), (Some(a), Some(b)) if a > b),
    }
}

fn decode_index(path: &Path) -> MediaResult<FrameIndex> {
    let mut source = Source::open(path)?;
    discard_other_streams(&mut source);
    let mut decoder = VideoDecoder::open_for_counting(&source, Threading::Reproducible)?;
    let tb = source.video_time_base()?;
    let codec = format!("{:?}", source.video_stream()?.parameters().id()).to_lowercase();
    let mut packets: Vec<PacketInfo> = Vec::new();
    let mut stamps: Vec<FrameStamp> = Vec::new();
    let mut frame = ff::frame::Video::empty();
    loop {
        match source.read() {
            Read::Video(p) => {
                packets.push(PacketInfo::of(&p));
                decoder.send(&p);
                while decoder.receive(&mut frame) {
                    stamps.push(stamp_of(&frame));
                }
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    decoder.send_eof();
    while decoder.receive(&mut frame) {
        stamps.push(stamp_of(&frame));
    }
    if stamps.is_empty() {
        return Err(MediaError::NoFrames { path: path.to_path_buf() });
    }
    let identity = choose_identity(&stamps);
    let by_pts: HashMap<i64, &PacketInfo> = packets.iter().filter_map(|p| p.pts.map(|t| (t, p))).collect();
    let by_pos: HashMap<i64, &PacketInfo> = packets.iter().filter_map(|p| p.pos.map(|t| (t, p))).collect();
    let frames: Vec<FrameEntry> = stamps
        .iter()
        .map(|s| {
            let pkt = s.pkt_pos.and_then(|p| by_pos.get(&p)).or_else(|| s.pts.and_then(|t| by_pts.get(&t)));
            FrameEntry {
                pts: s.pts,
                dts: pkt.and_then(|p| p.dts),
                pkt_pos: s.pkt_pos,
                pkt_size: pkt.map_or(0, |p| p.size),
                key: s.key || pkt.is_some_and(|p| p.key),
            }
        })
        .collect();
    let mut index = FrameIndex {
        format_version: INDEX_FORMAT_VERSION,
        stream_index: source.video_index,
        time_base_num: tb.numerator(),
        time_base_den: tb.denominator(),
        codec,
        method: IndexMethod::Decode,
        identity,
        frames,
        seek_points: Vec::new(),
        decode_errors: decoder.errors,
        notes: Vec::new(),
        lookup: None,
    };
    let mut seek_points = Vec::new();
    if identity != Identity::Ordinal {
        for p in packets.iter().filter(|p| p.key && !p.discard) {
            let stamp = FrameStamp { pts: p.pts, pkt_pos: p.pos, key: true, damaged: false };
            if let Some(frame) = index.position_of(&stamp) {
                // Keep seek points in decode order with increasing frames; a keyframe that outputs an earlier frame
                // than one before it cannot be a safe start.
                if seek_points.last().is_none_or(|l: &SeekPoint| l.frame < frame) {
                    seek_points.push(SeekPoint { pts: p.pts, dts: p.dts, pos: p.pos, frame });
                }
            }
        }
    }
    index.seek_points = seek_points;
    Ok(index)
}

fn choose_identity(stamps: &[FrameStamp]) -> Identity {
    let unique = |keys: Vec<Option<i64>>| {
        let mut seen = std::collections::HashSet::new();
        keys.iter().all(|k| k.is_some_and(|k| seen.insert(k)))
    };
    if unique(stamps.iter().map(|s| s.pts).collect()) {
        Identity::Pts
    } else if unique(stamps.iter().map(|s| s.pkt_pos).collect()) {
        Identity::PacketPosition
    } else {
        Identity::Ordinal
    }
}
