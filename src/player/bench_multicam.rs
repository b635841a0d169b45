//! A camera grid measured without a window: the files open as cameras of one wall clock, the first one focused (a
//! silent [`Player`] on the system clock), and a loop standing in for the screen's repaints drives
//! [`SyncedViews`] exactly as the window does, sleeping until the next picture of any view is due (at most
//! [`MAX_REPAINT_GAP`]). Figures: each view's share of frames on time while playing at 1x, how often a view showed a
//! frame from after the wall clock, time until every view is exact after a seek while paused, and peak memory.
//!
//! When a frame is due and when it is on time, for every view alike: the loop records the wall clock at each
//! update; a frame is *due* at the system time the wall clock reached the frame's wall-clock time (interpolated
//! between the two updates around it — the clock runs linearly between them), and *on time* when its picture went
//! on screen before the next frame of the same camera was due (at least one typical frame interval after its own
//! due time). Frames whose window had not closed when playing stopped are not counted; the first frame on screen
//! when playing started is not either. For the focused view this is the count of `bench playback`: its wall clock
//! is its playback clock through its clock map.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::case::{format_rfc3339_micros, parse_rfc3339_micros, Media, MediaId, WallClockMapping};

use super::bench::{next_rand, peak_rss_mib};
use super::command::PlayerCommand;
use super::playback::{Opening, Player, PlayerOptions};
use super::synced::{SyncedViews, View};

/// Longest sleep between two updates while playing: a 60 Hz screen repaints at least this often.
pub const MAX_REPAINT_GAP: Duration = Duration::from_millis(16);

/// How often the loop updates while a view is on its way (the window repaints every 5 ms then).
const UNSETTLED_POLL: Duration = Duration::from_millis(5);

/// Longest wait for the files to open, and for the grid to become exact after one seek.
const OPEN_TIMEOUT: Duration = Duration::from_secs(600);
const SEEK_TIMEOUT: Duration = Duration::from_secs(10);

/// The wall-clock time camera 0's first frame maps to (any instant would do).
const ORIGIN_UTC: &str = "2031-04-17T21:02:00Z";

/// What to measure.
#[derive(Clone, Debug)]
pub struct MulticamOptions {
    /// Seconds to play at 1x, from the start of the time every camera covers.
    pub play_secs: f64,
    /// Seeks while paused, to random wall-clock times every camera covers.
    pub seeks: usize,
    pub seed: u64,
    /// Camera k's media time 0 is at the origin plus k times this on the wall clock.
    pub stagger_millis: i64,
}

impl Default for MulticamOptions {
    fn default() -> Self {
        MulticamOptions { play_secs: 20.0, seeks: 10, seed: 1, stagger_millis: 1000 }
    }
}

/// One view's figures while playing.
#[derive(Clone, Debug, Default)]
pub struct ViewFigures {
    pub path: PathBuf,
    pub frames_due: usize,
    pub frames_on_time: usize,
    /// Due frames whose picture never went on screen.
    pub frames_skipped: usize,
    pub late_median_millis: f64,
    pub late_worst_millis: f64,
    /// Updates at which the wall clock was inside this camera's footage but the view had no picture to draw.
    pub blank_updates: usize,
}

impl ViewFigures {
    pub fn on_time_pct(&self) -> f64 {
        if self.frames_due == 0 {
            return 0.0;
        }
        100.0 * self.frames_on_time as f64 / self.frames_due as f64
    }
}

/// The grid's figures.
#[derive(Clone, Debug, Default)]
pub struct MulticamFigures {
    /// Seconds from opening until every view showed its first exact picture.
    pub open_secs: f64,
    /// Seconds actually played (the common coverage may be shorter than asked).
    pub played_secs: f64,
    /// Updates of the grid while playing.
    pub updates: usize,
    /// View 0 is the focused camera, then the others in order.
    pub views: Vec<ViewFigures>,
    /// (update, following view) pairs at which the view's picture was a frame from after the wall clock.
    pub frames_after_wall_clock: usize,
    /// Per seek while paused: milliseconds until every view showed exactly its frame (`None`: not within
    /// [`SEEK_TIMEOUT`]).
    pub seek_exact_millis: Vec<Option<f64>>,
    /// Per seek: milliseconds until the focused view showed its frame (the others follow its frame on screen).
    pub seek_focused_millis: Vec<f64>,
    pub peak_rss_mib: Option<f64>,
}

impl MulticamFigures {
    /// The worst of the views other than the focused one, with its place in [`Self::views`].
    pub fn worst_other(&self) -> Option<(usize, &ViewFigures)> {
        self.views.iter().enumerate().skip(1).min_by(|a, b| a.1.on_time_pct().total_cmp(&b.1.on_time_pct()))
    }

    /// Milliseconds until exact, over the seeks that got there, sorted.
    fn exact_sorted(&self) -> Vec<f64> {
        sorted(self.seek_exact_millis.iter().flatten().copied())
    }

    pub fn exact_median_millis(&self) -> Option<f64> {
        let v = self.exact_sorted();
        v.get(v.len() / 2).copied()
    }

    pub fn exact_worst_millis(&self) -> Option<f64> {
        self.exact_sorted().last().copied()
    }

    pub fn focused_median_millis(&self) -> Option<f64> {
        let v = sorted(self.seek_focused_millis.iter().copied());
        v.get(v.len() / 2).copied()
    }

    pub fn seeks_not_exact(&self) -> usize {
        self.seek_exact_millis.iter().filter(|m| m.is_none()).count()
    }
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v
}

/// One update while playing: when it ran, the wall clock then, and what each view put on screen.
struct Sample {
    now_secs: f64,
    wall_micros: i64,
}

/// Opens `paths` as cameras of one wall clock (the first focused), plays, seeks and measures.
pub fn measure(paths: &[PathBuf], options: &MulticamOptions) -> anyhow::Result<MulticamFigures> {
    if paths.len() < 2 {
        anyhow::bail!("a camera grid needs at least two files");
    }
    let origin = parse_rfc3339_micros(ORIGIN_UTC).ok_or_else(|| anyhow::anyhow!("bad origin {ORIGIN_UTC}"))?;
    let cameras: Vec<(Media, PathBuf)> = paths
        .iter()
        .enumerate()
        .map(|(k, path)| (camera_media(k, origin + k as i64 * options.stagger_millis * 1000), path.clone()))
        .collect();
    let opened_at = Instant::now();
    let mut player = Player::open(&paths[0], PlayerOptions { audio: false, background: false })?;
    let mut views = SyncedViews::new(cameras, 0);
    settle(&mut player, &mut views, OPEN_TIMEOUT)?;
    let mut figures = MulticamFigures { open_secs: opened_at.elapsed().as_secs_f64(), ..Default::default() };

    let (common_from, common_to) = common_coverage(&views)?;
    let Some((_, start_frame)) = views.seek_target(common_from) else {
        anyhow::bail!("the focused camera has no frame where every camera has footage");
    };
    player.apply(PlayerCommand::GoToFrame(start_frame), player.now_secs());
    settle(&mut player, &mut views, OPEN_TIMEOUT)?;
    play(&mut player, &mut views, common_to, options.play_secs, &mut figures)?;
    player.apply(PlayerCommand::Pause, player.now_secs());
    settle(&mut player, &mut views, SEEK_TIMEOUT)?;

    let mut state = options.seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let span_micros = (common_to - common_from - 1).max(1) as u64;
    for _ in 0..options.seeks {
        let wall = common_from + (next_rand(&mut state) % span_micros) as i64;
        let Some((camera, frame)) = views.seek_target(wall) else { continue };
        if camera != views.focused() {
            continue; // inside the common coverage the focused camera always has footage
        }
        let (focused, exact) = seek(&mut player, &mut views, frame);
        figures.seek_focused_millis.extend(focused);
        figures.seek_exact_millis.push(exact);
    }
    figures.peak_rss_mib = peak_rss_mib();
    Ok(figures)
}

/// Camera `k`'s media record: its media time 0 at `origin_micros` on the wall clock.
fn camera_media(k: usize, origin_micros: i64) -> Media {
    Media {
        id: MediaId::new(format!("camera-{}", k + 1)),
        wall_clock: Some(WallClockMapping { origin: Some(format_rfc3339_micros(origin_micros)), ..Default::default() }),
        ..Default::default()
    }
}

/// The wall-clock span every camera covers.
fn common_coverage(views: &SyncedViews) -> anyhow::Result<(i64, i64)> {
    let spans: Vec<(i64, i64)> = views.cameras().iter().filter_map(|c| c.coverage_micros()).collect();
    let from = spans.iter().map(|s| s.0).max();
    let to = spans.iter().map(|s| s.1).min();
    match (from, to) {
        (Some(from), Some(to)) if spans.len() == views.len() && from < to => Ok((from, to)),
        _ => anyhow::bail!("the cameras share no wall-clock time"),
    }
}

/// Updates the player and the grid until both are settled and every view is exact.
fn settle(player: &mut Player, views: &mut SyncedViews, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let now = player.now_secs();
        player.update(now);
        views.update(player, now);
        if let Opening::Failed(message) = player.opening() {
            anyhow::bail!("{}: {message}", player.path().display());
        }
        if let Some(failed) = (0..views.len()).find_map(|i| views.failure(i)) {
            anyhow::bail!("{failed}");
        }
        if player.is_settled() && player.shown_frame().is_some() && views.is_exact() {
            return Ok(());
        }
        if Instant::now() > deadline {
            anyhow::bail!("the grid was not exact within {} s", timeout.as_secs());
        }
        std::thread::sleep(UNSETTLED_POLL);
    }
}

/// Sends the focused camera to `frame` (paused) and updates until every view is exact. Returns the milliseconds
/// until the focused view showed its frame, and until every view was exact (`None`: not within [`SEEK_TIMEOUT`]).
fn seek(player: &mut Player, views: &mut SyncedViews, frame: usize) -> (Option<f64>, Option<f64>) {
    let started = Instant::now();
    let millis = || started.elapsed().as_secs_f64() * 1000.0;
    player.apply(PlayerCommand::GoToFrame(frame), player.now_secs());
    let mut focused = None;
    while started.elapsed() < SEEK_TIMEOUT {
        let now = player.now_secs();
        player.update(now);
        views.update(player, now);
        let shown = player.is_settled() && player.shown_frame() == Some(frame);
        if shown && focused.is_none() {
            focused = Some(millis());
        }
        if shown && views.is_exact() {
            return (focused, Some(millis()));
        }
        std::thread::sleep(UNSETTLED_POLL);
    }
    (focused, None)
}

/// Plays at 1x for `play_secs` (or until the wall clock reaches `until_wall_micros`) and counts per view.
fn play(
    player: &mut Player,
    views: &mut SyncedViews,
    until_wall_micros: i64,
    play_secs: f64,
    figures: &mut MulticamFigures,
) -> anyhow::Result<()> {
    let counts: Vec<usize> = (0..views.len()).map(|i| views.cameras().get(i).map_or(0, |c| c.frame_count())).collect();
    let mut shown_at: Vec<Vec<Option<f64>>> = counts.iter().map(|n| vec![None; *n]).collect();
    let mut first_on_screen: Vec<Option<usize>> = (0..views.len()).map(|i| on_screen(player, views, i)).collect();
    let mut blank = vec![0; views.len()];
    let mut samples = Vec::new();
    player.apply(PlayerCommand::SetSpeed(1.0), player.now_secs());
    let started = player.now_secs();
    player.apply(PlayerCommand::TogglePlay, started);
    while player.state().is_playing() {
        let now = player.now_secs();
        if let Some(p) = player.update(now) {
            mark(&mut shown_at[views.focused()], p.frame, now);
        }
        views.update(player, now);
        for index in (0..views.len()).filter(|i| *i != views.focused()) {
            if let (Some(frame), Some(slots)) = (views.picture(index).map(|p| p.frame), shown_at.get_mut(index)) {
                mark(slots, frame, now);
            }
        }
        let Some(wall) = views.wall_micros() else { anyhow::bail!("no wall clock while playing") };
        samples.push(Sample { now_secs: now, wall_micros: wall });
        for index in (0..views.len()).filter(|i| *i != views.focused()) {
            let Some(camera) = views.cameras().get(index) else { continue };
            match views.picture(index) {
                Some(p) if camera.wall_of(p.frame).is_some_and(|at| at > wall) => figures.frames_after_wall_clock += 1,
                None if matches!(views.view(index), View::Frame(_)) => blank[index] += 1,
                _ => {}
            }
        }
        for (slot, index) in first_on_screen.iter_mut().zip(0..) {
            if slot.is_none() {
                *slot = on_screen(player, views, index);
            }
        }
        if now - started >= play_secs || wall >= until_wall_micros {
            break;
        }
        let wait = views.secs_until_next_frame(player, player.now_secs()).unwrap_or(0.0);
        std::thread::sleep(Duration::from_secs_f64(wait).min(MAX_REPAINT_GAP));
    }
    figures.played_secs = player.now_secs() - started;
    figures.updates = samples.len();
    for index in 0..views.len() {
        let Some(camera) = views.cameras().get(index) else { continue };
        let walls: Vec<Option<i64>> = (0..camera.frame_count()).map(|f| camera.wall_of(f)).collect();
        let mut view = count_view(&walls, &shown_at[index], first_on_screen[index], &samples);
        view.path = views.path(index).map(Path::to_path_buf).unwrap_or_default();
        view.blank_updates = blank[index];
        figures.views.push(view);
    }
    Ok(())
}

/// The frame view `index` has on screen.
fn on_screen(player: &Player, views: &SyncedViews, index: usize) -> Option<usize> {
    if index == views.focused() {
        return player.shown_frame();
    }
    views.picture(index).map(|p| p.frame)
}

/// Records when `frame` first went on screen.
fn mark(slots: &mut [Option<f64>], frame: usize, now_secs: f64) {
    if let Some(slot) = slots.get_mut(frame) {
        slot.get_or_insert(now_secs);
    }
}

/// The system time at which the wall clock reached `wall_micros`, between the two updates around it.
fn due_secs(samples: &[Sample], wall_micros: i64) -> Option<f64> {
    let after = samples.iter().position(|s| s.wall_micros >= wall_micros)?;
    let (a, b) = (samples.get(after.checked_sub(1)?)?, samples.get(after)?);
    if b.wall_micros == a.wall_micros {
        return Some(b.now_secs);
    }
    let share = (wall_micros - a.wall_micros) as f64 / (b.wall_micros - a.wall_micros) as f64;
    Some(a.now_secs + share * (b.now_secs - a.now_secs))
}

/// One view's on-time count (see the module's paragraph): `walls` are its frames' wall-clock times, `shown_at`
/// when each first went on screen, `first` the frame on screen when playing started.
fn count_view(
    walls: &[Option<i64>],
    shown_at: &[Option<f64>],
    first: Option<usize>,
    samples: &[Sample],
) -> ViewFigures {
    let mut view = ViewFigures::default();
    let Some(end_secs) = samples.last().map(|s| s.now_secs) else { return view };
    let dues: Vec<Option<f64>> = walls.iter().map(|w| w.and_then(|w| due_secs(samples, w))).collect();
    let gaps = sorted(dues.windows(2).filter_map(|d| Some(d[1]? - d[0]?)));
    let typical_secs = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    let mut lates = Vec::new();
    for (frame, due) in dues.iter().enumerate() {
        let Some(due) = *due else { continue };
        if first.is_some_and(|f| frame <= f) {
            continue;
        }
        let allowed = dues.get(frame + 1).copied().flatten().map_or(typical_secs, |next| next - due).max(typical_secs);
        if due + allowed > end_secs {
            continue;
        }
        view.frames_due += 1;
        let Some(at) = shown_at.get(frame).copied().flatten() else {
            view.frames_skipped += 1;
            continue;
        };
        lates.push((at - due).max(0.0) * 1000.0);
        if at - due < allowed {
            view.frames_on_time += 1;
        }
    }
    let lates = sorted(lates.into_iter());
    view.late_median_millis = lates.get(lates.len() / 2).copied().unwrap_or(0.0);
    view.late_worst_millis = lates.last().copied().unwrap_or(0.0);
    view
}
