//! The public entry: render every frame of a camera (the body camera, or the bystander's phone), synthesise its
//! audio, hand both to the MP4 writer and write the ground truth beside the video. Files are written under
//! temporary names and renamed into place when complete.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use super::audio::{self, Soundtrack};
use super::canvas::Canvas;
use super::phone::{
    self, PhoneRenderer, PHONE_CREATION_TIME, PHONE_FRAME_COUNT, PHONE_HEIGHT_PX, PHONE_TRUTH_FILE_NAME,
    PHONE_VIDEO_FILE_NAME, PHONE_WIDTH_PX,
};
use super::truth::GroundTruth;
use super::{
    osd, Renderer, SampleError, FPS, FULL_FRAME_COUNT, HEIGHT_PX, SYNTHETIC_LABEL, TRUTH_FILE_NAME, VIDEO_FILE_NAME,
    WIDTH_PX,
};
use crate::media::encode::{AudioSettings, Mp4Settings, Mp4Writer, VideoSettings};

/// How much of the script to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleOptions {
    /// Frames to render from the start of the script (at most [`FULL_FRAME_COUNT`]); tests use a few seconds.
    pub frame_count: u32,
    /// Print progress lines to stderr.
    pub progress: bool,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self { frame_count: FULL_FRAME_COUNT, progress: true }
    }
}

impl SampleOptions {
    /// The first `duration_secs` whole seconds of the script.
    pub fn first_secs(duration_secs: u32) -> Self {
        Self { frame_count: (duration_secs * FPS).min(FULL_FRAME_COUNT), ..Self::default() }
    }
}

/// What [`generate_sample`] wrote.
#[derive(Clone, Debug)]
pub struct GeneratedSample {
    pub video_path: PathBuf,
    pub truth_path: PathBuf,
    pub frame_count: u32,
    pub duration_secs: f64,
    pub video_size_bytes: u64,
    pub truth: GroundTruth,
}

/// Writes the full 60 s `bodycam_sample.mp4` and `bodycam_sample.truth.json` into `out_dir` (created if missing).
pub fn generate_sample(out_dir: &Path) -> anyhow::Result<GeneratedSample> {
    generate_sample_with(out_dir, &SampleOptions::default())
}

/// Like [`generate_sample`], for the first `options.frame_count` frames of the script.
pub fn generate_sample_with(out_dir: &Path, options: &SampleOptions) -> anyhow::Result<GeneratedSample> {
    anyhow::ensure!(
        (1..=FULL_FRAME_COUNT).contains(&options.frame_count),
        "frame_count must be 1 to {FULL_FRAME_COUNT}, got {}",
        options.frame_count
    );
    let renderer = Renderer::new()?;
    let frame_count = options.frame_count;
    let camera = CameraFile {
        video_name: VIDEO_FILE_NAME,
        truth_name: TRUTH_FILE_NAME,
        width_px: WIDTH_PX,
        height_px: HEIGHT_PX,
        creation_time: osd::CREATION_TIME_UTC,
        title: "ClaimFrame bundled sample (synthetic)",
        soundtrack: audio::synthesise(renderer.script(), frame_count),
        truth: GroundTruth::for_script(renderer.script(), frame_count, VIDEO_FILE_NAME),
    };
    write_camera(out_dir, &camera, &|frame| renderer.render_frame(frame), options.progress)
}

/// Writes the phone's `phone_sample.mp4` and `phone_sample.truth.json` into `out_dir`, for its first
/// `options.frame_count` frames (at most [`PHONE_FRAME_COUNT`]: the phone records less than the body camera).
pub fn generate_phone_with(out_dir: &Path, options: &SampleOptions) -> anyhow::Result<GeneratedSample> {
    anyhow::ensure!(options.frame_count >= 1, "frame_count must be at least 1");
    let renderer = PhoneRenderer::new()?;
    let frame_count = options.frame_count.min(PHONE_FRAME_COUNT);
    let clock = renderer.clock();
    let camera = CameraFile {
        video_name: PHONE_VIDEO_FILE_NAME,
        truth_name: PHONE_TRUTH_FILE_NAME,
        width_px: PHONE_WIDTH_PX,
        height_px: PHONE_HEIGHT_PX,
        creation_time: PHONE_CREATION_TIME,
        title: "ClaimFrame bundled sample, second camera (synthetic)",
        soundtrack: phone::sound::synthesise(renderer.script(), &clock, frame_count),
        truth: phone::truth::for_phone(renderer.script(), &clock, frame_count),
    };
    write_camera(out_dir, &camera, &|frame| renderer.render_frame(frame), options.progress)
}

/// One camera's file: its names, picture size, container tags, sound and truth.
struct CameraFile {
    video_name: &'static str,
    truth_name: &'static str,
    width_px: u32,
    height_px: u32,
    creation_time: &'static str,
    title: &'static str,
    soundtrack: Soundtrack,
    truth: GroundTruth,
}

type RenderFrame<'a> = dyn Fn(u32) -> Result<Canvas, SampleError> + 'a;

/// Encodes `camera` (its truth's frame count of frames from `render`) and writes its truth beside it, both under
/// temporary names renamed into place when complete.
fn write_camera(
    out_dir: &Path,
    camera: &CameraFile,
    render: &RenderFrame<'_>,
    progress: bool,
) -> anyhow::Result<GeneratedSample> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let video_path = out_dir.join(camera.video_name);
    let truth_path = out_dir.join(camera.truth_name);
    let video_tmp = out_dir.join(format!(".{}.partial", camera.video_name));
    let truth_tmp = out_dir.join(format!(".{}.partial", camera.truth_name));
    let frame_count = camera.truth.frame_count;

    let started = Instant::now();
    let result = encode(camera, render, &video_tmp, progress);
    if let Err(err) = result {
        // Best effort: a half-written file must not be mistaken for a sample; the encode error is what matters.
        let _ = std::fs::remove_file(&video_tmp);
        return Err(err);
    }
    let json = serde_json::to_string_pretty(&camera.truth).context("cannot serialise the ground truth")?;
    std::fs::write(&truth_tmp, json + "\n").with_context(|| format!("cannot write {}", truth_tmp.display()))?;
    std::fs::rename(&video_tmp, &video_path)
        .with_context(|| format!("cannot move {} to {}", video_tmp.display(), video_path.display()))?;
    std::fs::rename(&truth_tmp, &truth_path)
        .with_context(|| format!("cannot move {} to {}", truth_tmp.display(), truth_path.display()))?;

    let video_size_bytes = std::fs::metadata(&video_path)
        .with_context(|| format!("cannot read the size of {}", video_path.display()))?
        .len();
    if progress {
        eprintln!(
            "sample: wrote {} ({:.2} MB, {frame_count} frames) and {} in {:.1} s",
            video_path.display(),
            video_size_bytes as f64 / 1e6,
            truth_path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(GeneratedSample {
        video_path,
        truth_path,
        frame_count,
        duration_secs: f64::from(frame_count) / f64::from(FPS),
        video_size_bytes,
        truth: camera.truth.clone(),
    })
}

fn encode(camera: &CameraFile, render: &RenderFrame<'_>, path: &Path, progress: bool) -> anyhow::Result<()> {
    let soundtrack = &camera.soundtrack;
    let frame_count = camera.truth.frame_count;
    let settings = Mp4Settings {
        video: VideoSettings {
            width_px: camera.width_px,
            height_px: camera.height_px,
            fps: FPS,
            ..VideoSettings::default()
        },
        audio: AudioSettings {
            sample_rate_hz: soundtrack.sample_rate_hz,
            channels: soundtrack.channels,
            ..AudioSettings::default()
        },
        creation_time: camera.creation_time.to_owned(),
        metadata: vec![
            ("title".to_owned(), camera.title.to_owned()),
            (
                "comment".to_owned(),
                format!(
                    "{SYNTHETIC_LABEL}. Generated by ClaimFrame from a script; every person, vehicle, agency and \
                         camera shown is fictional."
                ),
            ),
        ],
    };
    let mut writer = Mp4Writer::create(path, &settings)?;
    let report_every = (FPS * 5).max(1);
    for frame in 0..frame_count {
        let canvas = render(frame)?;
        writer.push_video_frame(canvas.rgba())?;
        writer.push_audio(soundtrack.for_video_frame(frame))?;
        if progress && ((frame + 1) % report_every == 0 || frame + 1 == frame_count) {
            eprintln!(
                "sample: {} frame {}/{frame_count} ({}%)",
                camera.video_name,
                frame + 1,
                (frame + 1) * 100 / frame_count
            );
        }
    }
    let summary = writer.finish()?;
    anyhow::ensure!(
        summary.video_frames == u64::from(frame_count),
        "{}: wrote {} video frames, expected {frame_count}",
        path.display(),
        summary.video_frames
    );
    Ok(())
}
