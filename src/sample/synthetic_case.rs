//! A synthetic case with N events over the sample claims, and `bench_case`, which times one save and one load of it for
//! `claimframe bench case --events N` (goals at 100 000 events: save < 300 ms, load < 500 ms), and, to say where the
//! time goes, the text alone: writing it in memory, and parsing and checking it in memory.

use crate::case::{
    case_from_ron, case_to_ron, format_rfc3339_millis, load_case, record_snapshot, save_case, Case, CaseError, Claim,
    ClaimId, ClaimLink, EditContext, Event, EventId, EventKind, EventTypeId, FixedClock, FramePoint, Media, MediaId,
    ProbeSummary, Rational, SaveOptions, Stance, WallClockMapping, CREATE_ACTION,
};
use std::collections::BTreeMap;
use std::time::Instant;

/// Measured figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchFigures {
    pub events: usize,
    pub save_millis: f64,
    pub load_millis: f64,
    pub file_bytes: u64,
    /// The case to RON text, in memory (the rest of a save is writing, fsync, backups and renames).
    pub serialize_millis: f64,
    /// RON text to a checked case, in memory (the rest of a load is reading the file).
    pub parse_millis: f64,
}

/// A case with one media file, the sample claims and `events` events spread over the taxonomy.
pub fn synthetic_case(events: usize) -> Case {
    let mut case = Case::new("Benchmark case");
    let media_id = MediaId::new("m1");
    let time_base = Rational::new(1, 90_000);
    case.media.insert(
        media_id.clone(),
        Media {
            id: media_id.clone(),
            path_relative: "footage/bodycam.mp4".into(),
            last_absolute_path: "/evidence/footage/bodycam.mp4".into(),
            sha256: "ab".repeat(32),
            size_bytes: 1_234_567_890,
            probe: ProbeSummary {
                container: "mov,mp4,m4a,3gp,3g2,mj2".into(),
                codec: "h264".into(),
                width: 1920,
                height: 1080,
                duration_secs: 3600.0,
                frame_count: 108_000,
                time_base,
                declared_fps: Rational::new(30_000, 1001),
                vfr: false,
                rotation_deg: 0,
                creation_time: Some("2025-10-02T14:03:07.000000Z".into()),
                timecode: None,
                ends_early: None,
            },
            wall_clock: Some(WallClockMapping {
                origin: Some("2025-10-02T14:03:07Z".into()),
                source: "container creation_time".into(),
                uncertainty_secs: 1.0,
                ..Default::default()
            }),
            last_check: None,
        },
    );
    let claims: Vec<Claim> = super::claims::sample_claims();
    let claim_ids: Vec<ClaimId> = claims.iter().map(|c| c.id.clone()).collect();
    for claim in claims {
        case.claims.insert(claim.id.clone(), claim);
    }
    let types: Vec<(EventTypeId, EventKind)> = case.taxonomy.types.iter().map(|t| (t.id.clone(), t.kind)).collect();
    for i in 0..events {
        let (type_id, kind) = types[i % types.len()].clone();
        let frame = (i as u64 * 7) % 108_000;
        let point = |frame: u64| FramePoint {
            frame,
            pts_ticks: frame as i64 * 3003,
            time_base_num: time_base.num,
            time_base_den: time_base.den,
        };
        let mut modifiers = BTreeMap::new();
        modifiers.insert("certainty".to_owned(), "probable".to_owned());
        let created = format_rfc3339_millis(1_760_000_000_000 + i as i64 * 1000);
        let id = EventId::new(format!("e{i}"));
        case.events.insert(
            id.clone(),
            Event {
                id,
                media_id: media_id.clone(),
                start: point(frame),
                end: (kind == EventKind::Interval).then(|| point(frame + 45)),
                type_id,
                modifiers,
                note: format!("synthetic event {i}"),
                reviewer: "bench".into(),
                created_utc: created.clone(),
                modified_utc: created,
                links: vec![ClaimLink {
                    claim_id: claim_ids[i % claim_ids.len()].clone(),
                    stance: Stance::Contradicts,
                    rationale: "synthetic".into(),
                    ..ClaimLink::default()
                }],
                media_at_coding: crate::case::MediaAtCoding::NotRecorded,
                adjudication: None,
            },
        );
    }
    // Its whole content is its creation, as a real case's log starts.
    let clock = FixedClock(1_760_000_000_000);
    record_snapshot(&mut case, EditContext { reviewer: "bench", clock: &clock }, CREATE_ACTION, "synthetic case");
    case
}

/// Builds `synthetic_case(events)`, saves it to a fresh temp folder, loads it back, and reports timings.
pub fn bench_case(events: usize) -> Result<BenchFigures, CaseError> {
    let case = synthetic_case(events);
    let dir = std::env::temp_dir().join(format!(
        "claimframe-bench-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| CaseError::io("create bench folder", &dir, e))?;
    let path = dir.join("bench.case.ron");
    let millis = |started: Instant| started.elapsed().as_secs_f64() * 1000.0;
    let result = (|| {
        let started = Instant::now();
        save_case(&path, &case, SaveOptions::default(), None)?;
        let save_millis = millis(started);
        let file_bytes = std::fs::metadata(&path).map_err(|e| CaseError::io("inspect", &path, e))?.len();
        let started = Instant::now();
        let loaded = load_case(&path)?;
        let load_millis = millis(started);
        if loaded != case {
            return Err(CaseError::Invalid("benchmark case did not load back identical".into()));
        }
        drop(loaded);
        let started = Instant::now();
        let text = case_to_ron(&case)?;
        let serialize_millis = millis(started);
        let started = Instant::now();
        let parsed = case_from_ron(&text, &path)?;
        let parse_millis = millis(started);
        if parsed != case {
            return Err(CaseError::Invalid("benchmark case did not parse back identical".into()));
        }
        Ok(BenchFigures { events, save_millis, load_millis, file_bytes, serialize_millis, parse_millis })
    })();
    // Best effort: the folder is ours and temporary.
    let _ = std::fs::remove_dir_all(&dir);
    result
}
