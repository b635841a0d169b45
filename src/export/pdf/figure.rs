//! The timeline figure in the PDF report, drawn as vector paths from the layout `export::timeline_figure` makes
//! for both reports: a row per event type (or camera) of bars, a row per claim of stance marks, the ticks and the
//! axis's words, then the legend.

use super::writer::{Writer, MARGIN_MM, PAGE_W_MM};
use crate::case::Stance;
use crate::export::timeline_figure::{stance_colour, Figure, STANCE_KEY};
use crate::export::ExportError;
use printpdf::path::{PaintMode, WindingOrder};
use printpdf::{Color, Line, Mm, Point, Polygon, Rect, Rgb};

const LABEL_MM: f32 = 38.0;
const ROW_MM: f32 = 5.0;

/// A colour of the case's as PDF paints it.
pub(super) fn colour(c: crate::case::Rgb) -> Color {
    Color::Rgb(Rgb::new(f32::from(c.r) / 255.0, f32::from(c.g) / 255.0, f32::from(c.b) / 255.0, None))
}

/// Paints text (and fills) black again.
pub(super) fn black(w: &Writer) {
    w.layer.set_fill_color(Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)));
}

fn shape(w: &Writer, points: &[(f32, f32)]) {
    let ring = points.iter().map(|(x, y)| (Point::new(Mm(*x), Mm(*y)), false)).collect();
    w.layer.add_polygon(Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero });
}

/// Draws the figure at the current position.
pub fn figure(w: &mut Writer, fig: &Figure) -> Result<(), ExportError> {
    let plot = PAGE_W_MM - 2.0 * MARGIN_MM - LABEL_MM;
    let rows = fig.event_rows.len() + fig.claim_rows.len();
    let height = ROW_MM * rows as f32 + 10.0;
    w.need(height + 12.0);
    let top = w.y_mm;
    let x0 = MARGIN_MM + LABEL_MM;
    let bottom = top - ROW_MM * rows as f32;
    w.layer.set_outline_color(Color::Rgb(Rgb::new(0.8, 0.8, 0.8, None)));
    w.layer.set_outline_thickness(0.2);
    for (x, label) in &fig.ticks {
        let px = x0 + *x as f32 * plot;
        w.layer.add_line(Line {
            points: vec![(Point::new(Mm(px), Mm(top)), false), (Point::new(Mm(px), Mm(bottom)), false)],
            is_closed: false,
        });
        let half = w.width_mm(label, 6.0) / 2.0;
        w.line_at(label, (px - half).clamp(x0 - half, PAGE_W_MM - MARGIN_MM - 2.0 * half), bottom - 3.0, 6.0, None)?;
    }
    for (i, row) in fig.event_rows.iter().enumerate() {
        let y = top - ROW_MM * (i as f32 + 1.0);
        black(w);
        w.line_at(&row.label, MARGIN_MM, y + 1.2, 7.0, Some(LABEL_MM - 1.0))?;
        for bar in &row.marks {
            let a = x0 + bar.x0 as f32 * plot;
            let b = (x0 + bar.x1 as f32 * plot).max(a + 0.6);
            w.layer.set_fill_color(colour(bar.colour));
            w.layer.add_rect(Rect::new(Mm(a), Mm(y + 0.6), Mm(b), Mm(y + ROW_MM - 0.6)).with_mode(PaintMode::Fill));
        }
    }
    for (j, row) in fig.claim_rows.iter().enumerate() {
        let y = top - ROW_MM * (fig.event_rows.len() + j + 1) as f32;
        black(w);
        w.line_at(&row.label, MARGIN_MM, y + 1.2, 7.0, Some(LABEL_MM - 1.0))?;
        for (x, stance) in &row.marks {
            let (cx, cy) = (x0 + *x as f32 * plot, y + ROW_MM / 2.0);
            w.layer.set_fill_color(colour(stance_colour(*stance)));
            match stance {
                Stance::Supports => shape(w, &[(cx, cy + 1.6), (cx + 1.6, cy - 1.2), (cx - 1.6, cy - 1.2)]),
                Stance::Contradicts => shape(w, &[(cx, cy - 1.6), (cx + 1.6, cy + 1.2), (cx - 1.6, cy + 1.2)]),
                Stance::Context => shape(w, &[(cx, cy + 1.5), (cx + 1.5, cy), (cx, cy - 1.5), (cx - 1.5, cy)]),
            }
        }
    }
    black(w);
    w.y_mm = bottom - 5.0;
    w.para(&fig.axis, 7.0)?;
    let legend: Vec<String> = fig.legend.iter().map(|(name, _)| name.clone()).collect();
    w.para(
        &format!("Events: {} (bars in each type's colour). Claims: {STANCE_KEY}. {}", legend.join(", "), fig.note),
        7.0,
    )?;
    Ok(())
}
