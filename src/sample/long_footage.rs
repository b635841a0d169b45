//! A long, small, plain clip for benchmarks that need hours of frames rather than a realistic picture: a moving
//! bar and a frame counter bar over a grey field, with a quiet tone, at 320×180 and 30 fps. Written once and reused.

use std::path::Path;

use anyhow::Context;

use crate::media::encode::{AudioSettings, Mp4Settings, Mp4Writer, VideoSettings};

pub const LONG_WIDTH_PX: u32 = 320;
pub const LONG_HEIGHT_PX: u32 = 180;
pub const LONG_FPS: u32 = 30;

/// Writes `minutes` of plain footage to `path` (through a temp file), unless a file is already there.
pub fn ensure_long_footage(path: &Path, minutes: u32) -> anyhow::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let frames = minutes * 60 * LONG_FPS;
    let partial = path.with_extension("partial.mp4");
    let settings = Mp4Settings {
        video: VideoSettings {
            width_px: LONG_WIDTH_PX,
            height_px: LONG_HEIGHT_PX,
            fps: LONG_FPS,
            gop_frames: 150,
            max_b_frames: 2,
            crf: 30.0,
            max_bitrate_bps: 200_000,
            x264_preset: "ultrafast",
            threads: 0,
        },
        audio: AudioSettings { sample_rate_hz: 16_000, channels: 1, bitrate_bps: 32_000 },
        creation_time: "2031-04-17T21:02:00.000000Z".into(),
        metadata: vec![("comment".into(), "ClaimFrame benchmark footage (synthetic)".into())],
    };
    let mut writer =
        Mp4Writer::create(&partial, &settings).with_context(|| format!("cannot create {}", partial.display()))?;
    let (w, h) = (LONG_WIDTH_PX as usize, LONG_HEIGHT_PX as usize);
    let mut rgba = vec![0u8; w * h * 4];
    let samples_per_frame = (16_000 / LONG_FPS) as usize;
    let mut tone = vec![0f32; samples_per_frame];
    for frame in 0..frames {
        let bar_x = (frame as usize * 3) % w;
        let counter_px = (frame as usize * w) / frames.max(1) as usize;
        for y in 0..h {
            for x in 0..w {
                let grey = if (bar_x..bar_x + 12).contains(&x) {
                    230
                } else if y > h - 8 && x <= counter_px {
                    40
                } else {
                    120
                };
                let at = (y * w + x) * 4;
                rgba[at..at + 4].copy_from_slice(&[grey, grey, grey, 255]);
            }
        }
        writer.push_video_frame(&rgba)?;
        for (i, s) in tone.iter_mut().enumerate() {
            let t = (frame as usize * samples_per_frame + i) as f32 / 16_000.0;
            *s = 0.05 * (t * 440.0 * std::f32::consts::TAU).sin() * if (frame / 15) % 2 == 0 { 1.0 } else { 0.2 };
        }
        writer.push_audio(&tone)?;
    }
    writer.finish()?;
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move {} to {}", partial.display(), path.display()))?;
    Ok(())
}
