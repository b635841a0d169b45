//! The notice line under the menu: one row of fixed height, always there, so that nothing a notice says moves a
//! panel (a click aimed at a filter never lands on a banner that appeared meanwhile). On the left, a case being
//! opened (its progress and Cancel), else the desk's running intervals and In/Out marks, or what a key would do; on the right, the newest notice or error, cut to the row and
//! shown whole on hover. Errors stay until dismissed and do not pile up: the newest shows, "+N more" lists the
//! others. A notice that is not an error (saved, coded, undone) leaves by itself after [`NOTICE_SHOWN_SECS`].

use egui::{Align, Layout, Panel, RichText};

use crate::desk::{Desk, DeskCommand};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::app::ClaimFrameApp;

/// The row's height in points.
pub const NOTICE_BAR_PX: f32 = 24.0;
/// How long a notice that is not an error stays.
pub const NOTICE_SHOWN_SECS: f64 = 6.0;

/// What the line keeps between frames: the notice on show and since when (window time, in seconds).
#[derive(Default)]
pub struct NoticeClock {
    shown: Option<(String, f64)>,
}

impl NoticeClock {
    /// Nothing is on show: the next notice, even with the same words, is timed afresh.
    pub fn clear(&mut self) {
        self.shown = None;
    }

    /// Whether the notice `text` seen at `now_secs` has been up long enough to leave (its clock starts the first
    /// time it is seen).
    pub fn expired(&mut self, text: &str, now_secs: f64) -> bool {
        match &self.shown {
            Some((shown, since)) if shown == text => now_secs - since >= NOTICE_SHOWN_SECS,
            _ => {
                self.shown = Some((text.to_owned(), now_secs));
                false
            }
        }
    }
}

impl ClaimFrameApp {
    /// The notice line; returns the dismissals the reviewer asked for (or a plain notice's time ran out).
    pub(super) fn notice_bar_ui(&mut self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let mut out = Vec::new();
        let now_secs = ui.input(|i| i.time);
        let errors: Vec<String> = self
            .failure
            .iter()
            .cloned()
            .chain(self.player().into_iter().flat_map(|p| p.messages().iter().cloned()))
            .collect();
        let notice = self.desk().and_then(|d| d.notice()).cloned();
        match notice.as_ref().filter(|n| !n.is_error) {
            Some(n) if self.notice_clock.expired(&n.text, now_secs) => {
                out.push(UiCommand::Desk(DeskCommand::DismissNotice));
            }
            Some(_) => ui.ctx().request_repaint_after(std::time::Duration::from_millis(500)),
            None => self.notice_clock.clear(),
        }
        let desk = self.desk();
        let opening = self.opening.as_ref();
        Panel::top("notice-bar").exact_size(NOTICE_BAR_PX).resizable(false).show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                // A case being opened says how far it is, in place of the desk's state.
                if let Some(task) = opening {
                    out.extend(crate::ui::windows::opening_ui::opening_row_ui(ui, task));
                } else if let Some(desk) = desk {
                    out.extend(desk_state_ui(ui, desk));
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    out.extend(newest_notice_ui(ui, notice.as_ref(), &errors));
                });
            });
        });
        out
    }
}

/// Running intervals (each with its cancel button) and the In/Out marks; when there are none, what to press.
fn desk_state_ui(ui: &mut egui::Ui, desk: &Desk) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let (mark_in, mark_out) = desk.marks();
    for open in desk.open_intervals() {
        let ty = desk.case().taxonomy.get(&open.type_id);
        let colour = crate::ui::style::type_colour(desk.case(), &open.type_id);
        let name = ty.map_or_else(|| open.type_id.to_string(), |t| format!("{} [{}]", t.name, t.hotkey));
        ui.label(RichText::new(format!("• {name} running since frame {}", open.start.frame)).color(colour).strong());
        if ui.small_button("×").on_hover_text("Cancel this interval").clicked() {
            out.push(UiCommand::Desk(DeskCommand::CancelInterval(open.type_id.clone())));
        }
    }
    if mark_in.is_some() || mark_out.is_some() {
        let show = |m: Option<usize>| m.map_or_else(|| "—".to_owned(), |f| f.to_string());
        ui.label(format!(
            "In {} · Out {}: press an interval type's key to code this range (Esc clears)",
            show(mark_in),
            show(mark_out)
        ));
    } else if desk.open_intervals().is_empty() {
        ui.label(RichText::new("An event type's key codes the frame on screen; I and O mark a range").weak());
    }
    out
}

/// The newest error (else the desk's notice), cut to the space left; "+N more" lists every error; × dismisses.
fn newest_notice_ui(ui: &mut egui::Ui, notice: Option<&crate::desk::Notice>, errors: &[String]) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let (text, is_error) = match (errors.last(), notice) {
        (Some(error), _) => (error.clone(), true),
        (None, Some(n)) => (n.text.clone(), n.is_error),
        (None, None) => return out,
    };
    if ui.small_button("×").on_hover_text("Dismiss").clicked() {
        if !errors.is_empty() {
            out.push(UiCommand::Window(WindowCommand::DismissMessages));
        }
        if notice.is_some() {
            out.push(UiCommand::Desk(DeskCommand::DismissNotice));
        }
    }
    let others = errors.len() + usize::from(notice.is_some()) - 1;
    if others > 0 {
        ui.menu_button(format!("+{others} more"), |ui| {
            ui.set_max_width(520.0);
            for e in errors.iter().rev() {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            if let Some(n) = notice {
                ui.label(&n.text);
            }
        });
    }
    let colour = if is_error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
    ui.add(egui::Label::new(RichText::new(&text).color(colour)).truncate()).on_hover_text(&text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_notice_leaves_after_its_time_and_a_new_one_starts_its_own() {
        let mut clock = NoticeClock::default();
        assert!(!clock.expired("Saved", 10.0));
        assert!(!clock.expired("Saved", 10.0 + NOTICE_SHOWN_SECS - 0.1));
        assert!(clock.expired("Saved", 10.0 + NOTICE_SHOWN_SECS));
        assert!(!clock.expired("Coded Ramming at frame 5", 30.0), "a new notice is timed from when it shows");
        assert!(clock.expired("Coded Ramming at frame 5", 30.0 + NOTICE_SHOWN_SECS));
        clock.clear();
        assert!(!clock.expired("Coded Ramming at frame 5", 60.0), "the same words again, after a dismissal, stay");
    }
}
