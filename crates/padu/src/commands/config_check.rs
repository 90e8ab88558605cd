//! `padu config check`: every problem of a configuration before start, and `padu healthcheck`.
//!
//! The check reads the same layers `serve` reads ([`Config::figment`], [`Config::load`]) and
//! asks the same questions `serve` would fail on, so an operator sees them all at once.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs as _};
use std::path::Path;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use figment::Provider as _;
use padu_files::FilesConfig;
use padu_store::Store;

use crate::config::{Config, redact};
use crate::say;

use super::server::{refuse_public_demo, runtime};

pub fn check(file: Option<&Path>, demo: bool) -> Result<()> {
    // the mailer and the database are opened as `serve` opens them: inside a runtime
    let rt = runtime()?;
    let _inside = rt.enter();
    let mut problems = Vec::new();
    // the file alone: unparsable, or keys Padu does not know (a typo is silently a default)
    match Config::file_layer(file).and_then(|f| Ok(f.data()?)) {
        Ok(data) => {
            for dict in data.values() {
                for key in dict.keys() {
                    if !Config::KEYS.contains(&key.as_str()) {
                        problems.push(format!(
                            "kunci tidak dikenal di berkas konfigurasi: `{key}` (yang dikenal: {})",
                            Config::KEYS.join(", ")
                        ));
                    }
                }
            }
        }
        Err(e) => {
            problems.push(format!("berkas konfigurasi tidak dapat dibaca: {e:#}"));
            return report(&problems, None);
        }
    }
    let config = match Config::load(file) {
        Ok(config) => config,
        Err(e) => {
            problems.push(format!("{e:#}"));
            return report(&problems, None);
        }
    };
    if config.bind.parse::<SocketAddr>().is_err() && config.bind.to_socket_addrs().is_err() {
        problems.push(format!(
            "alamat bind `{}` tidak sah: tulis HOST:PORT, misalnya 127.0.0.1:8080",
            config.bind
        ));
    }
    if let Err(e) = writable_dir(&config.data_dir) {
        problems.push(format!(
            "direktori data {} tidak dapat dipakai: {e}",
            config.data_dir.display()
        ));
    }
    if let Some(url) = &config.public_url {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            problems.push(format!(
                "public_url `{url}` harus diawali http:// atau https://"
            ));
        }
    }
    if let Err(e) = refuse_public_demo(&config, demo) {
        problems.push(e.to_string());
    }
    match config.files() {
        FilesConfig::S3(s3) => {
            if s3.bucket.trim().is_empty() {
                problems.push("[files] backend s3 tanpa bucket".into());
            }
            if s3.access_key_id.is_some() != s3.secret_access_key.is_some() {
                problems.push(
                    "[files] access_key_id dan secret_access_key harus diisi keduanya atau tidak \
                     sama sekali"
                        .into(),
                );
            }
            if let Some(endpoint) = &s3.endpoint
                && endpoint.starts_with("http://")
                && !s3.allow_http
            {
                problems.push(format!(
                    "[files] endpoint {endpoint} memakai http://: tambahkan allow_http = true \
                     atau pakai https://"
                ));
            }
        }
        FilesConfig::Local { dir } => {
            if let Err(e) = writable_dir(&dir) {
                problems.push(format!(
                    "direktori bukti dukung {} tidak dapat dipakai: {e}",
                    dir.display()
                ));
            }
        }
        FilesConfig::Memory => {}
    }
    if let Some(smtp) = &config.smtp {
        if smtp.host.trim().is_empty() {
            problems.push("[smtp] host kosong".into());
        }
        if smtp.from.trim().is_empty() {
            problems.push("[smtp] from (alamat pengirim) kosong".into());
        }
        if smtp.username.is_some() != smtp.password.is_some() {
            problems.push("[smtp] username dan password harus diisi keduanya".into());
        }
        if let Err(e) = padu_app::kit::mail::Mailer::new(smtp) {
            problems.push(format!("[smtp] tidak sah: {e}"));
        }
    }
    if let Some(oidc) = &config.oidc {
        let found = oidc.problems();
        if found.is_empty()
            && let Err(e) = rt.block_on(padu_app::users::oidc::check_provider(oidc))
        {
            problems.push(format!("[oidc] penyedia identitas {}: {e}", oidc.issuer));
        }
        problems.extend(found);
    }
    let url = config.database_url();
    if config.database_url.is_some()
        && let Some(problem) = rt.block_on(database_problem(&url))
    {
        problems.push(problem);
    }
    report(&problems, Some(&config))
}

/// Whether the configured database answers: the scheme, then a connection (PostgreSQL only;
/// SQLite is a file in the data directory, checked above).
async fn database_problem(url: &str) -> Option<String> {
    let shown = redact(url);
    if !(url.starts_with("postgres://")
        || url.starts_with("postgresql://")
        || url.starts_with("sqlite:"))
    {
        return Some(format!(
            "alamat basis data {shown} tidak dikenal: harus diawali sqlite: atau postgres://"
        ));
    }
    if url.starts_with("sqlite:") {
        return None;
    }
    match tokio::time::timeout(Duration::from_secs(8), Store::connect(url, None)).await {
        Ok(Ok(store)) => {
            let up = store.ping().await;
            store.close().await;
            (!up).then(|| format!("basis data {shown} tidak menjawab"))
        }
        Ok(Err(e)) => Some(format!(
            "basis data {shown} tidak dapat dibuka: {}",
            redact(&e.to_string())
        )),
        Err(_) => Some(format!("basis data {shown} tidak menjawab dalam 8 detik")),
    }
}

/// Creates `dir` when missing and writes (then removes) a probe file in it.
fn writable_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(".padu-config-check");
    std::fs::write(&probe, b"ok")?;
    std::fs::remove_file(&probe)
}

fn report(problems: &[String], config: Option<&Config>) -> Result<()> {
    if !problems.is_empty() {
        let mut text = format!("Konfigurasi bermasalah ({} masalah):", problems.len());
        for p in problems {
            text.push_str("\n  - ");
            text.push_str(p);
        }
        bail!(text);
    }
    if let Some(c) = config {
        say!("Konfigurasi baik.");
        say!("  Direktori data : {}", c.data_dir.display());
        say!("  Alamat bind    : {}", c.bind);
        say!("  Basis data     : {}", redact(&c.database_url()));
        say!(
            "  Alamat publik  : {}",
            c.public_url.as_deref().unwrap_or("(dari alamat bind)")
        );
        let files = match c.files() {
            FilesConfig::Local { dir } => format!("direktori {}", dir.display()),
            FilesConfig::S3(s3) => format!("S3 bucket {}", s3.bucket),
            FilesConfig::Memory => "memori".into(),
        };
        say!("  Bukti dukung   : {files}");
        say!(
            "  Email (SMTP)   : {}",
            c.smtp
                .as_ref()
                .map_or_else(|| "tidak dikirim".to_string(), |s| s.host.clone())
        );
        say!(
            "  Masuk SSO      : {}",
            c.oidc.as_ref().map_or_else(
                || "tidak aktif".to_string(),
                |o| format!("{} (discovery menjawab)", o.issuer)
            )
        );
    }
    Ok(())
}

/// `padu healthcheck`: GET /readyz on the server's own address; exit 0 on 200.
pub fn healthcheck(config: &Config, address: Option<String>) -> Result<()> {
    let address = address.unwrap_or_else(|| {
        // a server bound to every interface answers on loopback
        config
            .bind
            .replace("0.0.0.0:", "127.0.0.1:")
            .replace("[::]:", "[::1]:")
    });
    let target = address
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| anyhow!("Alamat {address} tidak sah"))?;
    let mut stream = TcpStream::connect_timeout(&target, Duration::from_secs(3))
        .map_err(|e| anyhow!("Server di {address} tidak menjawab: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET /readyz HTTP/1.0\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) == Some("200") {
        say!("Server di {address} siap.");
        Ok(())
    } else {
        bail!("Server di {address} belum siap: {status}")
    }
}
