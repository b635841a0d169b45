//! The Agreement view: the engine's figures for the open case (per type with the overall row, per pair, the
//! parameters in a sentence, tolerance and minimum overlap editable), and every disagreement still to adjudicate.
//! The disagreements come first (the adjudicator's work), the figures under them. Clicking one shows its frame (on its camera), selects its events and splits the timeline's lanes by reviewer;
//! the settlement itself is [`adjudicate_ui`](super::adjudicate_ui). Hidden in blind mode, as it shows every
//! reviewer's coding. The run is cached on the case's revision and the parameters.

use egui::{DragValue, RichText, Ui};

use crate::case::agreement::words::{disagreement_kind, pair_table, parameters_sentence, type_table, TextTable};
use crate::case::agreement::{
    agreement, Agreement, AgreementError, AgreementParams, Disagreement, DEFAULT_MIN_OVERLAP, DEFAULT_TOLERANCE_FRAMES,
};
use crate::desk::{DeskCommand, DeskView};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::windows::adjudicate_ui::{adjudicate_ui, Settling};

/// The view's parameters, its cached run and the disagreement being settled.
#[derive(Debug)]
pub struct AgreementWindow {
    pub open: bool,
    pub tolerance_frames: u64,
    pub min_overlap: f64,
    run: Option<(u64, AgreementParams, Result<Agreement, AgreementError>)>,
    /// The disagreement clicked last, with the adjudicator's draft.
    pub settling: Option<Settling>,
}

impl Default for AgreementWindow {
    fn default() -> Self {
        Self {
            open: false,
            tolerance_frames: DEFAULT_TOLERANCE_FRAMES,
            min_overlap: DEFAULT_MIN_OVERLAP,
            run: None,
            settling: None,
        }
    }
}

impl AgreementWindow {
    /// The disagreements still to adjudicate, as of the last frame drawn.
    pub fn disagreements(&self) -> &[Disagreement] {
        match &self.run {
            Some((_, _, Ok(a))) => &a.disagreements,
            _ => &[],
        }
    }

    fn refresh(&mut self, view: &DeskView) {
        let params = AgreementParams {
            tolerance_frames: self.tolerance_frames,
            min_overlap: self.min_overlap,
            ..AgreementParams::default()
        };
        if !matches!(&self.run, Some((rev, p, _)) if *rev == view.revision && *p == params) {
            let result = agreement(view.case, &params);
            self.run = Some((view.revision, params, result));
        }
    }
}

/// The Agreement window.
pub fn agreement_ui(ctx: &egui::Context, view: &DeskView, state: &mut AgreementWindow) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let mut open = state.open;
    egui::Window::new("Agreement between reviewers")
        .id(egui::Id::unique("agreement-view"))
        .open(&mut open)
        .default_width(820.0)
        .default_height(760.0)
        .vscroll(true)
        .show(ctx, |ui| {
            if let Some(me) = view.visibility.blind_reviewer() {
                ui.label(format!(
                    "Blind mode is on for {me}: this view shows every reviewer's coding, so it stays empty. Turn \
                     blind mode off in the View menu to compare and adjudicate."
                ));
                return;
            }
            parameters_ui(ui, state);
            state.refresh(view);
            match &state.run {
                Some((_, _, Ok(a))) => {
                    let a = a.clone();
                    out.extend(disagreements_ui(ui, view, &a.disagreements, state));
                    ui.separator();
                    figures_ui(ui, &a);
                }
                Some((_, _, Err(e))) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("No agreement figures: {e}"));
                }
                None => {}
            }
        });
    if !open {
        out.push(UiCommand::Window(WindowCommand::CloseAgreement));
    }
    out
}

fn parameters_ui(ui: &mut Ui, state: &mut AgreementWindow) {
    ui.horizontal(|ui| {
        let label = ui.label("Point tolerance (frames):");
        ui.add(DragValue::new(&mut state.tolerance_frames).range(0..=300)).labelled_by(label.id);
        let label = ui.label("Minimum overlap of intervals:");
        ui.add(DragValue::new(&mut state.min_overlap).range(0.05..=1.0).speed(0.01).fixed_decimals(2))
            .labelled_by(label.id)
            .on_hover_text("Two intervals match when the frames they share divided by the longer one reach this");
    });
}

fn figures_ui(ui: &mut Ui, a: &Agreement) {
    ui.label(RichText::new(parameters_sentence(a)).small());
    for note in &a.notes {
        ui.label(RichText::new(note).small().weak());
    }
    ui.add_space(4.0);
    ui.strong("Per event type (and overall)");
    text_table_ui(ui, "agreement-types", &type_table(a));
    ui.add_space(4.0);
    ui.strong("Per pair of reviewers");
    text_table_ui(ui, "agreement-pairs", &pair_table(a));
}

fn text_table_ui(ui: &mut Ui, id: &str, table: &TextTable) {
    egui::Grid::new(id).striped(true).spacing([10.0, 3.0]).show(ui, |ui| {
        for cell in &table.header {
            ui.label(RichText::new(cell).strong().small());
        }
        ui.end_row();
        for row in &table.rows {
            for cell in row {
                ui.label(RichText::new(cell).small());
            }
            ui.end_row();
        }
    });
}

/// One line of the list: what, where, who.
pub fn disagreement_line(d: &Disagreement) -> String {
    let frames = if d.end_frame > d.start_frame {
        format!("frames {}-{}", d.start_frame, d.end_frame)
    } else {
        format!("frame {}", d.start_frame)
    };
    let who: Vec<String> = d.reviewers.iter().zip(&d.event_ids).map(|(r, e)| format!("{r} {e}")).collect();
    format!("{} · {} on {} · {} · {}", disagreement_kind(d.kind), frames, d.media_id, who.join(" / "), d.what)
}

fn disagreements_ui(
    ui: &mut Ui,
    view: &DeskView,
    list: &[Disagreement],
    state: &mut AgreementWindow,
) -> Vec<UiCommand> {
    let mut out = Vec::new();
    ui.strong(format!("Disagreements to adjudicate ({})", list.len()));
    if list.is_empty() {
        ui.weak("None: every disagreement has been adjudicated, or the reviewers agree.");
    }
    egui::ScrollArea::vertical().id_salt("agreement-disagreements").max_height(180.0).show(ui, |ui| {
        for d in list {
            let picked = state.settling.as_ref().is_some_and(|s| s.is(d));
            if ui.selectable_label(picked, disagreement_line(d)).clicked() {
                state.settling = Some(Settling::new(d.clone()));
                out.push(UiCommand::Window(WindowCommand::GoToMediaFrame {
                    media_id: d.media_id.clone(),
                    frame: usize::try_from(d.start_frame).unwrap_or(usize::MAX),
                }));
                let primary = d.event_ids.first().cloned();
                out.push(UiCommand::Desk(DeskCommand::SelectEvents { ids: d.event_ids.clone(), primary }));
                out.push(UiCommand::Window(WindowCommand::LanesByReviewer(true)));
            }
        }
    });
    // A settled disagreement leaves the list, and the draft with it.
    if state.settling.as_ref().is_some_and(|s| !list.iter().any(|d| s.is(d))) {
        state.settling = None;
    }
    if let Some(settling) = state.settling.as_mut() {
        ui.separator();
        out.extend(adjudicate_ui(ui, view, settling));
    }
    out
}
