//! File jobs shared by the command line and the window: exports (here) and imports (`import_job`) against real
//! files. Each job takes a plain request ([`ExportRequest`], [`ImportRequest`]), loads the case, asks the media layer
//! for hashes, frames and the frame index, hands everything to the pure `export`/`import` functions, and writes or
//! saves what they return.
//! Progress and warnings go to a callback; the result is a one-line summary.

pub mod audio_sync;
mod clip_job;
pub mod exhibit_media;
mod exhibit_timing;
mod import_job;
pub mod media_file;
pub mod moments;
pub mod moved_media;
pub mod new_case;
pub mod output;
mod report_job;
mod request;
pub mod sync_job;

pub use import_job::import;
pub use request::{ClipRequest, ExportFormat, ExportRequest, ImportRequest, DEFAULT_POINT_DURATION_MILLIS};

use crate::case::{case_dir, relative_path, Case, CaseSession, Clock, MediaId, SystemClock};
use crate::export::{self, EafOptions, Exhibit, SubtitleOptions};
use crate::media::{self, Threading};
use anyhow::Context as _;
use exhibit_media::{
    check_media, decode_stills, event_stills, exhibit_stills, measurement_stills, recheck_identity, write_stills,
    StillDecoder,
};
use output::Outputs;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a case's last saved state without taking its lock or writing anything. Refuses one whose journal holds
/// unsaved edits from a crash (the export would silently miss them); while the case is open for editing elsewhere,
/// `progress` is told that the export reads the last saved state.
fn load_for_export(path: &Path, progress: &dyn Fn(&str)) -> anyhow::Result<Case> {
    let (session, recovery) =
        CaseSession::open_read_only(path).with_context(|| format!("opening {}", path.display()))?;
    anyhow::ensure!(
        !recovery.has_edits(),
        "{} has {} unsaved edit(s) in its journal; settle them first with `claimframe case -c {} --recover replay show`",
        path.display(),
        recovery.records.len(),
        path.display()
    );
    if let Some(holder) = session.held_elsewhere() {
        progress(&format!("note: {}", crate::case::last_saved_note(holder)));
    }
    Ok(session.case().clone())
}

/// The media file's path relative to the folder the export is written to, with `/` separators.
fn media_url_from(case: &Case, media: Option<&MediaId>, case_dir: &Path, output: &Path) -> anyhow::Result<String> {
    let media = export::select_media(case, media)?;
    Ok(url_of(media, case_dir, output))
}

/// `media`'s path relative to the folder `output` is written to, with `/` separators.
fn url_of(media: &crate::case::Media, case_dir: &Path, output: &Path) -> String {
    let out_dir = absolute(output).parent().map(Path::to_path_buf).unwrap_or_default();
    let out_dir = std::fs::canonicalize(&out_dir).unwrap_or(out_dir);
    let rel = relative_path(&out_dir, &case_dir.join(&media.path_relative));
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// A fixed date for reproducible exports: the newest audit entry's time.
fn case_date(case: &Case) -> String {
    case.audit.entries().last().map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| e.time_utc.clone())
}

fn exhibit(
    case: &Case,
    case_dir: &Path,
    still_width_px: Option<u32>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<Exhibit> {
    progress("checking media hashes");
    let checks = check_media(case, case_dir);
    let verified: BTreeMap<MediaId, PathBuf> =
        checks.iter().filter_map(|(c, p)| Some((c.media_id.clone(), p.clone()?))).collect();
    progress("reading the cameras' frame indexes");
    let frames = moments::frames_of(case, &verified, &media_file::EngineProbe)?;
    let mut decoder = StillDecoder::new(&verified);
    let stills = exhibit_stills(&event_stills(case, &mut decoder, progress)?)?;
    let moments = moments::moment_stills(case, &frames, &mut decoder, progress)?;
    let measurement_stills = measurement_stills(case, &mut decoder, progress)?;
    drop(decoder);
    let timing = exhibit_timing::timing_plots(case, &verified, progress)?;
    // Every verified file was read (its timing decodes every frame): each must still be the case's file.
    for (id, path) in &verified {
        recheck_identity(case, id, path)?;
    }
    Ok(Exhibit {
        checks: checks.into_iter().map(|(c, _)| c).collect(),
        stills,
        moments,
        footage_spans_secs: frames.iter().filter_map(|f| Some((f.media_id().clone(), f.span_secs()?))).collect(),
        claimframe_version: env!("CARGO_PKG_VERSION").to_owned(),
        ffmpeg_version: media::ffmpeg_versions(),
        decode_settings: format!("{}; display rotation applied; RGBA via swscale", Threading::Reproducible.describe()),
        generated_utc: SystemClock.now_rfc3339(),
        report_still_width_px: still_width_px,
        measurement_stills,
        timing,
        ..Exhibit::default()
    })
}

/// Runs one export; `progress` receives warnings and progress lines. Returns what was written, in one line.
pub fn export(request: &ExportRequest, progress: &dyn Fn(&str)) -> anyhow::Result<String> {
    let whole = load_for_export(&request.case, progress)?;
    // Every format shows the chosen set of events (the adjudicated one by default); the reviewers' agreement in a
    // report is still measured on their own codings, the whole case.
    let (case, coding_set) = request.coding.select(&whole);
    let dir = case_dir(&request.case);
    let outputs = Outputs::for_case(&request.case, &case, &dir);
    outputs.check(&request.output)?;
    let media = request.media.clone();
    let generator = format!("ClaimFrame {}", env!("CARGO_PKG_VERSION"));
    let bytes = match request.format {
        ExportFormat::Csv => export::export_csv(&case)?,
        ExportFormat::Tsv => export::export_tsv(&case)?,
        ExportFormat::MeasurementsCsv => export::export_measurements_csv(&case)?,
        ExportFormat::Json => export::export_json(&case, &generator)?,
        ExportFormat::Srt | ExportFormat::Vtt => {
            let options = SubtitleOptions { media, point_duration_millis: request.point_duration_millis };
            if request.format == ExportFormat::Srt {
                export::export_srt(&case, &options)?
            } else {
                export::export_vtt(&case, &options)?
            }
        }
        ExportFormat::Eaf => {
            let options = EafOptions {
                relative_media_url: media_url_from(&case, media.as_ref(), &dir, &request.output)?,
                other_media_urls: case
                    .media
                    .values()
                    .map(|m| (m.id.clone(), url_of(m, &dir, &request.output)))
                    .collect(),
                media,
                tiers: request.tiers,
                date_utc: case_date(&case),
            };
            export::export_eaf(&case, &options)?
        }
        ExportFormat::Otio => {
            let urls = case.media.values().map(|m| (m.id.clone(), url_of(m, &dir, &request.output))).collect();
            export::export_otio(&case, media.as_ref(), &urls)?
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
            let n = write_stills(&case, &stills, &request.output, request.annotated_stills, &outputs)?;
            return Ok(format!("wrote {n} still(s) to {}", request.output.display()));
        }
        ExportFormat::Clip => {
            // A clip names its event: any event of the case, in whichever set it is.
            return clip_job::export_clip(&whole, &dir, &request.clip, (&request.output, &outputs), progress);
        }
        ExportFormat::Html | ExportFormat::Pdf => {
            let mut exhibit = exhibit(&case, &dir, request.report_still_width_px, progress)?;
            exhibit.coding_set = coding_set;
            exhibit.agreement = export::report_agreement(&whole)?;
            return report_job::export_report(&case, exhibit, request, &outputs);
        }
    };
    outputs.write(&request.output, &bytes)?;
    Ok(format!("wrote {} ({} bytes)", request.output.display(), bytes.len()))
}
