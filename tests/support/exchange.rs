//! Shared by the export/import tests: the CLI binary, copies of the sample case in a temp folder (optionally
//! made hostile), and the peers' tools — the Python venv scripts/test sets up under target/, Chromium, poppler,
//! xmllint — each reported SKIPPED when absent outside CI (in CI a missing tool fails the test).

use super::{bin, corpus_root, repo, sample_footage};
use claimframe::case::{load_case, save_case, Case, SaveOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn missing(what: &str) -> bool {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing in CI: scripts/test must install it");
    }
    eprintln!("SKIPPED: {what} is not installed (run scripts/test to set it up)");
    false
}

/// The Python of the peers' venv (pympi-ling, opentimelineio, otio-cmx3600-adapter, jsonschema, lxml, scikit-learn,
/// krippendorff).
pub fn peer_python() -> Option<PathBuf> {
    let path = std::env::var_os("CLAIMFRAME_PEER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/peer-venv/bin/python"));
    if path.is_file() {
        Some(path)
    } else {
        missing("the peer-tools Python venv (target/peer-venv)").then_some(path)
    }
}

/// The peers' venv Python, if it imports `modules` (e.g. "sklearn, krippendorff"); SKIPPED (or, in CI, failing)
/// when the venv or those packages are missing.
pub fn peer_python_with(modules: &str) -> Option<PathBuf> {
    let python = peer_python()?;
    let imports = Command::new(&python).args(["-c", &format!("import {modules}")]).output();
    match imports {
        Ok(out) if out.status.success() => Some(python),
        _ => missing(&format!("{modules} in the peer-tools venv")).then_some(python),
    }
}

/// A program on PATH, e.g. `xmllint`, `pdfinfo`, `chromium`.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found =
        std::env::var_os("PATH").iter().flat_map(std::env::split_paths).map(|dir| dir.join(name)).find(|p| p.is_file());
    match found {
        Some(p) => Some(p),
        None => missing(name).then(PathBuf::new),
    }
}

/// The shared corpus of others' annotation files, if present.
pub fn corpus_annotations() -> Option<PathBuf> {
    let dir = corpus_root().join("annotations");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the shared corpus is absent (set CLAIMFRAME_CORPUS or place it at ../shared/corpus)");
        None
    }
}

/// A fresh temp folder under cargo's per-target temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("exchange").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// The bundled sample case with its body camera (m1) only: the format and import tests are about one camera's
/// events (all the sample's events are on m1); the tests of several cameras add their own second one.
pub fn sample_case() -> Case {
    let mut case = load_case(&repo().join("sample_projects/sample.case.ron")).expect("load the sample case");
    case.media.retain(|id, _| id.as_str() == "m1");
    assert!(case.events.values().all(|e| e.media_id.as_str() == "m1"), "the sample's events are on its body camera");
    case
}

/// Writes `case` as `dir/case.ron` with each media file found through its absolute path in the bundled sample.
pub fn write_case(dir: &Path, mut case: Case) -> PathBuf {
    let sample_dir = sample_footage().parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
    for media in case.media.values_mut() {
        media.last_absolute_path = sample_dir.join(&media.path_relative);
        media.path_relative = PathBuf::from("missing-on-purpose.mp4");
    }
    let path = dir.join("case.ron");
    save_case(&path, &case, SaveOptions::default(), None).expect("save the case");
    path
}

/// The sample case written to a fresh temp folder `name` and exported there as `export.<format>` by the binary;
/// returns the case and the export.
pub fn exported_sample(name: &str, format: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let case = write_case(&dir, sample_case());
    let exported = dir.join(format!("export.{format}"));
    run_ok(&["export", s(&case), "--format", format, "-o", s(&exported)]);
    (case, exported)
}

/// The sample case without its events, written to a fresh temp folder `name`: a target to import into.
pub fn empty_sample_target(name: &str) -> PathBuf {
    let mut case = sample_case();
    case.events.clear();
    write_case(&temp_dir(name), case)
}

/// Scripts and formulas planted in user text; none may run anywhere.
pub const SCRIPT_NOTE: &str =
    "<script>document.title='PWNED-SCRIPT'</script><img src=x onerror=\"document.title='PWNED-IMG'\">";
pub const FORMULA_NOTE: &str = "=HYPERLINK(\"http://evil.invalid\",\"click\")";

/// The sample case with hostile notes, claim text and rationale.
pub fn hostile_case() -> Case {
    let mut case = sample_case();
    for (i, event) in case.events.values_mut().enumerate() {
        event.note = if i % 2 == 0 { SCRIPT_NOTE.to_owned() } else { FORMULA_NOTE.to_owned() };
        for link in &mut event.links {
            link.rationale = "</p><script>document.title='PWNED-RATIONALE'</script>".to_owned();
        }
    }
    for claim in case.claims.values_mut() {
        claim.quote = format!("</blockquote><svg onload=\"document.title='PWNED-SVG'\"></svg>{}", claim.quote);
        claim.source.link = Some("javascript:document.title='PWNED-LINK'".to_owned());
    }
    case
}

pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("CLAIMFRAME_CACHE_DIR", repo().join("target/test-cache"))
        .output()
        .expect("run claimframe")
}

pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(out.status.success(), "claimframe {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Runs a peer program and returns its stdout, panicking with its stderr on failure.
pub fn peer(program: &Path, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect("run peer tool");
    assert!(
        out.status.success(),
        "{} {args:?} failed:\n{}\n{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
