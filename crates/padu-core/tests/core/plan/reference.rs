//! Independent references for the full instruments: a plain knapsack without links, the
//! highest index the constraints allow, and the "no step can be removed" check.

use padu_core::{EffortModel, Instrument, PlanOptions, Value};

use super::support::{fixed, number};

/// Each indicator's highest level under K, P, exclusions and (when on) the links, taking every
/// policy to its own highest level first.
pub fn highest_levels(instrument: &Instrument, start: &[Value], options: &PlanOptions) -> Vec<u32> {
    let reach = options.per_period * options.periods;
    let max = instrument.values.max_level();
    let mut hi: Vec<u32> = start
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if fixed(instrument, options, i) {
                v.floor_level()
            } else {
                max.min(v.floor_level() + reach)
            }
        })
        .collect();
    if options.links {
        // The embedded instruments' links have policies that are never practices.
        for link in &instrument.links {
            let q = usize::from(link.policy) - 1;
            for p in &link.practice {
                let p = usize::from(*p) - 1;
                let base = start[p].floor_level();
                hi[p] = base.max(hi[p].min(hi[q] + 1));
            }
        }
    }
    hi
}

/// Values after raising every indicator to `levels` (a level at the start keeps its value).
pub fn values(start: &[Value], levels: &[u32]) -> Vec<Value> {
    start
        .iter()
        .zip(levels)
        .map(|(v, l)| {
            if *l == v.floor_level() {
                *v
            } else {
                Value::from_level(*l)
            }
        })
        .collect()
}

/// The least effort reaching the target with links off: a textbook knapsack over gain in
/// `unit`s of hundredths × ten-thousandths (every step gain must be a multiple of it).
pub fn least_effort_without_links(
    instrument: &Instrument,
    start: &[Value],
    efforts: &EffortModel,
    options: &PlanOptions,
    unit: u128,
) -> Option<u64> {
    let hi = highest_levels(
        instrument,
        start,
        &PlanOptions {
            links: false,
            ..options.clone()
        },
    );
    let now: u128 = instrument
        .indicators
        .iter()
        .zip(start)
        .map(|(i, v)| u128::from(i.weight.0) * u128::from(v.0))
        .sum();
    let wanted = u128::from(options.target?.0) * 1_000_000;
    let need = usize::try_from(wanted.saturating_sub(now).div_ceil(unit)).ok()?;
    let mut best = vec![u64::MAX; need + 1];
    best[0] = 0;
    for (i, v) in start.iter().enumerate() {
        let w = u128::from(instrument.indicators[i].weight.0);
        let mut choices = vec![(0usize, 0u64)];
        let (mut gain, mut cost) = (0u128, 0u64);
        for level in v.floor_level() + 1..=hi[i] {
            let from = if level == v.floor_level() + 1 {
                u128::from(v.0)
            } else {
                u128::from((level - 1) * 100)
            };
            let step = (u128::from(level * 100) - from) * w;
            assert_eq!(step % unit, 0, "the unit divides every step gain");
            gain += step / unit;
            cost += u64::from(efforts.step(number(i), level)?.days);
            choices.push((usize::try_from(gain).ok()?, cost));
        }
        let mut next = vec![u64::MAX; need + 1];
        for (g, slot) in next.iter_mut().enumerate() {
            for (dg, dc) in &choices {
                let from = best[g.saturating_sub(*dg)];
                if from != u64::MAX {
                    *slot = (*slot).min(from + dc);
                }
            }
        }
        best = next;
    }
    (best[need] != u64::MAX).then_some(best[need])
}

/// Whether final levels respect the links (a practice above its start stays within one level
/// of each policy).
pub fn links_hold(instrument: &Instrument, start: &[Value], levels: &[u32]) -> bool {
    instrument.links.iter().all(|link| {
        let q = usize::from(link.policy) - 1;
        link.practice.iter().all(|p| {
            let p = usize::from(*p) - 1;
            levels[p] <= start[p].floor_level().max(levels[q] + 1)
        })
    })
}
