//! What each fuzz target does with its input, shared by the fuzz targets (nightly, this `fuzz/` crate) and by the
//! regression test that replays the inputs they found on stable (`tests/fuzz_regressions.rs`). Every function must
//! return normally on any input: an error is a fine outcome, a panic, an overflow or a stack overflow is a bug.

use claimframe::case::{case_from_ron, case_to_ron, read_journal, Case, FramePoint, MediaId};
use claimframe::import::{self, ImportOptions, MediaFrames, TimeOnMedia};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::OnceLock;

/// The fuzz targets, by name (`fuzz/fuzz_targets/<name>.rs`, `tests/fuzz_regressions/<name>/`).
pub const TARGETS: &[&str] =
    &["case_file", "journal_line", "import_eaf", "import_boris", "import_subtitles", "import_json"];

/// Runs target `name` on `data`; false for an unknown target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "case_file" => case_file(data),
        "journal_line" => journal_line(data),
        "import_eaf" => import_file("fuzz.eaf", data),
        "import_boris" => import_file("fuzz.boris", data),
        "import_subtitles" => {
            let name = if data.first().is_some_and(|b| b % 2 == 0) { "fuzz.srt" } else { "fuzz.vtt" };
            import_file(name, data.get(1..).unwrap_or_default())
        }
        "import_json" => import_file("fuzz.json", data),
        _ => return false,
    }
    true
}

/// The bundled sample case: what journal edits and imports are applied to.
fn sample_case() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let text = include_str!("../sample_projects/sample.case.ron");
        case_from_ron(text, Path::new("sample.case.ron")).unwrap_or_default()
    })
}

/// The case loader on any text, then a save of what loaded.
pub fn case_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(case) = case_from_ron(&text, Path::new("fuzz.case.ron")) {
        let _ = case_to_ron(&case);
    }
}

/// One journal line whose checksum is right (so the record itself is what is fuzzed), read back and its edit applied
/// to the sample case.
pub fn journal_line(data: &[u8]) {
    let json = String::from_utf8_lossy(data).replace('\n', " ");
    let checksum = hex::encode(Sha256::digest(json.as_bytes()));
    let path = std::env::temp_dir().join(format!("claimframe-fuzz-journal-{}", std::process::id()));
    if std::fs::write(&path, format!("{checksum} {json}\n")).is_err() {
        return;
    }
    if let Ok(contents) = read_journal(&path) {
        let mut case = sample_case().clone();
        for record in contents.records {
            let _ = record.edit.apply(&mut case);
        }
    }
}

/// A file of any import format read, planned onto the sample case's first media (30 fps, 10 000 frames) and applied.
pub fn import_file(name: &str, data: &[u8]) {
    let Ok(imported) = import::read(name, data, &ImportOptions::default()) else { return };
    let case = sample_case();
    let Some(media) = case.media.values().next() else { return };
    let point =
        |frame: u64| FramePoint { frame, pts_ticks: frame as i64 * 512, time_base_num: 1, time_base_den: 15360 };
    let to_frame = |secs: f64| match secs {
        s if s < 0.0 => TimeOnMedia::BeforeStart,
        s if s >= 10_000.0 / 30.0 => TimeOnMedia::PastEnd { last: point(9_999) },
        s => TimeOnMedia::At(point((s * 30.0) as u64)),
    };
    let frame_of = |_: &MediaId, frame: u64| Ok((frame < 10_000).then(|| point(frame)));
    let frames = MediaFrames { to_frame: &to_frame, frame_of: &frame_of };
    if let Ok(plan) = import::plan_edits(case, &imported, &media.id, &frames, "fuzz", "2025-01-01T00:00:00Z") {
        let _ = plan.edit.apply(&mut case.clone());
    }
}
