//! The clip export against real files: the event's frames cut from a verified media file, by lossless stream copy
//! (keyframe-aligned) or by re-encoding exactly those frames with an optional burned-in label and timecode, and the
//! JSON sidecar that says which source frames the clip holds and how it was made.

use std::path::Path;

use anyhow::Context as _;

use super::exhibit_media::{check_media, recheck_identity};
use super::output::Outputs;
use super::request::ClipRequest;
use crate::case::{cite_event, Case, Event};
use crate::export;
use crate::media::{self, index::FrameIndex, index_cache};
use crate::picture::RgbaImage;

/// Cuts the event's frames (by stream copy, or re-encoded when asked) and writes `output` plus `output.json`, both
/// through temp files renamed into place and neither over a file `outputs` protects.
pub fn export_clip(
    case: &Case,
    dir: &Path,
    clip: &ClipRequest,
    (output, outputs): (&Path, &Outputs),
    progress: &dyn Fn(&str),
) -> anyhow::Result<String> {
    let event_id = clip.event.as_ref().context("--format clip needs --event ID (see `claimframe case show`)")?;
    let citation = cite_event(case, event_id)?;
    let event = case.events.get(event_id).context("no such event")?;
    progress("checking the media hash");
    let (check, path) = check_media(case, dir)
        .into_iter()
        .find(|(c, _)| c.media_id == event.media_id)
        .context("the event's media is not in the case")?;
    let path = path.with_context(|| format!("media {}: {}; no clip from it", check.media_id, check.outcome))?;
    let (index, _) = index_cache::load_or_build(&path)?;
    let first = usize::try_from(event.start.frame)?;
    let last = usize::try_from(event.end.map_or(event.start.frame, |e| e.frame))?;
    progress("cutting the clip");
    let facts = outputs.write_with(output, |temp| {
        let job = Cut { case, path: &path, index: &index, event, first, last, clip };
        let facts = if clip.reencode { reencode(&job, (temp, output))? } else { stream_copy(&job, (temp, output))? };
        // The bytes hashed must be the bytes cut: a source swapped meanwhile discards the clip.
        recheck_identity(case, &event.media_id, &path)?;
        Ok(facts)
    })?;
    let mut sidecar = output.as_os_str().to_owned();
    sidecar.push(".json");
    outputs.write(Path::new(&sidecar), &export::clip_sidecar_json(&citation, &facts)?)?;
    Ok(format!(
        "wrote {} (source frames {}..={}, asked {}..={})",
        output.display(),
        facts.actual_first_frame,
        facts.actual_last_frame,
        first,
        last
    ))
}

/// One clip to cut: frames `first..=last` of the event's verified media file at `path`.
struct Cut<'a> {
    case: &'a Case,
    path: &'a Path,
    index: &'a FrameIndex,
    event: &'a Event,
    first: usize,
    last: usize,
    clip: &'a ClipRequest,
}

/// Copies the GOPs covering the frames into `temp` (to become `output`), losslessly.
fn stream_copy(job: &Cut<'_>, (temp, output): (&Path, &Path)) -> anyhow::Result<export::ClipFacts> {
    let Cut { path, index, event, first, last, .. } = *job;
    let copied = media::clip::stream_copy_clip(path, index, first, last, temp)?;
    Ok(export::ClipFacts {
        file_name: file_name_of(output),
        clip_sha256: media::hash::sha256_file(temp, |_, _| {})?,
        requested_first_frame: event.start.frame,
        requested_last_frame: last as u64,
        actual_first_frame: copied.first_frame as u64,
        actual_last_frame: copied.last_frame as u64,
        method: "stream copy (lossless, keyframe-aligned: starts at the keyframe at or before the first frame and \
                 ends before the first keyframe after the last)"
            .to_owned(),
        parameters: vec![
            ("video_packets".to_owned(), copied.video_packets.to_string()),
            ("audio_packets".to_owned(), copied.audio_packets.to_string()),
            ("timestamps".to_owned(), "shifted so the clip's first packet is at 0".to_owned()),
            ("claimframe".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
            ("ffmpeg".to_owned(), media::ffmpeg_versions()),
        ],
    })
}

fn file_name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Re-encodes exactly the frames into `temp` (to become `output`), burning in the label and/or timecode asked for.
fn reencode(job: &Cut<'_>, (temp, output): (&Path, &Path)) -> anyhow::Result<export::ClipFacts> {
    let Cut { case, path, index, event, first, last, clip } = *job;
    let media_entry = case.media.get(&event.media_id).context("the event's media is not in the case")?;
    let fps = export::nominal_fps(media_entry).round().max(1.0) as u32;
    let label = clip.burn_label.clone();
    let timecode = clip.burn_timecode;
    let tb = (index.time_base_num, index.time_base_den);
    let overlay = |n: usize, img: &mut RgbaImage| -> Result<(), String> {
        let mut parts = Vec::new();
        if let Some(l) = &label {
            parts.push(l.clone());
        }
        if timecode {
            let time =
                index.frames.get(n).and_then(|f| f.pts).and_then(|p| crate::case::format_ticks_hms(p, tb.0, tb.1));
            parts.push(format!("frame {n} · {}", time.unwrap_or_default()));
        }
        if parts.is_empty() {
            return Ok(());
        }
        export::burn_caption(img, &parts.join(" · ")).map_err(|e| e.to_string())
    };
    let encoded = media::clip::reencode_clip(path, first, last, fps, temp, overlay)?;
    Ok(export::ClipFacts {
        file_name: file_name_of(output),
        clip_sha256: media::hash::sha256_file(temp, |_, _| {})?,
        requested_first_frame: first as u64,
        requested_last_frame: last as u64,
        actual_first_frame: first as u64,
        actual_last_frame: last as u64,
        method: "re-encode (frame-exact: exactly the requested frames, decoded single-threaded and encoded again)"
            .to_owned(),
        parameters: vec![
            ("encoder".to_owned(), "libx264, yuv420p, preset veryfast, no B-frames".to_owned()),
            ("crf".to_owned(), format!("{:.1}", f64::from(encoded.crf_x10) / 10.0)),
            ("fps".to_owned(), format!("{} (constant; the source's timing is not kept)", encoded.fps)),
            ("frames".to_owned(), encoded.frames.to_string()),
            ("burned_label".to_owned(), label.unwrap_or_default()),
            ("burned_timecode".to_owned(), timecode.to_string()),
            ("audio".to_owned(), "not included".to_owned()),
            ("claimframe".to_owned(), env!("CARGO_PKG_VERSION").to_owned()),
            ("ffmpeg".to_owned(), media::ffmpeg_versions()),
        ],
    })
}
