//! The windows that open over the desk: go to a frame or time, export, the coding prompt after a new event, the
//! taxonomy editor, the recovery prompt, the cameras' sync panel, the Agreement view with its adjudication, the
//! Measure window, the Timing view, the shortcut sheet, the "Who is coding?" question, and a case being opened
//! (its progress, and a broken case's backup offer). Each keeps its own draft state (or reads the desk's) and returns
//! commands.

pub mod adjudicate_ui;
pub mod agreement_ui;
pub mod export_options_ui;
pub mod export_ui;
pub mod file_picker;
pub mod file_picker_ui;
pub mod goto;
pub mod goto_target;
pub mod measure_ui;
pub mod opening_ui;
pub mod prompt_ui;
pub mod recovery_ui;
pub mod shortcuts_ui;
pub mod sync_ui;
pub mod taxonomy_ui;
pub mod timing_state;
pub mod timing_ui;
pub mod who_is_coding_ui;
