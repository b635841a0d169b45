//! Playback measured without a window: the real decode thread and presentation logic, driven by a loop that
//! stands in for the screen's repaints. Figures: share of frames presented on time, latency of a step back,
//! peak memory while playing (sound streamed and waveform built in the background, as in the app), and time from
//! opening to the first picture.

use std::path::Path;
use std::time::{Duration, Instant};

use super::command::PlayerCommand;
use super::playback::{Opening, Player, PlayerOptions};

/// Playback figures for one file.
#[derive(Clone, Debug, Default)]
pub struct PlaybackFigures {
    pub speed: f64,
    pub frames_due: usize,
    pub frames_on_time: usize,
    pub frames_skipped: usize,
    /// Lateness of the frames that went on screen (skipped ones are not in it).
    pub median_late_millis: f64,
    pub p95_late_millis: f64,
    pub worst_late_millis: f64,
    /// Frames that went on screen per second of wall time while playing.
    pub shown_fps: f64,
    /// Media seconds played per wall second, from the first frame to the last one shown.
    pub speed_reached: f64,
    pub first_frame_secs: f64,
    pub index_was_cached: bool,
    pub step_back_median_millis: f64,
    pub frame_interval_millis: f64,
    pub peak_rss_mib: Option<f64>,
    /// Reverse shuttle at 1x from the last frame: pictures per second achieved, and whether every frame came in order.
    pub reverse_fps: f64,
    pub reverse_every_frame_in_order: bool,
    /// Reverse at the asked speed (when it is not 1x), from the last frame.
    pub reverse_at_speed: Option<ReverseFigures>,
    /// Seconds from opening until the streaming waveform pass finished (None: no sound, or not within the wait).
    pub waveform_secs: Option<f64>,
    /// Peak resident memory of the whole run, background sound pass included (VmHWM at the end).
    pub run_peak_rss_mib: Option<f64>,
}

/// Reverse play measured for a few seconds of wall time.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReverseFigures {
    pub shown_fps: f64,
    /// Media seconds played back per wall second.
    pub speed_reached: f64,
    /// Every frame shown came before the one shown ahead of it.
    pub descending: bool,
    /// No frame was left out.
    pub every_frame: bool,
}

impl PlaybackFigures {
    pub fn on_time_share(&self) -> f64 {
        if self.frames_due == 0 {
            return 0.0;
        }
        self.frames_on_time as f64 / self.frames_due as f64
    }
}

/// Longest wait for the background sound pass (waveform) after the playback measurements.
const WAVEFORM_WAIT: Duration = Duration::from_secs(900);

/// Opens `path`, waits for the first picture, plays up to `play_secs` of media at `speed`, then measures steps back.
/// With `background`, the sound is streamed (feeder thread), the waveform pass and the hash run as in the app,
/// and the run ends when the waveform is built, so the peak memory covers them.
pub fn measure(path: &Path, speed: f64, play_secs: f64, background: bool) -> anyhow::Result<PlaybackFigures> {
    let mut figures = PlaybackFigures { speed, ..Default::default() };
    let opened_at = Instant::now();
    let mut player = Player::open(path, PlayerOptions { audio: false, background })?;
    loop {
        player.update(player.now_secs());
        if let Opening::Failed(m) = player.opening() {
            anyhow::bail!("{m}");
        }
        if player.shown_frame().is_some() {
            break;
        }
        if opened_at.elapsed() > Duration::from_secs(600) {
            anyhow::bail!("no first frame after 10 minutes");
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    figures.first_frame_secs = opened_at.elapsed().as_secs_f64();
    let Some(media) = player.media() else { anyhow::bail!("the file did not open") };
    figures.index_was_cached = media.index_was_cached;
    let timeline = media.timeline.clone();
    let interval_secs = timeline.typical_interval_secs();
    figures.frame_interval_millis = interval_secs * 1000.0;

    // Play from frame 0 and record when each frame goes on screen.
    player.apply(PlayerCommand::SetSpeed(speed), player.now_secs());
    let start_wall = player.now_secs();
    player.apply(PlayerCommand::TogglePlay, start_wall);
    let last_frame = timeline.frame_at_secs(play_secs).min(timeline.last_frame());
    let mut shown_at: Vec<Option<f64>> = vec![None; last_frame + 1];
    while player.state().is_playing() {
        let now = player.now_secs();
        if let Some(p) = player.update(now) {
            if let Some(slot) = shown_at.get_mut(p.frame) {
                *slot = Some(now);
            }
            if p.frame >= last_frame {
                player.apply(PlayerCommand::Pause, now);
                break;
            }
        }
        let wait = player.secs_until_next_frame(player.now_secs()).unwrap_or(0.0).clamp(0.0, 0.001);
        std::thread::sleep(Duration::from_secs_f64(wait.max(0.000_2)));
    }
    figures.peak_rss_mib = peak_rss_mib();
    let mut lates = Vec::new();
    for (frame, at) in shown_at.iter().enumerate().skip(1) {
        figures.frames_due += 1;
        let due = start_wall + (timeline.secs_of(frame) - timeline.secs_of(0)) / speed;
        let next_due = start_wall + (timeline.secs_of(frame + 1) - timeline.secs_of(0)) / speed;
        let Some(at) = *at else {
            figures.frames_skipped += 1;
            continue;
        };
        let late = (at - due).max(0.0);
        lates.push(late * 1000.0);
        let allowed = (next_due - due).max(interval_secs / speed);
        if at - due < allowed {
            figures.frames_on_time += 1;
        }
    }
    lates.sort_by(f64::total_cmp);
    figures.median_late_millis = percentile(&lates, 0.5);
    figures.p95_late_millis = percentile(&lates, 0.95);
    figures.worst_late_millis = lates.last().copied().unwrap_or(0.0);
    let shown: Vec<(usize, f64)> = shown_at.iter().enumerate().filter_map(|(f, at)| Some((f, (*at)?))).collect();
    if let Some(&(last, last_at)) = shown.last() {
        // Play started at frame 0, on screen at `start_wall`.
        let wall_secs = (last_at - start_wall).max(f64::MIN_POSITIVE);
        figures.shown_fps = shown.len() as f64 / wall_secs;
        figures.speed_reached = (timeline.secs_of(last) - timeline.secs_of(0)) / wall_secs;
    }

    // Step back once after landing in the middle of a GOP (the landing is the first step into that GOP).
    let keyframes: Vec<usize> = (0..timeline.frame_count()).filter(|f| timeline.is_keyframe(*f)).collect();
    let mut step_millis = Vec::new();
    for (i, key) in keyframes.iter().enumerate().take(12) {
        let gop_end = keyframes.get(i + 1).copied().unwrap_or(timeline.frame_count());
        let target = key + (gop_end - key) / 2;
        if target == 0 || target <= *key {
            continue;
        }
        player.apply(PlayerCommand::GoToFrame(target), player.now_secs());
        player.settle(Duration::from_secs(30));
        let started = Instant::now();
        player.apply(PlayerCommand::Step(-1), player.now_secs());
        let shown = player.settle(Duration::from_secs(30));
        if shown == Some(target - 1) {
            step_millis.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    step_millis.sort_by(f64::total_cmp);
    figures.step_back_median_millis = step_millis.get(step_millis.len() / 2).copied().unwrap_or(f64::NAN);

    // Reverse shuttle from the end for three seconds of wall time.
    player.apply(PlayerCommand::GoToEnd, player.now_secs());
    player.settle(Duration::from_secs(30));
    let mut shown = vec![timeline.last_frame()];
    let started = Instant::now();
    player.apply(PlayerCommand::ShuttleReverse, player.now_secs());
    while started.elapsed() < Duration::from_secs(3) && player.state().is_playing() {
        if let Some(p) = player.update(player.now_secs()) {
            shown.push(p.frame);
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    figures.reverse_fps = (shown.len() - 1) as f64 / started.elapsed().as_secs_f64();
    figures.reverse_every_frame_in_order = shown.windows(2).all(|w| w[1] + 1 == w[0]);
    player.apply(PlayerCommand::Pause, player.now_secs());
    if (speed - 1.0).abs() > 1e-9 {
        figures.reverse_at_speed = Some(reverse_at(&mut player, &timeline, speed));
    }

    if background {
        let waited_from = Instant::now();
        while waited_from.elapsed() < WAVEFORM_WAIT {
            player.update(player.now_secs());
            let bg = player.background();
            if bg.waveform.is_some() {
                figures.waveform_secs = Some(opened_at.elapsed().as_secs_f64());
                break;
            }
            if bg.audio_note.is_some() && bg.sound_secs.is_none() {
                break; // no sound, or it could not be decoded
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    figures.run_peak_rss_mib = peak_rss_mib();
    Ok(figures)
}

/// Plays back from the last frame at `speed` for three seconds of wall time.
fn reverse_at(player: &mut Player, timeline: &super::Timeline, speed: f64) -> ReverseFigures {
    player.apply(PlayerCommand::GoToEnd, player.now_secs());
    player.settle(Duration::from_secs(30));
    let mut shown = vec![(timeline.last_frame(), player.now_secs())];
    player.apply(PlayerCommand::ShuttleReverse, player.now_secs());
    player.apply(PlayerCommand::SetSpeed(speed), player.now_secs());
    let started = player.now_secs();
    while player.now_secs() - started < 3.0 && player.state().is_playing() {
        if let Some(p) = player.update(player.now_secs()) {
            shown.push((p.frame, player.now_secs()));
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    player.apply(PlayerCommand::Pause, player.now_secs());
    let wall_secs = (player.now_secs() - started).max(f64::MIN_POSITIVE);
    let (first, last) = (shown[0].0, shown[shown.len() - 1].0);
    ReverseFigures {
        shown_fps: (shown.len() - 1) as f64 / wall_secs,
        speed_reached: (timeline.secs_of(first) - timeline.secs_of(last)) / wall_secs,
        descending: shown.windows(2).all(|w| w[1].0 < w[0].0),
        every_frame: shown.windows(2).all(|w| w[1].0 + 1 == w[0].0),
    }
}

/// The value below which `share` of the sorted `values` lie (0 for none).
fn percentile(sorted: &[f64], share: f64) -> f64 {
    let at = ((sorted.len() as f64 * share) as usize).min(sorted.len().saturating_sub(1));
    sorted.get(at).copied().unwrap_or(0.0)
}

/// Peak resident memory of this process (VmHWM), in MiB, where /proc exists.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// A small deterministic generator (xorshift), so random targets repeat run to run.
pub fn next_rand(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
