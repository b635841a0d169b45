//! The coding desk without a window: an open case beside the player. Holds the case session (edits, undo, journal,
//! save), the selection, the coding state (open intervals, in/out marks), the measure tool's marks and what the
//! panels read each frame ([`DeskView`]), and the adjudicator's settlements. Nothing here draws: the window only
//! sends [`DeskCommand`]s, applied by [`Desk::apply`], and shows what the desk holds, so every coding rule is tested
//! without a display.

pub mod adjudication;
pub mod changes;
pub mod command;
pub mod measure;
pub mod save_task;
pub mod selection;
pub mod state;
pub mod view;

pub use adjudication::Settle;
pub use changes::{ChangeLog, EventDelta};
pub use command::{DeskAt, DeskCommand};
pub use measure::{IntervalForm, MeasureCommand, MeasureDraft, MeasureForm};
pub use selection::Selection;
pub use state::{Desk, Notice};
pub use view::{frame_point, CaseScope, DeskView, OpenInterval};
