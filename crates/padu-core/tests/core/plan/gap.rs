//! Gap analysis: overall, per domain and aspect, and each indicator's next step.

use padu_core::plan::gap_analysis;
use padu_core::{EffortModel, Exact, Value, Weight};

use crate::support::{PEMDI_2026, SPBE_2018, SPBE_2020, hundredths, instrument, levels};

#[test]
fn the_gap_to_baik_from_all_ones() {
    let i = instrument(SPBE_2020);
    let current = levels(i, &[1; 47]);
    let gap = gap_analysis(i, &current, &EffortModel::from_instrument(i), Value(260));
    assert_eq!(gap.gap.to_string(), "1.6");
    assert!(!gap.reached);
    assert_eq!(gap.weight_unit, Weight(500), "0.05 percentage points");
    assert!(gap.official_grid);
    // Every domain and aspect is 1.6 short; the headrooms add up to the whole scale above.
    for g in gap.domains.iter().chain(&gap.aspects) {
        assert_eq!(g.gap.to_string(), "1.6");
    }
    let total = |groups: &[padu_core::plan::GroupGap]| {
        groups.iter().map(|g| g.headroom.to_f64()).sum::<f64>()
    };
    assert!((total(&gap.domains) - 4.0).abs() < 1e-12);
    assert!((total(&gap.aspects) - 4.0).abs() < 1e-12);
    assert_eq!(
        gap.domains[3].headroom.to_string(),
        "1.82",
        "Layanan: 45.5 % × 4"
    );
    // Indicator 32 (2.75 %): each level adds 0.0275; the next step is a service step.
    let ind = &gap.indicators[31];
    assert_eq!(ind.gain_per_level.to_string(), "0.0275");
    assert_eq!(ind.next_gain, ind.gain_per_level);
    assert_eq!(
        (ind.next_level, ind.next_effort.map(|e| e.days)),
        (Some(2), Some(15))
    );
}

#[test]
fn reached_targets_have_no_gap_and_the_top_has_no_next_step() {
    let i = instrument(SPBE_2020);
    let current = levels(i, &[5; 47]);
    let gap = gap_analysis(i, &current, &EffortModel::from_instrument(i), Value(260));
    assert!(gap.reached);
    assert_eq!(gap.gap, Exact::new(0, 1));
    assert!(
        gap.indicators
            .iter()
            .all(|g| g.next_level.is_none() && g.next_effort.is_none())
    );
    assert!(gap.aspects.iter().all(|g| g.headroom == Exact::new(0, 1)));
}

#[test]
fn decimals_gain_only_the_rest_of_their_level() {
    let i = instrument(PEMDI_2026);
    let current = hundredths(i, &[126; 20]);
    let gap = gap_analysis(i, &current, &EffortModel::from_instrument(i), Value(250));
    let ind = &gap.indicators[19];
    // Indicator 20 weighs 15 %: a level adds 0.15, 1.26 -> 2 adds 0.74 × 0.15 = 0.111.
    assert_eq!(ind.gain_per_level.to_string(), "0.15");
    assert_eq!(ind.next_gain.to_string(), "0.111");
    assert_eq!(ind.next_level, Some(2));
    assert!(gap.indicators[4].external && !ind.external);
    assert!(gap.domains.is_empty());
    assert_eq!(gap.weight_unit, Weight(10_000));
    let old = instrument(SPBE_2018);
    let gap = gap_analysis(
        old,
        &levels(old, &[0; 35]),
        &EffortModel::from_instrument(old),
        Value(100),
    );
    assert_eq!(gap.indicators[0].next_level, Some(1));
}
