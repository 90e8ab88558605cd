//! SeaORM entities: one module per table. Nothing outside this crate sees them.

pub mod action_item;
pub mod api_token;
pub mod application_decision;
pub mod architecture_item;
pub mod architecture_link;
pub mod audit_head;
pub mod audit_log;
pub mod change_log;
pub mod comment;
pub mod deadline_reminder;
pub mod evidence;
pub mod indicator_evidence;
pub mod indicator_opd;
pub mod instance_meta;
pub mod instansi;
pub mod login_failure;
pub mod notification;
pub mod opd;
pub mod pending_import;
pub mod period;
pub mod period_indicator;
pub mod recommendation;
pub mod roadmap;
pub mod roadmap_item;
pub mod session;
pub mod user;
