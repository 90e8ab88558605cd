//! The web crate's one integration-test binary: the real router, in process.

mod api;
mod dashboard;
mod evaluation;
mod evidence;
mod indicator_pages;
mod mail;
mod pages;
mod planner;
mod reminders;
mod support;
