//! Evaluation instruments as versioned data.

mod model;
pub(crate) mod parse;
mod raw;

pub use model::{
    Aspect, DisplayRule, Domain, Indicator, IndicatorLevel, Instrument, Link, PredikatBand, Scale,
    ScaleLevel, StepEffort, ValueKind, ValueRule,
};
pub use parse::parse_instrument;
