//! Reading an uploaded CSV or XLSX resource into a typed table (Satu Data's DataStore), in two
//! passes so that a file of a million rows never sits in memory: the first ([`Scan`]) infers
//! every column's type by `padu_core::satu_data::table`'s rules, counts the rows and reports every
//! bad row and column; the second turns each row into typed cells ([`typed_row`]) for the store
//! to insert in batches. Both passes read rows with [`csv_rows`] (streamed) or [`xlsx_rows`]
//! (a worksheet is read whole by calamine, after the zip-bomb guard: at most 20 MB).
//!
//! What is reported, each with its row as the file numbers it (the header is row 1):
//! an empty or repeated header (renamed `kolom_3`, `nama_2`), a row whose cell count differs from
//! the header's (skipped), a row that is not UTF-8 text (skipped), and a column read as text
//! although most of its values are numbers or dates (the first rows that are not). Empty rows
//! are skipped silently. A file without a header row, with no column or with more than
//! [`MAX_COLUMNS`] is refused whole ([`TableError`]).
//!
//! [`read_table`] does both passes over bytes in memory: for tests and the fuzz targets.

mod csv_rows;
mod xlsx_rows;

use std::fmt;

use padu_core::satu_data::table::{Cell, ColumnType, TableColumn, TableProblem, cell_type, typed};

pub use csv_rows::{CsvRow, CsvRows, csv_rows};
pub use xlsx_rows::xlsx_rows;

/// The most columns a table may have (PostgreSQL allows 1,600 per table).
pub const MAX_COLUMNS: usize = 500;
/// The most problems listed; beyond, only counted.
pub const MAX_PROBLEMS: usize = 200;
/// How many offending rows a column's problem names.
const ROWS_NAMED: usize = 5;

/// Why a file cannot be read as a table at all. The text is formal Bahasa Indonesia.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// No header row (an empty file, or only empty rows).
    NoHeader,
    TooManyColumns(usize),
    /// The file is not what its format says, or cannot be read.
    Unreadable(String),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::NoHeader => write!(
                f,
                "Berkas tidak berisi baris judul kolom. Baris pertama harus berisi nama kolom."
            ),
            TableError::TooManyColumns(n) => write!(
                f,
                "Berkas berisi {n} kolom; paling banyak {MAX_COLUMNS} kolom dapat disimpan."
            ),
            TableError::Unreadable(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for TableError {}

/// The file formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    /// The format of a file name (`.csv`, `.tsv`, `.txt`: CSV; `.xlsx`), else `None`.
    pub fn of_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") {
            Some(FileKind::Xlsx)
        } else if [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e)) {
            Some(FileKind::Csv)
        } else {
            None
        }
    }

    /// CKAN's `format`: `CSV`, `XLSX`.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Csv => "CSV",
            FileKind::Xlsx => "XLSX",
        }
    }
}

/// The outcome of the first pass: the columns with their types, the rows kept, the problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    pub columns: Vec<TableColumn>,
    /// The rows the table holds (good, non-empty rows).
    pub rows: u64,
    pub problems: Vec<TableProblem>,
    /// Problems beyond [`MAX_PROBLEMS`], counted only.
    pub problems_omitted: u64,
}

#[derive(Debug, Clone, Default)]
struct ColumnScan {
    kind: Option<ColumnType>,
    values: u64,
    /// Cells that are numbers or dates.
    typed: u64,
    /// The first rows whose cell is neither.
    text_rows: Vec<u64>,
}

/// The first pass over a table's rows.
#[derive(Debug, Clone)]
pub struct Scan {
    names: Vec<String>,
    columns: Vec<ColumnScan>,
    rows: u64,
    problems: Vec<TableProblem>,
    omitted: u64,
}

/// Whether a row's cells fit a table of `width` columns: exactly that many cells, or more when
/// the extra ones are empty (a trailing separator).
fn fits(width: usize, cells: &[String]) -> bool {
    cells.len() == width
        || (cells.len() > width && cells[width..].iter().all(|c| c.trim().is_empty()))
}

fn is_empty(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

impl Scan {
    /// Starts with the header row (row 1): names trimmed, empty ones named `kolom_N`, repeated
    /// ones suffixed `_2`, `_3`; trailing empty header cells dropped.
    pub fn new(header: &[String]) -> Result<Self, TableError> {
        let mut header: Vec<String> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        while header.last().is_some_and(String::is_empty) {
            header.pop();
        }
        if header.is_empty() {
            return Err(TableError::NoHeader);
        }
        if header.len() > MAX_COLUMNS {
            return Err(TableError::TooManyColumns(header.len()));
        }
        let mut scan = Scan {
            names: Vec::with_capacity(header.len()),
            columns: vec![ColumnScan::default(); header.len()],
            rows: 0,
            problems: Vec::new(),
            omitted: 0,
        };
        for (i, h) in header.iter().enumerate() {
            let mut name = if h.is_empty() {
                let name = format!("kolom_{}", i + 1);
                scan.problem(
                    1,
                    &name,
                    "Judul kolom kosong; kolom diberi nama ini.".into(),
                );
                name
            } else {
                h.clone()
            };
            if name.eq_ignore_ascii_case("_id") || scan.names.iter().any(|n| n == &name) {
                let mut k = 2;
                while scan.names.iter().any(|n| n == &format!("{name}_{k}")) {
                    k += 1;
                }
                let renamed = format!("{name}_{k}");
                scan.problem(
                    1,
                    &renamed,
                    format!("Judul kolom \"{name}\" dipakai lebih dari sekali (atau nama khusus _id); kolom diberi nama ini."),
                );
                name = renamed;
            }
            scan.names.push(name);
        }
        Ok(scan)
    }

    fn problem(&mut self, row: u64, column: &str, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(TableProblem {
                row,
                column: column.to_string(),
                message,
            });
        } else {
            self.omitted += 1;
        }
    }

    /// A row that could not be read at all (reported, skipped).
    pub fn unreadable(&mut self, row: u64, why: &str) {
        self.problem(
            row,
            "",
            format!("Baris tidak dapat dibaca ({why}); baris dilewati."),
        );
    }

    /// Takes data row `row` (its number in the file).
    pub fn push(&mut self, row: u64, cells: &[String]) {
        if is_empty(cells) {
            return;
        }
        let width = self.names.len();
        if !fits(width, cells) {
            let n = cells.len();
            self.problem(
                row,
                "",
                format!(
                    "Baris berisi {n} sel, sedangkan judul berisi {width} kolom; baris dilewati."
                ),
            );
            return;
        }
        self.rows += 1;
        for (col, raw) in self.columns.iter_mut().zip(cells) {
            let Some(kind) = cell_type(raw) else { continue };
            col.values += 1;
            if kind == ColumnType::Text {
                if col.text_rows.len() < ROWS_NAMED {
                    col.text_rows.push(row);
                }
            } else {
                col.typed += 1;
            }
            col.kind = Some(ColumnType::join(col.kind, kind));
        }
    }

    /// The columns with their types, and every problem.
    pub fn finish(mut self) -> TableShape {
        let columns: Vec<TableColumn> = self
            .names
            .iter()
            .zip(&self.columns)
            .map(|(name, c)| TableColumn {
                name: name.clone(),
                kind: c.kind.unwrap_or(ColumnType::Text),
            })
            .collect();
        let mixed: Vec<(String, Vec<u64>)> = self
            .names
            .iter()
            .zip(&self.columns)
            .filter(|(_, c)| {
                c.kind == Some(ColumnType::Text) && c.typed > 0 && c.typed * 2 >= c.values
            })
            .map(|(n, c)| (n.clone(), c.text_rows.clone()))
            .collect();
        for (name, rows) in mixed {
            let list: Vec<String> = rows.iter().map(u64::to_string).collect();
            let first = rows.first().copied().unwrap_or(0);
            self.problem(
                first,
                &name,
                format!(
                    "Sebagian besar isi kolom berupa angka atau tanggal, tetapi baris {} tidak; kolom disimpan sebagai teks.",
                    list.join(", ")
                ),
            );
        }
        TableShape {
            columns,
            rows: self.rows,
            problems: self.problems,
            problems_omitted: self.omitted,
        }
    }
}

/// A data row's typed cells for `columns` (the first pass's), or `None` for a row the first
/// pass skipped (empty, or of the wrong width).
pub fn typed_row(columns: &[TableColumn], cells: &[String]) -> Option<Vec<Cell>> {
    if is_empty(cells) || !fits(columns.len(), cells) {
        return None;
    }
    Some(
        columns
            .iter()
            .zip(cells)
            .map(|(c, raw)| typed(raw, c.kind))
            .collect(),
    )
}

/// Both passes over a file in memory: its shape and its typed rows.
pub fn read_table(
    bytes: &[u8],
    kind: FileKind,
) -> Result<(TableShape, Vec<Vec<Cell>>), TableError> {
    match kind {
        FileKind::Csv => {
            let mut rows = csv_rows(bytes);
            let header = rows.header()?;
            let mut scan = Scan::new(&header)?;
            for row in rows {
                match row {
                    Ok((n, cells)) => scan.push(n, &cells),
                    Err((n, why)) => scan.unreadable(n, &why),
                }
            }
            let shape = scan.finish();
            let mut rows = csv_rows(bytes);
            rows.header()?;
            let typed_rows = rows
                .filter_map(Result::ok)
                .filter_map(|(_, cells)| typed_row(&shape.columns, &cells))
                .collect();
            Ok((shape, typed_rows))
        }
        FileKind::Xlsx => {
            let rows = xlsx_rows(bytes)?;
            let mut iter = rows.iter().skip_while(|(_, r)| is_empty(r));
            let (_, header) = iter.next().ok_or(TableError::NoHeader)?;
            let mut scan = Scan::new(header)?;
            for (n, cells) in iter.clone() {
                scan.push(*n, cells);
            }
            let shape = scan.finish();
            let typed_rows = iter
                .filter_map(|(_, cells)| typed_row(&shape.columns, cells))
                .collect();
            Ok((shape, typed_rows))
        }
    }
}

#[cfg(test)]
mod tests;
