//! Putting the steps of a plan into periods.
//!
//! A schedule is, per indicator, its level at the end of each period (`lv[0]` is the start,
//! `lv[P]` the final level). It must climb at most `K` levels per period, and at the end of
//! every period each practice may stand at most one level above its least advanced policy
//! (unless it already stood higher at the start: nothing is ever lowered). Within a period the
//! policies' steps come first, so a policy step and the practice step it allows may share a
//! period. With OPD capacities, no OPD may be given more person-days in a period than it has.
//!
//! The rule: start from the earliest schedule (every indicator climbs as soon as its `K` per
//! period and its policies allow; this always fits when there are no capacities), then level
//! it: repeatedly make the single change (one step moved to another period, carrying along the
//! steps that must move with it) that most lowers the sum of squared period efforts while every
//! constraint still holds, until no change lowers it. So effort is spread evenly where the
//! constraints leave room, and deterministically (ties go to the lowest indicator number and
//! the earliest periods).

use super::model::Model;
use super::{Effort, Step};

/// The effort of indicator `i` in period `s` (1-based) of trajectory `lv`.
fn effort_in(model: &Model, i: usize, lv: &[u32], s: usize) -> u64 {
    let item = &model.items[i];
    let at = |l: u32| u64::from(item.costs[(l - item.base) as usize]);
    at(lv[s]) - at(lv[s - 1])
}

/// Every indicator as early as possible; the final levels must respect the links.
pub(super) fn earliest(model: &Model, finals: &[u32]) -> Vec<Vec<u32>> {
    let p = model.periods as usize;
    let k = model.per_period;
    let items = &model.items;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|i| items[*i].depth);
    let mut lv: Vec<Vec<u32>> = items.iter().map(|i| vec![i.base; p + 1]).collect();
    for i in order {
        let item = &items[i];
        for s in 1..=p {
            let policy = item.policies.iter().map(|q| lv[*q][s] + 1).min();
            let allowed = policy.map_or(u32::MAX, |c| item.base.max(c));
            lv[i][s] = finals[i]
                .min(item.base + k * s as u32)
                .min(allowed)
                .max(lv[i][s - 1]);
        }
    }
    lv
}

/// Whether indicator `i` may stand at `lv[i][s]` given its policies at the end of period `s`.
fn link_ok(model: &Model, lv: &[Vec<u32>], i: usize, s: usize) -> bool {
    let item = &model.items[i];
    item.policies
        .iter()
        .map(|q| lv[*q][s] + 1)
        .min()
        .is_none_or(|cap| lv[i][s] <= item.base.max(cap))
}

/// Whether every constraint touching indicator `i` holds in periods `from..=to`.
pub(super) fn fits(
    model: &Model,
    lv: &[Vec<u32>],
    i: usize,
    from: usize,
    to: usize,
    opd_load: &[Vec<u64>],
) -> bool {
    let k = model.per_period;
    let item = &model.items[i];
    for s in from..=to {
        let step = lv[i][s].checked_sub(lv[i][s - 1]);
        if step.is_none_or(|d| d > k) || !link_ok(model, lv, i, s) {
            return false;
        }
        if item.practices.iter().any(|p| !link_ok(model, lv, *p, s)) {
            return false;
        }
        if let Some(slot) = item.slot
            && opd_load[slot][s - 1] > model.capacity[slot]
        {
            return false;
        }
    }
    true
}

/// Person-days per limited OPD per period.
pub(super) fn opd_loads(model: &Model, lv: &[Vec<u32>]) -> Vec<Vec<u64>> {
    let p = model.periods as usize;
    let mut loads = vec![vec![0u64; p]; model.capacity.len()];
    for (i, item) in model.items.iter().enumerate() {
        if let Some(slot) = item.slot {
            for s in 1..=p {
                loads[slot][s - 1] += effort_in(model, i, &lv[i], s);
            }
        }
    }
    loads
}

/// Evens out the effort per period without breaking any constraint (see the module docs).
pub(super) fn level(model: &Model, mut lv: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    let p = model.periods as usize;
    if p < 2 {
        return lv;
    }
    let mut load = vec![0u64; p];
    for (i, traj) in lv.iter().enumerate() {
        for (s, slot) in load.iter_mut().enumerate() {
            *slot += effort_in(model, i, traj, s + 1);
        }
    }
    let mut opd_load = opd_loads(model, &lv);
    let square = |x: u64| i128::from(x) * i128::from(x);
    // Each round strictly lowers Σ load², a non-negative integer, so this ends.
    loop {
        let mut best: Option<(i128, usize, usize, usize, bool)> = None;
        for i in 0..model.items.len() {
            if lv[i][p] == lv[i][0] {
                continue;
            }
            let before: Vec<u64> = (1..=p).map(|s| effort_in(model, i, &lv[i], s)).collect();
            for a in 1..p {
                for b in a + 1..=p {
                    for later in [true, false] {
                        if !shift(&mut lv[i], a, b, later) {
                            continue;
                        }
                        let k = model.per_period;
                        let climbs = (a..=b)
                            .all(|s| lv[i][s].checked_sub(lv[i][s - 1]).is_some_and(|d| d <= k));
                        if !climbs {
                            shift(&mut lv[i], a, b, !later);
                            continue;
                        }
                        let after: Vec<u64> =
                            (1..=p).map(|s| effort_in(model, i, &lv[i], s)).collect();
                        if let Some(slot) = model.items[i].slot {
                            for s in 0..p {
                                opd_load[slot][s] = opd_load[slot][s] + after[s] - before[s];
                            }
                        }
                        let ok = fits(model, &lv, i, a, b, &opd_load);
                        if let Some(slot) = model.items[i].slot {
                            for s in 0..p {
                                opd_load[slot][s] = opd_load[slot][s] + before[s] - after[s];
                            }
                        }
                        shift(&mut lv[i], a, b, !later);
                        if !ok {
                            continue;
                        }
                        let delta: i128 = (0..p)
                            .map(|s| square(load[s] + after[s] - before[s]) - square(load[s]))
                            .sum();
                        if delta < 0 && best.is_none_or(|(d, ..)| delta < d) {
                            best = Some((delta, i, a, b, later));
                        }
                    }
                }
            }
        }
        let Some((_, i, a, b, later)) = best else {
            return lv;
        };
        let before: Vec<u64> = (1..=p).map(|s| effort_in(model, i, &lv[i], s)).collect();
        shift(&mut lv[i], a, b, later);
        for s in 0..p {
            let after = effort_in(model, i, &lv[i], s + 1);
            load[s] = load[s] + after - before[s];
            if let Some(slot) = model.items[i].slot {
                opd_load[slot][s] = opd_load[slot][s] + after - before[s];
            }
        }
    }
}

/// Lowers (`later`) or raises the levels at the ends of periods `a..b`: one step moves from
/// period `a` to period `b`, or from `b` to `a`. `false` (and nothing changed) when a level
/// would leave the range between the start and the final level.
fn shift(traj: &mut [u32], a: usize, b: usize, later: bool) -> bool {
    let (start, end) = (traj[0], traj[traj.len() - 1]);
    let fine = traj[a..b]
        .iter()
        .all(|l| if later { *l > start } else { *l < end });
    if fine {
        for l in &mut traj[a..b] {
            if later {
                *l -= 1;
            } else {
                *l += 1;
            }
        }
    }
    fine
}

/// The steps of a schedule (unsorted).
pub(super) fn steps(model: &Model, lv: &[Vec<u32>]) -> Vec<Step> {
    let mut out = Vec::new();
    for (item, traj) in model.items.iter().zip(lv) {
        for (s, pair) in traj.windows(2).enumerate() {
            for level in pair[0] + 1..=pair[1] {
                let from = if level == item.base + 1 {
                    item.start
                } else {
                    crate::exact::Value::from_level(level - 1)
                };
                let effort: Effort = item.steps[(level - item.base - 1) as usize];
                out.push(Step {
                    indicator: item.number,
                    from,
                    to: level,
                    effort,
                    period: s as u32 + 1,
                    lead_opd: item.lead,
                });
            }
        }
    }
    out
}
