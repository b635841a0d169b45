//! The bundled sample's two cameras, synced by the audio sync engine alone: the body camera's 48 kHz sound and the
//! phone's 44.1 kHz sound, recorded on clocks 6.2 s and 150 ppm apart, give back the offset and drift the phone's
//! ground truth states, within a millisecond and two parts per million.

use std::path::PathBuf;

use claimframe::exchange::audio_sync::sync_files;
use claimframe::sample::{GroundTruth, PhoneClock};

fn footage(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_projects/footage").join(name)
}

#[test]
fn audio_sync_of_the_sample_pair_recovers_the_phones_true_clock() {
    let bytes = std::fs::read(footage("phone_sample.truth.json")).unwrap();
    let truth: GroundTruth = serde_json::from_slice(&bytes).unwrap();
    let Some(clock) = truth.clock else { panic!("the phone's truth has no clock") };
    assert_eq!(clock.reference_video_file, "bodycam_sample.mp4");
    let truth_clock = PhoneClock { start_body_secs: clock.starts_at_reference_secs, drift_ppm: clock.drift_ppm };

    let measured = match sync_files(&footage("bodycam_sample.mp4"), &footage("phone_sample.mp4"), &|_| {}) {
        Ok(Ok(measured)) => measured,
        Ok(Err(refusal)) => panic!("refused: {refusal}"),
        Err(err) => panic!("{err:#}"),
    };
    let true_offset_ms = truth_clock.offset_ms_at(measured.ref_a_secs);
    let offset_error_ms = measured.offset_ms - true_offset_ms;
    let drift_error_ppm = measured.drift_ppm - clock.drift_ppm;
    eprintln!(
        "sample sync: offset {:.3} ms (true {true_offset_ms:.3}, error {offset_error_ms:+.3} ms), drift {:.2} ppm \
         (true {:.2}, error {drift_error_ppm:+.2} ppm), {} of {} windows",
        measured.offset_ms,
        measured.drift_ppm,
        clock.drift_ppm,
        measured.inliers(),
        measured.windows.len()
    );
    assert!(offset_error_ms.abs() <= 1.0, "offset error {offset_error_ms} ms");
    assert!(drift_error_ppm.abs() <= 2.0, "drift error {drift_error_ppm} ppm");
    // The overlap is the phone's whole recording: it starts 6.2 s into the body camera's and is 45.7 s long.
    assert!((measured.overlap_start_a_secs - clock.starts_at_reference_secs).abs() < 0.5, "{measured:?}");
    assert!((44.0..47.0).contains(&measured.overlap_secs), "{}", measured.overlap_secs);
}
