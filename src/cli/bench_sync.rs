//! `claimframe bench sync`: audio sync on a generated pair of camera files ([`super::sync_fixture`]), timed from
//! the files to the result, with the errors against the truth the files were made with and the refusal of a pair
//! that shares nothing.

use std::time::Instant;

use anyhow::bail;

use super::bench::line;
use super::sync_fixture::{write_sync_fixture, SyncFixtureSpec};
use crate::exchange::audio_sync::decode_pair;
use crate::sync::{estimate_audio_sync, SyncOptions};

pub(super) fn sync(minutes: f64, offset_ms: f64, drift_ppm: f64) -> anyhow::Result<()> {
    if !(0.5..=600.0).contains(&minutes) {
        bail!("--minutes must lie between 0.5 and 600");
    }
    let dir = std::env::temp_dir().join("claimframe-bench-sync");
    let spec = SyncFixtureSpec { overlap_secs: minutes * 60.0, offset_ms, drift_ppm, unrelated: false };
    println!("# writing the camera pair once to {} (ffmpeg CLI; reused when there)", dir.display());
    let fixture = write_sync_fixture(&dir, spec)?;
    let options = SyncOptions::default();
    let quiet = |_| {};

    let start = Instant::now();
    let (a, b) = decode_pair(&fixture.a, &fixture.b, options.analysis_rate_hz, &quiet)?;
    let decoded = Instant::now();
    let result = estimate_audio_sync(&a, &b, &options);
    let done = Instant::now();
    println!(
        "# A: {} ({:.1} s of sound from media time {:.6} s); B: {} ({:.1} s from {:.6} s); {} cores",
        fixture.a.display(),
        a.duration_secs(),
        a.start_secs,
        fixture.b.display(),
        b.duration_secs(),
        b.start_secs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let sync = match result {
        Ok(sync) => sync,
        Err(refusal) => bail!("the generated pair was refused: {refusal}"),
    };
    println!("{sync}");
    line("sync_overlap", sync.overlap_secs, "s");
    line("sync_offset_true", fixture.offset_ms_at(sync.ref_a_secs), "ms (at A's ref)");
    line("sync_offset", sync.offset_ms, "ms");
    line("sync_offset_unc", sync.offset_unc_ms, "ms");
    line("sync_offset_error_ms", sync.offset_ms - fixture.offset_ms_at(sync.ref_a_secs), "ms");
    line("sync_drift_true", fixture.drift_ppm(), "ppm (B's clock is a whole number of hertz)");
    line("sync_drift", sync.drift_ppm, "ppm");
    line("sync_drift_unc", sync.drift_unc_ppm, "ppm");
    line("sync_drift_error_ppm", sync.drift_ppm - fixture.drift_ppm(), "ppm");
    line("sync_confidence", sync.confidence, "");
    line("sync_decode_secs", (decoded - start).as_secs_f64(), "s (both files, side by side)");
    line("sync_estimate_secs", (done - decoded).as_secs_f64(), "s");
    line("sync_secs", (done - start).as_secs_f64(), "s (files to result)");

    let unrelated = write_sync_fixture(&dir, SyncFixtureSpec { unrelated: true, ..spec })?;
    let start = Instant::now();
    let (a, b) = decode_pair(&unrelated.a, &unrelated.b, options.analysis_rate_hz, &quiet)?;
    let verdict = estimate_audio_sync(&a, &b, &options);
    line("sync_unrelated_secs", start.elapsed().as_secs_f64(), "s (files to refusal)");
    match verdict {
        Ok(sync) => {
            line("sync_unrelated_refused", 0.0, "(accepted: a false match)");
            println!("{sync}");
        }
        Err(refusal) => {
            line("sync_unrelated_refused", 1.0, "");
            println!("# unrelated pair: {refusal}");
        }
    }
    println!("# goals: |sync_offset_error_ms| <= 1, |sync_drift_error_ppm| <= 2, sync_secs < 3 on 2 cores; unrelated refused");
    Ok(())
}
