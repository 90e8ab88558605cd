//! The evaluation cycle's storage: periods, each indicator's work, evidence, comments and
//! notifications. The rules (who may, which transitions) live in `padu_core`; this module keeps
//! writes atomic and audited, and re-checks the expected status inside the transaction so two
//! people acting at once cannot both win.

mod dashboard;
mod evidence;
mod period_changes;
pub(crate) mod periods;
pub(crate) mod reminders;
pub(crate) mod work;
mod worklist;

use crate::backup::Table;
use crate::entity;
use padu_core::Value;
use padu_core::evaluation::{EvidenceReview, PeriodKind, Status};
use serde::Serialize;

pub use dashboard::{IndicatorState, IndicatorValues};
pub use evidence::{NewEvidence, ReadableBy, Verdict};
pub use period_changes::PeriodPatch;
pub use periods::{Carry, NewPeriod};
pub use reminders::Reminder;
pub use work::{Transition, WorkPatch};

/// The tables this feature owns in a backup (deadline reminders: [`reminders::TABLES`]).
pub(crate) const TABLES: &[Table] = &[
    Table::of::<entity::period::Entity>("periods", Some("carried_from_id")),
    Table::of::<entity::period_indicator::Entity>("period_indicators", None),
    Table::of::<entity::indicator_opd::Entity>("indicator_opds", None),
    Table::of::<entity::evidence::Entity>("evidence", None),
    Table::of::<entity::indicator_evidence::Entity>("indicator_evidence", None),
    Table::of::<entity::comment::Entity>("comments", None),
];

/// A date range of one stage (ISO `yyyy-mm-dd`), either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub start: Option<String>,
    pub end: Option<String>,
}

/// The stages of an evaluation (spbe.md §5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stages {
    pub mandiri: DateRange,
    pub dokumen: DateRange,
    pub interviu: DateRange,
    pub visitasi: DateRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub id: i64,
    pub instansi_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub instrument: String,
    pub carried_from: Option<i64>,
    #[serde(skip)]
    pub target: Option<Value>,
    pub closed: bool,
    pub stages: Stages,
    pub created_at_ms: i64,
}

/// One indicator's work in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodIndicator {
    pub id: i64,
    pub period_id: i64,
    pub number: u16,
    pub lead_opd: Option<i64>,
    pub contributors: Vec<i64>,
    pub status: Status,
    /// Carried forward from an earlier period and not yet looked at again.
    pub to_review: bool,
    pub self_value: Option<Value>,
    pub accepted_value: Option<Value>,
    pub final_value: Option<Value>,
    pub fakta: String,
    pub analisis: String,
    pub external_source: Option<String>,
    pub external_date: Option<String>,
    pub evidence_count: u32,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    File,
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub instansi_id: i64,
    pub kind: EvidenceKind,
    pub name: String,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub content_type: Option<String>,
    pub url: Option<String>,
    pub uploaded_by: Option<i64>,
    pub created_at_ms: i64,
    pub effective_date: Option<String>,
    pub expiry_date: Option<String>,
    /// An instansi-wide document (a Perbup, an SK Bupati): every OPD of the instansi reads and
    /// reuses it.
    pub instansi_wide: bool,
}

/// An evidence item as linked to one indicator, for one level, with its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedEvidence {
    pub link_id: i64,
    pub evidence: Evidence,
    pub level: u32,
    pub review: EvidenceReview,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub author_name: String,
    /// `komentar`, `dikembalikan`, `diterima`, `final`.
    pub kind: String,
    pub body: String,
    pub created_at_ms: i64,
}

pub(crate) fn value(hundredths: Option<i32>) -> Option<Value> {
    hundredths.and_then(|h| u32::try_from(h).ok()).map(Value)
}

pub(crate) fn hundredths(value: Option<Value>) -> Option<i32> {
    value.and_then(|v| i32::try_from(v.0).ok())
}
