//! The synthetic values of the demo's kabupaten/kota: level vectors whose index, computed by
//! `padu_core`'s exact scoring, is exactly the figure the demo's table gives (so Kabupaten
//! Pasuruan's 2023 is 2.47 and Kota Mojokerto's 4.26, as published), shaped like a Pemda's
//! (audit and management behind, policies and services ahead), and decimal values for 8/2026.
//! Deterministic: a fixed-seed generator, never the clock.

use padu_core::{Instrument, Value};

/// A small deterministic generator (SplitMix64): the same seed gives the same demo.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5041_4455_4445_4d4f)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A whole number in `-spread..=spread`.
    pub fn around(&mut self, spread: i64) -> i64 {
        let width = u64::try_from(2 * spread + 1).unwrap_or(1);
        i64::try_from(self.below(width)).unwrap_or(0) - spread
    }
}

/// How far each aspect of a typical Pemda stands from its index, in hundredths, by aspect
/// position (59/2020: policies, planning, ICT, organisation, management, audit, administrative
/// services, public services; 8/2026's seven aspects take the first seven).
const ASPECT_BIAS: [i64; 8] = [30, 0, 10, 20, -45, -70, 30, 15];

/// What stays the same for one instansi across its years: how its aspects and indicators stand
/// against its index (in hundredths).
#[derive(Debug, Clone)]
pub struct Profile {
    aspects: Vec<i64>,
    indicators: Vec<i64>,
}

impl Profile {
    /// The profile of the instansi seeded with `seed` (its kode wilayah), for an instrument of
    /// up to `aspects` aspects and `indicators` indicators.
    pub fn new(seed: u64, aspects: usize, indicators: usize) -> Profile {
        let mut rng = Rng::new(seed);
        Profile {
            aspects: (0..aspects)
                .map(|a| ASPECT_BIAS[a % ASPECT_BIAS.len()] + rng.around(30))
                .collect(),
            indicators: (0..indicators).map(|_| rng.around(60)).collect(),
        }
    }

    fn offset(&self, aspect: usize, indicator: usize) -> i64 {
        self.aspects.get(aspect).copied().unwrap_or(0)
            + self.indicators.get(indicator).copied().unwrap_or(0)
    }
}

/// Whole levels of a whole-level instrument whose exact index is `target` hundredths
/// (`247` for 2.47), shaped by `profile`; `year_noise` moves a few indicators so that years
/// differ in more than their index. `None` when no vector of levels reaches the target.
pub fn levels_for(
    instrument: &Instrument,
    target: u32,
    profile: &Profile,
    year_noise: &mut Rng,
) -> Option<Vec<u32>> {
    let (min, max) = (
        i64::from(instrument.values.min.0 / 100),
        i64::from(instrument.values.max.0 / 100),
    );
    let weights: Vec<i64> = instrument
        .indicators
        .iter()
        .map(|i| i64::from(i.weight.0))
        .collect();
    let total: i64 = weights.iter().sum();
    // Σ level·weight must equal target/100 · Σ weight
    let wanted = i64::from(target) * total;
    if wanted % 100 != 0 {
        return None;
    }
    let wanted = wanted / 100;
    let mut levels: Vec<i64> = instrument
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let raw = i64::from(target) + profile.offset(ind.aspect, i) + year_noise.around(25);
            // to the nearest level
            ((raw + 50).div_euclid(100)).clamp(min, max)
        })
        .collect();
    let sum = |levels: &[i64]| -> i64 { levels.iter().zip(&weights).map(|(l, w)| l * w).sum() };
    // walk towards the target one level at a time, until one step would overshoot
    let largest = weights.iter().copied().max().unwrap_or(1);
    let mut guard = 0;
    while (wanted - sum(&levels)).abs() > largest && guard < 10_000 {
        guard += 1;
        let up = wanted > sum(&levels);
        let i = usize::try_from(year_noise.below(levels.len() as u64)).unwrap_or(0);
        if up && levels[i] < max {
            levels[i] += 1;
        } else if !up && levels[i] > min {
            levels[i] -= 1;
        }
    }
    let fix = exact_fix(&levels, &weights, wanted - sum(&levels), min, max)?;
    levels
        .iter()
        .zip(fix)
        .map(|(l, d)| u32::try_from(l + d).ok())
        .collect()
}

/// The smallest change (Σ|δ|, each δ in -2..=2 and the level staying on the scale) whose
/// weighted sum is exactly `gap`: a knapsack over the gcd of the weights.
fn exact_fix(levels: &[i64], weights: &[i64], gap: i64, min: i64, max: i64) -> Option<Vec<i64>> {
    let unit = weights.iter().fold(0, |g, w| gcd(g, *w)).max(1);
    if gap % unit != 0 {
        return None;
    }
    let goal = gap / unit;
    let steps: Vec<i64> = weights.iter().map(|w| w / unit).collect();
    let reach = goal.abs() + 2 * steps.iter().copied().max().unwrap_or(0) * 3;
    let width = usize::try_from(2 * reach + 1).ok()?;
    let at = |s: i64| usize::try_from(s + reach).ok().filter(|i| *i < width);
    const NONE: u16 = u16::MAX;
    // cost[s]: least Σ|δ| reaching partial sum s; choice[i][s]: δ chosen at indicator i
    let mut cost = vec![NONE; width];
    cost[at(0)?] = 0;
    let mut choice: Vec<Vec<i8>> = Vec::with_capacity(levels.len());
    for (level, step) in levels.iter().zip(&steps) {
        let mut next = vec![NONE; width];
        let mut picked = vec![0i8; width];
        for (s, c) in cost.iter().enumerate() {
            if *c == NONE {
                continue;
            }
            let s = i64::try_from(s).ok()? - reach;
            for d in -2i64..=2 {
                if !(min..=max).contains(&(level + d)) {
                    continue;
                }
                let Some(t) = at(s + d * step) else { continue };
                let c = c + u16::try_from(d.abs()).ok()?;
                if c < next[t] {
                    next[t] = c;
                    picked[t] = i8::try_from(d).ok()?;
                }
            }
        }
        cost = next;
        choice.push(picked);
    }
    if cost[at(goal)?] == NONE {
        return None;
    }
    let mut out = vec![0i64; levels.len()];
    let mut s = goal;
    for i in (0..levels.len()).rev() {
        let d = i64::from(choice[i][at(s)?]);
        out[i] = d;
        s -= d * steps[i];
    }
    (s == 0).then_some(out)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

/// Decimal values of a decimal instrument (8/2026) around `centre` hundredths, shaped by
/// `profile`: some whole levels, some with the partial credit assessors give (2.5, 1.26).
pub fn values_for(
    instrument: &Instrument,
    centre: u32,
    profile: &Profile,
    rng: &mut Rng,
) -> Vec<Value> {
    let (min, max) = (
        i64::from(instrument.values.min.0),
        i64::from(instrument.values.max.0),
    );
    instrument
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let raw = i64::from(centre) + profile.offset(ind.aspect, i) / 2 + rng.around(40);
            let raw = match rng.below(3) {
                // a whole level
                0 => (raw + 50).div_euclid(100) * 100,
                // a half
                1 => (raw + 25).div_euclid(50) * 50,
                _ => raw,
            };
            Value(u32::try_from(raw.clamp(min, max)).unwrap_or(100))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_core::{Assessment, Catalog, Exact, score};

    fn index(instrument: &Instrument, levels: &[u32]) -> Exact {
        let values = levels.iter().map(|l| Value::from_level(*l)).collect();
        let a = Assessment::new(instrument, values).expect("valid levels");
        score(instrument, &a).index
    }

    #[test]
    fn every_target_of_the_demo_table_is_reached_exactly() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-59-2020").expect("59/2020");
        for target in [151, 174, 200, 247, 260, 326, 350, 420, 426, 431] {
            for seed in [3501, 3514, 3576, 3578] {
                let profile = Profile::new(seed, i.aspects.len(), i.indicators.len());
                let mut noise = Rng::new(seed * 31 + u64::from(target));
                let levels = levels_for(i, target, &profile, &mut noise).expect("reachable");
                assert!(levels.iter().all(|l| (1..=5).contains(l)), "{levels:?}");
                assert_eq!(
                    index(i, &levels),
                    Exact::new(u128::from(target), 100),
                    "target {target}, seed {seed}: {levels:?}"
                );
            }
        }
    }

    #[test]
    fn levels_look_like_a_pemda_and_are_the_same_every_run() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-59-2020").expect("59/2020");
        let make = || {
            let profile = Profile::new(3514, i.aspects.len(), i.indicators.len());
            levels_for(i, 247, &profile, &mut Rng::new(7)).expect("reachable")
        };
        let levels = make();
        assert_eq!(levels, make(), "deterministic");
        let mean = |range: std::ops::RangeInclusive<usize>| {
            let picked: Vec<u32> = range.map(|n| levels[n - 1]).collect();
            f64::from(picked.iter().sum::<u32>()) / picked.len() as f64
        };
        assert!(
            mean(29..=31) < mean(1..=10),
            "audit behind policies: {levels:?}"
        );
        assert!(levels.iter().any(|l| *l != levels[0]), "not a flat vector");
    }

    #[test]
    fn decimal_values_stay_on_the_scale() {
        let catalog = Catalog::builtin().expect("catalog");
        let i = catalog.instrument("permenpanrb-8-2026").expect("8/2026");
        let profile = Profile::new(3578, i.aspects.len(), i.indicators.len());
        let values = values_for(i, 480, &profile, &mut Rng::new(1));
        assert_eq!(values.len(), 20);
        assert!(
            values.iter().all(|v| (100..=500).contains(&v.0)),
            "{values:?}"
        );
        assert!(
            values.iter().any(|v| v.whole().is_none()),
            "partial credit: {values:?}"
        );
    }
}
