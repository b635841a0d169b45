//! A flat binary tree of maxima over a fixed list of integers (the end frames of a lane's events in start order):
//! range maxima and "which entries reach at least x" in logarithmic time, so a lane is never scanned.

/// Maxima over `values`, padded to a power of two with `i64::MIN`.
#[derive(Clone, Debug, Default)]
pub struct MaxTree {
    /// Leaves: `size..2 * size`; node `k` holds the maximum of nodes `2k` and `2k + 1`. Index 0 is unused.
    nodes: Vec<i64>,
    size: usize,
}

impl MaxTree {
    pub fn new(values: &[i64]) -> Self {
        let size = values.len().max(1).next_power_of_two();
        let mut nodes = vec![i64::MIN; 2 * size];
        nodes[size..size + values.len()].copy_from_slice(values);
        for k in (1..size).rev() {
            nodes[k] = nodes[2 * k].max(nodes[2 * k + 1]);
        }
        Self { nodes, size }
    }

    /// The maximum over indices `lo..hi` (`i64::MIN` when empty).
    pub fn max_in(&self, lo: usize, hi: usize) -> i64 {
        let (mut lo, mut hi) = (lo.min(self.size) + self.size, hi.min(self.size) + self.size);
        let mut best = i64::MIN;
        while lo < hi {
            if lo & 1 == 1 {
                best = best.max(self.nodes[lo]);
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                best = best.max(self.nodes[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        best
    }

    /// The last index below `hi` whose value is at least `x`.
    pub fn rightmost_at_least(&self, hi: usize, x: i64) -> Option<usize> {
        self.rightmost_in(1, 0, self.size, hi, x)
    }

    fn rightmost_in(&self, node: usize, node_lo: usize, node_hi: usize, hi: usize, x: i64) -> Option<usize> {
        if node_lo >= hi || self.nodes[node] < x {
            return None;
        }
        if node_hi - node_lo == 1 {
            return Some(node_lo);
        }
        let mid = (node_lo + node_hi) / 2;
        self.rightmost_in(2 * node + 1, mid, node_hi, hi, x)
            .or_else(|| self.rightmost_in(2 * node, node_lo, mid, hi, x))
    }

    /// Pushes, in increasing order, the indices in `lo..hi` whose value is at least `x`, stopping after `limit`.
    /// Work is proportional to the number found (times the tree height), not to `hi - lo`.
    pub fn each_at_least(&self, lo: usize, hi: usize, x: i64, limit: usize, out: &mut Vec<usize>) {
        let mut budget = limit;
        self.each_in(1, 0, self.size, lo, hi, x, &mut budget, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn each_in(
        &self,
        node: usize,
        node_lo: usize,
        node_hi: usize,
        lo: usize,
        hi: usize,
        x: i64,
        budget: &mut usize,
        out: &mut Vec<usize>,
    ) {
        if *budget == 0 || node_hi <= lo || node_lo >= hi || self.nodes[node] < x {
            return;
        }
        if node_hi - node_lo == 1 {
            out.push(node_lo);
            *budget -= 1;
            return;
        }
        let mid = (node_lo + node_hi) / 2;
        self.each_in(2 * node, node_lo, mid, lo, hi, x, budget, out);
        self.each_in(2 * node + 1, mid, node_hi, lo, hi, x, budget, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_match_a_scan() {
        let values = [5, 1, 9, 3, 3, 7, 0];
        let tree = MaxTree::new(&values);
        for lo in 0..=values.len() {
            for hi in lo..=values.len() {
                let want = values[lo..hi].iter().copied().max().unwrap_or(i64::MIN);
                assert_eq!(tree.max_in(lo, hi), want, "{lo}..{hi}");
                for x in -1..11 {
                    let mut got = Vec::new();
                    tree.each_at_least(lo, hi, x, usize::MAX, &mut got);
                    let want: Vec<usize> = (lo..hi).filter(|&i| values[i] >= x).collect();
                    assert_eq!(got, want);
                    if lo == 0 {
                        assert_eq!(tree.rightmost_at_least(hi, x), want.last().copied());
                    }
                }
            }
        }
        let mut limited = Vec::new();
        tree.each_at_least(0, 7, 3, 2, &mut limited);
        assert_eq!(limited, vec![0, 2]);
    }
}
