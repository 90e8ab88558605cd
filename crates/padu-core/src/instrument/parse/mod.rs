//! Reading an instrument data file (TOML) and checking every rule, reporting all problems.

use std::collections::BTreeSet;

use super::model::Instrument;
use super::raw::RawInstrument;
use crate::exact::{Weight, fixed_from_f64};
use crate::problem::Problems;

mod efforts;
mod predikat;
mod scales;
mod structure;

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
}
