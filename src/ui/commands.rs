//! What the window asks for: player commands plus the window's own requests (open a file, zoom, volume). UI
//! functions return these instead of changing anything mid-layout; the app applies them once per frame.

use std::path::PathBuf;

use crate::case::{ClaimId, Edit, EventId, EventTypeId};
use crate::player::PlayerCommand;

#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum UiCommand {
    Player(PlayerCommand),
    /// Open a video or a `.case.ron` file.
    Open(PathBuf),
    /// Show the native file dialog.
    OpenDialog,
    SetVolume(f32),
    ToggleMute,
    ZoomFit,
    /// One stored pixel per screen pixel.
    ZoomOneToOne,
    /// Multiply the zoom by `factor`, keeping the picture point under `anchor` (screen point) still.
    ZoomAt { factor: f32, anchor: egui::Pos2 },
    PanBy(egui::Vec2),
    ShowGoTo,
    CloseGoTo,
    DismissMessages,
    /// Show the export dialog (for the open case).
    ShowExport,
    CloseExport,
    /// Pick the export's destination with the native dialog.
    ChooseExportPath,
    /// Replace the event selection (`primary`: the one the inspector shows; `None`: the last of `ids`).
    SelectEvents { ids: Vec<EventId>, primary: Option<EventId> },
    /// Add an event to the selection or take it out (Ctrl+click).
    ToggleEvent(EventId),
    /// Pick a claim on the claims board (`None`: no claim).
    SelectClaim(Option<ClaimId>),
    /// Apply one undoable change to the open case (journalled before it is acknowledged).
    Edit(Edit),
    Undo,
    Redo,
    /// Save the case (Ctrl+S).
    Save,
    /// Put text on the clipboard (citations).
    CopyText(String),
    /// An event type's hotkey: add a point, or open/close an interval, at the frame on screen.
    Code(EventTypeId),
    /// I / O: mark the in or out point at the frame on screen.
    MarkIn,
    MarkOut,
    /// Esc: close the prompt, else cancel running intervals and clear the marks.
    Escape,
    /// Stop one running interval without creating it.
    CancelInterval(EventTypeId),
    /// Delete: remove the selected events (one undoable edit).
    DeleteSelected,
    /// Close the prompt shown after a new event.
    ClosePrompt,
    ShowTaxonomy,
    CloseTaxonomy,
    /// Restore the unsaved edits found in the journal, or set them aside.
    RecoverReplay,
    RecoverDiscard,
    DismissNotice,
    /// The name stamped on new events and audit entries.
    SetReviewer(String),
    /// Pick where to write a new case for the video on screen (native dialog), then open it for coding.
    NewCaseDialog,
    /// Show or hide a side or bottom panel (remembered).
    TogglePanel(PanelId),
}

/// The collapsible panels of the coding layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelId {
    Events,
    Claims,
    Timeline,
}
