//! E-mail: addresses on the account page and in the new-user API, and notifications e-mailed
//! through a real SMTP server after a return and an accept.
//!
//! The SMTP half needs a server: `PADU_TEST_SMTP=host:port` and `PADU_TEST_SMTP_DIR` (where it
//! writes each message as an .eml file), as `crates/padu-web/smtp-test-server` provides. Without
//! them it says so on stderr and passes, unless `PADU_TEST_REQUIRE_SMTP=1`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use padu_app::Settings;
use padu_app::kit::mail::{Mailer, SmtpConfig, SmtpTls};
use padu_core::evaluation::Status;
use padu_store::Who;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;
use serde_json::json;

use crate::pages::{get, login, post};
use crate::support::{PASSWORD, TestApp};

pub(crate) const PUBLIC_URL: &str = "https://padu.trenggalekkab.example";

/// The test SMTP server and its message directory, or `None` (after a notice) when the
/// environment names none.
pub(crate) fn smtp_server() -> Option<(String, PathBuf)> {
    match (
        std::env::var("PADU_TEST_SMTP")
            .ok()
            .filter(|v| !v.is_empty()),
        std::env::var("PADU_TEST_SMTP_DIR")
            .ok()
            .filter(|v| !v.is_empty()),
    ) {
        (Some(address), Some(dir)) => Some((address, PathBuf::from(dir))),
        _ => {
            assert!(
                std::env::var("PADU_TEST_REQUIRE_SMTP").as_deref() != Ok("1"),
                "PADU_TEST_REQUIRE_SMTP=1 but PADU_TEST_SMTP and PADU_TEST_SMTP_DIR are not both \
                 set: start crates/padu-web/smtp-test-server"
            );
            // Straight to stderr: libtest captures the test's own prints.
            let _ = writeln!(
                std::io::stderr(),
                "mail: no SMTP test server (PADU_TEST_SMTP, PADU_TEST_SMTP_DIR): the e-mail \
                 delivery test is skipped; crates/padu-web/smtp-test-server starts one"
            );
            None
        }
    }
}

/// The state of `app` (same database and files) with `mailer` and a public URL.
fn router_with_mailer(app: &mut TestApp, mailer: Mailer) {
    let config = Settings {
        public_url: PUBLIC_URL.into(),
        ..Settings::default()
    };
    app.router = padu_web::router(
        app.state_with(config).with_mailer(mailer),
        &padu_web::WebConfig::default(),
    );
}

pub(crate) fn plain_smtp(address: &str) -> SmtpConfig {
    let (host, port) = address.rsplit_once(':').expect("host:port");
    SmtpConfig {
        host: host.into(),
        port: Some(port.parse().expect("port")),
        username: None,
        password: None,
        from: "Padu Uji <padu@trenggalekkab.example>".into(),
        tls: SmtpTls::None,
    }
}

fn pdf(instansi: i64) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: "sk-tim-pemdi.pdf".into(),
        sha256: Some("ef".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: None,
        expiry_date: None,
        instansi_wide: false,
    }
}

/// A period with indicator 1 led by Diskominfo, filled in with evidence: ready to submit.
async fn period_ready_to_submit(app: &TestApp, admin: &str, operator: &str) -> i64 {
    let s = &app.seed;
    let (status, created) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", s.trenggalek),
            Some(admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let p = created["id"].as_i64().expect("id");
    let (status, body) = app
        .json(
            "PUT",
            &format!("/api/v1/periods/{p}/indicators/1/assignment"),
            Some(admin),
            Some(json!({"lead_opd": s.diskominfo})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .json(
            "PATCH",
            &format!("/api/v1/periods/{p}/indicators/1"),
            Some(operator),
            Some(json!({"self_level": 2, "fakta": "SK Tim Pemerintah Digital 2026", "analisis": "Tim ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.db
        .store
        .add_evidence(
            &Who::system("uji"),
            p,
            1,
            &[Status::Draft],
            pdf(s.trenggalek),
            2,
        )
        .await
        .expect("evidence");
    p
}

/// The text of the first .eml in `dir` that contains every one of `needles`, waiting up to ten
/// seconds for it (the e-mail is sent by a task of its own, after the response).
pub(crate) async fn wait_for_message(dir: &Path, needles: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "eml")
                    && let Ok(raw) = std::fs::read(&path)
                    && let text = unquote(&raw)
                    && needles.iter().all(|n| text.contains(n))
                {
                    return text;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "no e-mail with {needles:?} arrived in {} within 10 s",
            dir.display()
        );
        // The runtime's sleep: the sending task runs on this same runtime.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A message as text with quoted-printable undone (soft line breaks joined, `=XX` decoded): the
/// sender may wrap long lines of the body that way. Headers pass through as they are.
fn unquote(raw: &[u8]) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i..] {
            [b'=', b'\r', b'\n', ..] => i += 3,
            [b'=', b'\n', ..] => i += 2,
            [b'=', h, l, ..] if let (Some(h), Some(l)) = (hex(h), hex(l)) => {
                out.push(u8::try_from(h * 16 + l).expect("a byte"));
                i += 3;
            }
            _ => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How many .eml files in `dir` mention `needle`.
pub(crate) fn messages_with(dir: &Path, needle: &str) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    std::fs::read_to_string(e.path()).is_ok_and(|text| text.contains(needle))
                })
                .count()
        })
        .unwrap_or(0)
}

/// Something unique to this run, for addresses and notes in a directory other runs share.
pub(crate) fn run_tag(label: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    format!(
        "{}{nanos}",
        label
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
    )
}

#[tokio::test]
async fn returned_and_accepted_indicators_are_e_mailed_to_operators_with_an_address() {
    let Some((server, dir)) = smtp_server() else {
        return;
    };
    for db in databases().await {
        let label = db.label;
        let mut app = TestApp::new(db).await;
        router_with_mailer(&mut app, Mailer::new(&plain_smtp(&server)).expect("mailer"));
        let admin = app.token("admin").await;
        let tag = run_tag(label);
        let address = format!("operator.{tag}@diskominfo.trenggalekkab.example");

        // The admin adds a second Diskominfo operator with an address; the seeded one has none.
        let (status, body) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(json!({"username": "operator.surel", "password": PASSWORD, "role": "operator_opd",
                            "opd": app.seed.diskominfo, "email": format!("  {address} ")})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
        let operator = app.token("operator.surel").await;
        let asesor = app.token("asesor").await;
        let p = period_ready_to_submit(&app, &admin, &operator).await;
        let path = format!("/api/v1/periods/{p}/indicators/1");
        let link = format!("{PUBLIC_URL}/periode/{p}/indikator/1");

        let (status, body) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let note = format!("Lengkapi SK penetapan tim ({tag})");
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/return"),
                Some(&asesor),
                Some(json!({"note": note})),
            )
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("returned")),
            "{label}: {body}"
        );
        let returned = wait_for_message(
            &dir,
            &[
                &format!("To: {address}"),
                "Subject: [Padu] Indikator 1 dikembalikan",
                &note,
            ],
        )
        .await;
        assert!(returned.contains(&link), "{label}: the link\n{returned}");
        assert!(
            returned.contains("From: \"Padu Uji\" <padu@trenggalekkab.example>")
                || returned.contains("From: Padu Uji <padu@trenggalekkab.example>"),
            "{label}: the sender\n{returned}"
        );
        assert!(returned.contains("Yth. Bapak/Ibu,"), "{returned}");

        let (status, body) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/accept"),
                Some(&asesor),
                Some(json!({"level": 2, "note": "Sesuai"})),
            )
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("accepted")),
            "{label}: {body}"
        );
        let accepted = wait_for_message(
            &dir,
            &[
                &format!("To: {address}"),
                "Subject: [Padu] Indikator 1 diterima",
            ],
        )
        .await;
        assert!(
            accepted.contains("Indikator 1 diterima dengan nilai 2") && accepted.contains(&link),
            "{label}: {accepted}"
        );
        // One message per event to the one address; nobody else here has an address.
        assert_eq!(messages_with(&dir, &address), 2, "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn an_unreachable_smtp_server_never_fails_the_change() {
    for db in databases().await {
        let label = db.label;
        let mut app = TestApp::new(db).await;
        // A port nobody listens on: the connection is refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mailer = Mailer::new(&plain_smtp(&format!("127.0.0.1:{port}"))).expect("mailer");
        router_with_mailer(&mut app, mailer);
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let asesor = app.token("asesor").await;
        let operator_id = app.user_id("operator").await;
        app.db
            .store
            .set_email(
                &Who::system("uji"),
                operator_id,
                Some("operator@diskominfo.trenggalekkab.example".into()),
            )
            .await
            .expect("email");
        let p = period_ready_to_submit(&app, &admin, &operator).await;
        let path = format!("/api/v1/periods/{p}/indicators/1");
        let (status, _) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/return"),
                Some(&asesor),
                Some(json!({"note": "Lengkapi"})),
            )
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("returned")),
            "{label}: {body}"
        );
        // The in-app notification is there all the same.
        let cookie = login(&app, "operator").await;
        let page = get(&app, "/notifikasi", Some(&cookie)).await;
        assert!(page.has("Indikator 1 dikembalikan: Lengkapi"), "{label}");
        // Give the sending task its chance to fail (and log) before the database goes.
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.finish().await;
    }
}

#[tokio::test]
async fn users_set_their_own_address_on_the_account_page() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let cookie = login(&app, "operator").await;
        let page = get(&app, "/akun", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has(">Alamat email</label>") && page.has("Belum diisi"));
        assert!(page.has("action=\"/akun/email\""));

        let page = post(
            &app,
            "/akun/email",
            Some(&cookie),
            &[("email", "operator@diskominfo")],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(page.has("Alamat email tidak sah") && page.has("href=\"#email\""));
        assert!(
            page.has("value=\"operator@diskominfo\""),
            "what was typed stays"
        );

        let page = post(
            &app,
            "/akun/email",
            Some(&cookie),
            &[("email", " Operator@Diskominfo.TrenggalekKab.go.id ")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{label}: {}", page.body);
        assert_eq!(page.location(), "/akun?pesan=email-disimpan");
        let page = get(&app, page.location(), Some(&cookie)).await;
        assert!(page.has("Alamat email berhasil disimpan."));
        assert!(page.has("Operator@diskominfo.trenggalekkab.go.id"));
        let operator = app
            .db
            .store
            .users_in(None)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.username == "operator")
            .expect("operator");
        assert_eq!(
            app.db
                .store
                .emails_of(&[operator.id])
                .await
                .expect("emails"),
            vec![(
                operator.id,
                "Operator@diskominfo.trenggalekkab.go.id".to_string()
            )]
        );
        let audit = app
            .db
            .store
            .audit_entries(&padu_store::AuditFilter::default(), 5, 0)
            .await
            .expect("audit");
        assert!(
            audit.iter().any(|e| e.action == "user.email"
                && e.after.as_deref().is_some_and(|a| a.contains("Operator@"))),
            "{label}: the change is audited"
        );

        // A blank field removes the address.
        let page = post(&app, "/akun/email", Some(&cookie), &[("email", "  ")]).await;
        assert_eq!(page.location(), "/akun?pesan=email-dihapus", "{label}");
        assert!(
            app.db
                .store
                .emails_of(&[operator.id])
                .await
                .expect("emails")
                .is_empty()
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn a_new_users_address_is_checked() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let admin = app.token("admin").await;
        let (status, body) = app
            .json(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(
                    json!({"username": "pimpinan.baru", "password": PASSWORD, "role": "pimpinan",
                            "instansi": app.seed.trenggalek, "email": "bupati at trenggalek"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
        assert_eq!(body["fields"][0]["field"], "email", "{body}");
        assert_eq!(body["fields"][0]["message"], "Alamat email tidak sah");

        let cookie = login(&app, "admin").await;
        let page = get(&app, "/pengguna/baru", Some(&cookie)).await;
        assert!(page.has(">Alamat email (opsional)</label>"), "{label}");
        let page = post(
            &app,
            "/pengguna",
            Some(&cookie),
            &[
                ("username", "pimpinan.baru"),
                ("display_name", "Bupati"),
                ("password", PASSWORD),
                ("role", "pimpinan"),
                ("instansi", &app.seed.trenggalek.to_string()),
                ("email", "bupati@trenggalekkab"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(page.has("Alamat email tidak sah") && page.has("value=\"bupati@trenggalekkab\""));
        let page = post(
            &app,
            "/pengguna",
            Some(&cookie),
            &[
                ("username", "pimpinan.baru"),
                ("display_name", "Bupati"),
                ("password", PASSWORD),
                ("role", "pimpinan"),
                ("instansi", &app.seed.trenggalek.to_string()),
                ("email", "bupati@trenggalekkab.example"),
            ],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{label}: {}", page.body);
        let user = app
            .db
            .store
            .users_in(None)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.username == "pimpinan.baru")
            .expect("created");
        assert_eq!(user.email.as_deref(), Some("bupati@trenggalekkab.example"));
        app.finish().await;
    }
}
