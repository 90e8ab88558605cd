//! Periods, the live index of a period and in-app notifications, through the real router on
//! every backend; the dashboard's data loads in a fixed number of queries.

mod data;
mod pages;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use padu_app::Caller;
use padu_app::evaluation::dashboard::{self, add_days, iso, today_in};
use padu_app::evaluation::{self as service, PeriodInput};
use padu_app::{App, AppError, Settings};
use padu_core::evaluation::Status;
use padu_core::{Assessment, Catalog, Exact, Instrument, Value, score};
use padu_store::Who;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;

use crate::pages::{get, login, post};
use crate::support::TestApp;

const PEMDI: &str = "permenpanrb-8-2026";
const SPBE: &str = "permenpanrb-59-2020";

/// An application state on the same database and files as `app` (for calling the services
/// directly, as the handlers do).
pub(crate) fn state_of(app: &TestApp) -> App {
    app.state_with(Settings::default())
}

pub(crate) async fn caller(app: &TestApp, username: &str) -> Caller {
    let user = app
        .db
        .store
        .users_in(None)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == username)
        .expect("seeded user");
    Caller {
        user,
        session_digest: None,
    }
}

fn evidence(instansi: i64, expiry: Option<String>) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: "sk-tim-pemdi.pdf".into(),
        sha256: Some("ab".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: None,
        expiry_date: expiry,
        instansi_wide: false,
    }
}

fn instrument(id: &str) -> Arc<Instrument> {
    Catalog::builtin()
        .expect("catalog")
        .instrument(id)
        .cloned()
        .expect("instrument")
}

/// The exact index of an instrument with the given values (every other indicator at the floor).
fn exact_index(inst: &Instrument, values: &[(u16, u32)]) -> Exact {
    let all = inst
        .indicators
        .iter()
        .map(|i| {
            values
                .iter()
                .find(|(n, _)| *n == i.number)
                .map_or(inst.values.min, |(_, h)| Value(*h))
        })
        .collect();
    let assessment = Assessment::new(inst, all).expect("valid values");
    score(inst, &assessment).index
}

/// `target - index`, exactly (for an index below the target).
fn below(target: Value, index: Exact) -> Exact {
    let den = index.denominator();
    Exact::new(
        u128::from(target.0) * den - index.numerator() * 100,
        den * 100,
    )
}

/// Seeds `opds` more OPDs in an instansi.
async fn more_opds(app: &TestApp, instansi: i64, opds: usize) {
    let kinds = [
        "bappeda",
        "bkpsdm",
        "dinkes",
        "disdik",
        "inspektorat",
        "bpbd",
    ];
    for i in 0..opds {
        app.db
            .store
            .create_opd(
                &Who::system("uji"),
                instansi,
                &format!("OPD Uji {i}"),
                kinds[i % kinds.len()],
            )
            .await
            .expect("opd");
    }
}
