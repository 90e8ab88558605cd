//! The web crate's one integration-test binary: the real router, in process.

mod api;
mod pages;
mod support;
