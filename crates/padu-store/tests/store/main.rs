//! The storage suite: every test runs on SQLite and on PostgreSQL (see `padu_store::testing`).

mod audit;
mod org;
mod users;
