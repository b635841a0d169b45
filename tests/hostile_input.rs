//! Hostile input, issue #12's "rest the review found": ids that would steer a file name, numbers and nesting that
//! would overflow, outputs that would clobber the case or its media. Each must give a clear error and lose nothing.

mod support;

mod hostile_input {
    use crate::support::case::point;
    use claimframe::case::{FramePoint, MediaId};
    use claimframe::import::{MediaFrames, TimeOnMedia};

    mod claims_and_frames;
    mod ids;
    mod media_open;
    mod numbers;
    mod text;
    mod writes;

    /// The fixture's media m1 as a frame index would have it: 1800 frames of 3003 ticks (1/90000 s) each.
    pub fn fixture_frames() -> MediaFrames<'static> {
        fn to_frame(secs: f64) -> TimeOnMedia {
            TimeOnMedia::At(point((secs.max(0.0) * 30.0) as u64))
        }
        fn frame_of(media: &MediaId, frame: u64) -> Result<Option<FramePoint>, String> {
            match media.as_str() {
                "m1" => Ok((frame < 1800).then(|| point(frame))),
                other => Err(format!("no index for {other}")),
            }
        }
        MediaFrames { to_frame: &to_frame, frame_of: &frame_of }
    }
}
