//! The state the coding panels and windows keep between frames (drafts, caches, zoom), owned by the app and
//! reset when another file is opened. For a case, the thread that opens it also fills the panels' caches (table
//! rows, event lanes, claim tallies: for 100 000 events about a tenth of a second), so the window's first frame over
//! it is as short as any other.

use crate::desk::CaseScope;
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
    /// Whether the events panel showed the prompt this frame (docked above the inspector, covering nothing); when
    /// the panel is hidden the prompt has a window of its own.
    pub prompt_docked: bool,
    /// The docked prompt's height as last drawn, in points.
    pub prompt_height_px: f32,
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
            prompt_docked: false,
            prompt_height_px: 0.0,
        }
    }
}

impl DeskWindows {
    /// Panels in their first state with their caches made for `scope` (what the first frame would otherwise do).
    pub fn prepared(scope: &CaseScope) -> Self {
        let mut windows = Self::default();
        windows.table.refresh(scope);
        windows.board.refresh_tally(scope);
        windows.timeline.refresh_lanes(scope);
        windows
    }
}
