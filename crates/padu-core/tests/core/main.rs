//! The core's one integration-test binary.

mod access;
mod broken_files;
mod catalog;
mod levels_csv;
mod model_referensi;
mod plan;
mod properties;
mod scoring;
mod support;
