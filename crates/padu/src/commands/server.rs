//! `padu serve` and `padu migrate`.

use std::sync::Arc;

use crate::say;
use anyhow::{Context, Result, bail};
use padu_app::{App, Settings};
use padu_core::Catalog;
use padu_store::Store;
use padu_web::WebConfig;

use crate::config::{Config, redact};
use crate::demo;

/// A multi-threaded runtime for the commands that talk to the database.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("Runtime tidak dapat dimulai")
}

/// Opens the configured database (creating the data directory for SQLite) and migrates it.
pub async fn open_store(config: &Config) -> Result<Store> {
    let url = config.database_url();
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "Direktori data {} tidak dapat dibuat",
                config.data_dir.display()
            )
        })?;
    }
    // what an earlier version or another umask left readable becomes the operator's alone
    crate::private::tighten_data(config).with_context(|| {
        format!(
            "Hak akses direktori data {} tidak dapat dibatasi",
            config.data_dir.display()
        )
    })?;
    let store = Store::connect(&url, None)
        .await
        .with_context(|| format!("Basis data {} tidak dapat dibuka", redact(&url)))?;
    store
        .migrate()
        .await
        .with_context(|| format!("Migrasi basis data {} gagal", redact(&url)))?;
    Ok(store)
}

pub fn migrate(config: &Config) -> Result<()> {
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        say!(
            "Basis data {} sudah mutakhir.",
            redact(&config.database_url())
        );
        store.close().await;
        Ok(())
    })
}

/// A demo's accounts share a password printed in the README: `--demo` is for a workstation or a
/// training room, never for a server reached over https, which is how a public one is reached.
pub fn refuse_public_demo(config: &Config, with_demo: bool) -> Result<()> {
    let https = config
        .public_url
        .as_deref()
        .is_some_and(|url| url.trim().to_ascii_lowercase().starts_with("https://"));
    if with_demo && https {
        bail!(
            "--demo tidak dijalankan pada alamat https ({}): semua akun demo memakai kata sandi \
             yang dipublikasikan. Jalankan demo tanpa public_url https, atau jalankan server \
             tanpa --demo dan buat akun dengan `padu user add`.",
            config.public_url.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

pub fn serve(config: Config, catalog: Catalog, with_demo: bool) -> Result<()> {
    init_logging(&config.log);
    refuse_public_demo(&config, with_demo)?;
    runtime()?.block_on(async move {
        let store = open_store(&config).await?;
        // SQLite: one server per database file, held until the server stops
        let _single = padu_store::single::claim_server(&config.database_url())
            .context("Server tidak dapat dimulai")?;
        let listener = tokio::net::TcpListener::bind(&config.bind)
            .await
            .with_context(|| format!("Alamat {} tidak dapat dipakai", config.bind))?;
        let address = listener
            .local_addr()
            .context("Alamat server tidak diketahui")?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"));
        let mut settings = Settings {
            public_url: public_url.clone(),
            session_hours: config.session_hours,
            token_days: config.token_days,
            demo: store
                .is_demo()
                .await
                .context("Basis data tidak dapat dibaca")?,
            oidc: config.oidc.clone(),
        };
        if let Some(oidc) = &config.oidc {
            let problems = oidc.problems();
            anyhow::ensure!(
                problems.is_empty(),
                "Konfigurasi [oidc] tidak sah: {}",
                problems.join("; ")
            );
            tracing::info!(issuer = %oidc.issuer, "sign-in through OpenID Connect is on");
        }
        let web = WebConfig {
            max_body_bytes: config.max_body_mb.saturating_mul(1024 * 1024),
        };
        let files = padu_files::FileStore::new(&config.files())
            .context("Penyimpanan bukti dukung tidak dapat dibuka")?
            .with_max_size(config.max_upload_mb.saturating_mul(1024 * 1024));
        match files
            .sweep_temporaries(std::time::Duration::from_secs(3600))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "unfinished uploads removed"),
            Err(e) => tracing::warn!(error = %e, "unfinished uploads could not be swept"),
        }
        let pdf = padu_pdf::TypstRenderer::shared()
            .map_err(|e| anyhow::anyhow!("Modul laporan PDF tidak dapat dimuat: {e}"))?;
        let mailer = match &config.smtp {
            Some(smtp) => {
                let mailer = padu_app::kit::mail::Mailer::new(smtp)
                    .context("Konfigurasi SMTP tidak sah ([smtp] / PADU_SMTP__*)")?;
                say!(
                    "Pemberitahuan juga dikirim lewat email (server SMTP {}).",
                    mailer.server()
                );
                Some(mailer)
            }
            None => None,
        };
        let catalog = Arc::new(catalog);
        let app_with = |settings: Settings| {
            let app = App::new(store.clone(), files.clone(), Arc::clone(&catalog), settings)
                .with_pdf(Arc::clone(&pdf));
            match &mailer {
                Some(m) => app.with_mailer(m.clone()),
                None => app,
            }
        };
        let mut app = app_with(settings.clone());
        if with_demo {
            demo::seed(&app).await?;
            // the seed marks the database it fills: read the mark again before serving
            settings.demo = app
                .store
                .is_demo()
                .await
                .context("Basis data tidak dapat dibaca")?;
            app = app_with(settings);
        }
        if config.reminder_minutes > 0 {
            let every = std::time::Duration::from_secs(config.reminder_minutes.saturating_mul(60));
            padu_app::evaluation::reminders::spawn_job(app.clone(), every);
            padu_app::peta_rencana::monitoring::spawn_job(app.clone(), every);
        }
        // a restored database has the DataStore's versions and files but not its row tables
        let rebuilding = app.clone();
        tokio::spawn(async move {
            match padu_app::satu_data::datastore::import::rebuild_missing_tables(&rebuilding).await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(tables = n, "DataStore tables rebuilt from their files"),
                Err(e) => tracing::warn!(error = ?e, "DataStore tables could not be rebuilt"),
            }
        });
        say!(
            "Padu berjalan di {public_url} (basis data: {})",
            redact(&config.database_url())
        );
        say!("Tekan Ctrl+C untuk berhenti.");
        padu_web::serve(listener, app, &web, shutdown_signal())
            .await
            .context("Server berhenti karena galat")?;
        say!("Padu berhenti.");
        Ok(())
    })
}

/// Ctrl+C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
