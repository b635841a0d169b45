//! The waveform strip's data: the audio track reduced to a fixed number of (min, max) columns over the video's
//! timeline, computed once in the background after the audio is decoded.

use crate::media::audio::{AudioTrack, OUTPUT_CHANNELS};

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
