//! Satu Data through the real router: the roles beside the SPBE role (`roles`), the catalog
//! and its walidata workflow (`catalog`).

mod catalog;
mod roles;
