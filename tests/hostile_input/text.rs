//! User text in exports that read lines: a note with line breaks stays on one subtitle or EDL line; ELAN text
//! holds no character XML forbids; hashes compare without regard to case; only http(s) claim links are openable.

use crate::support::case::fixture_case;
use claimframe::case::{same_digest, Case, SourceDocument};
use claimframe::export::{self, EafOptions, EafTiers, SubtitleOptions};

const HOSTILE_NOTE: &str =
    "first\r\n\r\n2\n00:00:00,000 --> 00:00:09,000\u{85}x\u{2028}y\u{2029}z\u{1c}w\u{b}v\u{c}u\u{0}t";

fn hostile_case() -> Case {
    let mut case = fixture_case();
    for event in case.events.values_mut() {
        event.note = HOSTILE_NOTE.to_owned();
    }
    case
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("utf-8")
}

#[test]
fn subtitle_cues_and_edl_locators_stay_on_one_line() {
    let case = hostile_case();
    let options = SubtitleOptions { media: None, point_duration_millis: 1000 };
    let srt = text(export::export_srt(&case, &options).expect("srt"));
    let vtt = text(export::export_vtt(&case, &options).expect("vtt"));
    let edl = text(export::export_edl(&case, None).expect("edl"));
    for (name, out, cues) in [("srt", &srt, 2), ("vtt", &vtt, 2)] {
        assert_eq!(out.matches("-->").count(), cues, "{name}: only the real timing lines:\n{out}");
        let blank_separated = out.trim_start_matches("WEBVTT").trim().replace("\r\n", "\n");
        assert_eq!(blank_separated.split("\n\n").count(), cues, "{name}: one block per cue:\n{out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\r'), "{name}: {out:?}");
        assert!(!out.contains(['\u{85}', '\u{2028}', '\u{2029}']), "{name}: {out:?}");
    }
    let locators: Vec<&str> = edl.split("\r\n").filter(|l| l.starts_with("* LOC:")).collect();
    assert_eq!(locators.len(), 2, "{edl}");
    for line in edl.split("\r\n").filter(|l| !l.is_empty()) {
        let known = ["TITLE:", "FCM:", "001 ", "* "].iter().any(|p| line.starts_with(p));
        assert!(known, "every EDL line is a record or a comment: {line:?}");
    }
    assert!(!edl.replace("\r\n", "").chars().any(char::is_control), "{edl:?}");
}

#[test]
fn elan_text_drops_characters_xml_forbids() {
    let mut case = hostile_case();
    case.meta.title = "t\u{1}\u{7}itle".into();
    let options = EafOptions {
        relative_media_url: "x\u{1b}.mp4".into(),
        media: None,
        tiers: EafTiers::PerType,
        date_utc: "d".into(),
        other_media_urls: Default::default(),
    };
    let eaf = text(export::export_eaf(&case, &options).expect("eaf"));
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    assert!(!eaf.chars().any(forbidden), "{eaf:?}");
    assert!(eaf.contains("first"), "the rest of the note is kept");
    let back = claimframe::import::read("x.eaf", eaf.as_bytes(), &Default::default()).expect("reads back");
    assert_eq!(back.events.len(), 2);
}

#[test]
fn digests_compare_without_regard_to_case() {
    let lower = "ab".repeat(32);
    assert!(same_digest(&lower, &lower.to_uppercase()));
    assert!(same_digest(&format!(" {lower}\n"), &lower));
    assert!(!same_digest(&lower, &"ac".repeat(32)));
}

#[test]
fn only_http_and_https_claim_links_are_openable() {
    let source = |link: &str| SourceDocument { link: Some(link.to_owned()), ..SourceDocument::default() };
    for ok in ["https://www.dhs.gov/news", "HTTP://example.org/a?b=c", " https://x.test/ "] {
        assert!(source(ok).web_link().is_some(), "{ok}");
    }
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "/home/x", "https://", "https://a b", "data:text/html,x"] {
        assert_eq!(source(bad).web_link(), None, "{bad}");
    }
}
