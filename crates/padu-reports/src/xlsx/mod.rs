//! Excel in and out: the evaluation worksheet ("Lembar Kerja Evaluasi") to download, fill in and
//! upload again, the action plan ("Rencana Aksi"), and the province or national overview
//! ("Ikhtisar").
//!
//! Uploaded files are hostile until proven otherwise: [`guard`] refuses oversized files and zip
//! bombs before anything is inflated or parsed, and nothing here panics on malformed bytes.

pub mod action_plan;
pub mod export;
pub(crate) mod guard;
pub mod import;
mod layout;
pub mod overview;

use std::fmt;

use calamine::Data;
use padu_core::Value;
use padu_core::exact::{DecimalError, fixed_from_f64, parse_fixed};

pub use crate::overview::{Figure, OverviewBand, OverviewSheet, OverviewSheetRow};
pub use action_plan::action_plan_xlsx;
pub use export::worksheet_xlsx;
pub use guard::{MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES};
pub use import::{Change, Field, MAX_NARRATIVE_CHARS, NewValue, Preview, preview_worksheet};
pub use layout::{Column, INFO_FORMAT, INFO_SHEET, SUMMARY_SHEET, WORKSHEET_SHEET, column_letter};
pub use overview::{OVERVIEW_HEADERS, overview_xlsx};

/// Why a workbook could not be made or read at all. Problems *inside* a readable file are
/// [`ImportProblem`]s instead. The `Display` text is formal Bahasa Indonesia, safe to show.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The upload exceeds [`MAX_UPLOAD_BYTES`].
    #[error("Ukuran berkas {size} melebihi batas {limit}. Unggah berkas yang lebih kecil.")]
    TooLarge {
        /// Size of the upload, as "25,3 MB".
        size: String,
        /// The cap, as "20 MB".
        limit: String,
    },
    /// Empty upload.
    #[error("Berkas kosong. Pilih berkas yang berisi data.")]
    Empty,
    /// Not a ZIP container, or one that no XLSX reader can open.
    #[error(
        "Berkas bukan berkas Excel (.xlsx) yang sah atau rusak. Simpan ulang berkas dalam format \
         Excel Workbook (.xlsx), lalu unggah kembali."
    )]
    NotXlsx,
    /// The content would inflate beyond [`MAX_UNCOMPRESSED_BYTES`], or compresses absurdly
    /// well, or its entries lie about their sizes: treated as a zip bomb.
    #[error("Berkas ditolak karena isinya tidak wajar: {0}. Berkas tidak diproses.")]
    Suspicious(String),
    /// Calamine could not read the workbook.
    #[error("Isi berkas Excel tidak dapat dibaca ({0}). Simpan ulang berkas sebagai .xlsx.")]
    Unreadable(String),
    /// A CSV file that cannot be read at all.
    #[error("Berkas CSV tidak dapat dibaca: {0}.")]
    Csv(String),
    /// Writing a workbook failed (a bug or an absurd input; never the user's fault).
    #[error("Berkas Excel tidak dapat dibuat: {0}.")]
    Write(#[from] rust_xlsxwriter::XlsxError),
}

/// One problem found in an uploaded file, located as Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Sheet name ("Lembar Kerja"); "CSV" for a CSV file.
    pub sheet: String,
    /// 1-based row as Excel shows it; 0 when the problem concerns the file as a whole.
    pub row: u32,
    /// Column letter ("I"); empty when the problem concerns a whole row or the file.
    pub column: String,
    /// What is wrong and what to do, in Bahasa Indonesia.
    pub message: String,
}

impl ImportProblem {
    pub(crate) fn new(sheet: &str, row: u32, column: &str, message: impl Into<String>) -> Self {
        ImportProblem {
            sheet: sheet.to_string(),
            row,
            column: column.to_string(),
            message: message.into(),
        }
    }

    /// "Lembar Kerja!I5" style location, or as much of it as is known.
    pub fn location(&self) -> String {
        match (self.row, self.column.is_empty()) {
            (0, _) => self.sheet.clone(),
            (row, true) => format!("{}, baris {row}", self.sheet),
            (row, false) => format!("{}, sel {}{row}", self.sheet, self.column),
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// Trimmed, with CRLF and CR turned into LF: how two texts are compared.
pub(crate) fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// A cell as text, the way a user would read it (numbers with a decimal comma).
pub(crate) fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => normalise(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_float(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => format_float(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn format_float(f: f64) -> String {
    format!("{f}").replace('.', ",")
}

/// Shortens a text for a message.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let short: String = text.chars().take(MAX).collect();
        format!("{short}…")
    }
}

/// A value cell: `Ok(None)` when empty, `Ok(Some)` for a number with at most two decimals (a
/// number cell, or text such as "3", "1,26" or "1.26"), else the problem in Indonesian. The
/// instrument's own scale is checked by the caller.
pub(crate) fn value_cell(data: &Data) -> Result<Option<Value>, String> {
    match data {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_fixed(s, 2, true)
            .map(|h| Some(Value(h)))
            .map_err(|e| decimal_message(s.trim(), &e)),
        Data::Float(f) => fixed_from_f64(*f, 2)
            .map(|h| Some(Value(h)))
            .ok_or_else(|| {
                format!(
                    "nilai {} tidak sah: harus angka tidak negatif dengan paling banyak 2 desimal",
                    format_float(*f)
                )
            }),
        Data::Int(i) => u32::try_from(*i)
            .ok()
            .and_then(|i| i.checked_mul(Value::SCALE))
            .map(|h| Some(Value(h)))
            .ok_or_else(|| format!("nilai {i} tidak sah")),
        other => Err(format!("nilai \"{}\" bukan angka", cell_text(other))),
    }
}

/// The message for a decimal that did not parse.
pub(crate) fn decimal_message(text: &str, error: &DecimalError) -> String {
    match error {
        DecimalError::NotANumber => format!("nilai \"{}\" bukan angka", excerpt(text)),
        DecimalError::TooManyDecimals { allowed } => {
            format!("nilai \"{text}\" paling banyak {allowed} desimal")
        }
        DecimalError::TooLarge => format!("nilai \"{}\" terlalu besar", excerpt(text)),
    }
}

/// An indicator number cell: `Ok(None)` when empty.
pub(crate) fn number_cell(data: &Data) -> Result<Option<u16>, String> {
    let bad = || {
        format!(
            "nomor indikator \"{}\" bukan bilangan bulat",
            excerpt(&cell_text(data))
        )
    };
    match data {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => s.trim().parse::<u16>().map(Some).map_err(|_| bad()),
        Data::Int(i) => u16::try_from(*i).map(Some).map_err(|_| bad()),
        Data::Float(f) if f.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(f) => {
            // whole and in range, so the conversion is exact
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(Some(*f as u16))
        }
        _ => Err(bad()),
    }
}

/// Header text as compared: lower case, single spaces, no trailing '.' or ':'.
pub(crate) fn header_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', ':'])
        .to_string()
}
