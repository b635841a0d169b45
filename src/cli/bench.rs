//! `claimframe bench …`: the engine's figures measured on the same run as their anchors (FFmpeg's CLI,
//! sha256sum, the decode-from-keyframe limit), printed as `name value unit` lines with the ratios.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::media::{self, index, ticks_to_secs, video::VideoFile, Threading};
use crate::player::bench::next_rand;
use crate::player::bench_multicam::MulticamOptions;

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Decode + RGBA conversion rate vs `ffmpeg -threads N -i FILE -pix_fmt rgba -f null -`.
    Decode { file: PathBuf },
    /// Random exact seeks vs the decode-from-keyframe limit and vs one `ffmpeg -ss` call per seek.
    Seek {
        file: PathBuf,
        #[arg(long, default_value_t = 40)]
        seeks: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Playback through the real decode thread and presentation logic, without a window: frames on time, step-back
    /// latency, peak memory, time to first frame.
    Playback {
        file: PathBuf,
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
        /// Seconds of media to play (at most the whole file).
        #[arg(long, default_value_t = 30.0)]
        seconds: f64,
        /// Skip the background work (sound stream, waveform pass, hash) to measure the picture path alone.
        #[arg(long)]
        no_background: bool,
    },
    /// Frame MD5s: a full reproducible `framemd5 FILE` vs `ffmpeg -threads 1 … -f framemd5 -`, and a batch of
    /// random frames (`framemd5 FILE --frames …`) vs one `ffmpeg -ss T … -frames:v 1 -f framemd5 -` call per frame.
    Framemd5 {
        file: PathBuf,
        #[arg(long, default_value_t = 20)]
        frames: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Runs of each command; the median is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// A camera grid on one wall clock (the first file focused) played at 1x without a window: each view's frames
    /// on time, frames shown from after the wall clock, time until every view is exact after a seek while paused,
    /// peak memory.
    Multicam {
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Seconds to play, from where every camera has footage.
        #[arg(long, default_value_t = 20.0)]
        secs: f64,
        /// Seeks while paused, to random wall-clock times every camera covers.
        #[arg(long, default_value_t = 10)]
        seeks: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Camera k starts (k-1) times this later on the wall clock.
        #[arg(long, default_value_t = 1000, allow_hyphen_values = true)]
        stagger_ms: i64,
    },
    /// Index build speed as a multiple of real time.
    Index { file: PathBuf },
    /// SHA-256 throughput vs `sha256sum`.
    Hash { file: PathBuf },
    /// Save time, load time and file size of a case with this many events.
    Case {
        #[arg(long, default_value_t = 100_000)]
        events: usize,
    },
    /// Audio sync on a generated pair of camera files (48 kHz and 44.1 kHz AAC, B later by --offset-ms and its clock
    /// fast by --drift-ppm): the errors against the truth, and the time from files to result.
    Sync {
        /// Minutes the two recordings overlap.
        #[arg(long, default_value_t = 10.0)]
        minutes: f64,
        #[arg(long, default_value_t = 7345.6, allow_hyphen_values = true)]
        offset_ms: f64,
        #[arg(long, default_value_t = 120.0, allow_hyphen_values = true)]
        drift_ppm: f64,
    },
    /// CPU time per frame of the real window UI (headless) on a case with this many events, timeline zoomed out
    /// and zoomed in, paused and playing.
    Ui {
        #[arg(long, default_value_t = 100_000)]
        events: usize,
        /// Length of the generated footage the events are spread over.
        #[arg(long, default_value_t = 60)]
        minutes: u32,
        /// Frames measured per scenario.
        #[arg(long, default_value_t = 300)]
        frames: usize,
    },
}

pub fn run(cmd: BenchCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        BenchCommand::Decode { file } => decode(&file),
        BenchCommand::Seek { file, seeks, seed } => seek(&file, seeks, seed),
        BenchCommand::Playback { file, speed, seconds, no_background } => {
            playback(&file, speed, seconds, !no_background)
        }
        BenchCommand::Framemd5 { file, frames, seed, runs } => framemd5(&file, frames, seed, runs),
        BenchCommand::Multicam { files, secs, seeks, seed, stagger_ms } => super::bench_multicam::multicam(
            &files,
            &MulticamOptions { play_secs: secs, seeks, seed, stagger_millis: stagger_ms },
        ),
        BenchCommand::Index { file } => index_speed(&file),
        BenchCommand::Hash { file } => hash(&file),
        BenchCommand::Case { events } => case(events),
        BenchCommand::Ui { events, minutes, frames } => ui(events, minutes, frames),
        BenchCommand::Sync { minutes, offset_ms, drift_ppm } => super::bench_sync::sync(minutes, offset_ms, drift_ppm),
    }?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn line(name: &str, value: f64, unit: &str) {
    println!("{name} {value:.3} {unit}");
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs a command to completion, discarding its output, and returns how long it took.
fn time_command(cmd: &mut Command) -> anyhow::Result<Duration> {
    let start = Instant::now();
    let status =
        cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().with_context(|| format!("running {cmd:?}"))?;
    let took = start.elapsed();
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(took)
}

fn decode(file: &Path) -> anyhow::Result<()> {
    let start = Instant::now();
    let frames = media::video::linear_decode_rgba(file, Threading::Fast)?;
    let ours = start.elapsed().as_secs_f64();
    let threads = cores();
    let cli = time_command(
        Command::new("ffmpeg")
            .args(["-v", "error", "-threads", &threads.to_string(), "-i"])
            .arg(file)
            .args(["-map", "0:v:0", "-pix_fmt", "rgba", "-f", "null", "-"]),
    )?
    .as_secs_f64();
    let ours_fps = frames as f64 / ours;
    let cli_fps = frames as f64 / cli;
    line("decode_rgba_frames", frames as f64, "frames");
    line("decode_rgba_fps", ours_fps, "fps");
    line("anchor_ffmpeg_cli_rgba_fps", cli_fps, "fps");
    line("decode_rgba_vs_ffmpeg_cli", ours_fps / cli_fps, "x");
    println!("# threads {threads}; goal: >= 1.0x the ffmpeg CLI");
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn seek(file: &Path, seeks: usize, seed: u64) -> anyhow::Result<()> {
    let (idx, _) = media::index_cache::load_or_build(file)?;
    let count = idx.len();
    if count == 0 {
        bail!("{}: no frames", file.display());
    }
    let tb = idx.time_base();
    let start_pts = idx.frames.iter().filter_map(|f| f.pts).min().unwrap_or(0);
    let mut state = seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let targets: Vec<usize> = (0..seeks).map(|_| (next_rand(&mut state) % count as u64) as usize).collect();
    let configs = [
        (Threading::Reproducible, false),
        (Threading::Reproducible, true),
        (Threading::Fast, false),
        (Threading::Fast, true),
    ];
    for (threading, skip) in configs {
        let tag = match (threading, skip) {
            (Threading::Reproducible, false) => "threads1",
            (Threading::Reproducible, true) => "threads1_jump",
            (Threading::Fast, false) => "threadsauto",
            (Threading::Fast, true) => "threadsauto_jump",
        };
        let mut v = VideoFile::open_with_index(file, idx.clone(), threading)?;
        v.set_skip_nonref_on_seek(skip);
        let mut seek_millis = Vec::new();
        let mut limit_millis = Vec::new();
        for &n in &targets {
            v.reset();
            let t = Instant::now();
            v.decode_only(n)?;
            seek_millis.push(t.elapsed().as_secs_f64() * 1e3);
            v.set_skip_nonref_on_seek(false);
            let prepared = v.prepare_at_keyframe(n)?;
            v.set_skip_nonref_on_seek(skip);
            if prepared {
                let t = Instant::now();
                v.decode_only(n)?;
                limit_millis.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        let mean = seek_millis.iter().sum::<f64>() / seek_millis.len() as f64;
        let limit_mean = limit_millis.iter().sum::<f64>() / limit_millis.len().max(1) as f64;
        line(&format!("seek_{tag}_mean"), mean, "ms");
        line(&format!("seek_{tag}_median"), median(&mut seek_millis.clone()), "ms");
        line(&format!("anchor_decode_from_keyframe_{tag}_mean"), limit_mean, "ms");
        line(&format!("anchor_decode_from_keyframe_{tag}_median"), median(&mut limit_millis), "ms");
        line(&format!("seek_{tag}_vs_keyframe_limit"), mean / limit_mean, "x");
    }
    let mut cli_millis = Vec::new();
    for &n in targets.iter().take(20) {
        let pts = idx.frames[n].pts.unwrap_or(start_pts);
        let t_secs = ticks_to_secs(pts - start_pts, tb);
        let d = time_command(
            Command::new("ffmpeg")
                .args(["-v", "error", "-threads", "1", "-ss", &format!("{t_secs:.6}"), "-i"])
                .arg(file)
                .args(["-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"]),
        )?;
        cli_millis.push(d.as_secs_f64() * 1e3);
    }
    let cli_mean = cli_millis.iter().sum::<f64>() / cli_millis.len() as f64;
    line("anchor_ffmpeg_cli_per_seek_mean", cli_mean, "ms");
    println!(
        "# {seeks} random targets (seed {seed}) over {count} frames; CLI anchor over the first {}",
        cli_millis.len()
    );
    println!("# goals: seek <= 1.2x the keyframe limit (decoding every frame from the keyframe); >= 5x faster than a CLI call per seek");
    println!("# _jump: non-reference frames before the target are skipped (what framemd5 --frames does)");
    let (idx2, _) = media::index_cache::load_or_build(file)?;
    let mut v = VideoFile::open_with_index(file, idx2, Threading::Reproducible)?;
    v.set_skip_nonref_on_seek(true);
    let mut ms = Vec::new();
    for &n in targets.iter().take(20) {
        v.reset();
        let t = Instant::now();
        v.decode_only(n)?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let ours = ms.iter().sum::<f64>() / ms.len() as f64;
    line("seek_threads1_jump_speedup_vs_ffmpeg_cli", cli_mean / ours, "x");
    Ok(())
}

/// The median of `runs` timings of a command (built fresh each run by `make`).
fn median_run(runs: usize, mut make: impl FnMut() -> Command) -> anyhow::Result<f64> {
    let mut secs = Vec::new();
    for _ in 0..runs.max(1) {
        secs.push(time_command(&mut make())?.as_secs_f64());
    }
    Ok(median(&mut secs))
}

fn framemd5(file: &Path, frames: usize, seed: u64, runs: usize) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding this program")?;
    // The index is built once, untimed: both sides then start from a file they know.
    let (idx, _) = media::index_cache::load_or_build(file)?;
    let count = idx.len();
    if count == 0 {
        bail!("{}: no frames", file.display());
    }
    let ffmpeg_all = || {
        let mut c = Command::new("ffmpeg");
        c.args(["-v", "error", "-threads", "1", "-noautorotate", "-i"]).arg(file).args([
            "-map",
            "0:v:0",
            "-fps_mode",
            "passthrough",
            "-autoscale",
            "0",
            "-f",
            "framemd5",
            "-",
        ]);
        c
    };
    let ours_all = || {
        let mut c = Command::new(&exe);
        c.arg("framemd5").arg(file);
        c
    };
    let cli_all = median_run(runs, ffmpeg_all)?;
    let our_all = median_run(runs, ours_all)?;
    line("framemd5_all_frames", count as f64, "frames");
    line("framemd5_all_secs", our_all, "s");
    line("anchor_ffmpeg_framemd5_all_secs", cli_all, "s");
    line("framemd5_all_vs_ffmpeg", cli_all / our_all, "x");

    let mut state = seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let targets: Vec<usize> = (0..frames).map(|_| (next_rand(&mut state) % count as u64) as usize).collect();
    let list: Vec<String> = targets.iter().map(usize::to_string).collect();
    let list = list.join(",");
    let ours_batch = || {
        let mut c = Command::new(&exe);
        c.arg("framemd5").arg(file).args(["--frames", &list]);
        c
    };
    let our_batch = median_run(runs, ours_batch)?;
    let tb = idx.time_base();
    let start_pts = idx.frames.iter().filter_map(|f| f.pts).min().unwrap_or(0);
    let mut cli_batch = 0.0;
    for &n in &targets {
        let t_secs = ticks_to_secs(idx.frames[n].pts.unwrap_or(start_pts) - start_pts, tb);
        cli_batch += time_command(
            Command::new("ffmpeg")
                .args(["-v", "error", "-threads", "1", "-ss", &format!("{t_secs:.6}"), "-i"])
                .arg(file)
                .args(["-map", "0:v:0", "-frames:v", "1", "-f", "framemd5", "-"]),
        )?
        .as_secs_f64();
    }
    line("framemd5_batch_frames", frames as f64, "frames");
    line("framemd5_batch_secs", our_batch, "s");
    line("anchor_ffmpeg_ss_per_frame_total_secs", cli_batch, "s");
    line("framemd5_batch_speedup_vs_ffmpeg_ss", cli_batch / our_batch, "x");
    println!("# {frames} random frames (seed {seed}) of {count}; median of {runs} runs; both sides single-threaded");
    println!("# goals: full decode + MD5 >= 1.0x ffmpeg; batch >= 5x faster than one ffmpeg -ss call per frame");
    Ok(())
}

fn index_speed(file: &Path) -> anyhow::Result<()> {
    let t = Instant::now();
    let (idx, parts) = index::build_timed(file, &mut |_, _| {})?;
    let build = t.elapsed().as_secs_f64();
    let tb = idx.time_base();
    let pts: Vec<i64> = idx.frames.iter().filter_map(|f| f.pts).collect();
    let (lo, hi) = (pts.iter().min().copied().unwrap_or(0), pts.iter().max().copied().unwrap_or(0));
    let frame_secs = if idx.len() > 1 { ticks_to_secs(hi - lo, tb) / (idx.len() - 1) as f64 } else { 0.0 };
    let duration = ticks_to_secs(hi - lo, tb) + frame_secs;
    line("index_frames", idx.len() as f64, "frames");
    line("index_media_duration", duration, "s");
    line("index_build", build * 1e3, "ms");
    line("index_speed_vs_realtime", duration / build, "x");
    line("index_demux_pass", parts.demux_millis, "ms");
    line("index_demux_pass_speed_vs_realtime", duration * 1e3 / parts.demux_millis.max(1e-6), "x");
    line("index_verify_head_and_tail", parts.verify_millis, "ms");
    line("index_decode_pass", parts.decode_millis, "ms");
    let _ = media::index_cache::load_or_build(file)?;
    let t = Instant::now();
    let (_, cached) = media::index_cache::load_or_build(file)?;
    line("index_second_open", t.elapsed().as_secs_f64() * 1e3, "ms");
    println!(
        "# method {:?}{}; goal >= 1000x real time",
        idx.method,
        if cached { ", second open from cache" } else { ", cache unavailable" }
    );
    Ok(())
}

fn hash(file: &Path) -> anyhow::Result<()> {
    let size = std::fs::metadata(file).with_context(|| format!("{}", file.display()))?.len() as f64;
    // Warm the page cache for both, so neither pays for the disk.
    media::hash::sha256_file(file, |_, _| {})?;
    let t = Instant::now();
    media::hash::sha256_file(file, |_, _| {})?;
    let ours = t.elapsed().as_secs_f64();
    let cli = time_command(Command::new("sha256sum").arg(file))?.as_secs_f64();
    let mib = size / (1024.0 * 1024.0);
    line("hash_throughput", mib / ours, "MiB/s");
    line("anchor_sha256sum_throughput", mib / cli, "MiB/s");
    line("hash_vs_sha256sum", cli / ours, "x");
    println!("# goal >= 0.9x sha256sum");
    Ok(())
}

fn case(events: usize) -> anyhow::Result<()> {
    let figures = crate::sample::bench_case(events)?;
    line("case_events", figures.events as f64, "events");
    line("case_save", figures.save_millis, "ms");
    line("case_load", figures.load_millis, "ms");
    line("case_file_size", figures.file_bytes as f64 / (1024.0 * 1024.0), "MiB");
    line(
        "case_save_serialize",
        figures.serialize_millis,
        "ms (the text in memory; the rest of a save is write + fsync)",
    );
    line("case_load_parse", figures.parse_millis, "ms (text to checked case in memory; the rest is reading)");
    println!("# goals: save < 300 ms, load < 500 ms; {} cores", cores());
    Ok(())
}

fn playback(file: &Path, speed: f64, seconds: f64, background: bool) -> anyhow::Result<()> {
    if !(crate::player::command::MIN_SPEED..=crate::player::command::MAX_SPEED).contains(&speed) {
        bail!("--speed must be between 0.1 and 4");
    }
    let f = crate::player::bench::measure(file, speed, seconds, background)?;
    println!(
        "# playback of {} at {speed}x on {} cores; system clock (no sound device), poll loop instead of a screen",
        file.display(),
        cores()
    );
    if background {
        println!("# background work on (sound streamed by the feeder, waveform pass, SHA-256), as in the app; --no-background for the picture path alone");
    }
    line(
        "first_frame_after_open",
        f.first_frame_secs * 1000.0,
        if f.index_was_cached { "ms (index cached)" } else { "ms (index built)" },
    );
    line("frames_due", f.frames_due as f64, "frames");
    line("frames_on_time", f.on_time_share() * 100.0, "% (goal >= 99.5)");
    line("frames_skipped", f.frames_skipped as f64, "frames");
    line(
        "shown_fps",
        f.shown_fps,
        &format!("frames/s shown (of {:.1} due per second)", f.speed * 1000.0 / f.frame_interval_millis),
    );
    line("speed_reached", f.speed_reached, &format!("x (asked {speed}x)"));
    line("late_median", f.median_late_millis, "ms (frames shown)");
    line("late_p95", f.p95_late_millis, "ms (frames shown)");
    line("late_worst", f.worst_late_millis, "ms (frames shown)");
    line(
        "step_back_median",
        f.step_back_median_millis,
        &format!("ms (goal <= one frame interval = {:.1} ms)", f.frame_interval_millis),
    );
    line(
        "reverse_1x_rate",
        f.reverse_fps,
        &format!(
            "frames/s (nominal {:.1}; every frame in order: {})",
            1000.0 / f.frame_interval_millis,
            f.reverse_every_frame_in_order
        ),
    );
    if let Some(r) = f.reverse_at_speed {
        line("reverse_shown_fps", r.shown_fps, &format!("frames/s shown in reverse at {speed}x"));
        line(
            "reverse_speed_reached",
            r.speed_reached,
            &format!("x (asked {speed}x; descending: {}, every frame: {})", r.descending, r.every_frame),
        );
    }
    if let Some(rss) = f.peak_rss_mib {
        line("peak_rss", rss, "MiB (VmHWM after playing; goal < 600 for 1080p)");
    }
    if let Some(secs) = f.waveform_secs {
        line("waveform_after_open", secs, "s (streaming sound pass)");
    }
    if let Some(rss) = f.run_peak_rss_mib {
        line("playback_peak_rss_mib", rss, "MiB (VmHWM of the whole run; goal < 600 for a 10-hour file)");
    }
    Ok(())
}

fn ui(events: usize, minutes: u32, frames: usize) -> anyhow::Result<()> {
    if minutes == 0 || frames == 0 {
        bail!("--minutes and --frames must be at least 1");
    }
    let opts = crate::ui::bench::UiBenchOptions {
        events,
        minutes,
        frames,
        width_px: 1600.0,
        height_px: 900.0,
        work_dir: std::env::temp_dir().join("claimframe-bench-ui"),
    };
    let figures = crate::ui::bench::bench_ui(&opts)?;
    println!(
        "# UI thread CPU per frame (root_ui + tessellation, no GPU), {events} events over {minutes} min of footage, \
         1600x900 logical px, {frames} frames per scenario at ~60 Hz, {} cores; goal < 8 ms",
        cores()
    );
    for f in figures.scenarios {
        let key = f.key;
        println!(
            "# {}: playhead moved {} frames, median {} primitives",
            f.name, f.playhead_moved_frames, f.median_primitives
        );
        line(&format!("ui_{key}_median"), f.median_millis, "ms");
        line(&format!("ui_{key}_p95"), f.p95_millis, "ms");
        line(&format!("ui_{key}_max"), f.max_millis, "ms");
    }
    println!("# work on its own thread (saving, opening, New case...): the longest UI frame (wall clock) from the start until it is done (saved, or the case shows its first picture), and 30 frames more; goal < 50 ms");
    for f in figures.opening {
        let key = f.key;
        println!("# {}: {} frames drawn meanwhile", f.name, f.frames);
        line(&format!("ui_{key}_longest_frame_ms"), f.longest_frame_millis, "ms");
        line(&format!("ui_{key}_longest_frame_cpu_ms"), f.longest_frame_cpu_millis, "ms");
        line(&format!("ui_{key}_total_ms"), f.total_millis, "ms");
    }
    Ok(())
}
