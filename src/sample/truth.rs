//! Ground truth for the sample: every scripted happening with its kind, inclusive frame range and a short
//! description, serialised to `bodycam_sample.truth.json` beside the video.

use serde::{Deserialize, Serialize};

use super::script::{phase, Script, FPS, HORN_FRAMES};
use super::{CAMERA_ID, HEIGHT_PX, WIDTH_PX};

/// What kind of thing happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TruthKind {
    #[serde(rename = "following")]
    Following,
    #[serde(rename = "brake-check")]
    BrakeCheck,
    #[serde(rename = "erratic driving")]
    ErraticDriving,
    #[serde(rename = "contact")]
    Contact,
    #[serde(rename = "horn")]
    Horn,
    #[serde(rename = "stopped")]
    Stopped,
}

/// One scripted happening. Frames are 0-based decoder output order; `end_frame` is inclusive, and point events
/// have `start_frame == end_frame`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TruthEvent {
    pub kind: TruthKind,
    pub start_frame: u32,
    pub end_frame: u32,
    pub description: String,
}

/// The ground-truth file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroundTruth {
    /// Format tag, bumped if the layout changes.
    pub schema: String,
    /// Always true: this footage is generated, not recorded.
    pub synthetic: bool,
    pub video_file: String,
    pub camera_id: String,
    pub width_px: u32,
    pub height_px: u32,
    pub fps_num: u32,
    pub fps_den: u32,
    pub frame_count: u32,
    /// Sorted by `start_frame`, then kind.
    pub events: Vec<TruthEvent>,
    /// For a second camera: its true clock against the first one's (absent for the body camera, whose burned-in
    /// clock and creation time are the truth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<TruthClock>,
}

/// A second camera's true clock: `this = (1 + drift)·(reference − starts_at_reference_secs)` in media seconds, and
/// the true wall-clock time of its first frame beside what its container claims.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TruthClock {
    /// The camera the relation is to.
    pub reference_video_file: String,
    /// The reference camera's media time of this camera's media time 0.
    pub starts_at_reference_secs: f64,
    /// How much faster this camera's media clock runs than the reference's, ppm.
    pub drift_ppm: f64,
    /// The true wall-clock time of this camera's media time 0 (the reference's creation time is exact).
    pub true_origin_utc: String,
    /// What this camera's container says instead (its own clock, to the second).
    pub creation_time_utc: String,
}

pub const TRUTH_SCHEMA: &str = "claimframe.sample-truth/1";

impl GroundTruth {
    /// The truth for the first `frame_count` frames of `script`: events starting later are dropped, events running
    /// past the end are cut at the last frame.
    pub fn for_script(script: &Script, frame_count: u32, video_file: &str) -> Self {
        let mut events = full_event_list(script);
        let last = frame_count.saturating_sub(1);
        events.retain(|e| frame_count > 0 && e.start_frame <= last);
        for e in &mut events {
            e.end_frame = e.end_frame.min(last);
        }
        events.sort_by_key(|e| (e.start_frame, e.kind as u8, e.end_frame));
        Self {
            schema: TRUTH_SCHEMA.to_owned(),
            synthetic: true,
            video_file: video_file.to_owned(),
            camera_id: CAMERA_ID.to_owned(),
            width_px: WIDTH_PX,
            height_px: HEIGHT_PX,
            fps_num: FPS,
            fps_den: 1,
            frame_count,
            events,
            clock: None,
        }
    }

    /// Events of one kind, in order.
    pub fn of_kind(&self, kind: TruthKind) -> impl Iterator<Item = &TruthEvent> {
        self.events.iter().filter(move |e| e.kind == kind)
    }
}

/// Every scripted happening on the script's (the body camera's) frames, unsorted.
pub(super) fn full_event_list(script: &Script) -> Vec<TruthEvent> {
    let mut events = Vec::new();
    let gap_range = |a: u32, b: u32| -> (f64, f64) {
        let gaps = script.states().iter().filter(|s| (a..=b).contains(&s.frame)).map(|s| s.gap_m);
        gaps.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| (lo.min(g), hi.max(g)))
    };
    let mph = |frame: u32, lead: bool| -> f64 {
        script.state(frame).map_or(0.0, |s| if lead { s.lead_speed_mps } else { s.follower_speed_mps } * MPH_PER_MPS)
    };

    for &(a, b) in phase::FOLLOWING {
        let (lo, hi) = gap_range(a, b);
        let gap = if hi - lo < 1.0 { format!("about {:.0} m", (lo + hi) / 2.0) } else { format!("{lo:.0}-{hi:.0} m") };
        let frames = script.states().iter().filter(|s| (a..=b).contains(&s.frame));
        let (sum_mps, n) = frames.fold((0.0, 0u32), |(sum, n), s| (sum + s.follower_speed_mps, n + 1));
        let mean_mph = sum_mps / f64::from(n.max(1)) * MPH_PER_MPS;
        events.push(TruthEvent {
            kind: TruthKind::Following,
            start_frame: a,
            end_frame: b,
            description: format!(
                "Civilian car follows the agency SUV in the same lane, {gap} behind, at about {mean_mph:.0} mph"
            ),
        });
    }
    for (i, &(a, b)) in phase::BRAKE_CHECKS.iter().enumerate() {
        let (lo, hi) = gap_range(a, b + 10);
        events.push(TruthEvent {
            kind: TruthKind::BrakeCheck,
            start_frame: a,
            end_frame: b,
            description: format!(
                "Brake-check {}: agency SUV brakes hard from {:.0} to {:.0} mph with no traffic ahead; brake lights \
                 on; gap closes from {hi:.0} m to {lo:.1} m",
                i + 1,
                mph(a, true),
                mph(b + 1, true),
            ),
        });
    }
    let (ea, eb) = phase::ERRATIC;
    events.push(TruthEvent {
        kind: TruthKind::ErraticDriving,
        start_frame: ea,
        end_frame: eb,
        description: "Agency SUV weaves across the left lane and onto the right shoulder, with two unprovoked brake \
                      taps and surges"
            .to_owned(),
    });
    if let Some(c) = script.contact_frame() {
        let closing_mph = script
            .state(c.saturating_sub(1))
            .map_or(0.0, |s| (s.follower_speed_mps - s.lead_speed_mps).max(0.0) * MPH_PER_MPS);
        events.push(TruthEvent {
            kind: TruthKind::Contact,
            start_frame: c,
            end_frame: c,
            description: format!(
                "Low-speed contact right after brake-check {}: civilian car's front bumper touches the SUV's rear \
                 bumper at about {:.0} mph ({closing_mph:.0} mph closing)",
                phase::BRAKE_CHECKS.len(),
                mph(c.saturating_sub(1), false),
            ),
        });
        if let Some((a, b)) = both_stopped_after(script, c) {
            events.push(TruthEvent {
                kind: TruthKind::Stopped,
                start_frame: a,
                end_frame: b,
                description: "Both vehicles stopped in lane after the contact, SUV's brake lights on".to_owned(),
            });
        }
    }
    for &(a, b) in HORN_FRAMES {
        let secs = f64::from(b - a + 1) / f64::from(FPS);
        events.push(TruthEvent {
            kind: TruthKind::Horn,
            start_frame: a,
            end_frame: b,
            description: format!("Civilian car sounds its horn ({secs:.1} s)"),
        });
    }
    events
}

const MPH_PER_MPS: f64 = 2.236_936;

/// The first run of frames after `contact` in which both vehicles stand still.
fn both_stopped_after(script: &Script, contact: u32) -> Option<(u32, u32)> {
    let stopped = |f: u32| script.state(f).is_some_and(|s| s.lead_speed_mps <= 0.0 && s.follower_speed_mps <= 0.0);
    let start = (contact..script.states().len() as u32).find(|&f| stopped(f))?;
    let end = (start..script.states().len() as u32).take_while(|&f| stopped(f)).last()?;
    Some((start, end))
}
