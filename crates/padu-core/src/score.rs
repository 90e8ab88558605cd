//! The official scoring: aspect, domain and overall index from the raw indicator values.
//!
//! Index of a group (aspect, domain, the whole instrument) = Σ(value × weight) / Σ(weight) over
//! its indicators, computed exactly. Display values are rounded from these exact values, never
//! from rounded parts.

use crate::exact::{Exact, Value};
use crate::instrument::{Instrument, ValueKind};
use crate::problem::Problems;

/// One value per indicator of an instrument, checked against its scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// `values[i]` is the value of indicator `i + 1`.
    values: Vec<Value>,
}

/// Why a value does not fit an instrument, in Indonesian; `None` when it fits.
pub fn value_problem(instrument: &Instrument, value: Value) -> Option<String> {
    let rule = &instrument.values;
    if !rule.contains(value) {
        let noun = match rule.kind {
            ValueKind::Whole => "level",
            ValueKind::Decimal => "nilai",
        };
        return Some(format!(
            "{noun} {} di luar skala {}-{}",
            value.format_short(','),
            rule.format(rule.min, ','),
            rule.format(rule.max, ',')
        ));
    }
    let step = 10u32.pow(2 - u32::from(rule.decimals.min(2)));
    if !value.hundredths().is_multiple_of(step) {
        return Some(match rule.kind {
            ValueKind::Whole => format!(
                "level {} harus bilangan bulat pada instrumen {}",
                value.format_short(','),
                instrument.id
            ),
            ValueKind::Decimal => format!(
                "nilai {} paling banyak {} desimal",
                value.format_short(','),
                rule.decimals
            ),
        });
    }
    None
}

impl Assessment {
    /// Checks that there is exactly one value per indicator, each on the instrument's scale.
    pub fn new(instrument: &Instrument, values: Vec<Value>) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        if values.len() != instrument.indicators.len() {
            problems.push(
                "",
                format!(
                    "diperlukan {} nilai indikator, diterima {}",
                    instrument.indicators.len(),
                    values.len()
                ),
            );
        }
        for (i, value) in values.iter().enumerate() {
            if let Some(message) = value_problem(instrument, *value) {
                problems.push(format!("indikator {}", i + 1), message);
            }
        }
        problems.into_result(Assessment { values })
    }

    /// Every indicator at the same value (the floor of the scale, say).
    pub fn uniform(instrument: &Instrument, value: Value) -> Result<Self, Problems> {
        Self::new(instrument, vec![value; instrument.indicators.len()])
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The value of indicator `number` (1-based).
    pub fn value(&self, number: u16) -> Option<Value> {
        usize::from(number)
            .checked_sub(1)
            .and_then(|i| self.values.get(i))
            .copied()
    }
}

/// The exact result of scoring one assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub index: Exact,
    /// Parallel to [`Instrument::domains`] (empty for instruments without domains).
    pub domains: Vec<Exact>,
    /// Parallel to [`Instrument::aspects`].
    pub aspects: Vec<Exact>,
}

/// Scores an assessment. The assessment must have been checked against this instrument.
pub fn score(instrument: &Instrument, assessment: &Assessment) -> Score {
    let value_scale = u128::from(Value::SCALE);
    let mut aspect_sums = vec![0u128; instrument.aspects.len()];
    let mut total = 0u128;
    let mut total_weight = 0u128;
    for (indicator, value) in instrument.indicators.iter().zip(&assessment.values) {
        let product = u128::from(value.0) * u128::from(indicator.weight.0);
        aspect_sums[indicator.aspect] += product;
        total += product;
        total_weight += u128::from(indicator.weight.0);
    }
    let mut domain_sums = vec![0u128; instrument.domains.len()];
    let aspects = instrument
        .aspects
        .iter()
        .zip(&aspect_sums)
        .map(|(aspect, sum)| {
            if let Some(domain) = aspect.domain {
                domain_sums[domain] += sum;
            }
            Exact::new(*sum, u128::from(aspect.weight.0) * value_scale)
        })
        .collect();
    let domains = instrument
        .domains
        .iter()
        .zip(&domain_sums)
        .map(|(domain, sum)| Exact::new(*sum, u128::from(domain.weight.0) * value_scale))
        .collect();
    Score {
        index: Exact::new(total, total_weight * value_scale),
        domains,
        aspects,
    }
}
