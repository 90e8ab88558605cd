//! Padu's documents. The data of one period gathered into a [`PeriodReport`] (by the server or
//! the CLI, from the store) is turned here into an Excel worksheet, read back from one, and drawn
//! as SVG charts; the typeset PDF is made by a [`PdfRenderer`] that lives in its own crate
//! (`padu-pdf`, heavy to compile), so nothing else in the workspace links the PDF engine. The
//! overview of a province or of the country for one year ([`OverviewSheet`]) becomes a workbook
//! and a PDF the same way, from one model, and so does a Peta Rencana SPBE ([`RoadmapDocument`]).
//!
//! Pure: no database, no files, no network. Bytes in, bytes out.

pub mod archimate;
pub mod charts;
pub mod datatable;
pub mod format;
pub mod model;
pub mod official;
pub mod overview;
pub mod roadmap;
pub mod sample;
pub mod xlsx;

pub use model::{
    ActionRow, Basis, DEMO_NOTE, EvidenceRow, IndicatorRow, PdfError, PdfRenderer, PeriodReport,
    TrendEntry,
};
pub use official::{OfficialResult, OfficialRow, parse_official};
pub use overview::{Figure, OverviewBand, OverviewSheet, OverviewSheetRow};
pub use roadmap::{RoadmapDocItem, RoadmapDocument, RoadmapIkuRow};
pub use xlsx::{
    Change, Field, ImportProblem, NewValue, Preview, XlsxError, action_plan_xlsx,
    preview_worksheet, worksheet_xlsx,
};
