//! Configuration: defaults, then a TOML file, then `PADU_` environment variables.
//!
//! Defaults need nothing installed: SQLite and evidence files under `./padu-data`, the server
//! on `127.0.0.1:8080`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// Where the SQLite database and evidence files live (`PADU_DATA_DIR`).
    pub data_dir: PathBuf,
    /// Address to listen on (`PADU_BIND`); port 0 picks a free port.
    pub bind: String,
    /// `postgres://...` to use PostgreSQL (`PADU_DATABASE_URL`); SQLite in `data_dir` otherwise.
    pub database_url: Option<String>,
    /// The address users reach Padu at (`PADU_PUBLIC_URL`); `https://` turns on Secure cookies.
    pub public_url: Option<String>,
    /// Hours a login lasts.
    pub session_hours: i64,
    /// Days an API token lasts.
    pub token_days: i64,
    /// Largest form or JSON request body, in megabytes.
    pub max_body_mb: usize,
    /// Log filter (`PADU_LOG`), e.g. `info` or `padu_web=debug`.
    pub log: String,
    /// Largest evidence upload, in megabytes (`PADU_MAX_UPLOAD_MB`).
    pub max_upload_mb: u64,
    /// How often, in minutes, the server looks for stages ending within a week to remind the
    /// people they concern (`PADU_REMINDER_MINUTES`); 0 turns reminders off.
    pub reminder_minutes: u64,
    /// Where evidence files live: a `[files]` table (`backend = "local"` with `dir`, or
    /// `backend = "s3"` with `bucket`, `endpoint`, ...), or `PADU_FILES__BACKEND=s3`,
    /// `PADU_FILES__BUCKET=...`. Default: the directory `files` in `data_dir`. (Only read: the
    /// defaults figment serialises have none.)
    #[serde(skip_serializing)]
    pub files: Option<padu_files::FilesConfig>,
    /// The SMTP server for e-mail copies of notifications: an `[smtp]` table (`host`, `port`,
    /// `username`, `password`, `from`, `tls` = "starttls" | "tls" | "none"), or
    /// `PADU_SMTP__HOST=...`, `PADU_SMTP__FROM=...`. None: notifications stay in Padu. (Only
    /// read, like `files`.)
    #[serde(skip_serializing)]
    pub smtp: Option<padu_app::kit::mail::SmtpConfig>,
    /// Single sign-on through an OpenID Connect provider: an `[oidc]` table (`issuer`,
    /// `client_id`, `client_secret`, `scopes`, `username_claim`, `match_by` = "username" |
    /// "email", `display_name`), or `PADU_OIDC__ISSUER=...`. None: local accounts only. (Only
    /// read, like `files`.)
    #[serde(skip_serializing)]
    pub oidc: Option<padu_app::users::oidc::OidcConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("padu-data"),
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            public_url: None,
            session_hours: 12,
            token_days: 90,
            max_body_mb: 1,
            log: "info".into(),
            max_upload_mb: 50,
            reminder_minutes: 60,
            files: None,
            smtp: None,
            oidc: None,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("bind", &self.bind)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("public_url", &self.public_url)
            .field("files", &self.files)
            .field("smtp", &self.smtp)
            .field("oidc", &self.oidc)
            .finish_non_exhaustive()
    }
}

/// A database URL with its password hidden (the store's own function).
pub use padu_store::redact;

impl Config {
    /// Loads the configuration. `file` is `--config`; without it `padu.toml` in the working
    /// directory is read when present.
    pub fn load(file: Option<&Path>) -> Result<Config> {
        Config::figment(file)?
            .extract()
            .context("Konfigurasi tidak sah")
    }

    /// The layers `load` extracts from (defaults, the file, `PADU_*`), for `padu config check`
    /// to read the same sources `serve` reads.
    pub fn figment(file: Option<&Path>) -> Result<Figment> {
        Ok(Figment::from(Serialized::defaults(Config::default()))
            .merge(Config::file_layer(file)?)
            // `__` nests: PADU_FILES__BUCKET is files.bucket. Unknown variables are ignored.
            .merge(Env::prefixed("PADU_").split("__")))
    }

    /// The configuration file alone: `--config`, or `padu.toml` when present.
    pub fn file_layer(file: Option<&Path>) -> Result<Figment> {
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "Berkas konfigurasi {} tidak ada",
                    path.display()
                );
                Ok(Figment::from(Toml::file(path)))
            }
            None => Ok(Figment::from(Toml::file("padu.toml"))),
        }
    }

    /// The top-level keys a configuration file may hold.
    pub const KEYS: &[&str] = &[
        "data_dir",
        "bind",
        "database_url",
        "public_url",
        "session_hours",
        "token_days",
        "max_body_mb",
        "log",
        "max_upload_mb",
        "reminder_minutes",
        "files",
        "smtp",
        "oidc",
    ];

    /// Where evidence files live.
    pub fn files(&self) -> padu_files::FilesConfig {
        self.files
            .clone()
            .unwrap_or_else(|| padu_files::FilesConfig::under_data_dir(&self.data_dir))
    }

    /// The database URL: the configured one, or SQLite in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("padu.db").display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_debug_output() {
        let c = Config {
            database_url: Some("postgres://padu:rahasia@db/padu".into()),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("rahasia") && shown.contains("padu:***@db"),
            "{shown}"
        );
    }

    #[test]
    fn the_smtp_password_never_shows_in_debug_output() {
        let c = Config {
            smtp: Some(padu_app::kit::mail::SmtpConfig {
                host: "mail.pemda.example".into(),
                port: None,
                username: Some("padu".into()),
                password: Some("sandi-smtp".into()),
                from: "padu@pemda.example".into(),
                tls: padu_app::kit::mail::SmtpTls::Starttls,
            }),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("sandi-smtp") && shown.contains("mail.pemda.example"),
            "{shown}"
        );
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn oidc_is_read_with_defaults_and_its_secret_never_shows() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "oidc.toml",
                r#"
                [oidc]
                issuer = "https://sso.trenggalekkab.go.id/realms/pemda"
                client_id = "padu"
                client_secret = "rahasia-klien"
                "#,
            )?;
            let c = Config::load(Some(Path::new("oidc.toml"))).expect("loads");
            let oidc = c.oidc.clone().expect("[oidc]");
            assert_eq!(oidc.username_claim, "preferred_username");
            assert_eq!(oidc.scopes, ["openid", "profile", "email"]);
            assert_eq!(oidc.match_by, padu_app::users::oidc::MatchBy::Username);
            assert!(oidc.problems().is_empty(), "{:?}", oidc.problems());
            let shown = format!("{c:?}");
            assert!(
                !shown.contains("rahasia-klien") && shown.contains("sso.trenggalekkab"),
                "{shown}"
            );
            // a typo inside the section is an error, not a silent default
            jail.create_file(
                "typo.toml",
                "[oidc]\nissuer = \"https://sso.example\"\nclient_id = \"padu\"\nmatch = \"email\"\n",
            )?;
            assert!(Config::load(Some(Path::new("typo.toml"))).is_err());
            // http:// only on loopback
            let plain = padu_app::users::oidc::OidcConfig {
                issuer: "http://sso.example".into(),
                ..oidc
            };
            assert_eq!(plain.problems().len(), 1);
            Ok(())
        });
    }

    #[test]
    // figment's Jail wants a closure returning figment's own (large) error type.
    #[allow(clippy::result_large_err)]
    fn smtp_comes_from_a_table_or_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            // (No clear_env: it would empty the environment of every test running meanwhile.)
            if std::env::vars().all(|(k, _)| !k.starts_with("PADU_SMTP")) {
                assert!(Config::load(None).expect("defaults").smtp.is_none());
            }

            jail.create_file(
                "padu.toml",
                "[smtp]\nhost = \"mail.trenggalekkab.go.id\"\nfrom = \"Padu <padu@trenggalekkab.go.id>\"\n",
            )?;
            let smtp = Config::load(None).expect("file").smtp.expect("smtp");
            assert_eq!(smtp.host, "mail.trenggalekkab.go.id");
            assert_eq!(
                (smtp.port(), smtp.tls),
                (587, padu_app::kit::mail::SmtpTls::Starttls)
            );

            // The environment wins, `__` nests, and a numeric password stays text.
            jail.set_env("PADU_SMTP__HOST", "127.0.0.1");
            jail.set_env("PADU_SMTP__PORT", "2525");
            jail.set_env("PADU_SMTP__TLS", "none");
            jail.set_env("PADU_SMTP__USERNAME", "padu");
            jail.set_env("PADU_SMTP__PASSWORD", "12345678");
            let smtp = Config::load(None).expect("env").smtp.expect("smtp");
            assert_eq!(smtp.host, "127.0.0.1");
            assert_eq!(
                (smtp.port(), smtp.tls),
                (2525, padu_app::kit::mail::SmtpTls::None)
            );
            assert_eq!(smtp.password.as_deref(), Some("12345678"));
            assert_eq!(smtp.from, "Padu <padu@trenggalekkab.go.id>");

            jail.set_env("PADU_SMTP__TLS", "ssl");
            assert!(
                Config::load(None).is_err(),
                "an unknown tls mode is refused"
            );
            Ok(())
        });
    }

    #[test]
    fn sqlite_in_the_data_dir_is_the_default_database() {
        assert_eq!(
            Config::default().database_url(),
            "sqlite://padu-data/padu.db"
        );
    }
}
