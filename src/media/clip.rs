//! Lossless clips by stream copy: the packets of whole GOPs, from the keyframe at or before the first requested
//! frame up to (not including) the first keyframe after the last, with the audio of the same span. Nothing is
//! decoded or re-encoded, so the clip starts on a keyframe; the result says which frames it really holds.

use std::path::Path;

use ffmpeg_next as ff;

use super::error::{MediaError, MediaResult};
use super::index::{packet_is_seek_point, FrameIndex};
use super::source::open_input;

/// What a stream-copied clip holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedClip {
    /// First frame of the source the clip shows (the keyframe at or before the requested first frame).
    pub first_frame: usize,
    /// Last frame of the source the clip shows (just before the next keyframe after the requested last frame).
    pub last_frame: usize,
    pub video_packets: usize,
    pub audio_packets: usize,
}

/// Copies the GOPs covering frames `first..=last` of `input` (numbered by `index`) into `output` (MP4).
pub fn stream_copy_clip(
    input: &Path,
    index: &FrameIndex,
    first: usize,
    last: usize,
    output: &Path,
) -> MediaResult<CopiedClip> {
    let count = index.len();
    if first > last || last >= count {
        return Err(MediaError::FrameOutOfRange {
            path: input.to_path_buf(),
            requested: last.max(first) as u64,
            count: count as u64,
        });
    }
    let no_seek =
        || MediaError::Ffmpeg { path: input.to_path_buf(), what: "no keyframe at or before the first frame".into() };
    let start_sp = index.seek_point_for(first).and_then(|i| index.seek_points.get(i)).ok_or_else(no_seek)?.clone();
    let end_sp = index.seek_points.iter().find(|s| s.frame > last).cloned();
    let last_frame = end_sp.as_ref().map_or(count - 1, |s| s.frame.saturating_sub(1));
    let video_index = index.stream_index;

    let mut ictx = open_input(input)?;
    let mut octx = ff::format::output(output).map_err(|e| MediaError::ffmpeg(output, "cannot create the clip", e))?;
    // Input stream index → (output stream index, input time base).
    let mut mapping: Vec<Option<(usize, ff::Rational)>> = vec![None; ictx.nb_streams() as usize];
    let mut audio_index = None;
    for stream in ictx.streams() {
        let medium = stream.parameters().medium();
        let wanted = stream.index() == video_index || (medium == ff::media::Type::Audio && audio_index.is_none());
        if !wanted {
            continue;
        }
        if medium == ff::media::Type::Audio {
            audio_index = Some(stream.index());
        }
        let mut out = octx
            .add_stream(ff::encoder::find(ff::codec::Id::None))
            .map_err(|e| MediaError::ffmpeg(output, "cannot add a stream", e))?;
        out.set_parameters(stream.parameters());
        // Let the MP4 muxer choose its own tag for the codec.
        // SAFETY: `out` owns valid codec parameters (just set above); codec_tag is a plain integer field.
        unsafe {
            (*out.parameters().as_mut_ptr()).codec_tag = 0;
        }
        if let Some(slot) = mapping.get_mut(stream.index()) {
            *slot = Some((out.index(), stream.time_base()));
        }
    }
    octx.write_header().map_err(|e| MediaError::ffmpeg(output, "cannot write the clip header", e))?;

    let tb_secs = |tb: ff::Rational| f64::from(tb.numerator()) / f64::from(tb.denominator().max(1));
    let video_tb = tb_secs(index.time_base());
    let pts_secs = |frame: usize| index.frames.get(frame).and_then(|f| f.pts).map(|p| p as f64 * video_tb);
    // Everything shifts by the keyframe's decode time, so the clip's first packet is at 0 and A/V sync is kept.
    let offset_secs = start_sp.dts.or(start_sp.pts).map_or(0.0, |t| t as f64 * video_tb);
    let start_secs = pts_secs(start_sp.frame).unwrap_or(offset_secs);
    let end_secs = end_sp.as_ref().and_then(|sp| pts_secs(sp.frame)).unwrap_or(f64::INFINITY);
    let mut started = false;
    let mut video_done = false;
    let (mut video_packets, mut audio_packets) = (0, 0);
    for (stream, mut packet) in ictx.packets() {
        let Some(Some((out_index, in_tb))) = mapping.get(stream.index()).copied() else { continue };
        if stream.index() == video_index {
            if video_done {
                continue;
            }
            if !started {
                if !packet_is_seek_point(&packet, &start_sp) {
                    continue;
                }
                started = true;
            }
            if end_sp.as_ref().is_some_and(|sp| packet_is_seek_point(&packet, sp)) {
                video_done = true;
                if audio_index.is_none() {
                    break;
                }
                continue;
            }
            video_packets += 1;
        } else {
            let at = packet.pts().or(packet.dts()).unwrap_or(0) as f64 * tb_secs(in_tb);
            if at >= end_secs {
                if video_done {
                    break;
                }
                continue;
            }
            if at < start_secs {
                continue;
            }
            audio_packets += 1;
        }
        write_shifted(&mut octx, &mut packet, out_index, in_tb, offset_secs, output)?;
    }
    if !started {
        return Err(MediaError::Ffmpeg {
            path: input.to_path_buf(),
            what: "the keyframe packet the index names was not found".into(),
        });
    }
    octx.write_trailer().map_err(|e| MediaError::ffmpeg(output, "cannot finish the clip", e))?;
    Ok(CopiedClip { first_frame: start_sp.frame, last_frame, video_packets, audio_packets })
}

fn write_shifted(
    octx: &mut ff::format::context::Output,
    packet: &mut ff::Packet,
    out_index: usize,
    in_tb: ff::Rational,
    offset_secs: f64,
    output: &Path,
) -> MediaResult<()> {
    let shift = (offset_secs * f64::from(in_tb.denominator()) / f64::from(in_tb.numerator().max(1))).round() as i64;
    packet.set_pts(packet.pts().map(|t| t - shift));
    packet.set_dts(packet.dts().map(|t| t - shift));
    let out_tb = octx.stream(out_index).map(|s| s.time_base()).unwrap_or(in_tb);
    packet.rescale_ts(in_tb, out_tb);
    packet.set_position(-1);
    packet.set_stream(out_index);
    packet.write_interleaved(octx).map_err(|e| MediaError::ffmpeg(output, "cannot write a packet", e))
}

/// What a re-encoded clip holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReencodedClip {
    pub frames: usize,
    pub fps: u32,
    pub crf_x10: u32,
}

/// Re-encodes exactly the frames `first..=last` (displayed, single-threaded reproducible decode) to H.264 at `fps`,
/// letting `overlay` draw on each frame first (burned-in label/timecode). No audio is encoded.
pub fn reencode_clip(
    input: &Path,
    first: usize,
    last: usize,
    fps: u32,
    output: &Path,
    mut overlay: impl FnMut(usize, &mut super::convert::RgbaImage) -> Result<(), String>,
) -> MediaResult<ReencodedClip> {
    use super::encode::{AudioSettings, Mp4Settings, Mp4Writer, VideoSettings};
    let mut video = super::video::VideoFile::open(input, super::Threading::Reproducible)?;
    let count = video.frame_count();
    if first > last || last >= count {
        return Err(MediaError::FrameOutOfRange {
            path: input.to_path_buf(),
            requested: last.max(first) as u64,
            count: count as u64,
        });
    }
    let sample = video.display_rgba(first)?;
    if sample.width % 2 != 0 || sample.height % 2 != 0 {
        return Err(MediaError::Ffmpeg {
            path: input.to_path_buf(),
            what: format!(
                "{}x{} frames cannot be re-encoded as yuv420p (odd size); use a stream copy",
                sample.width, sample.height
            ),
        });
    }
    let crf = 18.0;
    let settings = Mp4Settings {
        video: VideoSettings {
            width_px: sample.width,
            height_px: sample.height,
            fps: fps.max(1),
            gop_frames: fps.max(1),
            max_b_frames: 0,
            crf,
            max_bitrate_bps: 40_000_000,
            x264_preset: "veryfast",
            threads: 1,
        },
        audio: AudioSettings::default(),
        creation_time: "1970-01-01T00:00:00.000000Z".to_owned(),
        metadata: vec![(
            "comment".to_owned(),
            "ClaimFrame re-encoded clip (frame-exact; not the original encoding)".to_owned(),
        )],
    };
    let fail = |e: super::encode::EncodeError| MediaError::Ffmpeg { path: output.to_path_buf(), what: e.to_string() };
    let mut writer = Mp4Writer::create(output, &settings).map_err(fail)?;
    for n in first..=last {
        let mut img = video.display_rgba(n)?;
        overlay(n, &mut img).map_err(|what| MediaError::Ffmpeg { path: output.to_path_buf(), what })?;
        writer.push_video_frame(&img.pixels).map_err(fail)?;
    }
    let summary = writer.finish().map_err(fail)?;
    Ok(ReencodedClip { frames: summary.video_frames as usize, fps: fps.max(1), crf_x10: (crf * 10.0) as u32 })
}
