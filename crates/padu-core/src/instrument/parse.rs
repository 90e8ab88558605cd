//! Reading an instrument data file (TOML) and checking every rule, reporting all problems.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{
    Aspect, DisplayRule, Domain, Indicator, IndicatorLevel, Instrument, Link, PredikatBand, Scale,
    ScaleLevel, StepEffort, ValueKind, ValueRule,
};
use super::raw::{
    RawAspect, RawDisplay, RawDomain, RawEffort, RawIndicator, RawInstrument, RawLink, RawPredikat,
    RawRounding, RawScale, RawValueKind, RawValues,
};
use crate::exact::{Rounding, Value, Weight, fixed_from_f64};
use crate::problem::Problems;

/// Reads and validates one instrument file. `file` names the file in every problem;
/// `opd_kinds` are the known OPD kind codes that default ownership may name.
pub fn parse_instrument(
    file: &str,
    text: &str,
    opd_kinds: &BTreeSet<String>,
) -> Result<Instrument, Problems> {
    let raw: RawInstrument = toml::from_str(text).map_err(|e| {
        let mut problems = Problems::default();
        problems.push(file, toml_message(&e, text));
        problems
    })?;
    Checker {
        file,
        problems: Problems::default(),
        written_weight: 0,
    }
    .check(raw, opd_kinds)
}

/// A TOML or schema error, in Indonesian, with the line where the parser stopped.
pub(crate) fn toml_message(error: &toml::de::Error, text: &str) -> String {
    let detail = error.message().trim();
    match error.span() {
        Some(span) => {
            let line = text.get(..span.start).unwrap_or(text).matches('\n').count() + 1;
            format!("baris {line}: isi berkas tidak sah: {detail}")
        }
        None => format!("isi berkas tidak sah: {detail}"),
    }
}

/// The largest effort of one level step, in person-days (about 270 person-years): keeps every
/// sum the planner forms far from overflowing.
pub const MAX_EFFORT_DAYS: u32 = 100_000;

struct Checker<'a> {
    file: &'a str,
    problems: Problems,
    /// The weights of every indicator as written, duplicates included.
    written_weight: u32,
}

impl Checker<'_> {
    fn at(&mut self, item: impl std::fmt::Display, message: impl Into<String>) {
        let location = format!("{}: {item}", self.file);
        self.problems.push(location, message);
    }

    fn weight(&mut self, item: &str, weight: f64) -> Weight {
        match fixed_from_f64(weight, 4) {
            Some(w) if w > 0 => Weight(w),
            _ => {
                self.at(
                    item,
                    format!(
                        "bobot {weight} tidak sah: harus positif dengan paling banyak 4 desimal"
                    ),
                );
                Weight(0)
            }
        }
    }

    fn check(
        mut self,
        raw: RawInstrument,
        opd_kinds: &BTreeSet<String>,
    ) -> Result<Instrument, Problems> {
        if raw.id.trim().is_empty()
            || !raw
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            self.at(
                "id",
                format!(
                    "id \"{}\" harus berupa huruf kecil, angka dan tanda hubung",
                    raw.id
                ),
            );
        }
        if let Some(last) = raw.last_year.filter(|last| *last < raw.first_year) {
            self.at(
                "last_year",
                format!(
                    "tahun terakhir {last} sebelum tahun pertama {}",
                    raw.first_year
                ),
            );
        }
        let values = self.values(&raw.values);
        let display = self.display(&raw.display);
        let scales = self.scales(raw.scales, &values);
        let domains = self.domains(raw.domains);
        let aspects = self.aspects(raw.aspects, &domains);
        let indicators = self.indicators(raw.indicators, &aspects, &scales, &values, opd_kinds);
        self.weights_add_up(&domains, &aspects, &indicators);
        let links = self.links(raw.links, indicators.len());
        let predikat = self.predikat(raw.predikat, &values);
        let efforts = self.efforts(raw.efforts, &scales, &values);

        let instrument = Instrument {
            id: raw.id,
            name: raw.name,
            regulation: raw.regulation,
            short_name: raw.short_name,
            first_year: raw.first_year,
            last_year: raw.last_year,
            report_title: raw.report_title,
            note: raw.note,
            values,
            display,
            scales,
            domains,
            aspects,
            indicators,
            links,
            predikat,
            efforts,
        };
        self.problems.into_result(instrument)
    }

    fn values(&mut self, raw: &RawValues) -> ValueRule {
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

    fn display(&mut self, raw: &RawDisplay) -> DisplayRule {
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

    fn level_in_scale(&mut self, item: &str, level: i64, values: &ValueRule) -> Option<u32> {
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

    fn scales(&mut self, raw: Vec<RawScale>, values: &ValueRule) -> Vec<Scale> {
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

    fn domains(&mut self, raw: Vec<RawDomain>) -> Vec<Domain> {
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

    fn aspects(&mut self, raw: Vec<RawAspect>, domains: &[Domain]) -> Vec<Aspect> {
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

    fn indicators(
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

    fn weights_add_up(&mut self, domains: &[Domain], aspects: &[Aspect], indicators: &[Indicator]) {
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

    fn links(&mut self, raw: Vec<RawLink>, count: usize) -> Vec<Link> {
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

    /// Default efforts: optional, but once written they must cover every level above the lowest
    /// on every scale, so the planner never meets a step without an effort.
    fn efforts(
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

    fn predikat(&mut self, raw: Vec<RawPredikat>, values: &ValueRule) -> Vec<PredikatBand> {
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
