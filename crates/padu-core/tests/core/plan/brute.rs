//! The planner against exhaustive search on small random instruments: links (chains and shared
//! practices included), K, P, exclusions, pins, targets, budgets, decimals and OPD capacities.

use std::collections::{BTreeMap, BTreeSet};

use padu_core::{Assessment, PlanOptions, Value, plan};
use proptest::prelude::*;

use super::support::{Outcome, Spec, brute_force, check_plan, efforts, fixed, numerator};

#[derive(Debug, Clone)]
struct Case {
    spec: Spec,
    start: Vec<u32>,
    days: Vec<Vec<u32>>,
    options: PlanOptions,
}

/// Weights in units of 0.05 points summing to 2000, each at least 1.
fn weights(raw: Vec<u32>) -> Vec<u32> {
    let total: u32 = raw.iter().sum();
    let mut w: Vec<u32> = raw.iter().map(|a| (a * 2000 / total).max(1)).collect();
    let sum: u32 = w.iter().sum();
    let biggest = (0..w.len()).max_by_key(|i| w[*i]).unwrap_or(0);
    w[biggest] = w[biggest] + 2000 - sum;
    w
}

fn subset(n: usize, picks: &[bool]) -> BTreeSet<u16> {
    (0..n)
        .filter(|i| picks[*i])
        .map(|i| u16::try_from(i + 1).unwrap_or(0))
        .collect()
}

/// (periods, per period) small enough for exhaustive search over schedules.
const SMALL: [(u32, u32); 5] = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)];
const TINY: [(u32, u32); 3] = [(1, 1), (1, 2), (2, 1)];

/// A random small planning case; `max_n` indicators at most, `capacities` adds lead OPDs.
fn case(
    max_n: usize,
    capacities: bool,
    pairs: &'static [(u32, u32)],
) -> impl Strategy<Value = Case> {
    (2..=max_n, any::<bool>(), 0u32..=1, 2u32..=3, 0..pairs.len()).prop_flat_map(
        move |(n, decimal, min, span, pk)| {
            let decimal = decimal && pk % 2 == 0;
            let max = min + span;
            let (periods, per_period) = pairs[pk];
            let step = if decimal { 1 } else { 100 };
            (
                proptest::collection::vec(1u32..=100, n),
                proptest::collection::vec(0usize..=1, n),
                proptest::collection::vec(proptest::bool::weighted(0.35), n * n),
                proptest::collection::vec((min * 100 / step)..=(max * 100 / step), n),
                proptest::collection::vec(proptest::collection::vec(1u32..=12, span as usize), n),
                (
                    proptest::bool::weighted(0.8),
                    proptest::collection::vec(proptest::bool::weighted(0.12), n),
                    proptest::collection::vec(proptest::bool::weighted(0.12), n),
                    proptest::option::weighted(0.8, (min * 100)..=(max * 100)),
                    proptest::option::weighted(0.4, 0u64..=60),
                ),
                (
                    proptest::collection::vec(0i64..=2, n),
                    proptest::collection::vec(proptest::option::weighted(0.7, 0u64..=30), 2),
                ),
            )
                .prop_map(
                    move |(raw, scales, edges, start, days, extra, (opds, caps))| {
                        let (links_on, excluded, pinned, target, budget) = extra;
                        // Often, everything after the first indicator is a twin of the second:
                        // the same weight, scale, start and efforts (and, below, OPD).
                        let twins = raw[0] % 3 == 0 && n >= 3;
                        let (mut raw, mut scales, mut start, mut days, mut opds) =
                            (raw, scales, start, days, opds);
                        if twins {
                            for k in 2..n {
                                raw[k] = raw[1];
                                scales[k] = scales[1];
                                start[k] = start[1];
                                days[k] = days[1].clone();
                                opds[k] = opds[1];
                            }
                        }
                        let mut links: Vec<(u16, Vec<u16>)> = Vec::new();
                        for q in 0..n {
                            let practice: Vec<u16> = (q + 1..n)
                                .filter(|p| edges[q * n + p])
                                .map(|p| u16::try_from(p + 1).unwrap_or(0))
                                .collect();
                            if !practice.is_empty() {
                                links.push((u16::try_from(q + 1).unwrap_or(0), practice));
                            }
                        }
                        let mut options = PlanOptions {
                            target: target.map(Value),
                            budget,
                            periods,
                            per_period,
                            links: links_on,
                            excluded: subset(n, &excluded),
                            pinned: subset(n, &pinned),
                            ..PlanOptions::default()
                        };
                        if capacities {
                            for (i, o) in opds.iter().enumerate() {
                                if *o > 0 {
                                    options
                                        .lead_opd
                                        .insert(u16::try_from(i + 1).unwrap_or(0), *o);
                                }
                            }
                            options.capacity = caps
                                .iter()
                                .enumerate()
                                .filter_map(|(k, c)| c.map(|c| (k as i64 + 1, c)))
                                .collect::<BTreeMap<_, _>>();
                        }
                        Case {
                            spec: Spec {
                                decimal,
                                min,
                                max,
                                weights: weights(raw),
                                scales,
                                links,
                            },
                            start: start.iter().map(|v| v * step).collect(),
                            days,
                            options,
                        }
                    },
                )
        },
    )
}

/// Runs the planner on a case and checks the plan; returns (planner outcome, brute outcome,
/// proven).
fn run(c: &Case) -> (Outcome, Outcome, bool) {
    let instrument = c.spec.instrument();
    let values: Vec<Value> = c.start.iter().map(|v| Value(*v)).collect();
    let current = Assessment::new(&instrument, values.clone()).expect("valid start");
    let model = efforts(&instrument, &c.days);
    let result = plan(&instrument, &current, &model, &c.options).expect("plans");
    check_plan(&instrument, &current, &model, &c.options, &result);
    let target = c
        .options
        .target
        .map_or(u128::MAX, |t| u128::from(t.0) * 1_000_000);
    let mine = (
        numerator(&instrument, &result.values).min(target),
        result.total_effort,
    );
    let best = brute_force(&instrument, &values, &model, &c.options);
    for (i, v) in result.values.iter().enumerate() {
        if fixed(&instrument, &c.options, i) {
            assert_eq!(*v, values[i], "left-out indicators stay where they are");
        }
    }
    (mine, best, result.proven_optimal)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Without capacities the answer is the exact optimum: the same reach as exhaustive
    /// search over every schedule, for the same least effort.
    #[test]
    fn the_plan_is_the_exact_optimum(c in case(4, false, &SMALL)) {
        let (mine, best, proven) = run(&c);
        prop_assert!(proven);
        prop_assert_eq!(mine, best, "{:#?}", c);
    }

    /// With OPD capacities: the same optimum whenever the search says it is proven (always,
    /// at this size), never better than exhaustive search.
    #[test]
    fn capacities_are_respected_and_the_optimum_is_found(c in case(4, true, &SMALL)) {
        let (mine, best, proven) = run(&c);
        prop_assert!(proven, "small cases finish within the node limit");
        prop_assert_eq!(mine, best, "{:#?}", c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// Larger small cases (up to 6 indicators, more link structure).
    #[test]
    fn six_indicators_match_exhaustive_search(c in case(6, false, &TINY)) {
        let (mine, best, _) = run(&c);
        prop_assert_eq!(mine, best, "{:#?}", c);
    }
}
