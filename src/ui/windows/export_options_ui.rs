//! The export dialog's choices beyond format and destination, the same ones `claimframe export` takes: which coded
//! events (the adjudicated set, every reviewer's, or one reviewer's), which media file a single-timeline format
//! (SRT, VTT, ELAN, OTIO, EDL) is on when the case has several, and for the HTML and PDF exhibit its number, who
//! prepared it, the Bates prefix and first number, a fixed "generated" time (so two exports compare by hash) and,
//! for HTML, how wide stills are shown. What the case offers (events, media, reviewers) is read once when the
//! dialog opens.

use crate::case::{CodingSet, MediaId};
use crate::exchange::{ExportFormat, ExportRequest};
use crate::export::ExhibitFront;

/// What the case offers to choose from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseChoices {
    /// (id, "id · type · frames") in the order exports list events.
    pub events: Vec<(String, String)>,
    /// (id, "id · file name").
    pub media: Vec<(String, String)>,
    /// Everyone who coded or is listed as a reviewer, sorted.
    pub reviewers: Vec<String>,
}

/// Reads what `case_file` offers; a case that cannot be read is said in words (the export would fail the same way).
pub fn case_choices(case_file: &std::path::Path) -> Result<CaseChoices, String> {
    let case = crate::case::load_case(case_file).map_err(|e| format!("{e:#}"))?;
    let events = crate::export::sorted_events(&case)
        .into_iter()
        .map(|e| {
            let frames = match &e.end {
                Some(end) => format!("frames {}–{}", e.start.frame, end.frame),
                None => format!("frame {}", e.start.frame),
            };
            (e.id.to_string(), format!("{} · {} · {frames}", e.id, e.type_id))
        })
        .collect();
    let media = case
        .media
        .values()
        .map(|m| {
            let name = m.path_relative.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (m.id.to_string(), format!("{} · {name}", m.id))
        })
        .collect();
    Ok(CaseChoices { events, media, reviewers: crate::case::event_query::reviewers(&case) })
}

/// The dialog's choices, kept between exports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportOptions {
    pub coding: CodingSet,
    /// For single-timeline formats when the case has several media files.
    pub media: Option<String>,
    pub front: ExhibitFront,
    /// RFC 3339; empty: `$SOURCE_DATE_EPOCH`, else now.
    pub generated_at: String,
    /// HTML: stills shown at most this wide; `None`: at their size.
    pub still_width_px: Option<u32>,
}

/// Whether `format` is about one media file's timeline.
fn single_timeline(format: ExportFormat) -> bool {
    matches!(format, ExportFormat::Srt | ExportFormat::Vtt | ExportFormat::Eaf | ExportFormat::Otio | ExportFormat::Edl)
}

/// Whether `format` exports coded events (so the coding set applies).
fn exports_events(format: ExportFormat) -> bool {
    !matches!(format, ExportFormat::Clip | ExportFormat::MeasurementsCsv)
}

fn coding_label(coding: &CodingSet) -> String {
    match coding {
        CodingSet::Adjudicated => "the adjudicated set".to_owned(),
        CodingSet::Everything => "every reviewer's events".to_owned(),
        CodingSet::Reviewer(name) => format!("{name}'s events only"),
    }
}

/// A text field with its label (so it can be found by its label, by a screen reader and by the tests).
fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32, hint: &str) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(text).desired_width(width).hint_text(hint)).labelled_by(label.id);
    });
}

/// Draws the choices that apply to `format`.
pub fn options_ui(ui: &mut egui::Ui, format: ExportFormat, options: &mut ExportOptions, choices: &CaseChoices) {
    if exports_events(format) {
        egui::ComboBox::from_label("Events").selected_text(coding_label(&options.coding)).show_ui(ui, |ui| {
            let sets = [CodingSet::Adjudicated, CodingSet::Everything]
                .into_iter()
                .chain(choices.reviewers.iter().map(|r| CodingSet::Reviewer(r.clone())));
            for set in sets {
                let label = coding_label(&set);
                ui.selectable_value(&mut options.coding, set, label);
            }
        });
    }
    if single_timeline(format) && choices.media.len() > 1 {
        let selected = options.media.get_or_insert_with(|| choices.media[0].0.clone());
        let text = choices.media.iter().find(|(id, _)| id == selected).map_or(selected.clone(), |(_, l)| l.clone());
        egui::ComboBox::from_label("Media file").selected_text(text).show_ui(ui, |ui| {
            for (id, label) in &choices.media {
                ui.selectable_value(selected, id.clone(), label);
            }
        });
    }
    if matches!(format, ExportFormat::Html | ExportFormat::Pdf) {
        ui.separator();
        ui.label("Exhibit");
        labelled_text(ui, "Exhibit number", &mut options.front.exhibit_number, 80.0, "e.g. 12 or P-3");
        labelled_text(ui, "Prepared by", &mut options.front.prepared_by, 220.0, "person or office");
        ui.horizontal(|ui| {
            let label = ui.label("Bates prefix");
            ui.add(egui::TextEdit::singleline(&mut options.front.bates_prefix).desired_width(60.0))
                .labelled_by(label.id);
            let label = ui.label("first number");
            ui.add(egui::DragValue::new(&mut options.front.bates_start).range(0..=u64::MAX / 2)).labelled_by(label.id);
        });
        labelled_text(
            ui,
            "Generated at",
            &mut options.generated_at,
            220.0,
            "now; or e.g. 2026-12-01T12:00:00Z for a reproducible file",
        );
    }
    if format == ExportFormat::Html {
        ui.horizontal(|ui| {
            let mut limit = options.still_width_px.is_some();
            ui.checkbox(&mut limit, "Show stills at most");
            let mut width = options.still_width_px.unwrap_or(640);
            ui.add_enabled(limit, egui::DragValue::new(&mut width).range(64..=8192).suffix(" px wide"));
            options.still_width_px = limit.then_some(width);
        });
    }
}

/// Puts the choices that apply to `request.format` into `request`.
pub fn apply_options(options: &ExportOptions, choices: &CaseChoices, request: &mut ExportRequest) {
    let format = request.format;
    if exports_events(format) {
        request.coding = options.coding.clone();
    }
    if single_timeline(format) && choices.media.len() > 1 {
        request.media = options.media.as_deref().map(MediaId::from);
    }
    if matches!(format, ExportFormat::Html | ExportFormat::Pdf) {
        request.front = options.front.clone();
        let at = options.generated_at.trim();
        request.generated_at = (!at.is_empty()).then(|| at.to_owned());
    }
    if format == ExportFormat::Html {
        request.report_still_width_px = options.still_width_px;
    }
}
