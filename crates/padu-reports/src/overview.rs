//! The overview (ikhtisar) of a province's kabupaten/kota, or of the country's provinces with
//! theirs, for one year, as plain data: what the workbook (`xlsx::overview_xlsx`) and the
//! typeset PDF (`PdfRenderer::overview`) are both made from. The application fills
//! it from its exact figures; every number comes as the value a spreadsheet stores and the
//! text a document prints (rounded by the member's instrument, with a decimal comma).

/// A number both ways: the value a spreadsheet stores, the text a document prints ("2,59",
/// "+0,26", "−0,05").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub text: String,
}

impl Figure {
    pub fn new(value: f64, text: impl Into<String>) -> Figure {
        Figure {
            value,
            text: text.into(),
        }
    }
}

/// One member of the overview.
#[derive(Debug, Clone, Default)]
pub struct OverviewSheetRow {
    pub name: String,
    /// "Kabupaten", "Kota", "Provinsi".
    pub kind: String,
    /// Its province, nationally (empty for a province itself and in a province's overview).
    pub province: String,
    /// Short name of the instrument of its evaluation of the year; empty without one.
    pub instrument: String,
    /// The index of the year on `basis`; `None` without an evaluation that year.
    pub index: Option<Figure>,
    /// "Final", "Diterima", "Mandiri"; empty without an index.
    pub basis: String,
    pub predikat: String,
    /// The index of the year before, on that period's own basis.
    pub previous: Option<Figure>,
    /// `index - previous`, signed.
    pub change: Option<Figure>,
    pub target: Option<Figure>,
    /// `index - target`, signed.
    pub gap: Option<Figure>,
    pub indicators: usize,
    /// Handed in and not sent back (submitted or accepted).
    pub submitted: usize,
    pub accepted: usize,
    /// With a final value.
    pub final_: usize,
    /// OPDs late with their self-assessment.
    pub late_opd: usize,
    /// The aspects' indices, parallel to [`OverviewSheet::aspects`] (empty when the member was
    /// evaluated with another instrument or not at all).
    pub aspects: Vec<Figure>,
}

/// How many members fall in one predikat band.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewBand {
    pub predikat: String,
    pub count: usize,
}

/// The whole overview.
#[derive(Debug, Clone, Default)]
pub struct OverviewSheet {
    /// "Ikhtisar Provinsi Jawa Timur 2026".
    pub title: String,
    /// "Provinsi Jawa Timur".
    pub instansi: String,
    pub year: i32,
    /// The country's provinces, each followed by its members (rows with a `province`).
    pub national: bool,
    /// A line under the title and on every page of the PDF, such as the demo label; empty for
    /// none.
    pub note: String,
    /// ISO `yyyy-mm-dd` in the instansi's zone: the date printed on the document.
    pub generated_on: String,
    /// The year's main instrument (the most used among the members): its short name, the
    /// name of its aspects, and how the members evaluated with it fall in its predikat bands
    /// (highest band first).
    pub aspect_instrument: String,
    pub aspects: Vec<String>,
    pub distribution: Vec<OverviewBand>,
    /// Per aspect, the mean over the members with aspects (empty when none has).
    pub aspect_averages: Vec<Figure>,
    pub rows: Vec<OverviewSheetRow>,
}

impl OverviewSheet {
    /// Members with an index of the year.
    pub fn evaluated(&self) -> usize {
        self.rows.iter().filter(|r| r.index.is_some()).count()
    }

    /// Members with the main instrument's aspects (the rows of the aspect table).
    pub fn with_aspects(&self) -> impl Iterator<Item = &OverviewSheetRow> {
        self.rows
            .iter()
            .filter(|m| !m.aspects.is_empty() && m.aspects.len() == self.aspects.len())
    }
}
