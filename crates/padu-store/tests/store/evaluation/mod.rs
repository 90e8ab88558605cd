//! Periods, assignments, the review workflow's storage, evidence and carry-forward.

mod evidence;
mod workflow;

use padu_core::Value;
use padu_core::evaluation::{EDITABLE, EvidenceReview, PeriodKind, Status};
use padu_store::evaluation::{
    Carry, EvidenceKind, NewEvidence, NewPeriod, Stages, Transition, Verdict, WorkPatch,
};
use padu_store::notifications::NewNotification;
use padu_store::testing::databases;
use padu_store::{AuditFilter, NewUser, Store, StoreError, Who};

use crate::org::tree;

fn period(
    instansi_id: i64,
    year: i32,
    instrument: &str,
    count: u16,
    carry: Option<Carry>,
) -> NewPeriod {
    NewPeriod {
        instansi_id,
        year,
        kind: PeriodKind::Evaluasi,
        instrument: instrument.into(),
        target: Some(Value(260)),
        stages: Stages::default(),
        indicators: (1..=count).collect(),
        max_level: 5,
        carry,
    }
}

fn file(instansi_id: i64, name: &str) -> NewEvidence {
    NewEvidence {
        instansi_id,
        kind: EvidenceKind::File,
        name: name.into(),
        sha256: Some("ab".repeat(32)),
        size: Some(1234),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: Some("2026-01-02".into()),
        expiry_date: Some("2026-12-31".into()),
        instansi_wide: false,
    }
}

async fn setup(store: &Store) -> (i64, i64, i64) {
    let (_, _, kab) = tree(store).await;
    let who = Who::system("uji");
    let diskominfo = store
        .create_opd(&who, kab, "Diskominfo", "diskominfo")
        .await
        .expect("opd")
        .id;
    let bappeda = store
        .create_opd(&who, kab, "Bappeda", "bappeda")
        .await
        .expect("opd")
        .id;
    (kab, diskominfo, bappeda)
}
