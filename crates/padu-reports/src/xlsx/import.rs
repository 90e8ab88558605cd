//! Reading a filled-in evaluation worksheet back: every cell that differs from the current data
//! becomes a [`Change`], every cell that may not be used a [`ImportProblem`]. The caller applies
//! the changes only when there is no problem at all.

use std::collections::{BTreeSet, HashMap};

use calamine::{Data, Range};
use padu_core::Value;
use padu_core::score::value_problem;

use super::guard::read_sheets;
use super::layout::{
    Cell, Column, INFO_FORMAT, INFO_FORMAT_LABEL, INFO_INSTRUMENT_LABEL, INFO_PERIOD_LABEL,
    INFO_SHEET, WORKSHEET_SHEET, column_letter, expected, row_of,
};
use super::{
    ImportProblem, XlsxError, cell_text, excerpt, header_key, normalise, number_cell, value_cell,
};
use crate::format;
use crate::model::{IndicatorRow, PeriodReport};

/// The longest fakta, analisis, note or recommendation accepted, in characters.
pub const MAX_NARRATIVE_CHARS: usize = 10_000;

/// What an uploaded worksheet would change. Apply `changes` only when `problems` is empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    /// Cells that differ from the current data, by indicator then column.
    pub changes: Vec<Change>,
    /// Everything that prevents the import, by sheet, row and column.
    pub problems: Vec<ImportProblem>,
}

impl Preview {
    /// Whether the changes may be applied (no problem at all).
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// An editable field of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// OPD Pengampu (column F).
    LeadOpd,
    /// OPD Pendukung (column G).
    Contributors,
    /// Nilai Mandiri (column I).
    SelfValue,
    /// Fakta (column L).
    Fakta,
    /// Analisis (column M).
    Analisis,
}

impl Field {
    /// The column header, used as the label in previews: "Nilai Mandiri".
    pub fn label(self) -> &'static str {
        self.column().header()
    }

    /// The worksheet column of the field.
    pub fn column(self) -> Column {
        match self {
            Field::LeadOpd => Column::LeadOpd,
            Field::Contributors => Column::Contributors,
            Field::SelfValue => Column::SelfValue,
            Field::Fakta => Column::Fakta,
            Field::Analisis => Column::Analisis,
        }
    }
}

/// The new content of a field, typed, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    /// The lead OPD's canonical name (as in `opd_names`), or none.
    LeadOpd(Option<String>),
    /// The contributing OPDs' canonical names, in the order written, without duplicates.
    Contributors(Vec<String>),
    /// The self-assessed value (checked against the instrument), or none when the cell was
    /// cleared.
    SelfValue(Option<Value>),
    /// Fakta or analisis, trimmed, line ends as LF.
    Text(String),
}

/// One cell that differs from the current data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Indicator number.
    pub number: u16,
    /// Which field changes.
    pub field: Field,
    /// The current content, as shown to users ("3", "-", names joined by "; ").
    pub old: String,
    /// The new content, as shown to users.
    pub new: String,
    /// The new content, typed.
    pub value: NewValue,
}

/// Compares an uploaded worksheet with the current data of its period.
///
/// `opd_names` are the OPDs that may be named (matched trimmed and case-insensitively; the
/// canonical spelling is returned). Only Draft and Returned indicators may change their value,
/// fakta and analisis; OPD assignments may change in any status. Errors are for files that
/// cannot be read at all (too large, not XLSX, zip bomb); everything else is a problem in the
/// preview, all of them listed. Rows may be reordered or deleted (a deleted row changes
/// nothing); empty rows and extra columns are ignored. When the worksheet belongs to another
/// instrument or period, that is the only problem reported and nothing is compared.
pub fn preview_worksheet(
    current: &PeriodReport,
    opd_names: &[String],
    bytes: &[u8],
) -> Result<Preview, XlsxError> {
    let sheets = read_sheets(bytes)?;
    let mut preview = Preview::default();
    let find = |name: &str| {
        sheets
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, r)| r)
    };
    match find(INFO_SHEET) {
        Some(info) => {
            if !check_info(current, info, &mut preview.problems) {
                return Ok(preview);
            }
        }
        None => preview.problems.push(ImportProblem::new(
            INFO_SHEET,
            0,
            "",
            "lembar \"Info\" tidak ditemukan: gunakan lembar kerja yang diunduh dari Padu untuk \
             periode ini",
        )),
    }
    let Some(range) = find(WORKSHEET_SHEET) else {
        preview.problems.push(ImportProblem::new(
            WORKSHEET_SHEET,
            0,
            "",
            format!("lembar \"{WORKSHEET_SHEET}\" tidak ditemukan dalam berkas"),
        ));
        return Ok(preview);
    };
    Comparison::new(current, opd_names, &mut preview).run(range);
    Ok(preview)
}

/// Checks the identifiers on the `Info` sheet; false when the worksheet is another period's.
fn check_info(
    current: &PeriodReport,
    info: &Range<Data>,
    problems: &mut Vec<ImportProblem>,
) -> bool {
    let mut values: HashMap<String, (u32, String)> = HashMap::new();
    for (row, col, data) in info.used_cells() {
        if col == 0 {
            let key = header_key(&cell_text(data));
            let (abs_row, abs_col) = absolute(info, row, col + 1);
            let value = info
                .get_value((abs_row, abs_col))
                .map(cell_text)
                .unwrap_or_default();
            values.entry(key).or_insert((abs_row + 1, value));
        }
    }
    let get = |label: &str| values.get(&header_key(label));
    let mut ok = true;
    let mut check = |label: &str, want: &str, message: &dyn Fn(&str) -> String| match get(label) {
        Some((_, found)) if found == want => {}
        Some((row, found)) => {
            ok = false;
            problems.push(ImportProblem::new(INFO_SHEET, *row, "B", message(found)));
        }
        None => {
            ok = false;
            problems.push(ImportProblem::new(
                INFO_SHEET,
                0,
                "",
                format!(
                    "baris \"{label}\" tidak ditemukan pada lembar \"Info\": gunakan lembar kerja \
                     yang diunduh dari Padu"
                ),
            ));
        }
    };
    check(INFO_FORMAT_LABEL, INFO_FORMAT, &|found| {
        format!("format lembar kerja \"{}\" tidak dikenali", excerpt(found))
    });
    let instrument = &current.instrument.id;
    check(INFO_INSTRUMENT_LABEL, instrument, &|found| {
        format!(
            "lembar kerja ini untuk instrumen \"{}\", sedangkan periode ini memakai instrumen \
             \"{instrument}\": unduh lembar kerja periode ini",
            excerpt(found)
        )
    });
    let period = current.period_id.to_string();
    check(INFO_PERIOD_LABEL, &period, &|found| {
        format!(
            "lembar kerja ini milik periode lain (nomor {}), bukan periode ini (nomor {period}): \
             unduh lembar kerja periode ini",
            excerpt(found)
        )
    });
    ok
}

/// Absolute (row, column) of a relative position in a range.
fn absolute(range: &Range<Data>, row: usize, col: usize) -> (u32, u32) {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (
        r0.saturating_add(to_u32(row)),
        c0.saturating_add(to_u32(col)),
    )
}

/// Lower case, single spaces: how OPD names are matched.
fn opd_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Comparison<'a> {
    report: &'a PeriodReport,
    /// opd_key -> canonical name
    opds: HashMap<String, &'a str>,
    preview: &'a mut Preview,
}

impl<'a> Comparison<'a> {
    fn new(report: &'a PeriodReport, opd_names: &'a [String], preview: &'a mut Preview) -> Self {
        let opds = opd_names.iter().map(|n| (opd_key(n), n.trim())).collect();
        Comparison {
            report,
            opds,
            preview,
        }
    }

    fn problem(&mut self, row: u32, col: u32, message: impl Into<String>) {
        let column = if col == u32::MAX {
            String::new()
        } else {
            column_letter(col)
        };
        self.preview
            .problems
            .push(ImportProblem::new(WORKSHEET_SHEET, row, &column, message));
    }

    fn run(mut self, range: &Range<Data>) {
        let Some((header_row, first_col)) = range.start() else {
            self.problem(
                1,
                u32::MAX,
                "lembar kosong: baris judul kolom tidak ditemukan",
            );
            return;
        };
        let end_col = range.end().map_or(first_col, |(_, c)| c);
        // header -> absolute column
        let mut columns: HashMap<Column, u32> = HashMap::new();
        for col in first_col..=end_col {
            let text = range
                .get_value((header_row, col))
                .map(cell_text)
                .unwrap_or_default();
            let key = header_key(&text);
            if let Some(column) = Column::ALL.iter().find(|c| header_key(c.header()) == key) {
                columns.entry(*column).or_insert(col);
            }
        }
        for column in Column::ALL {
            if !columns.contains_key(&column) {
                self.problem(
                    header_row + 1,
                    u32::MAX,
                    format!(
                        "kolom \"{}\" tidak ditemukan pada baris judul (baris {})",
                        column.header(),
                        header_row + 1
                    ),
                );
            }
        }
        let Some(&no_col) = columns.get(&Column::No) else {
            return;
        };
        let end_row = range.end().map_or(header_row, |(r, _)| r);
        let mut seen: HashMap<u16, u32> = HashMap::new();
        let empty = Data::Empty;
        for abs_row in header_row + 1..=end_row {
            let excel_row = abs_row + 1;
            let cell = |col: u32| range.get_value((abs_row, col)).unwrap_or(&empty);
            let blank = columns.values().all(|c| cell_text(cell(*c)).is_empty());
            if blank {
                continue;
            }
            let number = match number_cell(cell(no_col)) {
                Ok(Some(n)) => n,
                Ok(None) => {
                    self.problem(excel_row, no_col, "nomor indikator kosong");
                    continue;
                }
                Err(message) => {
                    self.problem(excel_row, no_col, message);
                    continue;
                }
            };
            let instrument = &self.report.instrument;
            let Some(indicator) = instrument.indicator(number) else {
                let message = format!(
                    "indikator {number} tidak ada pada instrumen {} (nomor 1-{})",
                    instrument.id,
                    instrument.indicators.len()
                );
                self.problem(excel_row, no_col, message);
                continue;
            };
            if let Some(first) = seen.get(&number) {
                let message = format!("indikator {number} sudah tertulis di baris {first}");
                self.problem(excel_row, no_col, message);
                continue;
            }
            seen.insert(number, excel_row);
            let data = row_of(self.report, number);
            for column in Column::ALL {
                let Some(&col) = columns.get(&column) else {
                    continue;
                };
                if column == Column::No {
                    continue;
                }
                let found = cell(col);
                let want = expected(self.report, indicator, &data, column);
                if column.editable() {
                    self.editable(excel_row, col, &data, column, found);
                } else if !same(found, &want) {
                    let message = format!(
                        "kolom \"{}\" hanya dapat dibaca dan tidak boleh diubah (tertulis \"{}\", \
                         seharusnya \"{}\"); kembalikan isinya atau unduh ulang lembar kerja",
                        column.header(),
                        excerpt(&cell_text(found)),
                        excerpt(&shown(self.report, &want)),
                    );
                    self.problem(excel_row, col, message);
                }
            }
        }
    }

    /// Compares one editable cell and records a change or a problem.
    fn editable(&mut self, row: u32, col: u32, data: &IndicatorRow, column: Column, found: &Data) {
        let number = data.number;
        let instrument = &self.report.instrument;
        let (field, old, new, value) = match column {
            Column::LeadOpd => {
                let text = cell_text(found);
                let current = data.lead_opd.clone().unwrap_or_default();
                if opd_key(&text) == opd_key(&current) {
                    return;
                }
                let resolved = if text.is_empty() {
                    None
                } else {
                    match self.resolve_opd(&text) {
                        Some(name) => Some(name),
                        None => {
                            self.problem(row, col, unknown_opd(&text));
                            return;
                        }
                    }
                };
                let new = resolved.clone().unwrap_or_else(|| "-".to_string());
                let old = if current.is_empty() {
                    "-".to_string()
                } else {
                    current
                };
                (Field::LeadOpd, old, new, NewValue::LeadOpd(resolved))
            }
            Column::Contributors => {
                let text = cell_text(found);
                let names: Vec<&str> = text
                    .split([';', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let keys: BTreeSet<String> = names.iter().map(|n| opd_key(n)).collect();
                let current: BTreeSet<String> =
                    data.contributors.iter().map(|n| opd_key(n)).collect();
                if keys == current {
                    return;
                }
                let mut resolved: Vec<String> = Vec::new();
                let mut unknown = false;
                for name in names {
                    let canonical = self.resolve_opd(name).or_else(|| {
                        data.contributors
                            .iter()
                            .find(|c| opd_key(c) == opd_key(name))
                            .cloned()
                    });
                    match canonical {
                        Some(c) if !resolved.contains(&c) => resolved.push(c),
                        Some(_) => {}
                        None => {
                            self.problem(row, col, unknown_opd(name));
                            unknown = true;
                        }
                    }
                }
                if unknown {
                    return;
                }
                let show = |v: &[String]| {
                    if v.is_empty() {
                        "-".to_string()
                    } else {
                        v.join("; ")
                    }
                };
                let old = show(&data.contributors);
                (
                    Field::Contributors,
                    old,
                    show(&resolved),
                    NewValue::Contributors(resolved),
                )
            }
            Column::SelfValue => {
                let new = match value_cell(found) {
                    Ok(v) => v,
                    Err(message) => {
                        self.problem(row, col, message);
                        return;
                    }
                };
                if new == data.self_value {
                    return;
                }
                if let Some(message) = new.and_then(|v| value_problem(instrument, v)) {
                    self.problem(row, col, message);
                    return;
                }
                let old = format::level(instrument, data.self_value);
                let shown = format::level(instrument, new);
                (Field::SelfValue, old, shown, NewValue::SelfValue(new))
            }
            Column::Fakta | Column::Analisis => {
                let text = cell_text(found);
                let current = match column {
                    Column::Fakta => &data.fakta,
                    _ => &data.analisis,
                };
                if text == normalise(current) {
                    return;
                }
                let count = text.chars().count();
                if count > MAX_NARRATIVE_CHARS {
                    let message = format!(
                        "{} terlalu panjang: {} karakter, paling banyak {}",
                        column.header(),
                        format::thousands(count as u64),
                        format::thousands(MAX_NARRATIVE_CHARS as u64)
                    );
                    self.problem(row, col, message);
                    return;
                }
                let field = if column == Column::Fakta {
                    Field::Fakta
                } else {
                    Field::Analisis
                };
                (field, current.clone(), text.clone(), NewValue::Text(text))
            }
            _ => return,
        };
        if matches!(field, Field::SelfValue | Field::Fakta | Field::Analisis)
            && !data.status.editable()
        {
            let message = format!(
                "indikator {number} berstatus \"{}\": {} hanya dapat diubah pada status Draf atau \
                 Dikembalikan",
                data.status.label(),
                field.label()
            );
            self.problem(row, col, message);
            return;
        }
        self.preview.changes.push(Change {
            number,
            field,
            old,
            new,
            value,
        });
    }

    fn resolve_opd(&self, name: &str) -> Option<String> {
        self.opds.get(&opd_key(name)).map(|n| (*n).to_string())
    }
}

fn unknown_opd(name: &str) -> String {
    format!(
        "OPD \"{}\" tidak dikenal: tulis nama OPD persis seperti terdaftar di Padu",
        excerpt(name)
    )
}

/// Whether a read-only cell still holds what the export wrote.
fn same(found: &Data, want: &Cell) -> bool {
    match want {
        Cell::Text(text) => cell_text(found) == normalise(text),
        Cell::Number(n, _) => match found {
            Data::Float(f) => (f - n).abs() < 1e-9,
            Data::Int(i) => (*i as f64 - n).abs() < 1e-9,
            Data::String(s) => s
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .is_ok_and(|f| (f - n).abs() < 1e-9),
            _ => false,
        },
        Cell::Value(v) => value_cell(found).is_ok_and(|found| found == *v),
    }
}

/// An expected cell as users read it.
fn shown(report: &PeriodReport, cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => normalise(text),
        Cell::Number(n, _) => format!("{n}").replace('.', ","),
        Cell::Value(v) => match v {
            Some(_) => format::level(&report.instrument, *v),
            None => String::new(),
        },
    }
}
