//! The web crate's one integration-test binary: the real router, in process.

mod api;
mod evaluation;
mod evidence;
mod pages;
mod support;
