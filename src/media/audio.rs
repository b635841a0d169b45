//! The sound of a file decoded whole: the first audio stream resampled with swresample to interleaved stereo `f32`,
//! placed on the video's timeline (second 0 is the first video frame). Damaged packets are skipped, as FFmpeg's
//! CLI skips them. The player streams instead ([`super::audio_stream`]); this whole-track decode is the reference
//! the stream is tested against, and fits short clips only (a 10-hour track would need ~7 GB).
//!
//! [`decode_mono`] is the same decode for measuring: mono, on the file's media time axis (where a cited frame's
//! PTS is), every frame at its own timestamp — an hour at 8 kHz is 115 MB.

use std::path::Path;

use ffmpeg_next as ff;

use super::error::{MediaError, MediaResult};

/// Channels of every decoded track (the player mixes to stereo).
pub const OUTPUT_CHANNELS: u16 = 2;

/// A decoded audio track, interleaved stereo.
#[derive(Clone, Debug, Default)]
pub struct AudioTrack {
    pub sample_rate_hz: u32,
    /// Interleaved left/right samples.
    pub samples: Vec<f32>,
    /// Where the first sample sits on the video timeline (seconds after the first video frame; may be negative).
    pub start_offset_secs: f64,
    /// Packets the decoder rejected.
    pub decode_errors: u64,
}

impl AudioTrack {
    /// Stereo sample frames (one left + one right value each).
    pub fn frames(&self) -> usize {
        self.samples.len() / usize::from(OUTPUT_CHANNELS)
    }

    pub fn duration_secs(&self) -> f64 {
        if self.sample_rate_hz == 0 {
            return 0.0;
        }
        self.frames() as f64 / f64::from(self.sample_rate_hz)
    }
}

/// Decodes the first audio stream of `path` to stereo `f32` at `rate_hz`. `Ok(None)` when the file has no audio.
/// `progress(fraction)` is called as decoding advances (by file position).
pub fn decode_track(path: &Path, rate_hz: u32, progress: impl FnMut(f32)) -> MediaResult<Option<AudioTrack>> {
    let Some(decoded) = decode(path, rate_hz, ff::ChannelLayout::STEREO, Placement::Concatenated, progress)? else {
        return Ok(None);
    };
    Ok(Some(AudioTrack {
        sample_rate_hz: rate_hz,
        samples: decoded.samples,
        start_offset_secs: decoded.start_offset_secs,
        decode_errors: decoded.decode_errors,
    }))
}

/// The first audio stream of a file as one mono track on the file's media time axis, for measuring (audio sync).
#[derive(Clone, Debug, Default)]
pub struct MonoTrack {
    pub rate_hz: u32,
    pub samples: Vec<f32>,
    /// Media time of `samples[0]`: seconds on the axis a video frame's PTS is cited on (`FramePoint::media_secs`),
    /// where FFmpeg's decoder presents it — after the encoder's priming samples (AAC's 1024, MP4 edit lists,
    /// `skip_samples` side data) were dropped as FFmpeg drops them.
    pub start_secs: f64,
    /// Packets the decoder rejected.
    pub decode_errors: u64,
    /// Places where the stream's timestamps jumped (a gap filled with silence, or an overlap cut back), so that
    /// every sample sits at its presented time.
    pub timestamp_jumps: u64,
}

impl MonoTrack {
    pub fn duration_secs(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate_hz.max(1))
    }
}

/// Decodes the first audio stream of `path` to mono `f32` at `rate_hz` (swresample downmixes and resamples),
/// each decoded frame placed at its own timestamp. `Ok(None)` when the file has no audio.
pub fn decode_mono(path: &Path, rate_hz: u32, progress: impl FnMut(f32)) -> MediaResult<Option<MonoTrack>> {
    let layout = ff::ChannelLayout::MONO;
    let Some(decoded) = decode(path, rate_hz, layout, Placement::Timestamped, progress)? else { return Ok(None) };
    Ok(Some(MonoTrack {
        rate_hz,
        samples: decoded.samples,
        start_secs: decoded.start_secs,
        decode_errors: decoded.decode_errors,
        timestamp_jumps: decoded.timestamp_jumps,
    }))
}

/// How decoded frames are laid end to end.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    /// One after another from the stream's start, as the player streams them.
    Concatenated,
    /// Each frame at its own timestamp: a jump forward becomes silence, one backward overwrites.
    Timestamped,
}

/// What [`decode`] gives.
pub(super) struct Decoded {
    /// Interleaved, in the layout asked for.
    pub(super) samples: Vec<f32>,
    /// Where sample 0 sits relative to the first video frame (the player's axis).
    pub(super) start_offset_secs: f64,
    /// The media time of sample 0: the first decoded frame's timestamp (after the decoder dropped the encoder's
    /// priming samples), else the stream's start.
    pub(super) start_secs: f64,
    pub(super) decode_errors: u64,
    /// Frames whose timestamp was more than [`JUMP_SECS`] off the end of the previous one (Timestamped only).
    pub(super) timestamp_jumps: u64,
}

/// A frame this far from where the previous one ended is placed at its own timestamp (Timestamped).
pub(super) const JUMP_SECS: f64 = 0.002;

/// Decodes the first audio stream of `path`, resampled by swresample to packed `f32` at `rate_hz` in `layout`.
pub(super) fn decode(
    path: &Path,
    rate_hz: u32,
    layout: ff::ChannelLayout,
    placement: Placement,
    mut progress: impl FnMut(f32),
) -> MediaResult<Option<Decoded>> {
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0).max(1);
    let Some(parts) = super::audio_stream::open_parts(path)? else { return Ok(None) };
    let (mut input, audio_index, mut decoder) = (parts.input, parts.audio_index, parts.decoder);
    let stream_start_secs = stream_start_secs(parts.audio_start_ticks, parts.audio_tb);
    let mut out = Output::new(path, rate_hz, layout);
    let mut decoded = ff::frame::Audio::empty();
    let mut packet = ff::Packet::empty();
    let mut last_report = 0.0f32;
    loop {
        let more = match packet.read(&mut input) {
            Ok(()) => true,
            Err(ff::Error::Other { errno }) if errno == ff::error::EAGAIN => continue,
            Err(_) => false,
        };
        if more {
            if packet.stream() != audio_index {
                continue;
            }
            if decoder.send_packet(&packet).is_err() {
                out.decode_errors += 1;
                continue;
            }
            if let Some(pos) = packet.position().try_into().ok().filter(|p: &u64| *p > 0) {
                let fraction = (pos as f64 / file_bytes as f64) as f32;
                if fraction - last_report >= 0.02 {
                    last_report = fraction;
                    progress(fraction.min(1.0));
                }
            }
        } else if decoder.send_eof().is_err() {
            break;
        }
        while decoder.receive_frame(&mut decoded).is_ok() {
            if decoded.channel_layout().is_empty() {
                decoded.set_channel_layout(ff::ChannelLayout::default(i32::from(decoded.channels())));
            }
            if placement == Placement::Timestamped {
                let at = decoded.timestamp().or(decoded.pts()).map(|t| super::ticks_to_secs(t, parts.audio_tb));
                out.place(at);
            }
            out.push(&decoded)?;
        }
        if !more {
            break;
        }
    }
    out.flush();
    progress(1.0);
    Ok(Some(Decoded {
        start_offset_secs: parts.start_offset_secs,
        start_secs: out.first_secs.unwrap_or(stream_start_secs),
        decode_errors: out.decode_errors,
        timestamp_jumps: out.jumps,
        samples: out.samples,
    }))
}

/// The resampled sound as it builds up.
struct Output<'a> {
    path: &'a Path,
    rate_hz: u32,
    layout: ff::ChannelLayout,
    channels: usize,
    resampler: Option<ff::software::resampling::Context>,
    samples: Vec<f32>,
    /// Timestamp of the first frame, and the input seconds fed since (Timestamped).
    first_secs: Option<f64>,
    fed_secs: f64,
    decode_errors: u64,
    jumps: u64,
}

impl<'a> Output<'a> {
    fn new(path: &'a Path, rate_hz: u32, layout: ff::ChannelLayout) -> Self {
        let channels = usize::try_from(layout.channels()).unwrap_or(1).max(1);
        let (resampler, samples, first_secs) = (None, Vec::new(), None);
        Output {
            path,
            rate_hz,
            layout,
            channels,
            resampler,
            samples,
            first_secs,
            fed_secs: 0.0,
            decode_errors: 0,
            jumps: 0,
        }
    }

    /// Before a frame whose timestamp is `at`: if it is not where the sound so far ends, finish the resampler and
    /// pad with silence (or cut back) so that the frame starts at its own time.
    fn place(&mut self, at: Option<f64>) {
        let Some(at) = at else { return };
        let Some(first) = self.first_secs else {
            self.first_secs = Some(at);
            return;
        };
        if (at - first - self.fed_secs).abs() <= JUMP_SECS {
            return;
        }
        self.flush();
        self.jumps += 1;
        let target = ((at - first).max(0.0) * f64::from(self.rate_hz)).round() as usize * self.channels;
        self.samples.resize(target, 0.0);
        self.fed_secs = at - first;
    }

    fn push(&mut self, frame: &ff::frame::Audio) -> MediaResult<()> {
        let rs = match self.resampler.as_mut() {
            Some(rs) => rs,
            None => {
                let made = ff::software::resampling::Context::get(
                    frame.format(),
                    frame.channel_layout(),
                    frame.rate(),
                    packed_f32(),
                    self.layout,
                    self.rate_hz,
                )
                .map_err(|e| MediaError::ffmpeg(self.path, "setting up the audio resampler", e))?;
                self.resampler.insert(made)
            }
        };
        self.fed_secs += frame.samples() as f64 / f64::from(frame.rate().max(1));
        let room = frame.samples() * self.rate_hz as usize / frame.rate().max(1) as usize + 256;
        let mut out = ff::frame::Audio::new(packed_f32(), room, self.layout);
        if rs.run(frame, &mut out).is_err() {
            self.decode_errors += 1;
            return Ok(());
        }
        append_packed_channels(&out, self.channels, &mut self.samples);
        Ok(())
    }

    /// Drains the resampler's tail; the next frame starts a fresh one.
    fn flush(&mut self) {
        let Some(mut rs) = self.resampler.take() else { return };
        loop {
            let mut out = ff::frame::Audio::new(packed_f32(), 4096, self.layout);
            match rs.flush(&mut out) {
                Ok(_) if out.samples() > 0 => append_packed_channels(&out, self.channels, &mut self.samples),
                _ => break,
            }
        }
    }
}

fn packed_f32() -> ff::format::Sample {
    ff::format::Sample::F32(ff::format::sample::Type::Packed)
}

pub(super) fn stream_start_secs(start: i64, tb: ff::Rational) -> f64 {
    if start == ff::ffi::AV_NOPTS_VALUE {
        return 0.0;
    }
    super::ticks_to_secs(start, tb)
}

/// Appends a packed stereo f32 frame's samples.
pub(super) fn append_packed(frame: &ff::frame::Audio, out: &mut Vec<f32>) {
    append_packed_channels(frame, usize::from(OUTPUT_CHANNELS), out);
}

/// Appends a packed f32 frame's samples, `channels` values each.
fn append_packed_channels(frame: &ff::frame::Audio, channels: usize, out: &mut Vec<f32>) {
    let values = frame.samples() * channels;
    if values == 0 || frame.planes() == 0 {
        return;
    }
    let bytes = frame.data(0);
    let usable = bytes.len().min(values * 4);
    out.extend(bytes[..usable].chunks_exact(4).map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]])));
}
