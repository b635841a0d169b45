//! [`estimate_audio_sync`] on synthetic scenes: a sound defined at every instant (many short tone and noise-like
//! bursts at random times), "recorded" by two cameras at their own rates, gains and noise, one delayed and its
//! clock stretched by a known drift — computed exactly from the definition, not with this module's resampler.

use super::*;

/// SplitMix64 (as in `media::check`, which this pure module cannot import): a fixed, seedable generator for the
/// scenes, the cameras' own noise and the other tests' noise.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }
}

/// One burst: a Gaussian-windowed tone.
struct Burst {
    at_secs: f64,
    width_secs: f64,
    freq_hz: f64,
    amplitude: f64,
    phase: f64,
}

/// The sound of the scene, defined at every instant over `0..secs`.
struct Scene {
    bursts: Vec<Burst>,
}

impl Scene {
    fn new(secs: f64, per_sec: f64, seed: u64) -> Self {
        let mut rng = Rng(seed);
        let count = (secs * per_sec) as usize;
        let bursts = (0..count)
            .map(|_| Burst {
                at_secs: rng.between(0.0, secs),
                width_secs: rng.between(0.003, 0.03),
                freq_hz: rng.between(150.0, 3000.0),
                amplitude: rng.between(0.05, 0.3),
                phase: rng.between(0.0, std::f64::consts::TAU),
            })
            .collect();
        Scene { bursts }
    }

    /// A camera's recording: `gain ×` the scene heard at scene time `(t − delay_secs) / (1 + drift)` for each of
    /// its samples `t = k / rate_hz`, plus its own white noise of RMS `noise_rms`, `secs` long.
    fn record(&self, camera: Camera) -> SoundTrack {
        let count = (camera.secs * f64::from(camera.rate_hz)) as usize;
        let rate = f64::from(camera.rate_hz);
        let mut samples = vec![0.0f64; count];
        for burst in &self.bursts {
            // The burst as the camera hears it: centred at its time on the camera's clock, stretched by the drift.
            let centre = burst.at_secs * (1.0 + camera.drift) + camera.delay_secs;
            let width = burst.width_secs * (1.0 + camera.drift);
            let from = (((centre - 4.0 * width) * rate).floor().max(0.0)) as usize;
            let to = (((centre + 4.0 * width) * rate).ceil().max(0.0) as usize).min(count);
            for (k, sample) in samples.iter_mut().enumerate().take(to).skip(from) {
                let scene_secs = (k as f64 / rate - camera.delay_secs) / (1.0 + camera.drift) - burst.at_secs;
                let envelope = (-(scene_secs / burst.width_secs).powi(2)).exp();
                *sample += burst.amplitude
                    * envelope
                    * (std::f64::consts::TAU * burst.freq_hz * scene_secs + burst.phase).sin();
            }
        }
        let mut rng = Rng(camera.noise_seed);
        // Uniform noise of RMS noise_rms: ±√3·rms.
        let spread = camera.noise_rms * 3f64.sqrt();
        let samples = samples.into_iter().map(|v| (camera.gain * v + rng.between(-spread, spread)) as f32).collect();
        SoundTrack { samples, rate_hz: camera.rate_hz, start_secs: camera.start_secs }
    }
}

#[derive(Clone, Copy)]
struct Camera {
    rate_hz: u32,
    secs: f64,
    gain: f64,
    noise_rms: f64,
    noise_seed: u64,
    delay_secs: f64,
    drift: f64,
    start_secs: f64,
}

const CAMERA: Camera = Camera {
    rate_hz: 24_000,
    secs: 60.0,
    gain: 1.0,
    noise_rms: 0.05,
    noise_seed: 11,
    delay_secs: 0.0,
    drift: 0.0,
    start_secs: 0.0,
};

/// B delayed by `delay_secs` and its clock stretched by `drift`: the same sound at A's `t_a` is at B's
/// `t_b = delay + (1 + drift)·t_a` (both tracks start at media time 0), so B's offset at A's `ref` is
/// `delay + drift·ref`.
fn true_offset_ms(delay_secs: f64, drift: f64, ref_a_secs: f64) -> f64 {
    (delay_secs + drift * ref_a_secs) * 1000.0
}

fn assert_recovers(sync: &AudioSync, delay_secs: f64, drift: f64) {
    let offset_error_ms = sync.offset_ms - true_offset_ms(delay_secs, drift, sync.ref_a_secs);
    let drift_error_ppm = sync.drift_ppm - drift * 1e6;
    assert!(offset_error_ms.abs() < 0.1, "offset error {offset_error_ms} ms: {sync}");
    assert!(drift_error_ppm.abs() < 2.0, "drift error {drift_error_ppm} ppm: {sync}");
    assert!(sync.confidence > 0.5, "confidence {}: {sync}", sync.confidence);
    // The stated uncertainty covers the error (within a few standard errors).
    assert!(offset_error_ms.abs() < 5.0 * sync.offset_unc_ms + 0.02, "{offset_error_ms} vs ± {}", sync.offset_unc_ms);
}

#[test]
fn offset_and_drift_are_recovered_across_sample_rates_gains_and_noise() {
    let scene = Scene::new(70.0, 60.0, 1);
    let (delay, drift) = (1.2345, 80e-6);
    let a = scene.record(Camera { rate_hz: 24_000, gain: 0.8, ..CAMERA });
    let b = scene.record(Camera {
        rate_hz: 22_050,
        gain: 0.3,
        noise_rms: 0.03,
        noise_seed: 12,
        delay_secs: delay,
        drift,
        ..CAMERA
    });
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a clear match");
    assert_recovers(&sync, delay, drift);
    assert!(sync.inliers() >= 12, "{sync}");
    assert!((sync.overlap_secs - (60.0 - delay)).abs() < 0.1, "overlap {}", sync.overlap_secs);
}

#[test]
fn a_recording_that_starts_earlier_and_a_negative_drift() {
    // B started 25 s before A: A's t_a is B's t_a + 25 s; B's clock is slow by 150 ppm. A's start is 3 s on its
    // own media axis (a file whose stream starts late): the result is on the media axes given.
    let scene = Scene::new(90.0, 60.0, 2);
    let (delay, drift) = (25.0, -150e-6);
    let a = scene.record(Camera { secs: 45.0, ..CAMERA });
    let b = scene.record(Camera { rate_hz: 8000, secs: 80.0, noise_seed: 13, delay_secs: delay, drift, ..CAMERA });
    let a = SoundTrack { start_secs: 3.0, ..a };
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a clear match");
    // Moving A's axis by +3 s moves the offset by −3 s.
    let want_ms = true_offset_ms(delay, drift, sync.ref_a_secs - 3.0) - 3000.0;
    assert!((sync.offset_ms - want_ms).abs() < 0.1, "offset {} want {want_ms}: {sync}", sync.offset_ms);
    assert!((sync.drift_ppm + 150.0).abs() < 2.0, "{sync}");
}

#[test]
fn windows_where_b_hears_something_else_are_left_out() {
    let scene = Scene::new(70.0, 60.0, 3);
    let other = Scene::new(70.0, 120.0, 4);
    let a = scene.record(CAMERA);
    let mut b = scene.record(Camera { noise_seed: 14, delay_secs: 0.5, ..CAMERA });
    // From 20 to 30 s B hears only a much louder, unrelated sound (someone shouting into its microphone).
    let loud = other.record(Camera { gain: 8.0, noise_seed: 15, ..CAMERA });
    let rate = CAMERA.rate_hz as usize;
    b.samples[20 * rate..30 * rate].copy_from_slice(&loud.samples[20 * rate..30 * rate]);
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a clear match elsewhere");
    assert_recovers(&sync, 0.5, 0.0);
    let left_out: Vec<f64> = sync.windows.iter().filter(|w| !w.inlier).map(|w| w.a_secs).collect();
    assert!(left_out.len() >= 2, "{sync}");
    assert!(left_out.iter().all(|t| (18.0..31.0).contains(t)), "left out at {left_out:?}");
}

#[test]
fn unrelated_recordings_are_refused_in_words() {
    let a = Scene::new(60.0, 60.0, 5).record(CAMERA);
    let b = Scene::new(60.0, 60.0, 6).record(Camera { noise_seed: 16, ..CAMERA });
    let refusal = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect_err("nothing shared");
    let SyncRefusal::NoClearSound { confidence, .. } = &refusal else { panic!("{refusal}") };
    assert!(*confidence < 0.1, "{refusal}");
    assert!(refusal.to_string().contains("share no clear sound"), "{refusal}");
}

#[test]
fn silence_and_short_recordings_are_refused() {
    let a = Scene::new(30.0, 60.0, 7).record(Camera { secs: 30.0, ..CAMERA });
    let silent = SoundTrack { samples: vec![0.0; 30 * 8000], rate_hz: 8000, start_secs: 0.0 };
    assert_eq!(
        estimate_audio_sync(&a, &silent, &SyncOptions::default()),
        Err(SyncRefusal::Silent { which: Recording::B })
    );
    let short = SoundTrack { samples: a.samples[..5 * 24_000].to_vec(), ..a.clone() };
    let refusal = estimate_audio_sync(&short, &a, &SyncOptions::default()).expect_err("too short");
    assert!(matches!(refusal, SyncRefusal::TooShort { which: Recording::A, .. }), "{refusal}");
}

#[test]
fn a_muted_stretch_is_skipped_not_mistaken() {
    let scene = Scene::new(70.0, 60.0, 8);
    let a = scene.record(CAMERA);
    let mut b = scene.record(Camera { noise_seed: 17, delay_secs: -2.0, drift: 40e-6, ..CAMERA });
    let rate = CAMERA.rate_hz as usize;
    b.samples[30 * rate..45 * rate].fill(0.0);
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a clear match");
    assert_recovers(&sync, -2.0, 40e-6);
    assert!(sync.silent_windows >= 2, "{sync}");
}

/// Two cameras 120 s long hearing the scene under their own white noise, `snr_db` below the scene's level.
fn faint_pair(snr_db: f64, drift: f64) -> (SoundTrack, SoundTrack) {
    let scene = Scene::new(130.0, 60.0, 21);
    let clean = scene.record(Camera { noise_rms: 0.0, secs: 120.0, ..CAMERA });
    let energy: f64 = clean.samples.iter().map(|v| f64::from(*v).powi(2)).sum();
    let noise_rms = (energy / clean.samples.len() as f64).sqrt() / 10f64.powf(snr_db / 20.0);
    let a = scene.record(Camera { noise_rms, secs: 120.0, ..CAMERA });
    let b = Camera { rate_hz: 22_050, noise_rms, noise_seed: 99, delay_secs: 3.21, drift, secs: 120.0, ..CAMERA };
    (a, scene.record(b))
}

#[test]
fn faint_shared_sound_is_found_though_drift_smears_the_coarse_peak() {
    // 480 ppm over 2 minutes spreads the whole-track peak over 58 ms; at −12 dB (wideband) its strongest lag is
    // the noise's, and the smeared peak is one of the other candidates.
    let (a, b) = faint_pair(-12.0, 480e-6);
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a match");
    assert_recovers(&sync, 3.21, 480e-6);
}

#[test]
fn fainter_sound_without_drift_is_found_with_longer_windows() {
    let (a, b) = faint_pair(-21.0, 0.0);
    let sync = estimate_audio_sync(&a, &b, &SyncOptions::default()).expect("a match");
    assert_eq!(sync.window_secs, 16.0, "{sync}");
    assert_recovers(&sync, 3.21, 0.0);
}
