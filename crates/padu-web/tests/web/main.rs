//! The web crate's one integration-test binary: the real router, in process.

mod api;
mod api_admin;
mod api_parity;
mod arsitektur;
// The workbook editor of the padu-reports tests: one copy for both crates.
#[allow(dead_code)]
#[path = "../../../padu-reports/tests/reports/book.rs"]
mod book;
mod dashboard;
mod evaluation;
mod evidence;
mod hostile;
mod indicator_pages;
mod instances;
mod mail;
mod model_referensi;
mod oidc;
mod oracle;
mod pages;
mod pembinaan;
mod peta_rencana;
mod planner;
mod planner_api;
mod portal;
mod ranking;
mod read_scope;
mod reminders;
mod reports;
mod satu_data;
mod security;
mod support;
mod tokens;
