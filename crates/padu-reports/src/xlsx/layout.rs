//! The layout of the evaluation worksheet, shared by the export and the import so that what is
//! written and what is compared can never drift apart.

use padu_core::Value;
use padu_core::instrument::Indicator;

use crate::format;
use crate::model::{IndicatorRow, PeriodReport};

/// The sheet with one row per indicator.
pub const WORKSHEET_SHEET: &str = "Lembar Kerja";
/// The sheet with the index, predikat and the domain and aspect tables.
pub const SUMMARY_SHEET: &str = "Ringkasan";
/// The sheet that identifies the period and instrument a worksheet belongs to.
pub const INFO_SHEET: &str = "Info";
/// The format marker written on the `Info` sheet.
pub const INFO_FORMAT: &str = "padu-lembar-kerja/1";

/// Labels of the `Info` sheet (column A), their values in column B.
pub(crate) const INFO_FORMAT_LABEL: &str = "Format";
pub(crate) const INFO_INSTRUMENT_LABEL: &str = "Instrumen";
pub(crate) const INFO_PERIOD_LABEL: &str = "Nomor Periode";

/// The columns of the `Lembar Kerja` sheet, in order (A to P).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// A: indicator number (the key of a row).
    No,
    /// B: indicator name.
    Indikator,
    /// C: domain name (empty on instruments without domains).
    Domain,
    /// D: aspect name.
    Aspek,
    /// E: weight in percent.
    Bobot,
    /// F: lead OPD (editable).
    LeadOpd,
    /// G: contributing OPDs, separated by "; " (editable).
    Contributors,
    /// H: review status.
    Status,
    /// I: self-assessed value (editable).
    SelfValue,
    /// J: value accepted by the internal assessor.
    AcceptedValue,
    /// K: final value.
    FinalValue,
    /// L: fakta (editable).
    Fakta,
    /// M: analisis (editable).
    Analisis,
    /// N: evidence names, one per line.
    Evidence,
    /// O: evidence URL or SHA-256, one per line, parallel to N.
    Links,
    /// P: external index the value comes from, and its date.
    External,
}

impl Column {
    /// Every column, in sheet order.
    pub const ALL: [Column; 16] = [
        Column::No,
        Column::Indikator,
        Column::Domain,
        Column::Aspek,
        Column::Bobot,
        Column::LeadOpd,
        Column::Contributors,
        Column::Status,
        Column::SelfValue,
        Column::AcceptedValue,
        Column::FinalValue,
        Column::Fakta,
        Column::Analisis,
        Column::Evidence,
        Column::Links,
        Column::External,
    ];

    /// The header text in row 1.
    pub fn header(self) -> &'static str {
        match self {
            Column::No => "No",
            Column::Indikator => "Indikator",
            Column::Domain => "Domain",
            Column::Aspek => "Aspek",
            Column::Bobot => "Bobot (%)",
            Column::LeadOpd => "OPD Pengampu",
            Column::Contributors => "OPD Pendukung",
            Column::Status => "Status",
            Column::SelfValue => "Nilai Mandiri",
            Column::AcceptedValue => "Nilai Diterima",
            Column::FinalValue => "Nilai Final",
            Column::Fakta => "Fakta",
            Column::Analisis => "Analisis",
            Column::Evidence => "Bukti Dukung",
            Column::Links => "Tautan/SHA-256",
            Column::External => "Sumber Indeks",
        }
    }

    /// Whether users may change the column (white cells); the others are shaded and an import
    /// that changes them is refused.
    pub fn editable(self) -> bool {
        matches!(
            self,
            Column::LeadOpd
                | Column::Contributors
                | Column::SelfValue
                | Column::Fakta
                | Column::Analisis
        )
    }

    /// 0-based column index in the exported sheet.
    pub fn index(self) -> u16 {
        // ALL has 16 entries, so the position always fits
        Column::ALL
            .iter()
            .position(|c| *c == self)
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(0)
    }

    /// Column letter in the exported sheet ("I" for Nilai Mandiri).
    pub fn letter(self) -> String {
        column_letter(u32::from(self.index()))
    }

    /// Width in Excel character units.
    pub(crate) fn width(self) -> f64 {
        match self {
            Column::No | Column::Bobot => 8.0,
            Column::Status => 13.0,
            Column::SelfValue | Column::AcceptedValue | Column::FinalValue => 10.0,
            Column::Domain | Column::Aspek | Column::External => 24.0,
            Column::LeadOpd | Column::Contributors => 30.0,
            Column::Indikator => 40.0,
            Column::Fakta | Column::Analisis => 60.0,
            Column::Evidence | Column::Links => 45.0,
        }
    }
}

/// "A", "Z", "AA" from a 0-based column index.
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What the export writes in one cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    /// A number shown with `decimals` places.
    Number(f64, u8),
    /// An indicator value, empty when absent.
    Value(Option<Value>),
}

/// Excel refuses cells over 32,767 characters; keep well inside.
const EXCEL_TEXT_MAX: usize = 32_000;

fn text(s: impl Into<String>) -> Cell {
    let s: String = s.into();
    if s.chars().count() > EXCEL_TEXT_MAX {
        Cell::Text(s.chars().take(EXCEL_TEXT_MAX).collect())
    } else {
        Cell::Text(s)
    }
}

/// The cell the export writes for `column` of an indicator.
pub(crate) fn expected(
    report: &PeriodReport,
    indicator: &Indicator,
    row: &IndicatorRow,
    column: Column,
) -> Cell {
    let instrument = &report.instrument;
    let aspect = instrument.aspects.get(indicator.aspect);
    match column {
        Column::No => Cell::Number(f64::from(indicator.number), 0),
        Column::Indikator => text(indicator.name.as_str()),
        Column::Domain => text(
            aspect
                .and_then(|a| a.domain)
                .and_then(|d| instrument.domains.get(d))
                .map_or("", |d| d.name.as_str()),
        ),
        Column::Aspek => text(aspect.map_or("", |a| a.name.as_str())),
        Column::Bobot => Cell::Number(indicator.weight.to_f64(), 2),
        Column::LeadOpd => text(row.lead_opd.clone().unwrap_or_default()),
        Column::Contributors => text(row.contributors.join("; ")),
        Column::Status => text(row.status.label()),
        Column::SelfValue => Cell::Value(row.self_value),
        Column::AcceptedValue => Cell::Value(row.accepted_value),
        Column::FinalValue => Cell::Value(row.final_value),
        Column::Fakta => text(row.fakta.as_str()),
        Column::Analisis => text(row.analisis.as_str()),
        Column::Evidence => text(
            row.evidence
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Column::Links => text(
            row.evidence
                .iter()
                .map(|e| e.url.as_deref().or(e.sha256.as_deref()).unwrap_or("-"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Column::External => text(match (&row.external_source, &row.external_date) {
            (Some(source), Some(date)) => format!("{source}, {}", format::tanggal(date)),
            (Some(source), None) => source.clone(),
            (None, _) => String::new(),
        }),
    }
}

/// The report's row for indicator `number`, or an empty draft row when the report has none.
pub(crate) fn row_of(report: &PeriodReport, number: u16) -> std::borrow::Cow<'_, IndicatorRow> {
    match report.indicators.iter().find(|r| r.number == number) {
        Some(row) => std::borrow::Cow::Borrowed(row),
        None => std::borrow::Cow::Owned(IndicatorRow {
            number,
            lead_opd: None,
            contributors: Vec::new(),
            status: padu_core::evaluation::Status::Draft,
            self_value: None,
            accepted_value: None,
            final_value: None,
            fakta: String::new(),
            analisis: String::new(),
            external_source: None,
            external_date: None,
            evidence: Vec::new(),
        }),
    }
}
