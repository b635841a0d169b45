//! Imports: ELAN and JSON exports come back with every event (same type, frames, note, modifiers, links); the
//! corpus's ELAN, BORIS, SRT and WebVTT files written by other tools import or fail with a one-line message.

mod support;

use claimframe::case::{load_case, Case, Event};
use claimframe::import::{self, ImportOptions, When};
use support::exchange::*;

fn without_events(mut case: Case) -> Case {
    case.events.clear();
    case
}

/// What must survive a round trip, independent of event ids and timestamps. A link's reviewer is who made it: its
/// own, or for a link from before links named one, its event's (an export names it either way).
fn essence(e: &Event) -> String {
    let links: Vec<String> =
        e.links.iter().map(|l| format!("{}|{:?}|{}|{}", l.claim_id, l.stance, l.rationale, l.reviewer_of(e))).collect();
    format!(
        "{}|{}|{:?}|{:?}|{}|{:?}|{:?}|{}",
        e.type_id, e.media_id, e.start, e.end, e.note, e.modifiers, links, e.reviewer
    )
}

fn round_trip(format: &str, extra: &[&str]) {
    let tag = format!("{format}{}", extra.join(""));
    let source_dir = temp_dir(&format!("rt-src-{tag}"));
    let source = write_case(&source_dir, sample_case());
    let exported = source_dir.join(format!("export.{format}"));
    let mut args = vec!["export", s(&source), "--format", format, "-o", s(&exported)];
    args.extend_from_slice(extra);
    run_ok(&args);

    let target_dir = temp_dir(&format!("rt-dst-{tag}"));
    let target = write_case(&target_dir, without_events(sample_case()));
    run_ok(&["import", s(&target), s(&exported), "--reviewer", "round-trip test"]);
    let after = load_case(&target).expect("load imported case");
    let mut want: Vec<String> = sample_case().events.values().map(essence).collect();
    let mut got: Vec<String> = after.events.values().map(essence).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{format}: every event must come back unchanged");
    assert!(after.audit.len() > sample_case().audit.len(), "the import is in the audit log");
}

#[test]
fn eaf_round_trip_keeps_every_event() {
    round_trip("eaf", &[]);
}

#[test]
fn eaf_per_reviewer_round_trip_keeps_every_event() {
    round_trip("eaf", &["--tiers", "reviewer"]);
}

#[test]
fn json_round_trip_keeps_every_event() {
    round_trip("json", &[]);
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let dir = temp_dir("twice");
    let case = write_case(&dir, sample_case());
    let exported = dir.join("e.json");
    run_ok(&["export", s(&case), "--format", "json", "-o", s(&exported)]);
    let out = run(&["import", s(&case), s(&exported)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error:") && err.contains("no events this case lacks"), "{err}");
}

#[test]
fn boris_state_events_pair_and_keep_subjects_and_modifiers() {
    let Some(corpus) = corpus_annotations() else { return };
    let bytes = std::fs::read(corpus.join("boris_test.boris")).expect("read corpus file");
    let ambiguous = import::read("boris_test.boris", &bytes, &ImportOptions::default());
    let message = ambiguous.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("--observation") && message.contains("observation #1"), "{message}");

    let options = ImportOptions { observation: Some("modifiers".into()) };
    let imported = import::read("boris_test.boris", &bytes, &options).expect("import the modifiers observation");
    assert!(imported
        .types
        .iter()
        .any(|t| t.name == "r" && t.hotkey == "r" && t.modifiers.iter().any(|m| m.name == "modif #1")));
    let q: Vec<_> = imported.events.iter().filter(|e| e.type_key == "q").collect();
    assert_eq!(q.len(), 3, "point events stay points");
    assert!(q.iter().all(|e| matches!(e.when, When::Secs { end: None, .. })));
    assert_eq!(q[0].modifiers.get("modif #1").map(String::as_str), Some("m1"));
    let r: Vec<_> = imported.events.iter().filter(|e| e.type_key == "r").collect();
    assert!(!r.is_empty());
    assert!(
        matches!(r[0].when, When::Secs { start, end: Some(end) } if (start - 19.175).abs() < 1e-9 && (end - 27.95).abs() < 1e-9),
        "{:?}",
        r[0].when
    );

    let subjects =
        import::read("boris_test.boris", &bytes, &ImportOptions { observation: Some("observation #1".into()) })
            .expect("import observation #1");
    let subject_of = |e: &import::ImportedEvent| e.modifiers.get("subject").cloned().unwrap_or_default();
    let names: Vec<String> = subjects.events.iter().map(subject_of).collect();
    assert_eq!(names, ["subject1", "subject1", "subject1", "subject2"], "start/stop pairs per subject");
    assert!(
        matches!(subjects.events[3].when, When::Secs { start, end: Some(end) } if (start - 38.425).abs() < 1e-9 && (end - 46.1).abs() < 1e-9)
    );
}

#[test]
fn corpus_annotation_files_import_or_fail_with_a_clear_message() {
    let Some(corpus) = corpus_annotations() else { return };
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("list corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eaf" || x == "boris" || x == "srt" || x == "vtt"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "corpus annotation files found: {files:?}");
    let (mut imported, mut refused) = (0, 0);
    for file in files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = temp_dir(&format!("corpus-{name}"));
        let case = write_case(&dir, without_events(sample_case()));
        let mut args = vec!["import".to_owned(), s(&case).to_owned(), s(&file).to_owned()];
        if name == "boris_test.boris" {
            args.extend(["--observation".to_owned(), "observation #1".to_owned()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            let after = load_case(&case).expect("load case after import");
            assert!(!after.events.is_empty(), "{name}: import said yes but added nothing");
            for e in after.events.values() {
                let media = after.media.get(&e.media_id).expect("media");
                assert!(e.start.frame < media.probe.frame_count, "{name}: frame beyond the media");
            }
            imported += 1;
            eprintln!("{name}: imported {} event(s)", after.events.len());
        } else {
            let first = stderr.lines().find(|l| l.starts_with("error:")).unwrap_or("");
            assert!(first.len() > 20 && !stderr.contains("panicked"), "{name}: unclear failure: {stderr}");
            refused += 1;
            eprintln!("{name}: refused: {first}");
        }
    }
    assert!(imported >= 6, "most corpus files import ({imported} imported, {refused} refused)");
}

#[test]
fn json_import_into_a_case_without_the_types_recreates_them_by_id_and_name() {
    let source_dir = temp_dir("json-types-src");
    let source = write_case(&source_dir, sample_case());
    let exported = source_dir.join("e.json");
    run_ok(&["export", s(&source), "--format", "json", "-o", s(&exported)]);
    let mut bare = without_events(sample_case());
    bare.taxonomy.types.clear();
    let target_dir = temp_dir("json-types-dst");
    let target = write_case(&target_dir, bare);
    run_ok(&["import", s(&target), s(&exported)]);
    let after = load_case(&target).expect("load");
    for ty in &sample_case().taxonomy.types {
        let Some(got) = after.taxonomy.get(&ty.id) else { continue };
        assert_eq!((&got.name, got.kind), (&ty.name, ty.kind));
    }
    assert_eq!(after.events.len(), sample_case().events.len());
}

#[test]
fn an_interval_ending_after_the_last_frame_is_clamped_to_it_with_a_warning() {
    let dir = temp_dir("clamp-end");
    let case = write_case(&dir, without_events(sample_case()));
    let srt = dir.join("late.srt");
    // The sample footage is 60 s at 30 fps (frames 0–1799); the cue runs from 58 s to 75 s.
    std::fs::write(&srt, "1\n00:00:58,000 --> 00:01:15,000\nfollowing\n").expect("write srt");
    let out = run_ok(&["import", s(&case), s(&srt), "--reviewer", "clamp test"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("clamped to the last frame (1799)"), "{err}");
    let after = load_case(&case).expect("load");
    let event = after.events.values().find(|e| e.start.frame == 1740).expect("the cue was imported");
    assert_eq!(event.end.map(|e| e.frame), Some(1799), "the interval keeps its span up to the last frame");
}
