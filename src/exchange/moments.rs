//! "The same moment on the other cameras" against real files: each camera's frame times read once from its frame
//! index (for the window's inspector and the reports alike), handed to the pure query
//! [`crate::case::same_moment_as_event`]; and, for a report, each cited event's other cameras decoded at their
//! at-or-before frames by the decoder that decodes the event's own still.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::case::{same_moment_as_event, CameraFrames, Case, EventId, Media, MediaId, SameMoment, Shows};
use crate::exchange::exhibit_media::StillDecoder;
use crate::exchange::media_file::MediaProbe;
use crate::export::{self, ExhibitMoment};

/// Every frame time of `media`, whose file is `path`, from one reading of its frame index.
pub fn camera_frames(probe: &dyn MediaProbe, media: &Media, path: &Path) -> anyhow::Result<CameraFrames> {
    let all: Vec<u64> = (0..media.probe.frame_count).collect();
    let points = probe.frame_points(path, &all).with_context(|| format!("reading the frames of media {}", media.id))?;
    Ok(CameraFrames::from_points(media.id.clone(), &points))
}

/// The frame times of every camera of `case` whose file is in `paths`.
pub fn frames_of(
    case: &Case,
    paths: &BTreeMap<MediaId, PathBuf>,
    probe: &dyn MediaProbe,
) -> anyhow::Result<Vec<CameraFrames>> {
    case.media
        .values()
        .filter_map(|media| Some((media, paths.get(&media.id)?)))
        .map(|(media, path)| camera_frames(probe, media, path))
        .collect()
}

/// For the window: what every other camera shows at the start of event `event_id`, reading the frame index of
/// each camera found where the case says (relative to `case_dir`; files are not re-hashed here, and a camera not
/// found is said to be not read). `Ok(None)` when the event's camera has no clock map. A window that asks for
/// many events reads [`frames_of`] once and calls [`same_moment_as_event`] itself.
pub fn same_moment_of_event(
    case: &Case,
    case_dir: &Path,
    event_id: &EventId,
    probe: &dyn MediaProbe,
) -> anyhow::Result<Option<SameMoment>> {
    let paths: BTreeMap<MediaId, PathBuf> =
        case.media.values().filter_map(|m| Some((m.id.clone(), m.resolve_path(case_dir)?))).collect();
    let frames = frames_of(case, &paths, probe)?;
    Ok(same_moment_as_event(case, event_id, &frames)?)
}

/// For a report: per event linked to a claim, the other cameras at its start, each camera that has a frame then
/// decoded there by `decoder` (its clean still as PNG). A case with one camera gives none.
pub fn moment_stills(
    case: &Case,
    frames: &[CameraFrames],
    decoder: &mut StillDecoder<'_>,
    progress: &dyn Fn(&str),
) -> anyhow::Result<BTreeMap<EventId, ExhibitMoment>> {
    let mut out = BTreeMap::new();
    if case.media.len() < 2 {
        return Ok(out);
    }
    let cited: Vec<_> = export::sorted_events(case).into_iter().filter(|e| !e.links.is_empty()).collect();
    let total = cited.len();
    for (i, event) in cited.into_iter().enumerate() {
        progress(&format!("decoding the other cameras at event {} ({} of {total})", event.id, i + 1));
        let Some(moment) = same_moment_as_event(case, &event.id, frames)? else { continue };
        let mut clean_pngs = BTreeMap::new();
        for camera in &moment.cameras {
            let Shows::Frame(peer) = &camera.shows else { continue };
            let what = format!("media {} at event {}'s start", camera.media_id, event.id);
            if let Some(clean) = decoder.clean(&camera.media_id, &peer.point, &what)? {
                clean_pngs.insert(camera.media_id.clone(), export::encode_png(&clean)?);
            }
        }
        out.insert(event.id.clone(), ExhibitMoment { moment, clean_pngs });
    }
    Ok(out)
}
