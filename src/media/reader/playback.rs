//! Playback's way through a run of decoding, when the footage is heavier than the machine: a frame whose time has
//! passed before it could be decoded is not wanted, so its packet goes to the decoder with non-reference frames
//! skipped (FFmpeg's `AVDISCARD_NONREF`). A non-reference frame is never needed to decode another, so every frame
//! that does come out is still the sequential decode's, exactly; the run knows which frames it may be missing and
//! numbers the rest as before. Reference frames are always decoded; leaving out more means starting a fresh run
//! at a later keyframe, which the caller asks for by wanting that keyframe.

use std::sync::Arc;

use ffmpeg_next as ff;

use super::super::decoder::FrameKey;
use super::super::error::MediaResult;
use super::{Cursor, DecodedFrame, FrameReader, Origin};

/// How far past the run's next frame a packet's frame is looked for: decode order runs ahead of output by the
/// reordering delay and the frames the decoder's threads hold.
const PACKET_WINDOW: usize = 64;

impl FrameReader {
    /// Playback forward: a frame at or after `wanted`, the earliest the run in progress gives without going back,
    /// decoded exactly. Non-reference frames before `wanted` whose packets are still to be read are left out; a
    /// `wanted` in a later GOP starts a fresh run at its keyframe (so wanting a keyframe skips to it).
    pub fn frame_at_least(&mut self, wanted: usize) -> MediaResult<Arc<DecodedFrame>> {
        let wanted = wanted.min(self.index.len().saturating_sub(1));
        self.drop_before = self.drop_allowed().then_some(wanted);
        if let Some(hit) = self.cache.get(wanted) {
            self.stats.cache_hits += 1;
            return Ok(hit);
        }
        if let Cursor::Before { next, origin } = self.cursor {
            if next > wanted {
                // Frames from `wanted` to the run's next one already came out (or were left out): any kept will do.
                if let Some(hit) = (wanted..next).find_map(|f| self.cache.get(f)) {
                    self.stats.cache_hits += 1;
                    return Ok(hit);
                }
            }
            let target = wanted.max(next);
            if self.keep.is_none() && self.worth_continuing(next, target, origin) {
                if let Ok(f) = self.run_until(target, true) {
                    return Ok(f);
                }
            }
        }
        self.frame(wanted)
    }

    /// Playback stopped (paused, stepping, or playing backwards): no frame is left out any more.
    pub fn end_playback(&mut self) {
        if self.drop_before.take().is_some() && self.keep.is_none() {
            self.decoder.set_skip_nonref(false);
        }
    }

    /// Whether frame `n` is decoded and kept (serving it costs no decoding).
    pub fn is_cached(&self, n: usize) -> bool {
        self.cache.contains(n)
    }

    /// The frame the run in progress outputs next, when one is in progress.
    pub fn run_next(&self) -> Option<usize> {
        match self.cursor {
            Cursor::Before { next, .. } => Some(next),
            Cursor::Nowhere => None,
        }
    }

    /// The first frame a fresh run to `n` decodes: its GOP's keyframe, or an earlier one where that one was found
    /// not to give the sequential decode's frames (0 for the start of the file).
    pub fn run_start_frame(&self, n: usize) -> usize {
        match self.start_for(n) {
            Origin::FileStart => 0,
            Origin::Keyframe(i) => self.index.seek_points[i].frame,
        }
    }

    /// The first keyframe a run may start from after frame `n`.
    pub fn next_keyframe_after(&self, n: usize) -> Option<usize> {
        let i = self.index.seek_points.partition_point(|s| s.frame <= n);
        self.index.seek_points.get(i).map(|s| s.frame)
    }

    /// Frames may be left out only where non-reference frames are known never to be needed (H.264, HEVC), packets
    /// name their frames, and the stream is undamaged (concealment may lean on any decoded picture).
    fn drop_allowed(&self) -> bool {
        matches!(self.index.codec.as_str(), "h264" | "hevc")
            && self.index.frames_name_their_packets
            && self.index.taint_from.is_none()
    }

    /// Whether packet `p` is sent with non-reference frames skipped: its frame is one playback no longer wants. The
    /// frame is noted, so the run knows it may not come out.
    pub(super) fn drops_packet(&mut self, p: &ff::Packet) -> bool {
        let (Some(before), Cursor::Before { next, .. }) = (self.drop_before, self.cursor) else { return false };
        if p.position() < 0 || next >= before {
            return false;
        }
        let key = FrameKey { raw_pts: p.pts(), pkt_pos: Some(p.position() as i64) };
        let Some(frame) = self.index.find_key_in(&key, next, (next + PACKET_WINDOW).min(before)) else { return false };
        if self.dropped.len() > 4 * PACKET_WINDOW {
            self.dropped.retain(|&f| f >= next);
        }
        self.dropped.insert(frame);
        true
    }

    /// The frame that came out instead of `expected`, when every frame from `expected` up to it was sent to be
    /// left out (and was, being a non-reference frame).
    pub(super) fn dropped_through(&mut self, key: &FrameKey, expected: usize) -> Option<usize> {
        if self.dropped.is_empty() {
            return None;
        }
        let found = self.index.find_key_in(key, expected + 1, expected + 1 + PACKET_WINDOW)?;
        if !(expected..found).all(|f| self.dropped.contains(&f)) {
            return None;
        }
        self.stats.frames_left_out += (found - expected) as u64;
        self.dropped.retain(|&f| f > found);
        Some(found)
    }
}
