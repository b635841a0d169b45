//! `case show` and `case verify` on a case file with a syntax error: the same plain words the window shows (what is
//! wrong, the line and column, the line as found), and the newest backup that loads named with its time, or the
//! word that none does. Nothing is written to the broken file.

mod support;

use claimframe::case::{load_case, save_case, SaveOptions};
use support::case::scratch_case;
use support::case_cmd;

/// Runs `case ARGS` on `case`, which must fail; its standard error.
fn refused(case: &std::path::Path, args: &[&str]) -> String {
    let out = case_cmd(case, args);
    assert_eq!(out.status.code(), Some(1), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn show_and_verify_say_where_a_broken_case_breaks_and_name_its_backup() {
    let (_dir, path) = scratch_case();
    let mut case = load_case(&path).expect("the scratch case loads");
    case.meta.title = "Kept in the backup".into();
    let known = save_case(&path, &case, SaveOptions::default(), None).expect("saved");
    save_case(&path, &case, SaveOptions::default(), known.as_ref()).expect("saved again");
    let text = std::fs::read_to_string(&path).expect("read");
    let at = text.find("taxonomy:").expect("a taxonomy");
    // A list's closing bracket goes missing: everything after it is read as part of the list.
    let close = text[at..].find("],").expect("the list closes") + at;
    let broken = format!("{}{}", &text[..close], &text[close + 1..]);
    std::fs::write(&path, &broken).expect("damaged");
    for args in [&["show"][..], &["verify", "--skip-media-hashes"][..]] {
        let said = refused(&path, args);
        assert!(said.contains("cannot be read as a case: line "), "{args:?}: {said}");
        assert!(said.contains(", column "), "{said}");
        assert!(!said.contains("Expected") && !said.contains("Error::"), "no parser vocabulary: {said}");
        assert!(said.contains("Its newest backup that loads is ") && said.contains(".bak1, saved "), "{said}");
        assert!(said.contains(" UTC ("), "the backup's time is given: {said}");
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), broken, "the broken file is untouched");

    // Without a backup that loads, that is said too.
    std::fs::write(claimframe::case::backup_path(&path, 1), "(").expect("damaged");
    std::fs::write(claimframe::case::backup_path(&path, 2), [0xFFu8, 0xFE]).expect("damaged");
    let said = refused(&path, &["show"]);
    assert!(said.contains("None of its 2 backups loads either."), "{said}");
}
