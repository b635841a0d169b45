//! Exports: pure functions from a case (plus decoded frames, passed in as plain images) to bytes. Nothing here
//! reads or writes files or touches FFmpeg; the command line decodes stills and writes what these functions return.

mod agreement;
pub use agreement::report_agreement;
mod clip;
mod common;
mod csv_table;
mod eaf;
mod edl;
mod error;
mod exhibit_front;
mod exhibit_measure;
mod exhibit_tables;
mod html;
mod html_measure;
mod html_parts;
mod html_timing;
mod json;
mod measurement_csv;
mod measurement_text;
mod moment_text;
mod otio;
mod pdf;

mod still;
mod subtitles;
mod timeline_figure;
mod timing_figure;
mod xml;

pub use clip::{clip_sidecar_json, ClipFacts};
pub use common::{
    ceil_millis, nominal_fps, select_media, single_line, sorted_events, type_name, xml_safe, Exhibit,
    ExhibitMediaCheck, ExhibitMoment, ExhibitStill, MarkStill,
};
pub use csv_table::{export_csv, export_tsv, neutralise_cell, TIMELINE_COLUMNS};
pub use eaf::{export_eaf, EafOptions, EafTiers};
pub use edl::export_edl;
pub use error::ExportError;
pub use exhibit_front::{bates_number, ExhibitFront};
pub use exhibit_tables::{still_files, StillFile};
pub use html::export_html;
pub use json::export_json;
pub use measurement_csv::{export_measurements_csv, MEASUREMENT_COLUMNS};
pub use measurement_text::{
    measurement_lines, measurement_row, measurement_rows, plus_minus, IntervalRow, MarkRow, MeasurementRow,
    KM_PER_H_PER_M_PER_S, MPH_PER_M_PER_S, REFERENCE_DECELERATIONS,
};
pub use otio::export_otio;
pub use pdf::export_pdf;

pub use still::{annotate_illustrative, burn_caption, encode_png, sha256_hex, still_sidecar_json, ILLUSTRATIVE_LABEL};
pub use subtitles::{export_srt, export_vtt, SubtitleOptions};
