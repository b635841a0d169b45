//! Two "cameras" recording one scene, written with the ffmpeg CLI for `claimframe bench sync` and the tests: the
//! scene's sound (pink noise swelling in irregular bursts, a warbling siren-like tone, sparse clicks) is heard by
//! camera A at 48 kHz with its own noise and gain, and by camera B at 44.1 kHz with other noise, gain and a
//! cheaper microphone's band, later by a known offset and on a clock running fast by a known drift. Each is an MP4
//! with AAC sound (priming samples and all) beside a small H.264 picture, as a camera writes it.
//!
//! Truth: the scene's sound at A's media time `t_a` is at B's media time `t_b = offset + (1 + drift)·t_a`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Bumped when what a fixture holds changes, so old files in the temp folder are not reused.
const FIXTURE_VERSION: u32 = 1;

/// The scene's rate: B's drift is made by relabelling the scene's rate (`asetrate`), a whole number of hertz.
const SCENE_RATE_HZ: u32 = 48_000;
const B_RATE_HZ: u32 = 44_100;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SyncFixtureSpec {
    /// How long the two recordings overlap; each runs this plus |offset| long.
    pub overlap_secs: f64,
    pub offset_ms: f64,
    pub drift_ppm: f64,
    /// B records another scene altogether (nothing shared).
    pub unrelated: bool,
}

/// The two files written and the truth they were made with (the offset and drift realised: B's delay is a whole
/// number of its samples and its clock a whole number of hertz).
#[derive(Clone, Debug, PartialEq)]
pub struct SyncFixture {
    pub a: PathBuf,
    pub b: PathBuf,
    pub offset_secs: f64,
    pub drift: f64,
}

impl SyncFixture {
    /// The true offset (ms) at A's media time `ref_a_secs`, in the form an `AudioSync` gives it.
    pub fn offset_ms_at(&self, ref_a_secs: f64) -> f64 {
        (self.offset_secs + self.drift * ref_a_secs) * 1000.0
    }

    pub fn drift_ppm(&self) -> f64 {
        self.drift * 1e6
    }
}

fn ffmpeg(args: &[String]) -> anyhow::Result<()> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-nostdin"])
        .args(args)
        .output()
        .context("running ffmpeg (is it installed?)")?;
    if !out.status.success() {
        bail!("ffmpeg {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Writes `output` by `make` (into a temporary name, renamed when done) unless it is already there.
fn once(output: &Path, make: impl FnOnce(&str) -> Vec<String>) -> anyhow::Result<()> {
    if output.exists() {
        return Ok(());
    }
    let partial =
        output.with_extension(format!("partial.{}", output.extension().and_then(|e| e.to_str()).unwrap_or("")));
    ffmpeg(&make(&partial.to_string_lossy()))?;
    std::fs::rename(&partial, output).with_context(|| format!("renaming {}", partial.display()))
}

/// The scene's sound, `secs` long, mono 32-bit float WAV.
fn scene(dir: &Path, seed: u32, secs: f64) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("sync-v{FIXTURE_VERSION}-scene{seed}-{secs:.0}s.wav"));
    let swell = "0.3+1.5*lt(mod(t*0.9+2*sin(0.3*t)\\,4.3)\\,0.4)";
    let tone =
        format!("0.4*sin(2*PI*(700*t+300*sin(0.37*t+{seed})/0.37))*lt(mod(t*1.37+3*sin(0.21*t+{seed})\\,6.1)\\,0.3)");
    let clicks = format!("0.8*lt(mod(t*2.3+2*sin(0.13*t+{seed})\\,3.7)\\,0.0015)");
    let graph = format!(
        "anoisesrc=color=pink:seed={seed}:sample_rate={SCENE_RATE_HZ}:amplitude=0.25,lowpass=f=5000,\
         volume='{swell}':eval=frame[noise];aevalsrc='{tone}+{clicks}':s={SCENE_RATE_HZ}[events];\
         [noise][events]amix=inputs=2"
    );
    once(&path, |out| {
        ["-filter_complex", &graph, "-t", &format!("{secs:.3}"), "-c:a", "pcm_f32le", out].map(String::from).to_vec()
    })?;
    Ok(path)
}

/// A camera file: a small picture and the sound `sound` (a filter chain on the scene, input 1) mixed with the
/// camera's own white noise, as AAC at `rate_hz`.
fn camera(scene: &Path, output: &Path, sound: &str, noise_seed: u32, rate_hz: u32, secs: f64) -> anyhow::Result<()> {
    let graph = format!(
        "[1:a]{sound}[s];anoisesrc=color=white:seed={noise_seed}:sample_rate={rate_hz}:amplitude=0.05[n];\
         [s][n]amix=inputs=2:duration=first,aformat=sample_rates={rate_hz}:channel_layouts=stereo[a]"
    );
    once(output, |out| {
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=160x90:rate=10",
            "-i",
            &scene.to_string_lossy(),
            "-filter_complex",
            &graph,
            "-map",
            "0:v",
            "-map",
            "[a]",
            "-t",
            &format!("{secs:.3}"),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "50",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-ar",
            &rate_hz.to_string(),
            out,
        ]
        .map(String::from)
        .to_vec()
    })
}

/// Writes (once: files already in `dir` are reused) the pair `spec` describes.
pub fn write_sync_fixture(dir: &Path, spec: SyncFixtureSpec) -> anyhow::Result<SyncFixture> {
    if !(spec.overlap_secs >= 5.0 && spec.offset_ms.is_finite() && spec.drift_ppm.abs() < 10_000.0) {
        bail!("the overlap must be at least 5 s, the offset a number and the drift within ±10000 ppm");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let offset_secs = spec.offset_ms / 1000.0;
    let secs = spec.overlap_secs + offset_secs.abs();
    // B's clock runs fast by the drift: the scene's samples relabelled at this rate last (1 + drift) as long.
    let relabelled_hz = (f64::from(SCENE_RATE_HZ) / (1.0 + spec.drift_ppm * 1e-6)).round() as u32;
    let drift = f64::from(SCENE_RATE_HZ) / f64::from(relabelled_hz) - 1.0;
    let delay_samples = (offset_secs.abs() * f64::from(B_RATE_HZ)).round() as u64;
    let offset_secs = offset_secs.signum() * delay_samples as f64 / f64::from(B_RATE_HZ);
    let delay = if offset_secs >= 0.0 {
        format!("adelay=delays={delay_samples}S:all=1")
    } else {
        format!("atrim=start_sample={delay_samples},asetpts=PTS-STARTPTS")
    };

    let scene_secs = secs * (1.0 + drift.abs()) + offset_secs.abs() + 1.0;
    let scene_a = scene(dir, 1, scene_secs)?;
    let scene_b = if spec.unrelated { scene(dir, 2, scene_secs)? } else { scene_a.clone() };
    let a = dir.join(format!("sync-v{FIXTURE_VERSION}-a-{secs:.0}s.mp4"));
    camera(&scene_a, &a, "volume=0.8,lowpass=f=9000", 101, SCENE_RATE_HZ, secs)?;
    let b_sound =
        format!("asetrate={relabelled_hz},aresample={B_RATE_HZ},{delay},volume=0.45,highpass=f=150,lowpass=f=7000");
    let tag = if spec.unrelated { "-unrelated" } else { "" };
    let b = dir.join(format!("sync-v{FIXTURE_VERSION}-b{tag}-{secs:.0}s-{delay_samples}S-{relabelled_hz}hz.mp4"));
    camera(&scene_b, &b, &b_sound, 202, B_RATE_HZ, secs)?;
    Ok(SyncFixture { a, b, offset_secs, drift })
}
