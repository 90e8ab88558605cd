//! Pembinaan: how a province (or the national level) follows and coaches its members. The
//! overview of a year (`overview`) and the recommendations it writes to one of them
//! (`recommendations`).

pub mod export;
pub mod overview;
pub mod recommendations;
