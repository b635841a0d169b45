//! One-to-one matching of two reviewers' events on one media file. Intervals match intervals when their overlap
//! divided by the longer one reaches the threshold (ELAN's rule), taken greedily from the best overlap (then the
//! larger raw overlap, then the earliest start). Points match points within ±tolerance frames, choosing the most
//! matches and, among those, the least total frame difference (an assignment solved exactly per cluster of nearby
//! points). Frames are inclusive: an interval from frame 10 to 19 covers 10 frames.

/// An event reduced to what matching needs: its first frame and, for an interval, its last frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start_frame: u64,
    pub end_frame: Option<u64>,
}

impl Span {
    fn len_frames(&self, end: u64) -> u64 {
        end.saturating_sub(self.start_frame) + 1
    }
}

/// Overlap of two intervals divided by the longer one's length, in frames (None for points or no overlap).
pub fn overlap_ratio(a: Span, b: Span) -> Option<f64> {
    let (Some(a_end), Some(b_end)) = (a.end_frame, b.end_frame) else { return None };
    let overlap = overlap_frames(a, a_end, b, b_end)?;
    let longer = a.len_frames(a_end).max(b.len_frames(b_end));
    Some(overlap as f64 / longer as f64)
}

fn overlap_frames(a: Span, a_end: u64, b: Span, b_end: u64) -> Option<u64> {
    let lo = a.start_frame.max(b.start_frame);
    let hi = a_end.min(b_end);
    (hi >= lo).then(|| hi - lo + 1)
}

/// The matched pairs (index into `a`, index into `b`), sorted by `a` index.
pub fn match_spans(a: &[Span], b: &[Span], tolerance_frames: u64, min_overlap: f64) -> Vec<(usize, usize)> {
    let mut pairs = match_intervals(a, b, min_overlap);
    pairs.extend(match_points(a, b, tolerance_frames));
    pairs.sort_unstable();
    pairs
}

fn match_intervals(a: &[Span], b: &[Span], min_overlap: f64) -> Vec<(usize, usize)> {
    // (overlap, longer, raw overlap, earliest start, i, j); ratio compared exactly by cross-multiplication.
    let mut candidates: Vec<(u64, u64, u64, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        let Some(x_end) = x.end_frame else { continue };
        for (j, y) in b.iter().enumerate() {
            let Some(y_end) = y.end_frame else { continue };
            let Some(overlap) = overlap_frames(*x, x_end, *y, y_end) else { continue };
            let longer = x.len_frames(x_end).max(y.len_frames(y_end));
            if overlap as f64 / longer as f64 >= min_overlap {
                candidates.push((overlap, longer, x.start_frame.min(y.start_frame), i, j));
            }
        }
    }
    candidates.sort_by(|p, q| {
        let ratio = (u128::from(q.0) * u128::from(p.1)).cmp(&(u128::from(p.0) * u128::from(q.1)));
        ratio.then(q.0.cmp(&p.0)).then(p.2.cmp(&q.2)).then(p.3.cmp(&q.3)).then(p.4.cmp(&q.4))
    });
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut pairs = Vec::new();
    for (_, _, _, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Clusters bigger than this are matched greedily in time order (still the most matches, not always the least
/// total difference), to keep the exact assignment's cubic cost bounded.
const MAX_EXACT_CLUSTER: usize = 200;

fn match_points(a: &[Span], b: &[Span], tolerance_frames: u64) -> Vec<(usize, usize)> {
    // Merge both sides' points in frame order; a gap wider than the tolerance separates clusters that cannot share
    // a match.
    let mut points: Vec<(u64, bool, usize)> = Vec::new();
    points.extend(a.iter().enumerate().filter(|(_, s)| s.end_frame.is_none()).map(|(i, s)| (s.start_frame, false, i)));
    points.extend(b.iter().enumerate().filter(|(_, s)| s.end_frame.is_none()).map(|(j, s)| (s.start_frame, true, j)));
    points.sort_unstable();
    let mut pairs = Vec::new();
    let mut start = 0;
    for end in 1..=points.len() {
        let split = end == points.len() || points[end].0 - points[end - 1].0 > tolerance_frames;
        if split {
            let cluster = &points[start..end];
            let left: Vec<(u64, usize)> = cluster.iter().filter(|p| !p.1).map(|p| (p.0, p.2)).collect();
            let right: Vec<(u64, usize)> = cluster.iter().filter(|p| p.1).map(|p| (p.0, p.2)).collect();
            if !left.is_empty() && !right.is_empty() {
                if left.len() + right.len() > MAX_EXACT_CLUSTER {
                    pairs.extend(greedy_in_time(&left, &right, tolerance_frames));
                } else {
                    pairs.extend(assign(&left, &right, tolerance_frames));
                }
            }
            start = end;
        }
    }
    pairs
}

fn greedy_in_time(left: &[(u64, usize)], right: &[(u64, usize)], tolerance: u64) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut next = 0;
    for &(frame, i) in left {
        while next < right.len() && right[next].0 + tolerance < frame {
            next += 1;
        }
        if next < right.len() && right[next].0 <= frame + tolerance {
            pairs.push((i, right[next].1));
            next += 1;
        }
    }
    pairs
}

/// Most matches, then least total |Δframe|: the Hungarian method on cost −(big − |Δ|) for pairs within the
/// tolerance and 0 otherwise, `big` larger than any sum of differences so a further match always wins.
fn assign(left: &[(u64, usize)], right: &[(u64, usize)], tolerance: u64) -> Vec<(usize, usize)> {
    let swap = left.len() > right.len();
    let (rows, cols) = if swap { (right, left) } else { (left, right) };
    let big = (tolerance as i64 + 1) * (rows.len() as i64 + 1);
    let cost = |r: usize, c: usize| -> i64 {
        let d = rows[r].0.abs_diff(cols[c].0);
        if d <= tolerance {
            -(big - d as i64)
        } else {
            0
        }
    };
    let assigned = hungarian(rows.len(), cols.len(), cost);
    let mut pairs = Vec::new();
    for (c, r) in assigned.into_iter().enumerate() {
        let Some(r) = r else { continue };
        if rows[r].0.abs_diff(cols[c].0) <= tolerance {
            let (i, j) = if swap { (cols[c].1, rows[r].1) } else { (rows[r].1, cols[c].1) };
            pairs.push((i, j));
        }
    }
    pairs
}

/// The minimum-cost assignment of `n` rows to distinct columns of `m ≥ n`; returns, per column, its row.
fn hungarian(n: usize, m: usize, cost: impl Fn(usize, usize) -> i64) -> Vec<Option<usize>> {
    const INF: i64 = i64::MAX / 4;
    let mut u = vec![0i64; n + 1];
    let mut v = vec![0i64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![INF; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = INF;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=m).map(|j| p[j].checked_sub(1)).collect()
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
