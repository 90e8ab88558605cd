//! The effort model: what each level step of each indicator costs.
//!
//! A step is "reaching level L from level L-1" on one indicator. Its effort is in person-days
//! (whole days, positive), optionally with an estimated cost in rupiah. Defaults come with the
//! instrument data, by scale and level (`[[efforts]]`); a Pemda overrides any step of any
//! indicator with a CSV `indikator,level,upaya[,rupiah]`. Rows it leaves out keep the defaults.

use std::collections::BTreeMap;

use crate::instrument::Instrument;
use crate::instrument::parse::MAX_EFFORT_DAYS;
use crate::levels_csv::detect_delimiter;
use crate::problem::{Problems, ranges};

/// The effort of one level step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Effort {
    /// Person-days, at least 1.
    pub days: u32,
    pub rupiah: Option<u64>,
}

impl Effort {
    pub const fn days(days: u32) -> Self {
        Effort { days, rupiah: None }
    }
}

/// The effort of every level step of every indicator of one instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffortModel {
    /// The lowest level of the scale: steps exist for levels `lowest + 1 ..= highest`.
    lowest: u32,
    highest: u32,
    /// `steps[indicator - 1][level - lowest - 1]`.
    steps: Vec<Vec<Option<Effort>>>,
}

impl EffortModel {
    /// The instrument's defaults (every step unknown when the instrument file has none).
    pub fn from_instrument(instrument: &Instrument) -> Self {
        let (lowest, highest) = (instrument.values.min_level(), instrument.values.max_level());
        let steps = instrument
            .indicators
            .iter()
            .map(|ind| {
                (lowest + 1..=highest)
                    .map(|level| {
                        instrument.default_effort(ind.scale, level).map(|e| Effort {
                            days: e.days,
                            rupiah: e.rupiah,
                        })
                    })
                    .collect()
            })
            .collect();
        EffortModel {
            lowest,
            highest,
            steps,
        }
    }

    /// The effort of reaching `level` on indicator `number` (1-based).
    pub fn step(&self, number: u16, level: u32) -> Option<Effort> {
        let slot = level.checked_sub(self.lowest + 1)?;
        let row = self.steps.get(usize::from(number).checked_sub(1)?)?;
        row.get(usize::try_from(slot).ok()?).copied().flatten()
    }

    /// Sets the effort of reaching `level` on indicator `number`; `false` when there is no such
    /// step.
    pub fn set(&mut self, number: u16, level: u32, effort: Effort) -> bool {
        let Some(slot) = level
            .checked_sub(self.lowest + 1)
            .and_then(|s| usize::try_from(s).ok())
        else {
            return false;
        };
        match usize::from(number)
            .checked_sub(1)
            .and_then(|i| self.steps.get_mut(i))
            .and_then(|row| row.get_mut(slot))
        {
            Some(cell) => {
                *cell = Some(effort);
                true
            }
            None => false,
        }
    }

    /// The levels above the lowest on this instrument's scale.
    pub fn levels(&self) -> std::ops::RangeInclusive<u32> {
        self.lowest + 1..=self.highest
    }

    /// Steps without an effort, as (indicator, levels); empty when the model is complete.
    pub fn missing(&self) -> Vec<(u16, Vec<u32>)> {
        let mut out = Vec::new();
        for (i, row) in self.steps.iter().enumerate() {
            let levels: Vec<u32> = row
                .iter()
                .zip(self.levels())
                .filter(|(e, _)| e.is_none())
                .map(|(_, l)| l)
                .collect();
            if !levels.is_empty() {
                out.push((u16::try_from(i + 1).unwrap_or(u16::MAX), levels));
            }
        }
        out
    }
}

const INDICATOR_HEADERS: [&str; 2] = ["indikator", "indicator"];
const LEVEL_HEADERS: [&str; 3] = ["level", "tingkat", "ke_level"];
const EFFORT_HEADERS: [&str; 4] = ["upaya", "effort", "hari", "days"];
const RUPIAH_HEADERS: [&str; 3] = ["rupiah", "biaya", "cost"];

/// Reads a Pemda's efforts (CSV `indikator,level,upaya`, optionally `rupiah`) over `defaults`.
/// `level` is the level reached by the step; `upaya` the person-days it takes. Separators and
/// byte-order marks as in the levels file; every problem is reported with its row.
pub fn parse_effort_csv(
    instrument: &Instrument,
    defaults: &EffortModel,
    text: &str,
) -> Result<EffortModel, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = detect_delimiter(text);
    let mut problems = Problems::default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push("baris 1", format!("kepala kolom tidak dapat dibaca: {e}"));
            return Err(problems);
        }
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let (Some(ind_col), Some(level_col), Some(effort_col)) = (
        column(&INDICATOR_HEADERS),
        column(&LEVEL_HEADERS),
        column(&EFFORT_HEADERS),
    ) else {
        problems.push(
            "baris 1",
            "kepala kolom harus memuat kolom \"indikator\", \"level\" dan \"upaya\" \
             (misalnya: indikator,level,upaya)",
        );
        return Err(problems);
    };
    let rupiah_col = column(&RUPIAH_HEADERS);
    let count = instrument.indicators.len();
    let mut model = defaults.clone();
    let mut seen: BTreeMap<(u16, u32), u64> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, csv::Position::line);
                problems.push(
                    format!("baris {row}"),
                    format!("baris tidak dapat dibaca: {e}"),
                );
                continue;
            }
        };
        let row = record.position().map_or(0, csv::Position::line);
        let at = format!("baris {row}");
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |col: usize| record.get(col).unwrap_or("");
        let number = match cell(ind_col).parse::<u16>() {
            Ok(n) if n >= 1 && usize::from(n) <= count => Some(n),
            Ok(n) => {
                problems.push(
                    &at,
                    format!(
                        "indikator {n} tidak ada pada instrumen {} (nomor 1-{count})",
                        instrument.id
                    ),
                );
                None
            }
            Err(_) if cell(ind_col).is_empty() => {
                problems.push(&at, "nomor indikator kosong");
                None
            }
            Err(_) => {
                problems.push(
                    &at,
                    format!("nomor indikator \"{}\" bukan bilangan bulat", cell(ind_col)),
                );
                None
            }
        };
        let levels = defaults.levels();
        let level = match cell(level_col).parse::<u32>() {
            Ok(l) if levels.contains(&l) => Some(l),
            Ok(l) => {
                problems.push(
                    &at,
                    format!(
                        "level {l} tidak sah: upaya ditulis untuk level yang dicapai, {}-{}",
                        levels.start(),
                        levels.end()
                    ),
                );
                None
            }
            Err(_) => {
                problems.push(
                    &at,
                    format!("level \"{}\" bukan bilangan bulat", cell(level_col)),
                );
                None
            }
        };
        let days = positive(cell(effort_col), u64::from(MAX_EFFORT_DAYS))
            .map_err(|m| problems.push(&at, format!("upaya {m}")))
            .ok()
            .and_then(|d| u32::try_from(d).ok());
        let rupiah = match rupiah_col.map(cell).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => rupiah_value(t).map(Some),
        };
        let rupiah = rupiah.map_err(|m| problems.push(&at, m)).ok();
        let (Some(number), Some(level)) = (number, level) else {
            continue;
        };
        if let Some(first) = seen.get(&(number, level)) {
            problems.push(
                &at,
                format!("upaya indikator {number} level {level} sudah tertulis di baris {first}"),
            );
            continue;
        }
        seen.insert((number, level), row);
        if let (Some(days), Some(rupiah)) = (days, rupiah) {
            // A row without rupiah keeps the default estimate only when it keeps the default days.
            let rupiah = rupiah.or_else(|| {
                defaults
                    .step(number, level)
                    .filter(|d| d.days == days)
                    .and_then(|d| d.rupiah)
            });
            model.set(number, level, Effort { days, rupiah });
        }
    }
    if problems.is_empty() {
        let missing = model.missing();
        if !missing.is_empty() {
            let numbers: Vec<u16> = missing.iter().map(|(n, _)| *n).collect();
            problems.push(
                "",
                format!(
                    "upaya indikator {} belum lengkap: instrumen {} tidak memuat upaya bawaan \
                     untuk langkah itu, jadi berkas upaya harus mengisi setiap level {}-{}",
                    ranges(&numbers),
                    instrument.id,
                    defaults.levels().start(),
                    defaults.levels().end()
                ),
            );
        }
    }
    problems.into_result(model)
}

/// A positive whole number up to `max` ("upaya" in days), or why not (after the noun).
fn positive(text: &str, max: u64) -> Result<u64, String> {
    if text.is_empty() {
        return Err("kosong".into());
    }
    if text.contains(['.', ',']) {
        return Err(format!(
            "\"{text}\" harus bilangan bulat hari orang (tanpa desimal atau pemisah ribuan)"
        ));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("\"{text}\" bukan bilangan bulat positif"));
    }
    match text.parse::<u64>() {
        Ok(0) => Err(format!("\"{text}\" harus lebih dari 0 hari")),
        Ok(v) if v <= max => Ok(v),
        _ => Err(format!(
            "\"{text}\" terlalu besar (paling banyak {max} hari)"
        )),
    }
}

/// Rupiah as digits, with `.` or `,` as thousands separators allowed (`15.000.000`).
fn rupiah_value(text: &str) -> Result<u64, String> {
    let digits: String = text
        .trim_start_matches("Rp")
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("biaya \"{text}\" bukan jumlah rupiah"));
    }
    digits
        .parse::<u64>()
        .map_err(|_| format!("biaya \"{text}\" terlalu besar"))
}
