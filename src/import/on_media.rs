//! What an import needs from the media it lands on, and the checks of the times and frames a file gives: seconds
//! must be usable media times, and frames a ClaimFrame JSON file cites must be those frames of the media's index
//! (same PTS and time base), so an event never lands on a different picture than the one it was coded on.

use super::When;
use crate::case::{check_frame_point, check_secs, FramePoint, MediaId};

/// Where a time in seconds falls on the media: before its first frame, on a frame (the latest at or before it),
/// or after its last frame has ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeOnMedia {
    BeforeStart,
    At(FramePoint),
    PastEnd { last: FramePoint },
}

/// Frame `n` of a media file of the case as its index has it; `Ok(None)` past its last frame.
pub type FrameOf<'a> = &'a dyn Fn(&MediaId, u64) -> Result<Option<FramePoint>, String>;

/// What the import needs from the case's media: where a time in seconds falls on the media it is imported onto,
/// and the exact frame `n` of any media file of the case as its frame index has it (`Ok(None)` past the last frame;
/// `Err` when the index cannot be had, e.g. the file is missing or its hash differs).
pub struct MediaFrames<'a> {
    pub to_frame: &'a dyn Fn(f64) -> TimeOnMedia,
    pub frame_of: FrameOf<'a>,
}

/// The file's id for an event, or its position.
pub(super) fn event_label(event: &super::ImportedEvent, n: usize) -> String {
    event.id.as_ref().map_or_else(|| (n + 1).to_string(), |id| format!("{} ({id})", n + 1))
}

/// Why a frame the file cites is not that frame of the media: past its end, or another PTS or time base.
pub(super) fn check_on_index(frames: &MediaFrames<'_>, media: &MediaId, cited: &FramePoint) -> Result<(), String> {
    let frame_of = frames.frame_of;
    let Some(actual) = frame_of(media, cited.frame)? else {
        return Err(format!("frame {} is past the last frame of media {media}", cited.frame));
    };
    let same_time = (actual.pts_ticks, actual.time_base_num, actual.time_base_den)
        == (cited.pts_ticks, cited.time_base_num, cited.time_base_den);
    if !same_time {
        return Err(format!(
            "the file cites frame {} at PTS {} ({}/{} s ticks), but frame {} of media {media} has PTS {} ({}/{} s \
             ticks); the file's frames do not match this media's frame index",
            cited.frame,
            cited.pts_ticks,
            cited.time_base_num,
            cited.time_base_den,
            actual.frame,
            actual.pts_ticks,
            actual.time_base_num,
            actual.time_base_den
        ));
    }
    Ok(())
}

/// Why an event's times are out of range (NaN, infinite, huge; frames or PTS that would overflow).
pub(super) fn check_when(when: When) -> Result<(), String> {
    match when {
        When::Secs { start, end } => {
            check_secs("start time", start)?;
            end.map_or(Ok(0.0), |end| check_secs("end time", end)).map(|_| ())
        }
        When::Frames { start, end } => {
            check_frame_point("start", &start)?;
            end.iter().try_for_each(|end| check_frame_point("end", end))
        }
    }
}
