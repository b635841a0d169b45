//! The one helper module of the integration tests, compiled into each test binary with `mod support;`: where the
//! repository, the binary, the sample footage and the shared corpus are, and a private index cache per process;
//! then [`media`] (fixtures generated with the ffmpeg CLI, FFmpeg's framemd5), [`case`] (cases built in code),
//! [`exchange`] (sample-case copies and the peers' tools for the export/import tests), [`faults`] (journal
//! failures on cue, a tmpfs to fill) and [`app`] (the window driven headless). Each binary uses only part of it,
//! hence `dead_code` is allowed.
#![allow(dead_code)]

pub mod app;
pub mod case;
pub mod exchange;
pub mod faults;
pub mod media;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `claimframe` binary cargo built for the tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_claimframe"))
}

/// The bundled sample case's footage.
pub fn sample_footage() -> PathBuf {
    repo().join("sample_projects/footage/bodycam_sample.mp4")
}

/// Where the shared corpus of others' media and annotation files is, or would be: `$CLAIMFRAME_CORPUS`, else
/// `../shared/corpus` beside the repository. It may be absent.
pub fn corpus_root() -> PathBuf {
    std::env::var_os("CLAIMFRAME_CORPUS").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/corpus"))
}

/// Isolates the index cache and the signing keys of a test process (and the CLI children it starts).
pub fn isolate_cache() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let d = DIR.get_or_init(|| {
        let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    });
    std::env::set_var("CLAIMFRAME_CACHE_DIR", d);
    std::env::set_var("CLAIMFRAME_CONFIG_DIR", d.join("config"));
}

/// Runs `claimframe case -c CASE --reviewer "Test Reviewer" ARGS…` with a private index cache.
pub fn case_cmd(case: &Path, args: &[&str]) -> Output {
    isolate_cache();
    Command::new(bin())
        .arg("case")
        .arg("-c")
        .arg(case)
        .args(["--reviewer", "Test Reviewer"])
        .args(args)
        .output()
        .expect("run claimframe")
}

/// The standard output of a run that must have succeeded (else both outputs in the failure).
pub fn ok(out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The id of the media whose file (relative to the case) is `file`, from `case show --json`.
pub fn media_id_of(case: &Path, file: &str) -> String {
    let shown: serde_json::Value = serde_json::from_str(&ok(case_cmd(case, &["show", "--json"]))).expect("json");
    let media = shown["media"].as_array().expect("media");
    let m = media.iter().find(|m| m["path_relative"].as_str() == Some(file)).expect("the camera is in the case");
    m["id"].as_str().expect("an id").to_owned()
}
