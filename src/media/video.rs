//! The face of the media engine for the rest of the program: a video file opened for exact frame access, answering
//! in plain types (MD5 strings, RGBA images, stamps) so no caller outside `media` ever sees an FFmpeg type.

use std::path::{Path, PathBuf};

use ffmpeg_next as ff;

use super::convert::{Orientation, RgbaConverter, RgbaImage};
use super::decoder::VideoDecoder;
use super::error::{MediaError, MediaResult};
use super::index::FrameIndex;
use super::md5::FrameHasher;
use super::reader::{FrameReader, ReaderStats};
use super::source::{Read, Source};
use super::{index_cache, Threading};

/// A video opened for exact random access.
pub struct VideoFile {
    path: PathBuf,
    reader: FrameReader,
    converter: RgbaConverter,
    hasher: FrameHasher,
    orientation: Orientation,
    index_was_cached: bool,
}

impl VideoFile {
    /// Opens `path`, taking its frame index from the cache or building it.
    pub fn open(path: &Path, threading: Threading) -> MediaResult<Self> {
        let (index, cached) = index_cache::load_or_build(path)?;
        let mut v = Self::open_with_index(path, index, threading)?;
        v.index_was_cached = cached;
        Ok(v)
    }

    /// Opens `path` with an index the caller already holds.
    pub fn open_with_index(path: &Path, index: FrameIndex, threading: Threading) -> MediaResult<Self> {
        if index.is_empty() {
            return Err(MediaError::NoFrames { path: path.to_path_buf() });
        }
        let hasher = FrameHasher::for_stream(index.first_pixel_format.as_deref());
        let reader = FrameReader::open(path, index, threading)?;
        let orientation = reader.orientation();
        Ok(VideoFile {
            path: path.to_path_buf(),
            reader,
            converter: RgbaConverter::default(),
            hasher,
            orientation,
            index_was_cached: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn index(&self) -> &FrameIndex {
        self.reader.index()
    }

    pub fn index_was_cached(&self) -> bool {
        self.index_was_cached
    }

    /// Records whether the index this file was opened with came from the cache (for the status bar).
    pub fn set_index_was_cached(&mut self, cached: bool) {
        self.index_was_cached = cached;
    }

    pub fn frame_count(&self) -> usize {
        self.reader.frame_count()
    }

    pub fn orientation(&self) -> Orientation {
        self.orientation
    }

    pub fn threading(&self) -> Threading {
        self.reader.threading()
    }

    pub fn stats(&self) -> ReaderStats {
        self.reader.stats
    }

    pub fn decode_errors(&self) -> u64 {
        self.reader.decode_errors()
    }

    pub fn set_cache_bytes(&mut self, bytes: usize) {
        self.reader.set_cache_bytes(bytes);
    }

    /// Jumps decode only the reference frames before their target (H.264/HEVC); see `FrameReader`.
    pub fn set_skip_nonref_on_seek(&mut self, on: bool) {
        self.reader.set_skip_nonref_on_seek(on);
    }

    /// Forgets decoder position and cached frames: the next request seeks afresh.
    pub fn reset(&mut self) {
        self.reader.reset();
    }

    /// MD5 of frame `n` in its native pixel format (FFmpeg framemd5 semantics).
    pub fn frame_md5(&mut self, n: usize) -> MediaResult<String> {
        let f = self.reader.frame(n)?;
        self.hasher.md5_hex(&f.frame).ok_or_else(|| self.unsupported_format(&f.frame))
    }

    /// MD5s of `frames`, returned in the order given (repeats allowed); decoded in GOP order, each GOP once.
    pub fn frame_md5s(&mut self, frames: &[usize]) -> MediaResult<Vec<String>> {
        let mut found: std::collections::HashMap<usize, String> =
            std::collections::HashMap::with_capacity(frames.len());
        let hasher = &mut self.hasher;
        let path = &self.path;
        self.reader.frames_in_gop_order(frames, |n, f| {
            let md5 = hasher.md5_hex(&f.frame).ok_or_else(|| unsupported_format(path, &f.frame))?;
            found.insert(n, md5);
            Ok(())
        })?;
        frames
            .iter()
            .map(|n| {
                found.get(n).cloned().ok_or_else(|| MediaError::Ffmpeg {
                    path: self.path.clone(),
                    what: format!("frame {n} was not served"),
                })
            })
            .collect()
    }

    /// Where the stream is damaged: the first frame the sequential decode output after a decode error. Frames from
    /// there on are decoded single-threaded and each is proven against the sequential decode before it is shown.
    pub fn damaged_from(&self) -> Option<usize> {
        self.reader.damaged_from()
    }

    /// Frame `n` as RGBA in stored orientation.
    pub fn frame_rgba(&mut self, n: usize) -> MediaResult<RgbaImage> {
        let f = self.reader.frame(n)?;
        self.converter.to_rgba(&f.frame).ok_or_else(|| self.unsupported_format(&f.frame))
    }

    /// Frame `n` as a viewer sees it: RGBA with the display rotation and mirroring applied.
    pub fn display_rgba(&mut self, n: usize) -> MediaResult<RgbaImage> {
        let img = self.frame_rgba(n)?;
        Ok(self.orientation.apply(img))
    }

    /// Frame `n`'s timestamp in stream ticks and whether it is a keyframe (from the index).
    pub fn frame_pts(&self, n: usize) -> Option<i64> {
        self.index().frames.get(n).and_then(|f| f.pts)
    }

    fn unsupported_format(&self, frame: &ff::frame::Video) -> MediaError {
        unsupported_format(&self.path, frame)
    }

    /// Decodes frame `n` and nothing more (benchmarks' path).
    pub fn decode_only(&mut self, n: usize) -> MediaResult<()> {
        self.reader.frame(n).map(|_| ())
    }

    /// Decodes frame `n` into the converter's RGBA buffer without copying it out (benchmarks' path).
    pub fn touch_rgba(&mut self, n: usize) -> MediaResult<()> {
        let f = self.reader.frame(n)?;
        self.converter.convert_in_place(&f.frame).map(|_| ()).ok_or_else(|| self.unsupported_format(&f.frame))
    }

    /// Playback forward: decodes a frame at or after `wanted` exactly, leaving out non-reference frames before it
    /// (see `FrameReader::frame_at_least`); returns which frame it is. Its picture then comes from `display_rgba`.
    pub fn decode_at_least(&mut self, wanted: usize) -> MediaResult<usize> {
        self.reader.frame_at_least(wanted).map(|f| f.index)
    }

    /// Playback stopped: no frame is left out any more.
    pub fn end_playback(&mut self) {
        self.reader.end_playback();
    }

    /// Whether frame `n` is decoded and kept, so serving it costs no decoding.
    pub fn is_cached(&self, n: usize) -> bool {
        self.reader.is_cached(n)
    }

    /// The frame the run of decoding in progress outputs next, if one is in progress.
    pub fn run_next(&self) -> Option<usize> {
        self.reader.run_next()
    }

    /// The first frame a fresh run of decoding to `n` starts from (its keyframe, or an earlier one).
    pub fn run_start_frame(&self, n: usize) -> usize {
        self.reader.run_start_frame(n)
    }

    /// The first keyframe decoding may start from after frame `n`.
    pub fn next_keyframe_after(&self, n: usize) -> Option<usize> {
        self.reader.next_keyframe_after(n)
    }

    /// Seeks to the keyframe frame `n` decodes from, without decoding: a benchmark's untimed preparation.
    pub fn prepare_at_keyframe(&mut self, n: usize) -> MediaResult<bool> {
        self.reader.prepare_at_keyframe(n)
    }
}

fn unsupported_format(path: &Path, frame: &ff::frame::Video) -> MediaError {
    MediaError::Ffmpeg { path: path.to_path_buf(), what: format!("cannot convert pixel format {:?}", frame.format()) }
}

/// Totals of a linear decode.
#[derive(Clone, Copy, Debug, Default)]
pub struct LinearSummary {
    pub frames: usize,
    pub decode_errors: u64,
}

/// Decodes every frame from the start in output order, calling `on_frame(index, md5)`. This is the reference
/// numbering the index must agree with.
pub fn linear_md5s(
    path: &Path,
    threading: Threading,
    mut on_frame: impl FnMut(usize, &str),
) -> MediaResult<LinearSummary> {
    linear_md5s_while(path, threading, |index, md5| {
        on_frame(index, md5);
        true
    })
}

/// As [`linear_md5s`], stopping after the first frame for which `on_frame` returns false (a window closed, a
/// background pass no longer wanted); the summary then counts the frames seen so far.
pub fn linear_md5s_while(
    path: &Path,
    threading: Threading,
    mut on_frame: impl FnMut(usize, &str) -> bool,
) -> MediaResult<LinearSummary> {
    let mut source = Source::open_video_only(path)?;
    let mut decoder = VideoDecoder::open(&source, threading)?;
    let mut hasher = FrameHasher::default();
    let mut frame = ff::frame::Video::empty();
    let mut n = 0usize;
    let mut wanted = true;
    let mut emit = |frame: &ff::frame::Video, n: &mut usize, wanted: &mut bool| {
        let md5 = hasher.md5_hex(frame).unwrap_or_else(|| "unsupported-pixel-format".into());
        *wanted = on_frame(*n, &md5);
        *n += 1;
    };
    while wanted {
        match source.read() {
            Read::Video(p) => {
                decoder.send(&p);
                while wanted && decoder.receive(&mut frame) {
                    emit(&frame, &mut n, &mut wanted);
                }
            }
            Read::Other(_) => {}
            Read::End => break,
        }
    }
    if wanted {
        decoder.send_eof();
        while wanted && decoder.receive(&mut frame) {
            emit(&frame, &mut n, &mut wanted);
        }
    }
    if n == 0 {
        return Err(MediaError::NoFrames { path: path.to_path_buf() });
    }
    Ok(LinearSummary { frames: n, decode_errors: decoder.errors })
}

/// Decodes every frame and converts each to RGBA (what playback costs). Returns the frame count.
pub fn linear_decode_rgba(path: &Path, threading: Threading) -> MediaResult<usize> {
    let mut source = Source::open(path)?;
    let mut decoder = VideoDecoder::open(&source, threading)?;
    let mut converter = RgbaConverter::default();
    let mut frame = ff::frame::Video::empty();
    let mut n = 0usize;
    loop {
        let more = match source.read() {
            Read::Video(p) => {
                decoder.send(&p);
                true
            }
            Read::Other(_) => continue,
            Read::End => {
                decoder.send_eof();
                false
            }
        };
        while decoder.receive(&mut frame) {
            if converter.convert_in_place(&frame).is_some() {
                n += 1;
            }
        }
        if !more {
            break;
        }
    }
    Ok(n)
}
