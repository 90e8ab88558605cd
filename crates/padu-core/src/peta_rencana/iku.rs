//! The instansi's index targets by year (the RPJMD's Indikator Kinerja Utama) against the
//! index its evaluations realised, and the gap between them.

use std::collections::BTreeMap;

use crate::exact::{Exact, Value, parse_fixed};

/// The highest index a target may name.
pub const MAX_TARGET: Value = Value(500);

/// The targets typed per year (`{"2026": "2,75"}`): each year within `years`, each value a
/// number from 0 to 5 with at most two decimals (a comma or a point). Errors as `(field,
/// message)` pairs on `targets`.
pub fn check_targets(
    typed: &BTreeMap<i32, String>,
    years: std::ops::RangeInclusive<i32>,
    errors: &mut Vec<(String, String)>,
) -> BTreeMap<i32, Value> {
    let mut out = BTreeMap::new();
    for (year, text) in typed {
        if !years.contains(year) {
            errors.push((
                "targets".into(),
                format!(
                    "Tahun {year} harus di antara {} dan {}",
                    years.start(),
                    years.end()
                ),
            ));
            continue;
        }
        match parse_fixed(text.trim(), 2, true) {
            Ok(v) if Value(v) <= MAX_TARGET => {
                out.insert(*year, Value(v));
            }
            _ => errors.push((
                "targets".into(),
                format!(
                    "Target tahun {year} harus angka 0 sampai 5 dengan paling banyak dua desimal"
                ),
            )),
        }
    }
    out
}

/// The gap of a year: how far the realised index falls short of the target (zero once met;
/// `None` without either).
pub fn gap(target: Option<Value>, realised: Option<Exact>) -> Option<Exact> {
    Some(target?.exact().saturating_sub(realised?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_exactly_and_checked() {
        let typed = BTreeMap::from([
            (2025, "2,60".to_string()),
            (2026, "2.75".to_string()),
            (2027, "5.01".to_string()),
            (2028, "tiga".to_string()),
            (2040, "3".to_string()),
        ]);
        let mut errors = Vec::new();
        let got = check_targets(&typed, 2015..=2035, &mut errors);
        assert_eq!(
            got.into_iter().collect::<Vec<_>>(),
            [(2025, Value(260)), (2026, Value(275))]
        );
        assert_eq!(errors.len(), 3);
        assert!(errors.iter().all(|(f, _)| f == "targets"));
        assert!(errors[0].1.contains("2027"));
        assert!(errors[2].1.contains("2040"));
    }

    #[test]
    fn the_gap_is_what_remains() {
        let realised = Exact::new(2_45, 100);
        assert_eq!(
            gap(Some(Value(260)), Some(realised)),
            Some(Exact::new(15, 100))
        );
        assert_eq!(
            gap(Some(Value(200)), Some(realised)),
            Some(Exact::new(0, 1))
        );
        assert_eq!(gap(None, Some(realised)), None);
        assert_eq!(gap(Some(Value(260)), None), None);
    }
}
