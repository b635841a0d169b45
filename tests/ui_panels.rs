//! The coding panels (events table, inspector, claims board) each drawn alone on the sample case with egui_kittest:
//! clicks and typing go in, and the tests check the commands that come out, then apply the edits to the case to
//! prove they are valid. Selection commands are applied the way the app applies them, so multi-step gestures work.

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

use claimframe::case::event_query::{claim_tally, query, EventFilter, EventSort, SortDirection, SortKey};
use claimframe::case::{load_case, Case, ClaimId, Edit, EventId, MediaId, Stance};
use claimframe::desk::{ChangeLog, DeskCommand, DeskView, Selection};
use claimframe::player::{PlayerCommand, Timeline};
use claimframe::sample::synthetic_case;
use claimframe::ui::app::commands::{UiCommand, WindowCommand};
use claimframe::ui::panels::claims_board::{claims_board_ui, ClaimsBoardState};
use claimframe::ui::panels::events_table::{events_table_ui, EventsTableState};
use claimframe::ui::panels::inspector::{inspector_ui, InspectorState};

#[derive(Clone, Copy)]
enum Panel {
    Table,
    Inspector,
    Board,
}

/// What the app would hold: the case, the timeline, the selection, a revision, and every command returned.
struct Desk {
    panel: Panel,
    case: Case,
    media_id: MediaId,
    timeline: Timeline,
    selection: Selection,
    revision: u64,
    current_frame: usize,
    commands: Vec<UiCommand>,
    table: EventsTableState,
    inspector: InspectorState,
    board: ClaimsBoardState,
}

impl Desk {
    fn new(panel: Panel, case: Case) -> Self {
        Desk {
            panel,
            case,
            media_id: MediaId::from("m1"),
            timeline: Timeline::constant_rate(1800, 30),
            selection: Selection::default(),
            revision: 1,
            current_frame: 0,
            commands: Vec::new(),
            table: EventsTableState::default(),
            inspector: InspectorState::default(),
            board: ClaimsBoardState::default(),
        }
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        let view = DeskView {
            case: &self.case,
            media_id: &self.media_id,
            revision: self.revision,
            selection: &self.selection,
            timeline: &self.timeline,
            current_frame: self.current_frame,
            open_intervals: &[],
            mark_in: None,
            mark_out: None,
            changes: &ChangeLog::default(),
            visibility: &claimframe::case::Visibility::all(),
            measure: &claimframe::desk::MeasureDraft::default(),
        };
        let commands = match self.panel {
            Panel::Table => events_table_ui(ui, &view, &mut self.table),
            Panel::Inspector => inspector_ui(ui, &view, &mut self.inspector, &Default::default()),
            Panel::Board => claims_board_ui(ui, &view, &mut self.board),
        };
        for command in commands {
            match &command {
                UiCommand::Desk(DeskCommand::SelectEvents { ids, primary }) => {
                    self.selection.set(ids.clone(), primary.clone())
                }
                UiCommand::Desk(DeskCommand::ToggleEvent(id)) => self.selection.toggle(id.clone()),
                UiCommand::Desk(DeskCommand::SelectClaim(claim)) => self.selection.claim = claim.clone(),
                _ => {}
            }
            self.commands.push(command);
        }
    }

    fn edits(&self) -> Vec<&Edit> {
        self.commands
            .iter()
            .filter_map(|c| match c {
                UiCommand::Desk(DeskCommand::Edit(e)) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// Applies `edit` to a copy of the case: the panels must only return edits the case accepts.
    fn apply_to_copy(&self, edit: &Edit) -> Case {
        let mut case = self.case.clone();
        if let Err(e) = edit.clone().apply(&mut case) {
            panic!("the panel returned an edit the case refuses: {e}\n{edit:?}");
        }
        case
    }
}

fn sample_case() -> Case {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sample.case.ron");
    match load_case(&path) {
        Ok(case) => case,
        Err(e) => panic!("load the sample case: {e}"),
    }
}

fn harness(desk: Desk) -> Harness<'static, Desk> {
    let mut h =
        Harness::builder().with_size([1200.0, 760.0]).build_ui_state(|ui, desk: &mut Desk| desk.frame(ui), desk);
    h.run();
    h
}

/// The first of the nodes found (fields are found in layout order).
fn first_of<T>(mut nodes: impl Iterator<Item = T>) -> T {
    match nodes.next() {
        Some(node) => node,
        None => panic!("no such node"),
    }
}

fn ids(list: &[&str]) -> Vec<EventId> {
    list.iter().map(|s| EventId::from(*s)).collect()
}

// ---------------------------------------------------------------- events table

#[test]
fn table_lists_every_event_and_filter_text_reduces_the_rows() {
    let case = sample_case();
    let total = case.events.len();
    let mut h = harness(Desk::new(Panel::Table, case));
    h.get_by_label(&format!("{total} of {total} events"));
    assert_eq!(h.state().table.rows().len(), total);

    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput).type_text("brake");
    h.run();
    let filter = EventFilter { text: "brake".into(), ..Default::default() };
    let expected = query(&h.state().case, Some(&MediaId::from("m1")), &filter, EventSort::default());
    assert!(!expected.is_empty() && expected.len() < total, "the filter is a real reduction: {expected:?}");
    assert_eq!(h.state().table.filter.text, "brake");
    assert_eq!(h.state().table.rows(), expected.as_slice());
    h.get_by_label(&format!("{} of {total} events", expected.len()));

    h.get_by_label("Clear").click();
    h.run();
    h.get_by_label(&format!("{total} of {total} events"));
    assert!(h.state().commands.is_empty(), "filtering changes nothing in the case: {:?}", h.state().commands);
}

#[test]
fn clicking_a_header_sorts_and_again_reverses() {
    let mut h = harness(Desk::new(Panel::Table, sample_case()));
    let starts: Vec<u64> = h.state().table.rows().iter().map(|id| h.state().case.events[id].start.frame).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "start order at first: {starts:?}");

    h.get_by_label("Id").click();
    h.run();
    let ascending = EventSort { key: SortKey::Id, direction: SortDirection::Ascending };
    assert_eq!(h.state().table.sort, ascending);
    let expected = query(&h.state().case, Some(&MediaId::from("m1")), &EventFilter::default(), ascending);
    assert_eq!(h.state().table.rows(), expected.as_slice());
    assert_eq!(expected.iter().take(3).map(EventId::as_str).collect::<Vec<_>>(), ["e1", "e2", "e3"]);

    h.get_by_label("Id").click();
    h.run();
    assert_eq!(h.state().table.sort.direction, SortDirection::Descending);
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(h.state().table.rows(), reversed.as_slice());
}

#[test]
fn clicking_a_row_selects_it_and_seeks_to_its_start() {
    let mut h = harness(Desk::new(Panel::Table, sample_case()));
    h.get_by_label("e2").click();
    h.run();
    let start = h.state().case.events[&EventId::from("e2")].start.frame as usize;
    assert_eq!(
        h.state().commands,
        vec![
            UiCommand::Desk(DeskCommand::SelectEvents { ids: ids(&["e2"]), primary: Some(EventId::from("e2")) }),
            UiCommand::Player(PlayerCommand::GoToFrame(start)),
        ]
    );
    assert_eq!(start, 270);
}

#[test]
fn ctrl_and_shift_click_build_a_selection() {
    let mut h = harness(Desk::new(Panel::Table, sample_case()));
    h.get_by_label("e1").click();
    h.run();
    h.get_by_label("e3").click_modifiers(Modifiers::SHIFT);
    h.run();
    let rows = h.state().table.rows().to_vec();
    let (a, b) = (rows.iter().position(|r| r.as_str() == "e1"), rows.iter().position(|r| r.as_str() == "e3"));
    let (Some(a), Some(b)) = (a, b) else { panic!("rows {rows:?}") };
    let range: Vec<EventId> = rows[a.min(b)..=a.max(b)].to_vec();
    assert!(range.len() >= 3, "e1..e3 in start order spans at least three rows: {range:?}");
    assert_eq!(h.state().selection.events, range.iter().cloned().collect());
    assert_eq!(h.state().selection.primary, Some(EventId::from("e3")));

    h.get_by_label("e2").click_modifiers(Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().commands.last(), Some(&UiCommand::Desk(DeskCommand::ToggleEvent(EventId::from("e2")))));
    assert!(!h.state().selection.is_selected(&EventId::from("e2")));
    assert_eq!(h.state().selection.events.len(), range.len() - 1);
}

#[test]
fn linking_two_selected_rows_is_one_batch_with_the_chosen_stance() {
    let mut h = harness(Desk::new(Panel::Table, sample_case()));
    // Nothing selected: the Link button is disabled.
    h.get_by_label("Link").click();
    h.run();
    assert!(h.state().edits().is_empty());

    h.get_by_label("e2").click();
    h.run();
    h.get_by_label("e3").click_modifiers(Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().selection.events.len(), 2);

    h.get_by_label("Claim to link to").click();
    h.run();
    h.get_by_label_contains("c5 —").click();
    h.run();
    assert_eq!(h.state().table.link_claim, Some(ClaimId::from("c5")));
    h.get_by_label("Stance of the links").click();
    h.run();
    h.get_by_label("√ supports").click();
    h.run();
    assert_eq!(h.state().table.link_stance, Stance::Supports);
    h.get_by_label("Link").click();
    h.run();

    let edits = h.state().edits();
    assert_eq!(edits.len(), 1, "{edits:?}");
    let Edit::Batch(parts) = edits[0] else { panic!("not a batch: {:?}", edits[0]) };
    assert_eq!(parts.len(), 2);
    for (part, event) in parts.iter().zip(["e2", "e3"]) {
        let Edit::Link { event_id, link } = part else { panic!("not a link: {part:?}") };
        assert_eq!(event_id.as_str(), event);
        assert_eq!(link.claim_id.as_str(), "c5");
        assert_eq!(link.stance, Stance::Supports);
        assert_eq!(link.rationale, "");
    }
    let after = h.state().apply_to_copy(edits[0]);
    let c5 = claim_tally(&after, &claimframe::case::Visibility::all())
        .get(&ClaimId::from("c5"))
        .copied()
        .unwrap_or_default();
    let before = claim_tally(&h.state().case, &claimframe::case::Visibility::all())
        .get(&ClaimId::from("c5"))
        .copied()
        .unwrap_or_default();
    assert_eq!(c5.supports, before.supports + 2);
}

#[test]
fn delete_removes_the_selection_in_one_batch() {
    let mut h = harness(Desk::new(Panel::Table, sample_case()));
    h.get_by_label("e4").click();
    h.run();
    h.get_by_label("e5").click_modifiers(Modifiers::COMMAND);
    h.run();
    h.get_by_label("Delete 2").click();
    h.run();
    let edits = h.state().edits();
    assert_eq!(edits, vec![&Edit::Batch(vec![Edit::RemoveEvent("e4".into()), Edit::RemoveEvent("e5".into())])]);
    let after = h.state().apply_to_copy(edits[0]);
    assert_eq!(after.events.len(), h.state().case.events.len() - 2);
}

#[test]
fn table_of_100_000_events_draws_and_filters() {
    let mut desk = Desk::new(Panel::Table, synthetic_case(100_000));
    desk.timeline = Timeline::constant_rate(108_000, 30);
    let mut h = harness(desk);
    h.get_by_label("100000 of 100000 events");
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.get_by_role(Role::TextInput).type_text("event 4242");
    h.run();
    // "synthetic event 4242" and 42420 … 42429.
    h.get_by_label("11 of 100000 events");
    h.get_by_label("e42429");

    // A selection made elsewhere (the timeline) scrolls the table to that event.
    h.get_by_label("Clear").click();
    h.run();
    assert!(h.query_by_label("e61000").is_none(), "far down the table, not drawn");
    h.state_mut().selection.set(ids(&["e61000"]), None);
    h.run();
    h.get_by_label("e61000");
    assert!(h.state().commands.is_empty(), "{:?}", h.state().commands);
}

#[test]
fn ids_made_by_the_window_are_shown_whole_in_the_id_column() {
    let mut case = sample_case();
    // The window's own ids are longer than the sample's ("e-1a2b3c4d", and more in a reviewer's working copy).
    let mut long = case.events[&EventId::from("e2")].clone();
    long.id = EventId::from("e-83f0c2a9");
    case.events.insert(long.id.clone(), long);
    let mut h = harness(Desk::new(Panel::Table, case));
    let cell = h.get_by_label("e-83f0c2a9").rect();
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    let needed = h.ctx.fonts_mut(|f| f.layout_no_wrap("e-83f0c2a9".into(), font, egui::Color32::WHITE).size().x);
    assert!(cell.width() >= needed - 0.5, "the id needs {needed} px, its cell is {} px", cell.width());
    h.run();
}

// ---------------------------------------------------------------- inspector

fn inspector_on(event: &str) -> Harness<'static, Desk> {
    let mut desk = Desk::new(Panel::Inspector, sample_case());
    desk.selection.set(ids(&[event]), None);
    harness(desk)
}

fn only_update(h: &Harness<'_, Desk>) -> claimframe::case::Event {
    let edits = h.state().edits();
    assert_eq!(edits.len(), 1, "{edits:?}");
    let Edit::UpdateEvent(event) = edits[0] else { panic!("not an update: {:?}", edits[0]) };
    h.state().apply_to_copy(edits[0]);
    (**event).clone()
}

#[test]
fn inspector_hint_without_selection_and_count_with_several() {
    let mut h = harness(Desk::new(Panel::Inspector, sample_case()));
    h.get_by_label_contains("No event selected");
    h.state_mut().selection.set(ids(&["e1", "e2", "e3"]), Some(EventId::from("e2")));
    h.run();
    h.get_by_label("3 selected; showing e2");
}

#[test]
fn changing_a_modifier_is_one_update_with_that_value() {
    let mut h = inspector_on("e2");
    assert_eq!(h.state().case.events[&EventId::from("e2")].modifiers["certainty"], "certain");
    h.get_by_label("Certainty").click();
    h.run();
    h.get_by_label("probable").click();
    h.run();
    let event = only_update(&h);
    assert_eq!(event.id.as_str(), "e2");
    assert_eq!(event.modifiers["certainty"], "probable");
    assert_eq!(event.modifiers["actor"], "agency vehicle", "the other modifier is kept");
}

#[test]
fn the_note_is_committed_once_when_the_field_loses_focus() {
    let mut h = inspector_on("e2");
    h.get_by_role(Role::MultilineTextInput).click();
    h.run();
    h.get_by_role(Role::MultilineTextInput).type_text(" MARK");
    h.run();
    assert!(h.state().edits().is_empty(), "no edit per keystroke: {:?}", h.state().commands);
    h.key_press(Key::Escape);
    h.run();
    let event = only_update(&h);
    assert!(event.note.contains(" MARK"), "{:?}", event.note);
    assert_ne!(event.note, h.state().case.events[&EventId::from("e2")].note);
}

#[test]
fn text_typed_is_committed_to_its_event_when_the_selection_moves_on() {
    let mut h = inspector_on("e2");
    h.get_by_role(Role::MultilineTextInput).click();
    h.run();
    h.get_by_role(Role::MultilineTextInput).type_text("QQ");
    h.run();
    h.state_mut().selection.set(ids(&["e3"]), None);
    h.run();
    let event = only_update(&h);
    assert_eq!(event.id.as_str(), "e2");
    assert!(event.note.contains("QQ"));
}

#[test]
fn set_start_to_playhead_moves_the_start_to_an_exact_frame() {
    let mut desk = Desk::new(Panel::Inspector, sample_case());
    desk.selection.set(ids(&["e2"]), None);
    desk.current_frame = 280;
    let mut h = harness(desk);
    let buttons = h.get_all_by_label("Set to playhead").collect::<Vec<_>>();
    assert_eq!(buttons.len(), 2, "start and end");
    buttons[0].click();
    h.run();
    let event = only_update(&h);
    assert_eq!(event.start.frame, 280);
    assert_eq!(event.end.map(|p| p.frame), Some(305));
    let timeline = Timeline::constant_rate(1800, 30);
    assert_eq!(event.start, claimframe::desk::frame_point(&timeline, 280));
}

#[test]
fn removing_a_link_is_an_unlink() {
    let mut h = inspector_on("e2");
    let first_claim = h.state().case.events[&EventId::from("e2")].links[0].claim_id.clone();
    first_of(h.get_all_by_label("Remove")).click();
    h.run();
    let edits = h.state().edits();
    assert_eq!(edits, vec![&Edit::Unlink { event_id: "e2".into(), claim_id: first_claim }]);
    h.state().apply_to_copy(edits[0]);
}

#[test]
fn rationale_and_stance_and_new_links_are_link_edits() {
    let mut h = inspector_on("e2");
    let rationale = "Rationale for the link to claim c2; applied on Enter";
    h.get_by_label(rationale).click();
    h.run();
    h.get_by_label(rationale).type_text(" SEE 00:00:09");
    h.run();
    assert!(h.state().edits().is_empty(), "no edit per keystroke");
    h.key_press(Key::Enter);
    h.run();
    let edits = h.state().edits();
    let [Edit::Link { event_id, link }] = edits.as_slice() else { panic!("{edits:?}") };
    assert_eq!((event_id.as_str(), link.claim_id.as_str(), link.stance), ("e2", "c2", Stance::Contradicts));
    assert!(link.rationale.contains(" SEE 00:00:09"), "{link:?}");
    h.state().apply_to_copy(edits[0]);

    h.get_by_label("The claim to link this event to").click();
    h.run();
    h.get_by_label_contains("c3 —").click();
    h.run();
    h.get_by_label("The stance of the new link").click();
    h.run();
    h.get_by_label("× contradicts").click();
    h.run();
    h.get_by_label("Add link").click();
    h.run();
    let edits = h.state().edits();
    let Some(Edit::Link { event_id, link }) = edits.last() else { panic!("{edits:?}") };
    assert_eq!((event_id.as_str(), link.claim_id.as_str(), link.stance), ("e2", "c3", Stance::Contradicts));
    assert_eq!(link.rationale, "");
    let after = h.state().apply_to_copy(edits[edits.len() - 1]);
    assert_eq!(after.events[&EventId::from("e2")].links.len(), 4);
}

#[test]
fn copy_citation_gives_the_sha256_and_the_frame() {
    let mut h = inspector_on("e2");
    h.get_by_label("Copy citation").click();
    h.run();
    let copied: Vec<&String> = h
        .state()
        .commands
        .iter()
        .filter_map(|c| match c {
            UiCommand::Window(WindowCommand::CopyText(t)) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{:?}", h.state().commands);
    let text = copied[0];
    assert!(text.contains("Media SHA-256: 926079d6ca805b7da8194b0bb11e4242f00dc56d5db3226684964d053d2ccb45"), "{text}");
    assert!(text.lines().any(|l| l == "Start frame: 270"), "{text}");
    assert!(text.lines().any(|l| l == "End frame: 305"), "{text}");
    assert!(text.contains("Wall clock uncertainty: ± 1 s"), "{text}");
}

// ---------------------------------------------------------------- claims board

#[test]
fn board_shows_tallies_and_a_picked_claim_lists_its_events() {
    let case = sample_case();
    let expected = claim_tally(&case, &claimframe::case::Visibility::all());
    let mut h = harness(Desk::new(Panel::Board, case));
    assert_eq!(h.state().board.tally(), &expected);
    let c2 = expected[&ClaimId::from("c2")];
    assert!(c2.contradicts > 0);
    assert!(h.query_all_by_label(&format!("{} × contradicts", c2.contradicts)).next().is_some());

    h.get_by_label("Constant danger from deliberate ramming").click();
    h.run();
    assert_eq!(h.state().commands, vec![UiCommand::Desk(DeskCommand::SelectClaim(Some(ClaimId::from("c2"))))]);
    assert_eq!(h.state().board.claim_events().len(), c2.total());

    let (first, _) = h.state().board.claim_events()[0].clone();
    let start = h.state().case.events[&first].start.frame as usize;
    h.get_by_label_contains(&format!("{first} · ")).click();
    h.run();
    assert_eq!(
        h.state().commands[1..],
        [
            UiCommand::Desk(DeskCommand::SelectEvents { ids: vec![first.clone()], primary: Some(first) }),
            UiCommand::Player(PlayerCommand::GoToFrame(start)),
        ]
    );

    h.get_by_label("Constant danger from deliberate ramming").click();
    h.run();
    assert_eq!(h.state().commands.last(), Some(&UiCommand::Desk(DeskCommand::SelectClaim(None))));
}

#[test]
fn adding_a_claim_needs_a_quote_and_returns_add_claim() {
    let mut h = harness(Desk::new(Panel::Board, sample_case()));
    h.get_by_label("Add claim").click();
    h.run();
    h.get_by_label("Save claim").click();
    h.run();
    assert!(h.state().edits().is_empty());
    h.get_by_label_contains("A claim needs its exact quote");

    first_of(h.get_all_by_role(Role::TextInput)).click();
    h.run();
    first_of(h.get_all_by_role(Role::TextInput)).type_text("Agents feared for their lives");
    h.run();
    first_of(h.get_all_by_role(Role::MultilineTextInput)).click();
    h.run();
    first_of(h.get_all_by_role(Role::MultilineTextInput)).type_text("feared for their lives");
    h.run();
    h.get_by_label("Save claim").click();
    h.run();
    let edits = h.state().edits();
    assert_eq!(edits.len(), 1, "{edits:?}");
    let Edit::AddClaim(claim) = edits[0] else { panic!("not AddClaim: {:?}", edits[0]) };
    assert_eq!(claim.quote, "feared for their lives");
    assert_eq!(claim.title, "Agents feared for their lives");
    assert!(!h.state().case.claims.contains_key(&claim.id), "a new id");
    let after = h.state().apply_to_copy(edits[0]);
    assert_eq!(after.claims.len(), h.state().case.claims.len() + 1);
    assert!(h.state().board.form.is_none(), "the form closes");
}

#[test]
fn editing_the_selected_claim_returns_update_claim() {
    let mut desk = Desk::new(Panel::Board, sample_case());
    desk.selection.claim = Some(ClaimId::from("c1"));
    let mut h = harness(desk);
    h.get_by_label("Edit claim").click();
    h.run();
    first_of(h.get_all_by_role(Role::TextInput)).click();
    h.run();
    first_of(h.get_all_by_role(Role::TextInput)).type_text(" (DHS)");
    h.run();
    h.get_by_label("Save claim").click();
    h.run();
    let edits = h.state().edits();
    let [Edit::UpdateClaim(claim)] = edits.as_slice() else { panic!("{edits:?}") };
    assert_eq!(claim.id.as_str(), "c1");
    assert!(claim.title.contains("(DHS)"), "{:?}", claim.title);
    assert_eq!(claim.quote, "every day");
    h.state().apply_to_copy(edits[0]);
}

#[test]
fn a_claim_takes_the_day_it_was_asserted_and_refuses_one_to_come() {
    let mut desk = Desk::new(Panel::Board, sample_case());
    desk.selection.claim = Some(ClaimId::from("c1"));
    let mut h = harness(desk);
    h.get_by_label("Edit claim").click();
    h.run();
    fn date_field<'a>(h: &'a Harness<'static, Desk>) -> egui_kittest::Node<'a> {
        h.get_all_by_label("Asserted on")
            .find(|n| n.accesskit_node().role() == Role::TextInput)
            .expect("the date field")
    }
    date_field(&h).click();
    h.run();
    date_field(&h).type_text("2999-01-01");
    h.run();
    h.get_by_label("Save claim").click();
    h.run();
    assert!(h.state().edits().is_empty(), "a day to come is refused");
    h.get_by_label_contains("the date asserted 2999-01-01 is in the future");

    date_field(&h).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    date_field(&h).type_text("2025-05-25");
    h.run();
    h.get_by_label("Save claim").click();
    h.run();
    let edits = h.state().edits();
    let [Edit::UpdateClaim(claim)] = edits.as_slice() else { panic!("{edits:?}") };
    assert_eq!(claim.asserted_on.as_deref(), Some("2025-05-25"));
    let after = h.state().apply_to_copy(edits[0]);
    assert_eq!(after.claims[&ClaimId::from("c1")].asserted_on.as_deref(), Some("2025-05-25"));
}

#[test]
fn removing_a_claim_asks_first_then_takes_its_links_in_one_undoable_edit() {
    let mut h = harness(Desk::new(Panel::Board, sample_case()));
    h.get_by_label("Constant danger from deliberate ramming").click();
    h.run();
    let linked = h.state().board.claim_events().len();
    assert!(linked > 0);
    h.get_by_label("Remove claim").click();
    h.run();
    assert!(h.state().edits().is_empty(), "nothing is removed before the reviewer confirms");
    h.get_by_label_contains(&format!("Remove claim c2 and its {linked} event links? Ctrl+Z brings it back."));
    h.get_by_label("Keep it").click();
    h.run();
    assert!(h.query_by_label("Remove claim c2").is_none() && h.state().edits().is_empty());

    h.get_by_label("Remove claim").click();
    h.run();
    h.get_by_label("Remove claim c2").click();
    h.run();
    let edits = h.state().edits();
    assert_eq!(edits.len(), 1, "one edit: {edits:?}");
    let mut after = h.state().case.clone();
    let inverse = edits[0].clone().apply(&mut after).expect("the case accepts it");
    assert!(!after.claims.contains_key(&ClaimId::from("c2")));
    assert!(after.events.values().all(|e| e.links.iter().all(|l| l.claim_id.as_str() != "c2")));
    inverse.apply(&mut after).expect("undo");
    assert_eq!(after, h.state().case, "undo brings the claim back with every link");
}

#[test]
fn the_claim_picker_searches_when_a_case_has_many_claims() {
    let mut case = sample_case();
    for i in 0..300 {
        let id = ClaimId::from(format!("c-x{i}").as_str());
        let claim = claimframe::case::Claim {
            id: id.clone(),
            title: format!("Filler claim {i}"),
            quote: "q".into(),
            ..Default::default()
        };
        case.claims.insert(id, claim);
    }
    let mut h = harness(Desk::new(Panel::Table, case));
    h.get_by_label("Claim to link to").click();
    h.run();
    h.get_by_label_contains("more: type to narrow");
    h.get_by_label("Search claims").type_text("deliberate");
    h.run();
    h.get_by_label_contains("c2 — Constant danger from deliberate ramming").click();
    h.run();
    assert_eq!(h.state().table.link_claim, Some(ClaimId::from("c2")));
}
