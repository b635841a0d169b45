//! What the window needs from the machine: starting eframe with the renderer that works here, and keyboard focus
//! on an X server without a window manager, and whether the desktop has a file chooser to show.

pub mod file_chooser;
pub mod renderer;
pub mod x11_focus;
