//! A citation as plain text for a legal document or an email: one fact per line, each line labelled, nothing
//! abbreviated, so that it can be pasted as is and checked by someone who has never seen ClaimFrame.

use crate::case::query::citation::{Citation, CitedFrame};

fn frame_lines(out: &mut Vec<String>, label: &str, frame: &CitedFrame) {
    out.push(format!("{label} frame: {}", frame.frame));
    out.push(format!("{label} PTS: {} ticks × {}/{} s", frame.pts_ticks, frame.time_base_num, frame.time_base_den));
    match (&frame.media_hms, frame.media_secs) {
        (Some(hms), Some(secs)) => out.push(format!("{label} media time: {hms} ({secs:.6} s)")),
        _ => out.push(format!("{label} media time: unknown (unusable time base)")),
    }
    if let Some(wall) = &frame.wall_clock_utc {
        out.push(format!("{label} wall clock (UTC): {wall}"));
    }
}

/// The citation as lines of plain text; `type_name` (the event type's name) is added to the first line when given.
pub fn citation_lines(citation: &Citation, type_name: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    match type_name {
        Some(name) => out.push(format!("Event: {} ({name})", citation.event_id)),
        None => out.push(format!("Event: {}", citation.event_id)),
    }
    out.push(format!("Media: {} ({})", citation.media_id, citation.media_path));
    out.push(format!("Media SHA-256: {}", citation.media_sha256));
    frame_lines(&mut out, "Start", &citation.start);
    if let Some(end) = &citation.end {
        frame_lines(&mut out, "End", end);
    }
    if citation.start.wall_clock_utc.is_some() {
        if let Some(uncertainty) = citation.wall_clock_uncertainty_secs {
            out.push(format!("Wall clock uncertainty: ± {uncertainty} s"));
        }
        if let Some(source) = &citation.wall_clock_source {
            out.push(format!("Wall clock source: {source}"));
        }
    } else {
        out.push("Wall clock: not known for this media".to_owned());
    }
    out
}

/// `citation_lines` joined with newlines.
pub fn citation_text(citation: &Citation, type_name: Option<&str>) -> String {
    citation_lines(citation, type_name).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{cite_event, EventId};
    use crate::sample::synthetic_case;

    #[test]
    fn one_labelled_fact_per_line() {
        let case = synthetic_case(3);
        let Ok(citation) = cite_event(&case, &EventId::from("e1")) else { panic!("cite e1") };
        let text = citation_text(&citation, Some("Brake-check"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Event: e1 (Brake-check)");
        assert!(lines.contains(&format!("Media SHA-256: {}", "ab".repeat(32)).as_str()), "{text}");
        assert!(lines.contains(&"Start frame: 7"), "{text}");
        assert!(lines.contains(&"Start PTS: 21021 ticks × 1/90000 s"), "{text}");
        assert!(lines.iter().any(|l| l.starts_with("Start media time: 00:00:00.234")), "{text}");
        assert!(lines.iter().any(|l| l.starts_with("Start wall clock (UTC): 2025-10-02T14:03:07.234")), "{text}");
        assert!(lines.contains(&"Wall clock uncertainty: ± 1 s"), "{text}");
        assert!(lines.contains(&"Wall clock source: container creation_time"), "{text}");
        assert!(lines.iter().all(|l| l.contains(": ")), "every line is labelled: {text}");
    }
}
