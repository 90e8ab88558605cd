//! Reports and data exchange (issue 6): the formal PDF, the Excel worksheet out and back in,
//! the official result import and the action plan, for the pages, the API and the `padu`
//! command. The documents themselves are made in `padu-reports` (and `padu-pdf`, behind the
//! [`padu_reports::PdfRenderer`] trait); this module gathers the data and applies imports.

pub mod api;
pub mod apply;
pub mod data;
pub mod pending;
pub mod service;
