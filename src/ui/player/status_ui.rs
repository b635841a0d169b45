//! The status bar: what the file is, whether sound is heard (and why not), how many frames playback shows when
//! the machine cannot decode them all, background progress, the renderer, and the SHA-256 once computed (checked
//! against the case when opened from one).

use egui::RichText;

use crate::player::audio_out::AudioStatus;
use crate::player::playback::Background;
use crate::player::shown_rate::RateReport;

pub struct StatusView<'a> {
    pub summary: &'a str,
    /// The view's own quarter turns (Ctrl+R), in degrees: said, so nobody takes it for the recording's rotation.
    pub view_turn_deg: u16,
    pub audio: &'a AudioStatus,
    pub background: &'a Background,
    pub renderer: &'a str,
    pub expected_sha256: Option<&'a str>,
    pub muted: bool,
    /// The frame index being built: how far and what is being done.
    pub indexing: Option<(f32, &'a str)>,
    /// Where a damaged stream's frames start to be proven against a decode from the start.
    pub damaged_from: Option<usize>,
    /// While playing: what is shown per second beside what the clock passes.
    pub rate: Option<RateReport>,
    /// The picture is shown this many times smaller on each side than decoded (1: as decoded), and the largest
    /// texture side the graphics card takes.
    pub shown_shrunk: (u32, usize),
}

/// The sentence about a picture larger than the graphics card takes, when it is.
pub fn shrunk_sentence((factor, max_side_px): (u32, usize)) -> Option<String> {
    (factor > 1).then(|| {
        format!(
            "shown at 1/{factor} size: the picture is larger than this graphics card's largest texture \
             ({max_side_px} px); frames, stills and exports are at full size"
        )
    })
}

/// The sentence about frames left out while playing, when some are.
pub fn dropping_sentence(rate: &RateReport) -> Option<String> {
    rate.is_dropping().then(|| {
        format!(
            "showing {:.0} of {:.0} frames per second (decoding cannot keep up; the frames shown are exact)",
            rate.shown_fps, rate.clock_fps
        )
    })
}

/// The sentence about sound.
pub fn audio_sentence(audio: &AudioStatus, muted: bool) -> String {
    match audio {
        AudioStatus::Device(name) if muted => format!("Sound muted ({name})"),
        AudioStatus::Device(name) => format!("Sound: {name} (heard at 1x only)"),
        AudioStatus::NoDevice(_) => "Silent: no audio output device; playing on the system clock".into(),
        AudioStatus::Disabled => "Sound off; playing on the system clock".into(),
    }
}

pub fn status_ui(ui: &mut egui::Ui, v: &StatusView<'_>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(v.summary);
        if v.view_turn_deg != 0 {
            let words =
                format!("view turned {}° for viewing (Ctrl+R); frames and exports as recorded", v.view_turn_deg);
            ui.label(RichText::new(words).color(ui.visuals().warn_fg_color));
        }
        ui.separator();
        if let Some((fraction, what)) = v.indexing {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(format!("indexing: {what} {:.0}%", fraction * 100.0)),
            );
            ui.separator();
        }
        if let Some(from) = v.damaged_from {
            ui.label(
                RichText::new(format!(
                    "damaged stream: frames from {from} on proven against a sequential decode (single-threaded)"
                ))
                .color(ui.visuals().warn_fg_color),
            );
            ui.separator();
        }
        if let Some(sentence) = shrunk_sentence(v.shown_shrunk) {
            ui.label(RichText::new(sentence).color(ui.visuals().warn_fg_color));
            ui.separator();
        }
        if let Some(sentence) = v.rate.as_ref().and_then(dropping_sentence) {
            ui.label(RichText::new(sentence).color(ui.visuals().warn_fg_color));
            ui.separator();
        }
        let sound = ui.label(audio_sentence(v.audio, v.muted));
        if let AudioStatus::NoDevice(why) = v.audio {
            sound.on_hover_text(why.as_str());
        }
        if let Some(note) = &v.background.audio_note {
            ui.label(format!("({note})"));
        }
        ui.separator();
        if let Some((task, fraction)) = v.background.progress {
            ui.add(egui::ProgressBar::new(fraction).desired_width(120.0).text(format!(
                "{} {:.0}%",
                task.label(),
                fraction * 100.0
            )));
            ui.separator();
        }
        if let Some(hash) = &v.background.sha256 {
            let short = hash.get(..16).unwrap_or(hash);
            match v.expected_sha256 {
                Some(want) if crate::case::same_digest(want, hash) => {
                    ui.label(format!("SHA-256 {short}… matches the case"))
                }
                Some(_) => ui.label(
                    RichText::new(format!("SHA-256 {short}… DOES NOT MATCH the case"))
                        .color(ui.visuals().error_fg_color),
                ),
                None => ui.label(format!("SHA-256 {short}…")),
            }
            .on_hover_text(hash.as_str());
            ui.separator();
        }
        ui.label(RichText::new(format!("renderer: {}", v.renderer)).weak());
    });
}
