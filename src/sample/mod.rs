//! The bundled sample footage: a scripted 60 s drive seen from a civilian car's windscreen camera, in which an
//! agency SUV follows, brake-checks, drives erratically and is touched once at low speed — plus its ground truth.
//!
//! A second camera, a bystander's phone filming the same incident from the roadside on its own clock, is in
//! [`phone`].
//!
//! Also the sample case built from that truth ([`coded_case`]) and the public-record claims it is linked to
//! ([`claims`]). Everything here is pure Rust; only [`generate`] hands finished frames and samples to [`crate::media::encode`].

pub mod audio;
pub mod canvas;
pub mod claims;
pub mod coded_case;
pub mod generate;
pub mod hd_footage;
pub mod long_footage;
pub mod measured;
pub mod osd;
pub mod phone;
pub mod scene;
pub mod script;
pub mod synthetic_case;
pub mod text;
pub mod truth;

pub use claims::{sample_claims, sample_source};
pub use coded_case::{build_sample_case, Happening, SAMPLE_REVIEWER};
pub use generate::{generate_phone_with, generate_sample, generate_sample_with, GeneratedSample, SampleOptions};
pub use phone::{PhoneClock, PhoneRenderer, PHONE_FRAME_COUNT};
pub use script::{Script, FPS, FULL_FRAME_COUNT};
pub use synthetic_case::{bench_case, synthetic_case, BenchFigures};
pub use truth::{GroundTruth, TruthClock, TruthEvent, TruthKind};

use canvas::Canvas;
use text::TextRenderer;

pub const WIDTH_PX: u32 = 1280;
pub const HEIGHT_PX: u32 = 720;
/// The fictional body-worn camera model and serial burned into every frame.
pub const CAMERA_ID: &str = "KESTREL BODY 3 K60A4721";
/// Burned into every frame and written into the file's comment tag.
pub const SYNTHETIC_LABEL: &str = "SYNTHETIC FOOTAGE - NOT REAL EVIDENCE";
pub const VIDEO_FILE_NAME: &str = "bodycam_sample.mp4";
pub const TRUTH_FILE_NAME: &str = "bodycam_sample.truth.json";

/// Why the sample could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("the bundled OSD font could not be parsed: {0}")]
    Font(String),
    #[error("frame {frame} is past the end of the sample script ({count} frames, numbered 0 to {last})", last = count.saturating_sub(1))]
    FrameOutOfRange { frame: u32, count: u32 },
}

/// Draws frames of the scripted drive. Deterministic: the same frame number always gives the same bytes.
pub struct Renderer {
    text: TextRenderer,
    script: Script,
}

impl Renderer {
    pub fn new() -> Result<Self, SampleError> {
        Ok(Self { text: TextRenderer::new()?, script: Script::standard() })
    }

    pub fn script(&self) -> &Script {
        &self.script
    }

    /// Renders frame `frame` as a [`WIDTH_PX`] × [`HEIGHT_PX`] RGBA image.
    pub fn render_frame(&self, frame: u32) -> Result<Canvas, SampleError> {
        let count = self.script.states().len() as u32;
        let Some(state) = self.script.state(frame) else {
            return Err(SampleError::FrameOutOfRange { frame, count });
        };
        let mut canvas = Canvas::new(WIDTH_PX, HEIGHT_PX);
        scene::draw_world(&mut canvas, &self.text, state);
        osd::draw_osd(&mut canvas, &self.text, state);
        Ok(canvas)
    }
}
