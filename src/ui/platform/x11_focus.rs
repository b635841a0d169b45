//! Keyboard focus on a bare X server. Without a window manager (Xvfb in tests and screenshots, kiosk set-ups) no
//! one gives the new window the keyboard, and winit drops key presses; when no window manager is running, the window
//! takes the focus itself, once. With a window manager this does nothing.

use raw_window_handle::{HasWindowHandle, RawWindowHandle};

/// Gives the keyboard to this window when it is on X11 and no window manager runs. Errors are only logged.
pub fn focus_without_window_manager(frame: &eframe::Frame) {
    let Ok(handle) = frame.window_handle() else { return };
    let window = match handle.as_raw() {
        RawWindowHandle::Xlib(h) => h.window as u32,
        RawWindowHandle::Xcb(h) => h.window.get(),
        _ => return,
    };
    match focus(window) {
        Ok(true) => tracing::info!("no window manager: took the keyboard focus"),
        Ok(false) => {}
        Err(e) => tracing::warn!("could not take the keyboard focus on X11: {e}"),
    }
}

#[cfg(target_os = "linux")]
fn focus(window: u32) -> Result<bool, Box<dyn std::error::Error>> {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, InputFocus};

    let (conn, screen) = x11rb::connect(None)?;
    let Some(root) = conn.setup().roots.get(screen).map(|s| s.root) else { return Ok(false) };
    let check = conn.intern_atom(false, b"_NET_SUPPORTING_WM_CHECK")?.reply()?.atom;
    let wm = conn.get_property(false, root, check, AtomEnum::WINDOW, 0, 1)?.reply()?;
    if wm.value_len > 0 {
        return Ok(false); // a window manager decides focus
    }
    conn.set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)?;
    conn.flush()?;
    Ok(true)
}

#[cfg(not(target_os = "linux"))]
fn focus(_window: u32) -> Result<bool, Box<dyn std::error::Error>> {
    Ok(false)
}
