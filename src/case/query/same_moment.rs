//! "The same moment on the other cameras": an instant on the case's wall clock — usually an event's start — turned
//! into what each camera shows then: its latest frame at or before the instant by its own clock map (never the
//! nearest frame after), cited by frame, PTS and wall clock ± uncertainty, or, in words, why it shows nothing. The
//! one home of this rule for the window's inspector and the reports; callers hand in each camera's frame times as
//! [`CameraFrames`] (the exchange layer reads them from the files' frame indexes).
//!
//! ```text
//! let frames = vec![CameraFrames::new(media_id, pts_ticks, 1, 90_000)];   // once per camera
//! let moment = same_moment_as_event(&case, &event_id, &frames)?;          // on demand, per event
//! for camera in moment.iter().flat_map(|m| &m.cameras) { println!("{camera}") }
//! ```

use crate::case::model::case::Case;
use crate::case::model::clock::{AtWall, WallClockMapping};
use crate::case::model::event::FramePoint;
use crate::case::model::ids::{EventId, MediaId};
use crate::case::model::media::Media;
use crate::case::model::time::format_wall_clock;
use crate::case::query::citation::{cite_frame, event_and_media, frame_text, CitedFrame};
use crate::case::CaseError;

/// One camera's frames as the query reads them: each frame's PTS in presentation order and the media time of each.
#[derive(Debug, Clone, PartialEq)]
pub struct CameraFrames {
    media_id: MediaId,
    pts_ticks: Vec<i64>,
    time_base_num: i32,
    time_base_den: i32,
    /// `pts_ticks × time base`, the axis clock maps use; empty when the time base is unusable.
    frame_secs: Vec<f64>,
    /// The media time at which the last frame ends: one typical (median) frame interval after it starts.
    end_secs: f64,
}

/// The interval a frame is taken to last when the footage gives none (a single frame): as the player assumes.
const FALLBACK_INTERVAL_SECS: f64 = 1.0 / 30.0;

impl CameraFrames {
    /// Media `media_id`'s frames: `pts_ticks` holds each frame's PTS in presentation order as its citation gives
    /// it (`MediaProbe::frame_points`, `Timeline::pts_ticks_at`); one tick is `time_base_num / time_base_den` s.
    pub fn new(media_id: MediaId, pts_ticks: Vec<i64>, time_base_num: i32, time_base_den: i32) -> Self {
        let point = |pts_ticks| FramePoint { frame: 0, pts_ticks, time_base_num, time_base_den };
        let frame_secs: Vec<f64> = pts_ticks.iter().map_while(|&pts| point(pts).media_secs()).collect();
        let mut intervals: Vec<f64> = frame_secs.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0).collect();
        intervals.sort_by(f64::total_cmp);
        let typical_secs = intervals.get(intervals.len() / 2).copied().unwrap_or(FALLBACK_INTERVAL_SECS);
        let end_secs = frame_secs.last().map_or(0.0, |last| last + typical_secs);
        CameraFrames { media_id, pts_ticks, time_base_num, time_base_den, frame_secs, end_secs }
    }

    /// The same from each frame's point, in presentation order (the time base is the first point's).
    pub fn from_points(media_id: MediaId, points: &[FramePoint]) -> Self {
        let (num, den) = points.first().map_or((1, 1), |p| (p.time_base_num, p.time_base_den));
        Self::new(media_id, points.iter().map(|p| p.pts_ticks).collect(), num, den)
    }

    pub fn media_id(&self) -> &MediaId {
        &self.media_id
    }

    pub fn frame_count(&self) -> usize {
        self.pts_ticks.len()
    }

    /// The exact point of `frame`, as a citation gives it.
    pub fn point(&self, frame: usize) -> Option<FramePoint> {
        let pts_ticks = *self.pts_ticks.get(frame)?;
        let (time_base_num, time_base_den) = (self.time_base_num, self.time_base_den);
        Some(FramePoint { frame: u64::try_from(frame).ok()?, pts_ticks, time_base_num, time_base_den })
    }

    /// The media time of the first frame and of the end of the last one; `None` without usable frame times.
    pub fn span_secs(&self) -> Option<(f64, f64)> {
        Some((*self.frame_secs.first()?, self.end_secs))
    }
}

/// A frame another camera shows at the instant, cited.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerFrame {
    pub point: FramePoint,
    /// Frame, PTS, media time and wall clock (through this camera's map, to the millisecond).
    pub cited: CitedFrame,
    /// ± ms of this camera's map at this frame.
    pub uncertainty_ms: f64,
    /// ± ms on "this frame is on screen at the instant": this camera's map's and the instant's own, added (a bound
    /// that holds whether or not the two maps share an error, e.g. when one camera was synced to the other).
    pub combined_uncertainty_ms: f64,
    /// How long before the instant the frame came on screen, by the maps (≥ 0, less than the frame's interval).
    pub on_screen_before_ms: f64,
}

/// What one camera shows at the instant.
#[derive(Debug, Clone, PartialEq)]
pub enum Shows {
    /// Its latest frame at or before the instant.
    Frame(PeerFrame),
    /// Its footage starts later, at this wall-clock time (microseconds).
    BeforeFootage { starts_micros: i64 },
    /// Its footage ended earlier, at this wall-clock time (microseconds).
    AfterFootage { ended_micros: i64 },
    /// It has no clock map (or one without an instant), so it cannot be put on the wall clock.
    NoClockMap,
    /// Its frame times were not handed in (the file is missing or was not verified).
    FramesNotRead,
}

/// One camera at the instant, with what identifies its file.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAt {
    pub media_id: MediaId,
    pub media_path: String,
    pub media_sha256: String,
    pub shows: Shows,
}

/// Every camera (but the one the instant came from) at one wall-clock instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SameMoment {
    /// The instant, in microseconds since the epoch.
    pub wall_micros: i64,
    /// ± ms on the instant itself (its camera's map where it was taken; 0 for an instant given on the wall clock).
    pub uncertainty_ms: f64,
    /// The camera the instant was taken from, left out of `cameras`.
    pub from_media: Option<MediaId>,
    /// The other cameras, in the case's media order.
    pub cameras: Vec<PeerAt>,
}

fn mapped(media: &Media) -> Option<&WallClockMapping> {
    media.wall_clock.as_ref().filter(|m| m.origin_micros().is_some())
}

fn shows(media: &Media, frames: Option<&CameraFrames>, wall_micros: i64, uncertainty_ms: f64) -> Shows {
    let Some(map) = mapped(media) else { return Shows::NoClockMap };
    let Some(frames) = frames else { return Shows::FramesNotRead };
    let Some((first_secs, end_secs)) = frames.span_secs() else { return Shows::FramesNotRead };
    let at = map.frame_at(&frames.frame_secs, end_secs, wall_micros);
    let footage = |secs| map.wall_micros(secs);
    match at {
        Some(AtWall::Frame(i)) => {
            let (Some(point), Some(&secs)) = (frames.point(i), frames.frame_secs.get(i)) else {
                return Shows::FramesNotRead;
            };
            let own_ms = map.uncertainty_ms_at(secs);
            let shown_micros = footage(secs).unwrap_or(wall_micros);
            Shows::Frame(PeerFrame {
                cited: cite_frame(&point, media),
                point,
                uncertainty_ms: own_ms,
                combined_uncertainty_ms: own_ms + uncertainty_ms,
                on_screen_before_ms: (wall_micros - shown_micros) as f64 / 1000.0,
            })
        }
        Some(AtWall::BeforeFootage) => {
            footage(first_secs).map_or(Shows::NoClockMap, |starts_micros| Shows::BeforeFootage { starts_micros })
        }
        Some(AtWall::AfterFootage) => {
            footage(end_secs).map_or(Shows::NoClockMap, |ended_micros| Shows::AfterFootage { ended_micros })
        }
        None => Shows::NoClockMap,
    }
}

/// What every camera of `case` except `except` shows at wall-clock instant `wall_micros` (± `uncertainty_ms`),
/// given the cameras' frame times in `frames` (any order; a camera missing from it is [`Shows::FramesNotRead`]).
pub fn same_moment_at(
    case: &Case,
    wall_micros: i64,
    uncertainty_ms: f64,
    except: Option<&MediaId>,
    frames: &[CameraFrames],
) -> SameMoment {
    let cameras = case
        .media
        .values()
        .filter(|m| Some(&m.id) != except)
        .map(|media| PeerAt {
            media_id: media.id.clone(),
            media_path: media.path_relative.display().to_string(),
            media_sha256: media.sha256.clone(),
            shows: shows(media, frames.iter().find(|f| f.media_id == media.id), wall_micros, uncertainty_ms),
        })
        .collect();
    SameMoment { wall_micros, uncertainty_ms, from_media: except.cloned(), cameras }
}

/// What every other camera shows at the start of event `event_id`: the event's start frame put on the wall clock
/// by its camera's map, ± that map's uncertainty there. `Ok(None)` when the event's camera has no clock map.
pub fn same_moment_as_event(
    case: &Case,
    event_id: &EventId,
    frames: &[CameraFrames],
) -> Result<Option<SameMoment>, CaseError> {
    let (event, media) = event_and_media(case, event_id)?;
    let Some((map, secs)) = mapped(media).zip(event.start.media_secs()) else { return Ok(None) };
    let Some(wall_micros) = map.wall_micros(secs) else { return Ok(None) };
    Ok(Some(same_moment_at(case, wall_micros, map.uncertainty_ms_at(secs), Some(&media.id), frames)))
}

impl std::fmt::Display for PeerAt {
    /// e.g. `media m2 (phone.mp4, SHA-256 ab12…): frame 50 (PTS 102400 × 1/12800 s, 00:00:04.000); wall clock
    /// 2031-04-17T21:02:01.000Z ± 2.000 ms (its clock map); on screen from 12.300 ms before the moment, ± 4.000 ms
    /// combined with the instant's own`, or `…: no footage at this time (its footage starts at …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "media {} ({}, SHA-256 {}): ", self.media_id, self.media_path, self.media_sha256)?;
        let wall = format_wall_clock;
        match &self.shows {
            Shows::Frame(p) => {
                write!(f, "{}", frame_text(&p.cited))?;
                if let Some(utc) = &p.cited.wall_clock_utc {
                    write!(f, "; wall clock {utc} ± {:.3} ms (its clock map)", p.uncertainty_ms)?;
                }
                write!(
                    f,
                    "; on screen from {:.3} ms before the moment, ± {:.3} ms combined with the moment's own",
                    p.on_screen_before_ms, p.combined_uncertainty_ms
                )
            }
            Shows::BeforeFootage { starts_micros } => {
                write!(f, "no footage at this time (its footage starts at {})", wall(*starts_micros))
            }
            Shows::AfterFootage { ended_micros } => {
                write!(f, "no footage at this time (its footage ended at {})", wall(*ended_micros))
            }
            Shows::NoClockMap => f.write_str("not on the wall clock (it has no clock map), so not shown"),
            Shows::FramesNotRead => {
                f.write_str("not shown: its frames were not read (its file is missing or was not verified)")
            }
        }
    }
}

#[cfg(test)]
#[path = "same_moment_tests.rs"]
mod tests;
