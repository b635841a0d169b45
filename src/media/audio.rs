//! The sound of a file decoded whole: the first audio stream resampled with swresample to interleaved stereo `f32`,
//! placed on the video's timeline (second 0 is the first video frame). Damaged packets are skipped, as FFmpeg's
//! CLI skips them. The player streams instead ([`super::audio_stream`]); this whole-track decode is the reference
//! the stream is tested against, and fits short clips only (a 10-hour track would need ~7 GB).

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
pub fn decode_track(path: &Path, rate_hz: u32, mut progress: impl FnMut(f32)) -> MediaResult<Option<AudioTrack>> {
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0).max(1);
    let Some(parts) = super::audio_stream::open_parts(path)? else { return Ok(None) };
    let (mut input, audio_index, mut decoder) = (parts.input, parts.audio_index, parts.decoder);
    let mut track = AudioTrack {
        sample_rate_hz: rate_hz,
        samples: Vec::new(),
        start_offset_secs: parts.start_offset_secs,
        decode_errors: 0,
    };
    let mut resampler: Option<ff::software::resampling::Context> = None;
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
                track.decode_errors += 1;
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
            let rs = match resampler.as_mut() {
                Some(rs) => rs,
                None => {
                    let made = ff::software::resampling::Context::get(
                        decoded.format(),
                        decoded.channel_layout(),
                        decoded.rate(),
                        ff::format::Sample::F32(ff::format::sample::Type::Packed),
                        ff::ChannelLayout::STEREO,
                        rate_hz,
                    )
                    .map_err(|e| MediaError::ffmpeg(path, "setting up the audio resampler", e))?;
                    resampler.insert(made)
                }
            };
            let room = decoded.samples() * rate_hz as usize / decoded.rate().max(1) as usize + 256;
            let mut out = ff::frame::Audio::new(
                ff::format::Sample::F32(ff::format::sample::Type::Packed),
                room,
                ff::ChannelLayout::STEREO,
            );
            if rs.run(&decoded, &mut out).is_err() {
                track.decode_errors += 1;
                continue;
            }
            append_packed(&out, &mut track.samples);
        }
        if !more {
            break;
        }
    }
    if let Some(rs) = resampler.as_mut() {
        loop {
            let mut out = ff::frame::Audio::new(
                ff::format::Sample::F32(ff::format::sample::Type::Packed),
                4096,
                ff::ChannelLayout::STEREO,
            );
            match rs.flush(&mut out) {
                Ok(_) if out.samples() > 0 => append_packed(&out, &mut track.samples),
                _ => break,
            }
        }
    }
    progress(1.0);
    Ok(Some(track))
}

pub(super) fn stream_start_secs(start: i64, tb: ff::Rational) -> f64 {
    if start == ff::ffi::AV_NOPTS_VALUE {
        return 0.0;
    }
    super::ticks_to_secs(start, tb)
}

/// Appends a packed stereo f32 frame's samples.
pub(super) fn append_packed(frame: &ff::frame::Audio, out: &mut Vec<f32>) {
    let values = frame.samples() * usize::from(OUTPUT_CHANNELS);
    if values == 0 || frame.planes() == 0 {
        return;
    }
    let bytes = frame.data(0);
    let usable = bytes.len().min(values * 4);
    out.extend(bytes[..usable].chunks_exact(4).map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]])));
}
