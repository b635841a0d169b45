//! The scripted drive: speed tracks for the agency SUV (lead) and the civilian car carrying the camera (follower),
//! the SUV's lateral weaving, horn presses, and the per-frame state they integrate to — including the one contact.
//!
//! Frame numbers are the clock: the script is written in frames at exactly [`FPS`], nothing is derived from seconds.

/// Frames per second of the sample; the script's keys are frame numbers at this rate.
pub const FPS: u32 = 30;
/// Frames in the full script (60 s).
pub const FULL_FRAME_COUNT: u32 = 1800;
/// Distance from the camera to the follower's front bumper, so the SUV's rear face is at `gap_m + this`.
pub const CAMERA_TO_BUMPER_M: f64 = 2.5;

/// Lead (agency SUV) speed keys: (frame, m/s), linear between keys, so each ramp is a constant acceleration.
const LEAD_SPEED_KEYS: &[(u32, f64)] = &[
    (0, 20.0),
    (270, 20.0),
    (306, 9.0), // brake-check 1
    (318, 9.0),
    (400, 20.0),
    (565, 20.0), // erratic driving: brake taps and surges
    (580, 15.0),
    (615, 22.0),
    (650, 22.0),
    (675, 14.0),
    (720, 21.0),
    (760, 17.0),
    (790, 20.0),
    (960, 20.0),
    (996, 8.0), // brake-check 2
    (1010, 8.0),
    (1090, 18.0),
    (1200, 18.0),
    (1236, 4.0), // brake-check 3, then a stop
    (1258, 0.0),
    (1440, 0.0),
    (1540, 18.0),
];

/// Follower (civilian car, camera) speed keys: (frame, m/s).
const FOLLOWER_SPEED_KEYS: &[(u32, f64)] = &[
    (0, 20.0),
    (292, 20.0), // reacts to brake-check 1
    (318, 11.0),
    (345, 11.0),
    (460, 20.5),
    (480, 20.0),
    (540, 20.0),
    (560, 19.0), // hangs back while the SUV weaves
    (790, 19.0),
    (830, 20.5),
    (900, 20.0),
    (978, 20.0), // reacts to brake-check 2
    (1000, 9.0),
    (1022, 9.0),
    (1100, 19.2),
    (1160, 19.2),
    (1185, 18.0),
    (1220, 18.0), // reacts late to brake-check 3
    (1248, 3.0),
    (1262, 1.0),
    (1272, 0.0),
    (1470, 0.0),
    (1590, 18.0),
    (1640, 18.0),
];

/// Lead lateral offset keys (frame, metres right of the follower's lane centre), eased between keys.
/// The left lane's centre is at -3.5 m; the right shoulder starts at +1.75 m.
const LEAD_OFFSET_KEYS: &[(u32, f64)] = &[
    (0, 0.0),
    (540, 0.0),
    (570, -2.8),
    (600, 0.4),
    (630, -1.8),
    (655, 2.4),
    (685, -0.4),
    (715, -3.2),
    (745, 1.2),
    (775, -0.8),
    (810, 0.0),
];

/// Initial gap, SUV rear bumper to follower front bumper.
const INITIAL_GAP_M: f64 = 14.0;
/// After the contact the follower eases off to this much slower than the SUV for [`BOUNCE_FRAMES`].
const BOUNCE_BACKOFF_MPS: f64 = 0.5;
const BOUNCE_FRAMES: u32 = 40;
/// Deceleration above which the SUV's brake lights are on.
const BRAKE_LIGHT_DECEL_MPS2: f64 = 0.5;

/// Horn presses by the follower: inclusive frame ranges.
pub const HORN_FRAMES: &[(u32, u32)] = &[(318, 326), (334, 342), (680, 688), (1000, 1024), (1262, 1292)];

/// The script's fixed phases (inclusive frame ranges) that the ground truth names.
pub mod phase {
    pub const FOLLOWING: &[(u32, u32)] = &[(0, 269), (400, 539), (840, 959), (1100, 1199), (1560, 1799)];
    pub const BRAKE_CHECKS: &[(u32, u32)] = &[(270, 305), (960, 995), (1200, 1235)];
    pub const ERRATIC: (u32, u32) = (540, 809);
}

/// Everything the renderer and the audio need to know about one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameState {
    pub frame: u32,
    pub lead_speed_mps: f64,
    pub follower_speed_mps: f64,
    /// Follower's deceleration (positive when braking), m/s².
    pub follower_decel_mps2: f64,
    /// SUV rear bumper to follower front bumper.
    pub gap_m: f64,
    /// SUV centre, metres right of the follower's lane centre.
    pub lead_offset_m: f64,
    pub lead_brake_lights: bool,
    pub horn: bool,
    /// Follower distance travelled since frame 0 (scrolls the road).
    pub follower_odometer_m: f64,
    /// Frames since the contact, if it has happened.
    pub frames_since_contact: Option<u32>,
}

/// The whole drive, integrated once frame by frame.
#[derive(Clone, Debug)]
pub struct Script {
    states: Vec<FrameState>,
    contact_frame: Option<u32>,
}

impl Script {
    /// Integrates the standard 60 s drive.
    pub fn standard() -> Self {
        let n = FULL_FRAME_COUNT;
        let dt_secs = 1.0 / f64::from(FPS);
        let lead: Vec<f64> = (0..=n).map(|f| piecewise_linear(LEAD_SPEED_KEYS, f)).collect();
        let mut follower: Vec<f64> = (0..=n).map(|f| piecewise_linear(FOLLOWER_SPEED_KEYS, f)).collect();

        let mut gaps_m = Vec::with_capacity(n as usize);
        let mut odometer_m = Vec::with_capacity(n as usize);
        let mut gap_m = INITIAL_GAP_M;
        let mut odo_m = 0.0;
        let mut contact_frame: Option<u32> = None;
        gaps_m.push(gap_m);
        odometer_m.push(odo_m);
        for f in 0..n - 1 {
            let next = f as usize + 1;
            if let Some(c) = contact_frame {
                if f + 1 - c <= BOUNCE_FRAMES {
                    follower[next] = follower[next].min(lead[next] - BOUNCE_BACKOFF_MPS).max(0.0);
                }
            }
            let lead_step_m = (lead[f as usize] + lead[next]) * 0.5 * dt_secs;
            let follower_step_m = (follower[f as usize] + follower[next]) * 0.5 * dt_secs;
            gap_m += lead_step_m - follower_step_m;
            if gap_m <= 0.0 && contact_frame.is_none() {
                contact_frame = Some(f + 1);
                gap_m = 0.0;
                follower[next] = (lead[next] - BOUNCE_BACKOFF_MPS).max(0.0);
            }
            odo_m += follower_step_m;
            gaps_m.push(gap_m.max(0.0));
            odometer_m.push(odo_m);
        }

        let states = (0..n)
            .map(|f| {
                let i = f as usize;
                let lead_decel_mps2 = (lead[i] - lead[i + 1]) * f64::from(FPS);
                let follower_decel_mps2 = (follower[i] - follower[i + 1]) * f64::from(FPS);
                FrameState {
                    frame: f,
                    lead_speed_mps: lead[i],
                    follower_speed_mps: follower[i],
                    follower_decel_mps2,
                    gap_m: gaps_m[i],
                    lead_offset_m: eased(LEAD_OFFSET_KEYS, f) + lane_keeping_wobble_m(f),
                    lead_brake_lights: lead_decel_mps2 > BRAKE_LIGHT_DECEL_MPS2 || lead[i] < 0.05,
                    horn: HORN_FRAMES.iter().any(|&(a, b)| (a..=b).contains(&f)),
                    follower_odometer_m: odometer_m[i],
                    frames_since_contact: contact_frame.and_then(|c| f.checked_sub(c)),
                }
            })
            .collect();
        Self { states, contact_frame }
    }

    /// State of frame `frame`, or `None` past the end of the script.
    pub fn state(&self, frame: u32) -> Option<&FrameState> {
        self.states.get(frame as usize)
    }

    /// All frames in order.
    pub fn states(&self) -> &[FrameState] {
        &self.states
    }

    /// The frame on which the follower's bumper first touches the SUV's.
    pub fn contact_frame(&self) -> Option<u32> {
        self.contact_frame
    }
}

/// Small lateral drift of a normally driven car, so the SUV is never pixel-still.
fn lane_keeping_wobble_m(frame: u32) -> f64 {
    let t = f64::from(frame) / f64::from(FPS);
    0.10 * (t * 0.9).sin() + 0.04 * (t * 2.3 + 1.0).sin()
}

/// Linear interpolation over (frame, value) keys; held flat before the first and after the last key.
fn piecewise_linear(keys: &[(u32, f64)], frame: u32) -> f64 {
    interpolate(keys, frame, |t| t)
}

/// Smoothstep-eased interpolation over (frame, value) keys.
fn eased(keys: &[(u32, f64)], frame: u32) -> f64 {
    interpolate(keys, frame, |t| t * t * (3.0 - 2.0 * t))
}

fn interpolate(keys: &[(u32, f64)], frame: u32, shape: impl Fn(f64) -> f64) -> f64 {
    let Some(&(first_frame, first_value)) = keys.first() else { return 0.0 };
    if frame <= first_frame {
        return first_value;
    }
    for pair in keys.windows(2) {
        let (f0, v0) = pair[0];
        let (f1, v1) = pair[1];
        if frame <= f1 && f1 > f0 {
            let t = f64::from(frame - f0) / f64::from(f1 - f0);
            return v0 + (v1 - v0) * shape(t);
        }
    }
    keys.last().map_or(0.0, |&(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_hits_keys_and_holds_ends() {
        let keys = [(10, 1.0), (20, 3.0)];
        assert_eq!(piecewise_linear(&keys, 0), 1.0);
        assert_eq!(piecewise_linear(&keys, 15), 2.0);
        assert_eq!(piecewise_linear(&keys, 99), 3.0);
        assert_eq!(eased(&keys, 15), 2.0);
    }

    #[test]
    fn one_contact_and_gap_positive_elsewhere() {
        let script = Script::standard();
        let Some(contact) = script.contact_frame() else { panic!("the script must contain a contact") };
        for s in script.states() {
            if s.frame != contact {
                assert!(s.gap_m > 0.0, "gap {} m at frame {}", s.gap_m, s.frame);
            }
            assert!(s.lead_speed_mps >= 0.0 && s.follower_speed_mps >= 0.0);
        }
        let at = script.state(contact).map(|s| s.follower_speed_mps);
        assert!(at.is_some_and(|v| v < 6.0), "contact must be low-speed, follower at {at:?} m/s");
    }

    #[test]
    fn brake_lights_on_through_every_brake_check() {
        let script = Script::standard();
        for &(a, b) in phase::BRAKE_CHECKS {
            for f in a..=b {
                assert!(script.state(f).is_some_and(|s| s.lead_brake_lights), "frame {f}");
            }
        }
    }
}
