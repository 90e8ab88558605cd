//! The commands: each loads what it needs from the catalog and prints.

mod admin;
mod backup;
mod config_check;
mod generate;
mod instruments;
mod model_referensi;
mod plan;
mod reports;
mod score;
mod server;

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use padu_core::{Catalog, Problems, Source};

use crate::cli::{
    AuditCommand, Cli, Command, ConfigCommand, ExportCommand, GenerateCommand, ImportCommand,
    InstrumentCommand, ReferenceModelCommand, ReportCommand, UserCommand,
};
use crate::config::Config;

pub fn run(cli: Cli) -> Result<()> {
    let catalog = load_catalog(cli.instruments_dir.as_deref())?;
    let config = || Config::load(cli.config.as_deref());
    let acting = reports::Acting {
        as_user: cli.as_user.as_deref(),
    };
    match cli.command {
        Command::Serve { demo } => server::serve(config()?, catalog, demo),
        Command::Migrate => server::migrate(&config()?),
        Command::Config(ConfigCommand::Check { demo }) => {
            config_check::check(cli.config.as_deref(), demo)
        }
        Command::Healthcheck { address } => config_check::healthcheck(&config()?, address),
        Command::User(UserCommand::Add {
            username,
            role,
            instansi,
            opd,
            name,
            password_stdin: _,
        }) => admin::add_user(
            &config()?,
            &catalog,
            admin::NewUserArgs {
                username,
                role,
                instansi,
                opd,
                name,
            },
        ),
        Command::User(UserCommand::ResetPassword {
            username,
            password_stdin: _,
        }) => admin::reset_password(&config()?, &username),
        Command::User(UserCommand::SsoOnly { username, off }) => {
            admin::set_sso_only(&config()?, &username, !off)
        }
        Command::Audit(AuditCommand::Verify) => admin::verify_audit(&config()?),
        Command::Backup { file } => backup::backup(&config()?, &file),
        Command::Restore { file, force } => backup::restore(&config()?, &file, force),
        Command::Instruments => instruments::list(&catalog),
        Command::Instrument(InstrumentCommand::Show { id, indikator }) => {
            instruments::show(&catalog, &id, indikator)
        }
        Command::Instrument(InstrumentCommand::Crosswalk { from, to }) => {
            instruments::crosswalk(&catalog, &from, &to)
        }
        Command::ReferenceModels => model_referensi::list(&catalog),
        Command::ReferenceModel(ReferenceModelCommand::Show { code }) => {
            model_referensi::show(&catalog, &code)
        }
        Command::Score(args) => score::run(&catalog, &args),
        Command::Plan(args) => plan::run(&catalog, &args),
        Command::Report(ReportCommand::Pdf { period, output }) => reports::export(
            &config()?,
            catalog,
            acting,
            period,
            padu_app::reports::Kind::ReportPdf,
            &output,
        ),
        Command::Export(ExportCommand::Xlsx { period, output }) => reports::export(
            &config()?,
            catalog,
            acting,
            period,
            padu_app::reports::Kind::WorksheetXlsx,
            &output,
        ),
        Command::Export(ExportCommand::ActionPlan { period, output }) => {
            let kind = reports::action_plan_kind(&output)?;
            reports::export(&config()?, catalog, acting, period, kind, &output)
        }
        Command::Import(ImportCommand::Xlsx {
            period,
            file,
            apply,
        }) => reports::import_worksheet(&config()?, catalog, acting, period, &file, apply),
        Command::Import(ImportCommand::Official {
            period,
            file,
            apply,
        }) => reports::import_official(&config()?, catalog, acting, period, &file, apply),
        Command::Generate(GenerateCommand::Scale {
            instansi,
            provinces,
            opd,
            evidence,
            force,
        }) => generate::scale(
            &config()?,
            &catalog,
            generate::ScaleArgs {
                instansi,
                provinces,
                opd,
                evidence,
                force,
            },
        ),
    }
}

/// The embedded instruments, plus the `*.toml` files of `dir` when one is given.
fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    let Some(dir) = dir else {
        return Catalog::builtin()
            .map_err(|p| problems_error("Berkas instrumen bawaan tidak sah", &p));
    };
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("Direktori instrumen {} tidak dapat dibaca", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("Direktori instrumen {} tidak dapat dibaca", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        let text = read_text(&path)?;
        sources.push(Source::new(path.display().to_string(), text));
    }
    let catalog = Catalog::with_extra(sources)
        .map_err(|p| problems_error("Berkas instrumen tidak sah", &p))?;
    for notice in catalog.notices() {
        eprintln!("Catatan: {notice}");
    }
    Ok(catalog)
}

/// Reads a UTF-8 text file, or standard input for `-`.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .context("Masukan standar tidak dapat dibaca")?;
        buf
    } else {
        std::fs::read(path)
            .with_context(|| format!("Berkas {} tidak dapat dibaca", path.display()))?
    };
    String::from_utf8(bytes).map_err(|_| {
        anyhow!(
            "Berkas {} bukan teks UTF-8; simpan ulang sebagai CSV UTF-8",
            path.display()
        )
    })
}

/// One error listing every problem, one per line.
pub fn problems_error(heading: &str, problems: &Problems) -> anyhow::Error {
    let mut text = format!("{heading} ({} masalah):", problems.len());
    for problem in problems {
        text.push_str("\n  - ");
        text.push_str(&problem.to_string());
    }
    anyhow!(text)
}
