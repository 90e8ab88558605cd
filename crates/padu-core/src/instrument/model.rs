//! The validated, in-memory form of an evaluation instrument.
//!
//! An `Instrument` is only ever built by [`super::parse`], which checks every rule, so code that
//! holds one may rely on: indicator numbers run 1..=N in order, every reference resolves, weights
//! add up, and the predikat bands cover the value scale without gap or overlap.

use crate::exact::{Exact, Rounding, Value, Weight};

/// Whether indicator values are whole levels or decimals with partial credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// 59/2020 and 5/2018: a whole maturity level.
    Whole,
    /// 8/2026: a decimal value (assessors give partial credit inside a level, e.g. 1.26).
    Decimal,
}

/// The range and form of an indicator value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueRule {
    pub kind: ValueKind,
    pub min: Value,
    pub max: Value,
    /// Places allowed after the decimal point (0 for whole levels, at most 2).
    pub decimals: u8,
}

impl ValueRule {
    pub fn min_level(&self) -> u32 {
        self.min.floor_level()
    }

    pub fn max_level(&self) -> u32 {
        self.max.floor_level()
    }

    pub fn contains(&self, value: Value) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// The whole levels of the scale, lowest first.
    pub fn levels(&self) -> std::ops::RangeInclusive<u32> {
        self.min_level()..=self.max_level()
    }

    /// Formats a value as this instrument shows it: whole levels as `3`, decimals as `1,26`.
    pub fn format(&self, value: Value, separator: char) -> String {
        value.format(self.decimals, separator)
    }
}

/// How results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayRule {
    pub decimals: u8,
    pub rounding: Rounding,
}

/// One level of a scale, with the generic criteria every indicator on that scale shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleLevel {
    pub level: u32,
    pub label: String,
    pub label_en: String,
    pub criteria: Vec<String>,
    pub evidence: Vec<String>,
}

/// A maturity scale (process capability, technical function of a service, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub code: String,
    pub name: String,
    /// One entry per level of the instrument, lowest first.
    pub levels: Vec<ScaleLevel>,
}

impl Scale {
    pub fn level(&self, level: u32) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.level == level)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub code: String,
    pub name: String,
    pub weight: Weight,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aspect {
    pub code: String,
    pub name: String,
    /// Index into [`Instrument::domains`]; `None` for instruments without domains.
    pub domain: Option<usize>,
    pub weight: Weight,
}

/// Criteria and expected evidence that one indicator adds to its scale's generic ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorLevel {
    pub level: u32,
    pub criteria: Vec<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub number: u16,
    pub name: String,
    /// Index into [`Instrument::aspects`].
    pub aspect: usize,
    pub weight: Weight,
    /// Index into [`Instrument::scales`].
    pub scale: usize,
    /// Default lead OPD kind (a code from the OPD kind vocabulary).
    pub lead_opd: Option<String>,
    pub contributing_opds: Vec<String>,
    /// For indicators scored from an external index (8/2026: Satu Data, geospatial, ...).
    pub external_index: Option<String>,
    /// A national measurement that serves as proof (8/2026 ind. 10: IKASANDI).
    pub proof: Option<String>,
    pub levels: Vec<IndicatorLevel>,
}

impl Indicator {
    pub fn is_external(&self) -> bool {
        self.external_index.is_some()
    }

    pub fn specific_level(&self, level: u32) -> Option<&IndicatorLevel> {
        self.levels.iter().find(|l| l.level == level)
    }
}

/// A policy indicator and the practice indicators that follow it (same topic, two levels of
/// maturity). Used to reuse evidence and to order plans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub policy: u16,
    pub practice: Vec<u16>,
    /// False where the link is inferred from the pattern, not published.
    pub confirmed: bool,
}

/// The default effort of one level step (reaching `level` from the level below) on every
/// indicator of a scale. Defaults are rough figures a Pemda overrides with its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepEffort {
    /// Index into [`Instrument::scales`].
    pub scale: usize,
    pub level: u32,
    /// Person-days (positive).
    pub days: u32,
    pub rupiah: Option<u64>,
}

/// A predikat band: `min` inclusive, up to the next band's `min` (exclusive), or to the top of
/// the scale (inclusive) for the highest band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredikatBand {
    pub name: String,
    pub min: Value,
    pub max: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    pub id: String,
    pub name: String,
    pub regulation: String,
    pub short_name: String,
    pub first_year: u16,
    pub last_year: Option<u16>,
    pub report_title: String,
    pub note: Option<String>,
    pub values: ValueRule,
    pub display: DisplayRule,
    pub scales: Vec<Scale>,
    pub domains: Vec<Domain>,
    pub aspects: Vec<Aspect>,
    /// Ordered by number; `indicators[i].number == i + 1`.
    pub indicators: Vec<Indicator>,
    pub links: Vec<Link>,
    /// Ordered from the highest band down.
    pub predikat: Vec<PredikatBand>,
    /// Default efforts per scale and level; empty when the file has none, else complete (every
    /// level above the lowest, on every scale).
    pub efforts: Vec<StepEffort>,
}

impl Instrument {
    pub fn indicator(&self, number: u16) -> Option<&Indicator> {
        usize::from(number)
            .checked_sub(1)
            .and_then(|i| self.indicators.get(i))
    }

    pub fn has_domains(&self) -> bool {
        !self.domains.is_empty()
    }

    /// The predikat of an exact index value.
    pub fn predikat_of(&self, value: Exact) -> &str {
        self.predikat
            .iter()
            .find(|band| value.at_least(band.min))
            .or(self.predikat.last())
            .map_or("", |band| band.name.as_str())
    }

    /// The lowest index value that earns the predikat `name` (case-insensitive).
    pub fn predikat_min(&self, name: &str) -> Option<Value> {
        self.predikat
            .iter()
            .find(|band| band.name.eq_ignore_ascii_case(name))
            .map(|band| band.min)
    }

    /// Rounds an exact value for display by this instrument's rule.
    pub fn display(&self, value: Exact, separator: char) -> String {
        value
            .round(self.display.decimals, self.display.rounding)
            .format(separator)
    }

    /// The default effort of reaching `level` on scale `scale` (an index into `scales`).
    pub fn default_effort(&self, scale: usize, level: u32) -> Option<&StepEffort> {
        self.efforts
            .iter()
            .find(|e| e.scale == scale && e.level == level)
    }

    /// Whether this instrument is the one in force (it has no last year).
    pub fn in_force(&self) -> bool {
        self.last_year.is_none()
    }

    /// The indicators of an aspect, in order.
    pub fn indicators_of_aspect(&self, aspect: usize) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.aspect == aspect)
    }

    /// The aspects of a domain, in order (with their indices).
    pub fn aspects_of_domain(&self, domain: usize) -> impl Iterator<Item = (usize, &Aspect)> {
        self.aspects
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.domain == Some(domain))
    }
}
