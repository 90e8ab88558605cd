//! Consolidating applications: for each group of overlapping applications of different OPDs
//! (see `analysis`), what the finder proposes (`padu_core::arsitektur::consolidation`) beside
//! the decision the Pemda recorded for each application; and recording that decision (keep,
//! integrate with a national application, merge into another, retire) with its date. Deciding
//! is the verifiers' (`VerifyArchitecture`: the admin instansi and the koordinator); reading is
//! everyone's who reads the architecture.

use std::collections::HashMap;

use padu_core::access::Action;
use padu_core::arsitektur::consolidation::{self, Decision, DecisionInput, Proposal};
use padu_core::arsitektur::{Domain, GapItem};
use padu_store::arsitektur::{ApplicationDecision, ArchitectureItem, NewApplicationDecision};

use super::analysis::{self, Scope};
use super::item_for;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{clean_paragraphs, clean_text};

/// The longest note on a decision.
pub const MAX_NOTE: usize = 4000;

/// A decision as entered (the API's body, the form's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionRequest {
    /// `keep`, `integrate`, `merge` or `retire`.
    pub decision: String,
    pub into: Option<i64>,
    pub national: Option<String>,
    /// `yyyy-mm-dd`.
    pub date: String,
    pub note: Option<String>,
}

/// One application of a group, with the proposal and the recorded decision.
#[derive(Debug, Clone)]
pub struct GroupApplication {
    pub item: ArchitectureItem,
    pub proposal: Proposal,
    pub decision: Option<ApplicationDecision>,
}

/// One group of overlapping applications.
#[derive(Debug, Clone)]
pub struct Group {
    /// The shared RAA code, or the RAL/RAB code of the layanan they serve.
    pub reference: String,
    pub applications: Vec<GroupApplication>,
}

/// The groups of instansi `instansi_id` with the proposals and the decisions.
pub async fn groups(app: &App, caller: &Caller, instansi_id: i64) -> Result<Vec<Group>, AppError> {
    let a = analysis::analyse(app, caller, instansi_id, Scope::default()).await?;
    let decisions: HashMap<i64, ApplicationDecision> = app
        .store
        .application_decisions(a.instansi.id)
        .await?
        .into_iter()
        .map(|d| (d.item_id, d))
        .collect();
    let facts: Vec<GapItem> = a
        .items
        .iter()
        .filter(|i| i.domain == Domain::Aplikasi)
        .map(|i| {
            GapItem::new(
                i.id,
                i.opd_id,
                i.domain,
                i.state,
                i.reference.clone(),
                &i.fields,
            )
        })
        .collect();
    Ok(a.overlaps
        .iter()
        .map(|o| Group {
            reference: o.reference.clone(),
            applications: consolidation::propose(o, &facts, &a.links)
                .into_iter()
                .filter_map(|proposal| {
                    let item = a.item(proposal.application)?.clone();
                    Some(GroupApplication {
                        decision: decisions.get(&item.id).cloned(),
                        item,
                        proposal,
                    })
                })
                .collect(),
        })
        .collect())
}

/// Records the consolidation decision for application item `id`, replacing an earlier one.
pub async fn decide(
    app: &App,
    caller: &Caller,
    id: i64,
    input: DecisionRequest,
) -> Result<ApplicationDecision, AppError> {
    let (item, inst) = item_for(app, caller, id, Action::VerifyArchitecture).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    let problem = |errors: &mut Vec<FieldError>, field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    };
    if item.domain != Domain::Aplikasi {
        problem(
            &mut errors,
            "decision",
            "Keputusan konsolidasi hanya untuk item domain aplikasi",
        );
    }
    let decision = Decision::from_code(input.decision.trim());
    if decision.is_none() {
        problem(
            &mut errors,
            "decision",
            "Pilih keputusan: keep (pertahankan), integrate (integrasikan dengan aplikasi nasional), merge (gabungkan), atau retire (hentikan)",
        );
    }
    let date = input.date.trim();
    if padu_core::date::parse_iso(date).is_none() {
        problem(
            &mut errors,
            "date",
            "Tanggal keputusan tidak valid: tulis sebagai tttt-bb-hh, misalnya 2026-11-30",
        );
    }
    let national = input
        .national
        .as_deref()
        .map(|n| clean_text("national", "Aplikasi nasional", n, 0, 200, &mut errors))
        .filter(|n| !n.is_empty());
    let note = input
        .note
        .as_deref()
        .map(|n| clean_paragraphs("note", "Catatan", n, 0, MAX_NOTE, &mut errors))
        .filter(|n| !n.is_empty());
    let into_is_application = match input.into {
        Some(into) => app
            .store
            .architecture_item(into)
            .await?
            .is_some_and(|other| other.instansi_id == inst.id && other.domain == Domain::Aplikasi),
        None => false,
    };
    if let Some(decision) = decision {
        let checked = DecisionInput {
            decision,
            into: input.into,
            national: national.as_deref(),
        };
        for (field, message) in consolidation::check_decision(id, &checked, into_is_application) {
            problem(&mut errors, field, message);
        }
    }
    let Some(decision) = decision.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    Ok(app
        .store
        .decide_application(
            &caller.who(),
            NewApplicationDecision {
                item_id: item.id,
                instansi_id: inst.id,
                decision,
                into: input.into,
                national,
                decided_on: date.to_string(),
                note,
            },
        )
        .await?)
}
