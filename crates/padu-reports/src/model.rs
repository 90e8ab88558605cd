//! One period's report as plain data: what the PDF, the Excel worksheet and the charts are made
//! from. The server and the CLI fill it from the store; everything here is computed from it and
//! the instrument, with the same exact scoring as the dashboard.

use std::sync::Arc;

use padu_core::evaluation::{PeriodKind, Status};
use padu_core::{Assessment, Exact, Instrument, Score, Value, score};

use crate::overview::OverviewSheet;

/// Which of an indicator's values a score is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Claimed by the OPD (penilaian mandiri).
    Self_,
    /// Accepted by the internal assessor.
    Accepted,
    /// Final, from the external assessor or the ministry's result.
    Final,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Self_, Basis::Accepted, Basis::Final];

    /// Column and table heading in Bahasa Indonesia.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Self_ => "Mandiri",
            Basis::Accepted => "Diterima",
            Basis::Final => "Final",
        }
    }

    pub fn pick(self, row: &IndicatorRow) -> Option<Value> {
        match self {
            Basis::Self_ => row.self_value,
            Basis::Accepted => row.accepted_value,
            Basis::Final => row.final_value,
        }
    }
}

/// What every document of a demo database says (the PDF on every page, the workbooks on
/// every sheet but the indicators'), so nobody takes its figures for official results.
pub const DEMO_NOTE: &str =
    "Data demo: angka dalam dokumen ini sintetis, bukan hasil evaluasi resmi.";

/// Everything a period's report shows.
#[derive(Debug, Clone)]
pub struct PeriodReport {
    pub instrument: Arc<Instrument>,
    /// "Pemerintah Kabupaten Trenggalek".
    pub instansi_name: String,
    pub period_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    /// The instansi's target index, if one is set.
    pub target: Option<Value>,
    /// ISO `yyyy-mm-dd`, in the instansi's zone: the date printed on the cover.
    pub generated_on: String,
    /// Every indicator of the instrument, by number.
    pub indicators: Vec<IndicatorRow>,
    /// The index across the instansi's periods, oldest first (this period included).
    pub trend: Vec<TrendEntry>,
    /// The accepted target plan, if any, by semester then indicator.
    pub actions: Vec<ActionRow>,
    /// The figures are the demo's synthetic data: every document says "Data demo".
    pub demo: bool,
}

/// One indicator of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRow {
    pub number: u16,
    /// Name of the lead OPD, if assigned.
    pub lead_opd: Option<String>,
    /// Names of the contributing OPDs.
    pub contributors: Vec<String>,
    pub status: Status,
    pub self_value: Option<Value>,
    pub accepted_value: Option<Value>,
    pub final_value: Option<Value>,
    pub fakta: String,
    pub analisis: String,
    /// For indicators scored from an external index: where the value came from, and when.
    pub external_source: Option<String>,
    pub external_date: Option<String>,
    pub evidence: Vec<EvidenceRow>,
}

/// One evidence item linked to an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub name: String,
    /// The level it supports.
    pub level: u32,
    /// Files have their SHA-256 (hex); links their URL.
    pub sha256: Option<String>,
    pub url: Option<String>,
    /// ISO dates.
    pub effective_date: Option<String>,
    pub expiry_date: Option<String>,
    /// Review status as the national application words it ("Diterima", "Revisi: tidak tepat",
    /// "Belum direviu").
    pub review: String,
}

/// One period on the trend chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendEntry {
    /// "2024" or "2026 S1".
    pub label: String,
    /// Final values where present, else accepted, else the scale's floor.
    pub index: Exact,
    /// Instrument of that period (the trend may cross instruments).
    pub instrument: String,
    pub current: bool,
}

/// One step of an accepted target plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    pub number: u16,
    pub from: Value,
    pub to: Value,
    pub lead_opd: Option<String>,
    /// 1-based semester of the plan.
    pub semester: u32,
    /// ISO `yyyy-mm-dd`.
    pub due_date: String,
    pub effort_days: u64,
    pub evidence_needed: String,
    /// "Rencana", "Berjalan", "Selesai", "Batal".
    pub status: String,
}

impl PeriodReport {
    /// The assessment on one basis: indicators without a value count at the scale's floor,
    /// as on the dashboard.
    /// Values outside the instrument's scale (which the store never holds) also count at the
    /// floor rather than failing the whole report.
    pub fn assessment(&self, basis: Basis) -> Assessment {
        let instrument = &self.instrument;
        let values: Vec<Value> = instrument
            .indicators
            .iter()
            .map(|ind| {
                self.indicators
                    .iter()
                    .find(|r| r.number == ind.number)
                    .and_then(|r| basis.pick(r))
                    .filter(|v| padu_core::score::value_problem(instrument, *v).is_none())
                    .unwrap_or(instrument.values.min)
            })
            .collect();
        match Assessment::new(instrument, values) {
            Ok(assessment) => assessment,
            // unreachable: one checked value per indicator
            Err(_) => Assessment::uniform(instrument, instrument.values.min)
                .unwrap_or_else(|_| unreachable!("the floor fits every instrument")),
        }
    }

    /// The exact score on one basis.
    pub fn score(&self, basis: Basis) -> Score {
        score(&self.instrument, &self.assessment(basis))
    }

    /// The exact index on one basis.
    pub fn index(&self, basis: Basis) -> Exact {
        self.score(basis).index
    }

    /// The instrument's report title: "Laporan Evaluasi Mandiri SPBE", or under 8/2026
    /// "Laporan Evaluasi Mandiri Evaluasi Kinerja Pemerintah Digital".
    pub fn title(&self) -> &str {
        &self.instrument.report_title
    }

    /// "Evaluasi 2026", "Evaluasi Internal Semester I 2026".
    pub fn period_label(&self) -> String {
        format!("{} {}", self.kind.label(), self.year)
    }

    /// How many indicators have a value on a basis.
    pub fn valued(&self, basis: Basis) -> usize {
        self.indicators
            .iter()
            .filter(|r| basis.pick(r).is_some())
            .count()
    }
}

/// Why a PDF could not be made (never shown raw to users: the caller logs it).
#[derive(Debug, thiserror::Error)]
#[error("PDF tidak dapat dibuat: {0}")]
pub struct PdfError(pub String);

/// Typesets reports as PDF. Implemented in the `padu-pdf` crate; the server and the CLI hold it
/// as `Arc<dyn PdfRenderer>` so no other crate links the PDF engine.
pub trait PdfRenderer: Send + Sync + std::fmt::Debug {
    /// The formal report of a period: cover, summary with charts, one section per indicator,
    /// the action plan when there is one, "Halaman X dari Y" on every page.
    fn period_report(&self, report: &PeriodReport) -> Result<Vec<u8>, PdfError>;

    /// The action plan alone (Rencana Aksi), as a landscape table.
    fn action_plan(&self, report: &PeriodReport) -> Result<Vec<u8>, PdfError>;

    /// The overview of a province's kabupaten/kota or of the country's provinces for one year
    /// (landscape): the summary with the predikat distribution, the members table, the
    /// aspect-by-instansi table, "Halaman X dari Y" on every page.
    fn overview(&self, sheet: &OverviewSheet) -> Result<Vec<u8>, PdfError>;

    /// The Peta Rencana SPBE as a Pemda enacts it (landscape): cover with its basis and
    /// decree, the items per OPD with their targets and budget per year, the timeline, the
    /// budget per year and OPD, the IKU targets, "Halaman X dari Y" on every page.
    fn roadmap(&self, doc: &crate::RoadmapDocument) -> Result<Vec<u8>, PdfError>;
}
