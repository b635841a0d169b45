//! The public entry: render every frame, synthesise the audio, hand both to the MP4 writer and write the ground
//! truth beside the video. Files are written under temporary names and renamed into place when complete.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use super::audio::{self, Soundtrack};
use super::truth::GroundTruth;
use super::{
    osd, Renderer, FPS, FULL_FRAME_COUNT, HEIGHT_PX, SYNTHETIC_LABEL, TRUTH_FILE_NAME, VIDEO_FILE_NAME, WIDTH_PX,
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
    std::fs::create_dir_all(out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let video_path = out_dir.join(VIDEO_FILE_NAME);
    let truth_path = out_dir.join(TRUTH_FILE_NAME);
    let video_tmp = out_dir.join(format!(".{VIDEO_FILE_NAME}.partial"));
    let truth_tmp = out_dir.join(format!(".{TRUTH_FILE_NAME}.partial"));

    let started = Instant::now();
    let renderer = Renderer::new()?;
    let frame_count = options.frame_count;
    let soundtrack = audio::synthesise(renderer.script(), frame_count);
    let truth = GroundTruth::for_script(renderer.script(), frame_count, VIDEO_FILE_NAME);

    let result = encode(&renderer, &soundtrack, frame_count, &video_tmp, options.progress);
    if let Err(err) = result {
        // Best effort: a half-written file must not be mistaken for a sample; the encode error is what matters.
        let _ = std::fs::remove_file(&video_tmp);
        return Err(err);
    }
    let json = serde_json::to_string_pretty(&truth).context("cannot serialise the ground truth")?;
    std::fs::write(&truth_tmp, json + "\n").with_context(|| format!("cannot write {}", truth_tmp.display()))?;
    std::fs::rename(&video_tmp, &video_path)
        .with_context(|| format!("cannot move {} to {}", video_tmp.display(), video_path.display()))?;
    std::fs::rename(&truth_tmp, &truth_path)
        .with_context(|| format!("cannot move {} to {}", truth_tmp.display(), truth_path.display()))?;

    let video_size_bytes = std::fs::metadata(&video_path)
        .with_context(|| format!("cannot read the size of {}", video_path.display()))?
        .len();
    if options.progress {
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
        truth,
    })
}

fn encode(
    renderer: &Renderer,
    soundtrack: &Soundtrack,
    frame_count: u32,
    path: &Path,
    progress: bool,
) -> anyhow::Result<()> {
    let settings = Mp4Settings {
        video: VideoSettings { width_px: WIDTH_PX, height_px: HEIGHT_PX, fps: FPS, ..VideoSettings::default() },
        audio: AudioSettings {
            sample_rate_hz: soundtrack.sample_rate_hz,
            channels: soundtrack.channels,
            ..AudioSettings::default()
        },
        creation_time: format!("{}T21:02:00.000000Z", osd::START_DATE),
        metadata: vec![
            ("title".to_owned(), "ClaimFrame bundled sample (synthetic)".to_owned()),
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
        let canvas = renderer.render_frame(frame)?;
        writer.push_video_frame(canvas.rgba())?;
        writer.push_audio(soundtrack.for_video_frame(frame))?;
        if progress && ((frame + 1) % report_every == 0 || frame + 1 == frame_count) {
            eprintln!("sample: frame {}/{frame_count} ({}%)", frame + 1, (frame + 1) * 100 / frame_count);
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
