//! The sound of a file as a stream: the first audio stream decoded a chunk at a time and resampled to interleaved
//! stereo `f32`, so that a ten-hour file never sits whole in memory. Samples are placed exactly as
//! [`super::audio::decode_track`] places them (sample `k` of the track sits at `start_offset_secs + k / rate` on the
//! video timeline), and a seek lands on the exact sample: the demuxer is sent to [`PREROLL_SECS`] before the target,
//! the decoder warms up on the packets in between, and what comes before the target is dropped.

use std::path::{Path, PathBuf};

use ffmpeg_next as ff;

use super::audio::{append_packed, stream_start_secs, OUTPUT_CHANNELS};
use super::error::{MediaError, MediaResult};
use super::source::open_input;

/// How far before a seek target decoding starts, so the codec's overlap (AAC: one 1024-sample frame) and the
/// resampler's filter history are warm by the target.
pub const PREROLL_SECS: f64 = 0.5;

/// Track frame (index into the whole-track decode) of video-timeline second `secs`: the last sample at or before it.
pub fn track_frame_at(secs: f64, start_offset_secs: f64, rate_hz: u32) -> i64 {
    ((secs - start_offset_secs) * f64::from(rate_hz)).floor() as i64
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Decoding,
    /// End of input sent to the decoder; its last frames and the resampler's tail are still to come.
    Draining,
    Done,
}

/// The first audio stream of a file, read forward from any position.
pub struct AudioStream {
    path: PathBuf,
    input: ff::format::context::Input,
    audio_index: usize,
    audio_tb: ff::Rational,
    audio_start_ticks: i64,
    decoder: ff::decoder::Audio,
    resampler: Option<ff::software::resampling::Context>,
    decoded: ff::frame::Audio,
    rate_hz: u32,
    start_offset_secs: f64,
    decode_errors: u64,
    file_bytes: u64,
    read_bytes: u64,
    phase: Phase,
    /// Track frame of the next sample `read` returns (negative: before the sound starts, silence).
    position_frames: i64,
    /// Resampled samples not yet read (interleaved stereo); they end just before `produced_frames`.
    pending: Vec<f32>,
    /// Track frame of the next sample the resampler gives; `None` after a seek until a decoded frame says where.
    produced_frames: Option<i64>,
}

impl AudioStream {
    /// Opens the first audio stream of `path`, resampling to `rate_hz`, positioned at track frame 0.
    /// `Ok(None)` when the file has no audio.
    pub fn open(path: &Path, rate_hz: u32) -> MediaResult<Option<Self>> {
        let Some(parts) = open_parts(path)? else { return Ok(None) };
        let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0).max(1);
        Ok(Some(AudioStream {
            path: path.to_path_buf(),
            input: parts.input,
            audio_index: parts.audio_index,
            audio_tb: parts.audio_tb,
            audio_start_ticks: parts.audio_start_ticks,
            decoder: parts.decoder,
            resampler: None,
            decoded: ff::frame::Audio::empty(),
            rate_hz: rate_hz.max(1),
            start_offset_secs: parts.start_offset_secs,
            decode_errors: 0,
            file_bytes,
            read_bytes: 0,
            phase: Phase::Decoding,
            position_frames: 0,
            pending: Vec::new(),
            produced_frames: Some(0),
        }))
    }

    pub fn rate_hz(&self) -> u32 {
        self.rate_hz
    }

    /// Where track frame 0 sits on the video timeline (seconds after the first video frame; may be negative).
    pub fn start_offset_secs(&self) -> f64 {
        self.start_offset_secs
    }

    /// Track frame of the next sample `read` returns.
    pub fn position_frames(&self) -> i64 {
        self.position_frames
    }

    /// Packets (or resampler runs) rejected so far; the damaged sound is skipped, as FFmpeg's CLI skips it.
    pub fn decode_errors(&self) -> u64 {
        self.decode_errors
    }

    /// How far into the file the demuxer has read, 0..=1 (by byte position).
    pub fn progress_fraction(&self) -> f32 {
        (self.read_bytes as f64 / self.file_bytes as f64).min(1.0) as f32
    }

    /// Positions the stream at video-timeline second `secs`; returns the track frame `read` continues from.
    pub fn seek_to_secs(&mut self, secs: f64) -> MediaResult<i64> {
        let target = track_frame_at(secs, self.start_offset_secs, self.rate_hz);
        self.position_frames = target;
        let buffered_from =
            self.produced_frames.map(|p| p - (self.pending.len() / usize::from(OUTPUT_CHANNELS)) as i64);
        if let (Some(from), Some(to)) = (buffered_from, self.produced_frames) {
            // Close ahead of what is decoded (or inside it): decoding on reaches it, with no seek.
            if target >= from && target - to < i64::from(self.rate_hz) / 2 && self.phase != Phase::Done {
                return Ok(target);
            }
        }
        let track_secs = target as f64 / f64::from(self.rate_hz);
        if track_secs - PREROLL_SECS <= 0.0 || !self.seek_demuxer(track_secs - PREROLL_SECS) {
            self.rewind()?;
            self.position_frames = target;
        }
        Ok(target)
    }

    /// Appends up to `max_frames` stereo frames from the current position to `out`; returns how many (0: the sound
    /// has ended). Positions before the sound starts give silence.
    pub fn read(&mut self, out: &mut Vec<f32>, max_frames: usize) -> usize {
        let ch = usize::from(OUTPUT_CHANNELS);
        let mut written = 0;
        while written < max_frames {
            let want = max_frames - written;
            if self.position_frames < 0 {
                let n = want.min(self.position_frames.unsigned_abs() as usize);
                out.resize(out.len() + n * ch, 0.0);
                self.position_frames += n as i64;
                written += n;
                continue;
            }
            if let Some(produced) = self.produced_frames.filter(|p| self.position_frames < *p) {
                let pending_frames = self.pending.len() / ch;
                let pending_from = produced - pending_frames as i64;
                let n = if self.position_frames < pending_from {
                    // A seek the container placed late: silence up to the first sample it gave.
                    let n = want.min((pending_from - self.position_frames) as usize);
                    out.resize(out.len() + n * ch, 0.0);
                    n
                } else {
                    let from = (self.position_frames - pending_from) as usize;
                    let n = want.min(pending_frames - from);
                    out.extend_from_slice(&self.pending[from * ch..(from + n) * ch]);
                    n
                };
                self.position_frames += n as i64;
                written += n;
                continue;
            }
            if !self.decode_more() {
                break;
            }
        }
        written
    }

    /// Decodes until at least one more resampled chunk is pending; false once the sound has ended.
    fn decode_more(&mut self) -> bool {
        self.pending.clear();
        loop {
            if self.phase != Phase::Done && self.decoder.receive_frame(&mut self.decoded).is_ok() {
                self.resample_decoded();
                if !self.pending.is_empty() {
                    return true;
                }
                continue;
            }
            match self.phase {
                Phase::Decoding => self.feed_packet(),
                Phase::Draining => {
                    self.flush_resampler();
                    self.phase = Phase::Done;
                    return !self.pending.is_empty();
                }
                Phase::Done => return false,
            }
        }
    }

    /// Sends the next audio packet to the decoder (or the end of input).
    fn feed_packet(&mut self) {
        let mut packet = ff::Packet::empty();
        loop {
            match packet.read(&mut self.input) {
                Ok(()) => {}
                Err(ff::Error::Other { errno }) if errno == ff::error::EAGAIN => continue,
                Err(_) => {
                    // The decoder may refuse the end of input; either way nothing more will come.
                    let _ = self.decoder.send_eof();
                    self.phase = Phase::Draining;
                    return;
                }
            }
            if packet.stream() != self.audio_index {
                continue;
            }
            if let Some(pos) = u64::try_from(packet.position()).ok().filter(|p| *p > 0) {
                self.read_bytes = pos;
            }
            if self.decoder.send_packet(&packet).is_err() {
                self.decode_errors += 1;
                continue;
            }
            return;
        }
    }

    /// Resamples the frame in `self.decoded` into `pending`, anchoring it on the track after a seek.
    fn resample_decoded(&mut self) {
        if self.decoded.channel_layout().is_empty() {
            self.decoded.set_channel_layout(ff::ChannelLayout::default(i32::from(self.decoded.channels())));
        }
        let mut trimmed = None;
        if self.produced_frames.is_none() {
            let in_rate = i64::from(self.decoded.rate().max(1));
            let out_rate = i64::from(self.rate_hz);
            let Some(pts) = self.decoded.pts().or(self.decoded.timestamp()) else {
                // No timestamp to place it by: start it at the position asked for (rare; a stream without pts).
                self.produced_frames = Some(self.position_frames);
                return self.run_resampler(None);
            };
            let since_start_secs = super::ticks_to_secs(pts - self.audio_start_ticks, self.audio_tb);
            let in_index = (since_start_secs * in_rate as f64).round() as i64;
            // Start the fresh resampler on an input sample where the whole-track resampler's phase is zero, so
            // both compute every later output sample from the same inputs with the same filter phase.
            let period = in_rate / gcd(in_rate, out_rate);
            let drop = (-in_index).rem_euclid(period) as usize;
            if drop >= self.decoded.samples() {
                return;
            }
            if drop > 0 {
                trimmed = trim_front(&self.decoded, drop);
                if trimmed.is_none() {
                    return;
                }
            }
            self.produced_frames = Some((in_index + drop as i64) * out_rate / in_rate);
            self.resampler = None;
        }
        self.run_resampler(trimmed);
    }

    fn run_resampler(&mut self, trimmed: Option<ff::frame::Audio>) {
        let frame = trimmed.as_ref().unwrap_or(&self.decoded);
        let rs = match self.resampler.as_mut() {
            Some(rs) => rs,
            None => match ff::software::resampling::Context::get(
                frame.format(),
                frame.channel_layout(),
                frame.rate(),
                packed_f32(),
                ff::ChannelLayout::STEREO,
                self.rate_hz,
            ) {
                Ok(made) => self.resampler.insert(made),
                Err(e) => {
                    tracing::warn!("{}: setting up the audio resampler: {e}", self.path.display());
                    self.decode_errors += 1;
                    return;
                }
            },
        };
        let room = frame.samples() * self.rate_hz as usize / frame.rate().max(1) as usize + 256;
        let mut out = ff::frame::Audio::new(packed_f32(), room, ff::ChannelLayout::STEREO);
        if rs.run(frame, &mut out).is_err() {
            self.decode_errors += 1;
            return;
        }
        self.take_output(&out);
    }

    fn flush_resampler(&mut self) {
        let Some(rs) = self.resampler.as_mut() else { return };
        let mut tail = Vec::new();
        loop {
            let mut out = ff::frame::Audio::new(packed_f32(), 4096, ff::ChannelLayout::STEREO);
            match rs.flush(&mut out) {
                Ok(_) if out.samples() > 0 => append_packed(&out, &mut tail),
                _ => break,
            }
        }
        self.pending.extend_from_slice(&tail);
        if let Some(p) = self.produced_frames.as_mut() {
            *p += (tail.len() / usize::from(OUTPUT_CHANNELS)) as i64;
        }
    }

    fn take_output(&mut self, out: &ff::frame::Audio) {
        let before = self.pending.len();
        append_packed(out, &mut self.pending);
        let frames = (self.pending.len() - before) / usize::from(OUTPUT_CHANNELS);
        if let Some(p) = self.produced_frames.as_mut() {
            *p += frames as i64;
        }
    }

    /// Sends the demuxer to track second `track_secs` or before; false when the container refuses.
    fn seek_demuxer(&mut self, track_secs: f64) -> bool {
        let tb = self.audio_tb;
        if tb.numerator() == 0 {
            return false;
        }
        let ts = self.audio_start_ticks + (track_secs * f64::from(tb.denominator()) / f64::from(tb.numerator())) as i64;
        // SAFETY: the context pointer is valid for the lifetime of `self.input`; the call only repositions it.
        let ret = unsafe {
            ff::ffi::avformat_seek_file(self.input.as_mut_ptr(), self.audio_index as i32, i64::MIN, ts, ts, 0)
        };
        if ret < 0 {
            return false;
        }
        self.decoder.flush();
        self.resampler = None;
        self.pending.clear();
        self.produced_frames = None;
        self.phase = Phase::Decoding;
        true
    }

    /// Reopens the file: decoding from its very start gives exactly the whole-track decode's first samples.
    fn rewind(&mut self) -> MediaResult<()> {
        let Some(parts) = open_parts(&self.path)? else {
            return Err(MediaError::Ffmpeg { path: self.path.clone(), what: "the audio stream disappeared".into() });
        };
        self.input = parts.input;
        self.decoder = parts.decoder;
        self.resampler = None;
        self.pending.clear();
        self.produced_frames = Some(0);
        self.position_frames = 0;
        self.read_bytes = 0;
        self.phase = Phase::Decoding;
        Ok(())
    }
}

pub(super) struct Parts {
    pub(super) input: ff::format::context::Input,
    pub(super) audio_index: usize,
    pub(super) audio_tb: ff::Rational,
    pub(super) audio_start_ticks: i64,
    pub(super) start_offset_secs: f64,
    pub(super) decoder: ff::decoder::Audio,
}

/// Opens the container with every stream but the first audio stream discarded, and that stream's decoder.
pub(super) fn open_parts(path: &Path) -> MediaResult<Option<Parts>> {
    let mut input = open_input(path)?;
    let Some((audio_index, audio_tb, audio_start)) = input
        .streams()
        .find(|s| s.parameters().medium() == ff::media::Type::Audio)
        .map(|s| (s.index(), s.time_base(), s.start_time()))
    else {
        return Ok(None);
    };
    let video_start_secs = input
        .streams()
        .find(|s| s.parameters().medium() == ff::media::Type::Video)
        .map_or(0.0, |s| stream_start_secs(s.start_time(), s.time_base()));
    let Some(stream) = input.stream(audio_index) else { return Ok(None) };
    let ctx = ff::codec::context::Context::from_parameters(stream.parameters())
        .map_err(|e| MediaError::ffmpeg(path, "reading the audio codec parameters", e))?;
    let mut decoder = ctx.decoder().audio().map_err(|e| MediaError::ffmpeg(path, "opening the audio decoder", e))?;
    decoder.set_packet_time_base(audio_tb);
    // SAFETY: `streams` has `nb_streams` valid pointers; `discard` asks the demuxer to skip those packets.
    unsafe {
        let ctx = input.as_mut_ptr();
        for i in 0..(*ctx).nb_streams as usize {
            if i != audio_index {
                (**(*ctx).streams.add(i)).discard = ff::ffi::AVDiscard::AVDISCARD_ALL;
            }
        }
    }
    let audio_start_ticks = if audio_start == ff::ffi::AV_NOPTS_VALUE { 0 } else { audio_start };
    Ok(Some(Parts {
        input,
        audio_index,
        audio_tb,
        audio_start_ticks,
        start_offset_secs: stream_start_secs(audio_start, audio_tb) - video_start_secs,
        decoder,
    }))
}

fn packed_f32() -> ff::format::Sample {
    ff::format::Sample::F32(ff::format::sample::Type::Packed)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// A copy of `frame` without its first `drop` samples (None when the layout is not one we can slice).
fn trim_front(frame: &ff::frame::Audio, drop: usize) -> Option<ff::frame::Audio> {
    let keep = frame.samples().checked_sub(drop)?;
    let format = frame.format();
    let per_sample = format.bytes() * if frame.is_packed() { usize::from(frame.channels()) } else { 1 };
    let mut out = ff::frame::Audio::new(format, keep, frame.channel_layout());
    out.set_rate(frame.rate());
    if out.planes() != frame.planes() {
        return None;
    }
    for plane in 0..frame.planes() {
        let src = frame.data(plane).get(drop * per_sample..(drop + keep) * per_sample)?;
        out.data_mut(plane).get_mut(..keep * per_sample)?.copy_from_slice(src);
    }
    Some(out)
}
