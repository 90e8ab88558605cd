//! The predikat bands: from the top of the value scale down to its bottom, no gaps and no
//! overlaps.

use super::Checker;
use crate::exact::{Value, fixed_from_f64};
use crate::instrument::model::{PredikatBand, ValueRule};
use crate::instrument::raw::RawPredikat;

impl Checker<'_> {
    pub(super) fn predikat(
        &mut self,
        raw: Vec<RawPredikat>,
        values: &ValueRule,
    ) -> Vec<PredikatBand> {
        struct Band {
            name: String,
            min: Value,
            max: Option<Value>,
        }
        let mut bands: Vec<Band> = Vec::with_capacity(raw.len());
        for p in raw {
            let item = format!("predikat {}", p.name);
            let mut bound = |v: f64| match fixed_from_f64(v, 2) {
                Some(h) => Some(Value(h)),
                None => {
                    self.at(
                        &item,
                        format!("batas {v} tidak sah (paling banyak 2 desimal)"),
                    );
                    None
                }
            };
            let min = bound(p.min);
            let max = p.max.and_then(&mut bound);
            let Some(min) = min else { continue };
            if !values.contains(min) {
                self.at(&item, "batas bawah di luar skala nilai");
            }
            if bands.iter().any(|b| b.name.eq_ignore_ascii_case(&p.name)) {
                self.at(&item, "nama predikat ganda");
            }
            bands.push(Band {
                name: p.name,
                min,
                max,
            });
        }
        if bands.is_empty() {
            self.at(
                "predikat",
                "instrumen harus memiliki paling sedikit satu predikat",
            );
            return Vec::new();
        }
        bands.sort_by_key(|b| std::cmp::Reverse(b.min));
        let mut result = Vec::with_capacity(bands.len());
        for (i, band) in bands.iter().enumerate() {
            let item = format!("predikat {}", band.name);
            // The band above this one starts where this one ends.
            let upper = if i == 0 { values.max } else { bands[i - 1].min };
            if i > 0 && bands[i - 1].min == band.min {
                self.at(
                    &item,
                    format!(
                        "tumpang tindih dengan predikat {}: batas bawah sama",
                        bands[i - 1].name
                    ),
                );
            }
            if let Some(max) = band.max {
                if max > upper {
                    let other = if i == 0 {
                        "batas atas skala".to_string()
                    } else {
                        format!("predikat {}", bands[i - 1].name)
                    };
                    self.at(
                        &item,
                        format!(
                            "tumpang tindih dengan {other}: batas atas {} melewati {}",
                            max.format(2, ','),
                            upper.format(2, ',')
                        ),
                    );
                } else if max < upper {
                    self.at(
                        &item,
                        format!(
                            "ada celah antara {} dan {}: nilai di antaranya tidak berpredikat",
                            max.format(2, ','),
                            upper.format(2, ',')
                        ),
                    );
                }
                if max <= band.min {
                    self.at(&item, "batas atas harus lebih besar dari batas bawah");
                }
            }
            result.push(PredikatBand {
                name: band.name.clone(),
                min: band.min,
                max: band.max.unwrap_or(upper),
            });
        }
        if let Some(lowest) = bands.last().filter(|b| b.min > values.min) {
            self.at(
                format!("predikat {}", lowest.name),
                format!(
                    "nilai di bawah {} tidak memiliki predikat: predikat terendah harus mulai dari {}",
                    lowest.min.format(2, ','),
                    values.min.format(2, ',')
                ),
            );
        }
        result
    }
}
