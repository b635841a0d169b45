//! CMX3600 EDL: one event placing the whole media on the record timeline at 01:00:00:00, and every coded event a
//! `* LOC:` locator at its frame (timecode counts frames at the nominal rate, non-drop), named by type and note.

use super::common::{marker_colour, nominal_fps, select_media, single_line, sorted_events, type_name};
use super::ExportError;
use crate::case::{Case, MediaId};

const RECORD_START_FRAMES: u64 = 3600;

fn timecode(frame: u64, fps: u64) -> String {
    let fps = fps.max(1);
    let secs = frame / fps;
    format!("{:02}:{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60, frame % fps)
}

/// The case's events on one media file as a CMX3600 EDL with locators.
pub fn export_edl(case: &Case, media: Option<&MediaId>) -> Result<Vec<u8>, ExportError> {
    let media = select_media(case, media)?;
    let fps = nominal_fps(media).round().max(1.0) as u64;
    let frames = media.probe.frame_count.max(1);
    let record_start = RECORD_START_FRAMES * fps;
    let clip_name =
        media.path_relative.file_name().map_or_else(|| media.id.to_string(), |n| n.to_string_lossy().into_owned());
    let title: String = single_line(&case.meta.title).chars().take(60).collect();
    let mut out = format!("TITLE: {title}\r\nFCM: NON-DROP FRAME\r\n\r\n");
    out.push_str(&format!(
        "001  AX       V     C        {} {} {} {}\r\n",
        timecode(0, fps),
        timecode(frames, fps),
        timecode(record_start, fps),
        timecode(record_start + frames, fps)
    ));
    out.push_str(&format!("* FROM CLIP NAME: {}\r\n", single_line(&clip_name)));
    out.push_str(&format!("* COMMENT: SHA-256 {}\r\n", single_line(&media.sha256)));
    for event in sorted_events(case).into_iter().filter(|e| e.media_id == media.id) {
        let colour = case.taxonomy.get(&event.type_id).map_or("RED", |t| marker_colour(t.colour));
        let mut name = format!("{} [{} frame {}]", type_name(case, &event.type_id), event.id, event.start.frame);
        if let Some(end) = &event.end {
            name = format!("{name} to {}", end.frame);
        }
        if !event.note.trim().is_empty() {
            name = format!("{name}: {}", event.note);
        }
        out.push_str(&format!(
            "* LOC: {} {:<7} {}\r\n",
            timecode(record_start + event.start.frame, fps),
            colour,
            single_line(&name)
        ));
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::timecode;

    #[test]
    fn timecodes_count_frames() {
        assert_eq!(timecode(0, 30), "00:00:00:00");
        assert_eq!(timecode(108_000 + 95, 30), "01:00:03:05");
    }
}
