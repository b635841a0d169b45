//! Audio sync: how two recordings of one incident line up, measured from their sound alone. Pure: it takes
//! decoded samples ([`SoundTrack`]) and returns numbers ([`AudioSync`]) or a refusal in words ([`SyncRefusal`]);
//! no FFmpeg, no egui. The media layer decodes (`media::audio::decode_mono`), `exchange::audio_sync` joins the two.
//!
//! The method ([`estimate_audio_sync`]): both tracks at one analysis rate (8 kHz by default); GCC-PHAT over the
//! whole of both, decimated to 2 kHz, for candidate offsets at any lag (the peak looked for at several widths, as
//! drift smears it); for the strongest candidates in turn, windows of 4 s along the overlap, each correlated at the
//! analysis rate within a margin around that offset, their peaks refined below one sample; a robust straight line
//! through the windows' offsets gives drift; a second pass reads B on A's clock (stretched by that drift, so no
//! window is smeared by it) and the line through its windows is the result. When 4 s windows find too little
//! (faint shared sound), the fine passes run again with 16 s windows. GCC-PHAT rather than plain correlation:
//! whitening makes the peak as sharp as the band allows whatever the two microphones' colour and level.

mod coarse;
mod estimate;
#[cfg(test)]
mod estimate_tests;
mod gcc;
mod line_fit;
mod report;
mod resample;
mod windows;

pub use estimate::estimate_audio_sync;

/// How far sound travels in air per millisecond's delay, inverted: ~343 m/s at 20 °C is 2.9 ms per metre.
pub const SOUND_MS_PER_METRE: f64 = 2.9;

/// Mono samples of one recording placed on its media time axis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SoundTrack {
    pub samples: Vec<f32>,
    pub rate_hz: u32,
    /// Media time of `samples[0]`, in seconds (the axis the file's video frames are cited on).
    pub start_secs: f64,
}

impl SoundTrack {
    pub fn duration_secs(&self) -> f64 {
        if self.rate_hz == 0 {
            return 0.0;
        }
        self.samples.len() as f64 / f64::from(self.rate_hz)
    }

    /// Media time just after the last sample.
    pub fn end_secs(&self) -> f64 {
        self.start_secs + self.duration_secs()
    }
}

/// The knobs of [`estimate_audio_sync`]; the defaults are what the figures in the README were measured with.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncOptions {
    /// Both tracks are compared at this rate (resampled here if they come at another).
    pub analysis_rate_hz: u32,
    /// Rate of the coarse pass over the whole of both tracks.
    pub coarse_rate_hz: u32,
    /// The band the correlations weigh; the top is held below 0.45 × the rate compared at.
    pub low_hz: f64,
    pub high_hz: f64,
    /// Length of each fine window along the overlap (shorter when the overlap is too short for `min_windows`).
    pub window_secs: f64,
    /// At most this many windows; beyond it they are spread over the overlap with gaps between them.
    pub max_windows: usize,
    /// At least this many windows must agree on one line, or the result is refused.
    pub min_windows: usize,
    /// The largest clock drift searched for, which sets how far around the coarse offset windows look.
    pub max_drift_ppm: f64,
    /// Offsets searched, ± seconds (`None`: every offset that leaves `min_overlap_secs` of overlap).
    pub max_offset_secs: Option<f64>,
    /// A shorter overlap is refused.
    pub min_overlap_secs: f64,
    /// A result whose confidence is lower is refused.
    pub min_confidence: f64,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            analysis_rate_hz: 8000,
            coarse_rate_hz: 2000,
            low_hz: 100.0,
            high_hz: 3600.0,
            window_secs: 4.0,
            max_windows: 160,
            min_windows: 5,
            max_drift_ppm: 500.0,
            max_offset_secs: None,
            min_overlap_secs: 10.0,
            min_confidence: 0.25,
        }
    }
}

/// How recording B lines up with recording A: the same sound heard at A's media time `t_a` is heard at B's media
/// time `t_b = t_a + offset_secs + drift_ppm·1e-6·(t_a − ref_a_secs)` (with `offset_secs = offset_ms / 1000`).
///
/// This is the time the sound *arrived* at each microphone: a source nearer one camera reaches it first, 2.9 ms
/// per metre of difference in distance ([`SOUND_MS_PER_METRE`]), and a camera's own sound-to-picture skew is not
/// in it either.
#[derive(Clone, Debug, PartialEq)]
pub struct AudioSync {
    /// B's media time minus A's for the same sound, at A's media time `ref_a_secs`.
    pub offset_ms: f64,
    /// One standard error of `offset_ms`, from the scatter of the windows about the line.
    pub offset_unc_ms: f64,
    /// How much faster B's media clock runs than A's, in parts per million (positive: B's recording is longer).
    pub drift_ppm: f64,
    /// One standard error of `drift_ppm`.
    pub drift_unc_ppm: f64,
    /// A's media time the offset is given at: the mean time of the windows kept.
    pub ref_a_secs: f64,
    /// How long the two recordings overlap (A's seconds).
    pub overlap_secs: f64,
    /// The overlap's start on A's media time axis.
    pub overlap_start_a_secs: f64,
    /// 0–1: the sum of the peak qualities of the windows that agree with the line, over the number of windows
    /// that had sound on both sides. 1 means every window found one clear peak on the line.
    pub confidence: f64,
    /// Length of the windows measured (4 s by default; 16 s when 4 s windows found too little).
    pub window_secs: f64,
    /// How far the coarse candidate this result came from stood out: robust standard deviations above the median
    /// over all lags (informative; the fine windows decide).
    pub coarse_score: f64,
    /// Windows measured (those with sound on both sides), in A's time order.
    pub windows: Vec<SyncWindow>,
    /// Windows left out because one side was silent there.
    pub silent_windows: usize,
    /// Root mean square of the kept windows' residuals, ms.
    pub residual_rms_ms: f64,
    /// The rate the tracks were compared at.
    pub analysis_rate_hz: u32,
}

impl AudioSync {
    /// B's media time of the sound heard at A's media time `a_secs`.
    pub fn b_secs_at(&self, a_secs: f64) -> f64 {
        a_secs + self.offset_ms / 1000.0 + self.drift_ppm * 1e-6 * (a_secs - self.ref_a_secs)
    }

    /// How many windows agree with the line.
    pub fn inliers(&self) -> usize {
        self.windows.iter().filter(|w| w.inlier).count()
    }
}

/// One window's own measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SyncWindow {
    /// A's media time at the window's centre.
    pub a_secs: f64,
    /// B's media time minus A's for the sound at `a_secs`, as this window alone measures it.
    pub offset_ms: f64,
    /// `offset_ms` minus the line's offset at `a_secs`.
    pub residual_ms: f64,
    /// 1 − (second-highest correlation peak away from the best) / (the best), over the lags searched: near 0 when
    /// the window has no clear match, near 1 for one clear peak.
    pub peak_quality: f64,
    /// Whether the line fit kept this window.
    pub inlier: bool,
}

/// Which of the two recordings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recording {
    A,
    B,
}

impl std::fmt::Display for Recording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Recording::A => "A",
            Recording::B => "B",
        })
    }
}

/// Why no sync is given, in words a reviewer can act on.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SyncRefusal {
    #[error("recording {which} is silent: there is no sound to line the recordings up by")]
    Silent { which: Recording },
    #[error(
        "recording {which} holds {secs:.1} s of sound; at least {min_secs:.1} s of shared sound is needed to line \
         two recordings up"
    )]
    TooShort { which: Recording, secs: f64, min_secs: f64 },
    #[error(
        "at their best match the two recordings overlap by only {overlap_secs:.1} s (at least {min_secs:.1} s is \
         needed)"
    )]
    OverlapTooShort { overlap_secs: f64, min_secs: f64 },
    #[error(
        "the two recordings share no clear sound: confidence {confidence:.2} (at least {threshold:.2} needed), \
         {agreeing} of {windows} windows agree on one line (at least {needed} needed); line them up by a shared \
         event instead"
    )]
    NoClearSound {
        confidence: f64,
        threshold: f64,
        agreeing: usize,
        windows: usize,
        needed: usize,
        /// The best line found, for inspection; never to be applied.
        best_guess: Option<Box<AudioSync>>,
    },
    #[error("the sync options are unusable: {0}")]
    BadOptions(String),
    #[error("the correlation failed: {0}")]
    Internal(String),
}
