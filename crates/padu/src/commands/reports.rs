//! `padu report pdf`, `padu export xlsx|action-plan`, `padu import xlsx|official`: the same
//! documents and imports as the pages and the API, through the same `padu-app` functions with
//! the same checks, straight against the configured database. They act as the user named by
//! `--as` (whose permissions are checked, and who is named in the audit log) or, without it, as
//! the system principal `cli`. An import previews unless `--apply`; a file with any problem
//! applies nothing (exit 1).

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use padu_app::reports::{self, Applied, Document, Kind};
use padu_app::{App, AppError, Principal, Settings};
use padu_core::Catalog;
use padu_reports::ImportProblem;

use super::server::{open_store, runtime};
use crate::config::Config;
use crate::say;

/// Who the command acts for.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    /// `--as USERNAME`.
    pub as_user: Option<&'a str>,
}

/// The application over the configured database and files, with the PDF renderer when a PDF
/// is asked for.
async fn open_app(config: &Config, catalog: Catalog, pdf: bool) -> Result<App> {
    let store = open_store(config).await?;
    let files = padu_files::FileStore::new(&config.files())
        .context("Penyimpanan bukti dukung tidak dapat dibuka")?;
    let settings = Settings {
        public_url: config.public_url.clone().unwrap_or_default(),
        session_hours: config.session_hours,
        token_days: config.token_days,
        demo: store
            .is_demo()
            .await
            .context("Basis data tidak dapat dibaca")?,
        oidc: None,
    };
    let app = App::new(store, files, Arc::new(catalog), settings);
    Ok(if pdf {
        app.with_pdf(padu_pdf::TypstRenderer::shared().map_err(|e| anyhow!("{e}"))?)
    } else {
        app
    })
}

async fn principal(app: &App, acting: Acting<'_>) -> Result<Principal> {
    match acting.as_user {
        Some(username) => Ok(Principal::User(
            padu_app::users::acting_as(app, username)
                .await
                .map_err(explain)?,
        )),
        None => Ok(Principal::System("cli")),
    }
}

/// An application error as the command's message.
fn explain(err: AppError) -> anyhow::Error {
    let mut text = err.message();
    for field in err.fields() {
        text.push_str(&format!("\n  - {}: {}", field.field, field.message));
    }
    anyhow!(text)
}

/// Runs `work` with the application and the principal, then closes the database.
fn with_app<T>(
    config: &Config,
    catalog: Catalog,
    acting: Acting<'_>,
    pdf: bool,
    work: impl AsyncFnOnce(&App, &Principal) -> Result<T>,
) -> Result<T> {
    runtime()?.block_on(async {
        let app = open_app(config, catalog, pdf).await?;
        let result = match principal(&app, acting).await {
            Ok(who) => work(&app, &who).await,
            Err(e) => Err(e),
        };
        app.store.clone().close().await;
        result
    })
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

/// `--format` of an action plan from the output's extension.
pub fn action_plan_kind(out: &Path) -> Result<Kind> {
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(Kind::ActionPlanXlsx),
        Some("pdf") => Ok(Kind::ActionPlanPdf),
        _ => bail!("Nama berkas keluaran harus berakhiran .xlsx atau .pdf"),
    }
}

pub fn export(
    config: &Config,
    catalog: Catalog,
    acting: Acting<'_>,
    period: i64,
    what: Kind,
    out: &Path,
) -> Result<()> {
    let pdf = matches!(what, Kind::ReportPdf | Kind::ActionPlanPdf);
    let doc: Document = with_app(config, catalog, acting, pdf, async |app, who| {
        reports::document(app, who, period, what)
            .await
            .map_err(|e| anyhow!("Data periode {period} tidak dapat dimuat: {}", e.message()))
    })?;
    write(out, &doc.bytes)
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

fn read(file: &Path) -> Result<Arc<[u8]>> {
    std::fs::read(file)
        .map(Arc::from)
        .with_context(|| format!("Berkas {} tidak dapat dibaca", file.display()))
}

pub fn import_worksheet(
    config: &Config,
    catalog: Catalog,
    acting: Acting<'_>,
    period: i64,
    file: &Path,
    apply: bool,
) -> Result<()> {
    let bytes = read(file)?;
    with_app(config, catalog, acting, false, async |app, who| {
        let check = reports::check_worksheet(app, who, period, Arc::clone(&bytes))
            .await
            .map_err(explain)?;
        let preview = &check.preview;
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
        // applied only while the file still previews as shown above
        match reports::apply_worksheet(app, who, period, bytes, Some(&check.digest))
            .await
            .map_err(explain)?
        {
            Applied::Done(done) => {
                let indicators: std::collections::BTreeSet<u16> =
                    done.preview.changes.iter().map(|c| c.number).collect();
                say!(
                    "{} perubahan pada {} indikator diterapkan.",
                    done.preview.changes.len(),
                    indicators.len()
                );
                Ok(())
            }
            Applied::Again(_) => bail!("Data periode berubah selama impor; jalankan lagi"),
        }
    })
}

pub fn import_official(
    config: &Config,
    catalog: Catalog,
    acting: Acting<'_>,
    period: i64,
    file: &Path,
    apply: bool,
) -> Result<()> {
    let bytes = read(file)?;
    with_app(config, catalog, acting, false, async |app, who| {
        let check = reports::check_official(app, who, period, Arc::clone(&bytes))
            .await
            .map_err(explain)?;
        if !check.result.is_clean() {
            print_problems(&check.result.problems);
            bail!("Impor dibatalkan");
        }
        for r in &check.result.rows {
            say!(
                "Indikator {} · Nilai Final: {}",
                r.number,
                padu_reports::format::level(&check.ctx.instrument, Some(r.value))
            );
        }
        if !apply {
            say!(
                "{} nilai final (pratinjau). Jalankan lagi dengan --apply untuk menerapkannya.",
                check.result.rows.len()
            );
            return Ok(());
        }
        match reports::apply_official(app, who, period, bytes, Some(&check.digest))
            .await
            .map_err(explain)?
        {
            Applied::Done(done) => {
                say!("{} nilai final diterapkan.", done.result.rows.len());
                Ok(())
            }
            Applied::Again(_) => bail!("Data periode berubah selama impor; jalankan lagi"),
        }
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
