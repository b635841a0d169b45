//! The state the coding panels and windows keep between frames (drafts, caches, zoom), owned by the app and
//! reset when another file is opened.

use crate::ui::panels::claims_board::ClaimsBoardState;
use crate::ui::panels::events_table::EventsTableState;
use crate::ui::panels::inspector::InspectorState;
use crate::ui::panels::timeline::TimelineState;
use crate::ui::windows::agreement_ui::AgreementWindow;
use crate::ui::windows::prompt_ui::PromptState;
use crate::ui::windows::taxonomy_ui::TaxonomyEditor;

pub struct DeskWindows {
    pub prompt: PromptState,
    pub taxonomy: TaxonomyEditor,
    pub timeline: TimelineState,
    pub table: EventsTableState,
    pub inspector: InspectorState,
    pub board: ClaimsBoardState,
    pub agreement: AgreementWindow,
    /// Share of the left panel's height given to the events table (the inspector has the rest).
    pub table_share: f32,
    /// The Measure window is showing (the marks live in the desk, so closing it loses nothing).
    pub measure_open: bool,
    /// Bottom-left corner of the events panel as last drawn: the prompt sits there, over the inspector, so it
    /// covers neither the picture nor the timeline.
    pub prompt_anchor: Option<egui::Pos2>,
}

impl Default for DeskWindows {
    fn default() -> Self {
        Self {
            prompt: PromptState::default(),
            taxonomy: TaxonomyEditor::default(),
            timeline: TimelineState::default(),
            table: EventsTableState::default(),
            inspector: InspectorState::default(),
            board: ClaimsBoardState::default(),
            agreement: AgreementWindow::default(),
            table_share: 0.5,
            measure_open: false,
            prompt_anchor: None,
        }
    }
}
