//! SRT and WebVTT: one cue per event of one media file, in timeline order. Interval events span their frames;
//! point events last `point_duration_millis`. Cue times are the frames' PTS rounded up to the millisecond, so a
//! player (or an import) lands on the cited frame; the cue text names the frame and the event id.

use super::common::{ceil_millis, select_media, single_line, sorted_events, type_name};
use super::ExportError;
use crate::case::{Case, Event, MediaId};

/// Choices for subtitle exports.
#[derive(Debug, Clone)]
pub struct SubtitleOptions {
    pub media: Option<MediaId>,
    /// How long a point event's cue stays on screen.
    pub point_duration_millis: u32,
}

impl Default for SubtitleOptions {
    fn default() -> Self {
        Self { media: None, point_duration_millis: 1000 }
    }
}

struct Cue {
    start_millis: i64,
    end_millis: i64,
    lines: Vec<String>,
}

fn cue_of(case: &Case, event: &Event, options: &SubtitleOptions) -> Option<Cue> {
    let start_millis = ceil_millis(&event.start)?.max(0);
    let end_millis = match &event.end {
        Some(end) => ceil_millis(end)?.max(start_millis + 1),
        None => start_millis + i64::from(options.point_duration_millis.max(1)),
    };
    let frames = match &event.end {
        Some(end) => format!("frames {}–{}", event.start.frame, end.frame),
        None => format!("frame {}", event.start.frame),
    };
    let mut lines = vec![format!("{} [{}, {frames}]", single_line(&type_name(case, &event.type_id)), event.id)];
    if !event.note.trim().is_empty() {
        lines.push(single_line(&event.note));
    }
    Some(Cue { start_millis, end_millis, lines })
}

fn cues(case: &Case, options: &SubtitleOptions) -> Result<Vec<Cue>, ExportError> {
    let media = select_media(case, options.media.as_ref())?;
    Ok(sorted_events(case)
        .into_iter()
        .filter(|e| e.media_id == media.id)
        .filter_map(|e| cue_of(case, e, options))
        .collect())
}

fn timestamp(millis: i64, separator: char) -> String {
    let ms = millis.max(0);
    format!("{:02}:{:02}:{:02}{separator}{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

/// SubRip: numbered cues, `HH:MM:SS,mmm`. `<` and `>` become look-alikes so no text is read as a tag.
pub fn export_srt(case: &Case, options: &SubtitleOptions) -> Result<Vec<u8>, ExportError> {
    let mut out = String::new();
    for (n, cue) in cues(case, options)?.iter().enumerate() {
        out.push_str(&format!(
            "{}\r\n{} --> {}\r\n",
            n + 1,
            timestamp(cue.start_millis, ','),
            timestamp(cue.end_millis, ',')
        ));
        for line in &cue.lines {
            let safe = line.replace('<', "‹").replace('>', "›").replace("-->", "→");
            out.push_str(&safe);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
    }
    Ok(out.into_bytes())
}

/// WebVTT: `HH:MM:SS.mmm`, cue identifiers are event ids, text escaped as the spec requires (`&`, `<`, `>`).
pub fn export_vtt(case: &Case, options: &SubtitleOptions) -> Result<Vec<u8>, ExportError> {
    let mut out = String::from("WEBVTT\n\n");
    for cue in cues(case, options)? {
        out.push_str(&format!("{} --> {}\n", timestamp(cue.start_millis, '.'), timestamp(cue.end_millis, '.')));
        for line in &cue.lines {
            let safe = line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace("-->", "→");
            out.push_str(&safe);
            out.push('\n');
        }
        out.push('\n');
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(3_723_004, ','), "01:02:03,004");
        assert_eq!(timestamp(-5, '.'), "00:00:00.000");
    }
}
