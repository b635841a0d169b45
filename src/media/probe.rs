//! Probing: what a file is (container, duration, streams, codecs, sizes, time bases), how its video is timed
//! (declared r_frame_rate against the rate measured from the frame index, VFR), how it should be displayed (the
//! display matrix's rotation) and what it says about itself (creation time, camera make and model).

use std::ffi::CStr;
use std::path::Path;

use ffmpeg_next as ff;
use serde::Serialize;

use super::convert::Orientation;
use super::error::MediaResult;
use super::index::FrameIndex;
use super::source::Source;
use super::timing;

#[derive(Clone, Debug, Serialize)]
pub struct StreamInfo {
    pub index: usize,
    pub kind: String,
    pub codec: String,
    pub time_base: String,
    pub duration_secs: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub pixel_format: Option<String>,
    pub sample_aspect_ratio: Option<String>,
    pub r_frame_rate: Option<String>,
    pub avg_frame_rate: Option<String>,
    pub sample_rate: Option<u32>,
    pub channels: Option<u32>,
}

/// The video stream's timing, measured from the frame index.
#[derive(Clone, Debug, Serialize)]
pub struct VideoTiming {
    pub stream_index: usize,
    pub frame_count: usize,
    pub declared_fps: Option<f64>,
    pub declared_fps_rational: String,
    pub measured_fps: Option<f64>,
    pub variable_frame_rate: bool,
    pub first_pts: Option<i64>,
    pub time_base_num: i32,
    pub time_base_den: i32,
    pub orientation: Orientation,
    pub rotation_cw_deg: u16,
    pub mirrored: bool,
    pub index_method: String,
    /// Set when the container declares more than can be decoded (a truncated file, a damaged tail).
    pub ends_early: Option<timing::EndsEarly>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProbeInfo {
    pub path: String,
    pub size_bytes: u64,
    pub container: String,
    pub container_long_name: String,
    pub duration_secs: Option<f64>,
    pub start_time_secs: Option<f64>,
    pub bit_rate: Option<i64>,
    pub streams: Vec<StreamInfo>,
    pub video: VideoTiming,
    pub creation_time: Option<String>,
    /// The first value of a timecode track (`HH:MM:SS:FF`), verbatim, if the file has one.
    pub timecode: Option<String>,
    pub camera_make: Option<String>,
    pub camera_model: Option<String>,
    pub tags: Vec<(String, String)>,
}

fn rational_str(r: ff::Rational) -> String {
    format!("{}/{}", r.numerator(), r.denominator())
}

fn opt_rational(r: ff::Rational) -> Option<String> {
    (r.numerator() != 0 && r.denominator() != 0).then(|| rational_str(r))
}

fn av_time_secs(t: i64) -> Option<f64> {
    (t != ff::ffi::AV_NOPTS_VALUE).then(|| t as f64 / f64::from(ff::ffi::AV_TIME_BASE))
}

/// The display orientation of a stream, from its display-matrix side data.
pub fn stream_orientation(stream: &ff::format::stream::Stream) -> Orientation {
    for sd in stream.side_data() {
        if sd.kind() == ff::codec::packet::side_data::Type::DisplayMatrix && sd.data().len() >= 36 {
            let mut m = [0i32; 9];
            for (i, chunk) in sd.data().chunks_exact(4).take(9).enumerate() {
                m[i] = i32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            }
            return Orientation::from_display_matrix(&m);
        }
    }
    Orientation::Identity
}

/// Probes `path`, using `index` (already built) for frame counts and measured timing.
pub fn probe(path: &Path, index: &FrameIndex) -> MediaResult<ProbeInfo> {
    let source = Source::open(path)?;
    let input = &source.input;
    let size_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // SAFETY: plain field reads on a valid, opened AVFormatContext.
    let (start_time, duration) = unsafe { ((*input.as_ptr()).start_time, (*input.as_ptr()).duration) };
    let mut tags: Vec<(String, String)> =
        input.metadata().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut streams = Vec::new();
    let mut video = None;
    for st in input.streams() {
        let par = st.parameters();
        // SAFETY: plain field reads on valid codec parameters; avcodec_get_name / av_get_pix_fmt_name return static
        // strings (or null for the latter).
        let (w, h, fmt, sr, ch, sar) = unsafe {
            let p = par.as_ptr();
            (
                (*p).width,
                (*p).height,
                (*p).format,
                (*p).sample_rate,
                (*p).ch_layout.nb_channels,
                (*p).sample_aspect_ratio,
            )
        };
        let codec =
            unsafe { CStr::from_ptr(ff::ffi::avcodec_get_name(par.id().into())) }.to_string_lossy().into_owned();
        let kind = format!("{:?}", par.medium()).to_lowercase();
        let is_video = par.medium() == ff::media::Type::Video;
        let pixel_format = if is_video && fmt >= 0 {
            // SAFETY: `fmt` is a pixel format number FFmpeg itself wrote; the name function returns null if unknown.
            let name = unsafe { ff::ffi::av_get_pix_fmt_name(std::mem::transmute::<i32, ff::ffi::AVPixelFormat>(fmt)) };
            (!name.is_null()).then(|| unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned())
        } else {
            None
        };
        let dur = st.duration();
        streams.push(StreamInfo {
            index: st.index(),
            kind,
            codec,
            time_base: rational_str(st.time_base()),
            duration_secs: (dur != ff::ffi::AV_NOPTS_VALUE).then(|| super::ticks_to_secs(dur, st.time_base())),
            width: is_video.then_some(w as u32),
            height: is_video.then_some(h as u32),
            pixel_format,
            sample_aspect_ratio: if is_video { opt_rational(ff::Rational::new(sar.num, sar.den)) } else { None },
            r_frame_rate: if is_video { opt_rational(st.rate()) } else { None },
            avg_frame_rate: if is_video { opt_rational(st.avg_frame_rate()) } else { None },
            sample_rate: (par.medium() == ff::media::Type::Audio).then_some(sr as u32),
            channels: (par.medium() == ff::media::Type::Audio).then_some(ch as u32),
        });
        for (k, v) in st.metadata().iter() {
            tags.push((format!("stream{}:{k}", st.index()), v.to_string()));
        }
        if st.index() == source.video_index {
            let declared = st.rate();
            let declared_fps = (declared.denominator() != 0 && declared.numerator() > 0).then(|| f64::from(declared));
            let pts: Vec<Option<i64>> = index.frames.iter().map(|f| f.pts).collect();
            let tick = super::ticks_to_secs(1, index.time_base());
            let t = timing::analyse(&pts, tick, declared_fps, None);
            let orientation = stream_orientation(&st);
            let readable_secs = match (pts.iter().flatten().min(), pts.iter().flatten().max()) {
                (Some(&a), Some(&b)) => (b - a) as f64 * tick + t.median_interval_secs,
                _ => 0.0,
            };
            // A duration of 2^32-1 or 2^31-1 ticks is a muxer's "unknown" (fragmented MP4), not a declaration.
            let sentinel = |d: i64| d == i64::from(u32::MAX) || d == i64::from(i32::MAX);
            let declared_secs = if dur == ff::ffi::AV_NOPTS_VALUE || dur <= 0 {
                av_time_secs(duration)
            } else if sentinel(dur) {
                None
            } else {
                Some(super::ticks_to_secs(dur, st.time_base()))
            };
            let declared_samples = u64::try_from(st.frames()).ok().filter(|&n| n > 0);
            let ends_early =
                timing::ends_early(index.len(), readable_secs, declared_secs, declared_samples, declared_fps);
            video = Some(VideoTiming {
                ends_early,
                stream_index: st.index(),
                frame_count: index.len(),
                declared_fps,
                declared_fps_rational: rational_str(declared),
                measured_fps: t.measured_fps,
                variable_frame_rate: t.variable_frame_rate,
                first_pts: index.frames.first().and_then(|f| f.pts),
                time_base_num: index.time_base_num,
                time_base_den: index.time_base_den,
                orientation,
                rotation_cw_deg: orientation.rotation_cw_deg(),
                mirrored: orientation.is_mirrored(),
                index_method: format!("{:?}", index.method).to_lowercase(),
            });
        }
    }
    let find = |keys: &[&str]| {
        tags.iter()
            .find(|(k, _)| {
                keys.iter().any(|want| k.rsplit(':').next().is_some_and(|base| base.eq_ignore_ascii_case(want)))
            })
            .map(|(_, v)| v.clone())
    };
    let creation_time = find(&["creation_time", "com.apple.quicktime.creationdate", "date"]);
    // A timecode track (tmcd) shows as a `timecode` tag on the video stream, or on the container.
    let timecode = find(&["timecode"]);
    let camera_make = find(&["com.apple.quicktime.make", "make", "com.android.manufacturer", "manufacturer"]);
    let camera_model = find(&["com.apple.quicktime.model", "model", "com.android.model"]);
    let Some(video) = video else {
        return Err(super::MediaError::NoVideo { path: path.to_path_buf() });
    };
    Ok(ProbeInfo {
        path: path.display().to_string(),
        size_bytes,
        container: input.format().name().to_string(),
        container_long_name: input.format().description().to_string(),
        duration_secs: av_time_secs(duration),
        start_time_secs: av_time_secs(start_time),
        bit_rate: (input.bit_rate() > 0).then(|| input.bit_rate()),
        streams,
        video,
        creation_time,
        timecode,
        camera_make,
        camera_model,
        tags,
    })
}
