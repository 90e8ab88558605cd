//! The storage suite: every test runs on SQLite and on PostgreSQL (see `padu_store::testing`).

mod actions;
mod arsitektur;
mod audit;
mod backup;
mod bulk;
mod evaluation;
mod instances;
mod org;
mod peta_rencana;
mod peta_rencana_thread;
mod satu_data;
mod satu_data_catalog;
mod satu_data_datastore;
mod tokens;
mod upgrade;
mod users;
