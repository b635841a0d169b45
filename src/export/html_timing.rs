//! The HTML report's frame-timing plots: each media file's [`TimingFigure`] (laid out by `timing_figure`, which the
//! PDF report draws too) as inline SVG — the legend above, the intervals' line in a ruled plot with its axes'
//! ticks and words, the reference lines of the declared and the measured rate, and under it one row each for the
//! gaps, the PTS discontinuities and the duplicate frames — followed by its caption.

use super::html::esc;
use super::html_parts::rgb;
use super::timing_figure::{TimingFigure, LINE_COLOUR};
use std::fmt::Write as _;

const W: f64 = 760.0;
const LABEL: f64 = 120.0;
const LEGEND_ROW: f64 = 14.0;
const PLOT_H: f64 = 180.0;
const MARK_ROW: f64 = 16.0;

fn legend_entry(o: &mut String, y: f64, colour: &str, dashed: bool, label: &str) {
    let dash = if dashed { " stroke-dasharray=\"6 3\"" } else { "" };
    let _ = write!(
        o,
        "<line x1=\"{LABEL}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>\
         <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        y - 3.5,
        LABEL + 24.0,
        y - 3.5,
        LABEL + 30.0,
        y,
        esc(label)
    );
}

/// One media file's plot, as `<figure id="timing-MEDIA">` with an `<svg class="timing-plot">`.
pub fn timing_svg(o: &mut String, media_id: &str, fig: &TimingFigure) {
    let plot_w = W - LABEL - 10.0;
    let legend_rows = 1 + fig.references.len();
    let top = 6.0 + LEGEND_ROW * legend_rows as f64;
    let bottom = top + PLOT_H;
    let marks_top = bottom + 34.0;
    let h = marks_top + MARK_ROW * fig.mark_rows.len() as f64 + 4.0;
    let _ = write!(
        o,
        "<figure class=\"timing-figure\" id=\"timing-{id}\"><p><b>{title}</b></p><svg class=\"timing-plot\" data-media=\"{id}\" \
         xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h:.1}\" width=\"100%\" font-family=\"sans-serif\" \
         font-size=\"10\" role=\"img\" aria-label=\"{title}\">",
        id = esc(media_id),
        title = esc(&fig.title)
    );
    legend_entry(o, 6.0 + LEGEND_ROW - 3.0, &rgb(LINE_COLOUR), false, &fig.line_label);
    for (i, r) in fig.references.iter().enumerate() {
        legend_entry(o, 6.0 + LEGEND_ROW * (i + 2) as f64 - 3.0, &rgb(r.colour), r.dashed, &r.label);
    }
    let px = |x: f64| LABEL + x * plot_w;
    let py = |y: f64| bottom - y * PLOT_H;
    for (y, label) in &fig.y_ticks {
        let _ = write!(
            o,
            "<line x1=\"{LABEL}\" y1=\"{v:.1}\" x2=\"{:.1}\" y2=\"{v:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            px(1.0),
            LABEL - 4.0,
            py(*y) + 3.5,
            esc(label),
            v = py(*y)
        );
    }
    for (x, label) in &fig.x_ticks {
        let anchor = if *x <= 0.0 {
            "start"
        } else if *x >= 1.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            o,
            "<line x1=\"{v:.1}\" y1=\"{bottom:.1}\" x2=\"{v:.1}\" y2=\"{:.1}\" stroke=\"#999\"/>\
             <text x=\"{v:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            bottom + 4.0,
            bottom + 14.0,
            esc(label),
            v = px(*x)
        );
    }
    let _ = write!(
        o,
        "<rect x=\"{LABEL}\" y=\"{top:.1}\" width=\"{plot_w:.1}\" height=\"{PLOT_H}\" fill=\"none\" stroke=\"#999\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
         <text x=\"12\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {:.1})\">{}</text>",
        px(0.5),
        bottom + 28.0,
        esc(&fig.x_axis),
        top + PLOT_H / 2.0,
        top + PLOT_H / 2.0,
        esc(&fig.y_axis)
    );
    for r in &fig.references {
        let dash = if r.dashed { " stroke-dasharray=\"6 3\"" } else { "" };
        let _ = write!(
            o,
            "<line x1=\"{LABEL}\" y1=\"{v:.1}\" x2=\"{:.1}\" y2=\"{v:.1}\" stroke=\"{}\" stroke-width=\"1\"{dash}/>",
            px(1.0),
            rgb(r.colour),
            v = py(r.y)
        );
    }
    let points: Vec<String> = fig.line.iter().map(|(x, y)| format!("{:.1},{:.1}", px(*x), py(*y))).collect();
    let _ = write!(
        o,
        "<polyline class=\"intervals\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" points=\"{}\"/>",
        rgb(LINE_COLOUR),
        points.join(" ")
    );
    for (i, row) in fig.mark_rows.iter().enumerate() {
        let y = marks_top + MARK_ROW * i as f64;
        let _ = write!(o, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 9.0, esc(&row.label));
        if row.spans.is_empty() {
            let _ = write!(o, "<text x=\"{LABEL}\" y=\"{:.1}\" fill=\"#555\">{}</text>", y + 9.0, esc(&row.empty));
        }
        for (x0, x1) in &row.spans {
            let w = ((x1 - x0) * plot_w).max(2.0);
            let _ = write!(
                o,
                "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"11\" fill=\"{}\"/>",
                px(*x0) - if w <= 2.0 { 1.0 } else { 0.0 },
                rgb(row.colour)
            );
        }
    }
    let _ = write!(o, "</svg><figcaption>{}</figcaption></figure>", esc(&fig.caption));
}
