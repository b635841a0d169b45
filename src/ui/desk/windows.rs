//! The state the coding panels and windows keep between frames (drafts, caches, zoom), owned by the app and
//! reset when another file is opened.

use super::prompt_ui::PromptState;
use super::taxonomy_ui::TaxonomyEditor;
use crate::ui::claims_board::ClaimsBoardState;
use crate::ui::events_table::EventsTableState;
use crate::ui::inspector::InspectorState;
use crate::ui::timeline::TimelineState;

#[derive(Default)]
pub struct DeskWindows {
    pub prompt: PromptState,
    pub taxonomy: TaxonomyEditor,
    pub timeline: TimelineState,
    pub table: EventsTableState,
    pub inspector: InspectorState,
    pub board: ClaimsBoardState,
}
