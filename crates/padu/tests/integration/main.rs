//! The `padu` binary's one integration-test binary: runs the real command as a user would.

mod backup;
#[allow(dead_code)]
#[path = "../../../padu-reports/tests/reports/book.rs"]
mod book;
mod cli;
mod demo;
mod faults;
mod packages;
mod plan;
mod reports;
mod scale;
mod server;
