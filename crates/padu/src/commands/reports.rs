//! `padu report pdf`, `padu export xlsx|action-plan`, `padu import xlsx|official`: the same
//! documents and imports as the web app's, straight against the configured database. An import
//! previews unless `--apply`; a file with any problem applies nothing (exit 1).

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use padu_core::Catalog;
use padu_reports::{ImportProblem, PdfRenderer, PeriodReport};
use padu_store::{Store, Who};
use padu_web::reports::apply::{final_results, opd_names, worksheet_edits};
use padu_web::reports::data;
use padu_web::reports::service::EDITABLE;

use super::server::{open_store, runtime};
use crate::config::Config;
use crate::say;

async fn load(store: &Store, catalog: &Catalog, period: i64) -> Result<PeriodReport> {
    data::load(store, catalog, period)
        .await
        .map_err(|e| anyhow!("Data periode {period} tidak dapat dimuat: {e}"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    // written beside the target, then moved: an interrupted export never leaves half a file
    let tmp = path.with_extension("padu-sementara");
    std::fs::write(&tmp, bytes)
        .with_context(|| format!("Berkas {} tidak dapat ditulis", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("Berkas {} tidak dapat ditulis", path.display()))?;
    say!(
        "{} ditulis ({} bita).",
        path.display(),
        padu_reports::format::thousands(bytes.len() as u64)
    );
    Ok(())
}

fn renderer() -> Result<Arc<dyn PdfRenderer>> {
    padu_pdf::TypstRenderer::shared().map_err(|e| anyhow!("{e}"))
}

/// What to make of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    ReportPdf,
    WorksheetXlsx,
    ActionPlanXlsx,
    ActionPlanPdf,
}

pub fn export(
    config: &Config,
    catalog: &Catalog,
    period: i64,
    what: Export,
    out: &Path,
) -> Result<()> {
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let report = load(&store, catalog, period).await;
        store.close().await;
        let report = report?;
        let bytes = match what {
            Export::WorksheetXlsx => padu_reports::worksheet_xlsx(&report)?,
            Export::ActionPlanXlsx => padu_reports::action_plan_xlsx(&report)?,
            Export::ReportPdf => renderer()?.period_report(&report)?,
            Export::ActionPlanPdf => renderer()?.action_plan(&report)?,
        };
        write(out, &bytes)
    })
}

/// `--format` of an action plan from the output's extension.
pub fn action_plan_kind(out: &Path) -> Result<Export> {
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(Export::ActionPlanXlsx),
        Some("pdf") => Ok(Export::ActionPlanPdf),
        _ => bail!("Nama berkas keluaran harus berakhiran .xlsx atau .pdf"),
    }
}

fn print_problems(problems: &[ImportProblem]) {
    eprintln!(
        "Berkas memiliki {} masalah; tidak ada yang diterapkan:",
        problems.len()
    );
    for p in problems {
        eprintln!("  - {}: {}", p.location(), p.message);
    }
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("Berkas {} tidak dapat dibaca", file.display()))
}

pub fn import_worksheet(
    config: &Config,
    catalog: &Catalog,
    period: i64,
    file: &Path,
    apply: bool,
) -> Result<()> {
    let bytes = read(file)?;
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let result = async {
            let report = load(&store, catalog, period).await?;
            let p = store
                .period(period)
                .await?
                .ok_or_else(|| anyhow!("Periode {period} tidak ditemukan"))?;
            if p.closed {
                bail!("Periode {period} sudah ditutup; data tidak dapat diubah");
            }
            let opds = store.opds_of(p.instansi_id).await?;
            let preview = padu_reports::preview_worksheet(&report, &opd_names(&opds), &bytes)?;
            for c in &preview.changes {
                say!(
                    "Indikator {} · {}: {} -> {}",
                    c.number,
                    c.field.label(),
                    one_line(&c.old),
                    one_line(&c.new)
                );
            }
            if !preview.is_clean() {
                print_problems(&preview.problems);
                bail!("Impor dibatalkan");
            }
            if preview.changes.is_empty() {
                say!("Tidak ada perubahan.");
                return Ok(());
            }
            if !apply {
                say!(
                    "{} perubahan (pratinjau). Jalankan lagi dengan --apply untuk menerapkannya.",
                    preview.changes.len()
                );
                return Ok(());
            }
            let indicators = store.period_indicators(period).await?;
            let edits =
                worksheet_edits(&preview.changes, &indicators, &opds).map_err(|m| anyhow!(m))?;
            store
                .apply_worksheet(&Who::system("cli"), period, &edits, &EDITABLE)
                .await?;
            say!(
                "{} perubahan pada {} indikator diterapkan.",
                preview.changes.len(),
                edits.len()
            );
            Ok(())
        }
        .await;
        store.close().await;
        result
    })
}

pub fn import_official(
    config: &Config,
    catalog: &Catalog,
    period: i64,
    file: &Path,
    apply: bool,
) -> Result<()> {
    let bytes = read(file)?;
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let result = async {
            let report = load(&store, catalog, period).await?;
            let parsed = padu_reports::parse_official(&report.instrument, &bytes)?;
            if !parsed.is_clean() {
                print_problems(&parsed.problems);
                bail!("Impor dibatalkan");
            }
            for r in &parsed.rows {
                say!(
                    "Indikator {} · Nilai Final: {}",
                    r.number,
                    padu_reports::format::level(&report.instrument, Some(r.value))
                );
            }
            if !apply {
                say!(
                    "{} nilai final (pratinjau). Jalankan lagi dengan --apply untuk menerapkannya.",
                    parsed.rows.len()
                );
                return Ok(());
            }
            store
                .apply_official_result(&Who::system("cli"), period, &final_results(&parsed))
                .await?;
            say!("{} nilai final diterapkan.", parsed.rows.len());
            Ok(())
        }
        .await;
        store.close().await;
        result
    })
}

/// A text on one line, shortened to 80 characters.
fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}
