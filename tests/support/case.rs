//! Shared fixtures for the case tests: a small case with one media file, the sample claims and a few
//! events, built deterministically (fixed ids, fixed clock); and a scratch copy of the bundled sample case.

use claimframe::case::*;
use claimframe::sample::sample_claims;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const T0_MILLIS: i64 = 1_759_413_787_000; // 2025-10-02T14:03:07Z

pub fn point(frame: u64) -> FramePoint {
    FramePoint { frame, pts_ticks: frame as i64 * 3003, time_base_num: 1, time_base_den: 90_000 }
}

pub fn media(id: &str) -> Media {
    Media {
        id: MediaId::new(id),
        path_relative: format!("footage/{id}.mp4").into(),
        last_absolute_path: format!("/evidence/footage/{id}.mp4").into(),
        sha256: "0f".repeat(32),
        size_bytes: 1000,
        probe: ProbeSummary {
            container: "mov,mp4".into(),
            codec: "h264".into(),
            width: 1280,
            height: 720,
            duration_secs: 60.0,
            frame_count: 1800,
            time_base: Rational::new(1, 90_000),
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
            uncertainty_secs: 2.0,
            ..Default::default()
        }),
        last_check: None,
    }
}

pub fn event(id: &str, type_id: &str, start: u64, end: Option<u64>) -> Event {
    let mut modifiers = BTreeMap::new();
    modifiers.insert("certainty".to_owned(), "probable".to_owned());
    Event {
        id: EventId::new(id),
        media_id: MediaId::new("m1"),
        start: point(start),
        end: end.map(point),
        type_id: EventTypeId::new(type_id),
        modifiers,
        note: format!("note for {id}"),
        reviewer: "ana".into(),
        created_utc: "2025-10-03T09:00:00.000Z".into(),
        modified_utc: "2025-10-03T09:00:00.000Z".into(),
        links: vec![],
        media_at_coding: claimframe::case::MediaAtCoding::NotRecorded,
        adjudication: None,
    }
}

/// A case with media m1, the sample claims, and events e1 (contact, linked) and e2 (following).
pub fn fixture_case() -> Case {
    let mut case = Case::new("Blake Road stop");
    case.meta.description = "Body-cam review".into();
    case.meta.reviewers = vec!["ana".into(), "ben".into()];
    case.media.insert(MediaId::new("m1"), media("m1"));
    for claim in sample_claims() {
        case.claims.insert(claim.id.clone(), claim);
    }
    let mut e1 = event("e1", "contact", 90, None);
    e1.links.push(ClaimLink {
        claim_id: ClaimId::new("c11"),
        stance: Stance::Supports,
        rationale: "lead vehicle brakes without traffic ahead".into(),
        ..ClaimLink::default()
    });
    case.events.insert(e1.id.clone(), e1);
    let e2 = event("e2", "following", 300, Some(600));
    case.events.insert(e2.id.clone(), e2);
    // Made as ClaimFrame makes a case: its log starts with its creation.
    record_snapshot(&mut case, ctx(&FixedClock(1_767_225_600_000)), CREATE_ACTION, "case created");
    case
}

/// Everything `case verify` would say is wrong (without hashing media), as lines.
pub fn problems(case: &Case) -> Vec<String> {
    let report = verify_case::<String>(case, std::path::Path::new("."), None);
    let mut lines: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    lines.extend(report.signatures.unsigned_head.clone());
    lines
}

pub fn ctx(clock: &dyn Clock) -> EditContext<'_> {
    EditContext { reviewer: "ana", clock }
}

/// A scratch copy of the bundled sample case (its footage linked, not copied) that the test may edit.
pub fn scratch_case() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = super::repo().join("sample_projects");
    std::os::unix::fs::symlink(root.join("footage"), dir.path().join("footage")).expect("link footage");
    let case = dir.path().join("review.case.ron");
    std::fs::copy(root.join("sample.case.ron"), &case).expect("copy case");
    (dir, case)
}
