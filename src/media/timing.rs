//! Timing analysis of a video stream: per-frame intervals, their spread, gaps, PTS discontinuities, duplicate
//! frames and the declared versus measured frame rate. Pure functions over the frame index (and, for duplicates,
//! the frames' MD5s), so the same numbers appear in the CLI, the window and exhibit reports.

use serde::Serialize;

/// A place where frames are further apart than twice the median interval.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Gap {
    /// The frame after the gap.
    pub frame: usize,
    pub interval_secs: f64,
    pub median_multiple: f64,
}

/// A place where the PTS steps backwards, repeats, or jumps far ahead (more than 10x the median and a second).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Discontinuity {
    pub frame: usize,
    pub from_pts: i64,
    pub to_pts: i64,
}

/// Consecutive frames whose decoded pictures are byte-identical.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DuplicateRun {
    pub first_frame: usize,
    pub last_frame: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TimingReport {
    pub frame_count: usize,
    pub frames_without_pts: usize,
    pub min_interval_secs: f64,
    pub median_interval_secs: f64,
    pub max_interval_secs: f64,
    pub declared_fps: Option<f64>,
    pub measured_fps: Option<f64>,
    pub variable_frame_rate: bool,
    pub gaps: Vec<Gap>,
    pub discontinuities: Vec<Discontinuity>,
    pub duplicates: Vec<DuplicateRun>,
}

/// What the container declares against what can be decoded, when the file ends early (truncated, damaged tail).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EndsEarly {
    pub readable_frames: usize,
    /// Frames the container declares (its sample count, or its duration at the declared rate: "about").
    pub declared_frames: u64,
    pub declared_frames_exact: bool,
    pub readable_secs: f64,
    pub declared_secs: f64,
}

impl EndsEarly {
    /// The sentence the window's banner, the probe and the report print.
    pub fn message(&self) -> String {
        let about = if self.declared_frames_exact { "" } else { "about " };
        format!(
            "file ends early: {} of {about}{} declared frames can be read ({:.1} s of {:.1} s)",
            self.readable_frames, self.declared_frames, self.readable_secs, self.declared_secs
        )
    }
}

/// Whether a file ends before what its container declares: more than a second and more than 5% of the declared
/// duration cannot be decoded. `declared_samples` is the container's frame count when it has one (it may count
/// samples an edit list hides, so it only names the figure; the duration decides).
pub fn ends_early(
    readable_frames: usize,
    readable_secs: f64,
    declared_secs: Option<f64>,
    declared_samples: Option<u64>,
    declared_fps: Option<f64>,
) -> Option<EndsEarly> {
    let declared_secs = declared_secs.filter(|d| d.is_finite() && *d > 0.0)?;
    let missing_secs = declared_secs - readable_secs;
    if !(missing_secs > 1.0 && missing_secs > 0.05 * declared_secs) {
        return None;
    }
    let (declared_frames, exact) = match (declared_samples.filter(|&n| n as usize > readable_frames), declared_fps) {
        (Some(n), _) => (n, true),
        (None, Some(fps)) if fps > 0.0 => ((declared_secs * fps).round() as u64, false),
        _ => return None,
    };
    Some(EndsEarly { readable_frames, declared_frames, declared_frames_exact: exact, readable_secs, declared_secs })
}

/// Analyses presentation timestamps (in `tick_secs` units) of frames in output order.
pub fn analyse(
    pts: &[Option<i64>],
    tick_secs: f64,
    declared_fps: Option<f64>,
    md5s: Option<&[String]>,
) -> TimingReport {
    let frames_without_pts = pts.iter().filter(|p| p.is_none()).count();
    let mut discontinuities = Vec::new();
    let mut intervals: Vec<(usize, i64)> = Vec::new();
    for i in 1..pts.len() {
        if let (Some(a), Some(b)) = (pts[i - 1], pts[i]) {
            if b <= a {
                discontinuities.push(Discontinuity { frame: i, from_pts: a, to_pts: b });
            } else {
                intervals.push((i, b - a));
            }
        }
    }
    let mut sorted: Vec<i64> = intervals.iter().map(|&(_, d)| d).collect();
    sorted.sort_unstable();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0);
    let (min, max) = (sorted.first().copied().unwrap_or(0), sorted.last().copied().unwrap_or(0));
    let mut gaps = Vec::new();
    let mut forward_jumps = Vec::new();
    for &(i, d) in &intervals {
        let secs = d as f64 * tick_secs;
        if median > 0 && d > 10 * median && secs > 1.0 {
            forward_jumps.push(i);
            if let (Some(a), Some(b)) = (pts[i - 1], pts[i]) {
                discontinuities.push(Discontinuity { frame: i, from_pts: a, to_pts: b });
            }
        } else if median > 0 && d > 2 * median {
            gaps.push(Gap { frame: i, interval_secs: secs, median_multiple: d as f64 / median as f64 });
        }
    }
    discontinuities.sort_by_key(|d| d.frame);
    // Rounding to a coarse time base makes a constant rate alternate by one tick (33, 34, 33 ms): not VFR.
    let tolerance = (median / 50).max(1);
    let variable_frame_rate = sorted.iter().any(|&d| (d - median).abs() > tolerance);
    let timed: Vec<i64> = pts.iter().flatten().copied().collect();
    let measured_fps = match (timed.iter().min(), timed.iter().max()) {
        (Some(&lo), Some(&hi)) if hi > lo || timed.len() == 1 => {
            let span_secs = (hi - lo + median) as f64 * tick_secs;
            (span_secs > 0.0).then(|| timed.len() as f64 / span_secs)
        }
        _ => None,
    };
    let duplicates = md5s.map(duplicate_runs).unwrap_or_default();
    TimingReport {
        frame_count: pts.len(),
        frames_without_pts,
        min_interval_secs: min as f64 * tick_secs,
        median_interval_secs: median as f64 * tick_secs,
        max_interval_secs: max as f64 * tick_secs,
        declared_fps,
        measured_fps,
        variable_frame_rate,
        gaps,
        discontinuities,
        duplicates,
    }
}

fn duplicate_runs(md5s: &[String]) -> Vec<DuplicateRun> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < md5s.len() {
        let mut j = i;
        while j + 1 < md5s.len() && md5s[j + 1] == md5s[i] {
            j += 1;
        }
        if j > i {
            runs.push(DuplicateRun { first_frame: i, last_frame: j });
        }
        i = j + 1;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_file_says_how_much_is_missing_and_a_whole_one_says_nothing() {
        let e = ends_early(49, 1.633, Some(60.0), Some(1800), Some(30.0)).expect("truncated");
        assert_eq!(e.message(), "file ends early: 49 of 1800 declared frames can be read (1.6 s of 60.0 s)");
        let about = ends_early(49, 1.633, Some(60.0), None, Some(30.0)).expect("truncated");
        assert!(about.message().contains("49 of about 1800 declared frames"), "{}", about.message());
        assert_eq!(ends_early(1800, 60.0, Some(60.0), Some(1800), Some(30.0)), None);
        // Half a second short (rounding, a last frame's duration) is not "ends early"; neither is a missing duration.
        assert_eq!(ends_early(1785, 59.5, Some(60.0), Some(1800), Some(30.0)), None);
        assert_eq!(ends_early(49, 1.6, None, None, Some(30.0)), None);
    }

    #[test]
    fn constant_rate_with_rounding_is_not_vfr() {
        let pts: Vec<Option<i64>> = (0..30).map(|i| Some((i as f64 * 1000.0 / 29.97).round() as i64)).collect();
        let r = analyse(&pts, 0.001, Some(29.97), None);
        assert!(!r.variable_frame_rate, "{r:?}");
        assert!(r.gaps.is_empty() && r.discontinuities.is_empty());
        let fps = r.measured_fps.unwrap();
        assert!((fps - 29.97).abs() < 0.5, "{fps}");
    }

    #[test]
    fn finds_gaps_discontinuities_and_duplicates() {
        let pts = vec![Some(0), Some(10), Some(20), Some(50), Some(60), Some(55), Some(65), Some(5000), None];
        let md5s: Vec<String> = ["a", "b", "b", "b", "c", "d", "d", "e", "f"].iter().map(|s| s.to_string()).collect();
        let r = analyse(&pts, 0.01, None, Some(&md5s));
        assert_eq!(r.gaps, vec![Gap { frame: 3, interval_secs: 0.3, median_multiple: 3.0 }]);
        assert_eq!(r.discontinuities.iter().map(|d| d.frame).collect::<Vec<_>>(), vec![5, 7]);
        assert_eq!(
            r.duplicates,
            vec![DuplicateRun { first_frame: 1, last_frame: 3 }, DuplicateRun { first_frame: 5, last_frame: 6 }]
        );
        assert_eq!(r.frames_without_pts, 1);
        assert!(r.variable_frame_rate);
    }
}
