//! `claimframe sample footage|case`: renders the bundled synthetic footage, and codes the sample case on it from
//! the footage's ground truth. Both write into `sample_projects/` by default; the results are committed so the app
//! opens them without generating.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use crate::case::{self, FramePoint, Media, WallClockMapping};
use crate::exchange::media_file::{EngineProbe, MediaProbe};
use crate::media::index_cache;
use crate::sample::{self, GroundTruth};
use crate::sample::{build_sample_case, Happening};

/// Where the bundled sample lives, relative to the repository.
pub const SAMPLE_DIR: &str = "sample_projects";
pub const SAMPLE_CASE_FILE: &str = "sample.case.ron";
pub const SAMPLE_FOOTAGE: &str = "footage/bodycam_sample.mp4";

#[derive(Subcommand, Debug)]
pub enum SampleCommand {
    /// Render the synthetic body-camera footage (about 60 s, 1280x720, 30 fps, H.264 + AAC) and its ground truth.
    Footage {
        #[arg(long, default_value = "sample_projects/footage")]
        dir: PathBuf,
        /// Render only the first SECS seconds.
        #[arg(long)]
        secs: Option<u32>,
    },
    /// Code the sample case on the footage from its ground truth and save it as DIR/sample.case.ron.
    Case {
        #[arg(long, default_value = SAMPLE_DIR)]
        dir: PathBuf,
    },
}

pub fn run(cmd: SampleCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        SampleCommand::Footage { dir, secs } => {
            let mut options = secs.map_or_else(sample::SampleOptions::default, sample::SampleOptions::first_secs);
            options.progress = true;
            let made = sample::generate_sample_with(&dir, &options)?;
            println!("{}\n{}", made.video_path.display(), made.truth_path.display());
        }
        SampleCommand::Case { dir } => {
            let path = write_sample_case(&dir)?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the sample case from `dir/footage/bodycam_sample.mp4` and its truth file; returns the case path.
pub fn write_sample_case(dir: &Path) -> anyhow::Result<PathBuf> {
    let footage = dir.join(SAMPLE_FOOTAGE);
    let truth_path = footage.with_extension("truth.json");
    let truth: GroundTruth = serde_json::from_slice(
        &std::fs::read(&truth_path).with_context(|| format!("reading {}", truth_path.display()))?,
    )
    .with_context(|| format!("parsing {}", truth_path.display()))?;
    let probe = EngineProbe;
    let sha256 = probe.sha256(&footage, &mut |_, _| {})?;
    let summary = probe.probe(&footage)?;
    let (index, _) = index_cache::load_or_build(&footage)?;
    let timeline = crate::player::Timeline::from_index(&index);
    let point = |frame: u32| -> anyhow::Result<FramePoint> {
        anyhow::ensure!(
            (frame as usize) < timeline.frame_count(),
            "ground truth names frame {frame}, which the footage does not have"
        );
        Ok(crate::desk::frame_point(&timeline, frame as usize))
    };
    let mut happenings = Vec::new();
    for e in &truth.events {
        let kind = serde_json::to_value(e.kind)?.as_str().unwrap_or_default().to_string();
        let start = point(e.start_frame)?;
        let end = if e.end_frame > e.start_frame { Some(point(e.end_frame)?) } else { None };
        happenings.push(Happening { kind, start, end, description: e.description.clone() });
    }
    let wall_clock = summary.creation_time.clone().map(|origin| WallClockMapping {
        origin: Some(origin),
        source: "container creation_time (agrees with the burned-in display)".into(),
        uncertainty_secs: 1.0,
        method: case::ClockMethod::ContainerCreationTime,
        ..Default::default()
    });
    let media = Media {
        id: case::MediaId::new("m1"),
        path_relative: PathBuf::from(SAMPLE_FOOTAGE),
        // The sample travels with the repository: only the relative path means anything.
        last_absolute_path: PathBuf::new(),
        sha256,
        size_bytes: std::fs::metadata(&footage)?.len(),
        probe: summary,
        wall_clock,
        last_check: None,
    };
    // A fixed clock keeps the committed sample byte-identical when it is rebuilt.
    let clock = case::FixedClock(1_796_000_000_000);
    let mut built = build_sample_case(media, &happenings, &clock)?;
    // Signed like every save, with the sample reviewer's published key, so the sample rebuilds byte-identically.
    case::ReviewerKey::published_for_sample(crate::sample::SAMPLE_REVIEWER).sign_head(&mut built, &clock);
    let case_path = dir.join(SAMPLE_CASE_FILE);
    case::save_case(&case_path, &built, case::SaveOptions { backups: 0, overwrite_unreadable: false }, None)?;
    Ok(case_path)
}
