//! The HTML or PDF exhibit report as a file job: the exhibit gathered by the caller gets the requester's front
//! matter and its "generated" time (`--generated-at`, else `$SOURCE_DATE_EPOCH`, else now, so that two runs can be
//! compared byte for byte), the report is written, and its full-resolution stills are written beside it in
//! `NAME.stills/`, the folder its manifest names.

use super::output::{file_in, Outputs};
use super::{ExportFormat, ExportRequest};
use crate::case::{format_rfc3339_millis, parse_rfc3339_millis, Case, Clock, SystemClock};
use crate::export::{self, Exhibit};
use anyhow::Context as _;
use std::path::Path;

/// The time a report says it was generated.
fn generated_utc(asked: Option<&str>) -> anyhow::Result<String> {
    if let Some(text) = asked {
        let millis = parse_rfc3339_millis(text)
            .with_context(|| format!("--generated-at {text:?} is not an RFC 3339 time such as 2031-04-17T21:00:00Z"))?;
        return Ok(format_rfc3339_millis(millis));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => {
            let secs: i64 = epoch
                .trim()
                .parse()
                .with_context(|| format!("SOURCE_DATE_EPOCH {epoch:?} is not a number of seconds"))?;
            Ok(format_rfc3339_millis(secs.saturating_mul(1000)))
        }
        Err(_) => Ok(SystemClock.now_rfc3339()),
    }
}

/// `x.stills` for a report written to `…/x.pdf`.
fn stills_folder_name(output: &Path) -> String {
    let stem = output.file_stem().map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.stills")
}

/// Writes the report `request` asks for from `exhibit`, then its stills beside it.
pub fn export_report(
    case: &Case,
    mut exhibit: Exhibit,
    request: &ExportRequest,
    outputs: &Outputs,
) -> anyhow::Result<String> {
    exhibit.front = request.front.clone();
    exhibit.generated_utc = generated_utc(request.generated_at.as_deref())?;
    let files = export::still_files(&exhibit).len();
    let folder = stills_folder_name(&request.output);
    exhibit.stills_folder = (files > 0).then(|| folder.clone());
    let bytes = match request.format {
        ExportFormat::Pdf => export::export_pdf(case, &exhibit)?,
        _ => export::export_html(case, &exhibit)?,
    };
    outputs.write(&request.output, &bytes)?;
    if files > 0 {
        let parent = request.output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let dir = file_in(parent, &folder)?;
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        for file in export::still_files(&exhibit) {
            outputs.write(&file_in(&dir, &file.name)?, file.png)?;
        }
    }
    Ok(format!(
        "wrote {} ({} bytes) and {files} full-resolution still(s) in {folder}/",
        request.output.display(),
        bytes.len()
    ))
}
