//! The units the slice coefficients count: by default every frame of a media file (one unit per frame index, as the
//! frame index counts them, never time × fps), each labelled per reviewer with the sorted set of interval types
//! covering that frame (the empty set is "none"); or, with a slice length S, BORIS's time units: instants
//! t₀ + k·S from the earliest coded moment on the file to the latest, where an interval covers t when
//! start ≤ t ≤ end and a point when |t − start| ≤ S/2 (media seconds from PTS × time base).

use super::params::{AgreementError, MAX_SLICE_UNITS};
use crate::case::model::event::Event;
use std::collections::BTreeMap;

/// One reviewer's events on a media file, with their type's index in the run's type list.
pub type Coded<'a> = Vec<(&'a Event, usize)>;

/// Category labels of every unit for every reviewer: `labels[r][u]` is an index into `categories`.
#[derive(Debug, Default)]
pub struct Labels {
    pub labels: Vec<Vec<u32>>,
    /// The type indices (sorted) of each category; category 0 is the empty set, "none".
    pub categories: Vec<Vec<usize>>,
    interned: BTreeMap<Vec<usize>, u32>,
}

/// How one media file was cut into units.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaUnits {
    pub units: u64,
    /// Media seconds of the first slice (slice mode only).
    pub first_slice_secs: Option<f64>,
    /// Whether the frame count came from the coded events because the probe had none.
    pub frame_count_from_events: bool,
}

impl Labels {
    pub fn new(reviewers: usize) -> Self {
        let mut interned = BTreeMap::new();
        interned.insert(Vec::new(), 0);
        Self { labels: vec![Vec::new(); reviewers], categories: vec![Vec::new()], interned }
    }

    fn intern(&mut self, types: Vec<usize>) -> u32 {
        if let Some(id) = self.interned.get(&types) {
            return *id;
        }
        let id = self.categories.len() as u32;
        self.categories.push(types.clone());
        self.interned.insert(types, id);
        id
    }

    /// Appends `units` units of one media file for every reviewer; `spans[r]` holds reviewer r's covered unit
    /// ranges (inclusive) with their type index.
    fn append(&mut self, units: u64, spans: &[Vec<(u64, u64, usize)>], type_count: usize) {
        for (r, reviewer_spans) in spans.iter().enumerate() {
            let mut boundaries: Vec<(u64, bool, usize)> = Vec::with_capacity(reviewer_spans.len() * 2);
            for &(lo, hi, t) in reviewer_spans {
                boundaries.push((lo, true, t));
                boundaries.push((hi + 1, false, t));
            }
            boundaries.sort_unstable();
            let mut active = vec![0u32; type_count];
            let mut at = 0u64;
            let mut next = 0;
            while at < units {
                while next < boundaries.len() && boundaries[next].0 <= at {
                    let (_, enters, t) = boundaries[next];
                    if enters {
                        active[t] += 1;
                    } else {
                        active[t] = active[t].saturating_sub(1);
                    }
                    next += 1;
                }
                let until = boundaries.get(next).map_or(units, |b| b.0.min(units));
                let set: Vec<usize> = (0..type_count).filter(|t| active[*t] > 0).collect();
                let id = self.intern(set);
                let run = (until - at) as usize;
                self.labels[r].extend(std::iter::repeat_n(id, run));
                at = until;
            }
        }
    }
}

/// Cuts one media file into frame units and labels them; points are left to event matching.
pub fn append_frames(labels: &mut Labels, frame_count: u64, coded: &[Coded<'_>], type_count: usize) -> MediaUnits {
    let last_end = coded.iter().flatten().map(|(e, _)| e.end.map_or(e.start.frame, |end| end.frame)).max();
    let from_events = frame_count == 0;
    let units = if from_events { last_end.map_or(0, |f| f + 1) } else { frame_count };
    let spans: Vec<Vec<(u64, u64, usize)>> = coded
        .iter()
        .map(|events| {
            events
                .iter()
                .filter_map(|(e, t)| {
                    let end = e.end?.frame.min(units.checked_sub(1)?);
                    (e.start.frame <= end).then_some((e.start.frame, end, *t))
                })
                .collect()
        })
        .collect();
    labels.append(units, &spans, type_count);
    MediaUnits { units, first_slice_secs: None, frame_count_from_events: from_events }
}

fn secs(event: &Event, point: crate::case::FramePoint) -> Result<f64, AgreementError> {
    point.media_secs().ok_or_else(|| AgreementError::NoTime(event.id.to_string()))
}

/// Cuts one media file into BORIS time slices of `slice_secs` and labels them.
pub fn append_slices(
    labels: &mut Labels,
    slice_secs: f64,
    coded: &[Coded<'_>],
    type_count: usize,
) -> Result<MediaUnits, AgreementError> {
    let mut ranges: Vec<Vec<(f64, f64, usize)>> = Vec::with_capacity(coded.len());
    for events in coded {
        let mut reviewer = Vec::with_capacity(events.len());
        for (e, t) in events {
            let start = secs(e, e.start)?;
            let range = match e.end {
                Some(end) => (start, secs(e, end)?, *t),
                None => (start - slice_secs / 2.0, start + slice_secs / 2.0, *t),
            };
            reviewer.push(range);
        }
        ranges.push(reviewer);
    }
    // BORIS: from the first coded start to the last coded stop (a point's own time, not its window).
    let mut first: Option<f64> = None;
    let mut last: Option<f64> = None;
    for events in coded {
        for (e, _) in events {
            let start = secs(e, e.start)?;
            let stop = match e.end {
                Some(end) => secs(e, end)?,
                None => start,
            };
            first = Some(first.map_or(start, |f: f64| f.min(start)));
            last = Some(last.map_or(stop, |l: f64| l.max(stop)));
        }
    }
    let (Some(t0), Some(t1)) = (first, last) else {
        return Ok(MediaUnits { units: 0, first_slice_secs: None, frame_count_from_events: false });
    };
    let at = |k: u64| t0 + k as f64 * slice_secs;
    let estimate = ((t1 - t0) / slice_secs).floor();
    if estimate + 1.0 > MAX_SLICE_UNITS as f64 {
        return Err(AgreementError::TooManySlices { units: estimate as u64 + 1, slice_secs });
    }
    let mut last_k = estimate as u64;
    while at(last_k + 1) <= t1 {
        last_k += 1;
    }
    while last_k > 0 && at(last_k) > t1 {
        last_k -= 1;
    }
    let units = last_k + 1;
    let first_at_or_after = |x: f64| -> u64 {
        let mut k = ((x - t0) / slice_secs).ceil().max(0.0) as u64;
        while k > 0 && at(k - 1) >= x {
            k -= 1;
        }
        while at(k) < x {
            k += 1;
        }
        k
    };
    let spans: Vec<Vec<(u64, u64, usize)>> = ranges
        .iter()
        .map(|reviewer| {
            reviewer
                .iter()
                .filter_map(|&(lo, hi, t)| {
                    let k_lo = first_at_or_after(lo);
                    let k_after = first_at_or_after(hi);
                    // The last unit at or before hi.
                    let k_hi = if at(k_after) <= hi { k_after } else { k_after.checked_sub(1)? };
                    let k_hi = k_hi.min(units - 1);
                    (k_lo <= k_hi).then_some((k_lo, k_hi, t))
                })
                .collect()
        })
        .collect();
    labels.append(units, &spans, type_count);
    Ok(MediaUnits { units, first_slice_secs: Some(t0), frame_count_from_events: false })
}
