//! Padu's typeset PDF documents, made with typst: the formal report of an evaluation period
//! (cover, summary with charts, one section per indicator, the action plan), the action plan
//! alone (landscape), and the overview of a province's or the country's members for a year
//! (landscape), and the Peta Rencana SPBE of an instansi (landscape). The only crate that links the typesetting engine; everything else holds it as
//! `Arc<dyn padu_reports::PdfRenderer>`.
//!
//! ```no_run
//! use std::sync::Arc;
//! use padu_reports::PdfRenderer;
//!
//! let renderer: Arc<dyn PdfRenderer> = padu_pdf::TypstRenderer::shared()?;
//! # Ok::<(), padu_reports::PdfError>(())
//! ```
//!
//! User text never becomes markup: the report goes to the template as JSON in a virtual file
//! (`/data.json`) and the template shows its strings as plain text, so a name with `#`, `*`,
//! `$`, `]` or `\` prints as written. The templates (`report.typ`, `overview.typ`, `roadmap.typ`) share the
//! house style of `gaya.typ`.

mod data;
mod overview;
mod roadmap;
mod world;

use std::sync::Arc;

use padu_core::{Catalog, Instrument};
use padu_reports::{OverviewSheet, PdfError, PdfRenderer, PeriodReport, RoadmapDocument};
use typst::WorldExt as _;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;

pub use data::Document;
use world::{RenderWorld, Shared, Template};

/// Typesets reports with typst. Construct it once (it loads the fonts and parses the
/// template) and share it: rendering takes `&self` and may run on many threads at once.
#[derive(Debug, Clone)]
pub struct TypstRenderer {
    shared: Arc<Shared>,
    /// The instruments a report's trend may cross (names and rounding of earlier periods).
    instruments: Vec<Arc<Instrument>>,
}

impl TypstRenderer {
    /// Loads the embedded fonts and the template; earlier periods on the trend are named from
    /// the built-in instruments.
    pub fn new() -> Result<TypstRenderer, PdfError> {
        let catalog = Catalog::builtin()
            .map_err(|p| PdfError(format!("instrumen bawaan tidak dapat dibaca: {p}")))?;
        TypstRenderer::with_catalog(&catalog)
    }

    /// Like [`TypstRenderer::new`], with the instruments of the server's catalog (built-in
    /// and extra).
    pub fn with_catalog(catalog: &Catalog) -> Result<TypstRenderer, PdfError> {
        Ok(TypstRenderer {
            shared: Shared::new().map_err(PdfError)?,
            instruments: catalog.instruments().to_vec(),
        })
    }

    /// A renderer ready to hand to the server or the CLI.
    pub fn shared() -> Result<Arc<dyn PdfRenderer>, PdfError> {
        Ok(Arc::new(TypstRenderer::new()?))
    }

    /// The JSON the template reads for `document` (public for tests and previews).
    pub fn data_json(
        &self,
        report: &PeriodReport,
        document: Document,
    ) -> Result<Vec<u8>, PdfError> {
        serde_json::to_vec(&data::build(report, document, &self.instruments)).map_err(|e| {
            PdfError(format!(
                "data laporan tidak dapat ditulis sebagai JSON: {e}"
            ))
        })
    }

    /// The JSON the overview template reads (public for tests and previews).
    pub fn overview_json(&self, sheet: &OverviewSheet) -> Result<Vec<u8>, PdfError> {
        serde_json::to_vec(&overview::build(sheet)).map_err(|e| {
            PdfError(format!(
                "data ikhtisar tidak dapat ditulis sebagai JSON: {e}"
            ))
        })
    }

    /// The JSON the Peta Rencana template reads (public for tests and previews).
    pub fn roadmap_json(&self, doc: &RoadmapDocument) -> Result<Vec<u8>, PdfError> {
        serde_json::to_vec(&roadmap::build(doc)).map_err(|e| {
            PdfError(format!(
                "data peta rencana tidak dapat ditulis sebagai JSON: {e}"
            ))
        })
    }

    fn render(&self, report: &PeriodReport, kind: Document) -> Result<Vec<u8>, PdfError> {
        let json = self.data_json(report, kind)?;
        // stable across renders of the same period's document
        let ident = format!("padu-{}-{kind:?}", report.period_id);
        self.typeset(Template::Report, json, &report.generated_on, ident)
    }

    /// Compiles `template` on `json` with `today` (ISO) as its date; `ident` names the PDF.
    fn typeset(
        &self,
        template: Template,
        json: Vec<u8>,
        today: &str,
        ident: String,
    ) -> Result<Vec<u8>, PdfError> {
        let world = self.shared.world(template, json, world::date_of(today));
        let result = typst::compile(&world).output;
        // Typst memoises across compilations; keep only what recent renders used.
        typst::comemo::evict(10);
        let document = result.map_err(|errors| PdfError(describe(&world, &errors)))?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| PdfError(describe(&world, &errors)))
    }
}

/// Drops everything typst memoised across renders (each render already keeps only what the
/// last few used). For benchmarks of the cold case, or to give memory back after a burst.
pub fn clear_caches() {
    typst::comemo::evict(0);
}

impl PdfRenderer for TypstRenderer {
    fn period_report(&self, report: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        self.render(report, Document::Report)
    }

    fn action_plan(&self, report: &PeriodReport) -> Result<Vec<u8>, PdfError> {
        self.render(report, Document::ActionPlan)
    }

    fn overview(&self, sheet: &OverviewSheet) -> Result<Vec<u8>, PdfError> {
        let json = self.overview_json(sheet)?;
        // stable across renders of the same overview
        let place: String = sheet
            .instansi
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let ident = format!("padu-ikhtisar-{place}-{}", sheet.year);
        self.typeset(Template::Overview, json, &sheet.generated_on, ident)
    }

    fn roadmap(&self, doc: &RoadmapDocument) -> Result<Vec<u8>, PdfError> {
        let json = self.roadmap_json(doc)?;
        // stable across renders of the same roadmap version
        let ident = format!("padu-peta-rencana-{}", doc.id);
        self.typeset(Template::Roadmap, json, &doc.generated_on, ident)
    }
}

/// The errors of a compilation as one readable line each, with the template line where known.
fn describe(world: &RenderWorld<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    let lines: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let place = d
                .span
                .id()
                .zip(world.range(d.span))
                .and_then(|(id, r)| world.place(id, r.start))
                .map(|p| format!("templat {p}: "))
                .unwrap_or_default();
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                format!("{place}{}", d.message)
            } else {
                format!("{place}{} ({})", d.message, hints.join("; "))
            }
        })
        .collect();
    if lines.is_empty() {
        "typst gagal tanpa keterangan".to_string()
    } else {
        lines.join(" | ")
    }
}
