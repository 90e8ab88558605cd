//! The reports crate's one integration-test binary.

mod action_plan;
mod archimate;
mod book;
mod hostile;
mod official;
mod overview;
mod support;
mod worksheet;
mod worksheet_problems;
