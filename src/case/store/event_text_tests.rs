//! The event codec against ron itself: what it writes is ron's text byte for byte, what it reads from ron's text
//! is the event, and on damaged text it either says "not mine" or reads exactly what ron reads.

use proptest::prelude::*;

use super::*;
use crate::case::model::adjudication::Adjudication;

/// ron's text of `event` as one item of the `events` list (what the one-thread path of `parallel` writes).
fn ron_list_item(event: &Event) -> String {
    let mut out = String::new();
    crate::case::store::parallel::push_list_item(&mut out, event).expect("ron writes an event");
    out
}

/// ron's text of `event` on one line (as inside a snapshot).
fn ron_compact(event: &Event) -> String {
    let config = ron::ser::PrettyConfig::new().depth_limit(0).indentor("  ".to_owned());
    ron::ser::to_string_pretty(event, config).expect("ron writes an event")
}

/// The list item's text without its comma and line break: what the reader is given.
fn item_body(item: &str) -> &str {
    item.trim_end_matches('\n').trim_end_matches(',')
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9 .:-]{0,16}",
        1 => "[a-zA-Z \"\\\\\n\t\u{7f}\u{e9}\u{301}\u{200b}#/()]{0,10}",
    ]
}

fn point() -> impl Strategy<Value = FramePoint> {
    (any::<u64>(), any::<i64>(), any::<i32>(), any::<i32>()).prop_map(|(frame, pts_ticks, num, den)| FramePoint {
        frame,
        pts_ticks,
        time_base_num: num,
        time_base_den: den,
    })
}

fn stance() -> impl Strategy<Value = Stance> {
    prop_oneof![Just(Stance::Supports), Just(Stance::Contradicts), Just(Stance::Context)]
}

fn media_at_coding() -> impl Strategy<Value = MediaAtCoding> {
    prop_oneof![
        Just(MediaAtCoding::NotRecorded),
        Just(MediaAtCoding::Verified),
        Just(MediaAtCoding::Hashing),
        Just(MediaAtCoding::Mismatch)
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let link = (text(), stance(), text(), text()).prop_map(|(claim, stance, rationale, reviewer)| ClaimLink {
        claim_id: ClaimId(claim),
        stance,
        rationale,
        reviewer,
    });
    (
        (text(), text(), point(), proptest::option::of(point()), text()),
        (proptest::collection::btree_map(text(), text(), 0..3), text(), text(), text(), text()),
        (proptest::collection::vec(link, 0..3), media_at_coding()),
    )
        .prop_map(
            |((id, media, start, end, type_id), (modifiers, note, reviewer, created, modified), (links, m))| Event {
                id: EventId(id),
                media_id: MediaId(media),
                start,
                end,
                type_id: EventTypeId(type_id),
                modifiers,
                note,
                reviewer,
                created_utc: created,
                modified_utc: modified,
                links,
                media_at_coding: m,
                adjudication: None,
            },
        )
}

/// A damaged copy of `text`: a byte range removed, or one of RON's special characters put in.
fn damage(text: &str, at: usize, len: usize, insert: Option<char>) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match insert {
        Some(c) => chars.insert(at, c),
        None => {
            let end = (at + len % 8).min(chars.len());
            chars.drain(at..end);
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn writes_ron_s_text_byte_for_byte(event in event()) {
        let mut item = String::new();
        prop_assert!(write_event(&mut item, &event, Layout::ListItem).is_some());
        prop_assert_eq!(&item, &ron_list_item(&event));
        let mut compact = String::from("kept ");
        prop_assert!(write_event(&mut compact, &event, Layout::Compact).is_some());
        let by_ron = ron_compact(&event);
        prop_assert_eq!(&compact[5..], by_ron.as_str());
    }

    #[test]
    fn reads_back_what_ron_wrote_or_leaves_it_to_ron(event in event()) {
        for text in [ron_list_item(&event), ron_compact(&event)] {
            let body = item_body(&text);
            let plain = [&event.id.0, &event.media_id.0, &event.type_id.0, &event.note, &event.reviewer]
                .into_iter()
                .chain([&event.created_utc, &event.modified_utc])
                .chain(event.modifiers.iter().flat_map(|(k, v)| [k, v]))
                .chain(event.links.iter().flat_map(|l| [&l.claim_id.0, &l.rationale, &l.reviewer]))
                .all(|s| is_plain(s));
            match read_event(body) {
                Some(read) => prop_assert_eq!(&read, &event),
                None => prop_assert!(!plain, "plain text was left to ron: {}", body),
            }
        }
    }

    #[test]
    fn on_damaged_text_reads_what_ron_reads_or_nothing(
        event in event(),
        at in any::<usize>(),
        len in any::<usize>(),
        insert in proptest::option::of(prop_oneof![
            Just(' '), Just(','), Just(')'), Just('('), Just(':'), Just('"'), Just('\\'), Just('/'), Just('0'),
            Just('-'), Just('_'), Just('x'), Just('e'), Just('.'), Just('}'), Just(']'), Just('#'), Just('\n'),
        ]),
    ) {
        let whole = ron_list_item(&event);
        let damaged = damage(item_body(&whole), at, len, insert);
        if let Some(read) = read_event(&damaged) {
            let by_ron: Result<Event, _> = ron::from_str(&damaged);
            prop_assert_eq!(by_ron.ok(), Some(read), "read differently from ron: {}", damaged);
        }
    }
}

#[test]
fn an_adjudicated_event_or_an_unknown_field_is_left_to_ron() {
    let event = Event { id: EventId::from("e1"), adjudication: Some(Adjudication::default()), ..Event::default() };
    let mut out = String::from("kept");
    assert!(write_event(&mut out, &event, Layout::Compact).is_none());
    assert_eq!(out, "kept", "nothing is left half written");
    let plain = Event { id: EventId::from("e1"), ..Event::default() };
    let text = ron_compact(&plain);
    assert_eq!(read_event(&text), Some(plain.clone()));
    assert_eq!(read_event(&text.replacen("(id:", "(colour: \"red\", id:", 1)), None);
    assert_eq!(read_event(&text.replacen("note: \"\", ", "", 1)), None, "a field left out takes ron's defaults");
    assert_eq!(read_event(&text.replacen("(id:", "/* hand edit */ (id:", 1)), None);
    assert_eq!(read_event(&text.replacen("frame: 0", "frame: 0x0", 1)), None);
}
