//! The Timing view (Ctrl+T, or Timing… in the menu) of the file on screen: each frame's interval from the one before
//! it over media time (from the frames' PTS, bounded to a few thousand points with every gap kept), the declared and
//! the measured frame rate as reference lines, and the gaps, duplicate frames and PTS discontinuities marked. A click
//! on a mark or a point — or on a finding in the list under the plot — shows that frame. Duplicates need every frame
//! decoded, so they are looked for only when asked (in the background, with progress).

use egui::{Color32, RichText, Ui};
use egui_plot::{Corner, HLine, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, VLine};

use crate::media::timing::TimingReport;
use crate::player::duplicate_scan::ScanState;
use crate::player::timing_points::{discontinuity_words, duplicate_words, gap_words};
use crate::player::{Player, PlayerCommand, Timeline};
use crate::ui::app::commands::{UiCommand, WindowCommand};
use crate::ui::style::{DISCONTINUITY_COLOUR, DUPLICATE_COLOUR, GAP_COLOUR};
use crate::ui::windows::timing_state::{MarkKind, TimingWindow};

/// The plot's height over the longest interval, leaving the legend's corner empty.
const LEGEND_HEADROOM: f64 = 1.6;
/// Findings listed under the plot at most (the plot marks every one).
const LISTED_FINDINGS: usize = 200;

/// The Timing window for `player`'s file.
pub fn timing_ui(ctx: &egui::Context, state: &mut TimingWindow, player: &Player) -> Vec<UiCommand> {
    let mut out = Vec::new();
    let Some(timeline) = player.timeline() else { return out };
    let name = player.path().file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut open = state.open;
    egui::Window::new(format!("Timing — {name}"))
        .id(egui::Id::unique("timing-view"))
        .open(&mut open)
        // Right of where the Measure window opens, so the two can be used side by side.
        .default_pos([592.0, 52.0])
        .default_width(820.0)
        .default_height(560.0)
        .show(ctx, |ui| {
            let Some(report) = state.report().cloned() else {
                ui.spinner();
                return;
            };
            summary_ui(ui, &report);
            out.extend(duplicates_ui(ui, state));
            out.extend(plot_ui(ui, state, timeline, &report, player.frame_on_screen()));
            out.extend(findings_ui(ui, &report));
        });
    if !open {
        out.push(UiCommand::Window(WindowCommand::CloseTiming));
    }
    if matches!(state.scan().0, Some(ScanState::Running { .. })) {
        ctx.request_repaint_after(std::time::Duration::from_millis(200));
    }
    out
}

fn fps_text(fps: Option<f64>) -> String {
    fps.map_or_else(|| "unknown".to_owned(), |f| format!("{f:.3} fps"))
}

fn summary_ui(ui: &mut Ui, report: &TimingReport) {
    ui.label(format!(
        "{} frames{} · interval median {:.3} ms (min {:.3}, max {:.3}) · declared {} · measured {} · variable frame \
         rate: {}",
        report.frame_count,
        match report.frames_without_pts {
            0 => String::new(),
            n => format!(" ({n} without PTS)"),
        },
        report.median_interval_secs * 1000.0,
        report.min_interval_secs * 1000.0,
        report.max_interval_secs * 1000.0,
        fps_text(report.declared_fps),
        fps_text(report.measured_fps),
        if report.variable_frame_rate { "yes" } else { "no" },
    ));
    ui.label(
        RichText::new(
            "Click a mark or a point to go to its frame; drag to pan, wheel to zoom, double-click to see it all.",
        )
        .weak(),
    );
}

/// The duplicate-frame line: found runs, the pass's progress, or the button that starts it.
fn duplicates_ui(ui: &mut Ui, state: &TimingWindow) -> Option<UiCommand> {
    let mut out = None;
    ui.horizontal(|ui| {
        let (scan, error) = state.scan();
        match scan {
            None => {
                ui.label("Duplicate frames: not looked for yet.");
                let hint = "Decodes every frame once in the background (as `claimframe timing` does) and compares them";
                if ui.button("Find duplicate frames").on_hover_text(hint).clicked() {
                    out = Some(UiCommand::Window(WindowCommand::FindDuplicateFrames));
                }
            }
            Some(ScanState::Running { done, of }) => {
                ui.label("Looking for duplicate frames:");
                let fraction = done as f32 / of.max(1) as f32;
                ui.add(egui::ProgressBar::new(fraction).desired_width(240.0).text(format!("{done} of {of} frames")));
            }
            Some(ScanState::Done(_)) => {
                let runs = state.report().map_or(0, |r| r.duplicates.len());
                ui.label(format!("Duplicate frames (identical pictures): {runs} run(s)."));
            }
            Some(ScanState::Failed(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("Duplicate frames not found: {e}"));
            }
        }
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    });
    out
}

/// The plot, and the frame a click on it goes to.
fn plot_ui(
    ui: &mut Ui,
    state: &mut TimingWindow,
    timeline: &Timeline,
    report: &TimingReport,
    on_screen: usize,
) -> Option<UiCommand> {
    let in_view = state.frames_in_view(timeline);
    // Steps: each interval drawn flat from the frame before to its frame, so a gap reads as a gap, not a ramp.
    let line: Vec<[f64; 2]> = state
        .points_for(timeline, in_view)
        .iter()
        .flat_map(|p| [[p.from_secs, p.interval_ms], [p.secs, p.interval_ms]])
        .collect();
    let marks_of = |kind: MarkKind| -> Vec<[f64; 2]> {
        state.marks().iter().filter(|m| m.kind == kind).map(|m| [m.at.x, m.at.y]).collect()
    };
    let (gaps, duplicates, jumps) =
        (marks_of(MarkKind::Gap), marks_of(MarkKind::Duplicate), marks_of(MarkKind::Discontinuity));
    let rate_line = |name: &str, fps: Option<f64>| {
        fps.filter(|f| *f > 0.0).map(|f| HLine::new(format!("{name} {f:.3} fps ({:.3} ms)", 1000.0 / f), 1000.0 / f))
    };
    let declared = rate_line("declared", report.declared_fps);
    let measured = rate_line("measured", report.measured_fps);
    let playhead_secs = timeline.secs_of(on_screen);
    let frame_at = |secs: f64| timeline.frame_at_secs(secs);
    let response = Plot::new("timing-plot")
        .height((ui.available_height() - 150.0).clamp(180.0, 480.0))
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label("media time (s)")
        .y_axis_label("frame interval (ms)")
        .include_y(0.0)
        // Headroom, so the legend never covers the longest interval's mark.
        .include_y(report.max_interval_secs * 1000.0 * LEGEND_HEADROOM)
        .label_formatter(move |hover| {
            let at = match hover {
                egui_plot::HoverPosition::NearDataPoint { position, .. } => position,
                egui_plot::HoverPosition::Elsewhere { position } => position,
            };
            Some(format!("frame {} · {:.3} s\n{:.3} ms", frame_at(at.x), at.x, at.y))
        })
        .show(ui, |plot| {
            // Already bounded (min and max per bucket): drawn as it is, not banded again.
            let intervals = Line::new("frame interval", PlotPoints::new(line)).allow_band(false);
            plot.line(intervals.color(Color32::from_rgb(110, 170, 255)));
            if let Some(l) = declared {
                plot.hline(l.color(Color32::from_gray(170)).style(LineStyle::dashed_loose()));
            }
            if let Some(l) = measured {
                plot.hline(l.color(Color32::from_rgb(120, 200, 120)).style(LineStyle::dotted_loose()));
            }
            plot.vline(VLine::new("frame on screen", playhead_secs).color(Color32::from_rgb(250, 200, 60)));
            for (name, shape, colour, marks) in [
                ("gap (> 2× median interval)", MarkerShape::Diamond, GAP_COLOUR, gaps),
                ("duplicate frames", MarkerShape::Square, DUPLICATE_COLOUR, duplicates),
                ("PTS discontinuity", MarkerShape::Cross, DISCONTINUITY_COLOUR, jumps),
            ] {
                if !marks.is_empty() {
                    plot.points(Points::new(name, marks).shape(shape).radius(6.0).color(colour).filled(true));
                }
            }
        });
    state.set_transform(response.transform);
    let pos = response.response.clicked().then(|| response.response.interact_pointer_pos()).flatten()?;
    let frame = state.frame_at_click(timeline, pos)?;
    Some(UiCommand::Player(PlayerCommand::GoToFrame(frame)))
}

/// Every finding in words, each a button that shows its frame.
fn findings_ui(ui: &mut Ui, report: &TimingReport) -> Option<UiCommand> {
    let mut lines: Vec<(usize, Color32, String)> = Vec::new();
    lines.extend(report.gaps.iter().map(|g| (g.frame, GAP_COLOUR, gap_words(g))));
    lines.extend(report.duplicates.iter().map(|d| (d.first_frame + 1, DUPLICATE_COLOUR, duplicate_words(d))));
    lines.extend(report.discontinuities.iter().map(|d| (d.frame, DISCONTINUITY_COLOUR, discontinuity_words(d))));
    lines.sort_by_key(|(frame, _, _)| *frame);
    if lines.is_empty() {
        ui.label("No gaps, duplicate frames or PTS discontinuities found.");
        return None;
    }
    let mut out = None;
    ui.label(RichText::new(format!("{} finding(s)", lines.len())).strong());
    egui::ScrollArea::vertical().id_salt("timing-findings").max_height(130.0).show(ui, |ui| {
        for (frame, colour, words) in lines.iter().take(LISTED_FINDINGS) {
            if ui.button(RichText::new(words).color(*colour)).on_hover_text("Show this frame").clicked() {
                out = Some(UiCommand::Player(PlayerCommand::GoToFrame(*frame)));
            }
        }
        if lines.len() > LISTED_FINDINGS {
            ui.weak(format!("… and {} more, all marked on the plot", lines.len() - LISTED_FINDINGS));
        }
    });
    out
}
