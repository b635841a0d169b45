//! What Ctrl+G's text means, and the frame it goes to. A bare number is a frame; `HH:MM:SS:FF` (`;` before the
//! frames for drop-frame) is a timecode as a camera burns it in — a frame count at the media's nominal rate from the
//! file's start timecode (or 00:00:00:00); `HH:MM:SS.mmm`, `MM:SS` or `12.5s` is a media time as the readout and
//! every export cite it (PTS × time base); an RFC 3339 instant (`2031-04-17T21:02:30Z`) or a time of day in UTC
//! (`21:02:30`, `21:02:30Z`) is a wall-clock time, when the media has a clock. An `HH:MM:SS` that is inside the video
//! is a media time; one that is not, but is a time of day during the recording, is a wall-clock time. Times go to
//! the frame on screen at that time (never time × fps); anything else is refused in words.

use crate::case::{format_ticks_hms, format_wall_clock, parse_rfc3339_micros, AtWall, WallClockMapping};
use crate::player::Timeline;

const DAY_MICROS: i64 = 86_400_000_000;

/// What the video offers besides its frames: a wall clock, and a timecode track's first value.
#[derive(Clone, Debug, Default)]
pub struct GoToContext {
    pub wall_clock: Option<WallClockMapping>,
    /// The first value of the file's timecode track (`HH:MM:SS:FF`).
    pub start_timecode: Option<String>,
    /// The container's declared frame rate (timecode counts frames at its nominal, whole rate).
    pub declared_fps: Option<f64>,
}

/// Where the text goes, and how it was read (shown before the reviewer presses Enter).
#[derive(Clone, Debug, PartialEq)]
pub struct GoToTarget {
    pub frame: usize,
    pub reading: String,
}

/// Reads `text` on `timeline`.
pub fn parse_target(text: &str, timeline: &Timeline, context: &GoToContext) -> Result<GoToTarget, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Type a frame (1234), a time (00:01:02.500, 62.5s), a timecode (00:01:02:15) or a wall-clock \
                    time (21:02:30)."
            .into());
    }
    if let Ok(frame) = t.parse::<usize>() {
        if frame >= timeline.frame_count() {
            return Err(format!("Frame {frame} does not exist: frames are numbered 0 to {}.", timeline.last_frame()));
        }
        return Ok(GoToTarget { frame, reading: format!("frame {frame}") });
    }
    let date_time = t.contains(['T', 't', ' ']);
    if !date_time && t.matches([':', ';']).count() == 3 {
        return timecode_target(t, timeline, context);
    }
    if date_time {
        let wall = parse_rfc3339_micros(t)
            .ok_or_else(|| format!("\"{t}\" is not a date and time such as 2031-04-17T21:02:30Z."))?;
        return wall_target(wall, timeline, context);
    }
    if let Some(time_of_day) = t.strip_suffix(['Z', 'z']) {
        let secs =
            parse_time_secs(time_of_day).ok_or_else(|| format!("\"{t}\" is not a time of day such as 21:02:30Z."))?;
        return time_of_day_target(secs, t, timeline, context);
    }
    let secs =
        parse_time_secs(t).ok_or_else(|| format!("\"{t}\" is neither a frame number, a time nor a timecode."))?;
    let (first, end) = media_span_secs(timeline);
    if (first..end).contains(&secs) {
        return Ok(media_time_target(secs, timeline));
    }
    let outside = format!("{t} is outside the video's media time ({} to {})", hms(first, timeline), hms(end, timeline));
    if t.contains(':') && !t.ends_with('s') && context.wall_clock.is_some() {
        return time_of_day_target(secs, t, timeline, context).map_err(|why| format!("{outside}, and {why}"));
    }
    Err(format!("{outside}."))
}

/// `HH:MM:SS(.mmm)`, `MM:SS(.mmm)` or `S(.mmm)s`, in seconds.
pub fn parse_time_secs(t: &str) -> Option<f64> {
    if let Some(s) = t.strip_suffix('s') {
        return s.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
    }
    if !t.contains(':') {
        return None;
    }
    let mut secs = 0.0;
    for part in t.split(':') {
        let v: f64 = part.parse().ok().filter(|v: &f64| *v >= 0.0)?;
        secs = secs * 60.0 + v;
    }
    secs.is_finite().then_some(secs)
}

/// The media time (PTS × time base) of the first frame and of the end of the last.
fn media_span_secs(timeline: &Timeline) -> (f64, f64) {
    let first = timeline.media_secs_of(0);
    (first, first + timeline.duration_secs())
}

fn hms(media_secs: f64, timeline: &Timeline) -> String {
    let den = timeline.time_base_den.max(1);
    let ticks = (media_secs * f64::from(den) / f64::from(timeline.time_base_num.max(1))).round() as i64;
    format_ticks_hms(ticks, timeline.time_base_num, den).unwrap_or_else(|| format!("{media_secs:.3} s"))
}

fn media_time_target(media_secs: f64, timeline: &Timeline) -> GoToTarget {
    let frame = timeline.frame_at_secs(media_secs - timeline.media_secs_of(0));
    GoToTarget { frame, reading: format!("media time {} is frame {frame}", hms(media_secs, timeline)) }
}

/// The media time of every frame, for the wall clock's rule ([`WallClockMapping::frame_at`]).
fn frame_media_secs(timeline: &Timeline) -> Vec<f64> {
    (0..timeline.frame_count()).map(|f| timeline.media_secs_of(f)).collect()
}

fn wall_target(wall_micros: i64, timeline: &Timeline, context: &GoToContext) -> Result<GoToTarget, String> {
    let map = context.wall_clock.as_ref().ok_or("this video has no wall clock (no clock map, no creation time)")?;
    let (_, end) = media_span_secs(timeline);
    let when = format_wall_clock(wall_micros);
    match map.frame_at(&frame_media_secs(timeline), end, wall_micros) {
        Some(AtWall::Frame(frame)) => Ok(GoToTarget { frame, reading: format!("wall clock {when} is frame {frame}") }),
        Some(AtWall::BeforeFootage) => {
            Err(format!("{when} is before the video's first frame ({})", coverage(map, timeline)))
        }
        Some(AtWall::AfterFootage) => {
            Err(format!("{when} is after the video's last frame ({})", coverage(map, timeline)))
        }
        None => Err("the video's clock map cannot place that time".into()),
    }
}

fn coverage(map: &WallClockMapping, timeline: &Timeline) -> String {
    let (first, end) = media_span_secs(timeline);
    map.coverage_line(first, end).unwrap_or_else(|| "no coverage".into())
}

/// A time of day (UTC) on the days the recording spans.
fn time_of_day_target(
    secs: f64,
    typed: &str,
    timeline: &Timeline,
    context: &GoToContext,
) -> Result<GoToTarget, String> {
    let Some(map) = context.wall_clock.as_ref() else {
        return Err(format!("{typed} would be a time of day, but this video has no wall clock"));
    };
    if secs >= 86_400.0 {
        return Err(format!("{typed} is not a time of day"));
    }
    let (first, end) = media_span_secs(timeline);
    let (Some(start), Some(stop)) = (map.wall_micros(first), map.wall_micros(end)) else {
        return Err("the video's clock map cannot place its frames".into());
    };
    let of_day = (secs * 1e6).round() as i64;
    let day = start.div_euclid(DAY_MICROS);
    let during =
        (day..=stop.div_euclid(DAY_MICROS)).map(|d| d * DAY_MICROS + of_day).find(|w| (start..stop).contains(w));
    match during {
        Some(wall) => wall_target(wall, timeline, context),
        None => Err(format!("{typed} UTC is not during the recording ({})", coverage(map, timeline))),
    }
}

/// `HH:MM:SS:FF` as a frame count at the nominal rate, from the start timecode.
fn timecode_target(t: &str, timeline: &Timeline, context: &GoToContext) -> Result<GoToTarget, String> {
    let rate = context
        .declared_fps
        .filter(|f| f.is_finite() && *f > 0.0)
        .unwrap_or_else(|| 1.0 / timeline.typical_interval_secs().max(1e-6));
    let nominal = rate.round().max(1.0) as u32;
    let count = timecode_frames(t, nominal)?;
    let start_text = context.start_timecode.as_deref().unwrap_or("00:00:00:00");
    let start = timecode_frames(start_text, nominal).map_err(|why| format!("the file's start timecode: {why}"))?;
    let frame =
        count.checked_sub(start).ok_or_else(|| format!("timecode {t} is before the file's start, {start_text}"))?;
    let frame = usize::try_from(frame).map_err(|_| format!("timecode {t} is too far"))?;
    if frame >= timeline.frame_count() {
        return Err(format!(
            "timecode {t} is past the last frame ({} frames from {start_text})",
            timeline.frame_count()
        ));
    }
    Ok(GoToTarget { frame, reading: format!("timecode {t} at {nominal} fps from {start_text} is frame {frame}") })
}

/// The frame count of `HH:MM:SS:FF` at `nominal` frames per second; drop-frame (`;`) skips frame numbers 0 and 1
/// (at 30, or 0–3 at 60) of every minute not divisible by ten, as SMPTE 12M does.
fn timecode_frames(text: &str, nominal: u32) -> Result<u64, String> {
    let (secs, drop_frame) = crate::case::timecode_secs_of_day(text, nominal)?;
    let whole_secs = secs.floor() as u64;
    let frames_in_second = ((secs - secs.floor()) * f64::from(nominal)).round() as u64;
    let count = whole_secs * u64::from(nominal) + frames_in_second;
    if !drop_frame {
        return Ok(count);
    }
    let dropped_per_minute = u64::from(nominal / 15);
    let minutes = whole_secs / 60;
    Ok(count - dropped_per_minute * (minutes - minutes / 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(origin: &str) -> GoToContext {
        let map = WallClockMapping { origin: Some(origin.into()), ..WallClockMapping::default() };
        GoToContext { wall_clock: Some(map), ..GoToContext::default() }
    }

    #[test]
    fn numbers_are_frames_and_times_go_through_the_timeline() {
        let tl = Timeline::constant_rate(300, 30);
        let none = GoToContext::default();
        let frame = |t: &str| parse_target(t, &tl, &none).map(|g| g.frame);
        assert_eq!(frame("17"), Ok(17));
        assert_eq!(frame("00:00:02.000"), Ok(60));
        assert_eq!(frame("0:01.5"), Ok(45));
        assert_eq!(frame("2.5s"), Ok(75));
        assert!(frame("300").is_err());
        assert!(frame("banana").is_err());
        assert!(frame("-2s").is_err());
        let far = parse_target("00:20:00", &tl, &none).unwrap_err();
        assert!(far.contains("outside the video's media time (00:00:00.000 to 00:00:10.000)"), "{far}");
    }

    #[test]
    fn a_timecode_is_a_frame_count_from_the_start_timecode() {
        let tl = Timeline::constant_rate(900, 30);
        let mut context = GoToContext { declared_fps: Some(30.0), ..GoToContext::default() };
        assert_eq!(parse_target("00:00:10:15", &tl, &context).map(|g| g.frame), Ok(315));
        context.start_timecode = Some("01:00:00:00".into());
        let target = parse_target("01:00:02:03", &tl, &context).unwrap();
        assert_eq!(target.frame, 63);
        assert!(target.reading.contains("from 01:00:00:00"), "{}", target.reading);
        assert!(parse_target("00:59:59:29", &tl, &context).unwrap_err().contains("before the file's start"));
        assert!(parse_target("01:00:00:30", &tl, &context).unwrap_err().contains("not a time of day at 30"));
    }

    #[test]
    fn drop_frame_timecode_skips_the_dropped_numbers() {
        // At 29.97 drop-frame, 00:01:00;02 is the 1800th frame (00;00 and 00;01 of minute 1 do not exist), and
        // 00:10:00;00 is frame 17982.
        assert_eq!(timecode_frames("00:01:00;02", 30), Ok(1800));
        assert_eq!(timecode_frames("00:10:00;00", 30), Ok(17_982));
        assert_eq!(timecode_frames("00:10:00:00", 30), Ok(18_000), "non-drop counts every number");
    }

    #[test]
    fn wall_clock_times_go_through_the_clock_map() {
        let tl = Timeline::constant_rate(1800, 30);
        let context = clock("2031-04-17T21:02:00Z");
        let frame = |t: &str| parse_target(t, &tl, &context).map(|g| g.frame);
        assert_eq!(frame("2031-04-17T21:02:30Z"), Ok(900));
        assert_eq!(frame("2031-04-17T23:02:30+02:00"), Ok(900));
        assert_eq!(frame("21:02:30"), Ok(900), "not a media time of this 60 s video: a time of day");
        assert_eq!(frame("21:02:30.5Z"), Ok(915));
        assert_eq!(frame("00:00:30"), Ok(900), "inside the video: a media time");
        let before = parse_target("2031-04-17T21:01:59Z", &tl, &context).unwrap_err();
        assert!(before.contains("before the video's first frame"), "{before}");
        let not_during = parse_target("22:00:00", &tl, &context).unwrap_err();
        assert!(
            not_during.contains("outside the video's media time") && not_during.contains("not during the recording"),
            "{not_during}"
        );
        let none = parse_target("2031-04-17T21:02:30Z", &tl, &GoToContext::default()).unwrap_err();
        assert!(none.contains("no wall clock"), "{none}");
    }

    #[test]
    fn media_time_is_what_the_readout_cites_when_the_first_frame_is_not_at_zero() {
        // 30 fps on 1/90000, the first frame at PTS 126000 (1.4 s, as MPEG-TS files start).
        let pts: Vec<Option<i64>> = (0..300).map(|i| Some(126_000 + i * 3000)).collect();
        let tl = Timeline::from_parts(&pts, vec![true; 300], 1.0 / 90_000.0, 1, 90_000);
        let none = GoToContext::default();
        assert_eq!(parse_target("00:00:01.900", &tl, &none).map(|g| g.frame), Ok(15));
        let early = parse_target("0.5s", &tl, &none).unwrap_err();
        assert!(early.contains("(00:00:01.400 to 00:00:11.400)"), "{early}");
    }
}
