//! Writes RGBA frames and interleaved `f32` audio to an MP4: H.264 (libx264, yuv420p) and AAC (FFmpeg's native
//! encoder), `+faststart`, fixed creation time and tags. The only place the sample generator touches FFmpeg.
//!
//! One swscale context converts every frame; one swresample context feeds the AAC encoder its sample format.

use std::path::{Path, PathBuf};

use ffmpeg::format::{sample::Type as SampleType, Pixel, Sample};
use ffmpeg::software::{resampling, scaling};
use ffmpeg::util::color;
use ffmpeg::{codec, encoder, frame, ChannelLayout, Dictionary, Packet, Rational};
use ffmpeg_next as ffmpeg;

/// Why an MP4 could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error("{path}: FFmpeg has no '{name}' encoder (FFmpeg must be built with it; Debian's libavcodec59 is)")]
    EncoderMissing { path: PathBuf, name: &'static str },
    #[error("{path}: {doing}: {source}")]
    Ffmpeg { path: PathBuf, doing: &'static str, source: ffmpeg::Error },
    #[error("{path}: video frame {index} has {got} bytes, expected {expected} ({width_px}x{height_px} RGBA)")]
    FrameSize { path: PathBuf, index: u64, got: usize, expected: usize, width_px: u32, height_px: u32 },
    #[error("{path}: {got} audio samples is not a whole number of {channels}-channel frames")]
    AudioLayout { path: PathBuf, got: usize, channels: u16 },
    #[error("{path}: unsupported setting: {what}")]
    Settings { path: PathBuf, what: String },
}

/// H.264 settings. The defaults keep a 60 s 720p30 synthetic scene well under 5 MB.
#[derive(Clone, Debug, PartialEq)]
pub struct VideoSettings {
    pub width_px: u32,
    pub height_px: u32,
    /// Constant frame rate, frames per second.
    pub fps: u32,
    /// Keyframe interval in frames.
    pub gop_frames: u32,
    pub max_b_frames: usize,
    /// x264 constant rate factor (lower is better quality).
    pub crf: f32,
    /// VBV cap, bits per second: bounds the file size whatever the content.
    pub max_bitrate_bps: u32,
    pub x264_preset: &'static str,
    /// 1 gives the same bytes on every run.
    pub threads: u32,
}

impl Default for VideoSettings {
    fn default() -> Self {
        Self {
            width_px: 1280,
            height_px: 720,
            fps: 30,
            gop_frames: 60,
            max_b_frames: 2,
            crf: 26.0,
            max_bitrate_bps: 500_000,
            x264_preset: "veryfast",
            threads: 1,
        }
    }
}

/// AAC settings.
#[derive(Clone, Debug, PartialEq)]
pub struct AudioSettings {
    pub sample_rate_hz: u32,
    /// 1 or 2.
    pub channels: u16,
    pub bitrate_bps: usize,
}

impl Default for AudioSettings {
    fn default() -> Self {
        Self { sample_rate_hz: 48_000, channels: 2, bitrate_bps: 96_000 }
    }
}

/// Everything the writer needs to know up front.
#[derive(Clone, Debug, PartialEq)]
pub struct Mp4Settings {
    pub video: VideoSettings,
    pub audio: AudioSettings,
    /// ISO 8601 UTC, e.g. `2031-04-17T21:02:00.000000Z`; written as the file's `creation_time`.
    pub creation_time: String,
    /// Further container tags (`title`, `comment`, …).
    pub metadata: Vec<(String, String)>,
}

/// What went into a finished file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeSummary {
    pub video_frames: u64,
    pub audio_samples_per_channel: i64,
}

/// An MP4 being written. Push frames and audio in presentation order, then call [`Mp4Writer::finish`]; dropping the
/// writer without finishing leaves an unplayable file.
pub struct Mp4Writer {
    path: PathBuf,
    octx: ffmpeg::format::context::Output,
    video: encoder::Video,
    audio: encoder::Audio,
    scaler: scaling::Context,
    resampler: resampling::Context,
    rgba: frame::Video,
    yuv: frame::Video,
    video_index: usize,
    audio_index: usize,
    video_time_base: Rational,
    audio_time_base: Rational,
    video_stream_time_base: Rational,
    audio_stream_time_base: Rational,
    width_px: u32,
    height_px: u32,
    channels: u16,
    channel_layout: ChannelLayout,
    sample_rate_hz: u32,
    audio_frame_samples: usize,
    frames_pushed: u64,
    samples_sent: i64,
    pending_audio: Vec<f32>,
}

impl Mp4Writer {
    /// Creates `path` (always MP4, whatever its extension), sets up both encoders and writes the header.
    pub fn create(path: &Path, settings: &Mp4Settings) -> Result<Self, EncodeError> {
        super::init();
        let path_buf = path.to_path_buf();
        let ff = |doing: &'static str| {
            let path = path_buf.clone();
            move |source: ffmpeg::Error| EncodeError::Ffmpeg { path, doing, source }
        };
        let v = &settings.video;
        let a = &settings.audio;
        let channel_layout = match a.channels {
            1 => ChannelLayout::MONO,
            2 => ChannelLayout::STEREO,
            n => return Err(EncodeError::Settings { path: path_buf, what: format!("{n} audio channels") }),
        };
        if v.fps == 0 || !v.width_px.is_multiple_of(2) || !v.height_px.is_multiple_of(2) {
            return Err(EncodeError::Settings {
                path: path_buf,
                what: format!("{}x{} at {} fps (sizes must be even, fps non-zero)", v.width_px, v.height_px, v.fps),
            });
        }

        let mut octx = ffmpeg::format::output_as(path, "mp4").map_err(ff("cannot create the MP4 file"))?;
        let global_header = octx.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);

        // Video: libx264, yuv420p, tagged as BT.601 matrix (swscale's default) on BT.709 primaries, limited range.
        let x264 = encoder::find_by_name("libx264")
            .ok_or_else(|| EncodeError::EncoderMissing { path: path_buf.clone(), name: "libx264" })?;
        let video_time_base = Rational::new(1, v.fps as i32);
        let video_index = {
            let mut ost = octx.add_stream(x264).map_err(ff("cannot add the video stream"))?;
            ost.set_time_base(video_time_base);
            ost.set_avg_frame_rate(Rational::new(v.fps as i32, 1));
            ost.index()
        };
        let mut venc = codec::context::Context::new_with_codec(x264)
            .encoder()
            .video()
            .map_err(ff("cannot make an H.264 encoder context"))?;
        venc.set_width(v.width_px);
        venc.set_height(v.height_px);
        venc.set_format(Pixel::YUV420P);
        venc.set_time_base(video_time_base);
        venc.set_frame_rate(Some(Rational::new(v.fps as i32, 1)));
        venc.set_gop(v.gop_frames);
        venc.set_max_b_frames(v.max_b_frames);
        venc.set_max_bit_rate(v.max_bitrate_bps as usize);
        venc.set_colorspace(color::Space::SMPTE170M);
        venc.set_color_primaries(color::Primaries::BT709);
        venc.set_color_transfer_characteristic(color::TransferCharacteristic::BT709);
        venc.set_color_range(color::Range::MPEG);
        // Closed GOPs: every keyframe is an IDR, so a reader that seeks to a keyframe decodes every frame after it
        // cleanly (libx264 otherwise defaults to open GOPs here, whose leading B-frames reference the previous GOP).
        let mut video_flags = codec::Flags::CLOSED_GOP;
        if global_header {
            video_flags |= codec::Flags::GLOBAL_HEADER;
        }
        venc.set_flags(video_flags);
        let mut x264_opts = Dictionary::new();
        x264_opts.set("preset", v.x264_preset);
        x264_opts.set("crf", &format!("{}", v.crf));
        x264_opts.set("threads", &v.threads.to_string());
        x264_opts.set("maxrate", &v.max_bitrate_bps.to_string());
        x264_opts.set("bufsize", &(v.max_bitrate_bps * 2).to_string());
        // Keep the GOP fixed: no extra keyframes on scene cuts, so seeking tests see a regular structure.
        x264_opts.set("sc_threshold", "0");
        let video = venc.open_with(x264_opts).map_err(ff("cannot open the libx264 encoder"))?;
        if let Some(mut ost) = octx.stream_mut(video_index) {
            ost.set_parameters(&video);
        }

        // Audio: FFmpeg's native AAC in whatever sample format it takes (planar float on 5.x), fed via swresample.
        let aac = encoder::find_by_name("aac")
            .ok_or_else(|| EncodeError::EncoderMissing { path: path_buf.clone(), name: "aac" })?;
        let aac_format = aac
            .audio()
            .ok()
            .and_then(|audio| audio.formats().and_then(|mut formats| formats.next()))
            .unwrap_or(Sample::F32(SampleType::Planar));
        let audio_time_base = Rational::new(1, a.sample_rate_hz as i32);
        let audio_index = {
            let mut ost = octx.add_stream(aac).map_err(ff("cannot add the audio stream"))?;
            ost.set_time_base(audio_time_base);
            ost.index()
        };
        let mut aenc = codec::context::Context::new_with_codec(aac)
            .encoder()
            .audio()
            .map_err(ff("cannot make an AAC encoder context"))?;
        aenc.set_rate(a.sample_rate_hz as i32);
        aenc.set_channel_layout(channel_layout);
        aenc.set_format(aac_format);
        aenc.set_bit_rate(a.bitrate_bps);
        aenc.set_time_base(audio_time_base);
        if global_header {
            aenc.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let audio = aenc.open_with(Dictionary::new()).map_err(ff("cannot open the AAC encoder"))?;
        if let Some(mut ost) = octx.stream_mut(audio_index) {
            ost.set_parameters(&audio);
        }
        let audio_frame_samples = match audio.frame_size() {
            0 => 1024,
            n => n as usize,
        };

        let mut tags = Dictionary::new();
        tags.set("creation_time", &settings.creation_time);
        for (key, value) in &settings.metadata {
            tags.set(key, value);
        }
        octx.set_metadata(tags);
        let mut header_opts = Dictionary::new();
        header_opts.set("movflags", "+faststart");
        octx.write_header_with(header_opts).map_err(ff("cannot write the MP4 header"))?;
        // The muxer picks its own stream time bases while writing the header; read them back.
        let video_stream_time_base = octx.stream(video_index).map_or(video_time_base, |s| s.time_base());
        let audio_stream_time_base = octx.stream(audio_index).map_or(audio_time_base, |s| s.time_base());

        let scaler = scaling::Context::get(
            Pixel::RGBA,
            v.width_px,
            v.height_px,
            Pixel::YUV420P,
            v.width_px,
            v.height_px,
            scaling::Flags::BILINEAR | scaling::Flags::ACCURATE_RND | scaling::Flags::BITEXACT,
        )
        .map_err(ff("cannot set up RGBA to YUV conversion"))?;
        let resampler = resampling::Context::get(
            Sample::F32(SampleType::Packed),
            channel_layout,
            a.sample_rate_hz,
            aac_format,
            channel_layout,
            a.sample_rate_hz,
        )
        .map_err(ff("cannot set up audio conversion"))?;

        Ok(Self {
            path: path_buf,
            octx,
            video,
            audio,
            scaler,
            resampler,
            rgba: frame::Video::new(Pixel::RGBA, v.width_px, v.height_px),
            yuv: frame::Video::new(Pixel::YUV420P, v.width_px, v.height_px),
            video_index,
            audio_index,
            video_time_base,
            audio_time_base,
            video_stream_time_base,
            audio_stream_time_base,
            width_px: v.width_px,
            height_px: v.height_px,
            channels: a.channels,
            channel_layout,
            sample_rate_hz: a.sample_rate_hz,
            audio_frame_samples,
            frames_pushed: 0,
            samples_sent: 0,
            pending_audio: Vec::new(),
        })
    }

    fn ff(&self, doing: &'static str) -> impl Fn(ffmpeg::Error) -> EncodeError + '_ {
        move |source| EncodeError::Ffmpeg { path: self.path.clone(), doing, source }
    }

    /// Encodes the next video frame: `rgba` is `width × height × 4` bytes, rows top to bottom, no padding.
    pub fn push_video_frame(&mut self, rgba: &[u8]) -> Result<(), EncodeError> {
        let row_bytes = self.width_px as usize * 4;
        let expected = row_bytes * self.height_px as usize;
        if rgba.len() != expected {
            return Err(EncodeError::FrameSize {
                path: self.path.clone(),
                index: self.frames_pushed,
                got: rgba.len(),
                expected,
                width_px: self.width_px,
                height_px: self.height_px,
            });
        }
        let stride = self.rgba.stride(0);
        let plane = self.rgba.data_mut(0);
        for (row, src) in rgba.chunks_exact(row_bytes).enumerate() {
            plane[row * stride..row * stride + row_bytes].copy_from_slice(src);
        }
        if let Err(source) = self.scaler.run(&self.rgba, &mut self.yuv) {
            return Err(EncodeError::Ffmpeg {
                path: self.path.clone(),
                doing: "cannot convert a frame to YUV",
                source,
            });
        }
        self.yuv.set_pts(Some(self.frames_pushed as i64));
        if let Err(source) = self.video.send_frame(&self.yuv) {
            return Err(EncodeError::Ffmpeg { path: self.path.clone(), doing: "cannot encode a video frame", source });
        }
        self.frames_pushed += 1;
        self.drain_video()
    }

    /// Queues interleaved audio samples (any count); whole AAC frames are encoded as they fill.
    pub fn push_audio(&mut self, interleaved: &[f32]) -> Result<(), EncodeError> {
        let channels = usize::from(self.channels);
        if !interleaved.len().is_multiple_of(channels) {
            return Err(EncodeError::AudioLayout {
                path: self.path.clone(),
                got: interleaved.len(),
                channels: self.channels,
            });
        }
        self.pending_audio.extend_from_slice(interleaved);
        let chunk = self.audio_frame_samples * channels;
        while self.pending_audio.len() >= chunk {
            let rest = self.pending_audio.split_off(chunk);
            let block = std::mem::replace(&mut self.pending_audio, rest);
            self.encode_audio_block(&block)?;
        }
        Ok(())
    }

    fn encode_audio_block(&mut self, interleaved: &[f32]) -> Result<(), EncodeError> {
        let samples = interleaved.len() / usize::from(self.channels);
        if samples == 0 {
            return Ok(());
        }
        let mut input = frame::Audio::new(Sample::F32(SampleType::Packed), samples, self.channel_layout);
        input.set_rate(self.sample_rate_hz);
        {
            let bytes = input.data_mut(0);
            for (dst, v) in bytes.chunks_exact_mut(4).zip(interleaved) {
                dst.copy_from_slice(&v.to_ne_bytes());
            }
        }
        let mut output = frame::Audio::new(self.resampler.output().format, samples, self.channel_layout);
        output.set_rate(self.sample_rate_hz);
        self.resampler.run(&input, &mut output).map_err(self.ff("cannot convert audio samples"))?;
        output.set_pts(Some(self.samples_sent));
        self.samples_sent += output.samples() as i64;
        self.audio.send_frame(&output).map_err(self.ff("cannot encode audio"))?;
        self.drain_audio()
    }

    fn drain_video(&mut self) -> Result<(), EncodeError> {
        let mut packet = Packet::empty();
        while self.video.receive_packet(&mut packet).is_ok() {
            packet.set_stream(self.video_index);
            packet.rescale_ts(self.video_time_base, self.video_stream_time_base);
            packet.write_interleaved(&mut self.octx).map_err(|source| EncodeError::Ffmpeg {
                path: self.path.clone(),
                doing: "cannot write a video packet",
                source,
            })?;
        }
        Ok(())
    }

    fn drain_audio(&mut self) -> Result<(), EncodeError> {
        let mut packet = Packet::empty();
        while self.audio.receive_packet(&mut packet).is_ok() {
            packet.set_stream(self.audio_index);
            packet.rescale_ts(self.audio_time_base, self.audio_stream_time_base);
            packet.write_interleaved(&mut self.octx).map_err(|source| EncodeError::Ffmpeg {
                path: self.path.clone(),
                doing: "cannot write an audio packet",
                source,
            })?;
        }
        Ok(())
    }

    /// Flushes both encoders, writes the trailer (and, with `+faststart`, moves the index to the front).
    pub fn finish(mut self) -> Result<EncodeSummary, EncodeError> {
        let tail = std::mem::take(&mut self.pending_audio);
        self.encode_audio_block(&tail)?;
        self.video.send_eof().map_err(self.ff("cannot flush the video encoder"))?;
        self.drain_video()?;
        self.audio.send_eof().map_err(self.ff("cannot flush the audio encoder"))?;
        self.drain_audio()?;
        self.octx.write_trailer().map_err(self.ff("cannot finish the MP4 file"))?;
        Ok(EncodeSummary { video_frames: self.frames_pushed, audio_samples_per_channel: self.samples_sent })
    }
}
