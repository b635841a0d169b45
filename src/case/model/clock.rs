//! A media file's clock map to the case's wall clock: `wall(t) = origin + (1 + drift_ppm·1e-6)·(t − ref_secs)` for
//! media time `t` (the frames' PTS in seconds), with how each parameter was obtained, its uncertainty, and who set it
//! when. The map is plain data; what it says about frames (the one at or before a wall-clock time, coverage) is
//! computed here too, so every view and export reads one rule.

use serde::{Deserialize, Serialize};

use crate::case::model::time::{format_rfc3339_micros, parse_rfc3339_micros};

/// How a clock parameter was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ClockMethod {
    /// Not stated (maps from before methods were recorded; the words in `source` say what is known).
    #[default]
    Unstated,
    /// The container's creation_time tag: usually to the second, set by a clock nobody checked.
    ContainerCreationTime,
    /// A timecode track.
    Timecode,
    /// The burned-in on-screen clock, read by a reviewer at one frame.
    BurnedInClock,
    /// The same moment marked on this camera and another one (one point: offset; more: offset and drift).
    SyncPoints,
    /// Cross-correlation of this camera's sound with another one's.
    Audio,
    /// Typed by hand.
    Typed,
}

impl std::fmt::Display for ClockMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Unstated => "unstated",
            Self::ContainerCreationTime => "container creation time",
            Self::Timecode => "timecode track",
            Self::BurnedInClock => "burned-in clock read by a reviewer",
            Self::SyncPoints => "sync points",
            Self::Audio => "audio correlation",
            Self::Typed => "typed by hand",
        })
    }
}

/// How far one sync point (or one audio window) lies from the fitted map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SyncResidual {
    /// What the point was, e.g. "flash: m1 frame 120 = m2 frame 98".
    pub label: String,
    /// This camera's media time of the point.
    pub media_secs: f64,
    /// Fitted minus marked wall-clock time, in milliseconds.
    pub residual_ms: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_unstated(m: &ClockMethod) -> bool {
    *m == ClockMethod::Unstated
}

/// How media time maps to wall-clock time, and how sure we are. Fields after `uncertainty_secs` are left out of
/// the file while at their defaults, so maps written before drift and methods were recorded read (and hash) as
/// before: origin at media time 0, no drift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct WallClockMapping {
    /// RFC 3339 instant (to the microsecond) of media time `ref_secs`; `None` when the source is known but no
    /// instant was read yet.
    pub origin: Option<String>,
    /// Where the origin came from, in words, e.g. "container creation_time" or "burned-in display read by ana".
    pub source: String,
    /// ± seconds on the origin.
    pub uncertainty_secs: f64,
    /// The media time the origin is the wall clock of (0 unless a sync put it elsewhere).
    #[serde(skip_serializing_if = "is_zero")]
    pub ref_secs: f64,
    /// Wall-clock seconds per media second, minus one, in parts per million: positive when this camera's clock runs
    /// slow (each media second lasts longer on the wall clock), negative when it runs fast.
    #[serde(skip_serializing_if = "is_zero")]
    pub drift_ppm: f64,
    /// ± ppm on the drift.
    #[serde(skip_serializing_if = "is_zero")]
    pub drift_uncertainty_ppm: f64,
    /// Where the drift came from, in words (empty: none was measured).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub drift_source: String,
    /// How the origin was obtained.
    #[serde(skip_serializing_if = "is_unstated")]
    pub method: ClockMethod,
    /// How the drift was obtained.
    #[serde(skip_serializing_if = "is_unstated")]
    pub drift_method: ClockMethod,
    /// Who set the map, and when (RFC 3339 UTC).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub set_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub set_utc: String,
    /// What the fit left over, per sync point or audio window.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub residuals: Vec<SyncResidual>,
}

/// Where a wall-clock time falls on one camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtWall {
    /// The latest frame whose mapped time is at or before the wall-clock time.
    Frame(usize),
    /// Before the camera's first frame: no footage yet.
    BeforeFootage,
    /// After the end of its last frame: no footage any more.
    AfterFootage,
}

impl WallClockMapping {
    /// The origin in microseconds since the epoch, when there is one and it parses.
    pub fn origin_micros(&self) -> Option<i64> {
        self.origin.as_deref().and_then(parse_rfc3339_micros)
    }

    /// The rate of this camera's media time against the wall clock: `1 + drift_ppm·1e-6`.
    pub fn rate(&self) -> f64 {
        1.0 + self.drift_ppm * 1e-6
    }

    /// The wall-clock time of media time `media_secs`, in microseconds since the epoch.
    pub fn wall_micros(&self, media_secs: f64) -> Option<i64> {
        let origin = self.origin_micros()?;
        let offset_micros = (self.rate() * (media_secs - self.ref_secs) * 1e6).round();
        if !offset_micros.is_finite() || offset_micros.abs() > 1e15 {
            return None;
        }
        origin.checked_add(offset_micros as i64)
    }

    /// The media time whose wall-clock time is `wall_micros` (the inverse of [`Self::wall_micros`]).
    pub fn media_secs_at(&self, wall_micros: i64) -> Option<f64> {
        let origin = self.origin_micros()?;
        let rate = self.rate();
        (rate > 0.0).then(|| self.ref_secs + (wall_micros - origin) as f64 * 1e-6 / rate)
    }

    /// ± milliseconds on the wall-clock time of media time `media_secs`: the origin's, plus the drift's
    /// uncertainty over the distance from the reference point.
    pub fn uncertainty_ms_at(&self, media_secs: f64) -> f64 {
        self.uncertainty_secs * 1000.0 + self.drift_uncertainty_ppm * 1e-6 * (media_secs - self.ref_secs).abs() * 1000.0
    }

    /// The frame on screen at wall-clock time `wall_micros`: the latest frame whose mapped time is at or before it
    /// (never the nearest frame after), given each frame's media time in presentation order and the media time at
    /// which the last frame ends. `None` when the map has no origin.
    pub fn frame_at(&self, frame_secs: &[f64], end_secs: f64, wall_micros: i64) -> Option<AtWall> {
        let first = *frame_secs.first()?;
        if wall_micros < self.wall_micros(first)? {
            return Some(AtWall::BeforeFootage);
        }
        if wall_micros >= self.wall_micros(end_secs)? {
            return Some(AtWall::AfterFootage);
        }
        // Frames at or before: compared on the mapped times themselves, so the inverse map's rounding cannot
        // move the answer by a frame.
        let mut failed = false;
        let count = frame_secs.partition_point(|&t| match self.wall_micros(t) {
            Some(w) => w <= wall_micros,
            None => {
                failed = true;
                false
            }
        });
        if failed {
            return None;
        }
        Some(AtWall::Frame(count.saturating_sub(1)))
    }

    /// The map in words, one line each: the formula, the origin ± its uncertainty with its source and method, the
    /// drift (or that none was measured), who set it, then each residual.
    pub fn describe_lines(&self) -> Vec<String> {
        let mut lines = self.parameter_lines();
        lines.extend(self.residual_lines());
        lines
    }

    /// One line per fit residual.
    pub fn residual_lines(&self) -> Vec<String> {
        self.residuals
            .iter()
            .map(|r| format!("residual {:+.3} ms at {:.3} s — {}", r.residual_ms, r.media_secs, r.label))
            .collect()
    }

    /// The formula, then the origin, the drift and who set the map, a line each.
    pub fn parameter_lines(&self) -> Vec<String> {
        let origin = self.origin.as_deref().unwrap_or("(no instant)");
        let mut lines = vec![
            format!("wall(t) = {origin} + (1 {:+.3}e-6)·(t − {:.6} s)", self.drift_ppm, self.ref_secs),
            format!("origin ± {:.3} ms — {} ({})", self.uncertainty_secs * 1000.0, self.source, self.method),
        ];
        if self.drift_method == ClockMethod::Unstated && self.drift_ppm == 0.0 {
            lines.push("drift: not measured (0 ppm assumed; 1 ppm = 3.6 ms per hour)".to_owned());
        } else {
            lines.push(format!(
                "drift {:+.3} ± {:.3} ppm — {} ({})",
                self.drift_ppm, self.drift_uncertainty_ppm, self.drift_source, self.drift_method
            ));
        }
        if !self.set_by.is_empty() {
            lines.push(format!("set by {} at {}", self.set_by, self.set_utc));
        }
        lines
    }

    /// The wall-clock span `[start, end)` the footage covers, in microseconds.
    pub fn coverage_micros(&self, first_secs: f64, end_secs: f64) -> Option<(i64, i64)> {
        Some((self.wall_micros(first_secs)?, self.wall_micros(end_secs)?))
    }

    /// That span in words, `covers A – B (± X ms at the far end)`, given the media time of the first frame and of
    /// the end of the last one.
    pub fn coverage_line(&self, first_secs: f64, end_secs: f64) -> Option<String> {
        let (from, to) = self.coverage_micros(first_secs, end_secs)?;
        let far_ms = self.uncertainty_ms_at(first_secs).max(self.uncertainty_ms_at(end_secs));
        Some(format!(
            "covers {} – {} (± {far_ms:.3} ms at the far end)",
            format_rfc3339_micros(from),
            format_rfc3339_micros(to)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(drift_ppm: f64, ref_secs: f64) -> WallClockMapping {
        WallClockMapping {
            origin: Some("2031-04-17T21:02:00.000000Z".into()),
            source: "test".into(),
            uncertainty_secs: 0.002,
            ref_secs,
            drift_ppm,
            drift_uncertainty_ppm: 1.0,
            ..Default::default()
        }
    }

    /// 30 fps frames starting at media time 1.0 s.
    fn frames(count: usize) -> (Vec<f64>, f64) {
        let secs: Vec<f64> = (0..count).map(|i| 1.0 + i as f64 / 30.0).collect();
        let end = 1.0 + count as f64 / 30.0;
        (secs, end)
    }

    #[test]
    fn the_frame_at_a_wall_time_is_the_latest_at_or_before_it() {
        let m = map(0.0, 0.0);
        let (secs, end) = frames(90);
        let origin = m.origin_micros().expect("origin parses");
        let at = |offset_micros: i64| m.frame_at(&secs, end, origin + offset_micros).expect("a map with an origin");
        // Frame 3 starts at media 1.1 s: exactly then it is on screen; a microsecond before, frame 2 still is.
        assert_eq!(at(1_100_000), AtWall::Frame(3));
        assert_eq!(at(1_099_999), AtWall::Frame(2));
        assert_eq!(at(1_000_000), AtWall::Frame(0));
        assert_eq!(at(999_999), AtWall::BeforeFootage);
        assert_eq!(at(3_999_999), AtWall::Frame(89));
        assert_eq!(at(4_000_000), AtWall::AfterFootage, "after the last frame's end there is no footage");
    }

    #[test]
    fn drift_stretches_media_time_about_the_reference_point() {
        // 100 ppm fast, referenced at media 600 s: at the reference the origin holds exactly.
        let m = map(100.0, 600.0);
        let origin = m.origin_micros().expect("origin parses");
        assert_eq!(m.wall_micros(600.0), Some(origin));
        // 600 s later the wall clock has run 600.06 s.
        assert_eq!(m.wall_micros(1200.0), Some(origin + 600_060_000));
        assert_eq!(m.wall_micros(0.0), Some(origin - 600_060_000));
        let back = m.media_secs_at(origin + 600_060_000).expect("inverse");
        assert!((back - 1200.0).abs() < 1e-9, "{back}");
        // Uncertainty grows with the distance from the reference: 2 ms + 1 ppm × 600 s = 2.6 ms.
        assert!((m.uncertainty_ms_at(1200.0) - 2.6).abs() < 1e-9);
        assert!((m.uncertainty_ms_at(600.0) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_drifting_camera_still_shows_only_frames_at_or_before_the_wall_time() {
        let m = map(-273.0, 0.0);
        let (secs, end) = frames(3000);
        let origin = m.origin_micros().expect("origin parses");
        for step in 0..400 {
            let wall = origin + 1_000_000 + step * 247_111;
            match m.frame_at(&secs, end, wall) {
                Some(AtWall::Frame(i)) => {
                    assert!(m.wall_micros(secs[i]).is_some_and(|w| w <= wall), "frame {i} is after {wall}");
                    if let Some(&next) = secs.get(i + 1) {
                        assert!(m.wall_micros(next).is_some_and(|w| w > wall), "frame {} is at or before", i + 1);
                    }
                }
                other => assert!(wall >= m.wall_micros(end).unwrap_or(i64::MAX), "{other:?} at {wall}"),
            }
        }
    }

    #[test]
    fn without_an_origin_nothing_is_mapped() {
        let m = WallClockMapping { origin: None, ..map(0.0, 0.0) };
        assert_eq!(m.wall_micros(1.0), None);
        assert_eq!(m.frame_at(&[0.0], 1.0, 0), None);
    }
}
