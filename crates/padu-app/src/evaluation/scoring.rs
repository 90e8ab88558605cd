//! The index of a period on each basis: self-assessed, accepted, final.

use padu_core::{Assessment, Instrument, ScoreReport, Value, score};
use padu_store::evaluation::PeriodIndicator;

use crate::kit::error::AppError;

/// Which value an index is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// What the OPDs claim.
    Self_,
    /// What the internal assessors accepted.
    Accepted,
    /// The final (external or official) values.
    Final,
}

impl Basis {
    pub fn from_code(code: &str) -> Option<Basis> {
        match code {
            "self" => Some(Basis::Self_),
            "accepted" => Some(Basis::Accepted),
            "final" => Some(Basis::Final),
            _ => None,
        }
    }

    pub fn pick(self, pi: &PeriodIndicator) -> Option<Value> {
        match self {
            Basis::Self_ => pi.self_value,
            Basis::Accepted => pi.accepted_value,
            Basis::Final => pi.final_value,
        }
    }
}

/// The index of a period on one basis. An indicator without a value counts at the bottom of
/// the scale (an instansi with nothing still scores the minimum; 1.00 for an external index
/// not yet entered).
pub fn score_period(
    instrument: &Instrument,
    indicators: &[PeriodIndicator],
    basis: Basis,
) -> Result<ScoreReport, AppError> {
    let values = instrument
        .indicators
        .iter()
        .map(|ind| {
            indicators
                .iter()
                .find(|pi| pi.number == ind.number)
                .and_then(|pi| basis.pick(pi))
                .unwrap_or(instrument.values.min)
        })
        .collect();
    let assessment =
        Assessment::new(instrument, values).map_err(|p| AppError::Internal(p.to_string()))?;
    let result = score(instrument, &assessment);
    Ok(ScoreReport::new(instrument, &assessment, &result))
}

// ---------------------------------------------------------------- for the indicator pages
