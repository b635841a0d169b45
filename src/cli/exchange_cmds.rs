//! `claimframe export CASE --format F -o OUT` and `claimframe import CASE FILE`: the command-line face of
//! [`crate::exchange`]. The flags are parsed here and turned into the plain requests the file jobs take; warnings go
//! to standard error, the summary to standard output.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::PossibleValue;

use crate::case::{CodingSet, EventId, MediaId};
use crate::exchange::{ClipRequest, ExportFormat, ExportRequest, ImportRequest, DEFAULT_POINT_DURATION_MILLIS};
use crate::export::{EafTiers, ExhibitFront};

/// `--format`: the names are [`ExportFormat::name`]; a few formats explain themselves in `--help`.
impl clap::ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ExportFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.name());
        Some(match self {
            ExportFormat::Stills => {
                value.help("A folder of stills: clean PNG, JSON sidecar, ILLUSTRATIVE PNG per event")
            }
            ExportFormat::Clip => value
                .help("A lossless stream-copy clip of one event's interval (--event), with a JSON sidecar beside it"),
            _ => value,
        })
    }
}

/// `--tiers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TiersArg {
    Type,
    Reviewer,
}

impl From<TiersArg> for EafTiers {
    fn from(t: TiersArg) -> Self {
        match t {
            TiersArg::Type => EafTiers::PerType,
            TiersArg::Reviewer => EafTiers::PerReviewer,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The case file.
    pub case: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (a folder for --format stills).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Media id, for single-timeline formats (SRT, VTT, EAF, OTIO, EDL) when the case has several files.
    #[arg(long)]
    pub media: Option<String>,
    /// How long a point event's subtitle cue lasts.
    #[arg(long = "point-duration-ms", default_value_t = DEFAULT_POINT_DURATION_MILLIS)]
    pub point_duration_millis: u32,
    /// ELAN: one tier per event type or per reviewer.
    #[arg(long, value_enum, default_value = "type")]
    pub tiers: TiersArg,
    /// HTML report: show stills scaled to at most this many pixels wide (hashes stay those of the exact PNGs).
    #[arg(long)]
    pub report_still_width: Option<u32>,
    /// Clip: the event whose frames to cut.
    #[arg(long)]
    pub event: Option<String>,
    /// Clip: re-encode exactly the event's frames (libx264) instead of a lossless keyframe-aligned stream copy.
    #[arg(long)]
    pub reencode: bool,
    /// Re-encoded clip: burn this label into every frame.
    #[arg(long)]
    pub burn_label: Option<String>,
    /// Re-encoded clip: burn each frame's number and media time into it.
    #[arg(long)]
    pub burn_timecode: bool,
    /// Stills: skip the annotated ILLUSTRATIVE copies.
    #[arg(long)]
    pub no_annotated: bool,
    /// HTML/PDF report: the exhibit number on the cover and in every page's header.
    #[arg(long, default_value = "1")]
    pub exhibit_number: String,
    /// HTML/PDF report: who prepared the exhibit (printed on the cover).
    #[arg(long, default_value = "")]
    pub prepared_by: String,
    /// HTML/PDF report: the prefix of every page's Bates number.
    #[arg(long, default_value = "CF")]
    pub bates_prefix: String,
    /// HTML/PDF report: the first page's Bates number.
    #[arg(long, default_value_t = 1)]
    pub bates_start: u64,
    /// HTML/PDF report: the "generated" time to print (RFC 3339), for reproducible output; default
    /// $SOURCE_DATE_EPOCH, else now.
    #[arg(long)]
    pub generated_at: Option<String>,
    /// Which events: `adjudicated` (every event no adjudication superseded), `all` (every reviewer's, superseded
    /// ones too), or `reviewer:NAME` (one reviewer's own set).
    #[arg(long = "set", default_value = "adjudicated", value_parser = CodingSet::parse)]
    pub coding: CodingSet,
}

impl From<ExportArgs> for ExportRequest {
    fn from(args: ExportArgs) -> Self {
        ExportRequest {
            case: args.case,
            format: args.format,
            output: args.output,
            media: args.media.map(MediaId::new),
            point_duration_millis: args.point_duration_millis,
            tiers: args.tiers.into(),
            report_still_width_px: args.report_still_width,
            clip: ClipRequest {
                event: args.event.map(EventId::new),
                reencode: args.reencode,
                burn_label: args.burn_label,
                burn_timecode: args.burn_timecode,
            },
            annotated_stills: !args.no_annotated,
            front: ExhibitFront {
                exhibit_number: args.exhibit_number,
                prepared_by: args.prepared_by,
                bates_prefix: args.bates_prefix,
                bates_start: args.bates_start,
            },
            generated_at: args.generated_at,
            coding: args.coding,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The case file to add the imported events to.
    pub case: PathBuf,
    /// An ELAN .eaf, BORIS .boris, SRT, WebVTT or ClaimFrame JSON file (format read from its contents).
    pub file: PathBuf,
    /// The media id the file's times refer to, when the case has several files.
    #[arg(long)]
    pub media: Option<String>,
    /// BORIS: the observation to import.
    #[arg(long)]
    pub observation: Option<String>,
    /// Your name, recorded in the audit log (default: $CLAIMFRAME_REVIEWER, then $USER unless root).
    #[arg(long)]
    pub reviewer: Option<String>,
    /// Show what would be imported without changing the case.
    #[arg(long)]
    pub dry_run: bool,
}

impl From<ImportArgs> for ImportRequest {
    fn from(args: ImportArgs) -> Self {
        ImportRequest {
            case: args.case,
            file: args.file,
            media: args.media.map(MediaId::new),
            observation: args.observation,
            reviewer: args.reviewer,
            dry_run: args.dry_run,
        }
    }
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let summary = crate::exchange::export(&args.into(), &|line| eprintln!("{line}"))?;
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let summary = crate::exchange::import(&args.into(), &|line| eprintln!("{line}"))?;
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}
