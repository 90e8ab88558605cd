//! What every page and API handler shares, below the features and importing none of them:
//! extractors (who is calling, JSON and path input), the API's error answer, the layout and
//! the error page, forms, the security layers, the language switch, static files, the OpenAPI
//! document's frame and the descriptor a feature registers itself with.

pub mod assets;
pub mod error;
pub mod extract;
pub mod extract_api;
pub mod feature;
pub mod form;
pub mod fragments;
pub mod i18n;
pub mod json_body;
pub mod lang;
pub mod layout;
pub mod openapi;
pub mod page;
pub mod security;
