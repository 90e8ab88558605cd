//! The exact knapsack over gain: `f[g]` = the least effort that gains at least `g` units.
//!
//! Blocks are processed last to first, so the table after block `j` is the best any plan can do
//! with blocks `j..`: the branch and bound uses these suffix tables as its lower bounds. A
//! component of links is processed once per combination of its policies' levels (the practices'
//! options depend on it) and the results are merged by minimum. Every choice is recorded so the
//! levels of any entry can be read back.

use super::blocks::{assignments, limit};
use super::model::{Block, Model};

/// "Not reachable": large, yet far from overflowing when efforts are added to it.
pub(super) const INF: u32 = u32::MAX / 2;

#[derive(Debug)]
struct Assignment {
    levels: Vec<u32>,
    shift: u32,
    /// Arena offsets of each practice's choices.
    choices: Vec<usize>,
}

#[derive(Debug)]
enum Record {
    Single(usize),
    Component {
        which: Vec<u16>,
        assignments: Vec<Assignment>,
    },
}

#[derive(Debug)]
pub(super) struct Table {
    top: usize,
    /// `suffix[j]`: the table of blocks `j..` (only `suffix[0]` unless asked for all).
    pub suffix: Vec<Vec<u32>>,
    /// The largest gain blocks `j..` can bring.
    pub suffix_gain: Vec<u32>,
    records: Vec<Record>,
    arena: Vec<u8>,
}

/// `out[g] = min over options o of input[max(0, g - gain_o)] + cost_o`, recording `o`.
/// `input` is unreachable beyond `reach`; returns how far `out` reaches (only that much of it
/// is written: the tables grow block by block, so the early blocks are cheap).
fn apply(
    input: &[u32],
    reach: usize,
    out: &mut [u32],
    choice: &mut [u8],
    gains: &[u32],
    costs: &[u32],
) -> usize {
    let top = out.len() - 1;
    let most = gains.last().map_or(0, |g| *g as usize);
    let new_reach = (reach + most).min(top);
    out[..=reach].copy_from_slice(&input[..=reach]);
    out[reach + 1..=new_reach].fill(INF);
    choice[..=new_reach].fill(0);
    for (o, (&dg, &dc)) in gains.iter().zip(costs).enumerate().skip(1) {
        let dg = (dg as usize).min(new_reach);
        let from_zero = input[0] + dc;
        for (slot, ch) in out[..=dg].iter_mut().zip(&mut choice[..=dg]) {
            if from_zero < *slot {
                *slot = from_zero;
                *ch = o as u8;
            }
        }
        let end = new_reach.min(reach + dg);
        if end <= dg {
            continue;
        }
        for ((slot, ch), &src) in out[dg + 1..=end]
            .iter_mut()
            .zip(&mut choice[dg + 1..=end])
            .zip(&input[1..=end - dg])
        {
            // Branch-free, so the loop vectorises.
            let v = src + dc;
            let better = v < *slot;
            *slot = if better { v } else { *slot };
            *ch = if better { o as u8 } else { *ch };
        }
    }
    new_reach
}

/// A copy of `table` with everything beyond `reach` marked unreachable.
fn finished(table: &[u32], reach: usize) -> Vec<u32> {
    let mut copy = table.to_vec();
    copy[reach + 1..].fill(INF);
    copy
}

impl Table {
    /// The table over every block; with `keep_suffixes` also the table of every suffix.
    pub fn compute(model: &Model, keep_suffixes: bool) -> Table {
        let top = model.top as usize;
        let len = top + 1;
        let items = &model.items;
        let m = model.blocks.len();
        let mut current = vec![INF; len];
        current[0] = 0;
        // `current` is unreachable beyond `reach`; only that much of any table is computed.
        let mut reach = 0usize;
        let mut suffix = Vec::new();
        let mut suffix_gain = vec![0u32; m + 1];
        let mut records = Vec::with_capacity(m);
        let slots: usize = model
            .blocks
            .iter()
            .map(|b| match b {
                Block::Single(_) => 1,
                Block::Component {
                    policies,
                    practices,
                    ..
                } => {
                    let combos: usize = policies.iter().map(|q| items[*q].options()).product();
                    combos * practices.len()
                }
            })
            .sum();
        let mut arena: Vec<u8> = Vec::with_capacity(slots * len);
        let (mut h1, mut h2, mut merged) = (vec![INF; len], vec![INF; len], vec![INF; len]);
        let take = |arena: &mut Vec<u8>| {
            let at = arena.len();
            arena.resize(at + len, 0);
            at
        };
        if keep_suffixes {
            suffix.push(current.clone());
        }
        for (j, block) in model.blocks.iter().enumerate().rev() {
            match block {
                Block::Single(i) => {
                    let item = &items[*i];
                    suffix_gain[j] = suffix_gain[j + 1] + item.gains[item.options() - 1];
                    let at = take(&mut arena);
                    reach = apply(
                        &current,
                        reach,
                        &mut h1,
                        &mut arena[at..at + len],
                        &item.gains,
                        &item.costs,
                    );
                    std::mem::swap(&mut current, &mut h1);
                    records.push(Record::Single(at));
                }
                Block::Component {
                    policies,
                    practices,
                    bounds,
                } => {
                    let most: u32 = policies
                        .iter()
                        .chain(practices)
                        .map(|i| items[*i].gains[items[*i].options() - 1])
                        .sum();
                    suffix_gain[j] = suffix_gain[j + 1] + most;
                    merged.fill(INF);
                    let mut which = vec![0u16; len];
                    let mut widest = reach;
                    let mut done = Vec::new();
                    for levels in assignments(items, policies) {
                        let (mut shift, mut cost) = (0u32, 0u32);
                        for (q, l) in policies.iter().zip(&levels) {
                            let o = (l - items[*q].base) as usize;
                            shift += items[*q].gains[o];
                            cost += items[*q].costs[o];
                        }
                        // Shifted by the policies' own gain and effort.
                        let s = (shift as usize).min(top);
                        let mut r = (reach + s).min(top);
                        h1[..s.min(r + 1)].fill(current[0] + cost);
                        if r >= s {
                            for (slot, &src) in h1[s..=r].iter_mut().zip(&current[..=r - s]) {
                                *slot = src + cost;
                            }
                        }
                        let mut choices = Vec::with_capacity(practices.len());
                        for (p, b) in practices.iter().zip(bounds) {
                            let item = &items[*p];
                            let o = limit(item, b.iter().map(|k| levels[*k]));
                            let at = take(&mut arena);
                            r = apply(
                                &h1,
                                r,
                                &mut h2,
                                &mut arena[at..at + len],
                                &item.gains[..=o],
                                &item.costs[..=o],
                            );
                            std::mem::swap(&mut h1, &mut h2);
                            choices.push(at);
                        }
                        let a = done.len() as u16;
                        widest = widest.max(r);
                        for ((slot, w), &v) in
                            merged[..=r].iter_mut().zip(&mut which[..=r]).zip(&h1[..=r])
                        {
                            if v < *slot {
                                *slot = v;
                                *w = a;
                            }
                        }
                        done.push(Assignment {
                            levels,
                            shift,
                            choices,
                        });
                    }
                    std::mem::swap(&mut current, &mut merged);
                    reach = widest;
                    records.push(Record::Component {
                        which,
                        assignments: done,
                    });
                }
            }
            if keep_suffixes {
                suffix.push(finished(&current, reach));
            }
        }
        records.reverse();
        if keep_suffixes {
            suffix.reverse();
        } else {
            suffix.push(finished(&current, reach));
        }
        Table {
            top,
            suffix,
            suffix_gain,
            records,
            arena,
        }
    }

    /// The least effort of gaining at least `g` units with every block.
    pub fn cost(&self, g: u32) -> u32 {
        self.suffix[0][(g as usize).min(self.top)]
    }

    /// The largest gain (capped at the table's top) whose least effort fits `budget`.
    pub fn best_within(&self, budget: u64) -> u32 {
        let f = &self.suffix[0];
        let g = f.iter().rposition(|c| *c < INF && u64::from(*c) <= budget);
        g.unwrap_or(0) as u32
    }

    /// The final level of every indicator in a least-effort plan gaining at least `g` units.
    pub fn levels_for(&self, model: &Model, g: u32) -> Vec<u32> {
        let items = &model.items;
        let mut levels: Vec<u32> = items.iter().map(|i| i.base).collect();
        let mut g = (g as usize).min(self.top);
        for (block, record) in model.blocks.iter().zip(&self.records) {
            match (block, record) {
                (Block::Single(i), Record::Single(at)) => {
                    let o = usize::from(self.arena[at + g]);
                    levels[*i] = items[*i].base + o as u32;
                    g = g.saturating_sub(items[*i].gains[o] as usize);
                }
                (
                    Block::Component {
                        policies,
                        practices,
                        ..
                    },
                    Record::Component { which, assignments },
                ) => {
                    let a = &assignments[usize::from(which[g])];
                    for (p, at) in practices.iter().zip(&a.choices).rev() {
                        let o = usize::from(self.arena[at + g]);
                        levels[*p] = items[*p].base + o as u32;
                        g = g.saturating_sub(items[*p].gains[o] as usize);
                    }
                    for (q, l) in policies.iter().zip(&a.levels) {
                        levels[*q] = *l;
                    }
                    g = g.saturating_sub(a.shift as usize);
                }
                _ => unreachable!("records follow blocks"),
            }
        }
        levels
    }
}
