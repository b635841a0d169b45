//! A case that proves itself: a case saved by ClaimFrame verifies clean, and each of many edits made to it outside
//! ClaimFrame (the file rewritten without going through an audited, signed save) is caught by `verify` with a
//! message naming what changed.

mod support;

use std::path::{Path, PathBuf};

use claimframe::case::*;
use support::case::{ctx, event, fixture_case, problems};

/// A case made and edited through ClaimFrame (creation, two edits, a save): the state a tamper starts from.
fn saved_case(dir: &Path) -> PathBuf {
    // Keys (and the index cache) in a scratch folder of this test process, never the user's.
    support::isolate_cache();
    let path = dir.join("stop.case.ron");
    let clock = FixedClock(1_767_225_600_000);
    let mut session = CaseSession::create_as(&path, fixture_case(), SaveOptions::default(), ctx(&clock)).unwrap();
    let mut e1 = session.case().events[&EventId::new("e1")].clone();
    e1.note = "agent brakes hard".into();
    session.apply(Edit::UpdateEvent(Box::new(e1)), ctx(&clock)).unwrap();
    session.apply(Edit::AddEvent(Box::new(event("e3", "following", 840, Some(900)))), ctx(&clock)).unwrap();
    session.save().unwrap();
    path
}

/// Writes `case` over the file as a text editor or another program would: no audit entry, no signature.
fn rewrite_outside(path: &Path, case: &Case) -> Case {
    let text = case_to_ron(case).unwrap();
    std::fs::write(path, text).unwrap();
    load_case(path).unwrap()
}

fn assert_caught(name: &str, lines: &[String], words: &[&str]) {
    assert!(!lines.is_empty(), "{name}: not detected");
    let all = lines.join("\n");
    for w in words {
        assert!(all.contains(w), "{name}: expected {w:?} in:\n{all}");
    }
}

#[test]
fn a_case_saved_by_claimframe_verifies_clean_and_names_its_signer() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_case(dir.path());
    let case = load_case(&path).unwrap();
    assert_eq!(problems(&case), Vec::<String>::new());
    assert_eq!(case.audit.entries()[0].action, CREATE_ACTION);
    let report = verify_case::<String>(&case, Path::new("."), None);
    // Signed at creation and at the save.
    assert_eq!(report.signatures.signed.len(), 2, "{:?}", report.signatures);
    assert!(report.signatures.signed[1].starts_with("ana (key SHA256:"), "{:?}", report.signatures.signed);
    assert!(report.signatures.signed[1].ends_with("signed entries 1–3"), "{:?}", report.signatures.signed);
    // The anchor an exhibit prints is read back the same.
    let anchor = Anchor::of(&case);
    assert_eq!(Anchor::find_in(&format!("<p>{anchor}</p>")), Some(anchor.clone()));
    assert_ne!(anchor.signer, "unsigned");
}

#[test]
fn every_edit_made_outside_claimframe_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_case(dir.path());
    let original = load_case(&path).unwrap();
    type Tamper = (&'static str, fn(&mut Case), &'static [&'static str]);
    let tampers: Vec<Tamper> = vec![
        (
            "event frame",
            |c| c.events.get_mut(&EventId::new("e3")).unwrap().start.frame = 841,
            &["event e3: start.frame changed outside ClaimFrame; the log's last state has 840, the file has 841"],
        ),
        (
            "event pts",
            |c| c.events.get_mut(&EventId::new("e3")).unwrap().start.pts_ticks += 1,
            &["event e3: start.pts_ticks"],
        ),
        (
            "event note",
            |c| c.events.get_mut(&EventId::new("e1")).unwrap().note = "no braking".into(),
            &["event e1: note", "\"agent brakes hard\""],
        ),
        (
            "event type",
            |c| c.events.get_mut(&EventId::new("e1")).unwrap().type_id = EventTypeId::new("following"),
            &["event e1: type_id"],
        ),
        (
            "modifier value",
            |c| {
                c.events.get_mut(&EventId::new("e2")).unwrap().modifiers.insert("certainty".into(), "certain".into());
            },
            &["event e2: modifiers.certainty"],
        ),
        (
            "link stance",
            |c| c.events.get_mut(&EventId::new("e1")).unwrap().links[0].stance = Stance::Contradicts,
            &["event e1: links[0].stance"],
        ),
        ("claim quote", |c| c.claims.values_mut().next().unwrap().quote.push_str(" (edited)"), &["claim c1: quote"]),
        (
            "media hash",
            |c| c.media.get_mut(&MediaId::new("m1")).unwrap().sha256 = "ab".repeat(32),
            &["media m1: sha256"],
        ),
        ("meta title", |c| c.meta.title = "Another stop".into(), &["meta.title"]),
        ("taxonomy", |c| c.taxonomy.types[0].name = "Ramming".into(), &["event type", ": name"]),
        (
            "removed event",
            |c| drop(c.events.remove(&EventId::new("e2"))),
            &["event e2: in the log's last state but missing from the file"],
        ),
        (
            "added event",
            |c| {
                let e9 = event("e9", "contact", 10, None);
                c.events.insert(e9.id.clone(), e9);
            },
            &["event e9: in the file but not in the log"],
        ),
        (
            "truncated log",
            |c| {
                let kept = c.audit.entries()[..2].to_vec();
                c.audit = serde_json::from_value(serde_json::to_value(kept).unwrap()).unwrap();
            },
            &["event e3: in the file but not in the log", "covers a log of 3 entries"],
        ),
        ("emptied log", |c| c.audit = AuditLog::default(), &["the audit log is empty"]),
        (
            "reordered log",
            |c| {
                let mut entries = c.audit.entries().to_vec();
                entries.swap(1, 2);
                c.audit = serde_json::from_value(serde_json::to_value(entries).unwrap()).unwrap();
            },
            &["does not follow the entry before it"],
        ),
        ("signatures removed", |c| c.signatures.clear(), &["no reviewer signed this case"]),
        ("signature altered", |c| c.signatures[0].signed_utc = "2020-01-01T00:00:00.000Z".into(), &["does not verify"]),
        (
            "chain rebuilt without the key",
            |c| {
                // A forger changes a frame and appends a well-formed entry with the right content hash, re-chained,
                // keeping the old signatures: the chain holds, but no key signed the new head.
                let mut e3 = c.events[&EventId::new("e3")].clone();
                e3.start.frame = 850;
                let clock = FixedClock(1_767_300_000_000);
                apply_audited(c, Edit::UpdateEvent(Box::new(e3)), EditContext { reviewer: "ana", clock: &clock }, "")
                    .unwrap();
            },
            &["signed by no reviewer"],
        ),
    ];
    assert!(tampers.len() >= 15);
    for (name, tamper, words) in tampers {
        let mut case = original.clone();
        tamper(&mut case);
        let reread = rewrite_outside(&path, &case);
        assert_caught(name, &problems(&reread), words);
    }
}

#[test]
fn an_old_schema_case_gets_its_content_chained_on_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved_case(dir.path());
    // The same content written as schema 2 wrote it: no content in the log, no signatures.
    let mut case = load_case(&path).unwrap();
    case.signatures.clear();
    let mut legacy = AuditLog::default();
    for e in case.audit.entries() {
        legacy.append(e.time_utc.clone(), &e.reviewer, &e.action, e.details.clone());
    }
    case.audit = legacy;
    let text = case_to_ron(&case).unwrap().replacen("version: 3,", "version: 2,", 1);
    std::fs::write(&path, text).unwrap();
    let migrated = load_case(&path).unwrap();
    assert_eq!(migrated.audit.entries().last().map(|e| e.action.as_str()), Some(MIGRATE_ACTION));
    let report = verify_case::<String>(&migrated, Path::new("."), None);
    assert!(report.is_ok(), "{:?}", report.problems);
    // Unsigned until the next save, and said so.
    assert!(report.signatures.unsigned_head.is_some());
}

/// `case verify --against EXHIBIT` says whether the case still holds exactly what each exhibit was made from.
#[test]
fn verify_against_an_exhibit_says_whether_the_case_changed_since() {
    support::isolate_cache();
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("stop.case.ron");
    support::ok(support::case_cmd(&case, &["new", "--title", "Test stop", "--sample-claims"]));
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let clip = dir.path().join("clip.mp4");
    std::fs::copy(support::media::fixture("vfr.mp4"), &clip).unwrap();
    support::ok(support::case_cmd(&case, &["add-media", &s(&clip)]));
    let shown: serde_json::Value =
        serde_json::from_str(&support::ok(support::case_cmd(&case, &["show", "--json"]))).unwrap();
    let media_id = shown["media"][0]["id"].as_str().unwrap().to_owned();
    // The CSV carries the anchor on every row, so the table needs one.
    support::ok(support::case_cmd(&case, &["add-event", "--media", &media_id, "--type", "contact", "--frame", "10"]));
    let mut exhibits = Vec::new();
    for format in ["json", "csv", "eaf", "otio", "html", "pdf"] {
        let out = dir.path().join(format!("exhibit.{format}"));
        let status = std::process::Command::new(support::bin())
            .args(["export", &s(&case), "--format", format, "-o", &s(&out)])
            .status()
            .unwrap();
        assert!(status.success(), "{format} export");
        exhibits.push(out);
    }
    for exhibit in &exhibits {
        let text = support::ok(support::case_cmd(&case, &["verify", "--against", &s(exhibit)]));
        assert!(text.contains("still holds exactly what"), "{}: {text}", exhibit.display());
    }
    support::ok(support::case_cmd(
        &case,
        &["add-claim", "--title", "Later", "--quote", "q", "--agency", "A", "--document", "D"],
    ));
    for exhibit in &exhibits {
        let out = support::case_cmd(&case, &["verify", "--against", &s(exhibit)]);
        assert_eq!(out.status.code(), Some(1), "{}", exhibit.display());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("the case has changed since (1 later entr(ies))"), "{}: {text}", exhibit.display());
    }
}

#[test]
fn events_coded_before_their_file_was_verified_are_marked_in_the_exhibits() {
    let mut case = fixture_case();
    if let Some(e) = case.events.get_mut(&EventId::new("e1")) {
        e.media_at_coding = MediaAtCoding::Hashing;
    }
    if let Some(e) = case.events.get_mut(&EventId::new("e2")) {
        e.media_at_coding = MediaAtCoding::Verified;
    }
    let exhibit = claimframe::export::Exhibit::default();
    let html = String::from_utf8(claimframe::export::export_html(&case, &exhibit).expect("html")).expect("utf-8");
    // e1 is marked where it is cited (its claim) and in the event list; e2 nowhere.
    assert_eq!(html.matches("Caution: coded while the file was still being hashed").count(), 2, "only e1: {html}");
    let e2_row = html.split("<tr><td>e2</td>").nth(1).and_then(|rest| rest.split("</tr>").next()).expect("e2's row");
    assert!(!e2_row.contains("Caution"), "{e2_row}");
    let e1_row = html.split("<tr><td>e1</td>").nth(1).and_then(|rest| rest.split("</tr>").next()).expect("e1's row");
    assert!(e1_row.contains("Caution: coded while the file was still being hashed"), "{e1_row}");
    let csv = String::from_utf8(claimframe::export::export_csv(&case).expect("csv")).expect("utf-8");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().expect("a header row").clone();
    let column = headers.iter().position(|h| h == "media_at_coding").expect("a media_at_coding column");
    let cells: Vec<String> = rows.records().map(|r| r.expect("a row")[column].to_owned()).collect();
    assert_eq!(cells, ["hashing", "verified"]);
}
