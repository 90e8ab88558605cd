//! The default effort of every level step, for the planner.

use std::collections::BTreeSet;

use super::{Checker, MAX_EFFORT_DAYS};
use crate::instrument::model::{Scale, StepEffort, ValueRule};
use crate::instrument::raw::RawEffort;

impl Checker<'_> {
    /// Default efforts: optional, but once written they must cover every level above the lowest
    /// on every scale, so the planner never meets a step without an effort.
    pub(super) fn efforts(
        &mut self,
        raw: Vec<RawEffort>,
        scales: &[Scale],
        values: &ValueRule,
    ) -> Vec<StepEffort> {
        if raw.is_empty() {
            return Vec::new();
        }
        let mut efforts: Vec<StepEffort> = Vec::with_capacity(raw.len());
        let mut written: BTreeSet<(usize, u32)> = BTreeSet::new();
        let lowest = values.min_level();
        for e in raw {
            let item = format!("upaya skala {} level {}", e.scale, e.level);
            let scale = scales.iter().position(|s| s.code == e.scale);
            if scale.is_none() {
                self.at(
                    &item,
                    format!("menunjuk skala \"{}\" yang tidak ada", e.scale),
                );
            }
            let level = self.level_in_scale(&item, e.level, values);
            if level == Some(lowest) {
                self.at(
                    &item,
                    format!(
                        "level {lowest} adalah tingkat terendah: upaya ditulis untuk level {}-{}",
                        lowest + 1,
                        values.max_level()
                    ),
                );
            }
            let days = match u32::try_from(e.days) {
                Ok(d) if (1..=MAX_EFFORT_DAYS).contains(&d) => Some(d),
                _ => {
                    self.at(
                        &item,
                        format!(
                            "upaya {} hari tidak sah: harus bilangan bulat 1-{MAX_EFFORT_DAYS}",
                            e.days
                        ),
                    );
                    None
                }
            };
            let rupiah = match e.rupiah.map(u64::try_from) {
                None => None,
                Some(Ok(r)) => Some(r),
                Some(Err(_)) => {
                    self.at(&item, "biaya (rupiah) tidak boleh negatif");
                    None
                }
            };
            let (Some(scale), Some(level)) = (scale, level) else {
                continue;
            };
            if level == lowest {
                continue;
            }
            // A step written with a bad value is reported above, not again as missing.
            if !written.insert((scale, level)) {
                self.at(&item, "ditulis lebih dari sekali");
                continue;
            }
            let Some(days) = days else { continue };
            efforts.push(StepEffort {
                scale,
                level,
                days,
                rupiah,
            });
        }
        for (index, scale) in scales.iter().enumerate() {
            let missing: Vec<String> = (lowest + 1..=values.max_level())
                .filter(|l| !written.contains(&(index, *l)))
                .map(|l| l.to_string())
                .collect();
            if !missing.is_empty() {
                self.at(
                    format!("upaya skala {}", scale.code),
                    format!(
                        "upaya level {} belum ada: bila [[efforts]] ditulis, setiap level {}-{} \
                         setiap skala harus diisi",
                        missing.join(", "),
                        lowest + 1,
                        values.max_level()
                    ),
                );
            }
        }
        efforts.sort_by_key(|e| (e.scale, e.level));
        efforts
    }
}
