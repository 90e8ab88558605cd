//! Satu Data: the roles granted beside the SPBE role (`roles`) and the catalog of datasets with
//! their tags, groups, resources and review notes (`datasets`), and the DataStore: uploaded
//! resources as typed tables, one per version (`datastore`, read by `datastore_rows`).

pub mod datasets;
pub mod datastore;
pub mod datastore_rows;
mod reads;
mod roles;

pub use datasets::{DataGroup, Dataset, DatasetFilter, NewResource, Resource};
pub use datastore::{DatastoreLoad, DatastoreVersion, NewVersion, TableSummary};
pub use datastore_rows::{RowPage, RowQuery};
