//! Exact planning under OPD capacities: depth-first branch and bound.
//!
//! Each indicator in turn (components of links together, policies first) is given a whole
//! trajectory: its level at the end of every period. Capacities, `K` per period, the links at
//! every period end and the budget are checked as trajectories are placed. A node is cut when
//! what is left cannot beat the best plan found (neither a higher reach nor the same reach for
//! less effort) by two bounds: the capacity-free optimum of what is left (the solver's suffix
//! tables), and the linear relaxation that keeps the capacities (`relax.rs`). The first dive
//! follows the capacity-free optimum, which is often already schedulable, and then the search
//! is proven optimal at once.

use super::model::{Block, Model};
use super::relax::Relaxation;
use super::schedule::{earliest, opd_loads};
use super::solve::{INF, Table};

struct Search<'a> {
    model: &'a Model,
    table: &'a Table,
    relaxation: Relaxation,
    budget: u64,
    /// Reach counted up to here (the table's top).
    cap: u64,
    /// Position -> indicator; block of each position; gain still possible in its block after it.
    order: Vec<usize>,
    block_of: Vec<usize>,
    rest_in_block: Vec<u64>,
    preferred: Vec<u32>,
    /// Whether the indicator at a position is interchangeable with the one before it.
    twin: Vec<bool>,
    lv: Vec<Vec<u32>>,
    loads: Vec<Vec<u64>>,
    best: (u64, u64),
    best_lv: Vec<Vec<u32>>,
    goal: (u64, u64),
    nodes: u64,
    limit: u64,
    stopped: bool,
}

/// The best schedule under the capacities, and whether it is proven optimal.
pub(super) fn search(
    model: &Model,
    table: &Table,
    budget: u64,
    node_limit: u64,
) -> (Vec<Vec<u32>>, bool) {
    let mut order = Vec::new();
    let mut block_of = Vec::new();
    for (j, block) in model.blocks.iter().enumerate() {
        let members: Vec<usize> = match block {
            Block::Single(i) => vec![*i],
            Block::Component {
                policies,
                practices,
                ..
            } => policies.iter().chain(practices).copied().collect(),
        };
        for i in members {
            order.push(i);
            block_of.push(j);
        }
    }
    let mut rest_in_block = vec![0u64; order.len()];
    for k in (0..order.len()).rev() {
        let item = &model.items[order[k]];
        let own = u64::from(item.gains[item.options() - 1]);
        let same = k + 1 < order.len() && block_of[k + 1] == block_of[k];
        rest_in_block[k] = own + if same { rest_in_block[k + 1] } else { 0 };
    }
    let best_gain = table.best_within(budget);
    let mut preferred = table.levels_for(model, best_gain);
    // Interchangeable neighbours (same options, OPD and policies; no practices of their own):
    // only plans where the earlier one is at least as far along are searched.
    let twin: Vec<bool> = (0..order.len())
        .map(|k| k > 0 && interchangeable(model, order[k - 1], order[k]))
        .collect();
    let mut k = 0;
    while k < order.len() {
        let mut end = k + 1;
        while end < order.len() && twin[end] {
            end += 1;
        }
        let mut run: Vec<u32> = order[k..end].iter().map(|i| preferred[*i]).collect();
        run.sort_unstable_by(|a, b| b.cmp(a));
        for (i, l) in order[k..end].iter().zip(run) {
            preferred[*i] = l;
        }
        k = end;
    }
    let base: Vec<Vec<u32>> = model
        .items
        .iter()
        .map(|i| vec![i.base; model.periods as usize + 1])
        .collect();
    let mut s = Search {
        model,
        table,
        relaxation: Relaxation::new(model, &order),
        budget,
        cap: u64::from(model.top),
        order,
        block_of,
        rest_in_block,
        preferred,
        twin,
        loads: vec![vec![0; model.periods as usize]; model.capacity.len()],
        lv: base.clone(),
        best: (0, 0),
        best_lv: base,
        goal: (u64::from(best_gain), u64::from(table.cost(best_gain))),
        nodes: 0,
        limit: node_limit,
        stopped: false,
    };
    // The capacity-free optimum, scheduled as early as possible, may already fit.
    let early = earliest(model, &s.preferred);
    if opd_loads(model, &early)
        .iter()
        .zip(&model.capacity)
        .all(|(per, cap)| per.iter().all(|l| l <= cap))
    {
        return (early, true);
    }
    s.dfs(0, 0, 0);
    let proven = !s.stopped || s.best == s.goal;
    (s.best_lv, proven)
}

/// Whether swapping the plans of indicators `a` and `b` changes nothing that matters.
fn interchangeable(model: &Model, a: usize, b: usize) -> bool {
    let (x, y) = (&model.items[a], &model.items[b]);
    let mut px = x.policies.clone();
    let mut py = y.policies.clone();
    px.sort_unstable();
    py.sort_unstable();
    x.practices.is_empty()
        && y.practices.is_empty()
        && x.start == y.start
        && x.hi == y.hi
        && x.gains == y.gains
        && x.costs == y.costs
        && x.slot == y.slot
        && px == py
}

impl Search<'_> {
    /// The least effort blocks from position `k` on need to gain `x` more units.
    fn lower_bound(&self, k: usize, x: i64) -> u64 {
        if x <= 0 {
            return 0;
        }
        let (j, x) = if k >= self.order.len() {
            (self.table.suffix.len() - 1, x)
        } else if k == 0 || self.block_of[k - 1] != self.block_of[k] {
            (self.block_of[k], x)
        } else {
            (
                self.block_of[k] + 1,
                x - i64::try_from(self.rest_in_block[k]).unwrap_or(i64::MAX),
            )
        };
        if x <= 0 {
            return 0;
        }
        let table = &self.table.suffix[j];
        let c = table[usize::try_from(x)
            .unwrap_or(usize::MAX)
            .min(table.len() - 1)];
        if c >= INF { u64::MAX } else { u64::from(c) }
    }

    /// The most gain positions `k..` can bring.
    fn upper_gain(&self, k: usize) -> u64 {
        if k >= self.order.len() {
            return 0;
        }
        let j = self.block_of[k];
        u64::from(self.table.suffix_gain[j + 1]) + self.rest_in_block[k]
    }

    fn promising(&self, k: usize, gain: u64, cost: u64) -> bool {
        let (best_reach, best_cost) = self.best;
        let (higher_need, same_need) = (
            (best_reach + 1).saturating_sub(gain),
            best_reach.saturating_sub(gain),
        );
        let room: Vec<Vec<u64>> = self
            .loads
            .iter()
            .zip(&self.model.capacity)
            .map(|(per, cap)| per.iter().map(|l| cap - l).collect())
            .collect();
        let left = if self.budget == u64::MAX {
            u64::MAX
        } else {
            self.budget - cost
        };
        let (relaxed_gain, [higher_cost, same_cost]) =
            self.relaxation
                .bound(k, &room, left, [higher_need, same_need]);
        let reach = (gain + self.upper_gain(k).min(relaxed_gain)).min(self.cap);
        let least = |need: u64, relaxed: u64| {
            let need = i64::try_from(need).unwrap_or(i64::MAX);
            self.lower_bound(k, need).max(relaxed)
        };
        let higher = best_reach < self.cap
            && reach > best_reach
            && cost.saturating_add(least(higher_need, higher_cost)) <= self.budget;
        let cheaper =
            reach >= best_reach && cost.saturating_add(least(same_need, same_cost)) < best_cost;
        higher || cheaper
    }

    fn dfs(&mut self, k: usize, gain: u64, cost: u64) {
        if self.stopped || self.best == self.goal {
            return;
        }
        if k == self.order.len() {
            let reach = gain.min(self.cap);
            if reach > self.best.0 || (reach == self.best.0 && cost < self.best.1) {
                self.best = (reach, cost);
                self.best_lv.clone_from(&self.lv);
            }
            return;
        }
        let i = self.order[k];
        let item = &self.model.items[i];
        let p = self.model.periods as usize;
        // Final levels, the capacity-free optimum's first, then outward from it.
        let want = self.preferred[i];
        let mut finals: Vec<u32> = (item.base..=item.hi).collect();
        finals.sort_by_key(|l| (l.abs_diff(want), std::cmp::Reverse(*l)));
        for t in finals {
            let o = (t - item.base) as usize;
            let (g, c) = (u64::from(item.gains[o]), u64::from(item.costs[o]));
            if cost + c > self.budget {
                continue;
            }
            for traj in self.trajectories(i, t) {
                if self.twin[k] && traj > self.lv[self.order[k - 1]] {
                    continue;
                }
                self.nodes += 1;
                if self.nodes > self.limit {
                    self.stopped = true;
                    return;
                }
                let efforts: Vec<u64> = (1..=p)
                    .map(|s| {
                        u64::from(item.costs[(traj[s] - item.base) as usize])
                            - u64::from(item.costs[(traj[s - 1] - item.base) as usize])
                    })
                    .collect();
                if let Some(slot) = item.slot
                    && (0..p).any(|s| self.loads[slot][s] + efforts[s] > self.model.capacity[slot])
                {
                    continue;
                }
                if !self.promising(k + 1, gain + g, cost + c) {
                    continue;
                }
                if let Some(slot) = item.slot {
                    for (load, e) in self.loads[slot].iter_mut().zip(&efforts) {
                        *load += e;
                    }
                }
                self.lv[i].clone_from(&traj);
                self.dfs(k + 1, gain + g, cost + c);
                self.lv[i].fill(item.base);
                if let Some(slot) = item.slot {
                    for (load, e) in self.loads[slot].iter_mut().zip(&efforts) {
                        *load -= e;
                    }
                }
                if self.stopped || self.best == self.goal {
                    return;
                }
            }
        }
    }

    /// Every way to climb from the start to `t`, at most `K` a period, never above what the
    /// (already placed) policies allow at each period end; earliest climbs first.
    fn trajectories(&self, i: usize, t: u32) -> Vec<Vec<u32>> {
        let item = &self.model.items[i];
        let p = self.model.periods as usize;
        let k = self.model.per_period;
        let allowed: Vec<u32> = (0..=p)
            .map(|s| {
                item.policies
                    .iter()
                    .map(|q| self.lv[*q][s] + 1)
                    .min()
                    .map_or(u32::MAX, |c| item.base.max(c))
            })
            .collect();
        let mut out = Vec::new();
        let mut traj = vec![item.base; p + 1];
        fn grow(
            s: usize,
            traj: &mut Vec<u32>,
            out: &mut Vec<Vec<u32>>,
            (p, k, t): (usize, u32, u32),
            allowed: &[u32],
        ) {
            if s > p {
                if traj[p] == t {
                    out.push(traj.clone());
                }
                return;
            }
            let prev = traj[s - 1];
            // Still able to reach t by the end with K per period?
            let remaining = (p - s) as u32 * k;
            let low = prev.max(t.saturating_sub(remaining));
            let high = t.min(prev + k).min(allowed[s]);
            for level in (low..=high).rev() {
                traj[s] = level;
                grow(s + 1, traj, out, (p, k, t), allowed);
            }
        }
        grow(1, &mut traj, &mut out, (p, k, t), &allowed);
        out
    }
}
