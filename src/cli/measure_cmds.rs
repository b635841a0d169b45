//! `claimframe case measure add|list` (update and remove: `measure_edit_cmds`): mark two or more frames (on one
//! camera, or on several synced cameras by repeating `--media … --frames …`), give distances between consecutive
//! marks with their ± and source, and list what ClaimFrame computes from them (`--json` for fields that carry their
//! units). Each media file is hashed against the case before a mark is taken on it, as `case add-event` does, and
//! frames outside a file are refused.

use super::case_cmds::{apply_and_save, open_reader, open_session, verify_before_coding, CaseArgs, StanceArg};
use crate::case::{
    case_dir, ClaimId, ClaimLink, Clock, Edit, EventId, GivenDistance, MeasureMark, Measurement, MediaId, MediaMarks,
    SystemClock, TimingUncertainty,
};
use crate::exchange::media_file::MediaProbe;
use crate::export::{measurement_lines, measurement_row, measurement_rows};
use anyhow::Context as _;
use std::io::Write;

#[derive(Debug, clap::Subcommand)]
pub enum MeasureCommand {
    /// Measure between marked frames: Δt from their PTS, and speeds and deceleration when distances are given.
    Add(Box<MeasureAddArgs>),
    /// List the case's measurements with their numbers, warnings and method-and-limits words.
    List {
        /// One JSON array; every number in a field naming its unit (`delta_t_secs`, `speed_m_per_s`, …).
        #[arg(long)]
        json: bool,
    },
    /// Change a measurement's distances, timing uncertainty, links or note (its marked frames stay as observed).
    Update(Box<super::measure_edit_cmds::MeasureUpdateArgs>),
    /// Remove a measurement (audited: the log keeps what it was).
    Remove {
        /// The measurement's id (see `case measure list`).
        id: String,
    },
}

/// What `case measure add` takes.
#[derive(Debug, clap::Args)]
pub struct MeasureAddArgs {
    /// Media id (repeat `--media … --frames …` for marks on several synced cameras).
    #[arg(long, required = true)]
    media: Vec<String>,
    /// Frames on that media, 0-based, in time order, comma-separated (e.g. 100,130,160).
    #[arg(long, required = true)]
    frames: Vec<String>,
    /// Distance travelled between consecutive marks in metres: one value per interval, comma-separated.
    #[arg(long, value_delimiter = ',')]
    distance_m: Vec<f64>,
    /// ± metres on each distance: one value for all, or one per interval.
    #[arg(long, value_delimiter = ',')]
    distance_unc_m: Vec<f64>,
    /// Where the distances come from, e.g. "lane markings 3.0 m apart".
    #[arg(long)]
    distance_source: Option<String>,
    /// A tested ± seconds per mark, in place of half the frame interval (needs --timing-source).
    #[arg(long)]
    timing_unc_secs: Option<f64>,
    /// How the timing uncertainty was tested.
    #[arg(long)]
    timing_source: Option<String>,
    /// Events this measurement bears on (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    event: Vec<String>,
    /// A claim to link, with --stance.
    #[arg(long, requires = "stance")]
    claim: Option<String>,
    #[arg(long, value_enum)]
    stance: Option<StanceArg>,
    /// Why the measurement bears on the claim that way.
    #[arg(long, requires = "claim", default_value = "")]
    rationale: String,
    #[arg(long, default_value = "")]
    note: String,
}

fn parse_frames(text: &str) -> anyhow::Result<Vec<u64>> {
    text.split(',')
        .map(|f| f.trim().parse::<u64>().with_context(|| format!("--frames: {f:?} is not a frame number")))
        .collect()
}

/// The distances, one per interval, with their ± (one for all or one each) and source.
pub(super) fn distances(
    values_m: &[f64],
    unc_m: &[f64],
    source: Option<&str>,
    intervals: usize,
) -> anyhow::Result<Vec<GivenDistance>> {
    if values_m.is_empty() {
        anyhow::ensure!(
            unc_m.is_empty() && source.is_none(),
            "--distance-unc-m and --distance-source need --distance-m"
        );
        return Ok(Vec::new());
    }
    anyhow::ensure!(
        values_m.len() == intervals,
        "{} distance(s) given for {intervals} interval(s) between the marks: give one per interval",
        values_m.len()
    );
    let source = source.context("give --distance-source: where the distance comes from")?;
    anyhow::ensure!(
        unc_m.len() <= 1 || unc_m.len() == intervals,
        "--distance-unc-m: give one value for all intervals or one per interval"
    );
    Ok(values_m
        .iter()
        .enumerate()
        .map(|(i, &d)| GivenDistance {
            distance_m: d,
            distance_unc_m: unc_m.get(i).or(unc_m.first()).copied().unwrap_or(0.0),
            source: source.to_owned(),
        })
        .collect())
}

/// Runs `case measure …`.
pub fn run_measure(
    args: &CaseArgs,
    command: &MeasureCommand,
    probe: &dyn MediaProbe,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let reviewer = crate::case::reviewer_or_default(args.reviewer.as_deref());
    let clock = SystemClock;
    match command {
        MeasureCommand::Update(update) => return super::measure_edit_cmds::run_update(args, update, &reviewer, out),
        MeasureCommand::Remove { id } => return super::measure_edit_cmds::run_remove(args, id, &reviewer, out),
        MeasureCommand::List { json } => {
            let session = open_reader(&args.case, args.recover, out)?;
            let case = session.case();
            let rows = measurement_rows(case);
            if *json {
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)?;
                return Ok(0);
            }
            writeln!(out, "measurements ({}):", rows.len())?;
            for row in &rows {
                writeln!(
                    out,
                    "  {} by {}{}",
                    row.measurement_id,
                    row.reviewer,
                    if row.note.is_empty() { String::new() } else { format!(": {}", row.note) }
                )?;
                for line in measurement_lines(row) {
                    writeln!(out, "    {line}")?;
                }
                writeln!(out, "    method and limits: {}", row.method_and_limits)?;
            }
        }
        MeasureCommand::Add(add) => {
            let MeasureAddArgs {
                media,
                frames,
                distance_m,
                distance_unc_m,
                distance_source,
                timing_unc_secs,
                timing_source,
                event,
                claim,
                stance,
                rationale,
                note,
            } = add.as_ref();
            anyhow::ensure!(media.len() == frames.len(), "give one --frames after each --media");
            let mut session = open_session(&args.case, args.recover, out)?;
            let case = session.case();
            let dir = case_dir(&args.case);
            let mut marked = Vec::new();
            for (id, frame_list) in media.iter().zip(frames) {
                let media_id = MediaId::new(id.as_str());
                let record = case
                    .media
                    .get(&media_id)
                    .with_context(|| format!("no media with id {id:?} in this case (see `case show`)"))?;
                let file = record.resolve_path(&dir).with_context(|| {
                    format!(
                        "media {id} is not where the case says ({}); relink it first",
                        record.path_relative.display()
                    )
                })?;
                verify_before_coding(probe, record, &file)?;
                let asked = parse_frames(frame_list)?;
                let points = probe.frame_points(&file, &asked)?;
                let mut marks = Vec::with_capacity(points.len());
                for point in points {
                    // The frame's local interval: to the next frame, or from the previous one at the end of the file.
                    let next = point.frame + 1;
                    let interval_ticks = if next < record.probe.frame_count {
                        let after = probe.frame_points(&file, &[next])?;
                        after.first().context("the media gave no frame point")?.pts_ticks - point.pts_ticks
                    } else {
                        let before_frame =
                            point.frame.checked_sub(1).context("a one-frame file has no frame interval")?;
                        let before = probe.frame_points(&file, &[before_frame])?;
                        point.pts_ticks - before.first().context("the media gave no frame point")?.pts_ticks
                    };
                    marks.push(MeasureMark { at: point, frame_interval_ticks: interval_ticks });
                }
                marked.push(MediaMarks { media_id, marks });
            }
            let intervals = marked.iter().map(|m| m.marks.len()).sum::<usize>().saturating_sub(1);
            let timing = match (timing_unc_secs, timing_source) {
                (None, None) => None,
                (Some(unc), Some(source)) => {
                    Some(TimingUncertainty { per_mark_unc_secs: *unc, source: source.clone() })
                }
                _ => anyhow::bail!("--timing-unc-secs and --timing-source go together"),
            };
            let mut events: Vec<EventId> = event.iter().map(|e| EventId::new(e.as_str())).collect();
            events.sort();
            events.dedup();
            let links = match (claim, stance) {
                (Some(c), Some(s)) => {
                    let claim_id = ClaimId::new(c.as_str());
                    vec![ClaimLink {
                        claim_id,
                        stance: (*s).into(),
                        rationale: rationale.clone(),
                        ..ClaimLink::default()
                    }]
                }
                _ => Vec::new(),
            };
            let now = clock.now_rfc3339();
            let measurement = Measurement {
                id: case.new_measurement_id(),
                media: marked,
                distances: distances(distance_m, distance_unc_m, distance_source.as_deref(), intervals)?,
                timing,
                events,
                links,
                note: note.clone(),
                reviewer: reviewer.clone(),
                created_utc: now.clone(),
                modified_utc: now,
            };
            let id = measurement.id.clone();
            apply_and_save(&mut session, Edit::AddMeasurement(Box::new(measurement)), &reviewer, &clock)?;
            writeln!(out, "added measurement {id}")?;
            let case = session.case();
            if let Some(m) = case.measurements.get(&id) {
                for line in measurement_lines(&measurement_row(case, m)) {
                    writeln!(out, "  {line}")?;
                }
            }
        }
    }
    Ok(0)
}
