//! The command line: parses arguments with clap and dispatches to the library. No logic lives here beyond
//! formatting results; every error reaches the user as one `error: …` line and exit status 1.

mod agreement_cmd;
mod bench;
mod bench_multicam;
mod bench_sync;
mod branch_cmds;
pub mod case_cmds;
mod exchange_cmds;
mod key_cmds;
mod measure_cmds;
mod measure_edit_cmds;
mod media_cmds;
mod progress;
pub mod sample_cmds;
mod sync_cmds;
pub mod sync_fixture;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "claimframe", version, about = "Frame-exact review of video evidence against published claims")]
pub struct Cli {
    /// Without a subcommand, the window opens the last file it had open (at the frame and zoom it was left at), or
    /// the bundled sample case.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The window's renderer: auto picks glow on software-only graphics, wgpu otherwise.
    #[arg(long, value_enum, default_value_t = RendererArg::Auto, global = true)]
    pub renderer: RendererArg,
    /// The window's size in points, as WIDTHxHEIGHT (e.g. 1280x720); by default 1600x900.
    #[arg(long, value_parser = parse_window_size, global = true)]
    pub window_size: Option<[f32; 2]>,
}

/// "1280x720" as a window size; at least the window's smallest (640×420).
fn parse_window_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| format!("{text:?} is not WIDTHxHEIGHT, e.g. 1280x720"))?;
    let parse = |s: &str| s.trim().parse::<u16>().map_err(|_| format!("{s:?} in {text:?} is not a whole number"));
    let (w, h) = (parse(w)?, parse(h)?);
    if w < 640 || h < 420 {
        return Err(format!("{w}x{h} is smaller than the window's smallest, 640x420"));
    }
    Ok([f32::from(w), f32::from(h)])
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RendererArg {
    Auto,
    Wgpu,
    Glow,
}

impl From<RendererArg> for crate::ui::RendererChoice {
    fn from(r: RendererArg) -> Self {
        match r {
            RendererArg::Auto => crate::ui::RendererChoice::Auto,
            RendererArg::Wgpu => crate::ui::RendererChoice::Wgpu,
            RendererArg::Glow => crate::ui::RendererChoice::Glow,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open a video or a `.case.ron` file in the player window.
    Open { file: PathBuf },
    /// Describe a media file: container, streams, timing, rotation, creation time.
    Probe {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List every frame: index, PTS, time in seconds, keyframe flag, packet size.
    Frames {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print `INDEX MD5` per frame (FFmpeg framemd5 semantics). With --frames, each frame is reached by random access.
    Framemd5 {
        file: PathBuf,
        /// Comma-separated frame numbers, reached in the order given, each by a fresh seek.
        #[arg(long, value_delimiter = ',')]
        frames: Option<Vec<usize>>,
    },
    /// Prove frame identity on a file: a seeded random walk of requests (jumps, steps both ways, batches), every
    /// delivered frame compared with the engine's reproducible sequential decode and, when the `ffmpeg` program is
    /// installed, with FFmpeg's framemd5. One line per mismatch, then `check-frames: N/N frames identical`.
    /// Exit status 1 on any mismatch. The same seed always makes the same walk.
    #[command(name = "check-frames")]
    CheckFrames {
        file: PathBuf,
        /// Number of requests in the walk.
        #[arg(long, default_value_t = 200)]
        walk: usize,
        /// Seed of the walk (any number; the same seed gives the same walk on any machine).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Compare with the engine's sequential decode only, even when `ffmpeg` is installed.
        #[arg(long)]
        no_ffmpeg: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write the displayed (rotated) frame as a PNG.
    Still {
        file: PathBuf,
        #[arg(long)]
        frame: usize,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// SHA-256 of the file, in `sha256sum` format.
    Hash {
        file: PathBuf,
        /// Show progress on standard error.
        #[arg(long)]
        progress: bool,
    },
    /// Frame timing analysis: intervals, gaps, duplicates, PTS discontinuities, declared vs measured fps.
    Timing {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Build and inspect a case: claims, media, coded events, links; verify its integrity.
    Case(case_cmds::CaseArgs),
    /// Set a camera's clock map to the case's wall clock: from its metadata, its burned-in clock, or sync points
    /// against another camera. Prints the map; --apply records it.
    Sync(sync_cmds::SyncArgs),
    /// The reviewer's signing key: show or export its public half and fingerprint.
    Key {
        #[command(subcommand)]
        what: key_cmds::KeyCommand,
    },
    /// The bundled synthetic sample: render its footage, or code its case from the ground truth.
    Sample {
        #[command(subcommand)]
        what: sample_cmds::SampleCommand,
    },
    /// How far the case's reviewers agree: event matching (precision, recall, F1, boundary differences), Cohen's
    /// kappa and Krippendorff's alpha on frame units, ELAN's modified kappa, stance kappa, and every disagreement.
    Agreement(agreement_cmd::AgreementArgs),
    /// Export the case: timelines (csv, tsv, json, srt, vtt, eaf, otio, edl), stills, or a report (html, pdf).
    Export(exchange_cmds::ExportArgs),
    /// Import events from ELAN .eaf, BORIS .boris, SRT, WebVTT or ClaimFrame JSON into a case.
    Import(exchange_cmds::ImportArgs),
    /// Measure the engine against FFmpeg's own tools on the same file.
    Bench {
        #[command(subcommand)]
        what: bench::BenchCommand,
    },
}

/// Runs the program and maps errors to exit status 1.
pub fn main_entry() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CLAIMFRAME_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        crate::ui::run_window(None, cli.renderer.into(), cli.window_size)?;
        return Ok(ExitCode::SUCCESS);
    };
    if !matches!(command, Command::Open { .. }) {
        progress::show_index_builds();
    }
    match command {
        Command::Open { file } => {
            crate::ui::run_window(Some(file), cli.renderer.into(), cli.window_size)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Probe { file, json } => media_cmds::probe(&file, json),
        Command::Frames { file, json } => media_cmds::frames(&file, json),
        Command::Framemd5 { file, frames } => media_cmds::framemd5(&file, frames.as_deref()),
        Command::CheckFrames { file, walk, seed, no_ffmpeg, json } => {
            media_cmds::check_frames(&file, walk, seed, !no_ffmpeg, json)
        }
        Command::Still { file, frame, output } => media_cmds::still(&file, frame, &output),
        Command::Hash { file, progress } => media_cmds::hash(&file, progress),
        Command::Timing { file, json } => media_cmds::timing(&file, json),
        Command::Case(args) => {
            let mut out = std::io::stdout().lock();
            let code = case_cmds::run_case(&args, &crate::exchange::media_file::EngineProbe, &mut out)
                .map_err(|e| anyhow::anyhow!(case_cmds::describe_error(&e)))?;
            Ok(ExitCode::from(code))
        }
        Command::Sync(args) => {
            let mut out = std::io::stdout().lock();
            let code = sync_cmds::run_sync(&args, &crate::exchange::media_file::EngineProbe, &mut out)
                .map_err(|e| anyhow::anyhow!(case_cmds::describe_error(&e)))?;
            Ok(ExitCode::from(code))
        }
        Command::Key { what } => {
            key_cmds::run(&what)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample { what } => sample_cmds::run(what),
        Command::Bench { what } => bench::run(what),
        Command::Agreement(args) => {
            agreement_cmd::run_agreement(&args, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => exchange_cmds::run_export(args),
        Command::Import(args) => exchange_cmds::run_import(args),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_window_size;

    #[test]
    fn a_window_size_is_width_by_height_and_not_below_the_smallest() {
        assert_eq!(parse_window_size("1280x720"), Ok([1280.0, 720.0]));
        assert_eq!(parse_window_size("1920X1080"), Ok([1920.0, 1080.0]));
        assert!(parse_window_size("1280").unwrap_err().contains("WIDTHxHEIGHT"));
        assert!(parse_window_size("wide x 720").unwrap_err().contains("not a whole number"));
        assert!(parse_window_size("600x400").unwrap_err().contains("smallest"));
    }
}
