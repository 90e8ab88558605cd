//! SeaORM entities: one module per table. Nothing outside this crate sees them.

pub mod api_token;
pub mod audit_head;
pub mod audit_log;
pub mod instansi;
pub mod opd;
pub mod session;
pub mod user;
