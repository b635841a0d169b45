//! How stances and event types look everywhere in the window (one palette): one colour, one symbol and one word per
//! stance (so a stance is readable without colour), each type's colour, name and swatch, and the colours of timing
//! findings and measurements. Symbols are chosen from glyphs the bundled font has.

use egui::{Color32, RichText, Sense, Ui, Vec2};

use crate::case::{Case, EventTypeId, Rgb, Stance};

/// The three stances in display order.
pub const STANCES: [Stance; 3] = [Stance::Supports, Stance::Contradicts, Stance::Context];

pub fn stance_colour(stance: Stance) -> Color32 {
    match stance {
        Stance::Supports => Color32::from_rgb(46, 160, 67),
        Stance::Contradicts => Color32::from_rgb(215, 58, 50),
        Stance::Context => Color32::from_rgb(120, 132, 150),
    }
}

/// A one-character mark: √ supports, × contradicts, ◊ context.
pub fn stance_symbol(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => "√",
        Stance::Contradicts => "×",
        Stance::Context => "◊",
    }
}

/// "√ supports", "× contradicts", "◊ context".
pub fn stance_label(stance: Stance) -> String {
    format!("{} {stance}", stance_symbol(stance))
}

/// A drop-down of the three stances, showing `stance` in its colour; returns its response (for a hover text).
pub fn stance_combo_ui(ui: &mut Ui, id_salt: impl egui::AsIdSalt, stance: &mut Stance) -> egui::Response {
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(RichText::new(stance_label(*stance)).color(stance_colour(*stance)))
        .show_ui(ui, |ui| {
            for s in STANCES {
                ui.selectable_value(stance, s, stance_label(s));
            }
        })
        .response
}

/// The legend shown on hover wherever the symbols are used alone.
pub const STANCE_LEGEND: &str = "√ supports the claim · × contradicts it · ◊ gives context";

pub fn rgb_colour(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.r, rgb.g, rgb.b)
}

/// The name of an event type, or its id when the taxonomy no longer has it.
pub fn type_name<'a>(case: &'a Case, type_id: &'a EventTypeId) -> &'a str {
    case.taxonomy.name_or_id(type_id)
}

/// The colour of an event type (grey when the taxonomy no longer has it).
pub fn type_colour(case: &Case, type_id: &EventTypeId) -> Color32 {
    case.taxonomy.get(type_id).map_or(Color32::GRAY, |t| rgb_colour(t.colour))
}

/// A small square in the type's colour, followed by nothing (the caller adds the name).
pub fn type_swatch_ui(ui: &mut Ui, case: &Case, type_id: &EventTypeId) {
    swatch_ui(ui, type_colour(case, type_id), ui.text_style_height(&egui::TextStyle::Body) * 0.7);
}

/// A small square of `colour`, `side_px` wide.
pub fn swatch_ui(ui: &mut Ui, colour: Color32, side_px: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(side_px), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}

/// The stance as coloured text with its symbol and word.
pub fn stance_text(stance: Stance) -> RichText {
    RichText::new(stance_label(stance)).color(stance_colour(stance))
}

/// Timing findings, the same on the timeline's ruler and in the Timing view: a gap (frames further apart than twice
/// the median interval), duplicate frames (identical pictures), a PTS discontinuity (the clock steps back or leaps).
pub const GAP_COLOUR: Color32 = Color32::from_rgb(235, 70, 70);
pub const DUPLICATE_COLOUR: Color32 = Color32::from_rgb(245, 160, 40);
pub const DISCONTINUITY_COLOUR: Color32 = Color32::from_rgb(190, 110, 245);

/// Measurements on the timeline and their marks in the Measure window; marks not yet saved are drawn hollow.
pub const MEASURE_COLOUR: Color32 = Color32::from_rgb(80, 220, 200);
