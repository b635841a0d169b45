//! Each media file's frame-timing plot for a report, read from its verified file by the media layer (its frame
//! index, and every frame decoded once for duplicates) and cut down to its plot by the pure
//! [`timing_plot`](crate::media::timing_plot::timing_plot); a file that was not verified is said not to be drawn.

use crate::case::{Case, MediaId};
use crate::media::file_timing::file_timing;
use crate::media::timing_plot::{timing_plot, TimingPlot};
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Why an unverified file has no timing plot.
const NOT_VERIFIED: &str = "its file was not verified against the case's SHA-256";

/// The timing plot of every media file of `case`, from the files in `verified`.
pub fn timing_plots(
    case: &Case,
    verified: &BTreeMap<MediaId, PathBuf>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<BTreeMap<MediaId, Result<TimingPlot, String>>> {
    let mut out = BTreeMap::new();
    for id in case.media.keys() {
        let Some(path) = verified.get(id) else {
            out.insert(id.clone(), Err(NOT_VERIFIED.to_owned()));
            continue;
        };
        progress(&format!("reading the frame timing of media {id} (every frame is decoded once, for duplicates)"));
        let read = file_timing(path).with_context(|| format!("reading the frame timing of {}", path.display()))?;
        let plot = timing_plot(&read.pts, read.tick_secs, &read.report, read.duplicates_checked());
        out.insert(id.clone(), Ok(plot));
    }
    Ok(out)
}
