//! The planning problem in integers: each indicator's options (levels it may end at, with their
//! cumulative gain in units of G and cumulative effort), the links that can bind, and the blocks
//! the solver works through.

use std::collections::BTreeMap;

use super::{EffortModel, OpdId, PlanOptions};
use crate::exact::{Exact, Value};
use crate::instrument::Instrument;
use crate::problem::{Problems, ranges};
use crate::score::{Assessment, score};

/// Larger gain tables than this are refused (weights far off any official grid).
const MAX_TABLE: u64 = 4_000_000;
/// Policy-level combinations enumerated inside one component of links.
pub(super) const MAX_ASSIGNMENTS: usize = 4096;

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub number: u16,
    pub start: Value,
    /// The whole level at or below the start (the level links compare).
    pub base: u32,
    /// The highest level the plan may reach; `base` when the indicator is fixed.
    pub hi: u32,
    /// Cumulative gain (units) and effort (days) of ending at `base + o`, for `o = 0..`.
    pub gains: Vec<u32>,
    pub costs: Vec<u32>,
    /// The effort of reaching `base + o`, at `o - 1`.
    pub steps: Vec<super::Effort>,
    /// Enabled links: the policies this indicator practises, and its practices.
    pub policies: Vec<usize>,
    pub practices: Vec<usize>,
    /// Position in a policies-first order (0 for an indicator with no policy).
    pub depth: u32,
    pub lead: Option<OpdId>,
    /// Index into [`Model::capacity`] when its lead OPD is limited.
    pub slot: Option<usize>,
}

impl Item {
    pub fn options(&self) -> usize {
        (self.hi - self.base) as usize + 1
    }
}

/// A unit the solver works through: one indicator, or a component of bound links (policies
/// first, in dependency order, then the practices they bound).
#[derive(Debug, Clone)]
pub(super) enum Block {
    Single(usize),
    Component {
        policies: Vec<usize>,
        practices: Vec<usize>,
        /// For each practice, the policies (positions in `policies`) that bound it.
        bounds: Vec<Vec<usize>>,
    },
}

#[derive(Debug, Clone)]
pub(super) struct Model {
    pub items: Vec<Item>,
    pub target: Option<Value>,
    /// Units the target needs (0 without a target).
    pub need: u32,
    /// Size of the gain table: `min(need, max gain)` with a target, else the max gain.
    pub top: u32,
    pub periods: u32,
    pub per_period: u32,
    pub blocks: Vec<Block>,
    /// Person-days per period of each limited OPD.
    pub capacity: Vec<u64>,
    pub start_index: Exact,
    pub left_out: Vec<u16>,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Model {
    pub fn build(
        instrument: &Instrument,
        current: &Assessment,
        efforts: &EffortModel,
        options: &PlanOptions,
    ) -> Result<Model, Problems> {
        let mut problems = Problems::default();
        if options.periods == 0 {
            problems.push("", "jumlah periode harus paling sedikit 1");
        }
        if options.per_period == 0 {
            problems.push("", "jumlah level per periode harus paling sedikit 1");
        }
        if let Some(t) = options.target.filter(|t| !instrument.values.contains(*t)) {
            problems.push(
                "",
                format!("target {} di luar skala indeks", t.format_short(',')),
            );
        }
        let count = instrument.indicators.len();
        for (what, set) in [
            ("dikecualikan", &options.excluded),
            ("dikunci", &options.pinned),
            ("eksternal yang diikutkan", &options.include_external),
        ] {
            let unknown: Vec<u16> = set
                .iter()
                .copied()
                .filter(|n| *n == 0 || usize::from(*n) > count)
                .collect();
            if !unknown.is_empty() {
                problems.push(
                    "",
                    format!(
                        "indikator {what} {} tidak ada pada instrumen {} (nomor 1-{count})",
                        ranges(&unknown),
                        instrument.id
                    ),
                );
            }
        }
        let not_external: Vec<u16> = options
            .include_external
            .iter()
            .copied()
            .filter(|n| instrument.indicator(*n).is_some_and(|i| !i.is_external()))
            .collect();
        if !not_external.is_empty() {
            problems.push(
                "",
                format!(
                    "indikator {} tidak dinilai dari indeks eksternal",
                    ranges(&not_external)
                ),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }

        let reach = options.per_period.saturating_mul(options.periods);
        let max_level = instrument.values.max_level();
        let slots: BTreeMap<OpdId, usize> = options
            .capacity
            .keys()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let mut left_out = Vec::new();
        let mut items: Vec<Item> = instrument
            .indicators
            .iter()
            .zip(current.values())
            .map(|(ind, value)| {
                let n = ind.number;
                let fixed = options.excluded.contains(&n)
                    || options.pinned.contains(&n)
                    || (ind.is_external() && !options.include_external.contains(&n));
                if fixed {
                    left_out.push(n);
                }
                let base = value.floor_level();
                let hi = if fixed {
                    base
                } else {
                    max_level.min(base.saturating_add(reach))
                };
                let lead = options.lead_opd.get(&n).copied();
                Item {
                    number: n,
                    start: *value,
                    base,
                    hi,
                    gains: Vec::new(),
                    costs: Vec::new(),
                    steps: Vec::new(),
                    policies: Vec::new(),
                    practices: Vec::new(),
                    depth: 0,
                    lead,
                    slot: lead.and_then(|o| slots.get(&o).copied()),
                }
            })
            .collect();
        if options.links {
            for link in &instrument.links {
                let q = usize::from(link.policy) - 1;
                for p in &link.practice {
                    let p = usize::from(*p) - 1;
                    if !items[p].policies.contains(&q) {
                        items[p].policies.push(q);
                        items[q].practices.push(p);
                    }
                }
            }
        }
        let order = topological(&items).ok_or_else(|| {
            let mut p = Problems::default();
            p.push(
                "",
                format!(
                    "tautan kebijakan-penerapan instrumen {} melingkar; jalankan tanpa tautan",
                    instrument.id
                ),
            );
            p
        })?;
        // A practice never ends above its policies' highest level + 1 (unless it starts there).
        for &i in &order {
            let depth = items[i]
                .policies
                .iter()
                .map(|q| items[*q].depth + 1)
                .max()
                .unwrap_or(0);
            let cap = items[i].policies.iter().map(|q| items[*q].hi + 1).min();
            let item = &mut items[i];
            item.depth = depth;
            if let Some(cap) = cap {
                item.hi = item.base.max(item.hi.min(cap));
            }
        }
        // Effort of every step the plan may take.
        let mut missing: Vec<u16> = Vec::new();
        for item in &mut items {
            for level in item.base + 1..=item.hi {
                match efforts.step(item.number, level) {
                    Some(e) => item.steps.push(e),
                    None => {
                        missing.push(item.number);
                        break;
                    }
                }
            }
        }
        if !missing.is_empty() {
            problems.push(
                "",
                format!(
                    "upaya langkah level indikator {} tidak diketahui: instrumen {} tidak \
                     memuat upaya bawaan, berikan berkas upaya yang mengisinya",
                    ranges(&missing),
                    instrument.id
                ),
            );
            return Err(problems);
        }
        // The gain unit: the gcd of every step gain (Δhundredths × weight).
        let step_gain = |item: &Item, level: u32| {
            let from = if level == item.base + 1 {
                item.start.0
            } else {
                (level - 1) * Value::SCALE
            };
            u128::from(level * Value::SCALE - from)
                * u128::from(instrument.indicators[usize::from(item.number) - 1].weight.0)
        };
        let mut unit = 0u128;
        for item in &items {
            for level in item.base + 1..=item.hi {
                unit = gcd(unit, step_gain(item, level));
            }
        }
        let unit = unit.max(1);
        let mut max_gain: u64 = 0;
        let mut max_cost: u64 = 0;
        for item in &mut items {
            item.gains.push(0);
            item.costs.push(0);
            for level in item.base + 1..=item.hi {
                let g = u64::try_from(step_gain(item, level) / unit).unwrap_or(u64::MAX);
                let last = u64::from(*item.gains.last().unwrap_or(&0));
                let e = item.steps[(level - item.base - 1) as usize].days;
                max_gain = max_gain.saturating_add(g);
                max_cost = max_cost.saturating_add(u64::from(e));
                item.gains
                    .push(u32::try_from(last.saturating_add(g)).unwrap_or(u32::MAX));
                let c = u64::from(*item.costs.last().unwrap_or(&0)) + u64::from(e);
                item.costs.push(u32::try_from(c).unwrap_or(u32::MAX));
            }
        }
        if max_gain > MAX_TABLE || max_cost >= u64::from(super::solve::INF / 4) {
            problems.push(
                "",
                "bobot atau upaya instrumen ini terlalu halus atau terlalu besar untuk dihitung \
                 tepat oleh perencana",
            );
            return Err(problems);
        }
        let start = score(instrument, current);
        let total_weight: u128 = instrument
            .indicators
            .iter()
            .map(|i| u128::from(i.weight.0))
            .sum();
        let numerator: u128 = instrument
            .indicators
            .iter()
            .zip(current.values())
            .map(|(i, v)| u128::from(i.weight.0) * u128::from(v.0))
            .sum();
        let need = options.target.map_or(0, |t| {
            let wanted = u128::from(t.0) * total_weight;
            let short = wanted.saturating_sub(numerator);
            short.div_ceil(unit)
        });
        let need = u32::try_from(need).unwrap_or(u32::MAX);
        let max_gain = u32::try_from(max_gain).unwrap_or(u32::MAX);
        let top = if options.target.is_some() {
            need.min(max_gain)
        } else {
            max_gain
        };
        let blocks = super::blocks::blocks(&items, &order).map_err(|component: Vec<u16>| {
            let mut p = Problems::default();
            p.push(
                "",
                format!(
                    "tautan indikator {} terlalu banyak kombinasinya untuk dihitung tepat; \
                     jalankan tanpa tautan atau dengan lebih sedikit periode",
                    ranges(&component)
                ),
            );
            p
        })?;
        Ok(Model {
            items,
            target: options.target,
            need,
            top,
            periods: options.periods,
            per_period: options.per_period,
            blocks,
            capacity: options.capacity.values().copied().collect(),
            start_index: start.index,
            left_out,
        })
    }

    /// Units gained by trajectories (levels at the end of each period, per indicator).
    pub fn gain_units(&self, trajectories: &[Vec<u32>]) -> u32 {
        self.items
            .iter()
            .zip(trajectories)
            .map(|(item, lv)| item.gains[(lv[self.periods as usize] - item.base) as usize])
            .sum()
    }
}

/// Indicators with every policy before its practices; `None` when links form a cycle.
fn topological(items: &[Item]) -> Option<Vec<usize>> {
    let mut indegree: Vec<usize> = items.iter().map(|i| i.policies.len()).collect();
    let mut ready: Vec<usize> = (0..items.len()).filter(|i| indegree[*i] == 0).collect();
    ready.reverse();
    let mut order = Vec::with_capacity(items.len());
    while let Some(i) = ready.pop() {
        order.push(i);
        for &p in items[i].practices.iter().rev() {
            indegree[p] -= 1;
            if indegree[p] == 0 {
                ready.push(p);
            }
        }
    }
    (order.len() == items.len()).then_some(order)
}
