//! Exports and imports against real files, for the command line and the window alike: loading the case, asking the
//! media layer for hashes, frames and the frame index, handing everything to the pure `export`/`import` functions,
//! and writing or saving what they return. Progress and warnings go to a callback; the result is a one-line summary.

pub mod exhibit_media;
pub mod new_case;

use exhibit_media::{check_media, decode_stills, exhibit_stills, write, write_stills};
use crate::case::{relative_path, Case, CaseSession, EditContext, FramePoint, MediaId, SaveOptions, SystemClock, Clock};
use crate::export::{self, EafOptions, EafTiers, Exhibit, SubtitleOptions};
use crate::import::{self, ImportOptions};
use crate::media::{self, index_cache, Threading};
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
    /// A lossless stream-copy clip of one event's interval (--event), with a JSON sidecar beside it.
    Clip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TiersArg {
    Type,
    Reviewer,
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
    #[arg(long, default_value_t = 1000)]
    pub point_duration_ms: u32,
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
    /// Your name, recorded in the audit log (default: $CLAIMFRAME_REVIEWER, then $USER).
    #[arg(long)]
    pub reviewer: Option<String>,
    /// Show what would be imported without changing the case.
    #[arg(long)]
    pub dry_run: bool,
}

fn case_dir(case_path: &Path) -> PathBuf {
    let dir = match case_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Opens a case read-only, refusing one whose journal holds unsaved edits (the export would silently miss them).
fn load_for_export(path: &Path) -> anyhow::Result<Case> {
    let (session, recovery) = CaseSession::open(path, SaveOptions::default()).with_context(|| format!("opening {}", path.display()))?;
    anyhow::ensure!(
        !recovery.has_edits(),
        "{} has {} unsaved edit(s) in its journal; settle them first with `claimframe case -c {} --recover replay show`",
        path.display(),
        recovery.records.len(),
        path.display()
    );
    Ok(session.case().clone())
}

/// The media file's path relative to the folder the export is written to, with `/` separators.
fn media_url_from(case: &Case, media: Option<&MediaId>, case_dir: &Path, output: &Path) -> anyhow::Result<String> {
    let media = export::select_media(case, media)?;
    let out_dir = absolute(output).parent().map(Path::to_path_buf).unwrap_or_default();
    let out_dir = std::fs::canonicalize(&out_dir).unwrap_or(out_dir);
    let rel = relative_path(&out_dir, &case_dir.join(&media.path_relative));
    Ok(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
}

/// A fixed date for reproducible exports: the newest audit entry's time.
fn case_date(case: &Case) -> String {
    case.audit.entries().last().map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| e.time_utc.clone())
}

fn exhibit(case: &Case, case_dir: &Path, still_width_px: Option<u32>, progress: &dyn Fn(&str)) -> anyhow::Result<Exhibit> {
    progress("checking media hashes");
    let checks = check_media(case, case_dir);
    let verified: BTreeMap<MediaId, PathBuf> =
        checks.iter().filter_map(|(c, p)| Some((c.media_id.clone(), p.clone()?))).collect();
    let stills = exhibit_stills(&decode_stills(case, &verified, progress)?)?;
    Ok(Exhibit {
        checks: checks.into_iter().map(|(c, _)| c).collect(),
        stills,
        claimframe_version: env!("CARGO_PKG_VERSION").to_owned(),
        ffmpeg_version: media::ffmpeg_versions(),
        decode_settings: format!("{}; display rotation applied; RGBA via swscale", Threading::Reproducible.describe()),
        generated_utc: SystemClock.now_rfc3339(),
        report_still_width_px: still_width_px,
    })
}

/// Runs one export; `progress` receives warnings and progress lines. Returns what was written, in one line.
pub fn export(args: &ExportArgs, progress: &dyn Fn(&str)) -> anyhow::Result<String> {
    let case = load_for_export(&args.case)?;
    let dir = case_dir(&args.case);
    let media = args.media.as_deref().map(MediaId::from);
    let generator = format!("ClaimFrame {}", env!("CARGO_PKG_VERSION"));
    let bytes = match args.format {
        ExportFormat::Csv => export::export_csv(&case)?,
        ExportFormat::Tsv => export::export_tsv(&case)?,
        ExportFormat::Json => export::export_json(&case, &generator)?,
        ExportFormat::Srt | ExportFormat::Vtt => {
            let options = SubtitleOptions { media, point_duration_millis: args.point_duration_ms };
            if args.format == ExportFormat::Srt { export::export_srt(&case, &options)? } else { export::export_vtt(&case, &options)? }
        }
        ExportFormat::Eaf => {
            let options = EafOptions {
                relative_media_url: media_url_from(&case, media.as_ref(), &dir, &args.output)?,
                media,
                tiers: if args.tiers == TiersArg::Reviewer { EafTiers::PerReviewer } else { EafTiers::PerType },
                date_utc: case_date(&case),
            };
            export::export_eaf(&case, &options)?
        }
        ExportFormat::Otio => {
            let url = media_url_from(&case, media.as_ref(), &dir, &args.output)?;
            export::export_otio(&case, media.as_ref(), &url)?
        }
        ExportFormat::Edl => export::export_edl(&case, media.as_ref())?,
        ExportFormat::Stills => {
            let checks = check_media(&case, &dir);
            for (check, _) in checks.iter().filter(|(c, _)| !c.ok) {
                progress(&format!("warning: media {}: {}; no stills from it", check.media_id, check.outcome));
            }
            let verified: BTreeMap<MediaId, PathBuf> =
                checks.into_iter().filter_map(|(c, p)| Some((c.media_id, p?))).collect();
            let stills = decode_stills(&case, &verified, progress)?;
            let n = write_stills(&case, &stills, &args.output, !args.no_annotated)?;
            return Ok(format!("wrote {n} still(s) to {}", args.output.display()));
        }
        ExportFormat::Clip => return export_clip(&case, &dir, args, progress),
        ExportFormat::Html => export::export_html(&case, &exhibit(&case, &dir, args.report_still_width, progress)?)?,
        ExportFormat::Pdf => export::export_pdf(&case, &exhibit(&case, &dir, args.report_still_width, progress)?)?,
    };
    write(&args.output, &bytes)?;
    Ok(format!("wrote {} ({} bytes)", args.output.display(), bytes.len()))
}

fn reviewer_name(args: &ImportArgs) -> String {
    args.reviewer
        .clone()
        .or_else(|| std::env::var("CLAIMFRAME_REVIEWER").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Runs one import; `progress` receives warnings. Returns what was (or, with --dry-run, would be) imported.
pub fn import(args: &ImportArgs, progress: &dyn Fn(&str)) -> anyhow::Result<String> {
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let imported = import::read(&name, &bytes, &ImportOptions { observation: args.observation.clone() })
        .with_context(|| format!("importing {}", args.file.display()))?;
    let (mut session, recovery) =
        CaseSession::open(&args.case, SaveOptions::default()).with_context(|| format!("opening {}", args.case.display()))?;
    anyhow::ensure!(
        !recovery.has_edits(),
        "{} has unsaved edits in its journal; settle them first with `claimframe case -c {} --recover replay show`",
        args.case.display(),
        args.case.display()
    );
    let case = session.case().clone();
    let media = export::select_media(&case, args.media.as_deref().map(MediaId::from).as_ref())?;
    let dir = case_dir(&args.case);
    let path = media
        .resolve_path(&dir)
        .with_context(|| format!("media {} ({}) not found next to the case", media.id, media.path_relative.display()))?;
    let actual = media::hash::sha256_file(&path, |_, _| {})?;
    anyhow::ensure!(
        actual == media.sha256,
        "{} has SHA-256 {actual}, not the {} the case recorded; times cannot be mapped onto a different file",
        path.display(),
        media.sha256
    );
    let (index, _) = index_cache::load_or_build(&path)?;
    let (num, den) = (index.time_base_num, index.time_base_den);
    let point = |frame: usize, pts_ticks: i64| FramePoint { frame: frame as u64, pts_ticks, time_base_num: num, time_base_den: den };
    let first_secs = index.frames.first().and_then(|f| f.pts).map(|p| media::ticks_to_secs(p, index.time_base()));
    let to_frame = |secs: f64| match index.frame_at_or_before_secs(secs) {
        Some((frame, pts_ticks)) => import::TimeOnMedia::At(point(frame, pts_ticks)),
        None => match (index.last_frame(), first_secs) {
            (Some((last, pts_ticks)), Some(first)) if secs >= first => import::TimeOnMedia::PastEnd { last: point(last, pts_ticks) },
            _ => import::TimeOnMedia::BeforeStart,
        },
    };
    let reviewer = reviewer_name(args);
    let clock = SystemClock;
    let plan = import::plan_edits(&case, &imported, &media.id, &to_frame, &reviewer, &clock.now_rfc3339())?;
    for warning in &plan.warnings {
        progress(&format!("warning: {warning}"));
    }
    let summary = format!(
        "{}: {} event(s), {} new event type(s), {} new claim(s)",
        imported.format.name(),
        plan.events,
        plan.new_types,
        plan.new_claims
    );
    if args.dry_run {
        return Ok(format!("would import {summary}"));
    }
    session.apply(plan.edit, EditContext { reviewer: &reviewer, clock: &clock })?;
    session.save()?;
    Ok(format!("imported {summary}"))
}

/// Cuts the event's frames by stream copy and writes `OUT` plus `OUT.json`.
fn export_clip(case: &Case, dir: &Path, args: &ExportArgs, progress: &dyn Fn(&str)) -> anyhow::Result<String> {
    let event_id = crate::case::EventId::from(
        args.event.as_deref().context("--format clip needs --event ID (see `claimframe case show`)")?,
    );
    let citation = crate::case::cite_event(case, &event_id)?;
    let event = case.events.get(&event_id).context("no such event")?;
    progress("checking the media hash");
    let (check, path) = check_media(case, dir)
        .into_iter()
        .find(|(c, _)| c.media_id == event.media_id)
        .context("the event's media is not in the case")?;
    let path = path.with_context(|| format!("media {}: {}; no clip from it", check.media_id, check.outcome))?;
    let (index, _) = index_cache::load_or_build(&path)?;
    let first = usize::try_from(event.start.frame)?;
    let last = usize::try_from(event.end.map_or(event.start.frame, |e| e.frame))?;
    progress("cutting the clip");
    let facts = if args.reencode {
        reencode(case, &path, &index, event, first, last, args)?
    } else {
        let clip = media::clip::stream_copy_clip(&path, &index, first, last, &args.output)?;
        export::ClipFacts {
            file_name: file_name_of(&args.output),
            clip_sha256: media::hash::sha256_file(&args.output, |_, _| {})?,
            requested_first_frame: event.start.frame,
            requested_last_frame: last as u64,
            actual_first_frame: clip.first_frame as u64,
            actual_last_frame: clip.last_frame as u64,
            method: "stream copy (lossless, keyframe-aligned: starts at the keyframe at or before the first frame and \
                     ends before the first keyframe after the last)"
                .to_owned(),
            parameters: vec![
                ("video_packets".to_owned(), clip.video_packets.to_string()),
                ("audio_packets".to_owned(), clip.audio_packets.to_string()),
                ("timestamps".to_owned(), "shifted so the clip's first packet is at 0".to_owned()),
                ("claimframe".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
                ("ffmpeg".to_owned(), media::ffmpeg_versions()),
            ],
        }
    };
    let mut sidecar = args.output.as_os_str().to_owned();
    sidecar.push(".json");
    write(Path::new(&sidecar), &export::clip_sidecar_json(&citation, &facts)?)?;
    Ok(format!(
        "wrote {} (source frames {}..={}, asked {}..={})",
        args.output.display(),
        facts.actual_first_frame,
        facts.actual_last_frame,
        first,
        last
    ))
}

fn file_name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Re-encodes exactly the event's frames, burning in the label and/or timecode asked for.
fn reencode(
    case: &Case,
    path: &Path,
    index: &media::index::FrameIndex,
    event: &crate::case::Event,
    first: usize,
    last: usize,
    args: &ExportArgs,
) -> anyhow::Result<export::ClipFacts> {
    let media_entry = case.media.get(&event.media_id).context("the event's media is not in the case")?;
    let fps = export::nominal_fps(media_entry).round().max(1.0) as u32;
    let label = args.burn_label.clone();
    let timecode = args.burn_timecode;
    let tb = (index.time_base_num, index.time_base_den);
    let overlay = |n: usize, img: &mut media::convert::RgbaImage| -> Result<(), String> {
        let mut parts = Vec::new();
        if let Some(l) = &label {
            parts.push(l.clone());
        }
        if timecode {
            let secs = index.frames.get(n).and_then(|f| f.pts).map(|p| p as f64 * f64::from(tb.0) / f64::from(tb.1.max(1)));
            parts.push(format!("frame {n} · {}", secs.map(crate::case::format_hms_millis).unwrap_or_default()));
        }
        if parts.is_empty() {
            return Ok(());
        }
        export::burn_caption(img, &parts.join(" · ")).map_err(|e| e.to_string())
    };
    let clip = media::clip::reencode_clip(path, first, last, fps, &args.output, overlay)?;
    Ok(export::ClipFacts {
        file_name: file_name_of(&args.output),
        clip_sha256: media::hash::sha256_file(&args.output, |_, _| {})?,
        requested_first_frame: first as u64,
        requested_last_frame: last as u64,
        actual_first_frame: first as u64,
        actual_last_frame: last as u64,
        method: "re-encode (frame-exact: exactly the requested frames, decoded single-threaded and encoded again)".to_owned(),
        parameters: vec![
            ("encoder".to_owned(), "libx264, yuv420p, preset veryfast, no B-frames".to_owned()),
            ("crf".to_owned(), format!("{:.1}", f64::from(clip.crf_x10) / 10.0)),
            ("fps".to_owned(), format!("{} (constant; the source's timing is not kept)", clip.fps)),
            ("frames".to_owned(), clip.frames.to_string()),
            ("burned_label".to_owned(), label.unwrap_or_default()),
            ("burned_timecode".to_owned(), timecode.to_string()),
            ("audio".to_owned(), "not included".to_owned()),
            ("claimframe".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
            ("ffmpeg".to_owned(), media::ffmpeg_versions()),
        ],
    })
}
