//! Small instruments built in the test, exhaustive reference planners, and a checker that a
//! plan's schedule respects every constraint.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use padu_core::instrument::parse_instrument;
use padu_core::plan::{Effort, Plan};
use padu_core::{Assessment, EffortModel, Instrument, PlanOptions, Value, score};

/// A small instrument: `weights` in units of 0.05 points (summing to 2000), scale `min..=max`,
/// `scales[i]` 0 or 1, links as (policy, practices), efforts per scale as `[scale][level]`.
#[derive(Debug, Clone)]
pub struct Spec {
    pub decimal: bool,
    pub min: u32,
    pub max: u32,
    pub weights: Vec<u32>,
    pub scales: Vec<usize>,
    pub links: Vec<(u16, Vec<u16>)>,
}

impl Spec {
    pub fn toml(&self) -> String {
        let mut t = String::new();
        let (kind, decimals) = if self.decimal {
            ("decimal", 2)
        } else {
            ("whole", 0)
        };
        let _ = write!(
            t,
            "id = \"uji-kecil\"\nname = \"Uji\"\nregulation = \"Uji\"\nshort_name = \"Uji\"\n\
             first_year = 2020\nreport_title = \"Uji\"\n\n[values]\nkind = \"{kind}\"\n\
             min = {}\nmax = {}\ndecimals = {decimals}\n\n[display]\ndecimals = 2\n\
             rounding = \"half-even\"\n",
            self.min, self.max
        );
        for code in ["a", "b"] {
            let _ = write!(
                t,
                "\n[[scales]]\ncode = \"{code}\"\nname = \"Skala {code}\"\n"
            );
            for l in self.min..=self.max {
                let _ = write!(
                    t,
                    "[[scales.levels]]\nlevel = {l}\nlabel = \"L{l}\"\nlabel_en = \"L{l}\"\n"
                );
            }
        }
        t.push_str("\n[[aspects]]\ncode = \"A1\"\nname = \"Aspek\"\nweight = 100\n");
        for (i, (w, s)) in self.weights.iter().zip(&self.scales).enumerate() {
            let scale = if *s == 0 { "a" } else { "b" };
            let _ = write!(
                t,
                "\n[[indicators]]\nnumber = {}\nname = \"Indikator {}\"\naspect = \"A1\"\n\
                 weight = {}\nscale = \"{scale}\"\n",
                i + 1,
                i + 1,
                f64::from(*w) / 20.0
            );
        }
        for (policy, practice) in &self.links {
            let list: Vec<String> = practice.iter().map(u16::to_string).collect();
            let _ = write!(
                t,
                "\n[[links]]\npolicy = {policy}\npractice = [{}]\n",
                list.join(", ")
            );
        }
        let _ = write!(
            t,
            "\n[[predikat]]\nname = \"Tinggi\"\nmin = {}\n\n[[predikat]]\nname = \"Rendah\"\nmin = {}\n",
            self.min + 1,
            self.min
        );
        for (code, base) in [("a", 2), ("b", 5)] {
            for l in self.min + 1..=self.max {
                let _ = write!(
                    t,
                    "\n[[efforts]]\nscale = \"{code}\"\nlevel = {l}\ndays = {}\n",
                    base * (l - self.min)
                );
            }
        }
        t
    }

    pub fn instrument(&self) -> Instrument {
        parse_instrument("uji-kecil.toml", &self.toml(), &BTreeSet::new())
            .unwrap_or_else(|p| panic!("valid test instrument:\n{p}\n{}", self.toml()))
    }
}

/// Overrides every step's effort: `days[i][l]` is the effort of reaching level `min + 1 + l`.
pub fn efforts(instrument: &Instrument, days: &[Vec<u32>]) -> EffortModel {
    let mut model = EffortModel::from_instrument(instrument);
    let min = instrument.values.min_level();
    for (i, row) in days.iter().enumerate() {
        for (l, d) in row.iter().enumerate() {
            let number = u16::try_from(i + 1).unwrap_or(0);
            assert!(model.set(number, min + 1 + l as u32, Effort::days(*d)));
        }
    }
    model
}

/// Σ value × weight (hundredths × ten-thousandths).
pub fn numerator(instrument: &Instrument, values: &[Value]) -> u128 {
    instrument
        .indicators
        .iter()
        .zip(values)
        .map(|(i, v)| u128::from(i.weight.0) * u128::from(v.0))
        .sum()
}

/// What the best plan achieves: (reach, effort) with reach = min(numerator, target numerator).
pub type Outcome = (u128, u64);

/// Whether indicator `i` (0-based) is left alone by the options.
pub fn fixed(instrument: &Instrument, options: &PlanOptions, i: usize) -> bool {
    let n = u16::try_from(i + 1).unwrap_or(0);
    options.excluded.contains(&n)
        || options.pinned.contains(&n)
        || (instrument.indicators[i].is_external() && !options.include_external.contains(&n))
}

/// Each indicator's trajectories: its level at the end of periods 0..=P (the start's floor at
/// 0), climbing at most K a period, to at most the top of the scale.
fn trajectories(
    instrument: &Instrument,
    options: &PlanOptions,
    start: &[Value],
) -> Vec<Vec<Vec<u32>>> {
    let p = options.periods as usize;
    let max = instrument.values.max_level();
    (0..start.len())
        .map(|i| {
            let base = start[i].floor_level();
            let mut out = vec![vec![base; p + 1]];
            if fixed(instrument, options, i) {
                return out;
            }
            for s in 1..=p {
                let mut next = Vec::new();
                for t in &out {
                    for up in 0..=options.per_period {
                        let l = t[s - 1] + up;
                        if l <= max {
                            let mut t = t.clone();
                            for x in &mut t[s..] {
                                *x = l;
                            }
                            next.push(t);
                        }
                    }
                }
                out = next;
            }
            out
        })
        .collect()
}

/// The value an indicator ends at.
fn value_at(start: Value, level: u32) -> Value {
    if level == start.floor_level() {
        start
    } else {
        Value::from_level(level)
    }
}

/// The effort of reaching `level` from the start.
fn cost(efforts: &EffortModel, number: u16, start: Value, level: u32) -> u64 {
    (start.floor_level() + 1..=level)
        .map(|l| u64::from(efforts.step(number, l).map_or(u32::MAX, |e| e.days)))
        .sum()
}

/// Exhaustive search over every combination of trajectories: the best (reach, effort).
pub fn brute_force(
    instrument: &Instrument,
    start: &[Value],
    efforts: &EffortModel,
    options: &PlanOptions,
) -> Outcome {
    let all = trajectories(instrument, options, start);
    let p = options.periods as usize;
    let target = options
        .target
        .map_or(u128::MAX, |t| u128::from(t.0) * 1_000_000);
    let budget = options.budget.unwrap_or(u64::MAX);
    let mut best: Outcome = (0, u64::MAX);
    let mut pick = vec![0usize; start.len()];
    loop {
        let chosen: Vec<&Vec<u32>> = pick.iter().zip(&all).map(|(k, a)| &a[*k]).collect();
        let levels: Vec<Vec<u32>> = chosen.iter().map(|t| (*t).clone()).collect();
        if schedule_ok(instrument, options, efforts, start, &levels) {
            let values: Vec<Value> = (0..start.len())
                .map(|i| value_at(start[i], levels[i][p]))
                .collect();
            let effort: u64 = (0..start.len())
                .map(|i| cost(efforts, number(i), start[i], levels[i][p]))
                .sum();
            if effort <= budget {
                let reach = numerator(instrument, &values).min(target);
                if reach > best.0 || (reach == best.0 && effort < best.1) {
                    best = (reach, effort);
                }
            }
        }
        let mut k = 0;
        loop {
            if k == pick.len() {
                return best;
            }
            pick[k] += 1;
            if pick[k] < all[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

pub fn number(i: usize) -> u16 {
    u16::try_from(i + 1).unwrap_or(0)
}

/// Whether per-period levels respect K, the links at every period end and the OPD capacities.
pub fn schedule_ok(
    instrument: &Instrument,
    options: &PlanOptions,
    efforts: &EffortModel,
    start: &[Value],
    levels: &[Vec<u32>],
) -> bool {
    let p = options.periods as usize;
    for (i, t) in levels.iter().enumerate() {
        if t[0] != start[i].floor_level()
            || t.windows(2)
                .any(|w| w[1] < w[0] || w[1] - w[0] > options.per_period)
        {
            return false;
        }
        if fixed(instrument, options, i) && t[p] != t[0] {
            return false;
        }
    }
    if options.links {
        for link in &instrument.links {
            let q = usize::from(link.policy) - 1;
            for practice in &link.practice {
                let x = usize::from(*practice) - 1;
                for s in 0..=p {
                    if levels[x][s] > levels[x][0].max(levels[q][s] + 1) {
                        return false;
                    }
                }
            }
        }
    }
    let mut load: BTreeMap<(i64, usize), u64> = BTreeMap::new();
    for (i, t) in levels.iter().enumerate() {
        if let Some(opd) = options.lead_opd.get(&number(i)) {
            for s in 1..=p {
                let e = cost(efforts, number(i), start[i], t[s])
                    - cost(efforts, number(i), start[i], t[s - 1]);
                *load.entry((*opd, s)).or_default() += e;
            }
        }
    }
    load.iter()
        .all(|((opd, _), l)| options.capacity.get(opd).is_none_or(|c| l <= c))
}

/// Checks a plan against every constraint and against the official scoring; returns the
/// per-period levels its steps describe.
pub fn check_plan(
    instrument: &Instrument,
    current: &Assessment,
    efforts: &EffortModel,
    options: &PlanOptions,
    plan: &Plan,
) -> Vec<Vec<u32>> {
    let p = options.periods as usize;
    let start = current.values();
    let mut levels: Vec<Vec<u32>> = start.iter().map(|v| vec![v.floor_level(); p + 1]).collect();
    let mut effort = 0u64;
    let mut last_period = 0;
    for step in &plan.steps {
        assert!(step.period >= 1 && step.period as usize <= p, "{step:?}");
        assert!(step.period >= last_period, "steps are sorted by period");
        last_period = step.period;
        let i = usize::from(step.indicator) - 1;
        let s = step.period as usize;
        assert_eq!(levels[i][s] + 1, step.to, "one level at a time: {step:?}");
        let expected_from = value_at(start[i], step.to - 1);
        assert_eq!(step.from, expected_from, "{step:?}");
        assert_eq!(
            step.effort,
            efforts.step(step.indicator, step.to).expect("effort"),
            "{step:?}"
        );
        assert_eq!(
            step.lead_opd,
            options.lead_opd.get(&step.indicator).copied()
        );
        for x in &mut levels[i][s..] {
            *x = step.to;
        }
        effort += u64::from(step.effort.days);
    }
    assert_eq!(effort, plan.total_effort);
    assert_eq!(plan.period_effort.iter().sum::<u64>(), effort);
    if let Some(b) = options.budget {
        assert!(effort <= b, "within the budget");
    }
    assert!(
        schedule_ok(instrument, options, efforts, start, &levels),
        "constraints hold: {levels:?}\n{plan:#?}"
    );
    // Re-score the resulting values with the official scoring.
    let values: Vec<Value> = (0..start.len())
        .map(|i| value_at(start[i], levels[i][p]))
        .collect();
    assert_eq!(values, plan.values);
    let rescored = score(
        instrument,
        &Assessment::new(instrument, values).expect("valid"),
    );
    assert_eq!(rescored.index, plan.reached_index);
    if let Some(t) = options.target {
        assert_eq!(
            plan.feasible,
            rescored.index.at_least(t),
            "feasible iff reached"
        );
    }
    assert_eq!(plan.max_reachable_index.is_some(), !plan.feasible);
    levels
}
