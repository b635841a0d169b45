//! The import job against real files: the import file read and parsed, the case opened (refusing one with unsaved
//! journal edits), the media's SHA-256 checked against the case, seconds mapped to frames through the frame index,
//! and frames a ClaimFrame JSON file cites checked against the index of the media they were coded on.

use super::request::ImportRequest;
use crate::case::{
    case_dir, reviewer_or_default, same_digest, Case, CaseSession, Clock, EditContext, FramePoint, Media, MediaId,
    SaveOptions, SystemClock,
};
use crate::desk::frame_point;
use crate::export;
use crate::import::{self, ImportOptions};
use crate::media::{self, index::FrameIndex, index_cache};
use crate::player::Timeline;
use anyhow::Context as _;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

/// The frame index of `media`, after checking that the file found is the one the case recorded.
fn verified_index(media: &Media, dir: &Path) -> anyhow::Result<FrameIndex> {
    let path = media.resolve_path(dir).with_context(|| {
        format!("media {} ({}) not found next to the case", media.id, media.path_relative.display())
    })?;
    let actual = media::hash::sha256_file(&path, |_, _| {})?;
    anyhow::ensure!(
        same_digest(&actual, &media.sha256),
        "{} has SHA-256 {actual}, not the {} the case recorded; times cannot be mapped onto a different file",
        path.display(),
        media.sha256
    );
    Ok(index_cache::load_or_build(&path)?.0)
}

/// Frame `frame` of media `id` as its index has it, loading (and hash-checking) each media's index once.
fn frame_of(
    case: &Case,
    dir: &Path,
    timelines: &RefCell<BTreeMap<MediaId, Timeline>>,
    id: &MediaId,
    frame: u64,
) -> Result<Option<FramePoint>, String> {
    let mut timelines = timelines.try_borrow_mut().map_err(|e| e.to_string())?;
    if !timelines.contains_key(id) {
        let media = case.media.get(id).ok_or_else(|| format!("media {id} is not in the case"))?;
        let index = verified_index(media, dir).map_err(|e| format!("{e:#}"))?;
        timelines.insert(id.clone(), Timeline::from_index(&index));
    }
    let timeline = timelines.get(id).ok_or_else(|| format!("media {id} has no frame index"))?;
    let frame = usize::try_from(frame).ok().filter(|n| *n < timeline.frame_count());
    Ok(frame.map(|n| frame_point(timeline, n)))
}

/// Runs one import; `progress` receives warnings. Returns what was (or, with --dry-run, would be) imported.
pub fn import(request: &ImportRequest, progress: &dyn Fn(&str)) -> anyhow::Result<String> {
    let len_bytes =
        std::fs::metadata(&request.file).with_context(|| format!("reading {}", request.file.display()))?.len();
    import::check_import_size(len_bytes).with_context(|| format!("importing {}", request.file.display()))?;
    let bytes = std::fs::read(&request.file).with_context(|| format!("reading {}", request.file.display()))?;
    let name = request.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let imported = import::read(&name, &bytes, &ImportOptions { observation: request.observation.clone() })
        .with_context(|| format!("importing {}", request.file.display()))?;
    let (mut session, recovery) = CaseSession::open(&request.case, SaveOptions::default())
        .with_context(|| format!("opening {}", request.case.display()))?;
    anyhow::ensure!(
        !recovery.has_edits(),
        "{} has unsaved edits in its journal; settle them first with `claimframe case -c {} --recover replay show`",
        request.case.display(),
        request.case.display()
    );
    let case = session.case().clone();
    let media = export::select_media(&case, request.media.as_ref())?;
    let dir = case_dir(&request.case);
    let index = verified_index(media, &dir)?;
    let timeline = Timeline::from_index(&index);
    let point = |frame: usize| frame_point(&timeline, frame);
    let first_secs = index.frames.first().and_then(|f| f.pts).map(|p| media::ticks_to_secs(p, index.time_base()));
    let to_frame = |secs: f64| match index.frame_at_or_before_secs(secs) {
        Some((frame, _)) => import::TimeOnMedia::At(point(frame)),
        None => match (index.last_frame(), first_secs) {
            (Some((last, _)), Some(first)) if secs >= first => import::TimeOnMedia::PastEnd { last: point(last) },
            _ => import::TimeOnMedia::BeforeStart,
        },
    };
    let others = RefCell::new(BTreeMap::from([(media.id.clone(), timeline.clone())]));
    let frame_of = |id: &MediaId, frame: u64| frame_of(&case, &dir, &others, id, frame);
    let media_frames = import::MediaFrames { to_frame: &to_frame, frame_of: &frame_of };
    let reviewer = reviewer_or_default(request.reviewer.as_deref());
    let clock = SystemClock;
    let plan = import::plan_edits(&case, &imported, &media.id, &media_frames, &reviewer, &clock.now_rfc3339())?;
    for warning in &plan.warnings {
        progress(&format!("warning: {warning}"));
    }
    let summary = format!(
        "{}: {} event(s), {} new event type(s), {} new claim(s)",
        imported.format.name(),
        plan.events,
        plan.new_types,
        plan.new_claims
    );
    if request.dry_run {
        return Ok(format!("would import {summary}"));
    }
    session.apply(plan.edit, EditContext { reviewer: &reviewer, clock: &clock })?;
    session.save()?;
    Ok(format!("imported {summary}"))
}
