//! Exact arithmetic for scores: fixed-point inputs, rational results, explicit rounding.
//!
//! Every score in Padu is a ratio of integers. Values are kept in hundredths (`Value`), weights
//! in ten-thousandths of a percentage point (`Weight`), and an index is the exact fraction
//! `Σ value·weight / Σ weight`. Nothing is rounded until a number is shown, and then only by the
//! instrument's own rounding rule. This is what makes a result that is mathematically 2.60 land
//! on "Baik" and never on "Cukup".

use std::cmp::Ordering;
use std::fmt;

/// An indicator value (a level or, for instruments with partial credit, a decimal value),
/// stored exactly as hundredths: level 3 is `Value(300)`, 1.26 is `Value(126)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Value(pub u32);

impl Value {
    /// Hundredths per unit.
    pub const SCALE: u32 = 100;

    pub const fn from_level(level: u32) -> Self {
        Value(level * Self::SCALE)
    }

    /// The hundredths.
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// `Some(level)` when the value is a whole level.
    pub const fn whole(self) -> Option<u32> {
        if self.0.is_multiple_of(Self::SCALE) {
            Some(self.0 / Self::SCALE)
        } else {
            None
        }
    }

    /// The whole level at or below the value (1.26 -> 1).
    pub const fn floor_level(self) -> u32 {
        self.0 / Self::SCALE
    }

    /// The value as an exact ratio.
    pub fn exact(self) -> Exact {
        Exact::new(u128::from(self.0), u128::from(Self::SCALE))
    }

    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / f64::from(Self::SCALE)
    }

    /// Formats with as few places as needed: `3`, `2,5`, `1,26`.
    pub fn format_short(self, separator: char) -> String {
        let text = self.format(2, separator);
        let text = text.trim_end_matches('0');
        text.trim_end_matches(separator).to_string()
    }

    /// Formats with `decimals` places (0..=2) and the given decimal separator.
    pub fn format(self, decimals: u8, separator: char) -> String {
        let rounded = Rounded {
            units: u128::from(self.0),
            decimals: 2,
        };
        rounded.rescale(decimals).format(separator)
    }
}

/// A weight in ten-thousandths of a percentage point: 1.3 % is `Weight(13_000)`, 100 % is
/// `Weight(1_000_000)`. Official weights are multiples of 0.05, well inside this resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Weight(pub u32);

impl Weight {
    pub const SCALE: u32 = 10_000;
    pub const HUNDRED_PERCENT: Weight = Weight(100 * Self::SCALE);

    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / f64::from(Self::SCALE)
    }

    /// Formats as a percentage number with at least `min_decimals` places, more only when needed.
    pub fn format(self, min_decimals: u8, separator: char) -> String {
        let mut units = u128::from(self.0);
        let mut decimals = 4u8;
        while decimals > min_decimals && units % 10 == 0 {
            units /= 10;
            decimals -= 1;
        }
        Rounded { units, decimals }.format(separator)
    }
}

/// Parses a fixed-point decimal from a float read from a data file (TOML has no decimal type).
/// Returns `None` when the float is negative, not finite, or has more than `decimals` places.
pub fn fixed_from_f64(value: f64, decimals: u8) -> Option<u32> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = value * scale;
    let rounded = scaled.round();
    if (scaled - rounded).abs() > 1e-6 || rounded > f64::from(u32::MAX) {
        return None;
    }
    // The range was checked just above, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(rounded as u32)
}

/// Why a decimal string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalError {
    /// Not a number at all.
    NotANumber,
    /// More fractional digits than allowed.
    TooManyDecimals { allowed: u8 },
    /// Too large to be a value.
    TooLarge,
}

/// Parses a non-negative decimal such as `3`, `1.26` or (with `allow_comma`) `1,26` into an
/// integer scaled by `10^decimals`. No floating point is involved.
pub fn parse_fixed(text: &str, decimals: u8, allow_comma: bool) -> Result<u32, DecimalError> {
    let text = text.trim();
    let (int_part, frac_part) = match text.find(|c| c == '.' || (allow_comma && c == ',')) {
        Some(pos) => (&text[..pos], &text[pos + 1..]),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty()) || !digits(int_part) || !digits(frac_part) {
        return Err(DecimalError::NotANumber);
    }
    if text.ends_with(['.', ',']) {
        return Err(DecimalError::NotANumber);
    }
    let significant = frac_part.trim_end_matches('0');
    if significant.len() > usize::from(decimals) {
        return Err(DecimalError::TooManyDecimals { allowed: decimals });
    }
    let mut units: u64 = 0;
    for b in int_part.bytes() {
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(u64::from(b - b'0')))
            .ok_or(DecimalError::TooLarge)?;
    }
    for place in 0..decimals {
        let digit = significant
            .as_bytes()
            .get(usize::from(place))
            .map_or(0, |b| b - b'0');
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(u64::from(digit)))
            .ok_or(DecimalError::TooLarge)?;
    }
    u32::try_from(units).map_err(|_| DecimalError::TooLarge)
}

/// How a display value is rounded from the exact value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Ties go to the even neighbour (banker's rounding): 1.085 -> 1.08, 1.095 -> 1.10.
    HalfEven,
    /// Ties go up: 1.085 -> 1.09.
    HalfUp,
}

/// An exact non-negative rational number `num / den`.
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    num: u128,
    den: u128,
}

impl Exact {
    /// # Panics
    /// Never for a non-zero `den`; a zero denominator is a programming error.
    pub fn new(num: u128, den: u128) -> Self {
        assert!(den != 0, "Exact with a zero denominator");
        Exact { num, den }
    }

    pub const fn numerator(self) -> u128 {
        self.num
    }

    pub const fn denominator(self) -> u128 {
        self.den
    }

    /// The nearest `f64`. Numerator and denominator stay far below 2^53 for any real
    /// instrument, so this is the correctly rounded quotient.
    #[allow(clippy::cast_precision_loss)]
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `self >= value`, exactly.
    pub fn at_least(self, value: Value) -> bool {
        self.num * u128::from(Value::SCALE) >= u128::from(value.0) * self.den
    }

    /// `self - other` exactly, for `self >= other`; zero when `other` is larger (saturating).
    pub fn saturating_sub(self, other: Exact) -> Exact {
        let left = self.num * other.den;
        let right = other.num * self.den;
        Exact::new(left.saturating_sub(right), self.den * other.den)
    }

    /// Rounds to `decimals` places with `rule`, from the exact value.
    pub fn round(self, decimals: u8, rule: Rounding) -> Rounded {
        let scale = 10u128.pow(u32::from(decimals));
        let scaled = self.num * scale;
        let quotient = scaled / self.den;
        let twice_remainder = (scaled % self.den) * 2;
        let up = match twice_remainder.cmp(&self.den) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => match rule {
                Rounding::HalfEven => quotient % 2 == 1,
                Rounding::HalfUp => true,
            },
        };
        Rounded {
            units: quotient + u128::from(up),
            decimals,
        }
    }

    /// The exact value as a decimal string when it terminates within `max_decimals` places.
    pub fn terminating_decimal(self, max_decimals: u8) -> Option<String> {
        (0..=max_decimals).find_map(|decimals| {
            let scale = 10u128.pow(u32::from(decimals));
            (self.num * scale).is_multiple_of(self.den).then(|| {
                Rounded {
                    units: self.num * scale / self.den,
                    decimals,
                }
                .format('.')
            })
        })
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.terminating_decimal(12) {
            Some(s) => f.write_str(&s),
            None => write!(f, "{}/{}", self.num, self.den),
        }
    }
}

/// A rounded display value: `units / 10^decimals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounded {
    units: u128,
    decimals: u8,
}

impl Rounded {
    pub const fn units(self) -> u128 {
        self.units
    }

    /// Formats with a chosen decimal separator: `.` for JSON and machines, `,` for Indonesian
    /// pages and documents.
    pub fn format(self, separator: char) -> String {
        // Pages show hundreds of values each (an overview of 38 kabupaten/kota with their
        // aspects): values that fit 64 bits take the fast path, without 128-bit division.
        if let Ok(units) = u64::try_from(self.units)
            && self.decimals <= 19
        {
            return format_u64(units, self.decimals, separator);
        }
        if self.decimals == 0 {
            return self.units.to_string();
        }
        let scale = 10u128.pow(u32::from(self.decimals));
        format!(
            "{}{}{:0width$}",
            self.units / scale,
            separator,
            self.units % scale,
            width = usize::from(self.decimals)
        )
    }

    /// Changes the number of places; only ever used to widen or to drop zero digits.
    fn rescale(self, decimals: u8) -> Rounded {
        if decimals >= self.decimals {
            Rounded {
                units: self.units * 10u128.pow(u32::from(decimals - self.decimals)),
                decimals,
            }
        } else {
            Exact::new(self.units, 10u128.pow(u32::from(self.decimals)))
                .round(decimals, Rounding::HalfEven)
        }
    }
}

/// `units / 10^decimals` written with `decimals` places after `separator` (`decimals` at most
/// 19, so that the scale fits 64 bits).
fn format_u64(units: u64, decimals: u8, separator: char) -> String {
    let mut digits = [0u8; 20];
    let mut n = units;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let places = usize::from(decimals);
    // at least one digit before the separator
    while len <= places {
        digits[len] = b'0';
        len += 1;
    }
    let mut out = String::with_capacity(len + separator.len_utf8());
    for i in (0..len).rev() {
        if i + 1 == places {
            out.push(separator);
        }
        out.push(char::from(digits[i]));
    }
    out
}

impl fmt::Display for Rounded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_writes_what_the_general_one_does() {
        let general = |r: Rounded, sep: char| {
            if r.decimals == 0 {
                return r.units.to_string();
            }
            let scale = 10u128.pow(u32::from(r.decimals));
            format!(
                "{}{sep}{:0w$}",
                r.units / scale,
                r.units % scale,
                w = usize::from(r.decimals)
            )
        };
        let samples = [
            0u128,
            1,
            7,
            9,
            10,
            99,
            100,
            101,
            260,
            426,
            1_000,
            12_345,
            99_999,
            1_000_000,
            u128::from(u64::MAX),
        ];
        for units in samples {
            for decimals in [0u8, 1, 2, 3, 4, 6, 19] {
                for sep in ['.', ','] {
                    let r = Rounded { units, decimals };
                    assert_eq!(r.format(sep), general(r, sep), "{units} {decimals}");
                }
            }
        }
        // beyond 64 bits, the general path
        let big = Rounded {
            units: u128::from(u64::MAX) * 10,
            decimals: 2,
        };
        assert_eq!(big.format('.'), general(big, '.'));
        assert_eq!(
            Rounded {
                units: 5,
                decimals: 2
            }
            .format(','),
            "0,05"
        );
        assert_eq!(
            Rounded {
                units: 426,
                decimals: 2
            }
            .format(','),
            "4,26"
        );
    }

    fn ratio(num: u128, den: u128) -> Exact {
        Exact::new(num, den)
    }

    #[test]
    fn saturating_sub_is_exact_and_stops_at_zero() {
        // 2.59 - 1/3 = 677/300, with no rounding on the way
        let d = ratio(259, 100).saturating_sub(ratio(1, 3));
        assert_eq!(d, ratio(677, 300));
        assert_eq!((d.numerator(), d.denominator()), (677, 300));
        assert_eq!(ratio(3, 4).saturating_sub(ratio(3, 4)), ratio(0, 1));
        assert_eq!(ratio(5, 2).saturating_sub(ratio(0, 7)), ratio(5, 2));
        // a smaller minus a larger saturates at 0 instead of wrapping
        let zero = ratio(1, 3).saturating_sub(ratio(1, 2));
        assert_eq!(zero.numerator(), 0);
        assert_eq!(zero, ratio(0, 1));
    }

    #[test]
    fn half_even_ties_go_to_the_even_neighbour() {
        // 1.085 -> 1.08 (published Aceh Tengah 2026 aspect), 1.095 -> 1.10, 2.125 -> 2.12
        assert_eq!(
            ratio(1085, 1000).round(2, Rounding::HalfEven).format('.'),
            "1.08"
        );
        assert_eq!(
            ratio(1095, 1000).round(2, Rounding::HalfEven).format('.'),
            "1.10"
        );
        assert_eq!(
            ratio(2125, 1000).round(2, Rounding::HalfEven).format('.'),
            "2.12"
        );
        assert_eq!(
            ratio(2135, 1000).round(2, Rounding::HalfEven).format('.'),
            "2.14"
        );
        assert_eq!(
            ratio(1085, 1000).round(2, Rounding::HalfUp).format('.'),
            "1.09"
        );
    }

    #[test]
    fn non_ties_round_to_nearest_under_both_rules() {
        for rule in [Rounding::HalfEven, Rounding::HalfUp] {
            assert_eq!(ratio(10851, 10000).round(2, rule).format('.'), "1.09");
            assert_eq!(ratio(10849, 10000).round(2, rule).format('.'), "1.08");
            // 12/11 = 1.0909...
            assert_eq!(ratio(12, 11).round(2, rule).format(','), "1,09");
            assert_eq!(ratio(5, 1).round(2, rule).format('.'), "5.00");
        }
    }

    #[test]
    fn comparison_is_exact() {
        // 2.6 reached as 26/10 and as 13/5 are equal; a hair below is less.
        assert_eq!(ratio(26, 10), ratio(13, 5));
        assert!(ratio(2_599_999, 1_000_000) < ratio(13, 5));
        assert!(ratio(13, 5).at_least(Value(260)));
        assert!(!ratio(2_599_999, 1_000_000).at_least(Value(260)));
    }

    #[test]
    fn terminating_decimals_are_shown_exactly() {
        assert_eq!(ratio(3127, 1000).to_string(), "3.127");
        assert_eq!(ratio(12, 11).to_string(), "12/11");
        assert_eq!(ratio(12, 11).terminating_decimal(12), None);
    }

    #[test]
    fn parse_fixed_reads_decimals_without_floats() {
        assert_eq!(parse_fixed("3", 2, false), Ok(300));
        assert_eq!(parse_fixed("1.26", 2, false), Ok(126));
        assert_eq!(parse_fixed("1,26", 2, true), Ok(126));
        assert_eq!(parse_fixed(" 2.5 ", 2, false), Ok(250));
        assert_eq!(parse_fixed("3.00", 0, false), Ok(3));
        assert_eq!(parse_fixed(".5", 2, false), Ok(50));
        assert_eq!(
            parse_fixed("1.265", 2, false),
            Err(DecimalError::TooManyDecimals { allowed: 2 })
        );
        assert_eq!(
            parse_fixed("1.5", 0, false),
            Err(DecimalError::TooManyDecimals { allowed: 0 })
        );
        for bad in ["", "abc", "-1", "1.2.3", "1,26", "1.", ".", "1e3", "+2"] {
            assert_eq!(
                parse_fixed(bad, 2, false),
                Err(DecimalError::NotANumber),
                "{bad}"
            );
        }
        assert_eq!(
            parse_fixed("99999999999", 2, false),
            Err(DecimalError::TooLarge)
        );
    }

    #[test]
    fn fixed_from_f64_accepts_only_representable_decimals() {
        assert_eq!(fixed_from_f64(1.3, 4), Some(13_000));
        assert_eq!(fixed_from_f64(2.75, 4), Some(27_500));
        assert_eq!(fixed_from_f64(4.2, 2), Some(420));
        assert_eq!(fixed_from_f64(0.123_45, 4), None);
        assert_eq!(fixed_from_f64(-1.0, 4), None);
        assert_eq!(fixed_from_f64(f64::NAN, 4), None);
    }

    #[test]
    fn weights_format_with_needed_places() {
        assert_eq!(Weight(13_000).format(0, ','), "1,3");
        assert_eq!(Weight(27_500).format(0, '.'), "2.75");
        assert_eq!(Weight(130_000).format(2, ','), "13,00");
        assert_eq!(Weight(30_000).format(0, ','), "3");
    }

    #[test]
    fn values_format() {
        assert_eq!(Value(126).format(2, ','), "1,26");
        assert_eq!(Value(300).format(0, '.'), "3");
        assert_eq!(Value(300).whole(), Some(3));
        assert_eq!(Value(126).whole(), None);
        assert_eq!(Value(126).floor_level(), 1);
        assert_eq!(Value(250).format_short(','), "2,5");
        assert_eq!(Value(300).format_short(','), "3");
        assert_eq!(Value(126).format_short('.'), "1.26");
    }
}
