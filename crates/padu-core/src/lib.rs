//! Padu's domain core: evaluation instruments as versioned data, exact official scoring,
//! crosswalks between instruments. Pure: no IO beyond parsing text it is handed, no web, no
//! database, so the server, the CLI and the reports all share one tested implementation.

pub mod access;
pub mod arsitektur;
pub mod audit;
pub mod catalog;
pub mod crosswalk;
pub mod date;
pub mod evaluation;
pub mod exact;
pub mod instrument;
pub mod levels_csv;
pub mod model_referensi;
pub mod opd_kind;
pub mod peta_rencana;
pub mod plan;
pub mod problem;
pub mod rdf;
pub mod report;
pub mod satu_data;
pub mod score;
pub mod text;

pub use catalog::{Catalog, Source};
pub use crosswalk::{Confidence, Crosswalk, CrosswalkLink};
pub use exact::{Exact, Rounding, Value, Weight};
pub use instrument::Instrument;
pub use levels_csv::parse_levels_csv;
pub use model_referensi::{DomainArsitektur, ReferenceModel, ReferenceNode};
pub use plan::{EffortModel, Plan, PlanOptions, plan};
pub use problem::{Problem, Problems};
pub use report::ScoreReport;
pub use score::{Assessment, Score, score};
