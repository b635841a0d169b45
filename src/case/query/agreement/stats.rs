//! The agreement coefficients themselves, on plain counts: Cohen's kappa of a square table (with its observed and
//! chance agreement and κ_max), the same with a structural zero fitted by iterative proportional fitting (ELAN's
//! table with an "unmatched" row and column), and Krippendorff's alpha for nominal data from units coded by two or
//! more coders, missing values allowed. An undefined coefficient is `None` with the reason in words, never NaN.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A chance-corrected agreement figure with what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Coefficient {
    /// The coefficient, or `None` when it is undefined (see `undefined_because`).
    pub value: Option<f64>,
    /// Why `value` is `None`, in words; absent when it is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_because: Option<String>,
    /// Observed agreement p_o (share of units, or of table weight, on the diagonal).
    pub observed_agreement: Option<f64>,
    /// Agreement expected by chance p_e from the margins.
    pub chance_agreement: Option<f64>,
    /// The largest kappa the margins allow (Cohen 1960); only for kappas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kappa_max: Option<f64>,
    /// How many units (or table entries) it was computed on.
    pub units: u64,
}

impl Coefficient {
    /// An undefined figure on `units` units, with the reason.
    pub fn undefined(units: u64, because: impl Into<String>) -> Self {
        Self { undefined_because: Some(because.into()), units, ..Self::default() }
    }
}

/// Only finite numbers leave this module.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Cohen's kappa of a square table of counts `table[row][column]` (rows one coder, columns the other):
/// p_o = Σnᵢᵢ/N, p_e = Σ nᵢ₊·n₊ᵢ/N², κ = (p_o − p_e)/(1 − p_e). Undefined with no units or when p_e = 1 (both
/// coders used one and the same category throughout).
pub fn cohen_kappa_table(table: &[Vec<f64>]) -> Coefficient {
    let k = table.len();
    let total: f64 = table.iter().flatten().sum();
    let units = total.round() as u64;
    if total <= 0.0 {
        return Coefficient::undefined(0, "there are no units to compare");
    }
    let rows: Vec<f64> = table.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..k).map(|j| table.iter().map(|r| r.get(j).copied().unwrap_or(0.0)).sum()).collect();
    let diagonal: f64 = (0..k).map(|i| table[i].get(i).copied().unwrap_or(0.0)).sum();
    let observed = diagonal / total;
    let chance: f64 = rows.iter().zip(&cols).map(|(r, c)| r * c).sum::<f64>() / (total * total);
    let max_observed: f64 = rows.iter().zip(&cols).map(|(r, c)| r.min(*c)).sum::<f64>() / total;
    kappa_from(observed, chance, Some(max_observed), units)
}

fn kappa_from(observed: f64, chance: f64, max_observed: Option<f64>, units: u64) -> Coefficient {
    let base = Coefficient {
        observed_agreement: finite(observed),
        chance_agreement: finite(chance),
        units,
        ..Coefficient::default()
    };
    if (1.0 - chance).abs() < 1e-12 {
        return Coefficient {
            undefined_because: Some(
                "chance agreement is 1: both reviewers gave every unit one and the same category".into(),
            ),
            ..base
        };
    }
    Coefficient {
        value: finite((observed - chance) / (1.0 - chance)),
        kappa_max: max_observed.and_then(|m| finite((m - chance) / (1.0 - chance))),
        ..base
    }
}

/// Cohen's kappa of two codings of the same units (`a[i]` and `b[i]` label unit i), as scikit-learn's
/// `cohen_kappa_score` computes it.
pub fn cohen_kappa<L: Ord + Clone>(a: &[L], b: &[L]) -> Coefficient {
    let mut pairs: BTreeMap<(L, L), u64> = BTreeMap::new();
    for (x, y) in a.iter().zip(b) {
        *pairs.entry((x.clone(), y.clone())).or_default() += 1;
    }
    cohen_kappa_pairs(&pairs)
}

/// Cohen's kappa from counts of (label of coder A, label of coder B).
pub fn cohen_kappa_pairs<L: Ord + Clone>(pairs: &BTreeMap<(L, L), u64>) -> Coefficient {
    let mut labels: Vec<L> = pairs.keys().flat_map(|(a, b)| [a.clone(), b.clone()]).collect();
    labels.sort();
    labels.dedup();
    let index = |l: &L| labels.binary_search(l).unwrap_or(0);
    let mut table = vec![vec![0.0; labels.len()]; labels.len()];
    for ((a, b), n) in pairs {
        table[index(a)][index(b)] += *n as f64;
    }
    cohen_kappa_table(&table)
}

/// Kappa of a square table whose cell `[zero][zero]` cannot occur (an event unmatched by both coders does not
/// exist): chance agreement comes from the expected table under quasi-independence, fitted to the observed margins
/// by iterative proportional fitting with that cell held at 0, as ELAN's "kappa_ipf" intends.
pub fn kappa_with_structural_zero(table: &[Vec<f64>], zero: usize) -> Coefficient {
    let k = table.len();
    let total: f64 = table.iter().flatten().sum();
    if total <= 0.0 {
        return Coefficient::undefined(0, "there are no annotations to compare");
    }
    let fitted = fit_quasi_independence(table, zero);
    let diagonal: f64 = (0..k).map(|i| table[i][i]).sum();
    let chance: f64 = (0..k).map(|i| fitted[i][i]).sum::<f64>() / total;
    kappa_from(diagonal / total, chance, None, total.round() as u64)
}

/// The expected table under quasi-independence: e_ij = a_i·b_j for every cell but `[zero][zero]`, which is 0,
/// with the observed row and column sums, by iterative proportional fitting.
pub(super) fn fit_quasi_independence(table: &[Vec<f64>], zero: usize) -> Vec<Vec<f64>> {
    let k = table.len();
    let total: f64 = table.iter().flatten().sum();
    let rows: Vec<f64> = table.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..k).map(|j| table.iter().map(|r| r[j]).sum()).collect();
    let mut fitted = vec![vec![1.0; k]; k];
    if zero < k {
        fitted[zero][zero] = 0.0;
    }
    for _ in 0..10_000 {
        for (i, row) in fitted.iter_mut().enumerate() {
            let sum: f64 = row.iter().sum();
            let scale = if sum > 0.0 { rows[i] / sum } else { 0.0 };
            row.iter_mut().for_each(|x| *x *= scale);
        }
        for (j, target) in cols.iter().enumerate() {
            let sum: f64 = fitted.iter().map(|r| r[j]).sum();
            let scale = if sum > 0.0 { target / sum } else { 0.0 };
            fitted.iter_mut().for_each(|r| r[j] *= scale);
        }
        let worst = fitted.iter().zip(&rows).map(|(row, r)| (row.iter().sum::<f64>() - r).abs()).fold(0.0, f64::max);
        if worst < 1e-13 * total.max(1.0) {
            break;
        }
    }
    fitted
}

/// Krippendorff's alpha for nominal data. `reliability[c][u]` is coder c's value for unit u, `None` when coder c
/// did not code unit u (the layout of the `krippendorff` package). Units coded by fewer than two coders are not
/// pairable and are left out. α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k over the coincidence matrix o.
pub fn krippendorff_alpha_nominal<L: Ord + Clone>(reliability: &[Vec<Option<L>>]) -> Coefficient {
    let units = reliability.iter().map(Vec::len).max().unwrap_or(0);
    let mut patterns: BTreeMap<Vec<L>, u64> = BTreeMap::new();
    for u in 0..units {
        let mut values: Vec<L> = reliability.iter().filter_map(|coder| coder.get(u).cloned().flatten()).collect();
        values.sort();
        *patterns.entry(values).or_default() += 1;
    }
    alpha_from_patterns(&patterns)
}

/// Krippendorff's alpha (nominal) from unit patterns: each key is the sorted values one unit received (one per
/// coder who coded it), each count how many units received exactly those values.
pub fn alpha_from_patterns<L: Ord + Clone>(patterns: &BTreeMap<Vec<L>, u64>) -> Coefficient {
    let mut coincidence: BTreeMap<(L, L), f64> = BTreeMap::new();
    let mut pairable_units = 0u64;
    for (values, count) in patterns {
        let m = values.len();
        if m < 2 {
            continue;
        }
        pairable_units += count;
        let weight = *count as f64 / (m - 1) as f64;
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    *coincidence.entry((a.clone(), b.clone())).or_default() += weight;
                }
            }
        }
    }
    if pairable_units == 0 {
        return Coefficient::undefined(0, "no unit was coded by two or more reviewers");
    }
    let mut marginals: BTreeMap<L, f64> = BTreeMap::new();
    for ((a, _), o) in &coincidence {
        *marginals.entry(a.clone()).or_default() += o;
    }
    let n: f64 = marginals.values().sum();
    let disagreeing: f64 = coincidence.iter().filter(|((a, b), _)| a != b).map(|(_, o)| o).sum();
    let sum_sq: f64 = marginals.values().map(|x| x * x).sum();
    let expected_pairs = n * n - sum_sq;
    let observed = 1.0 - disagreeing / n;
    let chance = 1.0 - expected_pairs / (n * (n - 1.0));
    let base = Coefficient {
        observed_agreement: finite(observed),
        chance_agreement: finite(chance),
        units: pairable_units,
        ..Coefficient::default()
    };
    if expected_pairs <= 0.0 {
        return Coefficient {
            undefined_because: Some("every value given is the same category, so no disagreement is expected".into()),
            ..base
        };
    }
    Coefficient { value: finite(1.0 - (n - 1.0) * disagreeing / expected_pairs), ..base }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
