//! The planner and action items in the JSON API (and the pages' status form) through the real
//! router on every backend: plans feasible and not, bad input answered 422 with nothing stored,
//! accepting a plan as action items, listing them, moving them between statuses, who may.

mod actions;
mod plan;

use axum::http::StatusCode;
use padu_app::Caller;
use padu_app::planner::{self, PlannerInput};
use padu_core::access::Action;
use padu_store::AuditFilter;
use serde_json::{Value as Json, json};

use crate::support::TestApp;

const SPBE: &str = "permenpanrb-59-2020";

/// Opens a 2026 period under 59/2020 for Kabupaten Trenggalek whose self-assessment started on
/// `start` (the plan's semesters are counted from it).
async fn open_period(app: &TestApp, start: &str) -> i64 {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": SPBE,
                        "stages": {"mandiri_mulai": start}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("period id")
}

async fn caller(app: &TestApp, username: &str) -> Caller {
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

/// The plan the use case computes for `input`, as the JSON of `padu plan --format json`.
async fn expected_report(app: &TestApp, period: i64, input: &PlannerInput) -> Json {
    let state = app.state_with(padu_app::Settings::default());
    let who = caller(app, "admin").await;
    let setup = planner::setup(&state, &who, period, Action::ManagePeriod)
        .await
        .expect("setup");
    let plan = planner::compute(&setup, input).expect("plan");
    serde_json::to_value(planner::PlanReport::new(&setup.ctx.instrument, &plan)).expect("json")
}

/// How many audit entries have an action starting with `action`.
async fn audited(app: &TestApp, action: &str) -> usize {
    app.db
        .store
        .audit_entries(
            &AuditFilter {
                action: Some(action.into()),
                ..AuditFilter::default()
            },
            500,
            0,
        )
        .await
        .expect("audit")
        .len()
}

/// Accepts the plan for target 2,1 over 2 semesters through the API; returns its items.
async fn accept(app: &TestApp, period: i64) -> Vec<Json> {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/periods/{period}/plan/accept"),
            Some(&admin),
            Some(json!({"target": 2.1})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["action_items"].as_array().expect("items").clone()
}
