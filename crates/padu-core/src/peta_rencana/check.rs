//! The checks of a roadmap and its items: each pushes `(field, message)` pairs in Bahasa
//! Indonesia onto `errors` and returns what it could read.

use std::collections::BTreeMap;

use super::IndicatorTarget;
use crate::catalog::Catalog;

/// The years a roadmap may cover.
pub const YEARS: std::ops::RangeInclusive<i32> = 2015..=2100;
/// The longest span, in years.
pub const MAX_SPAN: i32 = 10;
/// The longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// The longest free text (a need, a target, a note), in characters.
pub const MAX_TEXT: usize = 4000;

type Errors = Vec<(String, String)>;

fn push(errors: &mut Errors, field: &str, message: impl Into<String>) {
    errors.push((field.to_string(), message.into()));
}

/// The end of a roadmap starting in `start` when none is given: five years.
pub fn default_end(start: i32) -> i32 {
    start.saturating_add(4)
}

/// A span `start..=end`: both within [`YEARS`], the end not before the start, 1 to
/// [`MAX_SPAN`] years long.
pub fn check_span(start: i32, end: i32, errors: &mut Errors) {
    let mut ok = true;
    for (field, y) in [("start_year", start), ("end_year", end)] {
        if !YEARS.contains(&y) {
            ok = false;
            push(
                errors,
                field,
                format!(
                    "Tahun harus di antara {} dan {}",
                    YEARS.start(),
                    YEARS.end()
                ),
            );
        }
    }
    if !ok {
        return;
    }
    if end < start {
        push(
            errors,
            "end_year",
            "Tahun akhir tidak boleh sebelum tahun awal",
        );
    } else if end - start + 1 > MAX_SPAN {
        push(
            errors,
            "end_year",
            format!("Rentang peta rencana paling lama {MAX_SPAN} tahun"),
        );
    }
}

fn outside(year: i32, span: &std::ops::RangeInclusive<i32>) -> String {
    format!(
        "Tahun {year} berada di luar rentang peta rencana ({}-{})",
        span.start(),
        span.end()
    )
}

/// An item's years: at least one, each within the roadmap's span; returned ascending without
/// repeats.
pub fn check_item_years(
    years: &[i32],
    span: std::ops::RangeInclusive<i32>,
    errors: &mut Errors,
) -> Vec<i32> {
    if years.is_empty() {
        push(errors, "years", "Tahun pelaksanaan wajib diisi");
        return Vec::new();
    }
    let mut out: Vec<i32> = years.to_vec();
    out.sort_unstable();
    out.dedup();
    for y in &out {
        if !span.contains(y) {
            push(errors, "years", outside(*y, &span));
        }
    }
    out
}

/// The targets per year: each year within the span, each text at most [`MAX_TEXT`]; empty
/// texts are dropped.
pub fn check_targets(
    targets: &BTreeMap<i32, String>,
    span: std::ops::RangeInclusive<i32>,
    errors: &mut Errors,
) -> BTreeMap<i32, String> {
    let mut out = BTreeMap::new();
    for (y, text) in targets {
        if !span.contains(y) {
            push(errors, "targets", outside(*y, &span));
            continue;
        }
        let t = text.trim();
        if t.chars().count() > MAX_TEXT {
            push(
                errors,
                "targets",
                format!("Target tahun {y} paling banyak {MAX_TEXT} karakter"),
            );
        } else if !t.is_empty() {
            out.insert(*y, t.to_string());
        }
    }
    out
}

/// The budget per year in whole rupiah: each year within the span, never negative.
pub fn check_money(
    budget: &BTreeMap<i32, i64>,
    span: std::ops::RangeInclusive<i32>,
    errors: &mut Errors,
) -> BTreeMap<i32, i64> {
    let mut out = BTreeMap::new();
    for (y, v) in budget {
        if !span.contains(y) {
            push(errors, "budget", outside(*y, &span));
        } else if *v < 0 {
            push(
                errors,
                "budget",
                format!("Anggaran tahun {y} tidak boleh negatif"),
            );
        } else {
            out.insert(*y, *v);
        }
    }
    out
}

/// The indicators an item raises: each an indicator of an instrument the catalog holds, at a
/// level of that instrument's scale; repeats dropped.
pub fn check_indicators(
    catalog: &Catalog,
    indicators: &[IndicatorTarget],
    errors: &mut Errors,
) -> Vec<IndicatorTarget> {
    let mut out: Vec<IndicatorTarget> = Vec::new();
    for i in indicators {
        let Some(instrument) = catalog.instrument(i.instrument.trim()) else {
            push(
                errors,
                "indicators",
                format!("Instrumen {} tidak dikenal", i.instrument.trim()),
            );
            continue;
        };
        if instrument.indicator(i.number).is_none() {
            push(
                errors,
                "indicators",
                format!(
                    "Indikator {} tidak terdapat dalam {}",
                    i.number, instrument.short_name
                ),
            );
            continue;
        }
        let levels = instrument.values.levels();
        if !levels.contains(&i.level) {
            push(
                errors,
                "indicators",
                format!(
                    "Tingkat indikator {} harus di antara {} dan {}",
                    i.number,
                    levels.start(),
                    levels.end()
                ),
            );
            continue;
        }
        let target = IndicatorTarget {
            instrument: instrument.id.clone(),
            number: i.number,
            level: i.level,
        };
        if !out.contains(&target) {
            out.push(target);
        }
    }
    out
}

/// A semester report: the year within the span, semester 1 or 2, a value of 1 to 100
/// characters, a note of at most [`MAX_TEXT`].
pub fn check_realisation(
    year: i32,
    semester: u8,
    value: &str,
    note: Option<&str>,
    span: std::ops::RangeInclusive<i32>,
    errors: &mut Errors,
) {
    if !span.contains(&year) {
        push(errors, "year", outside(year, &span));
    }
    if !(1..=2).contains(&semester) {
        push(errors, "semester", "Semester harus 1 atau 2");
    }
    let v = value.trim();
    if v.is_empty() {
        push(errors, "value", "Capaian wajib diisi, misalnya \"40%\"");
    } else if v.chars().count() > 100 {
        push(errors, "value", "Capaian paling banyak 100 karakter");
    }
    if note.is_some_and(|n| n.trim().chars().count() > MAX_TEXT) {
        push(
            errors,
            "note",
            format!("Catatan paling banyak {MAX_TEXT} karakter"),
        );
    }
}

/// The decree that enacts a roadmap: a number (1 to 200 characters) and an ISO date, both
/// required; returns the date as written back (`YYYY-MM-DD`).
pub fn check_decree(number: &str, date: &str, errors: &mut Errors) -> Option<String> {
    let n = number.trim();
    if n.is_empty() {
        push(
            errors,
            "decree_number",
            "Nomor peraturan kepala daerah wajib diisi",
        );
    } else if n.chars().count() > 200 {
        push(
            errors,
            "decree_number",
            "Nomor peraturan paling banyak 200 karakter",
        );
    }
    let d = date.trim();
    if d.is_empty() {
        push(errors, "decree_date", "Tanggal penetapan wajib diisi");
        return None;
    }
    match crate::date::parse_iso(d) {
        Some(parsed) => Some(crate::date::iso(parsed)),
        None => {
            push(
                errors,
                "decree_date",
                "Tanggal penetapan harus berbentuk TTTT-BB-HH",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: &Errors) -> Vec<&str> {
        errors.iter().map(|(f, _)| f.as_str()).collect()
    }

    #[test]
    fn a_span_is_one_to_ten_years_forward() {
        let mut e = Vec::new();
        check_span(2025, default_end(2025), &mut e);
        check_span(2025, 2025, &mut e);
        check_span(2025, 2034, &mut e);
        assert!(e.is_empty(), "{e:?}");
        check_span(2025, 2035, &mut e);
        check_span(2026, 2025, &mut e);
        check_span(1990, 2020, &mut e);
        assert_eq!(fields(&e), ["end_year", "end_year", "start_year"]);
        assert!(e[0].1.contains("10 tahun"), "{e:?}");
    }

    #[test]
    fn item_years_targets_and_budget_stay_in_the_span() {
        let mut e = Vec::new();
        let years = check_item_years(&[2027, 2026, 2027], 2025..=2029, &mut e);
        assert_eq!(years, [2026, 2027]);
        assert!(e.is_empty());
        check_item_years(&[], 2025..=2029, &mut e);
        check_item_years(&[2030], 2025..=2029, &mut e);
        assert_eq!(fields(&e), ["years", "years"]);
        assert!(e[1].1.contains("2030"), "{e:?}");

        let mut e = Vec::new();
        let targets = check_targets(
            &BTreeMap::from([(2026, " 50% OPD ".into()), (2027, " ".into())]),
            2025..=2029,
            &mut e,
        );
        assert_eq!(targets, BTreeMap::from([(2026, "50% OPD".to_string())]));
        check_targets(&BTreeMap::from([(2024, "x".into())]), 2025..=2029, &mut e);
        assert_eq!(fields(&e), ["targets"]);

        let mut e = Vec::new();
        let money = check_money(
            &BTreeMap::from([(2026, 150_000_000), (2027, 0)]),
            2025..=2029,
            &mut e,
        );
        assert_eq!(money.len(), 2);
        check_money(&BTreeMap::from([(2026, -1)]), 2025..=2029, &mut e);
        check_money(&BTreeMap::from([(2031, 5)]), 2025..=2029, &mut e);
        assert_eq!(fields(&e), ["budget", "budget"]);
        assert!(e[0].1.contains("negatif"));
    }

    #[test]
    fn indicators_are_checked_against_the_catalog() {
        let catalog = Catalog::builtin().expect("catalog");
        let mut e = Vec::new();
        let t = |instrument: &str, number, level| IndicatorTarget {
            instrument: instrument.into(),
            number,
            level,
        };
        let ok = check_indicators(
            &catalog,
            &[
                t("permenpanrb-8-2026", 1, 3),
                t("permenpanrb-8-2026", 1, 3),
                t("permenpanrb-8-2026", 20, 5),
            ],
            &mut e,
        );
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(ok.len(), 2, "a repeat is dropped");
        check_indicators(&catalog, &[t("permenpanrb-99-2030", 1, 1)], &mut e);
        check_indicators(&catalog, &[t("permenpanrb-8-2026", 21, 1)], &mut e);
        check_indicators(&catalog, &[t("permenpanrb-8-2026", 1, 9)], &mut e);
        assert_eq!(fields(&e), ["indicators", "indicators", "indicators"]);
        assert!(e[0].1.contains("tidak dikenal"));
    }

    #[test]
    fn a_report_and_a_decree_are_checked() {
        let mut e = Vec::new();
        check_realisation(2026, 1, "40%", Some("baik"), 2025..=2029, &mut e);
        assert!(e.is_empty());
        check_realisation(2031, 3, " ", None, 2025..=2029, &mut e);
        assert_eq!(fields(&e), ["year", "semester", "value"]);

        let mut e = Vec::new();
        assert_eq!(
            check_decree("Nomor 12 Tahun 2025", "2025-03-01", &mut e).as_deref(),
            Some("2025-03-01")
        );
        assert!(e.is_empty());
        assert_eq!(check_decree(" ", "", &mut e), None);
        check_decree("1", "1 Maret 2025", &mut e);
        assert_eq!(fields(&e), ["decree_number", "decree_date", "decree_date"]);
    }
}
