//! The measure tool without a window: the frames marked so far on one media file (Ctrl+M marks the frame on
//! screen), and what the reviewer typed beside them — per interval between consecutive marks a distance, its ± and
//! where it comes from; optionally a tested timing uncertainty and its source; the events and the claim it bears
//! on; a note. [`MeasureDraft::build`] turns all of it into a `Measurement` (each mark its exact frame point and its
//! local frame interval from the player's frames, never a frame rate) or says in words what is missing or wrong;
//! the case's own rules (`case::measurement_problems`) have the last word. Saving is one `AddMeasurement` edit
//! through [`Desk::edit`], so it is journalled, audited and undone like every edit.

use crate::case::{
    measurement_problems, Case, ClaimId, ClaimLink, EventId, GivenDistance, MeasureMark, Measurement, MediaId,
    MediaMarks, Stance, TimingUncertainty,
};
use crate::player::Timeline;

use super::state::Desk;
use super::view::frame_point;

/// What the measure window asks of the desk.
#[derive(Clone, Debug, PartialEq)]
pub enum MeasureCommand {
    /// Ctrl+M: mark the frame on screen (on the media the desk codes on).
    Mark,
    /// Take one marked frame out again.
    RemoveMark(u64),
    /// Let every mark and everything typed go.
    Clear,
    /// What the reviewer typed, as it stands now (the window sends it whenever a field changes).
    SetForm(MeasureForm),
    /// Build the measurement and add it to the case (one audited, undoable edit).
    Save,
}

/// One interval between consecutive marks, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntervalForm {
    pub distance_m: String,
    /// Empty means ± 0 m, as on the command line.
    pub distance_unc_m: String,
    pub source: String,
}

/// Everything typed beside the marks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasureForm {
    /// One per interval between consecutive marks, in time order (kept in step with the marks).
    pub intervals: Vec<IntervalForm>,
    /// Use a tested timing uncertainty in place of ± half the local frame interval at each mark.
    pub tested_timing: bool,
    pub timing_unc_secs: String,
    pub timing_source: String,
    pub events: Vec<EventId>,
    pub claim: Option<ClaimId>,
    pub stance: Stance,
    pub note: String,
}

/// The marks so far and the form beside them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasureDraft {
    /// The media file the marks are on (`None` until the first mark).
    media_id: Option<MediaId>,
    /// In frame order, no frame twice.
    marks: Vec<MeasureMark>,
    form: MeasureForm,
}

/// A typed number: `None` when the field is empty; a comma is read as a decimal point.
fn parse_number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.replace(',', ".").parse::<f64>().map(Some).map_err(|_| format!("{what} “{text}” is not a number"))
}

impl MeasureDraft {
    pub fn media_id(&self) -> Option<&MediaId> {
        self.media_id.as_ref()
    }

    pub fn marks(&self) -> &[MeasureMark] {
        &self.marks
    }

    pub fn form(&self) -> &MeasureForm {
        &self.form
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Marks `frame` of `timeline` (the file `media_id`); refused in words on another file than the marks so far,
    /// on a frame already marked, or where no frame interval can be stated. Returns the new mark's place.
    pub fn mark(&mut self, media_id: &MediaId, timeline: &Timeline, frame: usize) -> Result<usize, String> {
        if let Some(on) = self.media_id.as_ref().filter(|on| *on != media_id) {
            return Err(format!(
                "the marks so far are on {on}: a measurement from the window is on one camera. Clear the marks to \
                 measure on {media_id} (marks on several synced cameras: `claimframe case measure add` with --media \
                 for each)"
            ));
        }
        if frame >= timeline.frame_count() {
            return Err(format!("frame {frame} is not in the file ({} frames)", timeline.frame_count()));
        }
        let Some(interval_ticks) = timeline.frame_interval_ticks(frame) else {
            return Err(format!(
                "frame {frame} has no frame interval to state (a one-frame file, or its PTS does not advance: see \
                 Timing…)"
            ));
        };
        let at = frame_point(timeline, frame);
        let place = self.marks.partition_point(|m| m.at.frame < at.frame);
        if self.marks.get(place).is_some_and(|m| m.at.frame == at.frame) {
            return Err(format!("frame {frame} is already marked"));
        }
        self.marks.insert(place, MeasureMark { at, frame_interval_ticks: interval_ticks });
        self.media_id = Some(media_id.clone());
        self.split_interval(place);
        Ok(place)
    }

    /// Takes the mark on `frame` out; `false` when there was none.
    pub fn remove(&mut self, frame: u64) -> bool {
        let Some(place) = self.marks.iter().position(|m| m.at.frame == frame) else { return false };
        self.marks.remove(place);
        self.join_intervals(place);
        if self.marks.is_empty() {
            *self = MeasureDraft::default();
        }
        true
    }

    pub fn clear(&mut self) {
        *self = MeasureDraft::default();
    }

    /// Takes what the window typed, keeping one interval per pair of consecutive marks.
    pub fn set_form(&mut self, form: MeasureForm) {
        self.form = form;
        self.form.intervals.resize(self.marks.len().saturating_sub(1), IntervalForm::default());
    }

    /// A mark went in at `place`: the interval it falls in is split in two new, empty ones (what was typed for the
    /// whole span is not the distance of either part); a mark at either end adds one empty interval there.
    fn split_interval(&mut self, place: usize) {
        let intervals = &mut self.form.intervals;
        let last = self.marks.len() - 1;
        if self.marks.len() < 2 {
            intervals.clear();
        } else if place == 0 {
            intervals.insert(0, IntervalForm::default());
        } else if place == last {
            intervals.push(IntervalForm::default());
        } else {
            intervals[place - 1] = IntervalForm::default();
            intervals.insert(place, IntervalForm::default());
        }
    }

    /// The mark at `place` went: the two intervals around it become one empty one; at either end one goes.
    fn join_intervals(&mut self, place: usize) {
        let intervals = &mut self.form.intervals;
        if intervals.is_empty() {
            return;
        }
        if place == 0 {
            intervals.remove(0);
        } else if place >= intervals.len() {
            intervals.pop();
        } else {
            intervals.remove(place);
            intervals[place - 1] = IntervalForm::default();
        }
    }

    /// The distances typed: none at all, or one per interval with its ± and source.
    fn distances(&self) -> Result<Vec<GivenDistance>, String> {
        let intervals = &self.form.intervals;
        let given = intervals.iter().filter(|i| !i.distance_m.trim().is_empty()).count();
        if given == 0 {
            let stray =
                intervals.iter().position(|i| !i.distance_unc_m.trim().is_empty() || !i.source.trim().is_empty());
            return match stray {
                Some(k) => Err(format!("interval {} has a ± or a source but no distance", k + 1)),
                None => Ok(Vec::new()),
            };
        }
        let mut out = Vec::with_capacity(intervals.len());
        for (k, interval) in intervals.iter().enumerate() {
            let (from, to) = (self.marks[k].at.frame, self.marks[k + 1].at.frame);
            let name = format!("interval {} (frames {from}–{to})", k + 1);
            let Some(distance_m) = parse_number(&interval.distance_m, &format!("{name}: distance"))? else {
                return Err(format!(
                    "{given} distance(s) given for {} intervals: {name} has none. Give a distance for every \
                     interval, or none (time only)",
                    intervals.len()
                ));
            };
            let distance_unc_m = parse_number(&interval.distance_unc_m, &format!("{name}: ±"))?.unwrap_or(0.0);
            let source = interval.source.trim();
            if source.is_empty() {
                return Err(format!("{name}: say where the distance comes from (e.g. “lane markings 3.0 m apart”)"));
            }
            out.push(GivenDistance { distance_m, distance_unc_m, source: source.to_owned() });
        }
        Ok(out)
    }

    fn timing(&self) -> Result<Option<TimingUncertainty>, String> {
        let form = &self.form;
        if !form.tested_timing {
            return Ok(None);
        }
        let Some(per_mark_unc_secs) = parse_number(&form.timing_unc_secs, "the tested timing ±")? else {
            return Err("give the tested timing uncertainty in seconds per mark, or untick it".to_owned());
        };
        let source = form.timing_source.trim();
        if source.is_empty() {
            return Err("say how the timing uncertainty was tested (its source)".to_owned());
        }
        Ok(Some(TimingUncertainty { per_mark_unc_secs, source: source.to_owned() }))
    }

    /// The measurement the marks and the form make, as `reviewer` at `now_utc`, checked against `case`; or what is
    /// missing or wrong, in words.
    pub fn build(&self, case: &Case, reviewer: &str, now_utc: &str) -> Result<Measurement, String> {
        let media_id = match (&self.media_id, self.marks.len()) {
            (Some(id), n) if n >= 2 => id.clone(),
            (_, n) => {
                return Err(format!("mark at least two frames (Ctrl+M marks the frame on screen); {n} marked so far"))
            }
        };
        let mut events = self.form.events.clone();
        events.sort();
        events.dedup();
        let links = self
            .form
            .claim
            .iter()
            .map(|claim_id| ClaimLink { claim_id: claim_id.clone(), stance: self.form.stance, ..ClaimLink::default() })
            .collect();
        let measurement = Measurement {
            id: case.new_measurement_id(),
            media: vec![MediaMarks { media_id, marks: self.marks.clone() }],
            distances: self.distances()?,
            timing: self.timing()?,
            events,
            links,
            note: self.form.note.trim().to_owned(),
            reviewer: reviewer.to_owned(),
            created_utc: now_utc.to_owned(),
            modified_utc: now_utc.to_owned(),
        };
        let problems = measurement_problems(case, &measurement);
        if problems.is_empty() {
            Ok(measurement)
        } else {
            Err(problems.join("; "))
        }
    }
}

impl Desk {
    /// Applies one command of the measure tool at `frame` of `timeline` (the file on screen) as `reviewer`; the
    /// outcome becomes the notice.
    pub fn measure(&mut self, cmd: MeasureCommand, timeline: Option<&Timeline>, frame: usize, reviewer: &str) {
        match cmd {
            MeasureCommand::Mark => {
                let Some(timeline) = timeline else {
                    self.tell("Not marked: the media is still being indexed.", true);
                    return;
                };
                let media_id = self.media_id().clone();
                match self.measure_draft_mut().mark(&media_id, timeline, frame) {
                    Ok(_) => {
                        let n = self.measure_draft().marks().len();
                        let next = if n < 2 { " Mark at least one more." } else { "" };
                        self.tell(format!("Marked frame {frame} for measuring ({n} marked).{next}"), false);
                    }
                    Err(e) => self.tell(format!("Not marked: {e}."), true),
                }
            }
            MeasureCommand::RemoveMark(frame) => {
                self.measure_draft_mut().remove(frame);
            }
            MeasureCommand::Clear => self.measure_draft_mut().clear(),
            MeasureCommand::SetForm(form) => self.measure_draft_mut().set_form(form),
            MeasureCommand::Save => self.save_measurement(reviewer),
        }
    }

    /// Adds the draft's measurement to the case as one edit and selects it; refused in words when it is not
    /// complete or the case refuses it.
    fn save_measurement(&mut self, reviewer: &str) {
        use crate::case::{Clock, Edit, SystemClock};
        let now = SystemClock.now_rfc3339();
        let measurement = match self.measure_draft().build(self.case(), reviewer, &now) {
            Ok(m) => m,
            Err(e) => {
                self.tell(format!("Not measured: {e}."), true);
                return;
            }
        };
        let id = measurement.id.clone();
        let frames: Vec<String> =
            measurement.media.iter().flat_map(|m| m.marks.iter().map(|k| k.at.frame.to_string())).collect();
        if self.edit(Edit::AddMeasurement(Box::new(measurement)), reviewer) {
            self.measure_draft_mut().clear();
            self.select_measurement(Some(id.clone()));
            self.tell(format!("Measured {id} between frames {}. Ctrl+Z takes it back.", frames.join(", ")), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vfr() -> Timeline {
        // 1/1000 s ticks: 40 ms apart, then 80, then 20 (a phone's variable rate), ten frames in all.
        let pts: Vec<Option<i64>> = [0, 40, 120, 140, 160, 180, 200, 220, 240, 260].into_iter().map(Some).collect();
        Timeline::from_parts(&pts, vec![true; 10], 0.001, 1, 1000)
    }

    fn case_with(media: &str) -> Case {
        let mut case = Case::default();
        let record = crate::case::Media { id: MediaId::from(media), ..Default::default() };
        case.media.insert(record.id.clone(), record);
        case
    }

    /// A draft with `frames` of the VFR timeline marked on m1.
    fn marked(frames: &[usize]) -> (Timeline, MediaId, MeasureDraft) {
        let (timeline, m1) = (vfr(), MediaId::from("m1"));
        let mut draft = MeasureDraft::default();
        for &frame in frames {
            draft.mark(&m1, &timeline, frame).expect("marks");
        }
        (timeline, m1, draft)
    }

    fn typed(distance: &str, unc: &str, source: &str) -> IntervalForm {
        IntervalForm { distance_m: distance.into(), distance_unc_m: unc.into(), source: source.into() }
    }

    #[test]
    fn marks_keep_frame_order_and_their_exact_points_and_intervals() {
        let (timeline, m1, mut draft) = marked(&[3, 1, 9]);
        let frames: Vec<u64> = draft.marks().iter().map(|m| m.at.frame).collect();
        assert_eq!(frames, [1, 3, 9]);
        let intervals: Vec<i64> = draft.marks().iter().map(|m| m.frame_interval_ticks).collect();
        assert_eq!(intervals, [80, 20, 20], "to the next frame; the last frame from the one before");
        assert_eq!(draft.marks()[0].at, frame_point(&timeline, 1));
        assert_eq!(draft.form().intervals.len(), 2);
        assert!(draft.mark(&m1, &timeline, 3).is_err_and(|e| e.contains("already marked")));
        assert!(draft.mark(&m1, &timeline, 10).is_err_and(|e| e.contains("not in the file")));
        let other = draft.mark(&MediaId::from("m2"), &timeline, 5);
        assert!(other.is_err_and(|e| e.contains("the marks so far are on m1")));
    }

    #[test]
    fn what_was_typed_stays_with_its_interval_when_marks_come_and_go() {
        let (timeline, m1, mut draft) = marked(&[1, 5, 9]);
        let mut form = draft.form().clone();
        form.intervals = vec![typed("4", "", "a"), typed("6", "", "b")];
        draft.set_form(form);
        draft.mark(&m1, &timeline, 0).expect("marks before the first");
        let distances: Vec<&str> = draft.form().intervals.iter().map(|i| i.distance_m.as_str()).collect();
        assert_eq!(distances, ["", "4", "6"]);
        draft.mark(&m1, &timeline, 7).expect("marks inside the last interval");
        let distances: Vec<&str> = draft.form().intervals.iter().map(|i| i.distance_m.as_str()).collect();
        assert_eq!(distances, ["", "4", "", ""], "the split interval's distance is not either part's");
        assert!(draft.remove(0));
        assert!(draft.remove(5));
        let distances: Vec<&str> = draft.form().intervals.iter().map(|i| i.distance_m.as_str()).collect();
        assert_eq!(distances, ["", ""], "frames 1 → 7 is a new interval; 7 → 9 stays");
        assert!(!draft.remove(4), "no mark there");
        draft.remove(1);
        draft.remove(7);
        draft.remove(9);
        assert_eq!(draft, MeasureDraft::default(), "the last mark gone, the draft is empty again");
    }

    #[test]
    fn a_draft_builds_the_measurement_the_command_line_would() {
        let (timeline, m1) = (vfr(), MediaId::from("m1"));
        let case = case_with("m1");
        let mut draft = MeasureDraft::default();
        draft.mark(&m1, &timeline, 0).expect("marks");
        assert!(draft.build(&case, "ana", "now").is_err_and(|e| e.contains("at least two frames")));
        draft.mark(&m1, &timeline, 2).expect("marks");
        draft.mark(&m1, &timeline, 4).expect("marks");
        let mut form = draft.form().clone();
        form.intervals = vec![typed("3,0", "0.1", " lane markings "), typed("1.5", "", "half a marking")];
        form.events = vec![EventId::new("e2"), EventId::new("e1"), EventId::new("e2")];
        form.note = " braking ".into();
        draft.set_form(form);
        let mut case = case;
        for id in ["e1", "e2"] {
            case.events.insert(EventId::new(id), crate::case::Event { id: EventId::new(id), ..Default::default() });
        }
        let m = draft.build(&case, "ana", "2030-01-01T00:00:00Z").expect("builds");
        let marks = &m.media[0].marks;
        assert_eq!(
            marks.iter().map(|k| (k.at.frame, k.at.pts_ticks)).collect::<Vec<_>>(),
            [(0, 0), (2, 120), (4, 160)]
        );
        assert_eq!(marks.iter().map(|k| k.frame_interval_ticks).collect::<Vec<_>>(), [40, 20, 20]);
        assert_eq!(
            m.distances[0],
            GivenDistance { distance_m: 3.0, distance_unc_m: 0.1, source: "lane markings".into() }
        );
        assert_eq!(m.distances[1].distance_unc_m, 0.0, "an empty ± is 0, as on the command line");
        assert_eq!(m.events, [EventId::new("e1"), EventId::new("e2")]);
        assert_eq!((m.reviewer.as_str(), m.note.as_str(), m.timing.as_ref()), ("ana", "braking", None));
        assert!(m.id.as_str().starts_with("ms-") && !case.measurements.contains_key(&m.id), "a fresh id: {}", m.id);
    }

    #[test]
    fn incomplete_or_impossible_input_is_refused_in_words() {
        let case = case_with("m1");
        let (_, _, mut draft) = marked(&[0, 2, 4]);
        let refusal = |draft: &mut MeasureDraft, intervals: Vec<IntervalForm>, change: fn(&mut MeasureForm)| {
            let mut form = MeasureForm { intervals, ..MeasureForm::default() };
            change(&mut form);
            draft.set_form(form);
            draft.build(&case, "ana", "now").expect_err("refused")
        };
        type Typed<'a> = &'a [(&'a str, &'a str, &'a str)];
        let distances: [(Typed, &str); 6] = [
            (&[("3", "", "s"), ("", "", "")], "1 distance(s) given for 2 intervals: interval 2 (frames 2–4) has none"),
            (&[("NaN", "", "s"), ("2", "", "s")], "distance 1: NaN m is not usable"),
            (&[("3", "-0.5", "s"), ("2", "", "s")], "distance 1: ± -0.5 m is not usable"),
            (&[("three", "", "s"), ("2", "", "s")], "interval 1 (frames 0–2): distance “three” is not a number"),
            (&[("3", "", ""), ("2", "", "s")], "interval 1 (frames 0–2): say where the distance comes from"),
            (&[("", "0.2", ""), ("", "", "")], "interval 1 has a ± or a source but no distance"),
        ];
        for (typed_in, words) in distances {
            let intervals = typed_in.iter().map(|(d, u, s)| typed(d, u, s)).collect();
            let refused = refusal(&mut draft, intervals, |_| {});
            assert!(refused.contains(words), "{refused}");
        }
        let untested = refusal(&mut draft, Vec::new(), |f| f.tested_timing = true);
        assert!(untested.contains("give the tested timing uncertainty"), "{untested}");
        let negative_timing = refusal(&mut draft, Vec::new(), |f| {
            f.tested_timing = true;
            f.timing_unc_secs = "-1".into();
            f.timing_source = "stopwatch".into();
        });
        assert!(negative_timing.contains("timing uncertainty -1 s is negative"), "{negative_timing}");
        let missing_event = refusal(&mut draft, Vec::new(), |f| f.events = vec![EventId::new("e9")]);
        assert!(missing_event.contains("linked event e9 does not exist"), "{missing_event}");
        let time_only = MeasureForm::default();
        draft.set_form(time_only);
        assert!(draft.build(&case, "ana", "now").is_ok_and(|m| m.distances.is_empty()), "time only is a measurement");
    }

    #[test]
    fn a_frame_without_an_interval_is_not_marked() {
        let single = Timeline::from_parts(&[Some(0)], vec![true], 0.001, 1, 1000);
        let mut draft = MeasureDraft::default();
        let refused = draft.mark(&MediaId::from("m1"), &single, 0);
        assert!(refused.is_err_and(|e| e.contains("no frame interval")));
        assert!(draft.is_empty());
    }
}
