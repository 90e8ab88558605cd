//! Properties on the full 47-indicator instrument of 59/2020 (and 5/2018): every plan is
//! re-scored by the official scoring, respects every constraint, is minimal, and agrees with an
//! independent knapsack where links are off.

use std::collections::BTreeSet;

use padu_core::{Assessment, EffortModel, Instrument, PlanOptions, Value, plan, score};
use proptest::prelude::*;

use super::reference::{highest_levels, least_effort_without_links, links_hold, values};
use super::support::{check_plan, fixed};
use crate::support::{SPBE_2018, SPBE_2020, instrument, levels};

fn spbe() -> &'static Instrument {
    instrument(SPBE_2020)
}

/// Levels skewed low (a Pemda climbing), options drawn over every constraint.
fn case(id: &'static str) -> impl Strategy<Value = (Vec<u32>, PlanOptions)> {
    let i = instrument(id);
    let (min, max) = (i.values.min_level(), i.values.max_level());
    let n = i.indicators.len();
    (
        proptest::collection::vec(prop_oneof![3 => min..=min + 1, 2 => min..=max], n),
        proptest::option::weighted(0.85, (min * 100)..=(max * 100)),
        proptest::option::weighted(0.3, 0u64..=900),
        1u32..=3,
        1u32..=2,
        proptest::bool::weighted(0.75),
        proptest::collection::btree_set(1u16..=u16::try_from(n).unwrap_or(1), 0..4),
        proptest::collection::btree_set(1u16..=u16::try_from(n).unwrap_or(1), 0..4),
    )
        .prop_map(
            |(levels, target, budget, periods, per_period, links, excluded, pinned)| {
                let options = PlanOptions {
                    target: target.map(Value),
                    budget,
                    periods,
                    per_period,
                    links,
                    excluded,
                    pinned,
                    ..PlanOptions::default()
                };
                (levels, options)
            },
        )
}

/// Runs the planner and checks everything that must hold for any plan of this instrument.
fn check(i: &Instrument, start_levels: &[u32], options: &PlanOptions) -> Result<(), TestCaseError> {
    let current = levels(i, start_levels);
    let efforts = EffortModel::from_instrument(i);
    let result =
        plan(i, &current, &efforts, options).map_err(|p| TestCaseError::fail(p.to_string()))?;
    let schedule = check_plan(i, &current, &efforts, options, &result);
    let start = current.values();
    let p = options.periods as usize;
    let finals: Vec<u32> = schedule.iter().map(|t| t[p]).collect();
    prop_assert!(!options.links || links_hold(i, start, &finals));
    for n in &result.left_out {
        prop_assert!(fixed(i, options, usize::from(*n) - 1));
    }

    // No single step can be removed while still reaching the target (and keeping the links).
    if let (Some(target), true) = (options.target, result.feasible) {
        for k in 0..finals.len() {
            if finals[k] == start[k].floor_level() {
                continue;
            }
            let mut fewer = finals.clone();
            fewer[k] -= 1;
            if options.links && !links_hold(i, start, &fewer) {
                continue;
            }
            let a = Assessment::new(i, values(start, &fewer)).expect("valid");
            prop_assert!(
                !score(i, &a).index.at_least(target),
                "indicator {} could stay one level lower",
                k + 1
            );
        }
    }
    // Infeasible without a budget: the reported maximum is what the constraints allow at most,
    // and the plan reaches it.
    if !result.feasible && options.budget.is_none() {
        let top = highest_levels(i, start, options);
        let a = Assessment::new(i, values(start, &top)).expect("valid");
        prop_assert_eq!(result.max_reachable_index, Some(score(i, &a).index));
        prop_assert_eq!(Some(result.reached_index), result.max_reachable_index);
    }
    // Links off and no budget: the least effort equals an independent knapsack.
    if !options.links && options.budget.is_none() && options.target.is_some() && result.feasible {
        let unit = if i.id == SPBE_2020 {
            100 * 500
        } else {
            100 * 10_000
        };
        let reference = least_effort_without_links(i, start, &efforts, options, unit);
        prop_assert_eq!(reference, Some(result.total_effort));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn plans_for_59_2020_hold_every_property((start, options) in case(SPBE_2020)) {
        check(spbe(), &start, &options)?;
    }

    #[test]
    fn plans_for_5_2018_hold_every_property((start, options) in case(SPBE_2018)) {
        check(instrument(SPBE_2018), &start, &options)?;
    }
}

#[test]
fn from_1_55_to_2_6_in_two_semesters() {
    let i = spbe();
    // Kabupaten Mojokerto's 1.55 (2020): policies enacted, a few services interactive.
    let mut start = vec![1u32; 47];
    for n in (1..=11).chain([21, 22]).chain(32..=44) {
        start[n - 1] = 2;
    }
    let current = levels(i, &start);
    assert_eq!(score(i, &current).index.to_string(), "1.55");
    let options = PlanOptions {
        target: Some(Value(260)),
        ..PlanOptions::default()
    };
    let efforts = EffortModel::from_instrument(i);
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(result.feasible && result.proven_optimal);
    assert_eq!(i.predikat_of(result.reached_index), "Baik");
    // Both semesters carry work, and no indicator climbs more than once a semester.
    assert!(result.period_effort.iter().all(|e| *e > 0), "{result:#?}");
    // Policies before their practices within a semester.
    for w in result.steps.windows(2) {
        let policy_after_practice = w[0].period == w[1].period
            && i.links
                .iter()
                .any(|l| l.policy == w[1].indicator && l.practice.contains(&w[0].indicator));
        assert!(!policy_after_practice, "{:?} then {:?}", w[0], w[1]);
    }
}

#[test]
fn a_target_already_met_needs_nothing() {
    let i = spbe();
    let current = levels(i, &[3; 47]);
    let options = PlanOptions {
        target: Some(Value(260)),
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &EffortModel::from_instrument(i), &options).expect("plans");
    assert!(result.feasible && result.steps.is_empty() && result.total_effort == 0);
}

#[test]
fn an_unreachable_target_reports_the_highest_reachable_index() {
    let i = spbe();
    let current = levels(i, &[1; 47]);
    let options = PlanOptions {
        target: Some(Value(450)),
        periods: 1,
        ..PlanOptions::default()
    };
    let efforts = EffortModel::from_instrument(i);
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(!result.feasible);
    // One level everywhere in one period: every indicator at 2.
    assert_eq!(
        result.max_reachable_index.map(|x| x.to_string()),
        Some("2".into())
    );
}

#[test]
fn links_hold_practices_back_until_their_policy_moves() {
    let i = spbe();
    // Policy 4 (application development) pinned at 1: its practice 15 may climb to 2 only,
    // though two periods would take it to 3 without the link.
    let current = levels(i, &[1; 47]);
    let efforts = EffortModel::from_instrument(i);
    let pinned: BTreeSet<u16> = (1..=47).filter(|n| *n != 15).collect();
    let options = PlanOptions {
        target: Some(Value(500)),
        pinned: pinned.clone(),
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &efforts, &options).expect("plans");
    assert_eq!(result.values[14], Value::from_level(2), "{result:#?}");
    let free = PlanOptions {
        links: false,
        ..options
    };
    let result = plan(i, &current, &efforts, &free).expect("plans");
    assert_eq!(result.values[14], Value::from_level(3));
}

#[test]
fn the_dual_spends_at_most_the_budget_for_the_highest_index() {
    let i = spbe();
    let current = levels(i, &[1; 47]);
    let efforts = EffortModel::from_instrument(i);
    let options = PlanOptions {
        budget: Some(100),
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(result.feasible && result.target.is_none());
    assert!(result.total_effort <= 100);
    assert!(result.reached_index > score(i, &current).index);
}

#[test]
fn opd_capacities_on_the_full_instrument() {
    let i = spbe();
    let mut start = vec![1u32; 47];
    for n in (1..=11).chain([21, 22]).chain(32..=44) {
        start[n - 1] = 2;
    }
    let current = levels(i, &start);
    let efforts = EffortModel::from_instrument(i);
    // Diskominfo (OPD 1) leads 1-31, the service OPDs (2) lead 32-47; Diskominfo can give
    // 120 person-days a semester, the service OPDs together 60.
    let mut options = PlanOptions {
        target: Some(Value(230)),
        lead_opd: (1..=47).map(|n| (n, if n <= 31 { 1 } else { 2 })).collect(),
        capacity: [(1, 120), (2, 60)].into_iter().collect(),
        ..PlanOptions::default()
    };
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(result.feasible, "{result:#?}");
    let free = plan(
        i,
        &current,
        &efforts,
        &PlanOptions {
            capacity: Default::default(),
            ..options.clone()
        },
    )
    .expect("plans");
    assert!(result.total_effort >= free.total_effort);
    if result.proven_optimal {
        assert!(result.period_effort.iter().all(|e| *e <= 180));
    }

    // A tiny node limit on a target the capacities put out of reach: the best plan found,
    // valid, and honestly not proven.
    options.target = Some(Value(300));
    options.node_limit = 50;
    let result = plan(i, &current, &efforts, &options).expect("plans");
    check_plan(i, &current, &efforts, &options, &result);
    assert!(!result.feasible && !result.proven_optimal);
}
