//! Several reviewers on one case: blind working copies (`fork_case`) merged back (`merge_copies`) give what coding
//! in one file gives; conflicts are listed and left; merging twice changes nothing; merged files verify and a hand
//! edit of one does not; old files load; adjudication edits are audited, undoable, and define the adjudicated set.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use claimframe::case::*;
use support::case::{event, fixture_case, problems};

const CLOCK: FixedClock = FixedClock(1_767_225_600_000);

fn as_(reviewer: &str) -> EditContext<'_> {
    EditContext { reviewer, clock: &CLOCK }
}

/// The main case (events e1, e2 coded by ana), saved by ClaimFrame.
fn main_case(dir: &Path) -> PathBuf {
    support::isolate_cache();
    let path = dir.join("stop.case.ron");
    let mut session = CaseSession::create_as(&path, fixture_case(), SaveOptions::default(), as_("ana")).unwrap();
    session.save().unwrap();
    path
}

/// `reviewer`'s working copy of `source`, saved (and signed) as ClaimFrame saves it.
fn fork_to(source: &Path, reviewer: &str, shared: &[&str]) -> PathBuf {
    let shared: Vec<EventId> = shared.iter().map(|id| EventId::new(*id)).collect();
    let copy = fork_case(&load_case(source).unwrap(), &shared, as_(reviewer)).unwrap();
    let path = source.with_file_name(format!("{reviewer}.case.ron"));
    CaseSession::create_as(&path, copy, SaveOptions::default(), as_(reviewer)).unwrap();
    path
}

/// Applies `edits` to the case at `path` as `reviewer`, and saves.
fn code(path: &Path, reviewer: &str, edits: Vec<Edit>) {
    let (mut session, _) = CaseSession::open(path, SaveOptions::default()).unwrap();
    for edit in edits {
        session.apply(edit, as_(reviewer)).unwrap();
    }
    session.save().unwrap();
}

/// Plans the merge of `copies` into `target`, applies it (when there is anything) and saves; returns the plan.
fn merge(target: &Path, copies: &[&Path]) -> MergePlan {
    let loaded: Vec<Case> = copies.iter().map(|p| load_case(p).unwrap()).collect();
    let (mut session, _) = CaseSession::open(target, SaveOptions::default()).unwrap();
    let plan = merge_copies(session.case(), &loaded.iter().collect::<Vec<_>>()).unwrap();
    if let Some(edit) = plan.edit.clone() {
        session.apply(edit, as_("carla")).unwrap();
        session.save().unwrap();
    }
    plan
}

fn link(claim: &str, stance: Stance) -> ClaimLink {
    ClaimLink { claim_id: ClaimId::new(claim), stance, rationale: format!("{stance} {claim}"), ..ClaimLink::default() }
}

fn by(reviewer: &str, mut e: Event) -> Event {
    e.reviewer = reviewer.into();
    e
}

fn ana_edits(case: &Case) -> Vec<Edit> {
    let mut e2 = case.events[&EventId::new("e2")].clone();
    e2.note = "follows for two blocks".into();
    let claim = Claim { id: ClaimId::new("c-ana1"), title: "Agents were rammed".into(), ..Claim::default() };
    vec![
        Edit::AddEvent(Box::new(by("ana", event("e-ana1", "contact", 120, None)))),
        Edit::AddClaim(Box::new(claim)),
        Edit::Link { event_id: EventId::new("e-ana1"), link: link("c-ana1", Stance::Contradicts) },
        Edit::UpdateEvent(Box::new(e2)),
    ]
}

fn ben_edits() -> Vec<Edit> {
    let mut look = EventType {
        id: EventTypeId::new("look-back"),
        name: "Driver looks back".into(),
        kind: EventKind::Point,
        hotkey: "Q".into(),
        ..EventType::default()
    };
    look.modifiers =
        vec![Modifier { id: "certainty".into(), name: "Certainty".into(), allowed_values: vec!["probable".into()] }];
    vec![
        Edit::AddEventType { event_type: Box::new(look), index: None },
        Edit::AddEvent(Box::new(by("ben", event("e-ben1", "look-back", 200, None)))),
        Edit::AddEvent(Box::new(by("ben", event("e-ben2", "contact", 121, None)))),
        Edit::Link { event_id: EventId::new("e-ben2"), link: link("c11", Stance::Supports) },
    ]
}

#[test]
fn merging_blind_copies_gives_what_coding_in_one_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let single = dir.path().join("single.case.ron");
    std::fs::copy(&main, &single).unwrap();

    let ana = fork_to(&main, "ana", &[]);
    let ben = fork_to(&main, "ben", &[]);
    let ben_copy = load_case(&ben).unwrap();
    assert!(ben_copy.events.is_empty(), "ben's blind copy holds none of ana's events");
    assert_eq!(load_case(&ana).unwrap().events.len(), 2, "ana's copy keeps her own events");
    assert_eq!(ben_copy.claims, load_case(&main).unwrap().claims);
    assert_eq!(ben_copy.audit.entries()[ben_copy.audit.len() - 1].action, FORK_ACTION);
    assert_eq!(problems(&ben_copy), Vec::<String>::new(), "a fresh copy verifies");
    let tag = ben_copy.meta.fork.as_ref().unwrap().tag().to_owned();
    assert!(ben_copy.new_event_id().as_str().starts_with(&format!("e-{tag}-")), "copies make ids under their prefix");

    let edits_a = ana_edits(&load_case(&ana).unwrap());
    code(&ana, "ana", edits_a.clone());
    code(&ben, "ben", ben_edits());
    code(&single, "ana", edits_a);
    code(&single, "ben", ben_edits());

    let plan = merge(&main, &[&ana, &ben]);
    assert_eq!(plan.conflicts, vec![], "no conflicts");
    assert!(plan.copies[1].brought.contains(&"added event type look-back".to_owned()), "{:?}", plan.copies);
    let merged = load_case(&main).unwrap();
    let one = load_case(&single).unwrap();
    assert_eq!(merged.events, one.events, "same events and links");
    assert_eq!(merged.claims, one.claims);
    assert_eq!(merged.taxonomy, one.taxonomy);
    // Each link names who made it.
    let e_ben2 = &merged.events[&EventId::new("e-ben2")];
    assert_eq!(e_ben2.links[0].reviewer, "ben");
    assert_eq!(merged.events[&EventId::new("e1")].links[0].reviewer_of(&merged.events[&EventId::new("e1")]), "ana");

    assert_eq!(problems(&merged), Vec::<String>::new(), "the merged file verifies");
    let report = verify_case::<String>(&merged, Path::new("."), None);
    assert!(report.signatures.signed.iter().any(|s| s.starts_with("ben (key SHA256:") && s.contains("ben's copy")));
    let chains = fork_chains(&merged.audit);
    assert_eq!(chains.len(), 2, "each reviewer's chain is kept");

    // Merging the same copies again changes nothing.
    let text = std::fs::read_to_string(&main).unwrap();
    let again = merge(&main, &[&ana, &ben]);
    assert_eq!(again.edit, None);
    assert_eq!(again.conflicts, vec![]);
    assert!(again.copies.iter().all(|c| c.already_joined && c.brought.is_empty()));
    assert_eq!(std::fs::read_to_string(&main).unwrap(), text, "the file is untouched");

    // Coding on in a copy and merging it again brings only what is new, and the file still verifies.
    code(&ben, "ben", vec![Edit::AddEvent(Box::new(by("ben", event("e-ben3", "look-back", 260, None))))]);
    let third = merge(&main, &[&ben]);
    assert_eq!(third.copies[0].brought, vec!["added event e-ben3".to_owned()]);
    let merged = load_case(&main).unwrap();
    assert_eq!(problems(&merged), Vec::<String>::new());
    assert_eq!(fork_chains(&merged.audit)[&ben_copy.meta.fork.unwrap().fork_id].segments.len(), 2);
}

#[test]
fn conflicts_are_listed_and_left_never_resolved_silently() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let ben = fork_to(&main, "ben", &["e1"]);
    let case = load_case(&main).unwrap();
    let renamed = |name: &str| {
        let mut t = case.taxonomy.get(&EventTypeId::new("contact")).unwrap().clone();
        t.name = name.into();
        Edit::UpdateEventType(Box::new(t))
    };
    let noted = |note: &str| {
        let mut e = case.events[&EventId::new("e1")].clone();
        e.note = note.into();
        Edit::UpdateEvent(Box::new(e))
    };
    code(&ben, "ben", vec![noted("bumper touches the car"), renamed("Contact (vehicle)")]);
    code(&main, "ana", vec![noted("no contact visible"), renamed("Touch")]);

    let plan = merge(&main, &[&ben]);
    let words: Vec<String> = plan.conflicts.iter().map(ToString::to_string).collect();
    assert_eq!(plan.conflicts.len(), 2, "{words:#?}");
    assert!(plan.conflicts.iter().all(|c| c.kind == ConflictKind::ChangedInBoth));
    let all = words.join("\n");
    assert!(all.contains("event e1 was changed both here and in ben's copy since the fork"), "{all}");
    assert!(all.contains(r#"note: here "no contact visible", there "bumper touches the car""#), "{all}");
    assert!(all.contains("event type contact was changed both here and in ben's copy"), "{all}");
    assert!(all.contains(r#"name: here "Touch", there "Contact (vehicle)""#), "{all}");
    let merged = load_case(&main).unwrap();
    assert_eq!(merged.events[&EventId::new("e1")].note, "no contact visible", "left as it is here");
    assert_eq!(merged.taxonomy.get(&EventTypeId::new("contact")).unwrap().name, "Touch");
    assert_eq!(problems(&merged), Vec::<String>::new());
    // Listed again at the next merge, and still nothing changes.
    let again = merge(&main, &[&ben]);
    assert_eq!(again.conflicts, plan.conflicts);
    assert_eq!(again.edit, None);
}

/// A measurement by `reviewer` between `frames` of m1, on the copy's own id prefix.
fn measurement(case: &Case, reviewer: &str, frames: &[u64]) -> Measurement {
    let marks = frames.iter().map(|&f| MeasureMark { at: support::case::point(f), frame_interval_ticks: 3003 });
    Measurement {
        id: case.new_measurement_id(),
        media: vec![MediaMarks { media_id: MediaId::new("m1"), marks: marks.collect() }],
        reviewer: reviewer.into(),
        ..Measurement::default()
    }
}

#[test]
fn measurements_come_back_with_the_merge_and_a_change_on_both_sides_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let shared = measurement(&load_case(&main).unwrap(), "ben", &[100, 130]);
    let gone =
        Measurement { id: MeasurementId::new("ms-gone"), ..measurement(&load_case(&main).unwrap(), "ben", &[10, 20]) };
    code(
        &main,
        "ben",
        vec![Edit::AddMeasurement(Box::new(shared.clone())), Edit::AddMeasurement(Box::new(gone.clone()))],
    );
    let ben = fork_to(&main, "ben", &[]);
    let copy = load_case(&ben).unwrap();
    assert_eq!(copy.measurements.len(), 2, "ben's own measurements stay in his copy");
    let added = measurement(&copy, "ben", &[100, 115, 130]);
    let mut changed_there = shared.clone();
    changed_there.note = "lane markings".into();
    code(
        &ben,
        "ben",
        vec![
            Edit::AddMeasurement(Box::new(added.clone())),
            Edit::UpdateMeasurement(Box::new(changed_there)),
            Edit::RemoveMeasurement(gone.id.clone()),
        ],
    );
    let mut changed_here = shared.clone();
    changed_here.note = "wheelbase".into();
    code(&main, "ana", vec![Edit::UpdateMeasurement(Box::new(changed_here))]);

    let plan = merge(&main, &[&ben]);
    let brought = &plan.copies[0].brought;
    assert!(brought.contains(&format!("added measurement {}", added.id)), "{brought:?}");
    assert!(brought.contains(&"removed measurement ms-gone".to_owned()), "{brought:?}");
    let words: Vec<String> = plan.conflicts.iter().map(ToString::to_string).collect();
    assert_eq!(words.len(), 1, "{words:#?}");
    assert!(
        words[0].contains(&format!("measurement {} was changed both here and in ben's copy", shared.id)),
        "{words:?}"
    );
    assert!(words[0].contains(r#"note: here "wheelbase", there "lane markings""#), "{words:?}");
    let merged = load_case(&main).unwrap();
    assert_eq!(merged.measurements[&added.id], added);
    assert!(!merged.measurements.contains_key(&gone.id));
    assert_eq!(merged.measurements[&shared.id].note, "wheelbase", "a conflict is left as it is here");
    assert_eq!(problems(&merged), Vec::<String>::new(), "the merged file verifies");
    assert_eq!(merge(&main, &[&ben]).edit, None, "merging again changes nothing");
}

#[test]
fn a_hand_edited_merged_file_fails_verify() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let ben = fork_to(&main, "ben", &[]);
    code(&ben, "ben", ben_edits());
    merge(&main, &[&ben]);
    let text = std::fs::read_to_string(&main).unwrap();

    // A merged event's note changed in the file.
    let edited = text.replacen("note for e-ben1\",\n", "note for e-ben9\",\n", 1);
    assert_ne!(edited, text);
    let lines = problems(&case_from_ron(&edited, &main).unwrap());
    assert!(lines.iter().any(|l| l.contains("event e-ben1: note changed outside ClaimFrame")), "{lines:#?}");

    // An entry of ben's kept chain changed inside the merge entry.
    let edited = text.replacen("action: \"fork_case\"", "action: \"add_event\"", 1);
    assert_ne!(edited, text);
    let lines = problems(&case_from_ron(&edited, &main).unwrap());
    assert!(lines.iter().any(|l| l.contains("was altered: its hash does not match")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("merged chain: ben's copy")), "{lines:#?}");
}

#[test]
fn old_files_load_and_verify_unchanged() {
    // The bundled sample was written before links named reviewers, adjudications and forks.
    let (_dir, path) = support::case::scratch_case();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("adjudication") && !text.contains("fork:"));
    let case = load_case(&path).unwrap();
    assert_eq!(problems(&case), Vec::<String>::new());
    let linked = case.events.values().find(|e| !e.links.is_empty()).expect("a linked event");
    assert!(linked.links[0].reviewer.is_empty());
    assert_eq!(linked.links[0].reviewer_of(linked), linked.reviewer, "an old link is its event's reviewer's");
    assert_eq!(adjudicated_set(&case).len(), case.events.len(), "without adjudications every event counts");
    assert_eq!(case_to_ron(&case).unwrap(), text, "written back byte for byte");
}

#[test]
fn adjudication_edits_are_audited_undoable_and_define_the_adjudicated_set() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let (ana, ben) = (fork_to(&main, "ana", &[]), fork_to(&main, "ben", &[]));
    code(&ana, "ana", vec![Edit::AddEvent(Box::new(by("ana", event("e-ana1", "contact", 120, None))))]);
    code(&ana, "ana", vec![Edit::AddEvent(Box::new(by("ana", event("e-ana2", "following", 300, Some(400)))))]);
    code(&ben, "ben", ben_edits());
    code(&ben, "ben", vec![Edit::AddEvent(Box::new(by("ben", event("e-ben3", "following", 350, Some(500)))))]);
    merge(&main, &[&ana, &ben]);

    let (mut session, _) = CaseSession::open(&main, SaveOptions::default()).unwrap();
    let carla = as_("carla");
    let decided =
        |reason: &'static str| Decision { adjudicator: "carla", reason, decided_utc: "2026-01-02T10:00:00.000Z" };
    let id = |s: &str| EventId::new(s);

    // A reason is required.
    assert!(accept(session.case(), &id("e-ana1"), &[id("e-ben2")], decided(" ")).is_err());
    // Accept one.
    let edit = accept(session.case(), &id("e-ana1"), &[id("e-ben2")], decided("frame 120 shows the contact")).unwrap();
    let entry = session.apply(edit, carla).unwrap();
    assert_eq!(entry.action, "adjudicate");
    assert!(
        entry.details.contains("accepted over e-ana1, e-ben2 by carla: frame 120 shows the contact"),
        "{}",
        entry.details
    );
    // Merge two.
    let edit =
        merge_events(session.case(), &[id("e-ana2"), id("e-ben3")], decided("one following, two views")).unwrap();
    session.apply(edit, carla).unwrap();
    // A new one.
    let mut own = event("x", "look-back", 205, None);
    own.note = "the driver turns at 205".into();
    let edit = recode(session.case(), own, &[id("e-ben1")], decided("recoded at the frame the head turns")).unwrap();
    session.apply(edit, carla).unwrap();

    let case = session.case();
    let set: Vec<&Event> = adjudicated_set(case);
    let superseded = superseded_by(case);
    assert_eq!(superseded.len(), 5);
    assert!(set.iter().all(|e| !superseded.contains_key(&e.id)));
    let adjudicated: Vec<&Event> = set.iter().copied().filter(|e| e.adjudication.is_some()).collect();
    assert_eq!(adjudicated.len(), 3);
    let merged =
        adjudicated.iter().find(|e| e.adjudication.as_ref().unwrap().kind == AdjudicationKind::Merged).unwrap();
    assert_eq!((merged.start.frame, merged.end.map(|p| p.frame)), (300, Some(500)), "the span of both");
    assert!(adjudicated.iter().all(|e| e.reviewer == "carla"));
    // The reviewers' own sets are kept.
    assert_eq!(reviewer_set(case, "ben").len(), 3);
    assert_eq!(set.len(), case.events.len() - 5);
    // A superseded event cannot be removed from under its adjudication.
    assert!(session.apply(Edit::RemoveEvent(id("e-ben2")), carla).is_err());

    // Undo all three, redo one.
    for _ in 0..3 {
        session.undo(carla).unwrap().unwrap();
    }
    assert!(superseded_by(session.case()).is_empty());
    session.redo(carla).unwrap().unwrap();
    assert_eq!(superseded_by(session.case()).len(), 2);
    session.save().unwrap();
    drop(session);
    assert_eq!(problems(&load_case(&main).unwrap()), Vec::<String>::new());
    // Adjudicating touches no reviewer's event: merging the copies again still changes nothing.
    let again = merge(&main, &[&ana, &ben]);
    assert_eq!(again.edit, None);
}

fn claimframe(args: &[&str]) -> std::process::Output {
    support::isolate_cache();
    Command::new(support::bin()).args(args).output().unwrap()
}

#[test]
fn the_command_line_forks_merges_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let (m, copy) = (main.to_str().unwrap(), dir.path().join("ben.case.ron"));
    let out = claimframe(&["case", "fork", m, "--reviewer", "ben", "-o", copy.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("0 of 2 event(s) kept"), "{said}");

    code(&main, "ana", vec![Edit::AddEvent(Box::new(by("ana", event("e-clash", "contact", 10, None))))]);
    code(&copy, "ben", vec![Edit::AddEvent(Box::new(by("ben", event("e-clash", "contact", 11, None))))]);
    let out = claimframe(&["case", "merge", m, copy.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "conflicts left: {said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("1 conflict(s) left for adjudication"), "{said}");
    assert!(said.contains("event e-clash is new in ben's copy, and this case has a different one"), "{said}");
    let verified = claimframe(&["case", "-c", m, "verify", "--skip-media-hashes"]);
    assert_eq!(verified.status.code(), Some(0), "{}", String::from_utf8_lossy(&verified.stdout));
}

#[test]
fn exports_show_the_adjudicated_set_unless_asked_for_all_or_one_reviewer_and_agreement_ignores_adjudications() {
    let dir = tempfile::tempdir().unwrap();
    let main = main_case(dir.path());
    let (ana, ben) = (fork_to(&main, "ana", &[]), fork_to(&main, "ben", &[]));
    code(&ana, "ana", vec![Edit::AddEvent(Box::new(by("ana", event("e-ana1", "contact", 120, None))))]);
    code(&ben, "ben", vec![Edit::AddEvent(Box::new(by("ben", event("e-ben1", "contact", 126, None))))]);
    merge(&main, &[&ana, &ben]);
    let (mut session, _) = CaseSession::open(&main, SaveOptions::default()).unwrap();
    let decided = Decision {
        adjudicator: "carla",
        reason: "ben's frame shows the touch",
        decided_utc: "2026-01-02T10:00:00.000Z",
    };
    let edit = accept(session.case(), &EventId::new("e-ben1"), &[EventId::new("e-ana1")], decided).unwrap();
    session.apply(edit, as_("carla")).unwrap();
    session.save().unwrap();
    let case = session.case().clone();
    drop(session);
    let adjudicated: Vec<String> =
        case.events.values().filter(|e| e.adjudication.is_some()).map(|e| e.id.to_string()).collect();
    assert_eq!(adjudicated.len(), 1);

    // The CSV's rows, by event id.
    let rows = |set: Option<&str>| -> Vec<String> {
        let out = dir.path().join("events.csv");
        let mut args = vec!["export", main.to_str().unwrap(), "--format", "csv", "-o", out.to_str().unwrap()];
        if let Some(set) = set {
            args.extend(["--set", set]);
        }
        let done = claimframe(&args);
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        let text = std::fs::read_to_string(&out).unwrap();
        let mut ids: Vec<String> =
            case.events.keys().map(|id| id.to_string()).filter(|id| text.contains(&format!("\n{id},"))).collect();
        ids.sort();
        ids
    };
    let every: Vec<String> = case.events.keys().map(|id| id.to_string()).collect();
    let default = rows(None);
    assert!(
        !default.contains(&"e-ana1".to_owned()) && !default.contains(&"e-ben1".to_owned()),
        "superseded: {default:?}"
    );
    assert!(default.contains(&adjudicated[0]), "the adjudicated event is shown: {default:?}");
    assert_eq!(default.len(), every.len() - 2);
    assert_eq!(rows(Some("adjudicated")), default);
    assert_eq!(rows(Some("all")), every);
    assert_eq!(rows(Some("reviewer:ben")), vec!["e-ben1".to_owned()]);
    let refused = claimframe(&["export", main.to_str().unwrap(), "--format", "csv", "-o", "x.csv", "--set", "some"]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("not a coding set"));

    // The agreement is the reviewers' own coding: the adjudicator is not a reviewer, the superseded events count.
    let found = agreement::agreement(&case, &agreement::AgreementParams::default()).unwrap();
    assert!(found.reviewers.iter().all(|r| r != "carla"), "{:?}", found.reviewers);
    assert!(found.reviewers.contains(&"ana".to_owned()) && found.reviewers.contains(&"ben".to_owned()));
    assert!(found.notes.iter().any(|n| n.contains("made by adjudication are left out")), "{:?}", found.notes);
}
