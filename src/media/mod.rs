//! The media engine: everything that touches FFmpeg lives here, and nothing outside this module does.
//!
//! Frame N is the N-th frame FFmpeg's decoder outputs for the first video stream, in presentation order — never a
//! time multiplied by a rate. [`index`] builds that numbering (fast demux pass, verified or rebuilt by decoding),
//! [`reader`] reaches any frame exactly by seeking to the preceding keyframe and decoding forward, and
//! [`md5`], [`convert`], [`probe`], [`timing`] (with [`timing_plot`], its picture's data) and [`hash`] answer the
//! questions an exhibit must cite.

pub mod audio;
pub mod audio_stream;
pub mod check;
pub mod clip;
pub mod convert;
pub mod decoder;
pub mod encode;
pub mod error;
pub mod file_timing;
pub mod frame_cache;
pub mod hash;
pub mod index;
pub mod index_cache;
pub mod md5;
pub mod open_policy;
pub mod probe;
pub mod reader;
pub mod source;
pub mod timing;
pub mod timing_plot;
pub mod video;

pub use error::{MediaError, MediaResult};
pub use ffmpeg_next::Rational;

use std::sync::Once;

/// Initialises FFmpeg once per process and keeps its own logging quiet (errors reach the user through `MediaError`).
pub fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // `init` only registers codecs on old FFmpeg; on 5.x it cannot fail in a way we could act on.
        let _ = ffmpeg_next::init();
        let level = match std::env::var("CLAIMFRAME_FFMPEG_LOG").as_deref() {
            Ok("debug") => ffmpeg_next::util::log::Level::Debug,
            Ok("warning") => ffmpeg_next::util::log::Level::Warning,
            Ok("error") => ffmpeg_next::util::log::Level::Error,
            _ => ffmpeg_next::util::log::Level::Fatal,
        };
        ffmpeg_next::util::log::set_level(level);
    });
}

/// Seconds represented by `ticks` in `time_base`.
pub fn ticks_to_secs(ticks: i64, time_base: Rational) -> f64 {
    if time_base.denominator() == 0 {
        return 0.0;
    }
    ticks as f64 * time_base.numerator() as f64 / time_base.denominator() as f64
}

/// Decoder threading, chosen per purpose: evidential output must be reproducible run after run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threading {
    /// One thread: the same bytes on every run, even on a damaged stream (framemd5, stills, exports, the index).
    Reproducible,
    /// Frame + slice threads on every core: for playback and scrubbing, where speed matters and nothing is cited.
    Fast,
}

impl Threading {
    /// How the output names this mode.
    pub fn describe(self) -> &'static str {
        match self {
            Threading::Reproducible => "decoder threads=1 (reproducible)",
            Threading::Fast => "decoder threads=auto (frame+slice)",
        }
    }
}

/// The FFmpeg library versions this build runs against, e.g. `libavcodec 59.37.100, libavformat 59.27.100, …`.
pub fn ffmpeg_versions() -> String {
    let v = |n: u32| format!("{}.{}.{}", n >> 16, (n >> 8) & 0xff, n & 0xff);
    format!(
        "libavcodec {}, libavformat {}, libavutil {}, libswscale {}",
        v(ffmpeg_next::codec::version()),
        v(ffmpeg_next::format::version()),
        v(ffmpeg_next::util::version()),
        v(ffmpeg_next::software::scaling::version()),
    )
}
