//! The frame index: which frame FFmpeg outputs N-th, with its PTS, keyframe flag and packet, plus the keyframe
//! packets a reader can start decoding from and what a decoder must know when it starts there.
//!
//! A fast demux-only pass builds it when packets and frames map one to one (every packet has a unique PTS, a codec
//! that cannot pack fields or hidden frames, no damaged packets) and decoding the first and last GOPs agrees with it.
//! Otherwise — field-coded interlaced video, packed B-frames, invisible VP8 frames, broken packets, PTS
//! discontinuities — the index is built by decoding every frame. It is never computed from a frame rate.
//!
//! When that sequential decode meets a decode error, every frame output from then on may depend on what was decoded
//! before it (concealment, damaged parameter sets), so the index also keeps those frames' reference MD5s: a reader
//! then proves each frame it serves there against the sequential decode instead of trusting a keyframe start.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use ffmpeg_next as ff;
use serde::{Deserialize, Serialize};

use super::decoder::{stamp_of, FrameKey, FrameStamp, VideoDecoder};
use super::error::{MediaError, MediaResult};
use super::md5::{pixel_format_name, FrameHasher};
use super::source::{new_extradata, Read, Source};
use super::Threading;

/// Bumped whenever the meaning of a cached index changes, so old caches are rebuilt.
pub const INDEX_FORMAT_VERSION: u32 = 5;

/// One decoded frame, in decoder output (presentation) order.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FrameEntry {
    /// Best-effort presentation timestamp in stream ticks, as FFmpeg's CLI reports it (what exhibits cite).
    pub pts: Option<i64>,
    /// The PTS of the frame's own packet (part of its identity across seeks).
    #[serde(default)]
    pub raw_pts: Option<i64>,
    pub dts: Option<i64>,
    /// Byte offset of the frame's packet in the file.
    pub pkt_pos: Option<i64>,
    pub pkt_size: u32,
    pub key: bool,
    /// The sequential decode flagged this frame as concealed or corrupt.
    #[serde(default)]
    pub damaged: bool,
}

impl FrameEntry {
    pub fn identity(&self) -> FrameKey {
        FrameKey { raw_pts: self.raw_pts, pkt_pos: self.pkt_pos }
    }
}

/// A keyframe packet, in decode order, that decoding may start from, and the frame it decodes to.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SeekPoint {
    pub pts: Option<i64>,
    pub dts: Option<i64>,
    pub pos: Option<i64>,
    /// Index of the frame this keyframe packet outputs.
    pub frame: usize,
    /// The packet's place among the video stream's packets, in decode order.
    #[serde(default)]
    pub ordinal: u64,
}

/// New codec extradata (parameter sets) a container attaches to one packet: a change of sample description that a
/// decoder opened afresh after that packet must be given.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ExtradataChange {
    pub ordinal: u64,
    pub bytes: Vec<u8>,
}

/// How the index was built.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum IndexMethod {
    /// Demux-only pass, checked against decoding the first and last GOPs (and every GOP a reader decodes).
    Demux,
    /// Every frame decoded.
    Decode,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrameIndex {
    pub format_version: u32,
    pub stream_index: usize,
    pub time_base_num: i32,
    pub time_base_den: i32,
    pub codec: String,
    pub method: IndexMethod,
    /// Stored beside the rest as binary records by the cache (see `index_cache`).
    #[serde(skip)]
    pub frames: Vec<FrameEntry>,
    /// Only keyframes whose frame has an identity no other frame shares, in decode order with increasing frames.
    pub seek_points: Vec<SeekPoint>,
    #[serde(default)]
    pub extradata_changes: Vec<ExtradataChange>,
    /// Decode errors met while building (Decode method only).
    pub decode_errors: u64,
    /// The first frame the sequential decode output after its first decode error (Decode method only): from here on
    /// a frame's pixels may depend on everything decoded before it.
    #[serde(default)]
    pub taint_from: Option<usize>,
    /// MD5s (framemd5) of the sequential decode's frames from `taint_from` on.
    #[serde(default)]
    pub reference_md5s: Vec<String>,
    /// Every frame's packet position is the position of a packet the demuxer delivers (false for some parsed
    /// elementary streams): only then can a reader pick packets to skip by the frames they decode to.
    #[serde(default)]
    pub frames_name_their_packets: bool,
    /// The pixel format of the first frame decoded (FFmpeg's framemd5 converts frames of another format to it).
    #[serde(default)]
    pub first_pixel_format: Option<String>,
    /// Why the fast path was not taken, when it was not.
    pub notes: Vec<String>,
    #[serde(skip)]
    by_pts: OnceLock<PtsOrder>,
}

/// Frames sorted by PTS with the highest frame number up to each, for "latest frame at or before" in O(log n).
#[derive(Clone, Debug, Default)]
struct PtsOrder {
    pts: Vec<i64>,
    max_frame_upto: Vec<usize>,
}

/// Marks a key that several frames share in the lookup.
const SHARED_KEY: usize = usize::MAX;

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

    /// The first frame in `from..to` with this identity. Runs look a GOP's length around where they are, so no
    /// map of every identity is kept (it would cost more memory than the frames on a ten-hour file).
    pub fn find_key_in(&self, key: &FrameKey, from: usize, to: usize) -> Option<usize> {
        let to = to.min(self.frames.len());
        (from..to).find(|&i| self.frames[i].identity() == *key)
    }

    /// The last seek point whose frame is at or before `frame`, as a position in `seek_points`.
    pub fn seek_point_for(&self, frame: usize) -> Option<usize> {
        let after = self.seek_points.partition_point(|s| s.frame <= frame);
        after.checked_sub(1)
    }

    /// The extradata a decoder must hold to start at the packet numbered `ordinal` (None: the stream's own).
    pub fn extradata_at(&self, ordinal: u64) -> Option<&[u8]> {
        let after = self.extradata_changes.partition_point(|c| c.ordinal <= ordinal);
        after.checked_sub(1).map(|i| self.extradata_changes[i].bytes.as_slice())
    }

    /// Whether frame `n` lies where the sequential decode had met an error, so a served frame must be proven.
    pub fn is_tainted(&self, n: usize) -> bool {
        self.taint_from.is_some_and(|t| n >= t)
    }

    /// The sequential decode's MD5 of frame `n`, when the index keeps it.
    pub fn reference_md5(&self, n: usize) -> Option<&str> {
        let t = self.taint_from?;
        self.reference_md5s.get(n.checked_sub(t)?).map(String::as_str)
    }

    /// The frame whose presentation time is the latest at or before `pts` (None before the first frame). On
    /// broken files whose PTS go backwards it is the highest-numbered frame presented at or before `pts`. O(log n).
    pub fn frame_at_or_before_pts(&self, pts: i64) -> Option<usize> {
        let order = self.by_pts.get_or_init(|| build_pts_order(&self.frames));
        let after = order.pts.partition_point(|&p| p <= pts);
        after.checked_sub(1).map(|i| order.max_frame_upto[i])
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
                .map_or(1, |prev| pts.saturating_sub(prev).max(1));
            if ticks >= pts.saturating_add(interval) {
                return None;
            }
        }
        Some((n, pts))
    }

    /// The last frame and its PTS in stream ticks (where an imported interval that ends later is clamped).
    pub fn last_frame(&self) -> Option<(usize, i64)> {
        let n = self.frames.len().checked_sub(1)?;
        Some((n, self.frames[n].pts?))
    }
}

/// Every known identity and the one frame that has it (`SHARED_KEY` when several do).
fn build_lookup(frames: &[FrameEntry]) -> HashMap<FrameKey, usize> {
    let mut map: HashMap<FrameKey, usize> = HashMap::with_capacity(frames.len());
    for (i, f) in frames.iter().enumerate() {
        let key = f.identity();
        if key.is_known() {
            map.entry(key).and_modify(|v| *v = SHARED_KEY).or_insert(i);
        }
    }
    map
}

fn build_pts_order(frames: &[FrameEntry]) -> PtsOrder {
    let mut pairs: Vec<(i64, usize)> = frames.iter().enumerate().filter_map(|(i, f)| f.pts.map(|p| (p, i))).collect();
    pairs.sort_unstable();
    let mut max_frame_upto = Vec::with_capacity(pairs.len());
    let mut best = 0usize;
    for &(_, i) in &pairs {
        best = best.max(i);
        max_frame_upto.push(best);
    }
    PtsOrder { pts: pairs.into_iter().map(|(p, _)| p).collect(), max_frame_upto }
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
    /// For H.264/HEVC: the packet's NAL units do not fit it, or it holds no picture (a damaged packet FFmpeg
    /// would drop, which shifts the numbering of every later frame).
    malformed: bool,
    ordinal: u64,
}

impl PacketInfo {
    fn of(p: &ff::Packet, ordinal: u64) -> Self {
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
            malformed: false,
            ordinal,
        }
    }
}

/// How H.264/HEVC packets frame their NAL units, from the stream's extradata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NalFraming {
    /// Each NAL unit is preceded by its length in this many bytes (avcC/hvcC, as in MP4 and MKV).
    Length { bytes: usize, hevc: bool },
    /// Start codes (Annex B, as in MPEG-TS and raw streams).
    StartCodes,
    /// Not H.264/HEVC: packets are not inspected.
    None,
}

fn nal_framing(codec: ff::codec::Id, extradata: &[u8]) -> NalFraming {
    use ff::codec::Id;
    match codec {
        Id::H264 if extradata.len() >= 7 && extradata[0] == 1 => {
            NalFraming::Length { bytes: usize::from(extradata[4] & 3) + 1, hevc: false }
        }
        Id::HEVC if extradata.len() >= 23 && extradata[0] == 1 => {
            NalFraming::Length { bytes: usize::from(extradata[21] & 3) + 1, hevc: true }
        }
        Id::H264 | Id::HEVC => NalFraming::StartCodes,
        _ => NalFraming::None,
    }
}

/// Whether a packet's NAL units tile it exactly and one of them is a coded picture (length-prefixed streams), or
/// it starts with a start code (Annex B). A packet that fails this decodes to no frame.
fn packet_well_formed(data: &[u8], framing: NalFraming) -> bool {
    match framing {
        NalFraming::None => true,
        NalFraming::StartCodes => data.starts_with(&[0, 0, 1]) || data.starts_with(&[0, 0, 0, 1]),
        NalFraming::Length { bytes, hevc } => {
            let (mut at, mut picture) = (0usize, false);
            while at < data.len() {
                let Some(len_bytes) = data.get(at..at + bytes) else { return false };
                let len = len_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
                let start = at + bytes;
                let Some(end) = start.checked_add(len).filter(|&e| len > 0 && e <= data.len()) else { return false };
                let header = data[start];
                picture |= if hevc { (header >> 1) & 0x3f < 32 } else { matches!(header & 0x1f, 1..=5) };
                at = end;
            }
            picture
        }
    }
}

fn stream_framing(source: &Source) -> NalFraming {
    let Ok(st) = source.video_stream() else { return NalFraming::None };
    let params = st.parameters();
    // SAFETY: extradata/extradata_size describe one buffer owned by the codec parameters.
    let extradata = unsafe {
        let p = params.as_ptr();
        match usize::try_from((*p).extradata_size) {
            Ok(n) if n > 0 && !(*p).extradata.is_null() => std::slice::from_raw_parts((*p).extradata, n).to_vec(),
            _ => Vec::new(),
        }
    };
    nal_framing(params.id(), &extradata)
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
    pub demux_millis: f64,
    pub verify_millis: f64,
    pub decode_millis: f64,
}

/// Progress of an index build: how far through the file (0.0–1.0) and what is being done.
pub type Progress<'a> = &'a mut dyn FnMut(f64, &'static str);

/// Builds the index for `path`: fast when the stream allows it, by decoding otherwise.
pub fn build(path: &Path) -> MediaResult<FrameIndex> {
    build_timed(path, &mut |_, _| {}).map(|(index, _)| index)
}

/// Builds the index, reporting progress, and says where the time went.
pub fn build_timed(path: &Path, progress: Progress<'_>) -> MediaResult<(FrameIndex, BuildTimings)> {
    let mut timings = BuildTimings::default();
    let clock = std::time::Instant::now();
    let mut source = Source::open_video_only(path)?;
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
    if notes.is_empty() {
        let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let (packets, changes) = demux_pass(&mut source, file_len, progress);
        let quick = fast_index(&source, codec_id, &packets, changes);
        // The demuxer's tables (large on long MP4s) and the packet list are not needed while verifying.
        drop(packets);
        drop(source);
        match quick {
            Ok(mut index) => {
                timings.demux_millis = clock.elapsed().as_secs_f64() * 1e3;
                progress(1.0, "checking the first and last frames");
                let verify_clock = std::time::Instant::now();
                let verified = verify_head_and_tail(path, &mut index);
                timings.verify_millis = verify_clock.elapsed().as_secs_f64() * 1e3;
                match verified {
                    Ok(()) => return Ok((index, timings)),
                    Err(why) => notes.push(why),
                }
            }
            Err(why) => notes.push(why),
        }
    } else {
        timings.demux_millis = clock.elapsed().as_secs_f64() * 1e3;
    }
    let decode_clock = std::time::Instant::now();
    let mut index = decode_index(path, progress)?;
    timings.decode_millis = decode_clock.elapsed().as_secs_f64() * 1e3;
    index.notes.splice(0..0, notes);
    Ok((index, timings))
}

/// Builds the index by decoding every frame (slower, exact whatever the stream does).
pub fn build_by_decoding(path: &Path, reason: &str) -> MediaResult<FrameIndex> {
    let mut index = decode_index(path, &mut |_, _| {})?;
    index.notes.push(reason.to_string());
    Ok(index)
}

/// How far through the file a packet lies, for progress (0 when unknown).
fn fraction(pos: Option<i64>, file_len: u64) -> f64 {
    match pos {
        Some(p) if file_len > 0 => (p as f64 / file_len as f64).clamp(0.0, 1.0),
        _ => 0.0,
    }
}

fn demux_pass(source: &mut Source, file_len: u64, progress: Progress<'_>) -> (Vec<PacketInfo>, Vec<ExtradataChange>) {
    // The container's sample count, when it has one, sizes the list once (a ten-hour file has a million packets).
    let declared = source.video_stream().map_or(0, |st| usize::try_from(st.frames()).unwrap_or(0));
    let mut packets = Vec::with_capacity(declared.min(1 << 24));
    let mut changes = Vec::new();
    let framing = stream_framing(source);
    loop {
        match source.read() {
            Read::Video(p) => {
                let mut info = PacketInfo::of(&p, packets.len() as u64);
                info.malformed = !packet_well_formed(p.data().unwrap_or_default(), framing);
                if let Some(bytes) = new_extradata(&p) {
                    changes.push(ExtradataChange { ordinal: info.ordinal, bytes });
                }
                if packets.len().is_multiple_of(4096) {
                    progress(fraction(info.pos, file_len), "reading packets");
                }
                packets.push(info);
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    (packets, changes)
}

fn fast_index(
    source: &Source,
    codec_id: ff::codec::Id,
    packets: &[PacketInfo],
    extradata_changes: Vec<ExtradataChange>,
) -> Result<FrameIndex, String> {
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
    if let Some(p) = packets.iter().find(|p| p.malformed) {
        return Err(format!("a damaged packet (its NAL units do not fit it) at byte {}", p.pos.unwrap_or(-1)));
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
        .map(|p| FrameEntry {
            pts: p.pts,
            raw_pts: p.pts,
            dts: p.dts,
            pkt_pos: p.pos,
            pkt_size: p.size,
            key: p.key,
            damaged: false,
        })
        .collect();
    frames.sort_by_key(|f| f.pts);
    if frames.windows(2).any(|w| w[0].pts == w[1].pts) {
        return Err("two packets share a presentation timestamp".into());
    }
    let tb = source.video_time_base().map_err(|e| e.to_string())?;
    let mut index = FrameIndex {
        format_version: INDEX_FORMAT_VERSION,
        stream_index: source.video_index,
        time_base_num: tb.numerator(),
        time_base_den: tb.denominator(),
        codec: format!("{codec_id:?}").to_lowercase(),
        method: IndexMethod::Demux,
        frames,
        seek_points: Vec::new(),
        extradata_changes,
        decode_errors: 0,
        taint_from: None,
        reference_md5s: Vec::new(),
        frames_name_their_packets: true,
        first_pixel_format: None,
        notes: Vec::new(),
        by_pts: OnceLock::new(),
    };
    index.seek_points = seek_points_of(&index, shown.into_iter());
    Ok(index)
}

/// The keyframe packets a reader may start from: each must name one frame no other frame is confused with, and
/// frames must increase along decode order (a keyframe that outputs an earlier frame than one before it cannot be
/// a safe start).
fn seek_points_of<'a>(index: &FrameIndex, packets: impl Iterator<Item = &'a PacketInfo>) -> Vec<SeekPoint> {
    let lookup = build_lookup(&index.frames);
    let mut seek_points: Vec<SeekPoint> = Vec::new();
    for p in packets.filter(|p| p.key && !p.discard) {
        let key = FrameKey { raw_pts: p.pts, pkt_pos: p.pos };
        let Some(frame) = lookup.get(&key).copied().filter(|&f| f != SHARED_KEY) else { continue };
        if seek_points.last().is_none_or(|l| l.frame < frame) {
            seek_points.push(SeekPoint { pts: p.pts, dts: p.dts, pos: p.pos, frame, ordinal: p.ordinal });
        }
    }
    seek_points
}

/// Decodes the first frames from the start, and the last GOP from its keyframe, and checks they agree with `index`
/// (identity and reported PTS). Threaded decoding is used here: it can only make a check fail (and the index be
/// built by single-threaded decoding), never make a wrong index pass, since both must agree frame by frame.
fn verify_head_and_tail(path: &Path, index: &mut FrameIndex) -> Result<(), String> {
    let (head, first_format) = decode_stamps_and_format(path, None, VERIFY_HEAD_FRAMES).map_err(|e| e.to_string())?;
    index.first_pixel_format = first_format.and_then(pixel_format_name);
    if head.is_empty() {
        return Err("decoding the first frames gave nothing".into());
    }
    for (i, s) in head.iter().enumerate() {
        let want = index.frames.get(i);
        if want.map(|f| (f.pts, f.identity())) != Some((s.pts, s.key())) {
            return Err(format!("frame {i} decodes with PTS {:?}, packets say {:?}", s.pts, want.map(|f| f.pts)));
        }
        if s.damaged {
            return Err(format!("frame {i} decodes damaged"));
        }
    }
    if head.len() < VERIFY_HEAD_FRAMES && head.len() != index.frames.len() {
        return Err(format!("the whole stream decodes to {} frames, packets say {}", head.len(), index.frames.len()));
    }
    let Some(last) = index.seek_points.last().cloned() else {
        return Err("no keyframe".into());
    };
    let tail = decode_stamps(path, Some(&last), usize::MAX).map_err(|e| e.to_string())?;
    let Some(from) = tail.iter().position(|s| s.key() == index.frames[last.frame].identity()) else {
        return Err("the last keyframe does not decode to the frame the packets predict".into());
    };
    let got: Vec<(Option<i64>, FrameKey)> = tail[from..].iter().map(|s| (s.pts, s.key())).collect();
    let want: Vec<(Option<i64>, FrameKey)> = index.frames[last.frame..].iter().map(|f| (f.pts, f.identity())).collect();
    if got != want {
        return Err(format!("the last GOP decodes to {} frames, packets say {}", got.len(), want.len()));
    }
    if tail[from..].iter().any(|s| s.damaged) {
        return Err("the last GOP decodes damaged".into());
    }
    Ok(())
}

/// Decodes from the start (or from a seek point) and returns the stamps of up to `limit` output frames.
fn decode_stamps(path: &Path, from: Option<&SeekPoint>, limit: usize) -> MediaResult<Vec<FrameStamp>> {
    decode_stamps_and_format(path, from, limit).map(|(stamps, _)| stamps)
}

/// As `decode_stamps`, with the pixel format of the first frame output.
fn decode_stamps_and_format(
    path: &Path,
    from: Option<&SeekPoint>,
    limit: usize,
) -> MediaResult<(Vec<FrameStamp>, Option<ff::format::Pixel>)> {
    let mut source = Source::open_video_only(path)?;
    let mut decoder = VideoDecoder::open_for_counting(&source, Threading::Fast)?;
    if let Some(sp) = from {
        let ts = sp.dts.into_iter().chain(sp.pts).min().unwrap_or(i64::MIN);
        if !source.seek_before(ts) {
            return Err(MediaError::Ffmpeg { path: path.to_path_buf(), what: "cannot seek".into() });
        }
    }
    let mut frame = ff::frame::Video::empty();
    let mut stamps = Vec::new();
    let mut first_format = None;
    let mut started = from.is_none();
    loop {
        match source.read() {
            Read::Video(p) => {
                if !started {
                    let Some(sp) = from else { break };
                    if !packet_is_seek_point(&p, sp) {
                        continue;
                    }
                    started = true;
                }
                decoder.send(&p);
                while decoder.receive(&mut frame) {
                    first_format.get_or_insert(frame.format());
                    stamps.push(stamp_of(&frame));
                    if stamps.len() >= limit {
                        return Ok((stamps, first_format));
                    }
                }
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    decoder.send_eof();
    while decoder.receive(&mut frame) {
        first_format.get_or_insert(frame.format());
        stamps.push(stamp_of(&frame));
        if stamps.len() >= limit {
            break;
        }
    }
    Ok((stamps, first_format))
}

/// Whether `p` is the packet a seek point names.
pub fn packet_is_seek_point(p: &ff::Packet, sp: &SeekPoint) -> bool {
    let pos = (p.position() >= 0).then_some(p.position() as i64);
    match (pos, sp.pos) {
        (Some(a), Some(b)) => a == b,
        _ => p.pts() == sp.pts && p.dts() == sp.dts,
    }
}

/// Whether `p` lies after the seek point in decode order (so a seek landed too late).
pub fn packet_is_past(p: &ff::Packet, sp: &SeekPoint) -> bool {
    let pos = (p.position() >= 0).then_some(p.position() as i64);
    match (pos, sp.pos) {
        (Some(a), Some(b)) => a > b,
        _ => matches!((p.dts(), sp.dts), (Some(a), Some(b)) if a > b),
    }
}

/// What one sequential decode from the start of the file saw.
struct SequentialPass {
    packets: Vec<PacketInfo>,
    changes: Vec<ExtradataChange>,
    stamps: Vec<FrameStamp>,
    /// Frames output before the first decode error (None: no error).
    first_error_at: Option<usize>,
    errors: u64,
    md5s: Vec<String>,
    first_format: Option<ff::format::Pixel>,
}

/// Decodes the whole stream from the start, single-threaded. With `counting`, deblocking and the inverse transform
/// are skipped (same frames and timestamps, not the same pixels); otherwise every frame's MD5 is kept.
fn sequential_pass(path: &Path, counting: bool, progress: Progress<'_>) -> MediaResult<SequentialPass> {
    let mut source = Source::open_video_only(path)?;
    let mut decoder = if counting {
        VideoDecoder::open_for_counting(&source, Threading::Reproducible)?
    } else {
        VideoDecoder::open(&source, Threading::Reproducible)?
    };
    let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut hasher = FrameHasher::default();
    let mut pass = SequentialPass {
        packets: Vec::new(),
        changes: Vec::new(),
        stamps: Vec::new(),
        first_error_at: None,
        errors: 0,
        md5s: Vec::new(),
        first_format: None,
    };
    let mut frame = ff::frame::Video::empty();
    let mut drain = |decoder: &mut VideoDecoder, pass: &mut SequentialPass| loop {
        let got = decoder.receive(&mut frame);
        if decoder.errors > 0 && pass.first_error_at.is_none() {
            pass.first_error_at = Some(pass.stamps.len());
        }
        if !got {
            break;
        }
        let stamp = stamp_of(&frame);
        pass.first_format.get_or_insert(frame.format());
        if stamp.damaged && pass.first_error_at.is_none() {
            pass.first_error_at = Some(pass.stamps.len());
        }
        if !counting {
            pass.md5s.push(hasher.md5_hex(&frame).unwrap_or_default());
        }
        pass.stamps.push(stamp);
    };
    loop {
        match source.read() {
            Read::Video(p) => {
                let info = PacketInfo::of(&p, pass.packets.len() as u64);
                if let Some(bytes) = new_extradata(&p) {
                    pass.changes.push(ExtradataChange { ordinal: info.ordinal, bytes });
                }
                if pass.packets.len().is_multiple_of(256) {
                    progress(
                        fraction(info.pos, file_len),
                        if counting { "decoding every frame" } else { "hashing every frame" },
                    );
                }
                pass.packets.push(info);
                decoder.send(&p);
                drain(&mut decoder, &mut pass);
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    decoder.send_eof();
    drain(&mut decoder, &mut pass);
    pass.errors = decoder.errors;
    if pass.stamps.is_empty() {
        return Err(MediaError::NoFrames { path: path.to_path_buf() });
    }
    Ok(pass)
}

fn decode_index(path: &Path, progress: Progress<'_>) -> MediaResult<FrameIndex> {
    let mut pass = sequential_pass(path, true, progress)?;
    let mut notes = Vec::new();
    if pass.first_error_at.is_some() {
        // Damaged: decode again at full quality and keep every frame's MD5 from the first error on, so frames there
        // can be proven. The full decode is the reference for everything (count, identity, damage).
        progress(0.0, "hashing every frame");
        pass = sequential_pass(path, false, progress)?;
        notes.push(format!(
            "decode errors from frame {} on: frames there are checked against a sequential decode",
            pass.first_error_at.unwrap_or(0)
        ));
    }
    let source = Source::open_video_only(path)?;
    let tb = source.video_time_base()?;
    let codec = format!("{:?}", source.video_stream()?.parameters().id()).to_lowercase();
    let by_pos: HashMap<i64, &PacketInfo> = pass.packets.iter().filter_map(|p| p.pos.map(|t| (t, p))).collect();
    let by_pts: HashMap<i64, &PacketInfo> = pass.packets.iter().filter_map(|p| p.pts.map(|t| (t, p))).collect();
    let frames: Vec<FrameEntry> = pass
        .stamps
        .iter()
        .map(|s| {
            let pkt = s.pkt_pos.and_then(|p| by_pos.get(&p)).or_else(|| s.raw_pts.and_then(|t| by_pts.get(&t)));
            FrameEntry {
                pts: s.pts,
                raw_pts: s.raw_pts,
                dts: pkt.and_then(|p| p.dts),
                pkt_pos: s.pkt_pos,
                pkt_size: pkt.map_or(0, |p| p.size),
                key: s.key || pkt.is_some_and(|p| p.key),
                damaged: s.damaged,
            }
        })
        .collect();
    let frames_name_their_packets = pass.stamps.iter().all(|s| s.pkt_pos.is_some_and(|p| by_pos.contains_key(&p)));
    let taint_from = pass.first_error_at;
    let reference_md5s = match taint_from {
        Some(t) => pass.md5s.get(t..).map(<[String]>::to_vec).unwrap_or_default(),
        None => Vec::new(),
    };
    let mut index = FrameIndex {
        format_version: INDEX_FORMAT_VERSION,
        stream_index: source.video_index,
        time_base_num: tb.numerator(),
        time_base_den: tb.denominator(),
        codec,
        method: IndexMethod::Decode,
        frames,
        seek_points: Vec::new(),
        extradata_changes: pass.changes,
        decode_errors: pass.errors,
        taint_from,
        reference_md5s,
        frames_name_their_packets,
        first_pixel_format: pass.first_format.as_ref().and_then(|f| pixel_format_name(*f)),
        notes,
        by_pts: OnceLock::new(),
    };
    index.seek_points = seek_points_of(&index, pass.packets.iter());
    Ok(index)
}

/// A small index for unit tests elsewhere in the engine.
#[cfg(test)]
pub(crate) fn build_by_decoding_for_tests() -> FrameIndex {
    let mut ix = tests::index_of(&[Some(0), Some(40), Some(80), Some(120)]);
    ix.seek_points = vec![SeekPoint { pts: Some(0), dts: Some(0), pos: Some(48), frame: 0, ordinal: 0 }];
    ix
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pts: Option<i64>) -> FrameEntry {
        FrameEntry { pts, raw_pts: pts, dts: None, pkt_pos: None, pkt_size: 0, key: false, damaged: false }
    }

    pub(super) fn index_of(pts: &[Option<i64>]) -> FrameIndex {
        FrameIndex {
            format_version: INDEX_FORMAT_VERSION,
            stream_index: 0,
            time_base_num: 1,
            time_base_den: 1000,
            codec: "test".into(),
            method: IndexMethod::Decode,
            frames: pts.iter().map(|&p| entry(p)).collect(),
            seek_points: Vec::new(),
            extradata_changes: Vec::new(),
            decode_errors: 0,
            taint_from: None,
            reference_md5s: Vec::new(),
            frames_name_their_packets: false,
            first_pixel_format: None,
            notes: Vec::new(),
            by_pts: OnceLock::new(),
        }
    }

    /// The linear definition the binary search must equal: the highest frame presented at or before `pts`.
    fn brute(index: &FrameIndex, pts: i64) -> Option<usize> {
        index.frames.iter().rposition(|f| f.pts.is_some_and(|p| p <= pts))
    }

    #[test]
    fn latest_frame_at_or_before_equals_the_linear_scan_even_on_broken_timestamps() {
        let monotonic = index_of(&[Some(0), Some(40), Some(80), Some(120)]);
        let broken = index_of(&[Some(0), Some(80), None, Some(40), Some(120), Some(80)]);
        for ix in [&monotonic, &broken] {
            for pts in -10..140 {
                assert_eq!(ix.frame_at_or_before_pts(pts), brute(ix, pts), "pts {pts}");
            }
        }
    }

    #[test]
    fn nal_units_must_tile_a_packet_and_hold_a_picture() {
        let avc = NalFraming::Length { bytes: 4, hevc: false };
        let idr = [0, 0, 0, 3, 0x65, 0x88, 0x84];
        assert!(packet_well_formed(&idr, avc));
        let sei_then_slice = [0, 0, 0, 1, 0x06, 0, 0, 0, 2, 0x41, 0x9a];
        assert!(packet_well_formed(&sei_then_slice, avc));
        assert!(!packet_well_formed(&[0, 0, 0, 9, 0x65, 0x88], avc), "a length past the end");
        assert!(!packet_well_formed(&[0, 0, 0, 1, 0x06], avc), "no picture");
        assert!(!packet_well_formed(&[0, 0, 0, 3, 0x65, 0x88, 0x84, 0], avc), "bytes left over");
        let hevc = NalFraming::Length { bytes: 4, hevc: true };
        assert!(packet_well_formed(&[0, 0, 0, 2, 0x26, 0x01], hevc), "an IDR_W_RADL slice (type 19)");
        assert!(!packet_well_formed(&[0, 0, 0, 2, 0x40, 0x01], hevc), "a VPS alone (type 32)");
        assert!(packet_well_formed(&[0, 0, 0, 1, 0x65], NalFraming::StartCodes));
        assert!(!packet_well_formed(&[0x12, 0x34], NalFraming::StartCodes));
    }

    #[test]
    fn shared_identities_name_no_frame() {
        let ix = index_of(&[Some(0), Some(40), Some(40)]);
        let lookup = build_lookup(&ix.frames);
        assert_eq!(lookup.get(&FrameKey { raw_pts: Some(0), pkt_pos: None }), Some(&0));
        assert_eq!(lookup.get(&FrameKey { raw_pts: Some(40), pkt_pos: None }), Some(&SHARED_KEY));
        assert_eq!(ix.find_key_in(&FrameKey { raw_pts: Some(40), pkt_pos: None }, 0, 3), Some(1));
    }
}
