//! Tables in the PDF report: each cell wrapped to its column (Arabic joined, each line in display order), rows
//! ruled, a row never split across pages, and the header row repeated at the top of each page the table runs onto.

use super::bidi::display_lines;
use super::writer::{Writer, MARGIN_MM, PAGE_W_MM, PT_TO_MM};
use super::{arabic, wrap::wrap};
use crate::case::agreement::words::TextTable;
use crate::export::ExportError;
use printpdf::path::PaintMode;
use printpdf::{Color, Mm, Rect, Rgb};

const PAD_MM: f32 = 1.0;

/// Each cell's lines in display order, wrapped to its column.
fn cell_lines(w: &Writer, row: &[String], cols_mm: &[f32], size_pt: f32) -> Vec<Vec<String>> {
    row.iter()
        .zip(cols_mm)
        .map(|(text, col)| {
            let shaped = arabic::join(&crate::export::single_line(text));
            let max_em = (col - 2.0 * PAD_MM) / (size_pt * PT_TO_MM);
            let lines = wrap(&shaped, max_em, |c| w.fonts.advance_em(c));
            display_lines(&shaped, &lines).1
        })
        .collect()
}

fn draw_row(
    w: &mut Writer,
    cells: &[Vec<String>],
    cols_mm: &[f32],
    size_pt: f32,
    shade: bool,
) -> Result<(), ExportError> {
    let line_mm = size_pt * PT_TO_MM * 1.3;
    let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_mm + 2.0 * PAD_MM;
    let top = w.y_mm;
    let mut x = MARGIN_MM;
    for (lines, col) in cells.iter().zip(cols_mm) {
        let rect = Rect::new(Mm(x), Mm(top - height), Mm(x + col), Mm(top));
        if shade {
            w.layer.set_fill_color(Color::Rgb(Rgb::new(0.92, 0.92, 0.92, None)));
            w.layer.add_rect(rect.with_mode(PaintMode::Fill));
            w.layer.set_fill_color(Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)));
        }
        w.layer.set_outline_color(Color::Rgb(Rgb::new(0.6, 0.6, 0.6, None)));
        w.layer.set_outline_thickness(0.3);
        w.layer.add_rect(rect.with_mode(PaintMode::Stroke));
        for (i, line) in lines.iter().enumerate() {
            let baseline = top - PAD_MM - line_mm * (i as f32 + 1.0) + line_mm * 0.25;
            w.set_at(line, x + PAD_MM, baseline, size_pt)?;
        }
        x += col;
    }
    w.y_mm = top - height;
    Ok(())
}

/// Prints `table` across the column, each column `widths[i]` of it (fractions summing to 1).
pub fn table(w: &mut Writer, table: &TextTable, widths: &[f32], size_pt: f32) -> Result<(), ExportError> {
    let total = PAGE_W_MM - 2.0 * MARGIN_MM;
    let cols: Vec<f32> = widths.iter().map(|f| f * total).collect();
    let line_mm = size_pt * PT_TO_MM * 1.3;
    let height_of =
        |cells: &[Vec<String>]| cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_mm + 2.0 * PAD_MM;
    let header = cell_lines(w, &table.header, &cols, size_pt);
    let first = table.rows.first().map(|r| cell_lines(w, r, &cols, size_pt));
    w.need(height_of(&header) + first.as_deref().map_or(0.0, height_of));
    draw_row(w, &header, &cols, size_pt, true)?;
    for row in &table.rows {
        let cells = cell_lines(w, row, &cols, size_pt);
        let before = w.y_mm;
        w.need(height_of(&cells));
        if w.y_mm > before {
            draw_row(w, &header, &cols, size_pt, true)?;
        }
        draw_row(w, &cells, &cols, size_pt, false)?;
    }
    w.y_mm -= 2.0;
    Ok(())
}
