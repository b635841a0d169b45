//! `claimframe sample footage|case`: renders the bundled synthetic footage of both cameras, and codes the sample
//! case on the body camera's from its ground truth, with the phone synced to it by sound and brake-check 2
//! measured (`sample::measured`). Both write into `sample_projects/` by default; the results are committed so the
//! app opens them without generating.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use crate::case::{self, FramePoint, Media, WallClockMapping};
use crate::exchange::media_file::{EngineProbe, MediaProbe};
use crate::exchange::sync_job::{self, SyncMethod, SyncRequest};
use crate::media::index_cache;
use crate::sample::{self, GroundTruth};
use crate::sample::{build_sample_case, Happening};

/// Where the bundled sample lives, relative to the repository.
pub const SAMPLE_DIR: &str = "sample_projects";
pub const SAMPLE_CASE_FILE: &str = "sample.case.ron";
pub const SAMPLE_FOOTAGE: &str = "footage/bodycam_sample.mp4";
pub const SAMPLE_PHONE_FOOTAGE: &str = "footage/phone_sample.mp4";

/// The sample's cameras.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleCamera {
    Body,
    Phone,
    Both,
}

#[derive(Subcommand, Debug)]
pub enum SampleCommand {
    /// Render the synthetic footage and the ground truth of both cameras: the body camera (60 s, 1280x720, 30 fps,
    /// H.264 + 48 kHz AAC) and the bystander's phone (45.7 s of it, 640x360, 30 fps, H.264 + 44.1 kHz AAC).
    Footage {
        #[arg(long, default_value = "sample_projects/footage")]
        dir: PathBuf,
        /// Render only the first SECS seconds of each camera.
        #[arg(long)]
        secs: Option<u32>,
        /// Which camera to render.
        #[arg(long, value_enum, default_value_t = SampleCamera::Both)]
        camera: SampleCamera,
    },
    /// Code the sample case on the body camera's footage from its ground truth, add the phone synced to it by
    /// sound, and save it as DIR/sample.case.ron.
    Case {
        #[arg(long, default_value = SAMPLE_DIR)]
        dir: PathBuf,
    },
}

pub fn run(cmd: SampleCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        SampleCommand::Footage { dir, secs, camera } => {
            let mut options = secs.map_or_else(sample::SampleOptions::default, sample::SampleOptions::first_secs);
            options.progress = true;
            let mut made = Vec::new();
            if camera != SampleCamera::Phone {
                made.push(sample::generate_sample_with(&dir, &options)?);
            }
            if camera != SampleCamera::Body {
                made.push(sample::generate_phone_with(&dir, &options)?);
            }
            for made in made {
                println!("{}\n{}", made.video_path.display(), made.truth_path.display());
            }
        }
        SampleCommand::Case { dir } => {
            let path = write_sample_case(&dir)?;
            println!("{}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the sample case from `dir/footage/bodycam_sample.mp4` and its truth file, adds the phone
/// (`dir/footage/phone_sample.mp4`) and syncs it to the body camera by their sound, the way `claimframe sync
/// --method audio --apply` does; returns the case path.
pub fn write_sample_case(dir: &Path) -> anyhow::Result<PathBuf> {
    let footage = dir.join(SAMPLE_FOOTAGE);
    let truth_path = footage.with_extension("truth.json");
    let truth: GroundTruth = serde_json::from_slice(
        &std::fs::read(&truth_path).with_context(|| format!("reading {}", truth_path.display()))?,
    )
    .with_context(|| format!("parsing {}", truth_path.display()))?;
    let probe = EngineProbe;
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
    let media = sample_media(dir, "m1", SAMPLE_FOOTAGE, "container creation_time (agrees with the burned-in display)")?;
    // A fixed clock keeps the committed sample byte-identical when it is rebuilt.
    let clock = case::FixedClock(1_796_000_000_000);
    let mut built = build_sample_case(media, &happenings, &clock)?;
    add_synced_phone(&mut built, dir, &probe, &clock)?;
    let marks = sample::measured::BRAKE_CHECK_2_FRAMES
        .iter()
        .map(|&f| {
            let at = point(f)?;
            Ok(case::MeasureMark { at, frame_interval_ticks: point(f + 1)?.pts_ticks - at.pts_ticks })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let reviewer = sample::SAMPLE_REVIEWER;
    let now_utc = case::Clock::now_rfc3339(&clock);
    let measurement =
        sample::measured::brake_check_measurement(&built, &case::MediaId::new("m1"), marks, reviewer, &now_utc)
            .context("the sample script does not reach brake-check 2's frames")?;
    let ctx = case::EditContext { reviewer, clock: &clock };
    case::apply_audited(&mut built, case::Edit::AddMeasurement(Box::new(measurement)), ctx, "")?;
    // Signed like every save, with the sample reviewer's published key, so the sample rebuilds byte-identically.
    case::ReviewerKey::published_for_sample(crate::sample::SAMPLE_REVIEWER).sign_head(&mut built, &clock);
    let case_path = dir.join(SAMPLE_CASE_FILE);
    case::save_case(&case_path, &built, case::SaveOptions { backups: 0, overwrite_unreadable: false }, None)?;
    Ok(case_path)
}

/// The sample file at `dir/relative` as media `id`, its clock map from its container's creation time.
fn sample_media(dir: &Path, id: &str, relative: &str, clock_source: &str) -> anyhow::Result<Media> {
    let file = dir.join(relative);
    let probe = EngineProbe;
    let sha256 = probe.sha256(&file, &mut |_, _| {})?;
    let summary = probe.probe(&file)?;
    let wall_clock = summary.creation_time.clone().map(|origin| WallClockMapping {
        origin: Some(origin),
        source: clock_source.into(),
        uncertainty_secs: 1.0,
        method: case::ClockMethod::ContainerCreationTime,
        ..Default::default()
    });
    Ok(Media {
        id: case::MediaId::new(id),
        path_relative: PathBuf::from(relative),
        // The sample travels with the repository: only the relative path means anything.
        last_absolute_path: PathBuf::new(),
        sha256,
        size_bytes: std::fs::metadata(&file).with_context(|| format!("reading {}", file.display()))?.len(),
        probe: summary,
        wall_clock,
        last_check: None,
    })
}

/// Adds the phone as media m2 (its clock first from its container, as adding a file gives it), then replaces that
/// map by the audio sync against m1: the proposal [`sync_job::propose`] makes, applied as one audited edit.
fn add_synced_phone(
    built: &mut case::Case,
    dir: &Path,
    probe: &dyn MediaProbe,
    clock: &dyn case::Clock,
) -> anyhow::Result<()> {
    let reviewer = crate::sample::SAMPLE_REVIEWER;
    let ctx = || case::EditContext { reviewer, clock };
    let phone = sample_media(dir, "m2", SAMPLE_PHONE_FOOTAGE, "container creation_time")?;
    let phone_id = phone.id.clone();
    case::apply_audited(built, case::Edit::AddMedia(Box::new(phone)), ctx(), "")?;
    let request = SyncRequest { media: phone_id, reference: Some(case::MediaId::new("m1")), method: SyncMethod::Audio };
    let now_utc = case::format_rfc3339_millis(clock.now_unix_millis());
    let proposal = sync_job::propose(built, &dir.join(SAMPLE_CASE_FILE), &request, probe, reviewer, &now_utc)?;
    case::apply_audited(built, proposal.edit(), ctx(), "")?;
    Ok(())
}
