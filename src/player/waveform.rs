//! The waveform strip's data: the audio track reduced to a fixed number of (min, max, RMS) columns over the video's
//! timeline, built in the background in one streaming pass over the sound ([`WaveformBuilder`], which keeps no
//! samples). [`compute`], over a whole decoded track, is its reference.

use crate::media::audio::{AudioTrack, OUTPUT_CHANNELS};
use crate::media::audio_stream::AudioStream;

/// Stereo frames read per step of the streaming pass.
const CHUNK_FRAMES: usize = 8192;

/// One column of the strip: the lowest and highest sample and the RMS level in its span of time.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Column {
    pub low: f32,
    pub high: f32,
    pub rms: f32,
}

/// The envelope of a track, columns spread over `duration_secs` of video time.
#[derive(Clone, Debug, Default)]
pub struct Waveform {
    pub columns: Vec<Column>,
    pub duration_secs: f64,
}

/// Reduces `track` to `columns` columns covering `video_duration_secs` seconds of video time.
pub fn compute(track: &AudioTrack, video_duration_secs: f64, columns: usize) -> Waveform {
    let mut out = vec![Column::default(); columns];
    let ch = usize::from(OUTPUT_CHANNELS);
    let rate = f64::from(track.sample_rate_hz.max(1));
    if columns == 0 || video_duration_secs <= 0.0 {
        return Waveform { columns: out, duration_secs: video_duration_secs };
    }
    for (i, col) in out.iter_mut().enumerate() {
        let t0 = video_duration_secs * i as f64 / columns as f64 - track.start_offset_secs;
        let t1 = video_duration_secs * (i + 1) as f64 / columns as f64 - track.start_offset_secs;
        let s0 = ((t0 * rate).max(0.0) as usize).min(track.frames());
        let s1 = ((t1 * rate).max(0.0) as usize).min(track.frames());
        let (mut low, mut high, mut energy) = (0.0f32, 0.0f32, 0.0f64);
        for frame in track.samples[s0 * ch..s1 * ch].chunks_exact(ch) {
            let mono = frame.iter().sum::<f32>() / ch as f32;
            low = low.min(mono);
            high = high.max(mono);
            energy += f64::from(mono) * f64::from(mono);
        }
        let rms = if s1 > s0 { (energy / (s1 - s0) as f64).sqrt() as f32 } else { 0.0 };
        *col = Column { low, high, rms };
    }
    Waveform { columns: out, duration_secs: video_duration_secs }
}

/// Builds the same [`Waveform`] as [`compute`] from the track streamed in order from track frame 0, keeping only
/// the column being filled: memory does not grow with the length of the file.
pub struct WaveformBuilder {
    out: Vec<Column>,
    video_duration_secs: f64,
    start_offset_secs: f64,
    rate: f64,
    /// Column being filled, its end (track frame, exclusive) and its running figures.
    column: usize,
    column_end_frames: usize,
    low: f32,
    high: f32,
    energy: f64,
    count: usize,
    /// Track frame of the next sample pushed.
    next_frames: usize,
}

impl WaveformBuilder {
    pub fn new(start_offset_secs: f64, rate_hz: u32, video_duration_secs: f64, columns: usize) -> Self {
        let mut b = WaveformBuilder {
            out: vec![Column::default(); columns],
            video_duration_secs,
            start_offset_secs,
            rate: f64::from(rate_hz.max(1)),
            column: 0,
            column_end_frames: 0,
            low: 0.0,
            high: 0.0,
            energy: 0.0,
            count: 0,
            next_frames: 0,
        };
        b.column_end_frames = b.bound(1);
        b
    }

    /// Track frame where column `i` starts (the bound `compute` uses, before it is capped at the track's end).
    fn bound(&self, i: usize) -> usize {
        let columns = self.out.len().max(1);
        let t = self.video_duration_secs * i as f64 / columns as f64 - self.start_offset_secs;
        (t * self.rate).max(0.0) as usize
    }

    /// Adds the next interleaved stereo samples of the track.
    pub fn push(&mut self, samples: &[f32]) {
        let ch = usize::from(OUTPUT_CHANNELS);
        if self.out.is_empty() || self.video_duration_secs <= 0.0 {
            return;
        }
        for frame in samples.chunks_exact(ch) {
            let at = self.next_frames;
            self.next_frames += 1;
            while at >= self.column_end_frames && self.column < self.out.len() {
                self.close_column();
            }
            if self.column >= self.out.len() {
                return;
            }
            if at < self.bound(self.column) {
                continue;
            }
            let mono = frame.iter().sum::<f32>() / ch as f32;
            self.low = self.low.min(mono);
            self.high = self.high.max(mono);
            self.energy += f64::from(mono) * f64::from(mono);
            self.count += 1;
        }
    }

    fn close_column(&mut self) {
        let rms = if self.count > 0 { (self.energy / self.count as f64).sqrt() as f32 } else { 0.0 };
        if let Some(col) = self.out.get_mut(self.column) {
            *col = Column { low: self.low, high: self.high, rms };
        }
        (self.low, self.high, self.energy, self.count) = (0.0, 0.0, 0.0, 0);
        self.column += 1;
        self.column_end_frames = self.bound(self.column + 1);
    }

    pub fn finish(mut self) -> Waveform {
        while self.column < self.out.len() {
            self.close_column();
        }
        Waveform { columns: self.out, duration_secs: self.video_duration_secs }
    }
}

/// Reads `stream` from track frame 0 to its end into a waveform of `columns` columns over `video_duration_secs`.
/// `progress(fraction)` is called every 2 % of the file; returning false stops the pass (`None`).
pub fn from_stream(
    stream: &mut AudioStream,
    video_duration_secs: f64,
    columns: usize,
    mut progress: impl FnMut(f32) -> bool,
) -> Option<Waveform> {
    let mut builder = WaveformBuilder::new(stream.start_offset_secs(), stream.rate_hz(), video_duration_secs, columns);
    let mut chunk = Vec::with_capacity(CHUNK_FRAMES * usize::from(OUTPUT_CHANNELS));
    let mut last_report = 0.0f32;
    loop {
        chunk.clear();
        if stream.read(&mut chunk, CHUNK_FRAMES) == 0 {
            break;
        }
        builder.push(&chunk);
        let fraction = stream.progress_fraction();
        if fraction - last_report >= 0.02 {
            last_report = fraction;
            if !progress(fraction) {
                return None;
            }
        }
    }
    Some(builder.finish())
}
