//! The sample's second camera: a bystander's phone on the grass bank beside the road, filming the same scripted
//! incident side-on at 640x360 and 30 fps with 44.1 kHz mono sound. It starts about 6 s after the body camera
//! and stops about 8 s before its end, its creation time is written to the second and is wrong by a couple of
//! seconds, and its clock runs fast by [`PhoneClock::DRIFT_PPM`] against the body camera's.
//!
//! The phone's frames and sound are made on the phone's own media time axis: each phone frame shows the script at
//! the body camera's media time [`PhoneClock::script_secs`] gives, and each sound sample is the scene's sound at
//! that instant, so the offset and the drift are really in the file ([`sound`], [`view`]).

pub mod sound;
pub mod truth;
pub mod view;

use super::canvas::Canvas;
use super::script::{FrameState, Script, FPS};
use super::text::TextRenderer;
use super::SampleError;

pub const PHONE_WIDTH_PX: u32 = 640;
pub const PHONE_HEIGHT_PX: u32 = 360;
/// Frames the phone records (about 45.7 s).
pub const PHONE_FRAME_COUNT: u32 = 1372;
pub const PHONE_CAMERA_ID: &str = "bystander's phone (fictional)";
pub const PHONE_VIDEO_FILE_NAME: &str = "phone_sample.mp4";
pub const PHONE_TRUTH_FILE_NAME: &str = "phone_sample.truth.json";
/// What the phone writes as its creation time: its own clock, to the second, about 1.8 s ahead of the truth.
pub const PHONE_CREATION_TIME: &str = "2031-04-17T21:02:08.000000Z";

/// How the phone's media time relates to the body camera's: `phone = (1 + drift)·(body − start)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhoneClock {
    /// The body camera's media time of the phone's media time 0.
    pub start_body_secs: f64,
    /// How much faster the phone's media clock runs than the body camera's, ppm (positive: the phone's recording
    /// of the same stretch is longer).
    pub drift_ppm: f64,
}

impl PhoneClock {
    pub const START_BODY_SECS: f64 = 6.237;
    pub const DRIFT_PPM: f64 = 150.0;

    /// The sample's phone.
    pub fn standard() -> Self {
        Self { start_body_secs: Self::START_BODY_SECS, drift_ppm: Self::DRIFT_PPM }
    }

    fn rate(&self) -> f64 {
        1.0 + self.drift_ppm * 1e-6
    }

    /// The body camera's (and the script's) media time shown and heard at the phone's media time `phone_secs`.
    pub fn script_secs(&self, phone_secs: f64) -> f64 {
        self.start_body_secs + phone_secs / self.rate()
    }

    /// The phone's media time of the body camera's media time `body_secs`.
    pub fn phone_secs(&self, body_secs: f64) -> f64 {
        (body_secs - self.start_body_secs) * self.rate()
    }

    /// B's media time minus A's for the same sound at A's media time `body_secs` (A the body camera, B the phone),
    /// in the form the audio sync engine reports it.
    pub fn offset_ms_at(&self, body_secs: f64) -> f64 {
        (self.phone_secs(body_secs) - body_secs) * 1000.0
    }
}

/// The script's state at a time between its frames: positions and speeds interpolated, on/off things (brake
/// lights, horn, contact) taken from the frame at or before it. `None` outside the script.
pub fn state_at(script: &Script, script_secs: f64) -> Option<FrameState> {
    let position = script_secs * f64::from(FPS);
    if position.is_nan() || position < 0.0 {
        return None;
    }
    let frame = position.floor() as u32;
    let before = *script.state(frame)?;
    let Some(after) = script.state(frame + 1) else { return Some(before) };
    let t = position - f64::from(frame);
    let mix = |a: f64, b: f64| a + (b - a) * t;
    Some(FrameState {
        lead_speed_mps: mix(before.lead_speed_mps, after.lead_speed_mps),
        follower_speed_mps: mix(before.follower_speed_mps, after.follower_speed_mps),
        gap_m: mix(before.gap_m, after.gap_m),
        lead_offset_m: mix(before.lead_offset_m, after.lead_offset_m),
        follower_odometer_m: mix(before.follower_odometer_m, after.follower_odometer_m),
        ..before
    })
}

/// Draws the phone's frames. Deterministic, like the body camera's renderer.
pub struct PhoneRenderer {
    text: TextRenderer,
    script: Script,
    clock: PhoneClock,
}

impl PhoneRenderer {
    pub fn new() -> Result<Self, SampleError> {
        Ok(Self { text: TextRenderer::new()?, script: Script::standard(), clock: PhoneClock::standard() })
    }

    pub fn script(&self) -> &Script {
        &self.script
    }

    pub fn clock(&self) -> PhoneClock {
        self.clock
    }

    /// Renders phone frame `frame` as a [`PHONE_WIDTH_PX`] × [`PHONE_HEIGHT_PX`] RGBA image.
    pub fn render_frame(&self, frame: u32) -> Result<Canvas, SampleError> {
        let out_of_range = SampleError::FrameOutOfRange { frame, count: PHONE_FRAME_COUNT };
        if frame >= PHONE_FRAME_COUNT {
            return Err(out_of_range);
        }
        let script_secs = self.clock.script_secs(f64::from(frame) / f64::from(FPS));
        let Some(state) = state_at(&self.script, script_secs) else { return Err(out_of_range) };
        let mut canvas = Canvas::new(PHONE_WIDTH_PX, PHONE_HEIGHT_PX);
        view::draw_view(&mut canvas, &self.text, &state, script_secs);
        Ok(canvas)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_maps_both_ways_and_covers_the_middle_of_the_script() {
        let clock = PhoneClock::standard();
        assert!((clock.script_secs(clock.phone_secs(20.0)) - 20.0).abs() < 1e-12);
        let end_secs = clock.script_secs(f64::from(PHONE_FRAME_COUNT) / f64::from(FPS));
        assert!((5.0..7.0).contains(&clock.start_body_secs) && (50.0..53.0).contains(&end_secs), "{end_secs}");
        // 150 ppm over the phone's 45.7 s: its recording is about 6.9 ms longer than the stretch it covers.
        let stretch_ms = (clock.phone_secs(end_secs) - (end_secs - clock.start_body_secs)) * 1000.0;
        assert!((stretch_ms - 6.86).abs() < 0.05, "{stretch_ms}");
    }

    #[test]
    fn state_between_frames_is_interpolated() {
        let script = Script::standard();
        let (Some(a), Some(b)) = (script.state(100), script.state(101)) else { panic!("script too short") };
        let Some(mid) = state_at(&script, 100.5 / f64::from(FPS)) else { panic!("no state") };
        let expected = (a.follower_odometer_m + b.follower_odometer_m) / 2.0;
        assert!((mid.follower_odometer_m - expected).abs() < 1e-9);
        assert_eq!(mid.frame, 100);
        assert!(state_at(&script, -0.1).is_none());
        assert!(state_at(&script, 61.0).is_none());
    }
}
