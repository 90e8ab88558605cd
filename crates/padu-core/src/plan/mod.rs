//! The target planner: gap analysis and the least-effort set of level raises that reaches a
//! target index, scheduled into periods.
//!
//! # Method
//!
//! Every level step of indicator *i* raises the index numerator Σ value × weight by
//! Δvalue × wᵢ. Dividing every possible step gain by their exact greatest common divisor *G*
//! (for whole levels 100 × the gcd of the weights; on the official 0.05-point grid it is at
//! least 0.05 points) turns every gain into a small integer, so "reach the target with the least
//! effort" becomes an exact knapsack over gain: `f[g]` = the least effort that gains at least
//! `g` units. The target needs `R = ⌈(target × Σw − Σ value × w) / G⌉` units; the budget dual
//! asks for the largest `g` with `f[g] ≤ B`. Both come from one table.
//!
//! Constraints shape each indicator's options: levels are climbed one at a time, at most `K`
//! per period, so at most `K × P` above the start; excluded, pinned and (under 8/2026) external
//! indicators have no option. Policy → practice links ("a practice goes above level L only once
//! its policy has reached L") couple indicators: the indicators are grouped into the connected
//! components of the links that can bind, the policy levels of a component are enumerated (one
//! or two policies per component in 59/2020), the practices are knapsacked under each policy
//! choice, and the components are combined. The result is the true optimum, `proven_optimal`.
//!
//! With an effort capacity per OPD per period the periods no longer separate and the problem is
//! NP-hard in general; a depth-first branch and bound over each indicator's per-period levels,
//! bounded by the table above, solves it exactly within a node limit, else returns the best plan
//! found with `proven_optimal: false`.
//!
//! Steps are then put into periods: the earliest schedule, levelled so the effort per period
//! is as even as the constraints allow (the rule is in `schedule.rs`).

mod blocks;
mod bnb;
mod effort;
mod gap;
mod model;
mod relax;
mod schedule;
mod solve;

use std::collections::{BTreeMap, BTreeSet};

pub use effort::{Effort, EffortModel, parse_effort_csv};
pub use gap::{GapAnalysis, GroupGap, IndicatorGap, gap_analysis};

use crate::exact::{Exact, Value, parse_fixed};
use crate::instrument::Instrument;
use crate::problem::Problems;
use crate::score::{Assessment, score};

/// An OPD as the caller knows it (the database id of the Pemda's OPD).
pub type OpdId = i64;

/// What to plan for, and under which constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// The index to reach. `None` asks for the highest index within `budget` (the dual).
    pub target: Option<Value>,
    /// The most effort (person-days) the whole plan may take.
    pub budget: Option<u64>,
    /// Periods until the deadline (semesters, say); at least 1.
    pub periods: u32,
    /// Levels one indicator may climb in one period; at least 1.
    pub per_period: u32,
    /// Whether policy → practice links from the instrument constrain the plan.
    pub links: bool,
    /// Indicators the plan must not raise.
    pub excluded: BTreeSet<u16>,
    /// Indicators kept at their current value.
    pub pinned: BTreeSet<u16>,
    /// External-index indicators (8/2026) the plan may raise; the others are left out.
    pub include_external: BTreeSet<u16>,
    /// Each indicator's lead OPD, where known.
    pub lead_opd: BTreeMap<u16, OpdId>,
    /// Person-days each OPD can spend per period; OPDs not listed are not limited.
    pub capacity: BTreeMap<OpdId, u64>,
    /// Branch-and-bound nodes before giving up on a proof (only with capacities).
    pub node_limit: u64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            target: None,
            budget: None,
            periods: 2,
            per_period: 1,
            links: true,
            excluded: BTreeSet::new(),
            pinned: BTreeSet::new(),
            include_external: BTreeSet::new(),
            lead_opd: BTreeMap::new(),
            capacity: BTreeMap::new(),
            node_limit: 200_000,
        }
    }
}

/// One level step of one indicator, scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub indicator: u16,
    /// The value before the step: the previous level, or a decimal value (1.26) for the first
    /// step of an 8/2026 indicator.
    pub from: Value,
    /// The whole level the step reaches.
    pub to: u32,
    pub effort: Effort,
    /// 1-based.
    pub period: u32,
    pub lead_opd: Option<OpdId>,
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub target: Option<Value>,
    /// The target is reached (within the budget when one is given). Always true for the dual.
    pub feasible: bool,
    pub start_index: Exact,
    /// The index of [`Plan::values`], exactly.
    pub reached_index: Exact,
    /// When infeasible: the highest index reachable under the constraints (which this plan
    /// reaches, with the least effort).
    pub max_reachable_index: Option<Exact>,
    /// Person-days.
    pub total_effort: u64,
    /// The estimated cost, when every step has one.
    pub total_rupiah: Option<u64>,
    /// By period, then in the order to do them within the period (policies first).
    pub steps: Vec<Step>,
    /// The value of every indicator after the plan.
    pub values: Vec<Value>,
    /// Person-days per period.
    pub period_effort: Vec<u64>,
    /// False only when a capacity search stopped at its node limit.
    pub proven_optimal: bool,
    /// Indicators the plan could not touch: excluded, pinned, external.
    pub left_out: Vec<u16>,
}

/// Reads a target: an index value (`2.6`, `2,6`) or a predikat name (`Baik`).
pub fn parse_target(instrument: &Instrument, text: &str) -> Result<Value, String> {
    let text = text.trim();
    let value = match parse_fixed(text, 2, true) {
        Ok(h) => Value(h),
        Err(crate::exact::DecimalError::TooManyDecimals { .. }) => {
            return Err(format!("target \"{text}\" paling banyak 2 desimal"));
        }
        Err(_) => instrument.predikat_min(text).ok_or_else(|| {
            let names: Vec<&str> = instrument
                .predikat
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            format!(
                "target \"{text}\" bukan angka indeks maupun predikat {} ({})",
                instrument.short_name,
                names.join(", ")
            )
        })?,
    };
    if !instrument.values.contains(value) {
        return Err(format!(
            "target {} di luar skala indeks {}-{}",
            value.format_short(','),
            instrument.values.format(instrument.values.min, ','),
            instrument.values.format(instrument.values.max, ',')
        ));
    }
    Ok(value)
}

/// Plans the least-effort raises from `current` to `options.target` (or the highest index
/// within `options.budget`). Problems with the request are reported all at once.
pub fn plan(
    instrument: &Instrument,
    current: &Assessment,
    efforts: &EffortModel,
    options: &PlanOptions,
) -> Result<Plan, Problems> {
    let model = model::Model::build(instrument, current, efforts, options)?;
    let table = solve::Table::compute(&model, !model.capacity.is_empty());
    let budget = options.budget.unwrap_or(u64::MAX);
    let best = table.best_within(budget);
    let (trajectories, proven) = if model.capacity.is_empty() {
        let finals = table.levels_for(&model, best);
        (schedule::earliest(&model, &finals), true)
    } else {
        bnb::search(&model, &table, budget, options.node_limit)
    };
    let trajectories = schedule::level(&model, trajectories);
    Ok(assemble(instrument, &model, &trajectories, proven))
}

fn assemble(
    instrument: &Instrument,
    model: &model::Model,
    trajectories: &[Vec<u32>],
    proven_optimal: bool,
) -> Plan {
    let periods = model.periods as usize;
    let mut steps = schedule::steps(model, trajectories);
    steps.sort_by_key(|s| {
        (
            s.period,
            model.items[usize::from(s.indicator) - 1].depth,
            s.indicator,
            s.to,
        )
    });
    let values: Vec<Value> = model
        .items
        .iter()
        .zip(trajectories)
        .map(|(item, lv)| {
            let level = lv[periods];
            if level == item.base {
                item.start
            } else {
                Value::from_level(level)
            }
        })
        .collect();
    let reached = Assessment::new(instrument, values.clone())
        .map(|a| score(instrument, &a).index)
        .unwrap_or(model.start_index);
    let mut period_effort = vec![0u64; periods];
    for s in &steps {
        period_effort[s.period as usize - 1] += u64::from(s.effort.days);
    }
    let gained = model.gain_units(trajectories);
    let feasible = gained >= model.need;
    Plan {
        target: model.target,
        feasible,
        start_index: model.start_index,
        reached_index: reached,
        max_reachable_index: (!feasible).then_some(reached),
        total_effort: period_effort.iter().sum(),
        total_rupiah: steps.iter().map(|s| s.effort.rupiah).sum(),
        steps,
        values,
        period_effort,
        proven_optimal,
        left_out: model.left_out.clone(),
    }
}
