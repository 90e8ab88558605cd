//! The value rule, the display rule and the scales (every level labelled once).

use std::collections::BTreeSet;

use super::Checker;
use crate::exact::{Rounding, Value, fixed_from_f64};
use crate::instrument::model::{DisplayRule, Scale, ScaleLevel, ValueKind, ValueRule};
use crate::instrument::raw::{RawDisplay, RawRounding, RawScale, RawValueKind, RawValues};

impl Checker<'_> {
    pub(super) fn values(&mut self, raw: &RawValues) -> ValueRule {
        let kind = match raw.kind {
            RawValueKind::Whole => ValueKind::Whole,
            RawValueKind::Decimal => ValueKind::Decimal,
        };
        let mut bound = |name: &str, v: f64| match fixed_from_f64(v, 2) {
            Some(h) => Value(h),
            None => {
                self.at(
                    format!("values.{name}"),
                    format!("{v} bukan nilai yang sah"),
                );
                Value(0)
            }
        };
        let (min, max) = (bound("min", raw.min), bound("max", raw.max));
        if min.whole().is_none() || max.whole().is_none() {
            self.at("values", "batas skala (min dan max) harus bilangan bulat");
        }
        if min >= max {
            self.at("values", "min harus lebih kecil dari max");
        }
        match (kind, raw.decimals) {
            (ValueKind::Whole, 0) | (ValueKind::Decimal, 1..=2) => {}
            (ValueKind::Whole, _) => {
                self.at("values.decimals", "nilai \"whole\" harus memakai 0 desimal")
            }
            (ValueKind::Decimal, _) => self.at(
                "values.decimals",
                "nilai \"decimal\" memakai 1 atau 2 desimal",
            ),
        }
        ValueRule {
            kind,
            min,
            max,
            decimals: raw.decimals,
        }
    }

    pub(super) fn display(&mut self, raw: &RawDisplay) -> DisplayRule {
        if raw.decimals > 4 {
            self.at("display.decimals", "paling banyak 4 desimal");
        }
        DisplayRule {
            decimals: raw.decimals.min(4),
            rounding: match raw.rounding {
                RawRounding::HalfEven => Rounding::HalfEven,
                RawRounding::HalfUp => Rounding::HalfUp,
            },
        }
    }

    pub(super) fn level_in_scale(
        &mut self,
        item: &str,
        level: i64,
        values: &ValueRule,
    ) -> Option<u32> {
        match u32::try_from(level) {
            Ok(l) if values.levels().contains(&l) => Some(l),
            _ => {
                self.at(
                    item,
                    format!(
                        "level {level} di luar skala {}-{}",
                        values.min_level(),
                        values.max_level()
                    ),
                );
                None
            }
        }
    }

    pub(super) fn scales(&mut self, raw: Vec<RawScale>, values: &ValueRule) -> Vec<Scale> {
        let mut seen = BTreeSet::new();
        let mut scales = Vec::with_capacity(raw.len());
        for scale in raw {
            let item = format!("skala {}", scale.code);
            if !seen.insert(scale.code.clone()) {
                self.at(&item, "kode skala ganda");
            }
            let mut levels: Vec<ScaleLevel> = Vec::new();
            for level in scale.levels {
                let Some(l) = self.level_in_scale(&item, level.level, values) else {
                    continue;
                };
                if levels.iter().any(|x| x.level == l) {
                    self.at(&item, format!("level {l} ditulis lebih dari sekali"));
                    continue;
                }
                levels.push(ScaleLevel {
                    level: l,
                    label: level.label,
                    label_en: level.label_en,
                    criteria: level.criteria,
                    evidence: level.evidence,
                });
            }
            levels.sort_by_key(|l| l.level);
            let missing: Vec<String> = values
                .levels()
                .filter(|l| !levels.iter().any(|x| x.level == *l))
                .map(|l| l.to_string())
                .collect();
            if !missing.is_empty() {
                self.at(
                    &item,
                    format!("label level {} belum ada", missing.join(", ")),
                );
            }
            scales.push(Scale {
                code: scale.code,
                name: scale.name,
                levels,
            });
        }
        if scales.is_empty() {
            self.at(
                "scales",
                "instrumen harus memiliki paling sedikit satu skala",
            );
        }
        scales
    }
}
