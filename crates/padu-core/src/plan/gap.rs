//! Gap analysis: how far an assessment is from a target, where the index can still grow, and
//! what each indicator's next step brings for what it costs.

use super::{Effort, EffortModel};
use crate::exact::{Exact, Value, Weight};
use crate::instrument::Instrument;
use crate::score::{Assessment, score};

/// Official weights are multiples of 0.05 percentage points (in ten-thousandths).
const OFFICIAL_GRID: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapAnalysis {
    pub target: Value,
    pub index: Exact,
    /// `target − index`, or 0 once reached.
    pub gap: Exact,
    pub reached: bool,
    /// Parallel to [`Instrument::domains`].
    pub domains: Vec<GroupGap>,
    /// Parallel to [`Instrument::aspects`].
    pub aspects: Vec<GroupGap>,
    pub indicators: Vec<IndicatorGap>,
    /// The exact gcd of the weights: every index gain is a multiple of it (over 100).
    pub weight_unit: Weight,
    /// Whether every weight is a multiple of 0.05 percentage points.
    pub official_grid: bool,
}

/// A domain or aspect against the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupGap {
    pub index: Exact,
    /// `target − index` of the group itself, or 0 when it is at or above the target.
    pub gap: Exact,
    /// How much the overall index would rise if every indicator of the group reached the top.
    pub headroom: Exact,
}

/// One indicator: what its next step brings and costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorGap {
    pub number: u16,
    pub value: Value,
    /// The whole level the next step reaches (none at the top of the scale).
    pub next_level: Option<u32>,
    /// Index points one whole level adds: the weight / 100.
    pub gain_per_level: Exact,
    /// Index points the next step adds (less than a level from a decimal value).
    pub next_gain: Exact,
    pub next_effort: Option<Effort>,
    /// Scored from an external index (8/2026): the planner leaves it out unless asked.
    pub external: bool,
}

/// `a − b`, or 0 when `b ≥ a`.
fn minus(a: Exact, b: Exact) -> Exact {
    let (an, ad, bn, bd) = (
        a.numerator(),
        a.denominator(),
        b.numerator(),
        b.denominator(),
    );
    Exact::new((an * bd).saturating_sub(bn * ad), ad * bd)
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The gap between `current` and `target`, overall, per domain, aspect and indicator.
pub fn gap_analysis(
    instrument: &Instrument,
    current: &Assessment,
    efforts: &EffortModel,
    target: Value,
) -> GapAnalysis {
    let result = score(instrument, current);
    let target_exact = target.exact();
    let total: u128 = instrument
        .indicators
        .iter()
        .map(|i| u128::from(i.weight.0))
        .sum();
    let points = |hundredths: u128, weight: u128| {
        Exact::new(hundredths * weight, total * u128::from(Value::SCALE))
    };
    let max = instrument.values.max;
    let mut aspect_room = vec![0u128; instrument.aspects.len()];
    let mut indicators = Vec::with_capacity(instrument.indicators.len());
    for (ind, value) in instrument.indicators.iter().zip(current.values()) {
        let weight = u128::from(ind.weight.0);
        let room = u128::from(max.0.saturating_sub(value.0));
        aspect_room[ind.aspect] += room * weight;
        let next_level = (*value < max).then(|| value.floor_level() + 1);
        let next_gain = next_level.map_or(0, |l| u128::from(l * Value::SCALE - value.0));
        indicators.push(IndicatorGap {
            number: ind.number,
            value: *value,
            next_level,
            gain_per_level: points(u128::from(Value::SCALE), weight),
            next_gain: points(next_gain, weight),
            next_effort: next_level.and_then(|l| efforts.step(ind.number, l)),
            external: ind.is_external(),
        });
    }
    let group = |index: Exact, room: u128| GroupGap {
        index,
        gap: minus(target_exact, index),
        headroom: Exact::new(room, total * u128::from(Value::SCALE)),
    };
    let aspects: Vec<GroupGap> = result
        .aspects
        .iter()
        .zip(&aspect_room)
        .map(|(x, room)| group(*x, *room))
        .collect();
    let domains = result
        .domains
        .iter()
        .enumerate()
        .map(|(d, x)| {
            let room = instrument
                .aspects_of_domain(d)
                .map(|(a, _)| aspect_room[a])
                .sum();
            group(*x, room)
        })
        .collect();
    let unit = instrument
        .indicators
        .iter()
        .fold(0, |g, i| gcd(g, i.weight.0));
    GapAnalysis {
        target,
        index: result.index,
        gap: minus(target_exact, result.index),
        reached: result.index.at_least(target),
        domains,
        aspects,
        indicators,
        weight_unit: Weight(unit),
        official_grid: unit.is_multiple_of(OFFICIAL_GRID),
    }
}
