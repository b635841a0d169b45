//! `claimframe bench multicam FILE…`: a camera grid on one wall clock played and sought without a window
//! ([`crate::player::bench_multicam`]), printed as `name value unit` lines: the focused view, each other view, the
//! worst other view, frames from after the wall clock, time until every view is exact after a seek, peak memory.

use std::path::PathBuf;

use anyhow::bail;

use super::bench::line;
use crate::player::bench_multicam::{measure, MulticamOptions, MAX_REPAINT_GAP};

pub(super) fn multicam(files: &[PathBuf], options: &MulticamOptions) -> anyhow::Result<()> {
    if !(0.5..=3600.0).contains(&options.play_secs) {
        bail!("--secs must lie between 0.5 and 3600");
    }
    let f = measure(files, options)?;
    println!(
        "# {} cameras on one wall clock, camera k's media time 0 at the origin + (k-1) x {} ms; camera 1 focused \
         (silent, system clock); {} cores; a repaint loop sleeping until the next picture of any view is due \
         (at most {} ms)",
        files.len(),
        options.stagger_millis,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        MAX_REPAINT_GAP.as_millis()
    );
    for (k, file) in files.iter().enumerate().take(f.views.len()) {
        println!("# cam{}: {}{}", k + 1, file.display(), if k == 0 { " (focused)" } else { "" });
    }
    line("multicam_open", f.open_secs * 1000.0, "ms (until every view showed its first exact frame)");
    line("multicam_played", f.played_secs, "s at 1x, from where every camera has footage");
    line("multicam_updates", f.updates as f64, "updates");
    for (k, view) in f.views.iter().enumerate() {
        let cam = format!("multicam_cam{}", k + 1);
        line(&format!("{cam}_frames_due"), view.frames_due as f64, "frames");
        line(&format!("{cam}_on_time_pct"), view.on_time_pct(), "%");
        line(&format!("{cam}_skipped"), view.frames_skipped as f64, "frames");
        line(&format!("{cam}_late_median"), view.late_median_millis, "ms");
        line(&format!("{cam}_late_worst"), view.late_worst_millis, "ms");
        if k > 0 {
            line(&format!("{cam}_blank_updates"), view.blank_updates as f64, "updates (footage but no picture)");
        }
    }
    if let Some(focused) = f.views.first() {
        line("multicam_focused_on_time_pct", focused.on_time_pct(), "% (goal >= 99.5)");
    }
    if let Some((k, worst)) = f.worst_other() {
        line(
            "multicam_other_on_time_pct",
            worst.on_time_pct(),
            &format!("% (worst other view: cam{}; goal >= 90)", k + 1),
        );
    }
    line("multicam_frames_after_wall_clock", f.frames_after_wall_clock as f64, "(update, view) pairs (goal 0)");
    let seeks = f.seek_exact_millis.len();
    match (f.exact_worst_millis(), f.exact_median_millis()) {
        (Some(worst), Some(median)) => {
            line("multicam_paused_exact_ms", worst, &format!("ms (worst of {seeks} seeks; goal <= 300)"));
            line("multicam_paused_exact_median_ms", median, "ms");
            line("multicam_paused_exact_worst_ms", worst, "ms");
            if let Some(focused) = f.focused_median_millis() {
                line("multicam_paused_focused_median_ms", focused, "ms (until the focused view showed its frame)");
            }
        }
        _ => println!("# no seek was measured"),
    }
    line("multicam_seeks_not_exact", f.seeks_not_exact() as f64, "seeks (goal 0)");
    if let Some(rss) = f.peak_rss_mib {
        line("multicam_rss_mib", rss, "MiB (VmHWM of the whole run; goal < 1228.8)");
    }
    Ok(())
}
