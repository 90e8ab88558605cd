//! Satu Data through the real router: the roles beside the SPBE role (`roles`), the catalog
//! and its walidata workflow (`catalog`), the CKAN-compatible Action API (`ckan`).

mod catalog;
mod ckan;
mod datastore;
mod dcat;
mod roles;
