//! Domains, aspects, indicators and links: codes unique, references resolved, numbers
//! consecutive and weights adding up.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Checker;
use crate::exact::Weight;
use crate::instrument::model::{Aspect, Domain, Indicator, IndicatorLevel, Link, Scale, ValueRule};
use crate::instrument::raw::{RawAspect, RawDomain, RawIndicator, RawLink};

impl Checker<'_> {
    pub(super) fn domains(&mut self, raw: Vec<RawDomain>) -> Vec<Domain> {
        let mut seen = BTreeSet::new();
        raw.into_iter()
            .map(|d| {
                let item = format!("domain {}", d.code);
                if !seen.insert(d.code.clone()) {
                    self.at(&item, "kode domain ganda");
                }
                let weight = self.weight(&item, d.weight);
                Domain {
                    code: d.code,
                    name: d.name,
                    weight,
                }
            })
            .collect()
    }

    pub(super) fn aspects(&mut self, raw: Vec<RawAspect>, domains: &[Domain]) -> Vec<Aspect> {
        let mut seen = BTreeSet::new();
        let mut aspects = Vec::with_capacity(raw.len());
        for a in raw {
            let item = format!("aspek {}", a.code);
            if !seen.insert(a.code.clone()) {
                self.at(&item, "kode aspek ganda");
            }
            let domain = match (&a.domain, domains.is_empty()) {
                (None, true) => None,
                (None, false) => {
                    self.at(
                        &item,
                        "aspek harus menyebut domainnya karena instrumen ini memiliki domain",
                    );
                    None
                }
                (Some(code), _) => {
                    let found = domains.iter().position(|d| &d.code == code);
                    if found.is_none() {
                        self.at(&item, format!("menunjuk domain \"{code}\" yang tidak ada"));
                    }
                    found
                }
            };
            let weight = self.weight(&item, a.weight);
            aspects.push(Aspect {
                code: a.code,
                name: a.name,
                domain,
                weight,
            });
        }
        if aspects.is_empty() {
            self.at(
                "aspects",
                "instrumen harus memiliki paling sedikit satu aspek",
            );
        }
        aspects
    }

    pub(super) fn indicators(
        &mut self,
        raw: Vec<RawIndicator>,
        aspects: &[Aspect],
        scales: &[Scale],
        values: &ValueRule,
        opd_kinds: &BTreeSet<String>,
    ) -> Vec<Indicator> {
        let mut by_number: BTreeMap<u16, Indicator> = BTreeMap::new();
        for ind in raw {
            let item = format!("indikator {}", ind.number);
            let number = match u16::try_from(ind.number) {
                Ok(n) if n >= 1 => n,
                _ => {
                    self.at(&item, "nomor indikator harus bilangan bulat positif");
                    continue;
                }
            };
            let aspect = aspects.iter().position(|a| a.code == ind.aspect);
            if aspect.is_none() {
                self.at(
                    &item,
                    format!("menunjuk aspek \"{}\" yang tidak ada", ind.aspect),
                );
            }
            let scale = scales.iter().position(|s| s.code == ind.scale);
            if scale.is_none() {
                self.at(
                    &item,
                    format!("menunjuk skala \"{}\" yang tidak ada", ind.scale),
                );
            }
            let weight = self.weight(&item, ind.weight);
            self.written_weight = self.written_weight.saturating_add(weight.0);
            for opd in ind.lead_opd.iter().chain(&ind.contributing_opds) {
                if !opd_kinds.contains(opd) {
                    self.at(&item, format!("jenis OPD \"{opd}\" tidak dikenal"));
                }
            }
            let mut levels = Vec::new();
            for level in ind.levels {
                if let Some(l) = self.level_in_scale(&item, level.level, values) {
                    levels.push(IndicatorLevel {
                        level: l,
                        criteria: level.criteria,
                        evidence: level.evidence,
                    });
                }
            }
            levels.sort_by_key(|l| l.level);
            let indicator = Indicator {
                number,
                name: ind.name,
                aspect: aspect.unwrap_or(0),
                weight,
                scale: scale.unwrap_or(0),
                lead_opd: ind.lead_opd,
                contributing_opds: ind.contributing_opds,
                external_index: ind.external_index,
                proof: ind.proof,
                levels,
            };
            match by_number.entry(number) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    self.at(&item, "nomor indikator ganda");
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(indicator);
                }
            }
        }
        let count = by_number.len();
        let gaps: Vec<String> = (1..=count)
            .filter_map(|n| u16::try_from(n).ok())
            .filter(|n| !by_number.contains_key(n))
            .map(|n| n.to_string())
            .collect();
        if !gaps.is_empty() {
            self.at(
                "indicators",
                format!(
                    "nomor indikator harus berurutan dari 1; tidak ada nomor {}",
                    gaps.join(", ")
                ),
            );
        }
        if count == 0 {
            self.at(
                "indicators",
                "instrumen harus memiliki paling sedikit satu indikator",
            );
        }
        by_number.into_values().collect()
    }

    pub(super) fn weights_add_up(
        &mut self,
        domains: &[Domain],
        aspects: &[Aspect],
        indicators: &[Indicator],
    ) {
        let total = self.written_weight;
        if total != Weight::HUNDRED_PERCENT.0 {
            self.at(
                "indicators",
                format!(
                    "bobot seluruh indikator berjumlah {}, seharusnya 100",
                    Weight(total).format(0, ',')
                ),
            );
        }
        let mut by_aspect: HashMap<usize, u32> = HashMap::new();
        for i in indicators {
            *by_aspect.entry(i.aspect).or_default() += i.weight.0;
        }
        for (index, aspect) in aspects.iter().enumerate() {
            let sum = by_aspect.get(&index).copied().unwrap_or(0);
            if sum == 0 {
                self.at(
                    format!("aspek {}", aspect.code),
                    "aspek tidak memiliki indikator",
                );
            } else if sum != aspect.weight.0 {
                self.at(
                    format!("aspek {}", aspect.code),
                    format!(
                        "bobot aspek {} tidak sama dengan jumlah bobot indikatornya {}",
                        aspect.weight.format(0, ','),
                        Weight(sum).format(0, ',')
                    ),
                );
            }
        }
        for (index, domain) in domains.iter().enumerate() {
            let sum: u32 = aspects
                .iter()
                .filter(|a| a.domain == Some(index))
                .map(|a| a.weight.0)
                .sum();
            if sum != domain.weight.0 {
                self.at(
                    format!("domain {}", domain.code),
                    format!(
                        "bobot domain {} tidak sama dengan jumlah bobot aspeknya {}",
                        domain.weight.format(0, ','),
                        Weight(sum).format(0, ',')
                    ),
                );
            }
        }
    }

    pub(super) fn links(&mut self, raw: Vec<RawLink>, count: usize) -> Vec<Link> {
        let valid = |n: i64| {
            u16::try_from(n)
                .ok()
                .filter(|n| *n >= 1 && usize::from(*n) <= count)
        };
        let mut links = Vec::with_capacity(raw.len());
        for link in raw {
            let item = format!("tautan indikator {}", link.policy);
            let mut ok = true;
            for n in std::iter::once(link.policy).chain(link.practice.iter().copied()) {
                if valid(n).is_none() {
                    self.at(&item, format!("menunjuk indikator {n} yang tidak ada"));
                    ok = false;
                }
            }
            if link.practice.contains(&link.policy) {
                self.at(&item, "indikator tidak dapat ditautkan ke dirinya sendiri");
                ok = false;
            }
            if ok {
                links.push(Link {
                    policy: valid(link.policy).unwrap_or(1),
                    practice: link.practice.into_iter().filter_map(valid).collect(),
                    confirmed: link.confirmed,
                });
            }
        }
        links
    }
}
