//! A long full-HD clip for the benchmarks that must feel a real file's weight (hashing and indexing every byte for
//! **New case…**): FFmpeg's moving test pattern with a tone, 1920×1080 at 30 fps, written once by the ffmpeg
//! command line through a temp file and reused from the cache folder after that.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};

pub const HD_WIDTH_PX: u32 = 1920;
pub const HD_HEIGHT_PX: u32 = 1080;
pub const HD_FPS: u32 = 30;

/// Writes `minutes` of 1080p footage to `path` with the ffmpeg CLI, unless a file is already there.
pub fn ensure_hd_footage(path: &Path, minutes: u32) -> anyhow::Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let partial = path.with_extension("partial.mp4");
    let secs = (minutes * 60).to_string();
    let video = format!("testsrc2=size={HD_WIDTH_PX}x{HD_HEIGHT_PX}:rate={HD_FPS}");
    let status = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            &video,
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000",
        ])
        .args(["-t", &secs, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", "-g", "60", "-pix_fmt", "yuv420p"])
        .args(["-c:a", "aac", "-b:a", "96k", "-shortest", "-f", "mp4"])
        .arg(&partial)
        .status()
        .context("cannot run ffmpeg (the 1080p benchmark footage is written with the ffmpeg command line)")?;
    if !status.success() {
        let _ = std::fs::remove_file(&partial);
        bail!("ffmpeg could not write {}: {status}", partial.display());
    }
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move {} to {}", partial.display(), path.display()))?;
    Ok(())
}
