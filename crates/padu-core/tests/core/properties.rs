//! Properties of the scoring that must hold for every assessment of every instrument.

use padu_core::{Assessment, Exact, Instrument, Value, score};
use proptest::prelude::*;

use crate::support::{ALL, instrument};

/// Any valid assessment of `i`.
fn assessment(i: &'static Instrument) -> impl Strategy<Value = Assessment> {
    let (min, max) = (i.values.min.0, i.values.max.0);
    let step = 10u32.pow(2 - u32::from(i.values.decimals));
    let value = (min / step..=max / step).prop_map(move |v| Value(v * step));
    proptest::collection::vec(value, i.indicators.len())
        .prop_map(move |values| Assessment::new(i, values).unwrap_or_else(|p| panic!("{p}")))
}

fn any_instrument() -> impl Strategy<Value = &'static Instrument> {
    proptest::sample::select(ALL.to_vec()).prop_map(|id| instrument(id).as_ref())
}

fn with_assessment() -> impl Strategy<Value = (&'static Instrument, Assessment)> {
    any_instrument().prop_flat_map(|i| (Just(i), assessment(i)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn index_lies_within_the_scale((i, a) in with_assessment()) {
        let s = score(i, &a);
        prop_assert!(s.index >= i.values.min.exact() && s.index <= i.values.max.exact());
        for x in s.aspects.iter().chain(&s.domains) {
            prop_assert!(*x >= i.values.min.exact() && *x <= i.values.max.exact());
        }
    }

    #[test]
    fn index_rises_when_any_value_rises((i, a) in with_assessment(), pick in any::<prop::sample::Index>()) {
        let n = pick.index(i.indicators.len());
        let mut values = a.values().to_vec();
        let step = if i.values.decimals == 0 { 100 } else { 1 };
        prop_assume!(values[n].0 + step <= i.values.max.0);
        values[n] = Value(values[n].0 + step);
        let raised = Assessment::new(i, values).unwrap_or_else(|p| panic!("{p}"));
        prop_assert!(score(i, &raised).index > score(i, &a).index);
    }

    #[test]
    fn index_equals_the_weighted_sum_and_the_weighted_aspects((i, a) in with_assessment()) {
        let s = score(i, &a);
        // Σ value × weight% / 100, computed independently in hundredths × ten-thousandths.
        let sum: u128 = i.indicators.iter().zip(a.values())
            .map(|(ind, v)| u128::from(v.0) * u128::from(ind.weight.0)).sum();
        prop_assert_eq!(s.index, Exact::new(sum, 100 * 1_000_000));
        // Σ aspect index × aspect weight / 100 is the same exact number.
        let (mut num, mut den) = (0u128, 1u128);
        for (aspect, x) in i.aspects.iter().zip(&s.aspects) {
            // num/den + x.num/x.den × w / 1_000_000
            let (xn, xd) = (x.numerator() * u128::from(aspect.weight.0), x.denominator() * 1_000_000);
            num = num * xd + xn * den;
            den *= xd;
            let g = gcd(num, den);
            num /= g;
            den /= g;
        }
        prop_assert_eq!(s.index, Exact::new(num, den));
        // and it agrees with a floating-point computation to within rounding noise
        let float: f64 = i.indicators.iter().zip(a.values())
            .map(|(ind, v)| v.to_f64() * ind.weight.to_f64()).sum::<f64>() / 100.0;
        prop_assert!((float - s.index.to_f64()).abs() < 1e-9);
    }

    #[test]
    fn display_and_predikat_follow_the_exact_value((i, a) in with_assessment()) {
        let s = score(i, &a);
        let shown = i.display(s.index, '.');
        // the display is within half a unit of the last place of the exact value
        let shown_hundredths: f64 = shown.parse::<f64>().unwrap_or(f64::NAN) * 100.0;
        prop_assert!((shown_hundredths - s.index.to_f64() * 100.0).abs() <= 0.5 + 1e-9);
        let name = i.predikat_of(s.index);
        let band = i.predikat.iter().position(|b| b.name == name).unwrap_or(usize::MAX);
        prop_assert!(s.index.at_least(i.predikat[band].min));
        if band > 0 {
            prop_assert!(!s.index.at_least(i.predikat[band - 1].min));
        }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}
