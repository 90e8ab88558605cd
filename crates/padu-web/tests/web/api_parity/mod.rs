//! The API at parity with the pages around an indicator, on both backends: its detail, its
//! discussion, reusing evidence, the caller's notifications and the audit log answer what the
//! pages show for the same record, and every role of the seed gets the page's outcome.

mod inbox;
mod indicator;
mod roles;

use axum::http::StatusCode;
use padu_core::access::Role;
use padu_core::evaluation::Status;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::{NewUser, Who};
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp};

pub(crate) const EDITABLE: [Status; 2] = [Status::Draft, Status::Returned];

/// Opens a 2026 period under 8/2026 for `instansi` as `admin` (through the API).
pub(crate) async fn open_period(app: &TestApp, admin: &str, instansi: i64) -> i64 {
    let token = app.token(admin).await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{instansi}/periods"),
            Some(&token),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

/// Indicators `numbers` of period `p` led by Diskominfo.
pub(crate) async fn assign(app: &TestApp, p: i64, numbers: &[u16]) {
    for n in numbers {
        app.db
            .store
            .set_assignment(&Who::system("uji"), p, *n, Some(app.seed.diskominfo), &[])
            .await
            .expect("assign");
    }
}

fn pdf(instansi: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ef".repeat(32)),
        size: Some(4096),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: Some("2027-01-01".into()),
    }
}

/// Evidence `name` of `instansi` linked to indicator `number` of period `p` for level 2.
pub(crate) async fn evidence(app: &TestApp, p: i64, number: u16, instansi: i64, name: &str) -> i64 {
    app.db
        .store
        .add_evidence(
            &Who::system("uji"),
            p,
            number,
            &EDITABLE,
            pdf(instansi, name),
            2,
        )
        .await
        .expect("evidence")
        .0
        .id
}

/// An operator of Bappeda (another OPD of Kabupaten Trenggalek).
pub(crate) async fn bappeda_operator(app: &TestApp) {
    let hash = padu_app::users::password::hash_blocking(PASSWORD).expect("hash");
    app.db
        .store
        .create_user(
            &Who::system("uji"),
            NewUser {
                username: "operator.bappeda".into(),
                display_name: "Operator Bappeda".into(),
                password_hash: hash,
                role: Role::OperatorOpd,
                instansi_id: Some(app.seed.trenggalek),
                opd_id: Some(app.seed.bappeda),
                email: None,
            },
        )
        .await
        .expect("user");
}

pub(crate) fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}
