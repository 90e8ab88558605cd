//! What every feature shares: the application's state, its error, who is acting, texts and
//! formats in the user's language, mail, and input checks. Imports no feature.

pub mod app;
pub mod error;
pub mod format;
pub mod i18n;
pub mod mail;
pub mod oidc_config;
pub mod principal;
pub mod secret;
pub mod text;
pub mod validate;
