//! The examples as executable cases, the rules' edge cases, and property tests.

use proptest::prelude::*;

use super::*;

fn r(num: i128, den: i128) -> Ratio {
    Ratio::new(num, den).unwrap()
}

fn assessment(id: i64, max: i64, coefficient: i64, rule: AssessmentRule) -> Assessment {
    Assessment {
        id,
        max,
        coefficient,
        rule,
    }
}

/// A mark of `points`/`max` (in whole points) with coefficient 1.
fn mark(id: i64, points: i64, max: i64) -> MarkEntry {
    MarkEntry {
        assessment: assessment(id, max * 100, 100, AssessmentRule::Normal),
        value: MarkValue::Points(points * 100),
    }
}

fn with_rule(mut entry: MarkEntry, rule: AssessmentRule) -> MarkEntry {
    entry.assessment.rule = rule;
    entry
}

fn code(id: i64, code: &str) -> MarkEntry {
    MarkEntry {
        assessment: assessment(id, 2000, 100, AssessmentRule::Normal),
        value: MarkValue::Code(code.to_owned()),
    }
}

fn average(marks: &[MarkEntry], mode: AverageMode) -> Option<Ratio> {
    subject_average(marks, &CodeTable::french_default(), mode)
        .unwrap()
        .average
}

fn fr(value: Ratio) -> String {
    value.format(2, DecimalSeparator::Comma)
}

// ---- The examples ----

#[test]
fn pronote_example_in_both_modes() {
    let marks = [mark(1, 18, 20), mark(2, 2, 10), mark(3, 1, 5)];
    let normalized = average(&marks, AverageMode::Normalized).unwrap();
    let by_max = average(&marks, AverageMode::WeightedByMax).unwrap();
    assert_eq!(normalized, r(26, 3));
    assert_eq!(fr(normalized), "8,67");
    assert_eq!(by_max, Ratio::from_integer(12));
    assert_eq!(by_max.format(2, DecimalSeparator::Point), "12.00");
}

#[test]
fn general_average_example() {
    let subjects = [
        (Some(Ratio::from_integer(12)), 300),
        (Some(Ratio::from_integer(17)), 200),
        (Some(Ratio::from_integer(15)), 50),
        (Some(Ratio::from_integer(9)), 100),
    ];
    let general = general_average(&subjects).unwrap().unwrap();
    assert_eq!(general, r(865, 65));
    assert_eq!(fr(general), "13,31");
    assert_eq!(general.format(2, DecimalSeparator::Point), "13.31");
}

#[test]
fn general_average_leaves_out_subjects_without_average() {
    let subjects = [
        (Some(Ratio::from_integer(12)), 300),
        (None, 400),
        (Some(Ratio::from_integer(16)), 100),
    ];
    assert_eq!(
        general_average(&subjects).unwrap(),
        Some(Ratio::from_integer(13))
    );
    assert_eq!(general_average(&[(None, 100)]).unwrap(), None);
    assert_eq!(
        general_average(&[(Some(Ratio::from_integer(12)), 0)]).unwrap(),
        None
    );
    assert_eq!(
        group_average(&subjects).unwrap(),
        general_average(&subjects).unwrap()
    );
}

#[test]
fn rounding_is_half_up_with_the_locale_separator() {
    assert_eq!(fr(r(13_305, 1000)), "13,31");
    assert_eq!(fr(r(13_304_999_999, 1_000_000_000)), "13,30");
    assert_eq!(fr(r(13_295, 1000)), "13,30");
    assert_eq!(r(2, 3).format(2, DecimalSeparator::Point), "0.67");
    assert_eq!(r(1, 200).format(2, DecimalSeparator::Comma), "0,01");
    assert_eq!(r(1, 201).format(2, DecimalSeparator::Comma), "0,00");
    assert_eq!(r(25, 2).format(0, DecimalSeparator::Comma), "13");
    assert_eq!(r(26, 3).format(1, DecimalSeparator::Comma), "8,7");
    assert_eq!(
        Ratio::from_integer(20).format(3, DecimalSeparator::Comma),
        "20,000"
    );
    assert_eq!(
        DecimalSeparator::for_language("fr-FR"),
        DecimalSeparator::Comma
    );
    assert_eq!(
        DecimalSeparator::for_language("en"),
        DecimalSeparator::Point
    );
}

// ---- Codes ----

#[test]
fn codes_left_out_or_counted_as_zero() {
    let base = [mark(1, 12, 20)];
    let mut with_abs = base.to_vec();
    with_abs.push(code(2, "ABS"));
    assert_eq!(
        average(&with_abs, AverageMode::Normalized),
        Some(Ratio::from_integer(12))
    );
    let mut with_z = base.to_vec();
    with_z.push(code(2, "Z"));
    assert_eq!(
        average(&with_z, AverageMode::Normalized),
        Some(Ratio::from_integer(6))
    );
    let result = subject_average(
        &with_abs,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(
        result.marks[1].status,
        MarkStatus::LeftOut(LeftOutReason::Code("ABS".to_owned()))
    );
    assert_eq!(result.marks[1].on_20, None);
}

#[test]
fn codes_are_the_schools() {
    let table = CodeTable::new(vec![MarkCode {
        code: "AB".to_owned(),
        effect: CodeEffect::CountsAsZero,
    }]);
    let marks = [mark(1, 20, 20), code(2, "AB")];
    let result = subject_average(&marks, &table, AverageMode::Normalized).unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(10)));
    assert_eq!(
        subject_average(&[code(3, "ABS")], &table, AverageMode::Normalized),
        Err(GradebookError::UnknownCode {
            assessment_id: 3,
            code: "ABS".to_owned()
        })
    );
}

#[test]
fn only_codes_left_out_means_no_average() {
    let result = subject_average(
        &[code(1, "ABS"), code(2, "DISP")],
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, None);
}

#[test]
fn invalid_input_is_refused() {
    let codes = CodeTable::french_default();
    let over = MarkEntry {
        assessment: assessment(7, 2000, 100, AssessmentRule::Normal),
        value: MarkValue::Points(2001),
    };
    assert_eq!(
        subject_average(&[over], &codes, AverageMode::Normalized),
        Err(GradebookError::MarkOutOfRange { assessment_id: 7 })
    );
    let no_max = MarkEntry {
        assessment: assessment(8, 0, 100, AssessmentRule::Normal),
        value: MarkValue::Points(0),
    };
    assert_eq!(
        subject_average(&[no_max], &codes, AverageMode::Normalized),
        Err(GradebookError::InvalidMaximum { assessment_id: 8 })
    );
    let heavy = MarkEntry {
        assessment: assessment(9, 2000, 9901, AssessmentRule::Normal),
        value: MarkValue::Points(0),
    };
    assert_eq!(
        subject_average(&[heavy], &codes, AverageMode::Normalized),
        Err(GradebookError::InvalidCoefficient { coefficient: 9901 })
    );
}

// ---- Coefficients and explanation ----

#[test]
fn coefficients_weigh_and_explanation_gives_shares() {
    let mut heavy = mark(2, 16, 20);
    heavy.assessment.coefficient = 300;
    let mut zero = mark(3, 0, 20);
    zero.assessment.coefficient = 0;
    let marks = [mark(1, 8, 20), heavy, zero];
    let result = subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(14)));
    assert_eq!(
        result.marks[1].status,
        MarkStatus::Counted {
            weight: Ratio::from_integer(3),
            share: r(3, 4)
        }
    );
    assert_eq!(
        result.marks[2].status,
        MarkStatus::LeftOut(LeftOutReason::ZeroCoefficient)
    );
}

#[test]
fn weighted_by_max_weight_grows_with_the_maximum() {
    let marks = [mark(1, 10, 20), mark(2, 40, 40)];
    let result = subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::WeightedByMax,
    )
    .unwrap();
    assert_eq!(result.average, Some(r(50, 3)));
    assert_eq!(
        result.marks[1].status,
        MarkStatus::Counted {
            weight: Ratio::from_integer(2),
            share: r(2, 3)
        }
    );
}

// ---- Bonus ----

#[test]
fn bonus_adds_points_above_half_without_weight() {
    let marks = [
        mark(1, 12, 20),
        with_rule(mark(2, 16, 20), AssessmentRule::Bonus),
    ];
    let result = subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(18)));
    assert_eq!(
        result.marks[1].status,
        MarkStatus::Bonus {
            added: Ratio::from_integer(6)
        }
    );
    // At or below half: nothing added.
    let low = [
        mark(1, 12, 20),
        with_rule(mark(2, 9, 20), AssessmentRule::Bonus),
    ];
    assert_eq!(
        average(&low, AverageMode::Normalized),
        Some(Ratio::from_integer(12))
    );
    // Weighted by max: Σ(mark×coef) + bonus over Σ(max×coef) × 20: (12 + 3) / 20 × 20 = 15.
    let by_max = [
        mark(1, 12, 20),
        with_rule(mark(2, 8, 10), AssessmentRule::Bonus),
    ];
    assert_eq!(
        average(&by_max, AverageMode::WeightedByMax),
        Some(Ratio::from_integer(15))
    );
}

#[test]
fn bonus_is_capped_at_20_and_needs_a_base() {
    let marks = [
        mark(1, 18, 20),
        with_rule(mark(2, 20, 20), AssessmentRule::Bonus),
    ];
    let result = subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(20)));
    assert!(result.capped);
    let alone = [with_rule(mark(2, 20, 20), AssessmentRule::Bonus)];
    let result = subject_average(
        &alone,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, None);
    assert_eq!(
        result.marks[0].status,
        MarkStatus::LeftOut(LeftOutReason::NoBaseAverage)
    );
}

// ---- Raise-only ----

#[test]
fn raise_only_counts_only_when_it_raises() {
    let raise = |id, points| with_rule(mark(id, points, 20), AssessmentRule::RaiseOnly);
    // Base 10; 16 raises it to 13; 12 would lower 13, so it is left out.
    let marks = [mark(1, 10, 20), raise(2, 12), raise(3, 16)];
    let result = subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(13)));
    assert!(matches!(result.marks[2].status, MarkStatus::Counted { .. }));
    assert_eq!(
        result.marks[1].status,
        MarkStatus::LeftOut(LeftOutReason::WouldNotRaise)
    );
    // Equal to the average: does not raise it.
    let equal = [mark(1, 10, 20), raise(2, 10)];
    let result = subject_average(
        &equal,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    )
    .unwrap();
    assert_eq!(
        result.marks[1].status,
        MarkStatus::LeftOut(LeftOutReason::WouldNotRaise)
    );
    // No base: the highest group makes the average, equal marks together.
    let only = [raise(1, 14), raise(2, 8), raise(3, 14)];
    let result =
        subject_average(&only, &CodeTable::french_default(), AverageMode::Normalized).unwrap();
    assert_eq!(result.average, Some(Ratio::from_integer(14)));
    assert!(matches!(result.marks[0].status, MarkStatus::Counted { .. }));
    assert!(matches!(result.marks[2].status, MarkStatus::Counted { .. }));
    assert_eq!(
        result.marks[1].status,
        MarkStatus::LeftOut(LeftOutReason::WouldNotRaise)
    );
}

// ---- Annual, ranks, statistics ----

#[test]
fn annual_average_in_both_modes() {
    let periods = vec![
        vec![mark(1, 10, 20)],
        vec![mark(2, 16, 20), mark(3, 16, 20), mark(4, 16, 20)],
        vec![code(5, "ABS")],
    ];
    let codes = CodeTable::french_default();
    let mean = annual_subject_average(
        &periods,
        &codes,
        AverageMode::Normalized,
        AnnualMode::MeanOfPeriods,
    )
    .unwrap();
    assert_eq!(mean, Some(Ratio::from_integer(13)));
    let all = annual_subject_average(
        &periods,
        &codes,
        AverageMode::Normalized,
        AnnualMode::AllMarks,
    )
    .unwrap();
    assert_eq!(all, Some(r(29, 2)));
}

#[test]
fn ranks_share_ties_and_skip() {
    let averages = [
        Some(Ratio::from_integer(15)),
        Some(Ratio::from_integer(12)),
        Some(Ratio::from_integer(15)),
        None,
        Some(r(241, 20)),
    ];
    assert_eq!(
        ranks(&averages),
        vec![Some(1), Some(4), Some(1), None, Some(3)]
    );
    assert_eq!(ranks(&[]), Vec::<Option<u32>>::new());
}

#[test]
fn class_stats_over_students_with_an_average() {
    let averages = [
        Some(Ratio::from_integer(8)),
        None,
        Some(Ratio::from_integer(14)),
        Some(Ratio::from_integer(17)),
    ];
    let stats = class_stats(&averages).unwrap().unwrap();
    assert_eq!(stats.average, Ratio::from_integer(13));
    assert_eq!(stats.min, Ratio::from_integer(8));
    assert_eq!(stats.max, Ratio::from_integer(17));
    assert_eq!(stats.count, 3);
    assert_eq!(class_stats(&[None]).unwrap(), None);
}

#[test]
fn ratio_compares_exactly_without_overflow() {
    let big = i128::MAX / 3;
    assert!(r(1, 3) < r(1, 2));
    assert!(r(-1, 2) < r(1, 3));
    assert!(r(big - 1, big) < r(big, big + 1));
    assert_eq!(r(2, 4), r(1, 2));
}

// ---- Properties ----

fn arb_rule() -> impl Strategy<Value = AssessmentRule> {
    prop_oneof![
        6 => Just(AssessmentRule::Normal),
        1 => Just(AssessmentRule::Bonus),
        1 => Just(AssessmentRule::RaiseOnly),
    ]
}

fn arb_mark() -> impl Strategy<Value = MarkEntry> {
    let maxima = prop::sample::select(vec![500_i64, 1000, 2000, 4000, 2500, 1050, 10_000]);
    (
        maxima,
        0..=MAX_COEFFICIENT,
        arb_rule(),
        0_u32..=100,
        0_u8..10,
    )
        .prop_map(|(max, coefficient, rule, pct, pick)| MarkEntry {
            assessment: Assessment {
                id: i64::from(pct),
                max,
                coefficient,
                rule,
            },
            value: match pick {
                0 => MarkValue::Code("ABS".to_owned()),
                1 => MarkValue::Code("Z".to_owned()),
                _ => MarkValue::Points(max * i64::from(pct) / 100),
            },
        })
}

fn arb_mode() -> impl Strategy<Value = AverageMode> {
    prop_oneof![
        Just(AverageMode::Normalized),
        Just(AverageMode::WeightedByMax)
    ]
}

proptest! {
    #[test]
    fn averages_stay_within_0_and_20(marks in prop::collection::vec(arb_mark(), 0..12), mode in arb_mode()) {
        let result = subject_average(&marks, &CodeTable::french_default(), mode).unwrap();
        if let Some(avg) = result.average {
            prop_assert!(avg >= Ratio::ZERO && avg <= Ratio::from_integer(20));
        }
        prop_assert_eq!(result.marks.len(), marks.len());
    }

    #[test]
    fn a_code_left_out_changes_nothing(
        marks in prop::collection::vec(arb_mark(), 0..12),
        at in any::<prop::sample::Index>(),
        max in 1_i64..100_000,
        coefficient in 0..=MAX_COEFFICIENT,
        rule in arb_rule(),
        mode in arb_mode(),
    ) {
        let codes = CodeTable::french_default();
        let before = subject_average(&marks, &codes, mode).unwrap().average;
        let mut with_code = marks.clone();
        let extra = MarkEntry {
            assessment: Assessment { id: 999, max, coefficient, rule },
            value: MarkValue::Code("DISP".to_owned()),
        };
        with_code.insert(at.index(marks.len() + 1), extra);
        prop_assert_eq!(subject_average(&with_code, &codes, mode).unwrap().average, before);
    }

    #[test]
    fn scaling_all_coefficients_changes_nothing(
        marks in prop::collection::vec(arb_mark(), 0..12),
        factor in 1_i64..=9,
        mode in arb_mode(),
    ) {
        let codes = CodeTable::french_default();
        let shrunk: Vec<MarkEntry> = marks
            .iter()
            .cloned()
            .map(|mut m| { m.assessment.coefficient /= 9; m })
            .collect();
        let scaled: Vec<MarkEntry> = shrunk
            .iter()
            .cloned()
            .map(|mut m| { m.assessment.coefficient *= factor; m })
            .collect();
        prop_assert_eq!(
            subject_average(&shrunk, &codes, mode).unwrap().average,
            subject_average(&scaled, &codes, mode).unwrap().average
        );
    }

    #[test]
    fn scaling_subject_coefficients_changes_nothing(
        subjects in prop::collection::vec((prop::option::of(0_i128..=2000), 0_i64..=1100), 0..10),
        factor in 1_i64..=9,
    ) {
        let base: Vec<WeightedAverage> =
            subjects.iter().map(|&(a, c)| (a.map(|a| r(a, 100)), c)).collect();
        let scaled: Vec<WeightedAverage> = base.iter().map(|&(a, c)| (a, c * factor)).collect();
        let general = general_average(&base).unwrap();
        prop_assert_eq!(general, general_average(&scaled).unwrap());
        if let Some(g) = general {
            prop_assert!(g >= Ratio::ZERO && g <= Ratio::from_integer(20));
        }
    }

    #[test]
    fn permuting_marks_changes_nothing(
        (marks, permuted) in prop::collection::vec(arb_mark(), 0..12)
            .prop_flat_map(|m| (Just(m.clone()), Just(m).prop_shuffle())),
        mode in arb_mode(),
    ) {
        let codes = CodeTable::french_default();
        prop_assert_eq!(
            subject_average(&marks, &codes, mode).unwrap().average,
            subject_average(&permuted, &codes, mode).unwrap().average
        );
    }

    #[test]
    fn ranks_are_consistent_with_averages(
        raw in prop::collection::vec(prop::option::of(0_i128..=40), 0..30),
    ) {
        let averages: Vec<Option<Ratio>> = raw.iter().map(|a| a.map(|a| r(a, 2))).collect();
        let ranked = ranks(&averages);
        for (i, (a, ra)) in averages.iter().zip(&ranked).enumerate() {
            prop_assert_eq!(a.is_some(), ra.is_some());
            let (Some(a), Some(ra)) = (a, ra) else { continue };
            let above = averages.iter().flatten().filter(|b| *b > a).count();
            prop_assert_eq!(*ra as usize, above + 1);
            for (b, rb) in averages.iter().zip(&ranked).skip(i + 1) {
                let (Some(b), Some(rb)) = (b, rb) else { continue };
                if a > b { prop_assert!(ra < rb); }
                if a == b { prop_assert_eq!(ra, rb); }
                if a < b { prop_assert!(ra > rb); }
            }
        }
    }

    #[test]
    fn rounding_matches_integer_half_up(hundred_thousandths in 0_i128..=2_000_000) {
        // x = n / 100000; rounded to hundredths, half-up, by integer arithmetic.
        let expected = (hundred_thousandths + 500) / 1000;
        prop_assert_eq!(r(hundred_thousandths, 100_000).round_half_up(2), Some(expected));
    }
}

#[test]
fn absurd_maxima_give_an_error_not_a_panic() {
    // Distinct prime maxima make the common denominator the product of all of them.
    let primes = [
        101_i64, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181,
        191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257,
    ];
    let marks: Vec<MarkEntry> = primes
        .iter()
        .enumerate()
        .map(|(i, &max)| MarkEntry {
            assessment: assessment(i64::try_from(i).unwrap(), max, 100, AssessmentRule::Normal),
            value: MarkValue::Points(max / 2),
        })
        .collect();
    match subject_average(
        &marks,
        &CodeTable::french_default(),
        AverageMode::Normalized,
    ) {
        Ok(result) => assert!(result.average.is_some()),
        Err(error) => assert_eq!(error, GradebookError::Overflow),
    }
}

proptest! {
    #[test]
    fn weighted_by_max_matches_its_formula(
        marks in prop::collection::vec(arb_mark(), 1..12),
    ) {
        let normal: Vec<MarkEntry> = marks
            .into_iter()
            .map(|mut m| {
                m.assessment.rule = AssessmentRule::Normal;
                m.value = match m.value {
                    MarkValue::Code(_) => MarkValue::Points(0),
                    points => points,
                };
                m
            })
            .collect();
        let (mut points, mut maxima) = (0_i128, 0_i128);
        for m in &normal {
            let MarkValue::Points(p) = m.value else { unreachable!() };
            points += i128::from(p) * i128::from(m.assessment.coefficient);
            maxima += i128::from(m.assessment.max) * i128::from(m.assessment.coefficient);
        }
        let expected = (maxima != 0).then(|| r(points * 20, maxima));
        prop_assert_eq!(average(&normal, AverageMode::WeightedByMax), expected);
    }

    #[test]
    fn raise_only_marks_never_lower_the_average(
        marks in prop::collection::vec(arb_mark(), 0..12),
        mode in arb_mode(),
    ) {
        let without: Vec<MarkEntry> = marks
            .iter()
            .filter(|m| m.assessment.rule != AssessmentRule::RaiseOnly)
            .cloned()
            .collect();
        let before = average(&without, mode);
        let after = average(&marks, mode);
        if let Some(before) = before {
            prop_assert!(after.is_some_and(|after| after >= before));
        }
    }
}

#[test]
fn modes_round_trip_through_their_setting_names() {
    for mode in [AverageMode::Normalized, AverageMode::WeightedByMax] {
        assert_eq!(AverageMode::from_setting(mode.as_setting()), Some(mode));
    }
    for mode in [AnnualMode::MeanOfPeriods, AnnualMode::AllMarks] {
        assert_eq!(AnnualMode::from_setting(mode.as_setting()), Some(mode));
    }
    assert_eq!(
        AverageMode::from_setting("weighted_by_max"),
        Some(AverageMode::WeightedByMax)
    );
    assert_eq!(AverageMode::from_setting("other"), None);
}
