//! `claimframe sync CASE --media M [--to R] --method metadata|clock|points|audio [--apply] [--json]`: proposes a camera's
//! clock map and, with `--apply`, records it as one audited edit. Parsing and printing only; the proposal is made
//! by `exchange::sync_job`.

use std::io::Write;
use std::path::PathBuf;

use crate::case::{reviewer_or_default, Clock as _, MediaId, SystemClock};
use crate::exchange::media_file::MediaProbe;
use crate::exchange::sync_job::{propose, FramePair, SyncMethod, SyncRequest};

use super::case_cmds::{apply_and_save, open_reader, open_session, RecoverChoice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// The container's creation time (to the second).
    Metadata,
    /// The burned-in clock as read at one frame (--frame, --reads, --uncertainty-ms).
    Clock,
    /// Sync points against the reference camera (--to, --point …).
    Points,
    /// The two cameras' sound, cross-correlated, against the reference camera (--to): offset and drift.
    Audio,
}

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The case file.
    pub case: PathBuf,
    /// The camera whose clock map is set.
    #[arg(long)]
    pub media: String,
    /// The reference camera, whose clock map the points are read against.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// A moment seen on both cameras: THIS_FRAME=REFERENCE_FRAME, optionally :LABEL (e.g. 98=120:flash). One point
    /// gives the offset; two or more, far apart, give offset and drift.
    #[arg(long = "point", value_parser = parse_point)]
    pub points: Vec<FramePair>,
    /// Clock method: the frame at which the burned-in clock was read.
    #[arg(long)]
    pub frame: Option<u64>,
    /// Clock method: what the burned-in clock shows at that frame, as RFC 3339 UTC (2031-04-17T21:02:04Z).
    #[arg(long)]
    pub reads: Option<String>,
    /// Clock method: ± milliseconds on that reading (a display that shows whole seconds: 500).
    #[arg(long, default_value_t = 500.0)]
    pub uncertainty_ms: f64,
    /// Record the proposed map in the case (an audited edit); without it nothing is written.
    #[arg(long)]
    pub apply: bool,
    /// Print the map as JSON.
    #[arg(long)]
    pub json: bool,
    /// Your name, recorded in the audit log and on the map.
    #[arg(long)]
    pub reviewer: Option<String>,
    /// If the case's journal holds unsaved edits from a crash: `replay` them or `discard` them.
    #[arg(long, value_enum)]
    pub recover: Option<RecoverChoice>,
}

fn parse_point(text: &str) -> Result<FramePair, String> {
    let (frames, label) = text.split_once(':').unwrap_or((text, ""));
    let (mine, theirs) =
        frames.split_once('=').ok_or_else(|| format!("{text:?}: give THIS_FRAME=REFERENCE_FRAME[:label]"))?;
    let frame = |s: &str| s.trim().parse::<u64>().map_err(|_| format!("{s:?} is not a frame number"));
    Ok(FramePair { media_frame: frame(mine)?, reference_frame: frame(theirs)?, label: label.trim().to_owned() })
}

fn method(args: &SyncArgs) -> anyhow::Result<SyncMethod> {
    Ok(match args.method {
        MethodArg::Metadata => SyncMethod::Metadata,
        MethodArg::Clock => {
            let frame = args.frame.ok_or_else(|| anyhow::anyhow!("the clock method needs --frame"))?;
            let reads_utc = args.reads.clone().ok_or_else(|| anyhow::anyhow!("the clock method needs --reads"))?;
            SyncMethod::Clock { frame, reads_utc, uncertainty_ms: args.uncertainty_ms }
        }
        MethodArg::Points => {
            anyhow::ensure!(!args.points.is_empty(), "the points method needs at least one --point");
            SyncMethod::Points(args.points.clone())
        }
        MethodArg::Audio => SyncMethod::Audio,
    })
}

/// Runs `sync`; returns the exit code.
pub fn run_sync(args: &SyncArgs, probe: &dyn MediaProbe, out: &mut dyn Write) -> anyhow::Result<u8> {
    let reviewer = reviewer_or_default(args.reviewer.as_deref());
    let clock = SystemClock;
    let request = SyncRequest {
        media: MediaId::new(args.media.as_str()),
        reference: args.to.as_deref().map(MediaId::new),
        method: method(args)?,
    };
    let mut session = if args.apply {
        open_session(&args.case, args.recover, out)?
    } else {
        open_reader(&args.case, args.recover, out)?
    };
    let proposal = propose(session.case(), &args.case, &request, probe, &reviewer, &clock.now_rfc3339())?;
    if args.apply {
        apply_and_save(&mut session, proposal.edit(), &reviewer, &clock)?;
    }
    if args.json {
        let value = serde_json::json!({
            "media": request.media,
            "reference": request.reference,
            "applied": args.apply,
            "clock": proposal.media.wall_clock,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        write!(out, "{}", proposal.report)?;
        if args.apply {
            writeln!(out, "applied: the clock map of media {} is recorded in the audit log", request.media)?;
        } else {
            writeln!(out, "not applied (run again with --apply to record it)")?;
        }
    }
    Ok(0)
}
