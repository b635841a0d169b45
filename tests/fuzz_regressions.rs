//! Replays, on stable, every input the fuzz targets (`scripts/fuzz`) ever crashed on: the files under
//! `tests/fuzz_regressions/<target>/`. Each must now run through the same code as its fuzz target without a panic.

#[path = "../fuzz/entry.rs"]
mod entry;

use std::path::PathBuf;

#[test]
fn every_fuzz_crash_input_now_runs_cleanly() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for target in entry::TARGETS {
        let Ok(files) = std::fs::read_dir(root.join(target)) else { continue };
        for file in files.flatten().map(|f| f.path()).filter(|p| p.is_file()) {
            let data = std::fs::read(&file).expect("read regression input");
            assert!(entry::run(target, &data), "unknown target {target}");
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} fuzz regression input(s)");
}

#[test]
fn every_target_runs_on_empty_and_hostile_input() {
    let deep_xml = format!("<ANNOTATION_DOCUMENT>{}", "<a>".repeat(100_000));
    let deep_ron = format!("(version: 2, meta: {})", "[".repeat(100_000));
    for target in entry::TARGETS {
        for data in [&b""[..], b"\xff\xfe\x00", deep_xml.as_bytes(), deep_ron.as_bytes(), b"{\"a\": NaN}"] {
            assert!(entry::run(target, data), "unknown target {target}");
        }
    }
}
