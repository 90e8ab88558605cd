//! The `padu` binary's one integration-test binary: runs the real command as a user would.

mod cli;
mod plan;
mod server;
