//! `claimframe bench ui`: drives the window's real UI (`root_ui`, exactly what the window runs each frame) without a
//! display, on a case of N events over long footage, and measures the UI thread's CPU time per frame — layout,
//! drawing commands and tessellation, no GPU — with the timeline zoomed out and zoomed in, paused and playing.
//! Then the longest frame (wall clock) while the case is saved (with an edit made while the file is written), while
//! another case of N events opens, and while **New case…** hashes and indexes a 10-minute 1080p file: all three run
//! on their own thread, so the window's frames stay short.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::case::{save_case, Edit, SaveOptions};
use crate::desk::DeskCommand;
use crate::player::PlayerCommand;
use crate::sample::long_footage::{ensure_long_footage, LONG_FPS};
use crate::sample::synthetic_case;
use crate::ui::app::ClaimFrameApp;
use crate::ui::panels::timeline::zoom::{Viewport, MAX_PX_PER_FRAME};

/// What to measure.
#[derive(Clone, Debug)]
pub struct UiBenchOptions {
    pub events: usize,
    /// Length of the generated footage.
    pub minutes: u32,
    /// Frames measured per scenario.
    pub frames: usize,
    pub width_px: f32,
    pub height_px: f32,
    /// Where the footage (kept between runs) and the case are written.
    pub work_dir: PathBuf,
}

/// CPU milliseconds per UI frame in one scenario.
#[derive(Clone, Debug)]
pub struct ScenarioFigures {
    /// Short machine name, e.g. `zoomed_in_playing`.
    pub key: &'static str,
    pub name: &'static str,
    pub median_millis: f64,
    pub p95_millis: f64,
    pub max_millis: f64,
    /// Median number of triangles-and-text primitives tessellated per frame.
    pub median_primitives: usize,
    /// Frames the playhead moved during the scenario (0 when paused).
    pub playhead_moved_frames: usize,
}

/// The longest UI frames while a case is saved, opens or is made on its own thread.
#[derive(Clone, Debug)]
pub struct OpeningFigures {
    /// Short machine name: `save_case`, `open_case` or `new_case`.
    pub key: &'static str,
    pub name: String,
    /// The longest frame by the wall clock (what a person sees), the call that starts the work included.
    pub longest_frame_millis: f64,
    /// The longest frame's CPU time on the UI thread.
    pub longest_frame_cpu_millis: f64,
    /// Frames drawn from the start until the work was done (the case on screen with its first picture, or saved).
    pub frames: usize,
    /// From the start until the work was done.
    pub total_millis: f64,
}

/// Everything `claimframe bench ui` measures.
#[derive(Clone, Debug)]
pub struct UiBenchFigures {
    pub scenarios: Vec<ScenarioFigures>,
    pub opening: Vec<OpeningFigures>,
}

/// The calling thread's CPU time so far.
fn thread_cpu_secs() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

struct Driver {
    ctx: egui::Context,
    app: ClaimFrameApp,
    started: Instant,
    size: egui::Vec2,
    pointer_x: f32,
}

impl Driver {
    /// One frame as the window would run it; returns (CPU seconds, primitives).
    fn frame(&mut self) -> (f64, usize) {
        // The pointer sweeps over the timeline so hover work is included.
        self.pointer_x = (self.pointer_x + 37.0) % self.size.x;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)),
            time: Some(self.started.elapsed().as_secs_f64()),
            events: vec![egui::Event::PointerMoved(egui::pos2(self.pointer_x, self.size.y - 120.0))],
            ..Default::default()
        };
        let cpu_before = thread_cpu_secs();
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| app.root_ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        (thread_cpu_secs() - cpu_before, primitives.len())
    }

    fn shown_frame(&self) -> Option<usize> {
        self.app.player().and_then(|p| p.shown_frame())
    }

    fn now_secs(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

/// Writes the footage (once) and a fresh case of `events` events over it; returns the case path.
fn prepare(opts: &UiBenchOptions) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(&opts.work_dir).with_context(|| format!("cannot create {}", opts.work_dir.display()))?;
    let footage = opts.work_dir.join(format!("footage-{}min.mp4", opts.minutes));
    if !footage.exists() {
        eprintln!("bench ui: writing {} minutes of plain footage to {} (once)…", opts.minutes, footage.display());
    }
    ensure_long_footage(&footage, opts.minutes)?;
    let frame_count = u64::from(opts.minutes * 60 * LONG_FPS);
    let mut case = synthetic_case(opts.events);
    for media in case.media.values_mut() {
        media.path_relative = footage.file_name().map(PathBuf::from).unwrap_or_default();
        media.last_absolute_path = footage.clone();
        media.sha256.clear();
    }
    for event in case.events.values_mut() {
        let length = event.end.map(|e| e.frame - event.start.frame);
        event.start.frame %= frame_count;
        if let (Some(end), Some(length)) = (event.end.as_mut(), length) {
            end.frame = (event.start.frame + length).min(frame_count - 1);
        }
    }
    let case_path = opts.work_dir.join(format!("bench-{}.case.ron", opts.events));
    for stale in [case_path.clone(), crate::case::journal_path(&case_path)] {
        if stale.exists() {
            std::fs::remove_file(&stale).with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    save_case(&case_path, &case, SaveOptions::default(), None)?;
    Ok(case_path)
}

/// Opens the case in a headless window and waits for the first picture.
fn open(case_path: &Path, opts: &UiBenchOptions) -> anyhow::Result<Driver> {
    let mut driver = Driver {
        ctx: egui::Context::default(),
        app: ClaimFrameApp::headless(case_path),
        started: Instant::now(),
        size: egui::vec2(opts.width_px, opts.height_px),
        pointer_x: 0.0,
    };
    if let Some(failure) = driver.app.failure() {
        bail!("the benchmark case did not open: {failure}");
    }
    let deadline = Instant::now() + Duration::from_secs(600);
    while driver.shown_frame().is_none() || driver.app.desk().is_none() {
        if Instant::now() > deadline {
            bail!("the benchmark footage did not show a frame within 10 minutes");
        }
        driver.frame();
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(driver)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Runs `opts.frames` frames at about 60 per second after a short warm-up and summarises them.
fn measure(driver: &mut Driver, key: &'static str, name: &'static str, frames: usize) -> ScenarioFigures {
    for _ in 0..20 {
        driver.frame();
        std::thread::sleep(Duration::from_millis(16));
    }
    let first = driver.shown_frame().unwrap_or(0);
    let mut cpu_millis = Vec::with_capacity(frames);
    let mut primitives = Vec::with_capacity(frames);
    for _ in 0..frames {
        let tick = Instant::now();
        let (cpu, prims) = driver.frame();
        cpu_millis.push(cpu * 1000.0);
        primitives.push(prims);
        std::thread::sleep(Duration::from_millis(16).saturating_sub(tick.elapsed()));
    }
    let moved = driver.shown_frame().unwrap_or(0).abs_diff(first);
    primitives.sort_unstable();
    let median_primitives = primitives.get(primitives.len() / 2).copied().unwrap_or(0);
    ScenarioFigures { playhead_moved_frames: moved, ..spread(key, name, cpu_millis, median_primitives) }
}

/// Prepares the case, opens it and measures the scenarios, then opening another case of as many events and making a
/// new case for a 10-minute 1080p file.
pub fn bench_ui(opts: &UiBenchOptions) -> anyhow::Result<UiBenchFigures> {
    let case_path = prepare(opts)?;
    let mut driver = open(&case_path, opts)?;
    let mut figures = Vec::new();
    let frame_count = driver.app.player().and_then(|p| p.timeline()).map_or(0, |t| t.frame_count());
    let middle = frame_count / 2;

    driver.app.apply_player_command(PlayerCommand::GoToFrame(middle));
    let now = driver.now_secs();
    driver.app.set_timeline_viewport(Viewport { first_frame: 0.0, px_per_frame: 0.0 }, now);
    figures.push(measure(&mut driver, "zoomed_out_paused", "zoomed out (whole file), paused", opts.frames));
    driver.app.apply_player_command(PlayerCommand::TogglePlay);
    figures.push(measure(&mut driver, "zoomed_out_playing", "zoomed out (whole file), playing", opts.frames));
    driver.app.apply_player_command(PlayerCommand::Pause);

    let now = driver.now_secs();
    let at = driver.shown_frame().unwrap_or(middle) as f64;
    driver.app.set_timeline_viewport(Viewport { first_frame: at - 10.0, px_per_frame: MAX_PX_PER_FRAME }, now);
    figures.push(measure(&mut driver, "zoomed_in_paused", "zoomed in (40 px per frame), paused", opts.frames));
    driver.app.apply_player_command(PlayerCommand::TogglePlay);
    figures.push(measure(&mut driver, "zoomed_in_playing", "zoomed in (40 px per frame), playing", opts.frames));
    driver.app.apply_player_command(PlayerCommand::Pause);
    figures.extend(measure_edits(&mut driver, 20));

    let mut opening = vec![measure_save(&mut driver, opts, false)?];
    opening.push(measure_save(&mut driver, opts, true)?);
    opening.push(measure_open_case(&mut driver, &case_path, opts)?);
    opening.push(measure_new_case(&mut driver, opts)?);
    Ok(UiBenchFigures { scenarios: figures, opening })
}

/// A copy of the benchmark case at another path is opened while the first one is on screen.
fn measure_open_case(driver: &mut Driver, case_path: &Path, opts: &UiBenchOptions) -> anyhow::Result<OpeningFigures> {
    let copy = opts.work_dir.join(format!("bench-{}-copy.case.ron", opts.events));
    remove_case_files(&copy)?;
    std::fs::copy(case_path, &copy).with_context(|| format!("cannot copy the case to {}", copy.display()))?;
    let name = format!("open a {}-event case (over the one on screen)", opts.events);
    measure_opening(driver, "open_case", name, &copy, |app| app.open(&copy))
}

/// A 10-minute 1080p file is opened bare, then **New case…** writes and opens a case for it.
fn measure_new_case(driver: &mut Driver, opts: &UiBenchOptions) -> anyhow::Result<OpeningFigures> {
    const MINUTES: u32 = 10;
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache/bench-ui");
    let video = cache.join(format!("footage-1080p-{MINUTES}min.mp4"));
    if !video.exists() {
        eprintln!("bench ui: writing {MINUTES} minutes of 1080p footage to {} (once)…", video.display());
    }
    crate::sample::hd_footage::ensure_hd_footage(&video, MINUTES)?;
    driver.app.open(&video);
    let deadline = Instant::now() + Duration::from_secs(600);
    while driver.shown_frame().is_none() || driver.app.desk().is_some() {
        if let Some(failure) = driver.app.failure() {
            bail!("the 1080p footage did not open: {failure}");
        }
        if Instant::now() > deadline {
            bail!("the 1080p footage did not show a frame within 10 minutes");
        }
        driver.frame();
        std::thread::sleep(Duration::from_millis(10));
    }
    let case = opts.work_dir.join("bench-new-case.case.ron");
    remove_case_files(&case)?;
    let name = format!("New case... on a {MINUTES}-minute 1080p file (hashed and indexed)");
    measure_opening(driver, "new_case", name, &case, |app| app.create_case_for_video(&case))
}

/// Removes a case file left by an earlier run, with its journal and lock.
fn remove_case_files(case: &Path) -> anyhow::Result<()> {
    for stale in [case.to_path_buf(), crate::case::journal_path(case), crate::case::lock_path(case)] {
        if stale.exists() {
            std::fs::remove_file(&stale).with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    Ok(())
}

/// Ctrl+S on the case on screen (first with the benchmark's edits unsaved), and, when `edit_meanwhile`, one note
/// changed in the next frame while the case's text is being made (that edit works on its own copy of the case:
/// the copy is on the UI thread, and is part of the figure).
fn measure_save(driver: &mut Driver, opts: &UiBenchOptions, edit_meanwhile: bool) -> anyhow::Result<OpeningFigures> {
    let id = driver.app.desk().and_then(|d| d.case().events.keys().nth(1).cloned());
    let mut edit =
        id.and_then(|id| driver.app.desk().and_then(|d| d.case().events.get(&id).cloned())).filter(|_| edit_meanwhile);
    let (key, name) = match edit_meanwhile {
        false => ("save_case", format!("save the {}-event case (Ctrl+S)", opts.events)),
        true => (
            "save_case_edited",
            format!("save the {}-event case (Ctrl+S), a note changed in the next frame", opts.events),
        ),
    };
    let figures = longest_frames(
        driver,
        key,
        name,
        |app| app.apply_desk(DeskCommand::Save),
        |app| {
            if app.desk().is_some_and(|d| d.is_saving()) {
                if let Some(mut event) = edit.take() {
                    event.note = "changed while the case was being saved".into();
                    app.apply_desk(DeskCommand::Edit(Edit::UpdateEvent(Box::new(event))));
                }
            }
        },
        |driver| Ok(driver.app.desk().is_some_and(|d| !d.is_saving())),
    )?;
    match driver.app.desk().and_then(|d| d.notice()) {
        Some(notice) if notice.is_error => bail!("the benchmark case was not saved: {}", notice.text),
        _ => Ok(figures),
    }
}

/// Frames at about 60 per second from the one that calls `start` until the case at `target` is on screen with
/// its first picture, and 30 more (the panels' first frames over the new case are part of opening it).
fn measure_opening(
    driver: &mut Driver,
    key: &'static str,
    name: String,
    target: &Path,
    start: impl FnOnce(&mut ClaimFrameApp),
) -> anyhow::Result<OpeningFigures> {
    let failed = name.clone();
    longest_frames(
        driver,
        key,
        name,
        start,
        |_| {},
        |driver| {
            let app = &driver.app;
            if app.opening().is_none() {
                if let Some(failure) = app.failure() {
                    bail!("{failed}: {failure}");
                }
            }
            Ok(app.opening().is_none()
                && app.desk().is_some_and(|d| d.path() == target)
                && driver.shown_frame().is_some())
        },
    )
}

/// Frames at about 60 per second from the one that calls `start` (`each` is called before every later one) until
/// `done` says the work is done, and 30 more; the longest of them.
fn longest_frames(
    driver: &mut Driver,
    key: &'static str,
    name: String,
    start: impl FnOnce(&mut ClaimFrameApp),
    mut each: impl FnMut(&mut ClaimFrameApp),
    done: impl Fn(&Driver) -> anyhow::Result<bool>,
) -> anyhow::Result<OpeningFigures> {
    const FRAMES_AFTER: usize = 30;
    let began = Instant::now();
    let deadline = began + Duration::from_secs(600);
    let mut start = Some(start);
    let (mut longest_wall, mut longest_cpu, mut frames, mut after) = (0.0f64, 0.0f64, 0, 0);
    let mut total_millis = None;
    while after < FRAMES_AFTER {
        let tick = Instant::now();
        let cpu_before = thread_cpu_secs();
        match start.take() {
            Some(start) => start(&mut driver.app),
            None => each(&mut driver.app),
        }
        driver.frame();
        longest_wall = longest_wall.max(tick.elapsed().as_secs_f64() * 1000.0);
        longest_cpu = longest_cpu.max((thread_cpu_secs() - cpu_before) * 1000.0);
        if done(driver)? {
            total_millis.get_or_insert(began.elapsed().as_secs_f64() * 1000.0);
            after += 1;
        } else {
            frames += 1;
        }
        if Instant::now() > deadline {
            bail!("{name}: not done within 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(16).saturating_sub(tick.elapsed()));
    }
    Ok(OpeningFigures {
        key,
        name,
        longest_frame_millis: longest_wall,
        longest_frame_cpu_millis: longest_cpu,
        frames,
        total_millis: total_millis.unwrap_or(0.0),
    })
}

/// The frame after an edit pays for re-indexing what the panels show (lanes, table rows, claim tallies): `edits`
/// notes are changed, one per frame, and those frames are measured. The edit itself (applied, hashed into the
/// audit chain, its journal line fsync'd) is measured apart, as the UI thread's CPU time for it.
fn measure_edits(driver: &mut Driver, edits: usize) -> [ScenarioFigures; 2] {
    let ids: Vec<_> = driver
        .app
        .desk()
        .map(|d| d.case().events.keys().step_by(997).take(edits).cloned().collect())
        .unwrap_or_default();
    let mut frame_millis = Vec::with_capacity(ids.len());
    let mut edit_millis = Vec::with_capacity(ids.len());
    let mut primitives = Vec::with_capacity(ids.len());
    for (n, id) in ids.into_iter().enumerate() {
        let Some(mut event) = driver.app.desk().and_then(|d| d.case().events.get(&id).cloned()) else { continue };
        event.note = format!("benchmark edit {n}");
        let cpu_before = thread_cpu_secs();
        driver.app.apply_desk(DeskCommand::Edit(Edit::UpdateEvent(Box::new(event))));
        edit_millis.push((thread_cpu_secs() - cpu_before) * 1000.0);
        let (cpu, prims) = driver.frame();
        frame_millis.push(cpu * 1000.0);
        primitives.push(prims);
        for _ in 0..5 {
            driver.frame();
            std::thread::sleep(Duration::from_millis(16));
        }
    }
    primitives.sort_unstable();
    let median_primitives = primitives.get(primitives.len() / 2).copied().unwrap_or(0);
    [
        spread("frame_after_edit", "first frame after an edit (one note changed)", frame_millis, median_primitives),
        spread("edit_itself", "the edit itself (applied, hashed into the audit chain, journalled)", edit_millis, 0),
    ]
}

/// Median, 95th percentile and maximum of `millis` (the playhead not moved; [`measure`] says how far it did).
fn spread(key: &'static str, name: &'static str, mut millis: Vec<f64>, median_primitives: usize) -> ScenarioFigures {
    millis.sort_by(f64::total_cmp);
    ScenarioFigures {
        key,
        name,
        median_millis: percentile(&millis, 0.5),
        p95_millis: percentile(&millis, 0.95),
        max_millis: millis.last().copied().unwrap_or(0.0),
        median_primitives,
        playhead_moved_frames: 0,
    }
}
