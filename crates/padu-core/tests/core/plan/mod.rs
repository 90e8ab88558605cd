//! The target planner: exact optimum, constraints, effort data, gap analysis.

mod brute;
mod efforts;
mod full;
mod gap;
mod pemdi;
mod reference;
mod support;
