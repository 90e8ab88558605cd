//! The evaluation cycle: periods, indicators assigned to OPDs, claims, evidence, review, the
//! live index. `service` holds the rules' application (shared by the API and the pages), `api`
//! the JSON endpoints.

pub mod api;
pub mod api_evidence;
pub mod dashboard;
pub mod evidence;
pub mod plan_actual;
pub mod planner;
pub mod reminders;
pub mod service;
