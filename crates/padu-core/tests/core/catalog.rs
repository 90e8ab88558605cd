//! The embedded instruments carry the structure the brief gives.

use padu_core::instrument::ValueKind;
use padu_core::{Confidence, Value, Weight};

use crate::support::{ALL, PEMDI_2026, SPBE_2018, SPBE_2020, catalog, instrument};

#[test]
fn every_embedded_instrument_loads() {
    let ids: Vec<&str> = catalog()
        .instruments()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, vec![PEMDI_2026, SPBE_2020, SPBE_2018], "newest first");
    assert_eq!(
        catalog().in_force().map(|i| i.id.as_str()),
        Some(PEMDI_2026)
    );
    assert!(catalog().notices().is_empty());
}

#[test]
fn spbe_2020_has_4_domains_8_aspects_47_indicators_with_official_weights() {
    let i = instrument(SPBE_2020);
    assert_eq!(
        (i.domains.len(), i.aspects.len(), i.indicators.len()),
        (4, 8, 47)
    );
    let domain_weights: Vec<f64> = i.domains.iter().map(|d| d.weight.to_f64()).collect();
    assert_eq!(domain_weights, vec![13.0, 25.0, 16.5, 45.5]);
    let aspect_weights: Vec<f64> = i.aspects.iter().map(|a| a.weight.to_f64()).collect();
    assert_eq!(
        aspect_weights,
        vec![13.0, 10.0, 10.0, 5.0, 12.0, 4.5, 27.5, 18.0]
    );
    let expected = |n: u16| match n {
        1..=10 => 1.3,
        11..=20 => 2.5,
        21..=31 => 1.5,
        32..=41 => 2.75,
        _ => 3.0,
    };
    for ind in &i.indicators {
        assert_eq!(
            ind.weight.to_f64(),
            expected(ind.number),
            "indicator {}",
            ind.number
        );
        let scale = &i.scales[ind.scale].code;
        assert_eq!(
            scale,
            if ind.number <= 31 {
                "proses"
            } else {
                "layanan"
            }
        );
        assert!(ind.name.starts_with("Tingkat Kematangan"), "{}", ind.name);
    }
    assert_eq!(i.values.kind, ValueKind::Whole);
    assert_eq!((i.values.min, i.values.max), (Value(100), Value(500)));
    let links: Vec<(u16, bool)> = i.links.iter().map(|l| (l.policy, l.confirmed)).collect();
    assert!(links.contains(&(1, true)) && links.contains(&(10, false)));
    assert!(
        i.links
            .iter()
            .any(|l| l.policy == 4 && l.practice.contains(&47))
    );
}

#[test]
fn spbe_2018_has_35_indicators_levels_0_to_5() {
    let i = instrument(SPBE_2018);
    assert_eq!(
        (i.domains.len(), i.aspects.len(), i.indicators.len()),
        (3, 7, 35)
    );
    let domain_weights: Vec<f64> = i.domains.iter().map(|d| d.weight.to_f64()).collect();
    assert_eq!(domain_weights, vec![17.0, 28.0, 55.0]);
    let per_aspect: Vec<usize> = (0..7).map(|a| i.indicators_of_aspect(a).count()).collect();
    assert_eq!(per_aspect, vec![7, 10, 2, 2, 3, 7, 4]);
    assert_eq!((i.values.min, i.values.max), (Value(0), Value(500)));
}

#[test]
fn pemdi_2026_has_7_aspects_20_decimal_indicators_and_external_ones() {
    let i = instrument(PEMDI_2026);
    assert!(!i.has_domains());
    assert_eq!((i.aspects.len(), i.indicators.len()), (7, 20));
    let weights: Vec<u32> = i
        .indicators
        .iter()
        .map(|x| x.weight.0 / Weight::SCALE)
        .collect();
    assert_eq!(
        weights,
        vec![5, 5, 5, 5, 5, 3, 3, 4, 4, 4, 3, 4, 5, 5, 4, 4, 4, 3, 10, 15]
    );
    let aspect_weights: Vec<f64> = i.aspects.iter().map(|a| a.weight.to_f64()).collect();
    assert_eq!(
        aspect_weights,
        vec![10.0, 10.0, 15.0, 15.0, 10.0, 15.0, 25.0]
    );
    let external: Vec<u16> = i
        .indicators
        .iter()
        .filter(|x| x.is_external())
        .map(|x| x.number)
        .collect();
    assert_eq!(external, vec![5, 6, 7, 18]);
    assert_eq!(i.values.kind, ValueKind::Decimal);
    assert_eq!(i.values.decimals, 2);
    let labels: Vec<&str> = i.scales[0]
        .levels
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(
        labels,
        vec!["Merintis", "Membangun", "Berkembang", "Melembaga", "Unggul"]
    );
}

#[test]
fn every_instrument_has_labels_and_generic_criteria_for_every_level() {
    for id in ALL {
        let i = instrument(id);
        for scale in &i.scales {
            let levels: Vec<u32> = scale.levels.iter().map(|l| l.level).collect();
            assert_eq!(
                levels,
                i.values.levels().collect::<Vec<_>>(),
                "{id} {}",
                scale.code
            );
            for level in &scale.levels {
                assert!(
                    !level.label.is_empty() && !level.criteria.is_empty(),
                    "{id} {} {}",
                    scale.code,
                    level.level
                );
            }
        }
        for ind in &i.indicators {
            assert!(
                ind.lead_opd.is_some(),
                "{id} indicator {} has a default lead OPD",
                ind.number
            );
        }
    }
}

#[test]
fn indicator_specific_criteria_come_from_the_brief() {
    let i = instrument(SPBE_2020);
    for n in [1, 11, 12, 21, 22] {
        let ind = i.indicator(n).expect("exists");
        assert!(!ind.levels.is_empty(), "indicator {n} has its own criteria");
    }
    let ind1 = i.indicator(1).expect("exists");
    let l2 = ind1.specific_level(2).expect("level 2 criteria");
    assert!(
        l2.criteria
            .iter()
            .any(|c| c.contains("Proses Bisnis") || c.contains("enam")),
        "{l2:?}"
    );
}

#[test]
fn crosswalk_feeds_every_new_indicator_and_holds_the_brief_examples() {
    let (crosswalk, links) = catalog()
        .crosswalk(SPBE_2020, PEMDI_2026)
        .expect("crosswalk exists");
    assert_eq!(crosswalk.from, SPBE_2020);
    for n in 1..=20 {
        assert!(
            !crosswalk.sources_of(n).is_empty(),
            "new indicator {n} has a source"
        );
    }
    let sources = |to: u16| -> Vec<u16> {
        let mut v: Vec<u16> = links
            .iter()
            .filter(|l| l.to == to)
            .map(|l| l.from)
            .collect();
        v.sort_unstable();
        v
    };
    for (to, from) in [
        (1, vec![1, 2, 11, 12, 13]),
        (9, vec![9, 29, 30, 31]),
        (10, vec![8, 22]),
        (14, vec![5, 6, 16, 17]),
        (16, vec![7, 18]),
        (19, vec![42]),
    ] {
        let got = sources(to);
        for f in &from {
            assert!(got.contains(f), "new {to} <- old {f}: {got:?}");
        }
        for l in links
            .iter()
            .filter(|l| l.to == to && from.contains(&l.from))
        {
            assert!(l.confidence >= Confidence::Sedang, "{l:?}");
        }
    }
    // The reverse direction is the same table turned around.
    let (_, reverse) = catalog().crosswalk(PEMDI_2026, SPBE_2020).expect("reverse");
    assert_eq!(reverse.len(), links.len());
    assert!(reverse.iter().any(|l| l.from == 19 && l.to == 42));
    assert!(catalog().crosswalk(SPBE_2018, PEMDI_2026).is_none());
}

#[test]
fn opd_kinds_cover_the_usual_owners() {
    for code in [
        "diskominfo",
        "bappeda",
        "bpkad",
        "bkpsdm",
        "inspektorat",
        "bagian-hukum",
        "dpmptsp",
    ] {
        assert!(catalog().opd_kind(code).is_some(), "{code}");
    }
}
