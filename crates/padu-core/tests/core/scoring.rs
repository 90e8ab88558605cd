//! Published figures and the rules at the edges: predikat boundaries and tie rounding.

use padu_core::{Assessment, Exact, ScoreReport, Value, score};

use crate::support::{ALL, PEMDI_2026, SPBE_2018, SPBE_2020, hundredths, instrument, levels};

/// A level set consistent with Kabupaten Magelang 2022 (brief §4): D1 nine 5s and a 4,
/// D2 summing to 24, D3 to 12, D4 services 36 (weight 2.75) and 24 (weight 3).
fn magelang_2022() -> Vec<u32> {
    let mut l = vec![5, 5, 5, 5, 5, 5, 5, 5, 5, 4];
    l.extend([3, 3, 3, 3, 2, 2, 2, 2, 2, 2]);
    l.extend([2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    l.extend([4, 4, 4, 4, 4, 4, 3, 3, 3, 3]);
    l.extend([4, 4, 4, 4, 4, 4]);
    l
}

#[test]
fn kabupaten_magelang_2022_domain_figures_reproduce() {
    let i = instrument(SPBE_2020);
    let s = score(i, &levels(i, &magelang_2022()));
    let domains: Vec<String> = s.domains.iter().map(|d| i.display(*d, '.')).collect();
    assert_eq!(domains, vec!["4.90", "2.40", "1.09", "3.76"]);
    assert_eq!(i.display(s.index, '.'), "3.13");
    assert_eq!(s.index, Exact::new(3127, 1000));
    assert_eq!(i.predikat_of(s.index), "Baik");
}

#[test]
fn the_index_is_computed_from_raw_levels_not_from_rounded_domains() {
    let i = instrument(SPBE_2020);
    let s = score(i, &levels(i, &magelang_2022()));
    // Re-deriving from the rounded domain figures gives 3.1270 too here, but D3 = 12/11 is
    // not 1.09: the exact sum differs, which is why nothing is rounded before display.
    assert_eq!(s.domains[2], Exact::new(12, 11));
    let from_rounded = (13.0 * 4.90 + 25.0 * 2.40 + 16.5 * 1.09 + 45.5 * 3.76) / 100.0;
    assert!((from_rounded - s.index.to_f64()).abs() > 1e-4);
}

#[test]
fn exactly_2_60_is_baik_not_cukup() {
    let i = instrument(SPBE_2020);
    // Indicators 11-20 (2.5 each) at 5 add 100 points, 42-47 (3 each) raised by 20 levels add
    // 60: 100 + 160 = 260, an index of exactly 2.60.
    let mut l = vec![1; 47];
    for n in 11..=20 {
        l[n - 1] = 5;
    }
    for (n, level) in (42..=47).zip([5, 5, 5, 5, 3, 3]) {
        l[n - 1] = level;
    }
    let s = score(i, &levels(i, &l));
    assert_eq!(s.index, Exact::new(26, 10));
    assert_eq!(i.display(s.index, '.'), "2.60");
    assert_eq!(i.predikat_of(s.index), "Baik");
}

#[test]
fn a_sum_that_floating_point_puts_under_2_60_is_still_baik() {
    let i = instrument(SPBE_2020);
    let l = [
        3, 1, 1, 3, 3, 3, 1, 3, 3, 4, 4, 2, 4, 2, 4, 2, 4, 4, 2, 3, 2, 3, 3, 4, 3, 4, 3, 2, 3, 4,
        1, 4, 1, 2, 2, 1, 3, 4, 4, 2, 1, 1, 2, 3, 1, 4, 1,
    ];
    // Σ level × weight% in floating point, indicator by indicator, as a spreadsheet does it:
    let float: f64 = l
        .iter()
        .zip(&i.indicators)
        .map(|(l, x)| f64::from(*l) * x.weight.to_f64() / 100.0)
        .sum();
    assert!(float < 2.6, "floating point drifts to {float}");
    let s = score(i, &levels(i, &l));
    assert_eq!(s.index, Exact::new(26, 10));
    assert_eq!(i.predikat_of(s.index), "Baik");
    assert_eq!(i.display(s.index, '.'), "2.60");
}

#[test]
fn every_predikat_boundary_lands_on_the_right_side() {
    for id in ALL {
        let i = instrument(id);
        for (n, band) in i.predikat.iter().enumerate() {
            let at = band.min.exact();
            assert_eq!(
                i.predikat_of(at),
                band.name,
                "{id}: exactly {} is {}",
                band.min.format(2, '.'),
                band.name
            );
            if let Some(lower) = i.predikat.get(n + 1) {
                // one millionth below the bound belongs to the band below
                let below = Exact::new(u128::from(band.min.0) * 10_000 - 1, 1_000_000);
                assert_eq!(
                    i.predikat_of(below),
                    lower.name,
                    "{id}: just under {}",
                    band.name
                );
            }
        }
        // the top of the scale is in the top band
        assert_eq!(i.predikat_of(i.values.max.exact()), i.predikat[0].name);
    }
}

#[test]
fn predikat_bands_are_the_official_ones() {
    let bands = |id: &str| -> Vec<(String, String)> {
        instrument(id)
            .predikat
            .iter()
            .map(|b| (b.name.clone(), b.min.format(2, '.')))
            .collect()
    };
    let owned = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    };
    assert_eq!(
        bands(SPBE_2020),
        owned(&[
            ("Memuaskan", "4.20"),
            ("Sangat Baik", "3.50"),
            ("Baik", "2.60"),
            ("Cukup", "1.80"),
            ("Kurang", "1.00")
        ])
    );
    assert_eq!(
        bands(PEMDI_2026),
        owned(&[
            ("Memuaskan", "4.00"),
            ("Sangat Baik", "3.50"),
            ("Baik", "2.50"),
            ("Cukup", "1.50"),
            ("Kurang", "1.00")
        ])
    );
    assert_eq!(bands(SPBE_2018).last().map(|b| b.1.as_str()), Some("0.00"));
}

#[test]
fn a_published_2026_aspect_of_exactly_1_085_shows_as_1_08() {
    let i = instrument(PEMDI_2026);
    // Aspect 1 (indicators 1 and 2, weight 5 each): (1.17 + 1.00) / 2 = 1.085 exactly.
    let mut values = vec![100; 20];
    values[0] = 117;
    let s = score(i, &hundredths(i, &values));
    assert_eq!(s.aspects[0], Exact::new(1085, 1000));
    assert_eq!(i.display(s.aspects[0], '.'), "1.08");
    // ...and 1.095 rounds up to the even 1.10.
    values[0] = 119;
    let s = score(i, &hundredths(i, &values));
    assert_eq!(i.display(s.aspects[0], '.'), "1.10");
}

#[test]
fn pemdi_partial_credit_scores_exactly() {
    let i = instrument(PEMDI_2026);
    // weights 5,5,5,5,5,3,3,4,4,4,3,4,5,5,4,4,4,3,10,15
    let values = [
        126, 130, 125, 117, 250, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
        142, 124,
    ];
    let s = score(i, &hundredths(i, &values));
    let expected_num: u32 = (126 + 130 + 125 + 117 + 250) * 5
        + 100 * (3 + 3 + 4 + 4 + 4 + 3 + 4 + 5 + 5 + 4 + 4 + 4 + 3)
        + 142 * 10
        + 124 * 15;
    assert_eq!(s.index, Exact::new(u128::from(expected_num), 10_000));
    // (748 × 5 + 100 × 50 + 142 × 10 + 124 × 15) / 10 000 = 1.202
    assert_eq!(i.display(s.index, '.'), "1.20");
    assert_eq!(i.predikat_of(s.index), "Kurang");
    assert!(s.domains.is_empty());
}

#[test]
fn spbe_2018_scores_from_level_zero() {
    let i = instrument(SPBE_2018);
    let s = score(i, &levels(i, &[0; 35]));
    assert_eq!(i.display(s.index, '.'), "0.00");
    assert_eq!(i.predikat_of(s.index), "Kurang");
    let s = score(i, &levels(i, &[5; 35]));
    assert_eq!(i.display(s.index, '.'), "5.00");
    assert_eq!(i.predikat_of(s.index), "Memuaskan");
}

#[test]
fn assessments_off_the_scale_are_refused_with_every_problem() {
    let i = instrument(SPBE_2020);
    let mut values = vec![Value::from_level(1); 46];
    values[3] = Value::from_level(6);
    values[4] = Value(250);
    let err = Assessment::new(i, values).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("diperlukan 47 nilai indikator, diterima 46"),
        "{text}"
    );
    assert!(
        text.contains("indikator 4: level 6 di luar skala 1-5"),
        "{text}"
    );
    assert!(
        text.contains("indikator 5: level 2,5 harus bilangan bulat"),
        "{text}"
    );
    let pemdi = instrument(PEMDI_2026);
    assert!(
        Assessment::new(pemdi, vec![Value(99); 20]).is_err(),
        "0.99 is below 1.00"
    );
}

#[test]
fn the_json_report_has_the_contract_shape() {
    let i = instrument(SPBE_2020);
    let a = levels(i, &magelang_2022());
    let report = ScoreReport::new(i, &a, &score(i, &a));
    assert_eq!(report.instrument, SPBE_2020);
    assert_eq!(report.index, 3.127);
    assert_eq!(report.index_display, "3.13");
    assert_eq!(report.predikat, "Baik");
    assert_eq!(report.domains.len(), 4);
    assert_eq!(report.domains[0].code, "D1");
    assert_eq!(report.domains[0].weight, 13.0);
    assert_eq!(report.domains[2].index_display, "1.09");
    assert_eq!(report.aspects.len(), 8);
    assert_eq!(report.indicators.len(), 47);
    assert_eq!(report.indicators[0].number, 1);
    assert_eq!(report.indicators[0].weight, 1.3);
}
