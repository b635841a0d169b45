//! The player's side of the window: the picture (or the camera grid), the transport row, the waveform strip, the frame readout and the
//! status bar. They read the player's state and return player or window commands.

pub mod grid_ui;
pub mod info_ui;
pub mod status_ui;
pub mod transport_ui;
pub mod video_view;
pub mod waveform_ui;
