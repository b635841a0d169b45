//! A timecode track's first value (`HH:MM:SS:FF`, `;` before the frames for drop-frame) as a wall-clock instant.
//! A timecode is a time of day on the camera's own clock, in a zone it does not state; the container's creation
//! time (UTC, to the second) says which day and which zone. The zone is taken as the whole quarter hour that brings
//! the timecode closest to the creation time; when even that one leaves more than [`MAX_DISAGREEMENT_SECS`]
//! between them, the two sources disagree and the timecode is not used, in words.

use crate::case::model::time::format_rfc3339_millis;

/// Beyond this the timecode and the creation time are not the same start: one of them is wrong.
pub const MAX_DISAGREEMENT_SECS: f64 = 2.0;

const DAY_MICROS: i64 = 86_400_000_000;
const QUARTER_HOUR_MICROS: i64 = 900_000_000;

/// What a timecode says when the creation time places it.
#[derive(Clone, Debug, PartialEq)]
pub struct TimecodeReading {
    /// The instant of the timecode's first frame, in microseconds since 1970 UTC.
    pub wall_micros: i64,
    /// The zone the creation time implies, in minutes east of UTC.
    pub zone_minutes: i32,
    /// How far the creation time lies from that instant (creation minus timecode), in seconds.
    pub creation_minus_timecode_secs: f64,
    pub drop_frame: bool,
}

/// Parses `HH:MM:SS:FF` (or `HH:MM:SS;FF` for drop-frame) into seconds of the day at `nominal_fps` frames per
/// second of timecode.
pub fn timecode_secs_of_day(timecode: &str, nominal_fps: u32) -> Result<(f64, bool), String> {
    let text = timecode.trim();
    let drop_frame = text.contains(';');
    let parts: Vec<&str> = text.split([':', ';', '.']).collect();
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let [hours, minutes, seconds, frames] = numbers[..] else {
        return Err(format!("the timecode {text:?} is not HH:MM:SS:FF"));
    };
    if numbers.len() != parts.len()
        || hours > 23
        || minutes > 59
        || seconds > 59
        || nominal_fps == 0
        || frames >= nominal_fps
    {
        return Err(format!("the timecode {text:?} is not a time of day at {nominal_fps} frames per second"));
    }
    let secs = f64::from(hours * 3600 + minutes * 60 + seconds) + f64::from(frames) / f64::from(nominal_fps);
    Ok((secs, drop_frame))
}

/// The timecode placed on the wall clock by the creation time (`created_micros`, UTC).
pub fn read_timecode(timecode: &str, nominal_fps: u32, created_micros: i64) -> Result<TimecodeReading, String> {
    let (secs, drop_frame) = timecode_secs_of_day(timecode, nominal_fps)?;
    let of_day_micros = (secs * 1e6).round() as i64;
    let midnight = created_micros.div_euclid(DAY_MICROS) * DAY_MICROS;
    // The time of day on the camera's clock is UTC + zone: try every quarter-hour zone from −12 h to +14 h on the
    // creation day and the days beside it, and keep the instant nearest the creation time.
    let mut best: Option<(i64, i64)> = None;
    for day in [-1i64, 0, 1] {
        for quarter in -48i64..=56 {
            let zone = quarter * QUARTER_HOUR_MICROS;
            let instant = midnight + day * DAY_MICROS + of_day_micros - zone;
            if best.is_none_or(|(b, _)| (instant - created_micros).abs() < (b - created_micros).abs()) {
                best = Some((instant, zone));
            }
        }
    }
    let (wall_micros, zone) = best.ok_or("no zone")?;
    let creation_minus_timecode_secs = (created_micros - wall_micros) as f64 / 1e6;
    if creation_minus_timecode_secs.abs() > MAX_DISAGREEMENT_SECS {
        return Err(format!(
            "the timecode {timecode} and the creation time {} are {creation_minus_timecode_secs:+.3} s apart in every \
             time zone; one of them is wrong, so the timecode is not used",
            format_rfc3339_millis(created_micros.div_euclid(1000))
        ));
    }
    Ok(TimecodeReading {
        wall_micros,
        zone_minutes: (zone / 60_000_000) as i32,
        creation_minus_timecode_secs,
        drop_frame,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::model::time::parse_rfc3339_micros;

    fn micros(text: &str) -> i64 {
        parse_rfc3339_micros(text).unwrap_or_default()
    }

    #[test]
    fn a_local_timecode_is_placed_by_the_creation_time_to_the_frame() {
        // The camera's clock shows 14:02:00 and 15 frames at UTC−7; the container says 21:02:00 UTC.
        let r = read_timecode("14:02:00:15", 30, micros("2031-04-17T21:02:00Z")).expect("agrees");
        assert_eq!(r.wall_micros, micros("2031-04-17T21:02:00.500Z"));
        assert_eq!(r.zone_minutes, -420);
        assert!((r.creation_minus_timecode_secs + 0.5).abs() < 1e-9);
        assert!(!r.drop_frame);
    }

    #[test]
    fn the_day_comes_from_the_creation_time_across_midnight_and_quarter_hour_zones() {
        // 23:59:59 at UTC+5:45 is 18:14:59 UTC the same day.
        let r = read_timecode("23:59:59;00", 30, micros("2031-04-17T18:15:00Z")).expect("agrees");
        assert_eq!(r.wall_micros, micros("2031-04-17T18:14:59Z"));
        assert_eq!(r.zone_minutes, 345);
        assert!(r.drop_frame);
        // 00:00:01 in UTC, recorded at 23:59:59.8 the day before by the container's clock.
        let r = read_timecode("00:00:01:00", 25, micros("2031-04-17T23:59:59.800Z")).expect("agrees");
        assert_eq!(r.wall_micros, micros("2031-04-18T00:00:01Z"));
        assert_eq!(r.zone_minutes, 0);
    }

    #[test]
    fn timecodes_that_disagree_or_are_not_timecodes_are_refused_in_words() {
        let far = read_timecode("14:09:30:00", 30, micros("2031-04-17T21:02:00Z")).expect_err("7.5 min off any zone");
        assert!(far.contains("apart in every time zone"), "{far}");
        for bad in ["14:02:00", "25:00:00:00", "14:02:00:30", "aa:bb:cc:dd", "14:02:00:15:01"] {
            assert!(read_timecode(bad, 30, 0).is_err(), "{bad}");
        }
    }
}
