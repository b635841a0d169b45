//! `claimframe agreement CASE [--media M] [--types T,…] [--reviewers A,B,…] [--tolerance-frames 3]
//! [--min-overlap 0.6] [--slice-secs S] [--json]`: how far the case's reviewers agree (issue #14). Parsing and
//! printing only; the figures come from `case::agreement`, their names and definitions from its `words`.

use std::io::Write;
use std::path::PathBuf;

use crate::case::agreement::{self, words, AgreementParams};
use crate::case::{EventTypeId, MediaId};

use super::case_cmds::open_reader;

#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// The case file.
    pub case: PathBuf,
    /// Only this media file (its id).
    #[arg(long)]
    pub media: Option<String>,
    /// Only these event types (ids, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// Only these reviewers (comma-separated); by default every reviewer with events.
    #[arg(long, value_delimiter = ',')]
    pub reviewers: Vec<String>,
    /// Point events match when their frames differ by at most this many frames.
    #[arg(long, default_value_t = agreement::DEFAULT_TOLERANCE_FRAMES)]
    pub tolerance_frames: u64,
    /// Intervals match when their overlap divided by the longer one is at least this (ELAN's rule).
    #[arg(long, default_value_t = agreement::DEFAULT_MIN_OVERLAP)]
    pub min_overlap: f64,
    /// Slice time every this many seconds (BORIS's time units) instead of one unit per frame.
    #[arg(long)]
    pub slice_secs: Option<f64>,
    /// Print every figure, match and disagreement as JSON.
    #[arg(long)]
    pub json: bool,
}

impl AgreementArgs {
    fn params(&self) -> AgreementParams {
        AgreementParams {
            media: self.media.as_deref().map(MediaId::from),
            types: self.types.iter().map(|t| EventTypeId::from(t.as_str())).collect(),
            reviewers: self.reviewers.clone(),
            tolerance_frames: self.tolerance_frames,
            min_overlap: self.min_overlap,
            slice_secs: self.slice_secs,
        }
    }
}

/// Runs the command, writing to `out`.
pub fn run_agreement(args: &AgreementArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let session = open_reader(&args.case, None, out)?;
    let found = agreement::agreement(session.case(), &args.params())?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &found)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", words::parameters_sentence(&found))?;
    writeln!(out)?;
    write_table(out, &words::type_table(&found))?;
    if !found.pairs.is_empty() {
        writeln!(out)?;
        write_table(out, &words::pair_table(&found))?;
    }
    let undefined: Vec<String> = found
        .pairs
        .iter()
        .flat_map(|p| {
            [("slice κ", &p.slice_kappa), ("ELAN κ incl. unmatched", &p.elan.kappa_including_unmatched)]
                .into_iter()
                .filter(|(_, c)| c.value.is_none())
                .map(move |(name, c)| {
                    format!("{} / {} {name}: {}", p.reviewer_a, p.reviewer_b, words::coefficient_sentence(c))
                })
        })
        .chain(
            std::iter::once(&found.overall.slice_alpha)
                .filter(|c| c.value.is_none())
                .map(|c| format!("slice α: {}", words::coefficient_sentence(c))),
        )
        .collect();
    for line in undefined.iter().chain(&found.notes) {
        writeln!(out, "note: {line}")?;
    }
    writeln!(out)?;
    writeln!(out, "{} disagreement(s):", found.disagreements.len())?;
    for d in &found.disagreements {
        let ids: Vec<&str> = d.event_ids.iter().map(|e| e.as_str()).collect();
        writeln!(out, "  {} frames {}–{} [{}]: {}", d.media_id, d.start_frame, d.end_frame, ids.join(", "), d.what)?;
    }
    Ok(())
}

/// A plain-text table, columns padded to their widest cell.
fn write_table(out: &mut dyn Write, table: &words::TextTable) -> std::io::Result<()> {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = table.header.iter().map(|h| width(h)).collect();
    for row in &table.rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - width(c)))).collect();
        padded.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(&table.header))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for row in &table.rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}
