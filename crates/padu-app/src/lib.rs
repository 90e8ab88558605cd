//! Padu's application layer: everything a user can do, as plain async functions over the store,
//! the files and the domain core. Each use case validates its input, asks
//! `padu_core::access::allows` whether its principal may, calls the store (every write one
//! audited transaction) and sends the notifications. No HTTP here: the web server (`padu-web`)
//! and the `padu` command both call these functions, and neither re-implements a rule.
//!
//! `kit` is what every feature shares and imports no feature. The features follow, each
//! importing only those listed before it.

pub mod kit;

pub mod arsitektur;
pub mod audit;
pub mod beranda;
pub mod evaluation;
pub mod model_referensi;
pub mod notifications;
pub mod org;
pub mod pembinaan;
pub mod peta_rencana;
pub mod planner;
pub mod portal;
pub mod ranking;
pub mod reports;
pub mod satu_data;
pub mod users;

pub use kit::app::{App, Settings};
pub use kit::error::{AppError, FieldError};
pub use kit::principal::{Acting, Caller, Principal};
