//! The frame-identity self-check anyone can run on their own evidence: a seeded random walk of requests — jumps,
//! steps of ±1 and ±10, first and last frame, batches in any order — served by the engine exactly as the window
//! (threaded decoder, frame cache, decoding on) and the command line (batches in GOP order) serve them, each
//! delivered frame compared with the engine's own reproducible sequential decode and, when the `ffmpeg` program is
//! installed, with FFmpeg's framemd5 of the same file.
//!
//! The walk's random numbers come from SplitMix64, written here on purpose: a seed must name the same walk in
//! every version of ClaimFrame, years later, which a general-purpose crate does not promise.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use super::error::{MediaError, MediaResult};
use super::video::{linear_md5s, VideoFile};
use super::Threading;

/// One request of the walk, as a reviewer or a script would make it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Go to a frame (Ctrl+G, the seek bar, a click on an event).
    Jump { to: usize },
    /// Step from where the playhead is (arrow keys, Shift+arrows, reverse shuttle).
    Step { by: i64, to: usize },
    /// Several frames at once, in this order (`framemd5 --frames`, exports).
    Batch { frames: Vec<usize> },
}

impl Request {
    pub fn describe(&self) -> String {
        match self {
            Request::Jump { to } => format!("jump to {to}"),
            Request::Step { by, to } => format!("step {by:+} to {to}"),
            Request::Batch { frames } => {
                let list: Vec<String> = frames.iter().map(usize::to_string).collect();
                format!("batch {}", list.join(","))
            }
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fixed forever.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The walk for a file of `frame_count` frames: `requests` requests from `seed`, starting at frame 0.
pub fn plan_walk(frame_count: usize, requests: usize, seed: u64) -> Vec<Request> {
    let mut rng = SplitMix64(seed);
    let last = frame_count.saturating_sub(1);
    let mut at = 0usize;
    let mut plan = Vec::with_capacity(requests);
    let step = |at: usize, by: i64| -> usize {
        let to = at as i64 + by;
        to.clamp(0, last as i64) as usize
    };
    while plan.len() < requests {
        let roll = rng.below(100);
        let request = match roll {
            0..=24 => Request::Jump { to: rng.below(frame_count) },
            25..=29 => Request::Jump { to: if rng.below(2) == 0 { 0 } else { last } },
            30..=47 => Request::Step { by: 1, to: step(at, 1) },
            48..=65 => Request::Step { by: -1, to: step(at, -1) },
            66..=71 => Request::Step { by: 10, to: step(at, 10) },
            72..=77 => Request::Step { by: -10, to: step(at, -10) },
            // A run of steps back, as in reverse shuttle: several requests in one.
            78..=84 => {
                for _ in 0..rng.below(8) + 2 {
                    if plan.len() + 1 >= requests {
                        break;
                    }
                    at = step(at, -1);
                    plan.push(Request::Step { by: -1, to: at });
                }
                Request::Step { by: -1, to: step(at, -1) }
            }
            _ => {
                let n = rng.below(7) + 2;
                Request::Batch { frames: (0..n).map(|_| rng.below(frame_count)).collect() }
            }
        };
        match &request {
            Request::Jump { to } | Request::Step { to, .. } => at = *to,
            Request::Batch { .. } => {}
        }
        plan.push(request);
    }
    plan
}

/// A delivered frame that is not the reference's.
#[derive(Clone, Debug, Serialize)]
pub struct Mismatch {
    /// 0-based place of the request in the walk.
    pub request: usize,
    pub request_text: String,
    pub frame: usize,
    pub delivered_md5: String,
    pub expected_md5: String,
    /// What the frame was compared with: "sequential decode" or "ffmpeg framemd5".
    pub against: String,
}

/// Everything the check found.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub frame_count: usize,
    pub seed: u64,
    pub walk: Vec<Request>,
    /// Frames delivered by the walk (each compared with every reference present).
    pub frames_checked: usize,
    pub frames_identical: usize,
    pub mismatches: Vec<Mismatch>,
    /// Whether `ffmpeg` was found and its framemd5 compared too.
    pub ffmpeg_compared: bool,
    /// Frames where the engine's sequential decode and FFmpeg's differ (empty when they agree or FFmpeg is absent).
    pub sequential_vs_ffmpeg: Vec<usize>,
    /// Frame counts that disagree, in words.
    pub notes: Vec<String>,
    /// Where the stream is damaged, the first frame output after a decode error.
    pub damaged_from: Option<usize>,
}

impl CheckReport {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.sequential_vs_ffmpeg.is_empty() && self.notes.is_empty()
    }
}

/// FFmpeg's framemd5 of the first video stream, as the reference command computes it; None when `ffmpeg` is not
/// installed.
pub fn ffmpeg_framemd5(path: &Path) -> Option<MediaResult<Vec<String>>> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-threads", "1", "-noautorotate", "-i"])
        .arg(path)
        .args(["-map", "0:v:0", "-fps_mode", "passthrough", "-autoscale", "0", "-f", "framemd5", "-"])
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(source) => return Some(Err(MediaError::Io { path: path.to_path_buf(), source })),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let md5s = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.rsplit(',').next().map(|m| m.trim().to_string()))
        .collect();
    Some(Ok(md5s))
}

/// What delivered frames are compared with: the engine's reproducible sequential decode, and FFmpeg's framemd5
/// when the `ffmpeg` program is installed.
#[derive(Clone, Debug)]
pub struct References {
    pub sequential: Vec<String>,
    pub ffmpeg: Option<Vec<String>>,
}

/// Decodes the references for `path` once (a check may then run several walks against them).
pub fn references(path: &Path, with_ffmpeg: bool) -> MediaResult<References> {
    let mut sequential = Vec::new();
    linear_md5s(path, Threading::Reproducible, |_, md5| sequential.push(md5.to_string()))?;
    let ffmpeg = if with_ffmpeg { ffmpeg_framemd5(path).transpose()? } else { None };
    Ok(References { sequential, ffmpeg })
}

/// Runs the check: `requests` requests from `seed`. `with_ffmpeg` also compares with the `ffmpeg` program when it
/// is installed.
pub fn check_frames(path: &Path, requests: usize, seed: u64, with_ffmpeg: bool) -> MediaResult<CheckReport> {
    check_walk(path, &references(path, with_ffmpeg)?, requests, seed)
}

/// Runs one walk against references already decoded.
pub fn check_walk(path: &Path, refs: &References, requests: usize, seed: u64) -> MediaResult<CheckReport> {
    let sequential = &refs.sequential;
    let ffmpeg = &refs.ffmpeg;
    // As the window opens it: threaded decoder, its cache; and as the command line serves batches.
    let mut window = VideoFile::open(path, Threading::Fast)?;
    let mut batches = VideoFile::open(path, Threading::Reproducible)?;
    batches.set_skip_nonref_on_seek(true);
    let mut report = CheckReport {
        file: path.display().to_string(),
        frame_count: window.frame_count(),
        seed,
        walk: plan_walk(window.frame_count(), requests, seed),
        frames_checked: 0,
        frames_identical: 0,
        mismatches: Vec::new(),
        ffmpeg_compared: ffmpeg.is_some(),
        sequential_vs_ffmpeg: Vec::new(),
        notes: Vec::new(),
        damaged_from: None,
    };
    if sequential.len() != report.frame_count {
        report.notes.push(format!(
            "the frame index lists {} frames, the sequential decode gives {}",
            report.frame_count,
            sequential.len()
        ));
    }
    if let Some(ff) = ffmpeg {
        if ff.len() != sequential.len() {
            report.notes.push(format!(
                "ffmpeg outputs {} frames, the sequential decode {}",
                ff.len(),
                sequential.len()
            ));
        }
        report.sequential_vs_ffmpeg =
            sequential.iter().zip(ff).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i).collect();
    }
    let walk = report.walk.clone();
    for (r, request) in walk.iter().enumerate() {
        let delivered: Vec<(usize, String)> = match request {
            Request::Jump { to } | Request::Step { to, .. } => vec![(*to, window.frame_md5(*to)?)],
            Request::Batch { frames } => frames.iter().copied().zip(batches.frame_md5s(frames)?).collect(),
        };
        for (frame, md5) in delivered {
            report.frames_checked += 1;
            let mut identical = true;
            let references = [
                ("sequential decode", sequential.get(frame)),
                ("ffmpeg framemd5", ffmpeg.as_ref().and_then(|f| f.get(frame))),
            ];
            for (against, want) in references {
                let Some(want) = want else {
                    if against == "sequential decode" {
                        identical = false;
                    }
                    continue;
                };
                if !want.eq_ignore_ascii_case(&md5) {
                    identical = false;
                    report.mismatches.push(Mismatch {
                        request: r,
                        request_text: request.describe(),
                        frame,
                        delivered_md5: md5.clone(),
                        expected_md5: want.clone(),
                        against: against.to_string(),
                    });
                }
            }
            if identical {
                report.frames_identical += 1;
            }
        }
    }
    report.damaged_from = window.damaged_from().or(batches.damaged_from());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_names_one_walk_forever() {
        // Fixed values: changing the generator or the plan would change what an earlier seed meant.
        let mut rng = SplitMix64(1);
        assert_eq!(rng.next(), 0x910A_2DEC_8902_5CC1);
        let a = plan_walk(100, 60, 7);
        assert_eq!(a, plan_walk(100, 60, 7));
        assert_ne!(a, plan_walk(100, 60, 8));
        assert_eq!(a.len(), 60);
    }

    #[test]
    fn walks_stay_in_range_and_mix_every_kind_of_request() {
        let walk = plan_walk(37, 400, 3);
        let mut kinds = [0usize; 3];
        for r in &walk {
            match r {
                Request::Jump { to } => {
                    kinds[0] += 1;
                    assert!(*to < 37);
                }
                Request::Step { to, .. } => {
                    kinds[1] += 1;
                    assert!(*to < 37);
                }
                Request::Batch { frames } => {
                    kinds[2] += 1;
                    assert!(frames.iter().all(|&f| f < 37) && frames.len() >= 2);
                }
            }
        }
        assert!(kinds.iter().all(|&k| k > 20), "{kinds:?}");
    }
}
