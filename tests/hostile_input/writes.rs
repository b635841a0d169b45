//! Exports never replace the case, its journal, its backups or its media (not even through a symlink), and land
//! through an exclusive temp file renamed into place; a save keeps the case file's permissions and follows a
//! symlinked case to its target.

use crate::support::case::fixture_case;
use crate::support::exchange::{run, run_ok, s, sample_case, temp_dir, write_case};
use claimframe::case::{journal_path, load_case, save_case, Case, SaveOptions};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

fn refused(case: &Path, output: &Path, format: &str) -> String {
    let before = std::fs::read(case).expect("read case");
    let out = run(&["export", s(case), "--format", format, "-o", s(output)]);
    assert!(!out.status.success(), "exporting onto {} must fail", output.display());
    assert_eq!(std::fs::read(case).expect("read case"), before, "the case is untouched");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_export_never_replaces_the_case_its_journal_or_its_media() {
    let dir = temp_dir("hostile-writes-protected");
    let mut case = sample_case();
    let media_name = "footage.mp4";
    std::fs::write(dir.join(media_name), b"stand-in footage").expect("write stand-in");
    let path = write_case(&dir, case.clone());
    // Point the media at the stand-in, next to the case.
    for media in case.media.values_mut() {
        media.path_relative = PathBuf::from(media_name);
    }
    save_case(&path, &case, SaveOptions::default(), None).expect("save");
    let err = refused(&path, &path, "csv");
    assert!(err.contains("it is the case file"), "{err}");
    let err = refused(&path, &journal_path(&path), "json");
    assert!(err.contains("it is the journal of"), "{err}");
    let err = refused(&path, &dir.join("case.ron.bak1"), "json");
    assert!(err.contains("it is the backup"), "{err}");
    let footage = dir.join(media_name);
    let err = refused(&path, &footage, "csv");
    assert!(err.contains("it is media"), "{err}");
    assert_eq!(std::fs::read(&footage).expect("read stand-in"), b"stand-in footage");
    let alias = dir.join("alias.csv");
    std::os::unix::fs::symlink(&path, &alias).expect("symlink");
    let err = refused(&path, &alias, "csv");
    assert!(err.contains("it is the case file"), "{err}");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let err = refused(&path, &sub.join("../case.ron"), "csv");
    assert!(err.contains("it is the case file"), "{err}");
}

#[test]
fn an_export_replaces_its_output_whole_and_leaves_no_temp_file() {
    let dir = temp_dir("hostile-writes-temp");
    let path = write_case(&dir, sample_case());
    let output = dir.join("events.csv");
    std::fs::write(&output, b"old").expect("write old output");
    run_ok(&["export", s(&path), "--format", "csv", "-o", s(&output)]);
    assert_ne!(std::fs::read(&output).expect("read output"), b"old");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp") || n.ends_with(".partial")), "{names:?}");
}

#[test]
fn a_save_keeps_the_case_file_permissions() {
    let dir = temp_dir("hostile-writes-mode");
    let path = dir.join("case.ron");
    save_case(&path, &fixture_case(), SaveOptions::default(), None).expect("first save");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let mut case: Case = fixture_case();
    case.meta.title = "second".into();
    save_case(&path, &case, SaveOptions::default(), None).expect("second save");
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the save kept the file's permissions");
    assert_eq!(load_case(&path).expect("load").meta.title, "second");
}

#[test]
fn a_save_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let dir = temp_dir("hostile-writes-symlink");
    let real_dir = dir.join("real");
    std::fs::create_dir_all(&real_dir).expect("mkdir");
    let real = real_dir.join("case.ron");
    save_case(&real, &fixture_case(), SaveOptions::default(), None).expect("first save");
    let link = dir.join("linked.ron");
    std::os::unix::fs::symlink(Path::new("real/case.ron"), &link).expect("symlink");
    let mut case = fixture_case();
    case.meta.title = "through the link".into();
    save_case(&link, &case, SaveOptions::default(), None).expect("save through the link");
    assert!(std::fs::symlink_metadata(&link).expect("lstat").file_type().is_symlink(), "the link stays a link");
    assert_eq!(load_case(&real).expect("load target").meta.title, "through the link");
    assert!(real_dir.join("case.ron.bak1").is_file(), "backups sit beside the target");
    assert!(!dir.join("linked.ron.bak1").exists());
}
