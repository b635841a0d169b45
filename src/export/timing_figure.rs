//! The frame-timing plot both reports draw per media file (SVG in the HTML, vector paths in the PDF), laid out once
//! here from the media layer's [`TimingPlot`]: each frame's interval from the previous one (ms) over media time,
//! the declared and the measured rate as horizontal lines at their frame intervals, and under the plot one row
//! each for the gaps, the PTS discontinuities and the duplicate frames; with the axes' ticks and words, the
//! legend, and a caption that says the same in numbers. Positions are fractions of the plot (0 to 1, y upwards).

use crate::case::{format_hms_millis, Media, Rgb};
use crate::media::timing_plot::{MarkedSpan, TimingPlot, PLOT_BUCKETS};

/// A horizontal reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub y: f64,
    pub label: String,
    pub colour: Rgb,
    pub dashed: bool,
}

/// A row of marks under the plot: its label, its colour, its spans (x from, x to) and, when it has none, why.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRow {
    pub label: String,
    pub colour: Rgb,
    pub spans: Vec<(f64, f64)>,
    pub empty: String,
}

/// One file's timing plot, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct TimingFigure {
    /// e.g. "Frame timing of m1 (footage/a.mp4)".
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// The intervals as a step line, in time order.
    pub line: Vec<(f64, f64)>,
    pub line_label: String,
    pub references: Vec<Reference>,
    pub mark_rows: Vec<MarkRow>,
    /// The figure in words and numbers.
    pub caption: String,
}

/// The colour of the intervals' step line.
pub const LINE_COLOUR: Rgb = Rgb { r: 30, g: 90, b: 180 };
const DECLARED: Rgb = Rgb { r: 30, g: 140, b: 60 };
const MEASURED: Rgb = Rgb { r: 230, g: 120, b: 0 };
const GAP: Rgb = Rgb { r: 200, g: 30, b: 30 };
const DISCONTINUITY: Rgb = Rgb { r: 130, g: 50, b: 170 };
const DUPLICATE: Rgb = Rgb { r: 100, g: 100, b: 100 };

/// How many items of each kind the caption lists by frame before it counts the rest.
const LISTED: usize = 6;

/// The sentence that opens the section of the timing plots.
pub const TIMING_INTRO: &str = "Each media file's frame timing as read from its frame index (the PTS of every frame, \
     in presentation order) and, for duplicate frames, from decoding every frame: a steady frame rate is a flat line at \
     the declared rate; a gap, a step in the timestamps or a run of repeated pictures is marked under the plot and \
     listed in the caption.";

/// Why a file has no timing plot when none was read for it.
pub const NOT_READ: &str = "its frame timing was not read";

/// The title of `media`'s timing plot.
pub fn timing_title(media: &Media) -> String {
    format!("Frame timing of {} ({})", media.id, media.path_relative.display())
}

/// A step of 1, 2 or 5 times a power of ten that cuts `range` into about four.
fn nice_step(range: f64) -> f64 {
    let raw = (range / 4.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let m = raw / magnitude;
    let unit = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    unit * magnitude
}

fn listed<T>(items: &[T], word: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    let mut words: Vec<String> = items.iter().take(LISTED).map(word).collect();
    if items.len() > LISTED {
        words.push(format!("and {} more", items.len() - LISTED));
    }
    format!("{}: {}", items.len(), words.join(", "))
}

fn caption(media: &Media, plot: &TimingPlot) -> String {
    let r = &plot.report;
    let cut = if plot.every_interval() {
        String::new()
    } else {
        format!(
            "; the {} intervals are drawn as the shortest and the longest in each of {PLOT_BUCKETS} equal stretches of \
             time, so a single long interval still shows",
            plot.interval_count
        )
    };
    let rate = |fps: Option<f64>| match fps {
        Some(fps) => format!("{fps:.3} fps ({:.3} ms a frame)", 1000.0 / fps),
        None => "unknown".to_owned(),
    };
    let duplicates = match &plot.duplicates {
        Some(_) => listed(&r.duplicates, |d| format!("frames {}–{}", d.first_frame, d.last_frame)),
        None => "not checked (the frames could not all be decoded in the index's order)".to_owned(),
    };
    format!(
        "Frame timing of {}: each step is one frame's interval from the frame before it, drawn over the media time \
         (PTS × time base) it lasted{cut}. {} frames ({} without PTS); interval min {:.3} ms, median {:.3} ms, max {:.3} ms; {}. \
         Declared rate {}; measured {}. Gaps (an interval over twice the median): {}. PTS discontinuities (a step \
         back, a repeat, or a jump of over ten times the median and a second): {}. Duplicate frames (consecutive \
         frames whose decoded pictures are identical, by framemd5): {duplicates}.",
        media.id,
        r.frame_count,
        r.frames_without_pts,
        r.min_interval_secs * 1000.0,
        r.median_interval_secs * 1000.0,
        r.max_interval_secs * 1000.0,
        if r.variable_frame_rate { "variable frame rate" } else { "constant frame rate" },
        rate(r.declared_fps),
        rate(r.measured_fps),
        listed(&r.gaps, |g| format!(
            "before frame {} ({:.1} ms, {:.1}× the median)",
            g.frame,
            g.interval_secs * 1000.0,
            g.median_multiple
        )),
        listed(&r.discontinuities, |d| format!("at frame {} (PTS {} → {})", d.frame, d.from_pts, d.to_pts)),
    )
}

/// The intervals as a step line: each at its height over the time it lasted (from the frame before to its own
/// frame), so a gap is a plateau as wide as the time it lost, never a ramp; a step never runs back in time.
fn steps(plot: &TimingPlot, x: &dyn Fn(f64) -> f64, top_ms: f64) -> Vec<(f64, f64)> {
    let mut line = Vec::with_capacity(2 * plot.points.len());
    let mut reached = 0.0;
    for p in &plot.points {
        let (from, to) = (x(p.media_secs - p.interval_ms / 1000.0).max(reached), x(p.media_secs).max(reached));
        let y = p.interval_ms / top_ms;
        line.extend([(from, y), (to, y)]);
        reached = to;
    }
    line
}

/// Lays out `media`'s timing plot.
pub fn timing_figure(media: &Media, plot: &TimingPlot) -> TimingFigure {
    let span = plot.last_secs - plot.first_secs;
    let x = |secs: f64| if span > 0.0 { ((secs - plot.first_secs) / span).clamp(0.0, 1.0) } else { 0.0 };
    let declared = plot.declared_interval_ms();
    let measured = plot.measured_interval_ms();
    let highest = plot.points.iter().map(|p| p.interval_ms).chain(declared).chain(measured).fold(0.0, f64::max);
    let highest = if highest > 0.0 { highest } else { 100.0 };
    let step = nice_step(highest * 1.1);
    let top = (highest * 1.1 / step).ceil() * step;
    let digits = if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize };
    let y_ticks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= top + step * 1e-9)
        .map(|v| (v / top, format!("{v:.digits$}")))
        .collect();
    let x_ticks = if span > 0.0 {
        (0..=4).map(|i| (f64::from(i) / 4.0, format_hms_millis(plot.first_secs + span * f64::from(i) / 4.0))).collect()
    } else {
        vec![(0.0, format_hms_millis(plot.first_secs))]
    };
    let mut references = Vec::new();
    if let (Some(ms), Some(fps)) = (declared, plot.report.declared_fps) {
        let label = format!("declared rate {fps:.3} fps, as a frame interval of {ms:.3} ms");
        references.push(Reference { y: ms / top, label, colour: DECLARED, dashed: true });
    }
    if let (Some(ms), Some(fps)) = (measured, plot.report.measured_fps) {
        let label = format!("measured rate {fps:.3} fps, as a frame interval of {ms:.3} ms");
        references.push(Reference { y: ms / top, label, colour: MEASURED, dashed: false });
    }
    let row = |label: &str, colour: Rgb, spans: Option<&Vec<MarkedSpan>>| MarkRow {
        label: label.to_owned(),
        colour,
        spans: spans.map_or_else(Vec::new, |s| s.iter().map(|m| (x(m.from_secs), x(m.to_secs))).collect()),
        empty: match spans {
            Some(_) => "none".to_owned(),
            None => "not checked".to_owned(),
        },
    };
    TimingFigure {
        title: timing_title(media),
        x_axis: "media time (PTS × time base)".to_owned(),
        y_axis: "frame interval (ms)".to_owned(),
        x_ticks,
        y_ticks,
        line: steps(plot, &x, top),
        line_label: "each frame's interval from the previous frame, drawn over the time it lasted".to_owned(),
        references,
        mark_rows: vec![
            row("gaps", GAP, Some(&plot.gaps)),
            row("PTS discontinuities", DISCONTINUITY, Some(&plot.discontinuities)),
            row("duplicate frames", DUPLICATE, plot.duplicates.as_ref()),
        ],
        caption: caption(media, plot),
    }
}

/// The line printed instead of the plot of a file whose timing could not be read.
pub fn timing_missing(media: &Media, why: &str) -> String {
    format!("{}: not drawn, {why}.", timing_title(media))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::timing::analyse;
    use crate::media::timing_plot::timing_plot;

    #[test]
    fn the_axes_hold_every_interval_and_both_rates_and_a_gap_is_marked_and_listed() {
        let pts: Vec<Option<i64>> = (0..300i64).map(|i| Some(i * 512 + if i >= 100 { 1024 } else { 0 })).collect();
        let tick = 1.0 / 15360.0;
        let plot = timing_plot(&pts, tick, &analyse(&pts, tick, Some(30.0), None), false);
        let fig = timing_figure(&Media::default(), &plot);
        assert!(fig.line.iter().all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y)));
        let peak = fig.line.iter().map(|(_, y)| *y).fold(0.0, f64::max);
        let (top_tick, top_label) = fig.y_ticks.last().cloned().expect("ticks");
        assert!((top_tick - 1.0).abs() < 1e-9 && peak < 1.0, "the 100 ms gap fits under the top tick {top_label}");
        // The gap is a plateau at its height as wide as its 100 ms, of the 10.07 s drawn.
        let plateau = fig.line.windows(2).find(|w| w[0].1 == peak && w[1].1 == peak).expect("a plateau");
        let drawn_secs = (299.0 * 512.0 + 1024.0) * tick;
        assert!((plateau[1].0 - plateau[0].0 - 0.1 / drawn_secs).abs() < 1e-9, "{plateau:?}");
        assert!(fig.line.windows(2).all(|w| w[0].0 <= w[1].0), "never back in time");
        assert_eq!(fig.references.len(), 2, "declared and measured");
        assert_eq!(fig.mark_rows[0].spans.len(), 1, "the gap is marked");
        assert_eq!(fig.mark_rows[2].empty, "not checked");
        assert!(
            fig.caption.contains("Gaps (an interval over twice the median): 1: before frame 100 (100.0 ms"),
            "{}",
            fig.caption
        );
        assert!(fig.caption.contains("Declared rate 30.000 fps (33.333 ms a frame)"), "{}", fig.caption);
    }
}
