//! What the window asks for, sorted by who carries it out: the player, the desk (the open case), or the window
//! itself (open a file, zoom, volume, dialogs). UI functions return these instead of changing anything mid-layout;
//! the app applies them once per frame, with one exhaustive match per kind, so a misrouted command does not compile.

use std::path::PathBuf;

use crate::desk::DeskCommand;
use crate::player::multicam::MultiCamCommand;
use crate::player::PlayerCommand;

#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum UiCommand {
    Player(PlayerCommand),
    Desk(DeskCommand),
    Window(WindowCommand),
    /// The camera grid of a case with several cameras: focus, wall-clock seek, step, nudge.
    Cameras(MultiCamCommand),
}

/// The window's own requests: files, dialogs, the picture's zoom, sound, preferences.
#[derive(Clone, Debug, PartialEq)]
pub enum WindowCommand {
    /// Open a video or a `.case.ron` file.
    Open(PathBuf),
    /// Stop the case being opened (or made) on its own thread; the file on screen stays.
    CancelOpen,
    /// Open a copy of the backup offered for a case that could not be parsed.
    OpenBackupCopy,
    /// Pick the folder to look for a case's moved video in (the system dialog, or the window's own picker).
    RelinkDialog,
    /// Show the system file dialog (or the window's own picker where there is none).
    OpenDialog,
    /// The window's own file picker handed on this path (for what it was opened for).
    Picked(PathBuf),
    ClosePicker,
    SetVolume(f32),
    ToggleMute,
    ZoomFit,
    /// One stored pixel per screen pixel.
    ZoomOneToOne,
    /// Multiply the zoom by `factor`, keeping the picture point under `anchor` (screen point) still.
    ZoomAt {
        factor: f32,
        anchor: egui::Pos2,
    },
    PanBy(egui::Vec2),
    /// Turn the picture a quarter turn clockwise, for viewing only (frames and exports stay as recorded).
    TurnView,
    /// Give the picture most of the window (the coding panels hide; their sizes are kept), or bring them back.
    ToggleFocusPicture,
    ShowGoTo,
    CloseGoTo,
    DismissMessages,
    /// Show the export dialog (for the open case).
    ShowExport,
    CloseExport,
    /// Pick the export's destination with the native dialog.
    ChooseExportPath,
    /// Put text on the clipboard (citations).
    CopyText(String),
    ShowTaxonomy,
    CloseTaxonomy,
    /// The name stamped on new events and audit entries (typing it counts as saying who is coding).
    SetReviewer(String),
    /// The answer to "Who is coding?": the name, then the edits that waited for it.
    ConfirmReviewer(String),
    /// No answer to "Who is coding?": the edits that waited are dropped.
    CancelReviewerQuestion,
    /// Pick where to write a new case for the video on screen (native dialog), then open it for coding.
    NewCaseDialog,
    /// Show or hide a side or bottom panel (remembered).
    TogglePanel(PanelId),
    /// Show or hide the cameras' sync panel (clock maps, their sources, nudges).
    ToggleSyncPanel,
    /// A request from the sync panel.
    Sync(SyncCommand),
    /// Blind mode on or off (remembered): only the reviewer's own events, links and tallies are shown.
    ToggleBlind,
    /// Show or hide the Agreement view (agreement tables, disagreements, adjudication).
    ShowAgreement,
    CloseAgreement,
    /// Show `frame` of the case's media file `media_id`: on screen, or on another camera of the grid (focused).
    GoToMediaFrame {
        media_id: crate::case::MediaId,
        frame: usize,
    },
    /// Split the timeline's lanes by reviewer (adjudicating), or not.
    LanesByReviewer(bool),
    /// Show or close the Measure window (the measure tool's marks, distances and live result).
    ShowMeasure,
    CloseMeasure,
    /// Show or close the Timing view of the file on screen (Ctrl+T).
    ShowTiming,
    CloseTiming,
    /// Show or hide the shortcut sheet (F1 or ?).
    ToggleShortcuts,
    CloseShortcuts,
    /// Decode every frame of the file on screen in the background to find duplicate frames.
    FindDuplicateFrames,
}

/// What the sync panel asks for; `camera` is a view of the grid, synced against the focused camera.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncCommand {
    /// Work out camera's clock map by its sound against the focused camera's.
    ByAudio(usize),
    /// Take camera's clock map from its container's creation time.
    ByMetadata(usize),
    /// Pair the frame camera shows with the focused camera's frame as one sync point.
    MarkPoint(usize),
    /// Fit camera's clock map to the points marked so far.
    ByPoints(usize),
    ClearPoints,
    /// Record the worked-out map as an audited edit.
    Apply,
    /// Let the worked-out map go.
    Discard,
}

/// The collapsible panels of the coding layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelId {
    Events,
    Claims,
    Timeline,
}
