//! What FFmpeg may open: one local file, read through the `file` protocol only, by a demuxer that reads that file
//! alone. Playlists (HLS, DASH), concat lists, image sequences and network descriptions are refused before they can
//! pull in files (or addresses) that were never hashed, so the bytes hashed are the only bytes decoded.

use ff::Dictionary;
use ffmpeg_next as ff;
use std::ffi::CStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Demuxers that read other files or addresses named inside the input.
pub const REFUSED_DEMUXERS: &[&str] = &[
    "hls",
    "applehttp",
    "m3u8",
    "concat",
    "ffconcat",
    "dash",
    "imf",
    "image2",
    "webm_dash_manifest",
    "sdp",
    "rtsp",
    "rtp",
];

/// Every demuxer of the linked FFmpeg except the refused ones, comma-separated (FFmpeg's `format_whitelist`).
fn allowed_demuxers() -> &'static str {
    static ALLOWED: OnceLock<String> = OnceLock::new();
    ALLOWED.get_or_init(|| {
        let mut names = Vec::new();
        let mut opaque = std::ptr::null_mut();
        loop {
            // SAFETY: av_demuxer_iterate walks FFmpeg's static demuxer table; each entry and its name live forever.
            let name = unsafe {
                let demuxer = ff::ffi::av_demuxer_iterate(&mut opaque);
                if demuxer.is_null() || (*demuxer).name.is_null() {
                    break;
                }
                CStr::from_ptr((*demuxer).name).to_string_lossy().into_owned()
            };
            if !name.split(',').any(|n| REFUSED_DEMUXERS.contains(&n)) {
                names.push(name);
            }
        }
        names.join(",")
    })
}

/// `path` as a `file:` URL, so no part of a file name can select another protocol (`concat:`, `http:`, `subfile:`).
pub fn file_url(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = std::ffi::OsString::from("file:");
    url.push(absolute.as_os_str());
    PathBuf::from(url)
}

/// The options every input is opened with: the `file` protocol only, and only the allowed demuxers.
pub fn input_options() -> Dictionary<'static> {
    let mut options = Dictionary::new();
    options.set("protocol_whitelist", "file");
    options.set("format_whitelist", allowed_demuxers());
    options
}

/// Words for a file refused as a playlist or list of other files, judged from its first bytes.
pub fn refused_kind(path: &Path) -> Option<&'static str> {
    use std::io::Read as _;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    let text = String::from_utf8_lossy(head.get(..n)?).trim_start_matches('\u{feff}').trim_start().to_owned();
    if text.starts_with("#EXTM3U") || text.starts_with("#EXT-X") {
        Some("an HLS/M3U playlist")
    } else if text.starts_with("ffconcat") || text.starts_with("file ") {
        Some("an FFmpeg concat list")
    } else if text.starts_with("<?xml") || text.starts_with("<MPD") {
        Some("an XML document (a DASH manifest or similar)")
    } else {
        None
    }
}
