//! Whether the desktop can show its own file chooser. On Linux the system dialog (rfd) asks the
//! xdg-desktop-portal over the session D-Bus and falls back to the `zenity` program; with neither it returns
//! nothing, exactly as if the reviewer had cancelled. So the window asks first, and when there is no chooser it
//! shows its own picker and says why. Elsewhere (macOS, Windows) the system dialog is always there.

/// The D-Bus name of the desktop portal that serves file choosers.
#[cfg(target_os = "linux")]
const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";

/// `Ok` when the system file chooser can be shown here; otherwise why not, in words for the reviewer.
pub fn system_file_chooser() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        chooser_verdict(portal_reachable(), program_on_path("zenity"))
    }
    #[cfg(not(target_os = "linux"))]
    {
        Ok(())
    }
}

/// The system chooser works when the portal answers (`portal`) or, failing that, when `zenity` is installed.
pub fn chooser_verdict(portal: Result<(), String>, zenity: bool) -> Result<(), String> {
    match portal {
        Ok(()) => Ok(()),
        Err(_) if zenity => Ok(()),
        Err(why) => Err(format!("No system file chooser is available ({why}, and zenity is not installed)")),
    }
}

/// Whether the session bus has the portal running, or can start it.
#[cfg(target_os = "linux")]
fn portal_reachable() -> Result<(), String> {
    pollster::block_on(async {
        let connection = zbus::Connection::session()
            .await
            .map_err(|e| format!("no desktop session bus to reach the portal: {e}"))?;
        let bus =
            zbus::fdo::DBusProxy::new(&connection).await.map_err(|e| format!("the session bus did not answer: {e}"))?;
        let name = zbus::names::BusName::try_from(PORTAL_NAME).map_err(|e| e.to_string())?;
        if bus.name_has_owner(name).await.unwrap_or(false) {
            return Ok(());
        }
        let activatable = bus.list_activatable_names().await.unwrap_or_default();
        if activatable.iter().any(|n| n.as_str() == PORTAL_NAME) {
            Ok(())
        } else {
            Err("xdg-desktop-portal is not running".to_owned())
        }
    })
}

/// Whether an executable called `program` is in one of `$PATH`'s directories.
#[cfg(target_os = "linux")]
fn program_on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else { return false };
    std::env::split_paths(&path).any(|dir| {
        std::fs::metadata(dir.join(program)).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_or_zenity_is_enough_and_neither_says_why() {
        assert_eq!(chooser_verdict(Ok(()), false), Ok(()));
        assert_eq!(chooser_verdict(Err("xdg-desktop-portal is not running".into()), true), Ok(()));
        let Err(why) = chooser_verdict(Err("xdg-desktop-portal is not running".into()), false) else {
            panic!("no chooser was taken for one")
        };
        assert_eq!(
            why,
            "No system file chooser is available (xdg-desktop-portal is not running, and zenity is not installed)"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn programs_are_found_on_the_path() {
        assert!(program_on_path("sh"), "no sh on PATH");
        assert!(!program_on_path("claimframe-no-such-program"));
    }
}
