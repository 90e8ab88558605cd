//! The instrument file schema as written in TOML, before any rule is checked.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstrument {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) regulation: String,
    pub(super) short_name: String,
    pub(super) first_year: u16,
    pub(super) last_year: Option<u16>,
    pub(super) report_title: String,
    pub(super) note: Option<String>,
    pub(super) values: RawValues,
    pub(super) display: RawDisplay,
    pub(super) scales: Vec<RawScale>,
    #[serde(default)]
    pub(super) domains: Vec<RawDomain>,
    pub(super) aspects: Vec<RawAspect>,
    pub(super) indicators: Vec<RawIndicator>,
    #[serde(default)]
    pub(super) links: Vec<RawLink>,
    pub(super) predikat: Vec<RawPredikat>,
    /// Default effort per level step, by scale and level (optional; complete when written).
    #[serde(default)]
    pub(super) efforts: Vec<RawEffort>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawValues {
    pub(super) kind: RawValueKind,
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) decimals: u8,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawValueKind {
    Whole,
    Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDisplay {
    pub(super) decimals: u8,
    pub(super) rounding: RawRounding,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub(super) enum RawRounding {
    HalfEven,
    HalfUp,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) levels: Vec<RawScaleLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScaleLevel {
    pub(super) level: i64,
    pub(super) label: String,
    pub(super) label_en: String,
    #[serde(default)]
    pub(super) criteria: Vec<String>,
    #[serde(default)]
    pub(super) evidence: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDomain {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) weight: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAspect {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) domain: Option<String>,
    pub(super) weight: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    pub(super) number: i64,
    pub(super) name: String,
    pub(super) aspect: String,
    pub(super) weight: f64,
    pub(super) scale: String,
    pub(super) lead_opd: Option<String>,
    #[serde(default)]
    pub(super) contributing_opds: Vec<String>,
    pub(super) external_index: Option<String>,
    pub(super) proof: Option<String>,
    #[serde(default)]
    pub(super) levels: Vec<RawIndicatorLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicatorLevel {
    pub(super) level: i64,
    #[serde(default)]
    pub(super) criteria: Vec<String>,
    #[serde(default)]
    pub(super) evidence: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    pub(super) policy: i64,
    pub(super) practice: Vec<i64>,
    #[serde(default = "yes")]
    pub(super) confirmed: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPredikat {
    pub(super) name: String,
    pub(super) min: f64,
    /// Optional explicit upper bound (exclusive, or inclusive for the top band); when given it
    /// must meet the next band exactly.
    pub(super) max: Option<f64>,
}

/// The default effort of reaching `level` from the level below on indicators of `scale`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEffort {
    pub(super) scale: String,
    pub(super) level: i64,
    /// Person-days.
    pub(super) days: i64,
    pub(super) rupiah: Option<i64>,
}
