//! 8/2026: decimal values climb first to the next whole level; external-index indicators are
//! left out unless asked for.

use std::collections::BTreeSet;

use padu_core::plan::Effort;
use padu_core::{EffortModel, Instrument, PlanOptions, Value, plan, score};
use proptest::prelude::*;

use super::reference::least_effort_without_links;
use super::support::check_plan;
use crate::support::{PEMDI_2026, hundredths, instrument};

fn pemdi() -> &'static Instrument {
    instrument(PEMDI_2026)
}

const EXTERNAL: [u16; 4] = [5, 6, 7, 18];

#[test]
fn a_decimal_value_climbs_first_to_the_next_whole_level() {
    let i = pemdi();
    // Aceh Tengah-like: everything at 1.24; indicator 20 (15 %) is the cheapest gain per day.
    let current = hundredths(i, &[124; 20]);
    let efforts = EffortModel::from_instrument(i);
    let options = PlanOptions {
        target: Some(Value(135)),
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(result.feasible);
    let step = result.steps.first().expect("one step");
    assert_eq!((step.from, step.to), (Value(124), 2));
    assert_eq!(
        step.effort,
        efforts.step(step.indicator, 2).expect("default")
    );
    // 1.24 -> 2 on a 15 % indicator adds 0.76 × 0.15 = 0.114: 1.354 in one step.
    assert_eq!(result.steps.len(), 1, "{result:#?}");
    assert_eq!(step.indicator, 20);
    assert_eq!(result.reached_index.to_string(), "1.354");
}

#[test]
fn external_indicators_are_left_out_unless_included() {
    let i = pemdi();
    let current = hundredths(i, &[100; 20]);
    let efforts = EffortModel::from_instrument(i);
    let options = PlanOptions {
        target: Some(Value(500)),
        periods: 4,
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &efforts, &options).expect("plans");
    assert!(!result.feasible);
    assert_eq!(result.left_out, EXTERNAL.to_vec());
    for n in EXTERNAL {
        assert_eq!(result.values[usize::from(n) - 1], Value(100));
        assert!(result.steps.iter().all(|s| s.indicator != n));
    }
    // Everything else at 5: 5 − 4 × (5 + 3 + 3 + 3) % = 4.44.
    assert_eq!(result.reached_index.to_string(), "4.44");

    let included = PlanOptions {
        include_external: EXTERNAL.into_iter().collect(),
        ..options
    };
    let result = plan(i, &current, &efforts, &included).expect("plans");
    assert!(result.feasible && result.left_out.is_empty());
    assert_eq!(result.reached_index.to_string(), "5");
}

#[test]
fn including_an_indicator_that_is_not_external_is_a_problem() {
    let i = pemdi();
    let current = hundredths(i, &[100; 20]);
    let options = PlanOptions {
        target: Some(Value(200)),
        include_external: BTreeSet::from([1]),
        ..PlanOptions::default()
    };
    let problems =
        plan(i, &current, &EffortModel::from_instrument(i), &options).expect_err("refused");
    assert!(
        problems.mentions("indikator 1 tidak dinilai dari indeks eksternal"),
        "{problems}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(80))]

    /// Random decimal assessments, targets and efforts: constraints hold, the plan re-scores to
    /// what it says, external indicators stay, and the effort is the knapsack optimum.
    #[test]
    fn decimal_plans_are_exact(
        values in proptest::collection::vec(100u32..=500, 20),
        target in 100u32..=500,
        days in proptest::collection::vec(1u32..=40, 20 * 4),
        periods in 1u32..=3,
        include in any::<bool>(),
    ) {
        let i = pemdi();
        let current = hundredths(i, &values);
        let mut efforts = EffortModel::from_instrument(i);
        for (k, d) in days.iter().enumerate() {
            let n = u16::try_from(k / 4 + 1).unwrap_or(1);
            efforts.set(n, 2 + u32::try_from(k % 4).unwrap_or(0), Effort::days(*d));
        }
        let options = PlanOptions {
            target: Some(Value(target)),
            periods,
            include_external: if include { EXTERNAL.into_iter().collect() } else { BTreeSet::new() },
            ..PlanOptions::default()
        };
        let result = plan(i, &current, &efforts, &options).map_err(|p| TestCaseError::fail(p.to_string()))?;
        check_plan(i, &current, &efforts, &options, &result);
        if !include {
            for n in EXTERNAL {
                prop_assert_eq!(result.values[usize::from(n) - 1], Value(values[usize::from(n) - 1]));
            }
        }
        prop_assert!(result.reached_index >= score(i, &current).index);
        if result.feasible {
            // Hundredths × whole percents: 10,000 ten-thousandths × 1 hundredth per unit.
            let reference = least_effort_without_links(i, current.values(), &efforts, &options, 10_000);
            prop_assert_eq!(reference, Some(result.total_effort));
        }
    }
}
