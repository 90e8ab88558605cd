//! Shared helpers: the embedded catalog and a small instrument to mutate.

use std::sync::{Arc, OnceLock};

use padu_core::{Assessment, Catalog, Instrument, Value};

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| match Catalog::builtin() {
        Ok(c) => c,
        Err(problems) => panic!("embedded instruments must be valid:\n{problems}"),
    })
}

pub fn instrument(id: &str) -> &'static Arc<Instrument> {
    catalog()
        .instrument(id)
        .unwrap_or_else(|| panic!("instrument {id} is embedded"))
}

pub const SPBE_2020: &str = "permenpanrb-59-2020";
pub const SPBE_2018: &str = "permenpanrb-5-2018";
pub const PEMDI_2026: &str = "permenpanrb-8-2026";
pub const ALL: [&str; 3] = [SPBE_2020, SPBE_2018, PEMDI_2026];

/// An assessment from whole levels, indicator 1 first.
pub fn levels(instrument: &Instrument, levels: &[u32]) -> Assessment {
    let values = levels.iter().map(|l| Value::from_level(*l)).collect();
    Assessment::new(instrument, values).unwrap_or_else(|p| panic!("valid levels: {p}"))
}

/// An assessment from hundredths, indicator 1 first.
pub fn hundredths(instrument: &Instrument, values: &[u32]) -> Assessment {
    let values = values.iter().map(|v| Value(*v)).collect();
    Assessment::new(instrument, values).unwrap_or_else(|p| panic!("valid values: {p}"))
}

/// A small valid instrument: one domain, two aspects, three indicators, levels 1-3.
pub const MINI: &str = r#"
id = "uji-mini"
name = "Instrumen Uji"
regulation = "Peraturan Uji"
short_name = "Uji 1/2020"
first_year = 2020
report_title = "Laporan Uji"

[values]
kind = "whole"
min = 1
max = 3
decimals = 0

[display]
decimals = 2
rounding = "half-even"

[[scales]]
code = "proses"
name = "Skala Uji"
[[scales.levels]]
level = 1
label = "Satu"
label_en = "One"
[[scales.levels]]
level = 2
label = "Dua"
label_en = "Two"
[[scales.levels]]
level = 3
label = "Tiga"
label_en = "Three"

[[domains]]
code = "D1"
name = "Domain Uji"
weight = 100

[[aspects]]
code = "A1"
name = "Aspek Satu"
domain = "D1"
weight = 60

[[aspects]]
code = "A2"
name = "Aspek Dua"
domain = "D1"
weight = 40

[[indicators]]
number = 1
name = "Indikator Satu"
aspect = "A1"
weight = 30
scale = "proses"
lead_opd = "diskominfo"

[[indicators]]
number = 2
name = "Indikator Dua"
aspect = "A1"
weight = 30
scale = "proses"

[[indicators]]
number = 3
name = "Indikator Tiga"
aspect = "A2"
weight = 40
scale = "proses"

[[predikat]]
name = "Tinggi"
min = 2

[[predikat]]
name = "Rendah"
min = 1
"#;
