//! What an export or an import job is asked to do, in plain types that the command line and the window both fill
//! in: the command line from its flags (`cli::exchange_cmds`), the window from its export dialog.

use std::path::PathBuf;

use crate::case::{CodingSet, EventId, MediaId};
use crate::export::{EafTiers, ExhibitFront};

/// How long a point event's subtitle cue lasts unless asked otherwise.
pub const DEFAULT_POINT_DURATION_MILLIS: u32 = 1000;

/// A format ClaimFrame can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Tsv,
    Json,
    Srt,
    Vtt,
    Eaf,
    Otio,
    Edl,
    /// A folder of stills: clean PNG, JSON sidecar, ILLUSTRATIVE PNG per event.
    Stills,
    Html,
    Pdf,
    /// A lossless stream-copy clip of one event's interval, with a JSON sidecar beside it.
    Clip,
    /// The measurements table: one row per interval between marks and one per measurement (`measurements.csv`).
    MeasurementsCsv,
}

impl ExportFormat {
    /// Every format, in the order the command line and the window list them.
    pub const ALL: [ExportFormat; 13] = [
        Self::Csv,
        Self::Tsv,
        Self::Json,
        Self::Srt,
        Self::Vtt,
        Self::Eaf,
        Self::Otio,
        Self::Edl,
        Self::Stills,
        Self::Html,
        Self::Pdf,
        Self::Clip,
        Self::MeasurementsCsv,
    ];

    /// The format's name, as `--format` takes it and the window shows it (also the default file extension).
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Srt => "srt",
            Self::Vtt => "vtt",
            Self::Eaf => "eaf",
            Self::Otio => "otio",
            Self::Edl => "edl",
            Self::Stills => "stills",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Clip => "clip",
            Self::MeasurementsCsv => "measurements-csv",
        }
    }
}

/// One event's frames cut into a clip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClipRequest {
    /// The event whose frames to cut (required for [`ExportFormat::Clip`]).
    pub event: Option<EventId>,
    /// Re-encode exactly the event's frames instead of a lossless, keyframe-aligned stream copy.
    pub reencode: bool,
    /// Re-encoded clip: a label burned into every frame.
    pub burn_label: Option<String>,
    /// Re-encoded clip: each frame's number and media time burned into it.
    pub burn_timecode: bool,
}

/// One export: the case file, the format and where to write it, and the choices some formats take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub case: PathBuf,
    pub format: ExportFormat,
    /// Output file (a folder for [`ExportFormat::Stills`]).
    pub output: PathBuf,
    /// The media file, for single-timeline formats (SRT, VTT, EAF, OTIO, EDL) when the case has several.
    pub media: Option<MediaId>,
    /// Subtitles: how long a point event's cue lasts.
    pub point_duration_millis: u32,
    /// ELAN: one tier per event type or per reviewer.
    pub tiers: EafTiers,
    /// HTML report: stills shown at most this wide (their hashes stay those of the exact PNGs).
    pub report_still_width_px: Option<u32>,
    pub clip: ClipRequest,
    /// Stills: also write the annotated ILLUSTRATIVE copies.
    pub annotated_stills: bool,
    /// HTML and PDF reports: exhibit number, who prepared it, Bates prefix and start.
    pub front: ExhibitFront,
    /// HTML and PDF reports: the "generated" time printed (RFC 3339); else `$SOURCE_DATE_EPOCH`, else now.
    pub generated_at: Option<String>,
    /// Which events to export: the adjudicated set unless asked otherwise.
    pub coding: CodingSet,
}

impl ExportRequest {
    /// An export with every choice at its default (the command line's defaults).
    pub fn new(case: PathBuf, format: ExportFormat, output: PathBuf) -> Self {
        ExportRequest {
            case,
            format,
            output,
            media: None,
            point_duration_millis: DEFAULT_POINT_DURATION_MILLIS,
            tiers: EafTiers::PerType,
            report_still_width_px: None,
            clip: ClipRequest::default(),
            annotated_stills: true,
            front: ExhibitFront::default(),
            generated_at: None,
            coding: CodingSet::default(),
        }
    }
}

/// One import: events from `file` added to the case at `case`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub case: PathBuf,
    /// An ELAN .eaf, BORIS .boris, SRT, WebVTT or ClaimFrame JSON file (format read from its contents).
    pub file: PathBuf,
    /// The media file the file's times refer to, when the case has several.
    pub media: Option<MediaId>,
    /// BORIS: the observation to import.
    pub observation: Option<String>,
    /// The name recorded in the audit log (default: `$CLAIMFRAME_REVIEWER`, then `$USER` unless root).
    pub reviewer: Option<String>,
    /// Only say what would be imported; leave the case as it is.
    pub dry_run: bool,
}
