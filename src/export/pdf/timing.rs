//! A media file's frame-timing plot in the PDF report, drawn as vector paths from the layout
//! `export::timing_figure` makes for both reports: the legend, the ruled plot with the intervals' line, the
//! declared (dashed) and measured rates, the axes' ticks and words, the rows of gaps, PTS discontinuities and
//! duplicate frames, then the caption.

use super::figure::{black, colour};
use super::writer::{Writer, MARGIN_MM, PAGE_W_MM};
use crate::case::Rgb;
use crate::export::timing_figure::{TimingFigure, LINE_COLOUR};
use crate::export::ExportError;
use printpdf::path::PaintMode;
use printpdf::{Line, LineDashPattern, Mm, Point, Rect};

const LABEL_MM: f32 = 28.0;
const LEGEND_MM: f32 = 3.6;
const PLOT_MM: f32 = 55.0;
const MARK_MM: f32 = 4.2;

fn line(w: &Writer, points: &[(f32, f32)]) {
    let points = points.iter().map(|(x, y)| (Point::new(Mm(*x), Mm(*y)), false)).collect();
    w.layer.add_line(Line { points, is_closed: false });
}

fn stroke(w: &Writer, c: Rgb, thickness_pt: f32, dashed: bool) {
    w.layer.set_outline_color(colour(c));
    w.layer.set_outline_thickness(thickness_pt);
    let dash = if dashed { Some(3) } else { None };
    w.layer.set_line_dash_pattern(LineDashPattern {
        dash_1: dash,
        gap_1: dash.map(|_| 2),
        ..LineDashPattern::default()
    });
}

/// Draws the plot and its caption at the current position.
pub fn timing_plot(w: &mut Writer, fig: &TimingFigure) -> Result<(), ExportError> {
    let x0 = MARGIN_MM + LABEL_MM;
    let plot_w = PAGE_W_MM - MARGIN_MM - x0;
    let legend_rows = 1 + fig.references.len();
    let height = LEGEND_MM * legend_rows as f32 + 2.0 + PLOT_MM + 9.0 + MARK_MM * fig.mark_rows.len() as f32;
    w.need(height + 12.0);
    w.para(&fig.title, 9.0)?;
    let top = w.y_mm;
    let legend = std::iter::once((LINE_COLOUR, false, fig.line_label.as_str()))
        .chain(fig.references.iter().map(|r| (r.colour, r.dashed, r.label.as_str())));
    for (i, (c, dashed, label)) in legend.enumerate() {
        let y = top - LEGEND_MM * (i as f32 + 1.0);
        stroke(w, c, 1.2, dashed);
        line(w, &[(x0, y + 0.8), (x0 + 8.0, y + 0.8)]);
        black(w);
        w.line_at(label, x0 + 10.0, y, 6.5, Some(plot_w - 10.0))?;
    }
    let plot_top = top - LEGEND_MM * legend_rows as f32 - 2.0;
    let bottom = plot_top - PLOT_MM;
    let px = |x: f64| x0 + x as f32 * plot_w;
    let py = |y: f64| bottom + y as f32 * PLOT_MM;
    black(w);
    w.line_at(&fig.y_axis, MARGIN_MM, plot_top + 0.8, 6.0, Some(LABEL_MM))?;
    for (y, label) in &fig.y_ticks {
        stroke(w, Rgb { r: 220, g: 220, b: 220 }, 0.3, false);
        line(w, &[(x0, py(*y)), (x0 + plot_w, py(*y))]);
        let width = w.width_mm(label, 6.0);
        w.line_at(label, x0 - 1.2 - width, py(*y) - 0.8, 6.0, None)?;
    }
    for (x, label) in &fig.x_ticks {
        stroke(w, Rgb { r: 150, g: 150, b: 150 }, 0.3, false);
        line(w, &[(px(*x), bottom), (px(*x), bottom - 1.0)]);
        let width = w.width_mm(label, 6.0);
        let left = (px(*x) - width / 2.0).clamp(x0, x0 + plot_w - width);
        w.line_at(label, left, bottom - 3.4, 6.0, None)?;
    }
    let axis_w = w.width_mm(&fig.x_axis, 6.5);
    w.line_at(&fig.x_axis, px(0.5) - axis_w / 2.0, bottom - 6.6, 6.5, None)?;
    stroke(w, Rgb { r: 150, g: 150, b: 150 }, 0.4, false);
    w.layer.add_rect(Rect::new(Mm(x0), Mm(bottom), Mm(x0 + plot_w), Mm(plot_top)).with_mode(PaintMode::Stroke));
    for r in &fig.references {
        stroke(w, r.colour, 0.6, r.dashed);
        line(w, &[(x0, py(r.y)), (x0 + plot_w, py(r.y))]);
    }
    let points: Vec<(f32, f32)> = fig.line.iter().map(|(x, y)| (px(*x), py(*y))).collect();
    stroke(w, LINE_COLOUR, 0.9, false);
    if points.len() >= 2 {
        line(w, &points);
    }
    let marks_top = bottom - 9.0;
    for (i, row) in fig.mark_rows.iter().enumerate() {
        let y = marks_top - MARK_MM * (i as f32 + 1.0);
        black(w);
        w.line_at(&row.label, MARGIN_MM, y + 1.0, 6.5, Some(LABEL_MM - 1.0))?;
        if row.spans.is_empty() {
            w.line_at(&row.empty, x0, y + 1.0, 6.5, None)?;
        }
        w.layer.set_fill_color(colour(row.colour));
        for (a, b) in &row.spans {
            let (a, b) = (px(*a), px(*b).max(px(*a) + 0.8));
            w.layer.add_rect(Rect::new(Mm(a), Mm(y + 0.4), Mm(b), Mm(y + MARK_MM - 0.6)).with_mode(PaintMode::Fill));
        }
    }
    black(w);
    w.y_mm = marks_top - MARK_MM * fig.mark_rows.len() as f32 - 1.0;
    w.para(&fig.caption, 7.0)
}
