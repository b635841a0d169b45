//! Errors the media engine returns: each one says, in words a reviewer understands, what is wrong with which file.

use std::path::PathBuf;

/// Why a media operation failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{path}: file not found")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read the file: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: the file is empty (0 bytes)")]
    Empty { path: PathBuf },
    #[error("{path}: not a video file FFmpeg can read ({detail})")]
    Unrecognised { path: PathBuf, detail: String },
    #[error("{path}: the file holds no video stream")]
    NoVideo { path: PathBuf },
    #[error("{path}: no decoder for the video codec {codec}")]
    NoDecoder { path: PathBuf, codec: String },
    #[error("{path}: no frame could be decoded from the video stream")]
    NoFrames { path: PathBuf },
    #[error("{path}: frame {requested} does not exist (the video has {count} frames, numbered 0 to {last})", last = count.saturating_sub(1))]
    FrameOutOfRange { path: PathBuf, requested: u64, count: u64 },
    #[error("{path}: {what}")]
    Ffmpeg { path: PathBuf, what: String },
}

impl MediaError {
    /// Wraps an FFmpeg error with the file it happened on and what was being done.
    pub fn ffmpeg(path: &std::path::Path, doing: &str, err: ffmpeg_next::Error) -> Self {
        MediaError::Ffmpeg { path: path.to_path_buf(), what: format!("{doing}: {err}") }
    }
}

pub type MediaResult<T> = Result<T, MediaError>;
