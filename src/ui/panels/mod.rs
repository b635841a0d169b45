//! The coding panels around the picture: the events table with its filter bar, the inspector, the claims board and
//! the timeline. Each draws the desk's state and returns commands; none edits the case itself.

pub mod claim_picker;
pub mod claims_board;
pub mod coverage_ui;
pub mod events_filter_ui;
pub mod events_table;
pub mod events_table_keys;
pub mod inspector;
pub mod measure_inspector;
pub mod timeline;
