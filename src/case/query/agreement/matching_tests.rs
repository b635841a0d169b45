use super::*;

fn iv(start: u64, end: u64) -> Span {
    Span { start_frame: start, end_frame: Some(end) }
}

fn pt(frame: u64) -> Span {
    Span { start_frame: frame, end_frame: None }
}

#[test]
fn intervals_match_at_exactly_the_threshold_and_not_below() {
    // 10 frames each; overlap 6 of 10 = 0.6 matches, 5 of 10 does not.
    assert_eq!(match_spans(&[iv(0, 9)], &[iv(4, 13)], 3, 0.6), vec![(0, 0)]);
    assert_eq!(match_spans(&[iv(0, 9)], &[iv(5, 14)], 3, 0.6), vec![]);
    // The longer interval is the denominator: 5 frames inside 20 is 0.25.
    assert_eq!(overlap_ratio(iv(0, 19), iv(5, 9)), Some(0.25));
    assert_eq!(match_spans(&[iv(0, 19)], &[iv(5, 9)], 3, 0.6), vec![]);
}

#[test]
fn intervals_pair_best_overlap_first_one_to_one() {
    // b0 overlaps a0 by 0.9 and a1 by 0.8; a1 also overlaps b1 by 0.8. Best first: (a0,b0), then (a1,b1).
    let a = [iv(0, 9), iv(2, 11)];
    let b = [iv(1, 9), iv(4, 13)];
    assert_eq!(match_spans(&a, &b, 0, 0.6), vec![(0, 0), (1, 1)]);
    // Two reviewers' single intervals can match only once even when several overlap.
    assert_eq!(match_spans(&[iv(0, 9)], &[iv(0, 9), iv(1, 9)], 0, 0.6), vec![(0, 0)]);
}

#[test]
fn points_match_within_the_tolerance_inclusive() {
    assert_eq!(match_spans(&[pt(100)], &[pt(103)], 3, 0.6), vec![(0, 0)]);
    assert_eq!(match_spans(&[pt(100)], &[pt(104)], 3, 0.6), vec![]);
    assert_eq!(match_spans(&[pt(100)], &[pt(97)], 3, 0.6), vec![(0, 0)]);
}

#[test]
fn points_take_the_most_matches_then_the_least_difference() {
    // Nearest-first would pair 5↔4 and leave 2 and 8 alone; the most matches is 2↔4 and 5↔8.
    assert_eq!(match_spans(&[pt(2), pt(5)], &[pt(4), pt(8)], 3, 0.6), vec![(0, 0), (1, 1)]);
    // Among equally many matches, the closer partner: 10↔11, not 10↔8.
    assert_eq!(match_spans(&[pt(10)], &[pt(8), pt(11)], 3, 0.6), vec![(0, 1)]);
    // More on one side than the other (rows and columns swap inside).
    assert_eq!(match_spans(&[pt(8), pt(10), pt(13)], &[pt(12)], 3, 0.6), vec![(2, 0)]);
    assert_eq!(match_spans(&[pt(12)], &[pt(8), pt(10), pt(13)], 3, 0.6), vec![(0, 2)]);
}

#[test]
fn a_point_never_matches_an_interval() {
    assert_eq!(match_spans(&[pt(5)], &[iv(5, 5)], 3, 0.6), vec![]);
}

#[test]
fn big_clusters_still_get_every_possible_match() {
    let a: Vec<Span> = (0..300).map(|i| pt(i * 2)).collect();
    let b: Vec<Span> = (0..300).map(|i| pt(i * 2 + 1)).collect();
    assert_eq!(match_spans(&a, &b, 1, 0.6).len(), 300);
}
