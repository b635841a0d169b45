//! Time for the case: an injectable `Clock` (so tests are deterministic) and small RFC 3339 / HH:MM:SS.mmm
//! formatting and parsing, in UTC with millisecond precision. No dependency on a date crate.

/// Source of "now". The app uses `SystemClock`; tests use `FixedClock` or `SteppingClock`.
pub trait Clock {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    fn now_unix_millis(&self) -> i64;

    /// "Now" as an RFC 3339 UTC string, e.g. `2025-10-02T14:03:07.120Z`.
    fn now_rfc3339(&self) -> String {
        format_rfc3339_millis(self.now_unix_millis())
    }
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_unix_millis(&self) -> i64 {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(before_epoch) => -i64::try_from(before_epoch.duration().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// Always the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_unix_millis(&self) -> i64 {
        self.0
    }
}

/// Starts at an instant and advances by a step on every read.
#[derive(Debug)]
pub struct SteppingClock {
    next_millis: std::cell::Cell<i64>,
    step_millis: i64,
}

impl SteppingClock {
    pub fn new(start_unix_millis: i64, step_millis: i64) -> Self {
        Self { next_millis: std::cell::Cell::new(start_unix_millis), step_millis }
    }
}

impl Clock for SteppingClock {
    fn now_unix_millis(&self) -> i64 {
        let now = self.next_millis.get();
        self.next_millis.set(now.saturating_add(self.step_millis));
        now
    }
}

/// `unix_millis` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format_rfc3339_millis(unix_millis: i64) -> String {
    let days = unix_millis.div_euclid(86_400_000);
    let millis_of_day = unix_millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let secs_of_day = millis_of_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs_of_day / 3600,
        (secs_of_day / 60) % 60,
        secs_of_day % 60,
        millis_of_day % 1000
    )
}

/// Parses RFC 3339 (`2025-10-02T14:03:07Z`, `…07.5+02:00`, space instead of `T` also accepted)
/// into milliseconds since the epoch (further digits of the fraction are dropped). `None` for anything else.
pub fn parse_rfc3339_millis(text: &str) -> Option<i64> {
    parse_rfc3339_micros(text).map(|micros| micros.div_euclid(1000))
}

/// A frame's wall-clock time as the window, the citations and the reports all show it: RFC 3339 UTC to the
/// millisecond, rounded half up from the microsecond the clock map gives. The one rule for showing a wall clock.
pub fn format_wall_clock(unix_micros: i64) -> String {
    format_rfc3339_millis((unix_micros + 500).div_euclid(1000))
}

/// `unix_micros` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, or with six digits of fraction when it is not whole milliseconds.
pub fn format_rfc3339_micros(unix_micros: i64) -> String {
    let millis = unix_micros.div_euclid(1000);
    let sub_millis = unix_micros.rem_euclid(1000);
    let text = format_rfc3339_millis(millis);
    if sub_millis == 0 {
        return text;
    }
    format!("{}{sub_millis:03}Z", text.trim_end_matches('Z'))
}

/// As [`parse_rfc3339_millis`], to the microsecond (clock maps from audio sync are finer than a millisecond).
pub fn parse_rfc3339_micros(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(range)?;
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_micros = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // The first six digits are microseconds; further digits are truncated.
        let digits = text.trim().get(start..i.min(start + 6))?;
        let scale = 10i64.pow(6 - digits.len() as u32);
        frac_micros = digits.parse::<i64>().ok()? * scale;
    }
    let offset_micros = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let minutes = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            let signed = if *sign == b'+' { minutes } else { -minutes };
            signed * 60_000_000
        }
        _ => return None,
    };
    let days = days_from_civil(year, month as u32, day as u32);
    let local = days * 86_400_000_000 + ((hour * 60 + minute) * 60 + second) * 1_000_000 + frac_micros;
    Some(local - offset_micros)
}

/// Seconds as `HH:MM:SS.mmm` (rounded to the millisecond; a leading `-` for negative times), for times that are not
/// a frame's: ruler ticks, axis labels, durations. A frame's time goes through [`format_ticks_hms`], which rounds the
/// exact PTS × time base, so the same frame reads the same everywhere whatever its time base.
pub fn format_hms_millis(secs: f64) -> String {
    let total_millis = (secs * 1000.0).round();
    format_millis_hms(total_millis as i64)
}

/// `ticks × num / den` seconds, rounded half up to the millisecond on the exact fraction (never through a float:
/// 15015 × 1/30000 s is 500.5 ms and reads .501 whichever way the float would round), as `HH:MM:SS.mmm`.
/// `None` when the time base is unusable. The one rule for showing a frame's media time: the window's readout,
/// tables and prompts, `case show`, citations, CSV/JSON and the reports all use it.
pub fn format_ticks_hms(ticks: i64, num: i32, den: i32) -> Option<String> {
    ticks_to_millis_half_up(ticks, num, den).map(format_millis_hms)
}

/// `ticks × num / den` seconds in whole milliseconds, rounded half up on the exact fraction.
pub fn ticks_to_millis_half_up(ticks: i64, num: i32, den: i32) -> Option<i64> {
    if den == 0 {
        return None;
    }
    // millis = floor((2·ticks·num·1000 + den) / (2·den)), with the denominator made positive first.
    let (mut n, mut d) = (i128::from(ticks) * i128::from(num) * 2000, i128::from(den) * 2);
    if d < 0 {
        (n, d) = (-n, -d);
    }
    i64::try_from((n + d / 2).div_euclid(d)).ok()
}

fn format_millis_hms(total_millis: i64) -> String {
    let sign = if total_millis < 0 { "-" } else { "" };
    let total_millis = total_millis.unsigned_abs();
    let millis = total_millis % 1000;
    let total_secs = total_millis / 1000;
    format!("{sign}{:02}:{:02}:{:02}.{millis:03}", total_secs / 3600, (total_secs / 60) % 60, total_secs % 60)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) to days since 1970-01-01, the inverse of `civil_from_days`.
/// A calendar date written `YYYY-MM-DD` (the ISO form, nothing else) as days since 1970-01-01; `None` when it is not
/// one, or names a day the month does not have (2025-02-29).
pub fn parse_iso_date_days(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(range)?;
        s.iter().all(u8::is_ascii_digit).then(|| std::str::from_utf8(s).ok()?.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=month_days).contains(&day).then(|| days_from_civil(year, month as u32, day as u32))
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_real_days_only() {
        assert_eq!(parse_iso_date_days("1970-01-02"), Some(1));
        assert_eq!(parse_iso_date_days("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso_date_days("2025-02-29"), None);
        assert_eq!(parse_iso_date_days("2025-13-01"), None);
        assert_eq!(parse_iso_date_days("2025-04-31"), None);
        assert_eq!(parse_iso_date_days("2025-4-1"), None);
        assert_eq!(parse_iso_date_days("25 May 2025"), None);
        assert_eq!(parse_iso_date_days("2025-05-25T00:00:00Z"), None);
    }

    #[test]
    fn micros_round_trip_and_millis_stay_as_they_were() {
        let t = parse_rfc3339_micros("2031-04-17T21:02:00.123456Z").expect("parses");
        assert_eq!(format_rfc3339_micros(t), "2031-04-17T21:02:00.123456Z");
        assert_eq!(parse_rfc3339_millis("2031-04-17T21:02:00.123456Z"), Some(t / 1000));
        assert_eq!(format_rfc3339_micros(t - 456), "2031-04-17T21:02:00.123Z");
        assert_eq!(parse_rfc3339_micros("1969-12-31T23:59:59.999999Z"), Some(-1));
        assert_eq!(format_rfc3339_micros(-1), "1969-12-31T23:59:59.999999Z");
        assert_eq!(parse_rfc3339_millis("1969-12-31T23:59:59.9995Z"), Some(-1));
    }

    #[test]
    fn rfc3339_round_trips() {
        for millis in [0, 1, 999, 86_399_999, 1_759_413_787_120, -1, -86_400_001, 951_782_400_000] {
            let text = format_rfc3339_millis(millis);
            assert_eq!(parse_rfc3339_millis(&text), Some(millis), "{text}");
        }
        assert_eq!(format_rfc3339_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_rfc3339_millis(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn rfc3339_offsets_and_rejects() {
        assert_eq!(
            parse_rfc3339_millis("2025-10-02T16:03:07.5+02:00"),
            parse_rfc3339_millis("2025-10-02T14:03:07.500Z")
        );
        assert_eq!(parse_rfc3339_millis("2025-10-02 14:03:07z"), parse_rfc3339_millis("2025-10-02T14:03:07Z"));
        for bad in ["", "2025-10-02", "2025-13-02T00:00:00Z", "2025-10-02T14:03:07", "2025-10-02T14:03:07.Z"] {
            assert_eq!(parse_rfc3339_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn hms_formatting() {
        assert_eq!(format_hms_millis(0.0), "00:00:00.000");
        assert_eq!(format_hms_millis(3723.0456), "01:02:03.046");
        assert_eq!(format_hms_millis(-1.5), "-00:00:01.500");
    }

    #[test]
    fn a_frame_time_rounds_half_up_on_the_exact_fraction() {
        // 15015 / 30000 s = 0.5005 s exactly; as a float it is just below, and f64 rounding would say .500.
        assert_eq!(format_ticks_hms(15015, 1, 30000).as_deref(), Some("00:00:00.501"));
        assert_eq!(format_ticks_hms(1001, 1, 30000).as_deref(), Some("00:00:00.033"), "33.3667 ms");
        assert_eq!(format_ticks_hms(1, 1, 2000).as_deref(), Some("00:00:00.001"), "0.5 ms, half up");
        assert_eq!(format_ticks_hms(-1, 1, 2000).as_deref(), Some("00:00:00.000"), "-0.5 ms, half up");
        assert_eq!(format_ticks_hms(-3, 1, 2000).as_deref(), Some("-00:00:00.001"), "-1.5 ms, half up");
        assert_eq!(format_ticks_hms(3, -1, -2000).as_deref(), Some("00:00:00.002"), "a negative denominator");
        assert_eq!(format_ticks_hms(5, 1, 0), None);
        assert_eq!(ticks_to_millis_half_up(i64::MAX, i32::MAX, 1), None, "out of range, not wrapped");
        assert_eq!(format_ticks_hms(3_723_046 * 90, 1, 90_000).as_deref(), Some("01:02:03.046"));
    }
}
