//! Satu Data: the roles granted beside the SPBE role (`roles`) and the catalog of datasets with
//! their tags, groups, resources and review notes (`datasets`).

pub mod datasets;
mod reads;
mod roles;

pub use datasets::{DataGroup, Dataset, DatasetFilter, NewResource, Resource};
