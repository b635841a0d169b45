//! `probe`, `frames`, `framemd5`, `still`, `hash` and `timing`: the media engine's questions, answered on stdout.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::media::{self, index_cache, ticks_to_secs, video, Threading};

pub fn probe(file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let (index, _) = index_cache::load_or_build(file)?;
    let info = media::probe::probe(file, &index)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&info)?);
        return Ok(ExitCode::SUCCESS);
    }
    let v = &info.video;
    let opt = |x: Option<f64>| x.map_or("unknown".to_string(), |v| format!("{v:.6}"));
    println!("file: {}", info.path);
    println!("size: {} bytes", info.size_bytes);
    println!("container: {} ({})", info.container, info.container_long_name);
    println!("duration: {} s  start: {} s", opt(info.duration_secs), opt(info.start_time_secs));
    for s in &info.streams {
        let mut line = format!("stream {}: {} {} time_base={}", s.index, s.kind, s.codec, s.time_base);
        if let (Some(w), Some(h)) = (s.width, s.height) {
            line += &format!(" {w}x{h} {}", s.pixel_format.as_deref().unwrap_or("?"));
        }
        if let Some(r) = &s.r_frame_rate {
            line += &format!(" r_frame_rate={r}");
        }
        if let Some(sar) = &s.sample_aspect_ratio {
            line += &format!(" sar={sar}");
        }
        if let (Some(sr), Some(ch)) = (s.sample_rate, s.channels) {
            line += &format!(" {sr} Hz {ch} ch");
        }
        println!("{line}");
    }
    println!(
        "video: stream {} frames={} declared_fps={} ({}) measured_fps={} vfr={} rotation={}°{} index={}",
        v.stream_index,
        v.frame_count,
        opt(v.declared_fps),
        v.declared_fps_rational,
        opt(v.measured_fps),
        v.variable_frame_rate,
        v.rotation_cw_deg,
        if v.mirrored { " mirrored" } else { "" },
        v.index_method
    );
    if let Some(e) = &v.ends_early {
        println!("warning: {}", e.message());
    }
    if let Some(t) = &info.creation_time {
        println!("creation_time: {t}");
    }
    if let Some(m) = &info.camera_make {
        println!("camera_make: {m}");
    }
    if let Some(m) = &info.camera_model {
        println!("camera_model: {m}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct FrameRow {
    index: usize,
    pts: Option<i64>,
    time_secs: Option<f64>,
    keyframe: bool,
    packet_size: u32,
}

pub fn frames(file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let (index, _) = index_cache::load_or_build(file)?;
    let tb = index.time_base();
    let rows = index.frames.iter().enumerate().map(|(i, f)| FrameRow {
        index: i,
        pts: f.pts,
        time_secs: f.pts.map(|p| ticks_to_secs(p, tb)),
        keyframe: f.key,
        packet_size: f.pkt_size,
    });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer(&mut out, &rows.collect::<Vec<_>>())?;
        writeln!(out)?;
    } else {
        writeln!(out, "# time_base {}/{}  index built by {:?}", tb.numerator(), tb.denominator(), index.method)?;
        writeln!(out, "# index\tpts\ttime_secs\tkeyframe\tpacket_size")?;
        for r in rows {
            let pts = r.pts.map_or("NOPTS".into(), |p| p.to_string());
            let t = r.time_secs.map_or("NOPTS".into(), |t| format!("{t:.6}"));
            writeln!(out, "{}\t{pts}\t{t}\t{}\t{}", r.index, u8::from(r.keyframe), r.packet_size)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn framemd5(file: &Path, frames: Option<&[usize]>) -> anyhow::Result<ExitCode> {
    let threading = Threading::Reproducible;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "# claimframe framemd5: native pixel format, planes packed; {}", threading.describe())?;
    match frames {
        None => {
            let mut write_err = None;
            let summary = video::linear_md5s(file, threading, |i, md5| {
                if write_err.is_none() {
                    if let Err(e) = writeln!(out, "{i} {md5}") {
                        write_err = Some(e);
                    }
                }
            })?;
            if let Some(e) = write_err {
                return Err(e.into());
            }
            if summary.decode_errors > 0 {
                eprintln!(
                    "warning: {} decode errors (damaged packets); frames were output as FFmpeg outputs them",
                    summary.decode_errors
                );
            }
        }
        Some(list) => {
            let mut v = video::VideoFile::open(file, threading)?;
            // Served in GOP order, each GOP decoded once, skipping the frames nobody asked for; printed as asked.
            v.set_skip_nonref_on_seek(true);
            let md5s = v.frame_md5s(list)?;
            for (n, md5) in list.iter().zip(&md5s) {
                writeln!(out, "{n} {md5}")?;
            }
            if let Some(from) = v.damaged_from() {
                eprintln!("note: the stream is damaged from frame {from} on; frames there were decoded single-threaded and each checked against a decode from the start of the file");
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn check_frames(file: &Path, walk: usize, seed: u64, with_ffmpeg: bool, json: bool) -> anyhow::Result<ExitCode> {
    let report = media::check::check_frames(file, walk, seed, with_ffmpeg)?;
    let code = if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(code);
    }
    let references = if report.ffmpeg_compared {
        "the sequential decode and ffmpeg's framemd5"
    } else {
        "the sequential decode (ffmpeg not installed)"
    };
    println!(
        "file: {}  frames: {}  seed: {}  requests: {}",
        report.file,
        report.frame_count,
        report.seed,
        report.walk.len()
    );
    if let Some(from) = report.damaged_from {
        println!("note: the stream is damaged from frame {from} on; frames there are decoded single-threaded and each checked against a decode from the start of the file");
    }
    for m in &report.mismatches {
        println!(
            "mismatch: request {} ({}): frame {} has MD5 {}, {} has {}",
            m.request, m.request_text, m.frame, m.delivered_md5, m.against, m.expected_md5
        );
    }
    if !report.sequential_vs_ffmpeg.is_empty() {
        let first: Vec<String> = report.sequential_vs_ffmpeg.iter().take(10).map(usize::to_string).collect();
        println!(
            "mismatch: the sequential decode differs from ffmpeg's framemd5 on {} frames (first: {})",
            report.sequential_vs_ffmpeg.len(),
            first.join(", ")
        );
    }
    for note in &report.notes {
        println!("mismatch: {note}");
    }
    println!(
        "check-frames: {}/{} frames identical (against {references})",
        report.frames_identical, report.frames_checked
    );
    Ok(code)
}

pub fn still(file: &Path, frame: usize, output: &Path) -> anyhow::Result<ExitCode> {
    let mut v = video::VideoFile::open(file, Threading::Reproducible)?;
    let img = v.display_rgba(frame)?;
    img.save_png(output).with_context(|| format!("writing {}", output.display()))?;
    eprintln!("wrote frame {frame} ({}x{}, {:?}) to {}", img.width, img.height, v.orientation(), output.display());
    Ok(ExitCode::SUCCESS)
}

pub fn hash(file: &Path, progress: bool) -> anyhow::Result<ExitCode> {
    let mut last_pct = u64::MAX;
    let hex = media::hash::sha256_file(file, |done, total| {
        if progress && total > 0 {
            let pct = done * 100 / total;
            if pct != last_pct {
                eprint!("\rhashing {pct}%");
                last_pct = pct;
            }
        }
    })?;
    if progress {
        eprintln!();
    }
    println!("{hex}  {}", file.display());
    Ok(ExitCode::SUCCESS)
}

pub fn timing(file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let read = media::file_timing::file_timing(file)?;
    let report = &read.report;
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let f = |x: Option<f64>| x.map_or("unknown".to_string(), |v| format!("{v:.3}"));
    println!("frames: {} ({} without PTS)", report.frame_count, report.frames_without_pts);
    println!(
        "interval: min {:.6} s, median {:.6} s, max {:.6} s",
        report.min_interval_secs, report.median_interval_secs, report.max_interval_secs
    );
    println!(
        "fps: declared {}, measured {}; variable frame rate: {}",
        f(report.declared_fps),
        f(report.measured_fps),
        report.variable_frame_rate
    );
    println!("gaps (> 2x median): {}", report.gaps.len());
    for g in &report.gaps {
        println!("  before frame {}: {:.6} s ({:.1}x median)", g.frame, g.interval_secs, g.median_multiple);
    }
    println!("pts discontinuities: {}", report.discontinuities.len());
    for d in &report.discontinuities {
        println!("  at frame {}: pts {} -> {}", d.frame, d.from_pts, d.to_pts);
    }
    if read.duplicates_checked() {
        println!("duplicate frames (identical decoded MD5): {} runs", report.duplicates.len());
        for d in &report.duplicates {
            println!("  frames {}..={}", d.first_frame, d.last_frame);
        }
    } else {
        println!(
            "duplicate frames: not checked (linear decode gave {} frames, index {})",
            read.decoded_frames,
            read.pts.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
