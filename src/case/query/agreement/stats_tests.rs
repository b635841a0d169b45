use super::*;

fn close(a: Option<f64>, b: f64, eps: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < eps)
}

#[test]
fn cohen_table_matches_the_hand_checked_fixture() {
    // [[44,5,1],[7,20,3],[9,5,6]]: p_o = 0.70, p_e = 0.41, κ = 0.29/0.59, κ_max = 0.49/0.59.
    let table = vec![vec![44.0, 5.0, 1.0], vec![7.0, 20.0, 3.0], vec![9.0, 5.0, 6.0]];
    let k = cohen_kappa_table(&table);
    assert!(close(k.value, 0.29 / 0.59, 1e-12), "{k:?}");
    assert!(close(k.kappa_max, 0.49 / 0.59, 1e-12), "{k:?}");
    assert!(close(k.observed_agreement, 0.70, 1e-12) && close(k.chance_agreement, 0.41, 1e-12));
    assert_eq!(k.units, 100);
}

#[test]
fn cohen_on_labels_is_the_table_kappa_and_one_category_is_undefined() {
    let a = ["x", "x", "y", "y", "z", "x"];
    let b = ["x", "y", "y", "y", "z", "z"];
    let table = vec![vec![1.0, 1.0, 1.0], vec![0.0, 2.0, 0.0], vec![0.0, 0.0, 1.0]];
    assert_eq!(cohen_kappa(&a, &b).value, cohen_kappa_table(&table).value);
    let same = cohen_kappa(&["none"; 5], &["none"; 5]);
    assert_eq!(same.value, None);
    assert!(same.undefined_because.is_some_and(|w| w.contains("one and the same")));
    assert_eq!(cohen_kappa::<&str>(&[], &[]).value, None);
    // Perfect disagreement on two categories: κ = −1.
    assert!(close(cohen_kappa(&[0, 1, 0, 1], &[1, 0, 1, 0]).value, -1.0, 1e-12));
}

#[test]
fn structural_zero_kappa_equals_cohen_when_nothing_is_unmatched() {
    let table = vec![vec![6.0, 2.0, 0.0], vec![1.0, 5.0, 0.0], vec![0.0, 0.0, 0.0]];
    let plain = cohen_kappa_table(&table);
    let fitted = kappa_with_structural_zero(&table, 2);
    assert!(close(fitted.value, plain.value.unwrap_or(f64::NAN), 1e-9), "{fitted:?} vs {plain:?}");
}

#[test]
fn structural_zero_fit_keeps_the_margins_and_independence_off_the_zero_cell() {
    let table = vec![vec![8.0, 1.0, 2.0], vec![1.0, 6.0, 1.0], vec![3.0, 2.0, 0.0]];
    let e = fit_quasi_independence(&table, 2);
    assert_eq!(e[2][2], 0.0);
    for i in 0..3 {
        let row: f64 = e[i].iter().sum();
        let col: f64 = e.iter().map(|r| r[i]).sum();
        assert!((row - table[i].iter().sum::<f64>()).abs() < 1e-9, "row {i}");
        assert!((col - table.iter().map(|r| r[i]).sum::<f64>()).abs() < 1e-9, "column {i}");
    }
    // Quasi-independence: every 2×2 cross-ratio avoiding the zero cell is 1.
    assert!((e[0][0] * e[1][1] - e[0][1] * e[1][0]).abs() < 1e-9);
    assert!((e[0][0] * e[2][1] - e[0][1] * e[2][0]).abs() < 1e-9);
    assert!((e[0][0] * e[1][2] - e[0][2] * e[1][0]).abs() < 1e-9);
    let k = kappa_with_structural_zero(&table, 2);
    let chance = (e[0][0] + e[1][1]) / 24.0;
    assert!(close(k.chance_agreement, chance, 1e-12) && close(k.observed_agreement, 14.0 / 24.0, 1e-12));
    assert!(close(k.value, (14.0 / 24.0 - chance) / (1.0 - chance), 1e-12), "{k:?}");
}

#[test]
fn krippendorff_nominal_matches_the_packages_fixture() {
    let n = None;
    let s = Some;
    let data = vec![
        vec![n, n, n, n, n, s(3), s(4), s(1), s(2), s(1), s(1), s(3), s(3), n, s(3)],
        vec![s(1), n, s(2), s(1), s(3), s(3), s(4), s(3), n, n, n, n, n, n, n],
        vec![n, n, s(2), s(1), s(3), s(4), s(4), n, s(2), s(1), s(1), s(3), s(3), n, s(4)],
    ];
    let alpha = krippendorff_alpha_nominal(&data);
    assert!(close(alpha.value, 0.691358, 5e-7), "{alpha:?}");
    assert_eq!(alpha.units, 12, "units 2 and 14 were coded by nobody, unit 1 by one coder only");
}

#[test]
fn krippendorff_by_hand_and_degenerate_cases_are_words() {
    let a = vec![Some(0), Some(1), Some(1), Some(0), Some(2)];
    let b = vec![Some(0), Some(1), Some(0), Some(0), Some(2)];
    let alpha = krippendorff_alpha_nominal(&[a.clone(), b.clone()]);
    // By hand: coincidences o00 = 2+2+1, o11 = 2+1, o22 = 2, o01 = o10 = 1; n = 10, margins 5, 3, 2.
    // α = 1 − (n − 1)·(o01 + o10) / (n² − Σn_c²) = 1 − 9·2/(100 − 38).
    assert!(close(alpha.value, 1.0 - 18.0 / 62.0, 1e-12), "{alpha:?}");
    let same = krippendorff_alpha_nominal(&[vec![Some(1); 4], vec![Some(1); 4]]);
    assert_eq!(same.value, None);
    let lonely = krippendorff_alpha_nominal(&[vec![Some(1), Some(2)]]);
    assert_eq!(lonely.value, None);
    assert!(lonely.undefined_because.is_some_and(|w| w.contains("two or more")));
}
