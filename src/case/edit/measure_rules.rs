//! What a measurement must satisfy, for the edits (which refuse to break it) and `verify` (which reports a file that
//! breaks it): at least two marks, media, events and claims that exist, frames inside their media, marks on one file
//! in PTS order with one time base, a clock map on every camera when there are several, one distance per interval
//! when distances are given, links sorted once per claim. Also: removing a media file, event or claim a measurement
//! still names is refused, naming the measurements.

use crate::case::model::case::{check_measurement_ids, Case};
use crate::case::model::limits::check_measurement_numbers;
use crate::case::model::measurement::Measurement;
use crate::case::CaseError;

/// Everything wrong with `measurement` in the context of `case`; empty when consistent.
pub fn measurement_problems(case: &Case, measurement: &Measurement) -> Vec<String> {
    let id = &measurement.id;
    let mut problems = Vec::new();
    if let Err(bad) = check_measurement_ids(measurement) {
        problems.push(format!("measurement {id}: {bad}"));
    }
    if let Err(problem) = check_measurement_numbers(measurement) {
        problems.push(problem);
    }
    let marks = measurement.mark_count();
    if marks < 2 {
        problems.push(format!("measurement {id}: needs at least two marked frames (it has {marks})"));
    }
    for (i, media) in measurement.media.iter().enumerate() {
        let media_id = &media.media_id;
        if measurement.media[..i].iter().any(|m| &m.media_id == media_id) {
            problems.push(format!("measurement {id}: media {media_id} is listed twice"));
        }
        let Some(record) = case.media.get(media_id) else {
            problems.push(format!("measurement {id}: media {media_id} does not exist"));
            continue;
        };
        if media.marks.is_empty() {
            problems.push(format!("measurement {id}: media {media_id} is listed with no marks"));
        }
        let frame_count = record.probe.frame_count;
        for mark in media.marks.iter().filter(|m| frame_count > 0 && m.at.frame >= frame_count) {
            problems.push(format!(
                "measurement {id}: frame {} is not in media {media_id} (it has {frame_count} frames)",
                mark.at.frame
            ));
        }
        for pair in media.marks.windows(2) {
            let (a, b) = (&pair[0].at, &pair[1].at);
            if (a.time_base_num, a.time_base_den) != (b.time_base_num, b.time_base_den) {
                problems.push(format!("measurement {id}: marks on media {media_id} use different time bases"));
            } else if b.frame <= a.frame || b.pts_ticks <= a.pts_ticks {
                problems.push(format!(
                    "measurement {id}: marks on media {media_id} are not in time order (frame {} then {})",
                    a.frame, b.frame
                ));
            }
        }
        if measurement.media.len() > 1 && record.wall_clock.as_ref().and_then(|c| c.origin_micros()).is_none() {
            problems.push(format!(
                "measurement {id}: media {media_id} has no clock map, so its marks cannot be put in time with the \
                 other cameras'"
            ));
        }
    }
    let intervals = marks.saturating_sub(1);
    if !measurement.distances.is_empty() && measurement.distances.len() != intervals {
        problems.push(format!(
            "measurement {id}: {} distance(s) given for {intervals} interval(s) between marks (give one per interval, \
             or none)",
            measurement.distances.len()
        ));
    }
    for event in measurement.events.iter().filter(|e| !case.events.contains_key(*e)) {
        problems.push(format!("measurement {id}: linked event {event} does not exist"));
    }
    if measurement.events.windows(2).any(|w| w[0] >= w[1]) {
        problems.push(format!("measurement {id}: linked events are duplicated or not sorted"));
    }
    for link in measurement.links.iter().filter(|l| !case.claims.contains_key(&l.claim_id)) {
        problems.push(format!("measurement {id}: linked claim {} does not exist", link.claim_id));
    }
    if measurement.links.windows(2).any(|w| w[0].claim_id >= w[1].claim_id) {
        problems.push(format!("measurement {id}: links are duplicated or not sorted by claim id"));
    }
    problems
}

/// `Ok` when `measurement` is consistent with `case`, otherwise every problem in one error.
pub fn check_measurement(case: &Case, measurement: &Measurement) -> Result<(), CaseError> {
    let problems = measurement_problems(case, measurement);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CaseError::Invalid(problems.join("; ")))
    }
}

/// Refuses to remove the `kind` `id` while measurements for which `uses` holds still name it.
pub fn refuse_if_measured(
    case: &Case,
    kind: &'static str,
    id: &impl ToString,
    uses: impl Fn(&Measurement) -> bool,
) -> Result<(), CaseError> {
    let ids: Vec<&str> = case.measurements.values().filter(|m| uses(m)).map(|m| m.id.as_str()).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let more = if ids.len() > 5 { format!(" and {} more", ids.len() - 5) } else { String::new() };
    let shown: Vec<&str> = ids.into_iter().take(5).collect();
    Err(CaseError::InUse { kind, id: id.to_string(), used_by: format!("measurement(s) {}{more}", shown.join(", ")) })
}

#[cfg(test)]
mod tests {
    use crate::case::model::event::FramePoint;
    use crate::case::model::media::Media;
    use crate::case::{Case, Edit, MeasureMark, Measurement, MeasurementId, MediaId, MediaMarks};

    fn mark(frame: u64) -> MeasureMark {
        let at = FramePoint { frame, pts_ticks: frame as i64 * 100, time_base_num: 1, time_base_den: 3000 };
        MeasureMark { at, frame_interval_ticks: 100 }
    }

    #[test]
    fn a_measurement_is_added_undone_and_keeps_its_media() {
        let mut case = Case::default();
        let media = Media { id: MediaId::from("m1"), ..Media::default() };
        case.media.insert(media.id.clone(), media);
        let before = case.clone();
        let measurement = Measurement {
            id: MeasurementId::from("ms-1"),
            media: vec![MediaMarks { media_id: MediaId::from("m1"), marks: vec![mark(10), mark(40)] }],
            ..Measurement::default()
        };
        let inverse = Edit::AddMeasurement(Box::new(measurement.clone())).apply(&mut case).expect("adds");
        assert_eq!(inverse, Edit::RemoveMeasurement(measurement.id.clone()));
        let removal = Edit::RemoveMedia(MediaId::from("m1")).apply(&mut case);
        assert!(removal.is_err_and(|e| e.to_string().contains("ms-1")), "media still measured");
        let redo = inverse.apply(&mut case).expect("undoes");
        assert_eq!(case, before);
        redo.apply(&mut case).expect("redoes");
        assert_eq!(case.measurements.get(&measurement.id), Some(&measurement));
        let mut backwards = measurement.clone();
        backwards.media[0].marks.reverse();
        let refused = Edit::UpdateMeasurement(Box::new(backwards)).apply(&mut case);
        assert!(refused.is_err_and(|e| e.to_string().contains("not in time order")));
    }
}
