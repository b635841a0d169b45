//! `claimframe case measure update|remove`: change what the reviewer gave for a measurement — its distances, a
//! tested timing uncertainty, the events and claims it bears on, its note — or remove it. Each is one audited edit,
//! checked by the case's measurement rules like `measure add`. The marked frames themselves are what was observed
//! and are not edited: a measurement on other frames is a new measurement.

use super::case_cmds::{apply_and_save, open_session, CaseArgs, StanceArg};
use super::measure_cmds::distances;
use crate::case::{ClaimId, ClaimLink, Clock, Edit, EventId, MeasurementId, SystemClock, TimingUncertainty};
use crate::export::{measurement_lines, measurement_row};
use anyhow::Context as _;
use std::io::Write;

/// What `case measure update` takes: only what is given changes.
#[derive(Debug, clap::Args)]
pub struct MeasureUpdateArgs {
    /// The measurement's id (see `case measure list`).
    pub id: String,
    /// New distances between consecutive marks in metres, one per interval, comma-separated (needs
    /// --distance-source).
    #[arg(long, value_delimiter = ',', conflicts_with = "no_distances")]
    pub distance_m: Vec<f64>,
    /// ± metres on each distance: one value for all, or one per interval.
    #[arg(long, value_delimiter = ',', requires = "distance_m")]
    pub distance_unc_m: Vec<f64>,
    /// Where the distances come from.
    #[arg(long, requires = "distance_m")]
    pub distance_source: Option<String>,
    /// Remove the distances (time only).
    #[arg(long)]
    pub no_distances: bool,
    /// A tested ± seconds per mark, in place of half the frame interval (needs --timing-source).
    #[arg(long, requires = "timing_source", conflicts_with = "default_timing")]
    pub timing_unc_secs: Option<f64>,
    /// How the timing uncertainty was tested.
    #[arg(long, requires = "timing_unc_secs")]
    pub timing_source: Option<String>,
    /// Go back to the default ± half the frame interval at each mark.
    #[arg(long)]
    pub default_timing: bool,
    /// The events this measurement bears on, replacing those it has (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', conflicts_with = "no_events")]
    pub event: Vec<String>,
    /// Link no events.
    #[arg(long)]
    pub no_events: bool,
    /// Link a claim (or change the stance of its link), with --stance.
    #[arg(long, requires = "stance")]
    pub claim: Option<String>,
    #[arg(long, value_enum, requires = "claim")]
    pub stance: Option<StanceArg>,
    /// Why the measurement bears on the claim that way.
    #[arg(long, requires = "claim", default_value = "")]
    pub rationale: String,
    /// Remove the link to this claim.
    #[arg(long)]
    pub unlink: Option<String>,
    /// Replace the note.
    #[arg(long)]
    pub note: Option<String>,
}

/// Runs `case measure update`: one `UpdateMeasurement` edit, or a refusal in words when nothing would change.
pub fn run_update(
    args: &CaseArgs,
    update: &MeasureUpdateArgs,
    reviewer: &str,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let clock = SystemClock;
    let mut session = open_session(&args.case, args.recover, out)?;
    let id = MeasurementId::new(update.id.as_str());
    let before = session
        .case()
        .measurements
        .get(&id)
        .with_context(|| format!("no measurement with id {id} in this case (see `case measure list`)"))?
        .clone();
    let mut changed = before.clone();
    if update.no_distances {
        changed.distances.clear();
    } else if !update.distance_m.is_empty() {
        let intervals = changed.mark_count().saturating_sub(1);
        changed.distances =
            distances(&update.distance_m, &update.distance_unc_m, update.distance_source.as_deref(), intervals)?;
    }
    if update.default_timing {
        changed.timing = None;
    } else if let (Some(unc), Some(source)) = (update.timing_unc_secs, &update.timing_source) {
        changed.timing = Some(TimingUncertainty { per_mark_unc_secs: unc, source: source.clone() });
    }
    if update.no_events {
        changed.events.clear();
    } else if !update.event.is_empty() {
        changed.events = update.event.iter().map(|e| EventId::new(e.as_str())).collect();
        changed.events.sort();
        changed.events.dedup();
    }
    if let Some(claim) = &update.unlink {
        let claim_id = ClaimId::new(claim.as_str());
        let had = changed.links.len();
        changed.links.retain(|l| l.claim_id != claim_id);
        anyhow::ensure!(changed.links.len() < had, "measurement {id} has no link to claim {claim_id}");
    }
    if let (Some(claim), Some(stance)) = (&update.claim, update.stance) {
        let claim_id = ClaimId::new(claim.as_str());
        changed.links.retain(|l| l.claim_id != claim_id);
        let link =
            ClaimLink { claim_id, stance: stance.into(), rationale: update.rationale.clone(), ..ClaimLink::default() };
        changed.links.push(link);
        changed.links.sort_by(|a, b| a.claim_id.cmp(&b.claim_id));
    }
    if let Some(note) = &update.note {
        changed.note = note.clone();
    }
    if changed == before {
        anyhow::bail!("nothing to change: give what is to change (see `case measure update --help`)");
    }
    changed.modified_utc = clock.now_rfc3339();
    apply_and_save(&mut session, Edit::UpdateMeasurement(Box::new(changed)), reviewer, &clock)?;
    writeln!(out, "updated measurement {id}")?;
    let case = session.case();
    if let Some(m) = case.measurements.get(&id) {
        for line in measurement_lines(&measurement_row(case, m)) {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(0)
}

/// Runs `case measure remove`: one audited `RemoveMeasurement` edit (its record stays in the log).
pub fn run_remove(args: &CaseArgs, id: &str, reviewer: &str, out: &mut dyn Write) -> anyhow::Result<u8> {
    let clock = SystemClock;
    let mut session = open_session(&args.case, args.recover, out)?;
    let id = MeasurementId::new(id);
    anyhow::ensure!(
        session.case().measurements.contains_key(&id),
        "no measurement with id {id} in this case (see `case measure list`)"
    );
    apply_and_save(&mut session, Edit::RemoveMeasurement(id.clone()), reviewer, &clock)?;
    writeln!(out, "removed measurement {id} (the log keeps what it was)")?;
    Ok(0)
}
