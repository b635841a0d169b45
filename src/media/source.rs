//! Opening a file: clear errors for missing, empty or unreadable files, the choice of video stream (the first
//! video stream, as FFmpeg's `-map 0:v:0` picks it) and a packet reader that stops where FFmpeg's CLI stops.

use std::path::{Path, PathBuf};

use ff::format::context::Input;
use ffmpeg_next as ff;

use super::error::{MediaError, MediaResult};
use super::open_policy;

/// An opened container with its chosen video stream.
pub struct Source {
    pub path: PathBuf,
    pub input: Input,
    pub video_index: usize,
}

/// One read step: a packet of the video stream, a packet of another stream, or the end of what can be read.
pub enum Read {
    Video(ff::Packet),
    Other(ff::Packet),
    End,
}

impl Source {
    /// Opens `path` read-only and selects its first video stream.
    pub fn open(path: &Path) -> MediaResult<Self> {
        let input = open_input(path)?;
        let video_index = input
            .streams()
            .find(|s| s.parameters().medium() == ff::media::Type::Video)
            .map(|s| s.index())
            .ok_or_else(|| MediaError::NoVideo { path: path.to_path_buf() })?;
        Ok(Source { path: path.to_path_buf(), input, video_index })
    }

    /// Opens `path` with every stream but the chosen video stream discarded, as FFmpeg's CLI does with `-map 0:v:0`
    /// (unmapped streams are set to discard): every path that numbers or decodes frames reads the file this way.
    pub fn open_video_only(path: &Path) -> MediaResult<Self> {
        let mut source = Self::open(path)?;
        let keep = source.video_index;
        // SAFETY: `streams` has `nb_streams` valid pointers; setting `discard` asks the demuxer to skip those packets.
        unsafe {
            let ctx = source.input.as_mut_ptr();
            for i in 0..(*ctx).nb_streams as usize {
                if i != keep {
                    let st = *(*ctx).streams.add(i);
                    (*st).discard = ffmpeg_next::ffi::AVDiscard::AVDISCARD_ALL;
                }
            }
        }
        Ok(source)
    }

    pub fn video_stream(&self) -> MediaResult<ff::format::stream::Stream<'_>> {
        self.input.stream(self.video_index).ok_or_else(|| MediaError::NoVideo { path: self.path.clone() })
    }

    pub fn video_time_base(&self) -> MediaResult<ff::Rational> {
        Ok(self.video_stream()?.time_base())
    }

    /// Reads the next packet. Like FFmpeg's CLI, any read error other than "try again" ends the input: the frames
    /// numbered are exactly the frames `ffmpeg` itself would number.
    pub fn read(&mut self) -> Read {
        let mut packet = ff::Packet::empty();
        loop {
            match packet.read(&mut self.input) {
                Ok(()) => {
                    return if packet.stream() == self.video_index { Read::Video(packet) } else { Read::Other(packet) }
                }
                Err(ff::Error::Other { errno }) if errno == ff::error::EAGAIN => continue,
                Err(_) => return Read::End,
            }
        }
    }

    /// Seeks the video stream to the last keyframe at or before `ts` (in stream ticks); the next packets read start
    /// there or earlier. Returns false when the container refuses to seek.
    pub fn seek_before(&mut self, ts: i64) -> bool {
        // SAFETY: the context pointer is valid for the lifetime of `self.input`; av_seek_frame only reads/repositions it.
        let ret = unsafe {
            ff::ffi::av_seek_frame(self.input.as_mut_ptr(), self.video_index as i32, ts, ff::ffi::AVSEEK_FLAG_BACKWARD)
        };
        ret >= 0
    }

    /// Seeks to the very start of the file (byte 0 when timestamps cannot be used).
    pub fn seek_to_start(&mut self) -> bool {
        // SAFETY: as above.
        let by_ts =
            unsafe { ff::ffi::avformat_seek_file(self.input.as_mut_ptr(), -1, i64::MIN, i64::MIN, i64::MIN, 0) };
        if by_ts >= 0 {
            return true;
        }
        // SAFETY: as above; AVSEEK_FLAG_BYTE repositions the reader at byte 0.
        let by_byte = unsafe {
            ff::ffi::av_seek_frame(self.input.as_mut_ptr(), self.video_index as i32, 0, ff::ffi::AVSEEK_FLAG_BYTE)
        };
        by_byte >= 0
    }
}

/// The new codec extradata a packet carries (a container's change of sample description), if any.
pub fn new_extradata(packet: &ff::Packet) -> Option<Vec<u8>> {
    packet.side_data().find(|d| d.kind() == ff::packet::side_data::Type::NewExtraData).map(|d| d.data().to_vec())
}

/// Opens the container through FFmpeg's `file` protocol with the allowed demuxers only (see `open_policy`),
/// turning FFmpeg's terse errors into ones about this file.
pub fn open_input(path: &Path) -> MediaResult<Input> {
    super::init();
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => MediaError::NotFound { path: path.to_path_buf() },
        _ => MediaError::Io { path: path.to_path_buf(), source },
    })?;
    if meta.is_dir() {
        return Err(MediaError::Unrecognised { path: path.to_path_buf(), detail: "it is a folder".into() });
    }
    if meta.len() == 0 {
        return Err(MediaError::Empty { path: path.to_path_buf() });
    }
    if let Some(kind) = open_policy::refused_kind(path) {
        return Err(MediaError::Unrecognised {
            path: path.to_path_buf(),
            detail: format!("it is {kind}; ClaimFrame opens only single media files, never lists of other files"),
        });
    }
    ff::format::input_with_dictionary(&open_policy::file_url(path), open_policy::input_options())
        .map_err(|e| MediaError::Unrecognised { path: path.to_path_buf(), detail: e.to_string() })
}
