//! The score as a plain, serializable report: the JSON contract of `padu score --format json`
//! and of the API's score endpoint.

use serde::Serialize;

use crate::exact::{Exact, Value, Weight};
use crate::instrument::{Instrument, ValueKind};
use crate::score::{Assessment, Score};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreReport {
    pub instrument: String,
    /// The exact index as the nearest double ("full precision").
    pub index: f64,
    /// Rounded from the exact value by the instrument's rule, with a `.` separator.
    pub index_display: String,
    pub predikat: String,
    pub domains: Vec<GroupScore>,
    pub aspects: Vec<GroupScore>,
    pub indicators: Vec<IndicatorValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub code: String,
    pub name: String,
    pub weight: f64,
    pub index: f64,
    pub index_display: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub number: u16,
    pub level: Level,
    pub weight: f64,
}

/// A whole level is written as an integer (`3`), a decimal value as a number (`1.26`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Level {
    Whole(u32),
    Decimal(f64),
}

impl Level {
    pub fn of(instrument: &Instrument, value: Value) -> Level {
        match (instrument.values.kind, value.whole()) {
            (ValueKind::Whole, Some(level)) => Level::Whole(level),
            _ => Level::Decimal(value.to_f64()),
        }
    }
}

impl ScoreReport {
    pub fn new(instrument: &Instrument, assessment: &Assessment, score: &Score) -> Self {
        let group = |code: &str, name: &str, weight: Weight, index: Exact| GroupScore {
            code: code.to_string(),
            name: name.to_string(),
            weight: weight.to_f64(),
            index: index.to_f64(),
            index_display: instrument.display(index, '.'),
        };
        ScoreReport {
            instrument: instrument.id.clone(),
            index: score.index.to_f64(),
            index_display: instrument.display(score.index, '.'),
            predikat: instrument.predikat_of(score.index).to_string(),
            domains: instrument
                .domains
                .iter()
                .zip(&score.domains)
                .map(|(d, index)| group(&d.code, &d.name, d.weight, *index))
                .collect(),
            aspects: instrument
                .aspects
                .iter()
                .zip(&score.aspects)
                .map(|(a, index)| group(&a.code, &a.name, a.weight, *index))
                .collect(),
            indicators: instrument
                .indicators
                .iter()
                .zip(assessment.values())
                .map(|(i, value)| IndicatorValue {
                    number: i.number,
                    level: Level::of(instrument, *value),
                    weight: i.weight.to_f64(),
                })
                .collect(),
        }
    }
}
