//! Starting the window and choosing its renderer. Both of eframe's backends are built in: glow when the only
//! graphics adapters are software ones (Xvfb, VMs — uploading a 720p frame per paint runs about four times faster
//! with glow there) or when wgpu cannot start, wgpu otherwise. `--renderer` forces one.

use std::path::PathBuf;

use eframe::wgpu;

use crate::ui::app::ClaimFrameApp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RendererChoice {
    Auto,
    Wgpu,
    Glow,
}

/// Environment variable set on a restarted process so a failing wgpu start falls back to glow only once.
const FALLBACK_ENV: &str = "CLAIMFRAME_RENDERER_FALLBACK";

/// Names of adapters that draw on the CPU.
const SOFTWARE_ADAPTERS: [&str; 5] = ["llvmpipe", "lavapipe", "softpipe", "swiftshader", "software"];

/// The renderer to use and why, in words for the status bar.
pub fn decide(choice: RendererChoice) -> (eframe::Renderer, String) {
    match choice {
        RendererChoice::Glow => (eframe::Renderer::Glow, "glow (chosen with --renderer)".into()),
        RendererChoice::Wgpu => (eframe::Renderer::Wgpu, "wgpu (chosen with --renderer)".into()),
        RendererChoice::Auto => {
            if std::env::var_os(FALLBACK_ENV).is_some() {
                return (eframe::Renderer::Glow, "glow (wgpu failed to start)".into());
            }
            if std::env::var("LIBGL_ALWAYS_SOFTWARE").is_ok_and(|v| v != "0" && !v.is_empty()) {
                return (eframe::Renderer::Glow, "glow (LIBGL_ALWAYS_SOFTWARE is set)".into());
            }
            match hardware_adapter() {
                Some(name) => (eframe::Renderer::Wgpu, format!("wgpu on {name}")),
                None => (eframe::Renderer::Glow, "glow (only software graphics adapters)".into()),
            }
        }
    }
}

/// The first graphics adapter that is real hardware, if any.
fn hardware_adapter() -> Option<String> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    let adapters = pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()));
    adapters.iter().map(|a| a.get_info()).find_map(|info| {
        let name = info.name.to_lowercase();
        let software = info.device_type == wgpu::DeviceType::Cpu || SOFTWARE_ADAPTERS.iter().any(|s| name.contains(s));
        (!software).then(|| format!("{} ({:?})", info.name, info.backend))
    })
}

/// Opens the window on `file` (a video or a case; `None`: the last file, see `ClaimFrameApp::new`), `size_pt`
/// points large (else 1600×900), and runs until it closes.
pub fn run_window(file: Option<PathBuf>, choice: RendererChoice, size_pt: Option<[f32; 2]>) -> anyhow::Result<()> {
    let (renderer, why) = decide(choice);
    tracing::info!("renderer: {why}");
    let options = eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("ClaimFrame")
            .with_inner_size(size_pt.unwrap_or([1600.0, 900.0]))
            .with_min_inner_size([640.0, 420.0])
            .with_drag_and_drop(true),
        // A size asked for on the command line wins over the one the window was last closed at.
        persist_window: size_pt.is_none(),
        ..Default::default()
    };
    let result =
        eframe::run_native("ClaimFrame", options, Box::new(move |cc| Ok(Box::new(ClaimFrameApp::new(cc, file, why)))));
    match result {
        Ok(()) => Ok(()),
        Err(e) if renderer == eframe::Renderer::Wgpu && choice == RendererChoice::Auto => {
            // winit allows one event loop per process: restart ourselves on glow.
            tracing::warn!("wgpu could not start ({e}); restarting with glow");
            let exe = std::env::current_exe()?;
            let status =
                std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(FALLBACK_ENV, "1").status()?;
            if status.success() {
                Ok(())
            } else {
                anyhow::bail!("the window closed with {status}")
            }
        }
        Err(e) => anyhow::bail!("the window could not open: {e}"),
    }
}
