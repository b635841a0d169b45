//! Whether the desktop can show its own file chooser. On Linux the system dialog (rfd) asks the
//! xdg-desktop-portal over the session D-Bus and falls back to the `zenity` program; with neither it returns
//! nothing, exactly as if the reviewer had cancelled. So the window asks first, and when there is no chooser it
//! shows its own picker and says why. Elsewhere (macOS, Windows) the system dialog is always there.

/// The D-Bus name of the desktop portal, the object it serves, and the interface its file chooser has: the portal
/// exports that interface only when a backend (GTK, KDE, GNOME…) implements it, so a portal without one is no
/// chooser either.
#[cfg(target_os = "linux")]
const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";
#[cfg(target_os = "linux")]
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
#[cfg(target_os = "linux")]
const FILE_CHOOSER: &str = "org.freedesktop.portal.FileChooser";

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

/// Whether the session bus has the portal running, or can start it, with a file chooser backend.
#[cfg(target_os = "linux")]
fn portal_reachable() -> Result<(), String> {
    pollster::block_on(async {
        let connection = zbus::Connection::session()
            .await
            .map_err(|e| format!("no desktop session bus to reach the portal: {e}"))?;
        portal_on(&connection).await
    })
}

/// As [`portal_reachable`], on the bus `connection` is to.
#[cfg(target_os = "linux")]
async fn portal_on(connection: &zbus::Connection) -> Result<(), String> {
    {
        let bus =
            zbus::fdo::DBusProxy::new(connection).await.map_err(|e| format!("the session bus did not answer: {e}"))?;
        let name = zbus::names::BusName::try_from(PORTAL_NAME).map_err(|e| e.to_string())?;
        if bus.name_has_owner(name).await.unwrap_or(false) {
            return has_file_chooser(connection).await;
        }
        let activatable = bus.list_activatable_names().await.unwrap_or_default();
        if activatable.iter().any(|n| n.as_str() == PORTAL_NAME) {
            has_file_chooser(connection).await
        } else {
            Err("xdg-desktop-portal is not running".to_owned())
        }
    }
}

/// Whether the portal (started by this call when it was only activatable) serves a file chooser.
#[cfg(target_os = "linux")]
async fn has_file_chooser(connection: &zbus::Connection) -> Result<(), String> {
    let properties = zbus::fdo::PropertiesProxy::new(connection, PORTAL_NAME, PORTAL_PATH)
        .await
        .map_err(|e| format!("the desktop portal did not answer: {e}"))?;
    let interface = zbus::names::InterfaceName::try_from(FILE_CHOOSER).map_err(|e| e.to_string())?;
    match properties.get(interface, "version").await {
        Ok(_) => Ok(()),
        Err(_) => Err("xdg-desktop-portal runs without a file chooser backend".to_owned()),
    }
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

    /// A private message bus for one test (`dbus-daemon`), stopped when dropped.
    #[cfg(target_os = "linux")]
    struct PrivateBus {
        child: std::process::Child,
        address: String,
        _dir: tempfile::TempDir,
    }

    #[cfg(target_os = "linux")]
    impl PrivateBus {
        fn start() -> Option<Self> {
            use std::io::BufRead;
            let dir = tempfile::tempdir().ok()?;
            let config = dir.path().join("bus.conf");
            let policy = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=DIR</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>"#;
            std::fs::write(&config, policy.replace("DIR", &dir.path().display().to_string())).ok()?;
            let mut child = std::process::Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--print-address=1"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .ok()?;
            let mut address = String::new();
            std::io::BufReader::new(child.stdout.take()?).read_line(&mut address).ok()?;
            Some(Self { child, address: address.trim().to_owned(), _dir: dir })
        }
    }

    #[cfg(target_os = "linux")]
    async fn connect(address: &str) -> zbus::Connection {
        let builder = zbus::connection::Builder::address(address).expect("a bus address");
        builder.build().await.expect("the private bus takes a connection")
    }

    #[cfg(target_os = "linux")]
    impl Drop for PrivateBus {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// A stand-in portal: the object, with a file chooser or without.
    #[cfg(target_os = "linux")]
    struct Chooser;

    #[cfg(target_os = "linux")]
    #[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
    impl Chooser {
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            4
        }
    }

    #[cfg(target_os = "linux")]
    struct Settings;

    #[cfg(target_os = "linux")]
    #[zbus::interface(name = "org.freedesktop.portal.Settings")]
    impl Settings {
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            2
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_portal_counts_only_with_a_file_chooser_backend() {
        let Some(bus) = PrivateBus::start() else {
            eprintln!("dbus-daemon is not installed: the portal probe is not tested here");
            return;
        };
        // On its own thread, so a bus that never answers fails the test instead of hanging it.
        let (tx, rx) = std::sync::mpsc::channel();
        let address = bus.address.clone();
        std::thread::spawn(move || {
            let answers = pollster::block_on(async {
                let window = connect(&address).await;
                let none = portal_on(&window).await;
                let portal = connect(&address).await;
                portal.object_server().at(PORTAL_PATH, Settings).await.expect("serves settings");
                portal.request_name(PORTAL_NAME).await.expect("takes the portal's name");
                let without = portal_on(&window).await;
                portal.object_server().at(PORTAL_PATH, Chooser).await.expect("serves a chooser");
                let with = portal_on(&window).await;
                (none, without, with)
            });
            let _ = tx.send(answers);
        });
        let (none, without, with) =
            rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the private bus answered within a minute");
        assert_eq!(none, Err("xdg-desktop-portal is not running".to_owned()));
        assert_eq!(without, Err("xdg-desktop-portal runs without a file chooser backend".to_owned()));
        assert_eq!(with, Ok(()));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn programs_are_found_on_the_path() {
        assert!(program_on_path("sh"), "no sh on PATH");
        assert!(!program_on_path("claimframe-no-such-program"));
    }
}
