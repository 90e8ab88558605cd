//! E-mail notifications over SMTP, when the server has an SMTP server configured.
//!
//! The in-app notifications are the record; e-mail is a courtesy copy. It is sent after the
//! change has committed, in a task of its own: it never delays or fails a request, and a failure
//! is logged (`tracing::warn!`), never shown. Only users with an address get one.

use std::fmt;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Tokio1Executor};
use padu_store::notifications::NewNotification;
use serde::{Deserialize, Deserializer};

use crate::kit::app::App;

/// The message for an address that [`check_address`] refuses.
pub const INVALID_ADDRESS: &str = "Alamat email tidak sah";

/// How long one SMTP conversation may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a trusted network (default port 25).
    None,
    /// Upgrade with STARTTLS, which must succeed (default port 587).
    #[default]
    Starttls,
    /// TLS from the first byte, "SMTPS" (default port 465).
    Tls,
}

/// The SMTP server, from the server's configuration (`[smtp]` in TOML):
///
/// ```toml
/// [smtp]
/// host = "mail.trenggalekkab.go.id"
/// port = 587
/// username = "padu"
/// password = "…"
/// from = "Padu Trenggalek <padu@trenggalekkab.go.id>"
/// tls = "starttls"   # or "tls", or "none"
/// ```
///
/// `Debug` shows the password as `[redacted]`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    /// By `tls`: 25, 587 or 465 when omitted.
    #[serde(default)]
    pub port: Option<u16>,
    /// Sign in with this user (and `password`); no authentication when omitted.
    #[serde(default, deserialize_with = "lenient")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub password: Option<String>,
    /// The sender: `padu@pemda.go.id` or `Padu <padu@pemda.go.id>`.
    pub from: String,
    #[serde(default)]
    pub tls: SmtpTls,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("from", &self.from)
            .field("tls", &self.tls)
            .finish()
    }
}

impl SmtpConfig {
    /// The configured port, or the usual one for the TLS mode.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        })
    }
}

/// A text that may arrive as a number or a boolean: environment variables are read as TOML
/// values, so `PADU_SMTP__PASSWORD=12345678` is an integer before it reaches us.
fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Text(String);
    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Text;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
                fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                    Ok(Text(v.to_string()))
                }
            }
            d.deserialize_any(V)
        }
    }
    Ok(Option::<Text>::deserialize(d)?.map(|t| t.0))
}

/// Why an e-mail could not be prepared or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("alamat email \"{0}\" tidak sah")]
    Address(String),
    #[error("pesan email tidak dapat disusun: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("server SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// Sends e-mail through one SMTP server. Cheap to clone (connections are pooled and shared).
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `host:port`, for logs.
    server: String,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Prepares the transport; nothing connects until the first message.
    pub fn new(config: &SmtpConfig) -> Result<Mailer, MailError> {
        let from: Mailbox = config
            .from
            .trim()
            .parse()
            .map_err(|_| MailError::Address(config.from.clone()))?;
        let host = config.host.trim();
        let mut builder = match config.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
        }
        .port(config.port())
        .timeout(Some(TIMEOUT));
        if let Some(username) = &config.username {
            builder = builder.credentials(Credentials::new(
                username.clone(),
                config.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            server: format!("{host}:{}", config.port()),
        })
    }

    /// The server's `host:port`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends one plain-text message.
    pub async fn send(&self, to: &str, mail: &Mail) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|_| MailError::Address(to.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(None)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// An e-mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

impl Mail {
    /// The e-mail copy of an in-app notification, in formal Bahasa Indonesia, with the link made
    /// absolute against `public_url`.
    pub fn for_notification(note: &NewNotification, public_url: &str) -> Mail {
        let number = note
            .link
            .rsplit_once("/indikator/")
            .and_then(|(_, n)| n.split(['/', '?', '#']).next())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let subject = match (number, note.kind.as_str()) {
            (Some(n), "diajukan" | "dikembalikan" | "diterima") => {
                format!("[Padu] Indikator {n} {}", note.kind)
            }
            _ => format!("[Padu] {}", first_line(&note.message)),
        };
        let link = format!("{}{}", public_url.trim_end_matches('/'), note.link);
        let body = format!(
            "Yth. Bapak/Ibu,\n\
             \n\
             {message}\n\
             \n\
             Rincian dapat dilihat di Padu melalui tautan berikut:\n\
             {link}\n\
             \n\
             Pemberitahuan yang sama tersedia pada menu Notifikasi di Padu.\n\
             \n\
             Hormat kami,\n\
             Padu\n\
             \n\
             --\n\
             Email ini dikirim otomatis; mohon tidak membalas email ini.\n",
            message = note.message.trim(),
        );
        Mail { subject, body }
    }
}

/// The first line of a text, at most 120 characters (a subject must stay on one line).
fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    match line.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// E-mails `notes` to those of their users who have an address, when a mailer is configured.
/// Call it after the change that created the notifications has committed. Returns at once: the
/// sending runs in a task of its own, and failures are only logged.
pub fn notify(app: &App, notes: &[NewNotification]) {
    let Some(mailer) = app.mailer().cloned() else {
        return;
    };
    if notes.is_empty() {
        return;
    }
    let store = app.store.clone();
    let public_url = app.settings.public_url.clone();
    let notes = notes.to_vec();
    tokio::spawn(async move {
        let mut ids: Vec<i64> = notes.iter().map(|n| n.user_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let addresses = match store.emails_of(&ids).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "e-mail addresses could not be read; no e-mail sent");
                return;
            }
        };
        for note in &notes {
            let mail = Mail::for_notification(note, &public_url);
            for (_, address) in addresses.iter().filter(|(id, _)| *id == note.user_id) {
                if let Err(e) = mailer.send(address, &mail).await {
                    tracing::warn!(
                        error = %e,
                        user_id = note.user_id,
                        server = mailer.server(),
                        "notification e-mail not sent"
                    );
                }
            }
        }
    });
}

/// Checks an e-mail address as a person types it: `None` when it is not a plausible address
/// (`local@domain.tld`, ASCII, no spaces, at most 254 characters), else the address trimmed,
/// with its domain in lower case.
///
/// Deliberately simple (no quoted local parts, comments or IP literals): whether a mailbox
/// exists only a delivery can tell.
pub fn check_address(raw: &str) -> Option<String> {
    let address = raw.trim();
    if address.len() > 254 {
        return None;
    }
    let (local, domain) = address.split_once('@')?;
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_addresses_pass_and_are_tidied() {
        for (raw, tidy) in [
            (
                "admin.trenggalek@trenggalekkab.go.id",
                "admin.trenggalek@trenggalekkab.go.id",
            ),
            (
                "  Operator@Diskominfo.Trenggalekkab.GO.ID ",
                "Operator@diskominfo.trenggalekkab.go.id",
            ),
            ("sekda+spbe@pemda.example", "sekda+spbe@pemda.example"),
            (
                "o'neil_2026@mail-server.co.id",
                "o'neil_2026@mail-server.co.id",
            ),
            ("a@b.id", "a@b.id"),
        ] {
            assert_eq!(check_address(raw).as_deref(), Some(tidy), "{raw}");
        }
    }

    #[test]
    fn implausible_addresses_are_refused() {
        let long_local = format!("{}@pemda.go.id", "a".repeat(65));
        let long = format!(
            "{}@{}.go.id",
            "a".repeat(60),
            vec!["b".repeat(63); 4].join(".")
        );
        for raw in [
            "",
            "   ",
            "admin",
            "admin@",
            "@pemda.go.id",
            "admin@pemda",
            "admin@@pemda.go.id",
            "admin@pemda@go.id",
            "admin pemda@pemda.go.id",
            "admin@pemda go.id",
            ".admin@pemda.go.id",
            "admin.@pemda.go.id",
            "ad..min@pemda.go.id",
            "admin@pemda..go.id",
            "admin@.pemda.go.id",
            "admin@pemda.go.id.",
            "admin@-pemda.go.id",
            "admin@pemda-.go.id",
            "admin@pemda.go.i",
            "admin@pemda.go.123",
            "admin@pemda_kab.go.id",
            "admin(x)@pemda.go.id",
            "\"admin\"@pemda.go.id",
            "admin@[127.0.0.1]",
            "ádmin@pemda.go.id",
            "admin@pémda.go.id",
            "admin\n@pemda.go.id",
            "Admin <admin@pemda.go.id>",
            &long_local,
            &long,
        ] {
            assert_eq!(check_address(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn every_accepted_address_is_one_lettre_can_send_to() {
        for raw in [
            "admin.trenggalek@trenggalekkab.go.id",
            "sekda+spbe@pemda.example",
            "o'neil_2026@mail-server.co.id",
            "x!#$%&*/=?^`{|}~-@a.id",
        ] {
            let tidy = check_address(raw).expect(raw);
            assert!(tidy.parse::<Mailbox>().is_ok(), "{tidy}");
        }
    }

    fn note(kind: &str, message: &str, link: &str) -> NewNotification {
        NewNotification {
            user_id: 7,
            kind: kind.into(),
            message: message.into(),
            link: link.into(),
        }
    }

    #[test]
    fn a_returned_indicator_reads_as_a_formal_letter_with_the_full_link() {
        let mail = Mail::for_notification(
            &note(
                "dikembalikan",
                "Indikator 10 dikembalikan: Lengkapi SK Tim Koordinasi SPBE.",
                "/periode/3/indikator/10",
            ),
            "https://padu.trenggalekkab.go.id/",
        );
        assert_eq!(mail.subject, "[Padu] Indikator 10 dikembalikan");
        assert_eq!(
            mail.body,
            "Yth. Bapak/Ibu,\n\
             \n\
             Indikator 10 dikembalikan: Lengkapi SK Tim Koordinasi SPBE.\n\
             \n\
             Rincian dapat dilihat di Padu melalui tautan berikut:\n\
             https://padu.trenggalekkab.go.id/periode/3/indikator/10\n\
             \n\
             Pemberitahuan yang sama tersedia pada menu Notifikasi di Padu.\n\
             \n\
             Hormat kami,\n\
             Padu\n\
             \n\
             --\n\
             Email ini dikirim otomatis; mohon tidak membalas email ini.\n"
        );
    }

    #[test]
    fn subjects_name_the_indicator_and_what_happened() {
        let base = "http://127.0.0.1:8080";
        for (kind, subject) in [
            ("diajukan", "[Padu] Indikator 4 diajukan"),
            ("diterima", "[Padu] Indikator 4 diterima"),
            ("dikembalikan", "[Padu] Indikator 4 dikembalikan"),
        ] {
            let mail = Mail::for_notification(
                &note(kind, "Indikator 4 ...", "/periode/1/indikator/4"),
                base,
            );
            assert_eq!(mail.subject, subject);
            assert!(
                mail.body
                    .contains("http://127.0.0.1:8080/periode/1/indikator/4\n")
            );
        }
        // Anything else: the message's first line.
        let mail = Mail::for_notification(
            &note(
                "tenggat",
                "Tahap penilaian mandiri berakhir 3 hari lagi.\nSegera ajukan indikator Anda.",
                "/periode/1",
            ),
            base,
        );
        assert_eq!(
            mail.subject,
            "[Padu] Tahap penilaian mandiri berakhir 3 hari lagi."
        );
        let long = "x".repeat(300);
        let mail = Mail::for_notification(&note("lain", &long, "/"), base);
        assert_eq!(mail.subject.chars().count(), "[Padu] ".len() + 121);
    }

    #[test]
    fn a_message_builds_with_indonesian_text() {
        let mail = Mail::for_notification(
            &note(
                "diterima",
                "Indikator 1 diterima dengan nilai 3,50 — terima kasih.",
                "/periode/1/indikator/1",
            ),
            "http://127.0.0.1:8080",
        );
        let message = Message::builder()
            .from("Padu <padu@pemda.example>".parse().expect("from"))
            .to("operator@pemda.example".parse().expect("to"))
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body)
            .expect("message");
        let raw = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(
            raw.contains("Subject: [Padu] Indikator 1 diterima"),
            "{raw}"
        );
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8"),
            "{raw}"
        );
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let config = SmtpConfig {
            host: "mail.pemda.example".into(),
            port: None,
            username: Some("padu".into()),
            password: Some("rahasia-smtp".into()),
            from: "padu@pemda.example".into(),
            tls: SmtpTls::Starttls,
        };
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("rahasia-smtp") && shown.contains("[redacted]"),
            "{shown}"
        );
        assert_eq!(config.port(), 587);
    }

    #[test]
    fn numbers_from_the_environment_are_read_as_text() {
        let config: SmtpConfig = toml::from_str(
            "host = \"mail.pemda.example\"\nport = 2525\nusername = 1234\npassword = 12345678\n\
             from = \"padu@pemda.example\"\ntls = \"none\"\n",
        )
        .expect("config");
        assert_eq!(config.username.as_deref(), Some("1234"));
        assert_eq!(config.password.as_deref(), Some("12345678"));
        assert_eq!((config.port(), config.tls), (2525, SmtpTls::None));
        let bare: SmtpConfig =
            toml::from_str("host = \"h.example\"\nfrom = \"a@h.example\"\n").expect("config");
        assert_eq!(
            (bare.port(), bare.username, bare.password),
            (587, None, None)
        );
        assert!(
            toml::from_str::<SmtpConfig>("host = \"h\"\nfrom = \"a@h.example\"\ntls = \"ssl\"\n")
                .is_err()
        );
    }

    #[tokio::test]
    async fn a_bad_sender_is_refused_when_the_mailer_is_built() {
        let config = SmtpConfig {
            host: "127.0.0.1".into(),
            port: Some(2525),
            username: None,
            password: None,
            from: "bukan alamat".into(),
            tls: SmtpTls::None,
        };
        assert!(matches!(Mailer::new(&config), Err(MailError::Address(_))));
        let good = SmtpConfig {
            from: "Padu Trenggalek <padu@trenggalekkab.example>".into(),
            ..config
        };
        let mailer = Mailer::new(&good).expect("mailer");
        assert_eq!(mailer.server(), "127.0.0.1:2525");
    }
}
