//! Satu Data (Perpres 39/2019): the roles granted beside the SPBE role (`roles`).

pub mod roles;

pub use roles::{DataRoleInput, grant_form, set_data_role};
