//! Changing one indicator's work: assignment, claim and narrative, review transitions, final
//! values, comments and notifications. Each change re-checks the expected status inside its
//! transaction.

use padu_core::Value;
use padu_core::evaluation::Status;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationDef,
};
use serde::Serialize;

use super::{Comment, PeriodIndicator, hundredths};
use crate::audit::{AuditedTxn, Event, snapshot};
use crate::entity::{comment, indicator_opd, opd, period, period_indicator};
use crate::model::Who;
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

/// Changes to the OPD's part of an indicator; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkPatch {
    /// `Some(None)` clears the claim.
    pub self_value: Option<Option<Value>>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
}

/// A review step: from one of `expect` to `to`, optionally setting the accepted value, with a
/// comment in the thread and notifications, all in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub expect: Vec<Status>,
    pub to: Status,
    pub accepted_value: Option<Option<Value>>,
    /// (kind, body) of the comment to add.
    pub comment: Option<(String, String)>,
    pub notify: Vec<NewNotification>,
    /// The audit action, e.g. `indicator.submit`.
    pub action: &'static str,
}

#[derive(Serialize)]
struct WorkSnapshot<'a> {
    status: &'a str,
    lead_opd: Option<i64>,
    self_value: Option<i32>,
    accepted_value: Option<i32>,
    final_value: Option<i32>,
    fakta_chars: usize,
    analisis_chars: usize,
}

fn work_snapshot(r: &period_indicator::Model) -> Option<String> {
    snapshot(Some(&WorkSnapshot {
        status: &r.status,
        lead_opd: r.lead_opd_id,
        self_value: r.self_value,
        accepted_value: r.accepted_value,
        final_value: r.final_value,
        fakta_chars: r.fakta.chars().count(),
        analisis_chars: r.analisis.chars().count(),
    }))
}

/// The indicator row and its period's instansi, read inside the write transaction in one query
/// (the write holds the audit chain's lock: every round trip here makes the other writers wait).
pub(crate) async fn locate(
    txn: &DatabaseTransaction,
    period_id: i64,
    number: u16,
) -> Result<(period_indicator::Model, i64), StoreError> {
    let of_period: RelationDef = period_indicator::Entity::belongs_to(period::Entity)
        .from(period_indicator::Column::PeriodId)
        .to(period::Column::Id)
        .into();
    let (row, p) = period_indicator::Entity::find()
        .select_also(period::Entity)
        .join(JoinType::InnerJoin, of_period)
        .filter(period_indicator::Column::PeriodId.eq(period_id))
        .filter(period_indicator::Column::Number.eq(i32::from(number)))
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let p = p.ok_or(StoreError::NotFound)?;
    Ok((row, p.instansi_id))
}

pub(crate) fn check_status(
    row: &period_indicator::Model,
    expect: &[Status],
) -> Result<(), StoreError> {
    let current = Status::from_code(&row.status).unwrap_or(Status::Draft);
    if expect.contains(&current) {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "indikator berstatus {}; perubahan ini tidak dapat dilakukan sekarang",
            current.label().to_lowercase()
        )))
    }
}

pub(crate) async fn add_comment(
    w: &AuditedTxn,
    row_id: i64,
    who: &Who,
    kind: &str,
    body: &str,
) -> Result<Comment, StoreError> {
    let c = comment::ActiveModel {
        period_indicator_id: Set(row_id),
        author_id: Set(who.user_id),
        author_name: Set(who.name.clone()),
        kind: Set(kind.to_string()),
        body: Set(body.to_string()),
        created_at_ms: Set(now_ms()),
        ..Default::default()
    }
    .insert(&w.txn)
    .await?;
    Ok(to_comment(c))
}

fn to_comment(c: comment::Model) -> Comment {
    Comment {
        id: c.id,
        author_name: c.author_name,
        kind: c.kind,
        body: c.body,
        created_at_ms: c.created_at_ms,
    }
}

/// Sets one indicator's lead and contributing OPDs inside a transaction (every OPD must be one
/// of `own_opds`); returns the change as JSON for the audit entry.
pub(crate) async fn assign_in(
    txn: &DatabaseTransaction,
    row: &period_indicator::Model,
    own_opds: &[i64],
    lead: Option<i64>,
    contributors: &[i64],
) -> Result<serde_json::Value, StoreError> {
    if let Some(bad) = lead
        .iter()
        .chain(contributors)
        .find(|o| !own_opds.contains(o))
    {
        return Err(StoreError::Invalid(format!(
            "OPD {bad} bukan OPD instansi ini"
        )));
    }
    let mut active: period_indicator::ActiveModel = row.clone().into();
    active.lead_opd_id = Set(lead);
    active.updated_at_ms = Set(now_ms());
    active.update(txn).await?;
    indicator_opd::Entity::delete_many()
        .filter(indicator_opd::Column::PeriodIndicatorId.eq(row.id))
        .exec(txn)
        .await?;
    let mut unique: Vec<i64> = contributors
        .iter()
        .copied()
        .filter(|c| Some(*c) != lead)
        .collect();
    unique.sort_unstable();
    unique.dedup();
    indicator_opd::Entity::insert_many(unique.iter().map(|o| indicator_opd::ActiveModel {
        period_indicator_id: Set(row.id),
        opd_id: Set(*o),
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(serde_json::json!({"number": row.number, "lead_opd": lead, "opd": unique}))
}

/// The ids of an instansi's OPDs, inside a transaction.
pub(crate) async fn opd_ids_in(
    txn: &DatabaseTransaction,
    instansi_id: i64,
) -> Result<Vec<i64>, StoreError> {
    Ok(opd::Entity::find()
        .filter(opd::Column::InstansiId.eq(instansi_id))
        .select_only()
        .column(opd::Column::Id)
        .into_tuple()
        .all(txn)
        .await?)
}

impl Store {
    /// Sets the lead OPD and the contributing OPDs; every OPD must belong to the period's
    /// instansi.
    pub async fn set_assignment(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        lead: Option<i64>,
        contributors: &[i64],
    ) -> Result<PeriodIndicator, StoreError> {
        self.set_assignments(who, period_id, &[(number, lead, contributors.to_vec())])
            .await?;
        self.period_indicator(period_id, number)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Sets many assignments at once (applying the default mapping), as one audited change.
    pub async fn set_assignments(
        &self,
        who: &Who,
        period_id: i64,
        assignments: &[(u16, Option<i64>, Vec<i64>)],
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let own_opds = opd_ids_in(&w.txn, p.instansi_id).await?;
        let rows = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .all(&w.txn)
            .await?;
        let mut changed = Vec::new();
        for (number, lead, contributors) in assignments {
            let row = rows
                .iter()
                .find(|r| r.number == i32::from(*number))
                .ok_or_else(|| {
                    StoreError::Invalid(format!("indikator {number} tidak ada pada periode ini"))
                })?;
            changed.push(assign_in(&w.txn, row, &own_opds, *lead, contributors).await?);
        }
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "indicator.assign",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: Some(serde_json::Value::Array(changed).to_string()),
            },
        )
        .await?;
        w.commit().await
    }

    /// One audited change to an indicator: locate it inside the transaction, check its status
    /// (when `expect` is given), apply `change`, add the comment and notifications, record the
    /// before and after, commit, and read the indicator back. Every change below goes through
    /// here.
    #[allow(clippy::too_many_arguments)]
    async fn change_indicator(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        expect: Option<&[Status]>,
        action: &'static str,
        change: impl FnOnce(&mut period_indicator::ActiveModel),
        after_change: (Option<(&str, &str)>, &[NewNotification]),
    ) -> Result<PeriodIndicator, StoreError> {
        let mut w = self.begin_audited().await?;
        let (row, instansi_id) = locate(&w.txn, period_id, number).await?;
        if let Some(expect) = expect {
            check_status(&row, expect)?;
        }
        let before = work_snapshot(&row);
        let row_id = row.id;
        let mut active: period_indicator::ActiveModel = row.into();
        change(&mut active);
        active.updated_at_ms = Set(now_ms());
        let updated = active.update(&w.txn).await?;
        let (comment, notes) = after_change;
        if let Some((kind, body)) = comment {
            add_comment(&w, row_id, who, kind, body).await?;
        }
        w.notify(notes).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action,
                entity: "period_indicator",
                entity_id: Some(row_id.to_string()),
                before,
                after: work_snapshot(&updated),
            },
        )
        .await?;
        w.commit().await?;
        // the row as written (no third read of it); its OPDs and evidence count, which this
        // change left as they were, read after the commit
        self.indicator_of(updated).await
    }

    /// Changes the claim and narrative while the indicator is in one of `expect`; the
    /// "to review" flag of carried-forward work is cleared.
    pub async fn update_work(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        expect: &[Status],
        patch: WorkPatch,
    ) -> Result<PeriodIndicator, StoreError> {
        let change = |active: &mut period_indicator::ActiveModel| {
            if let Some(v) = patch.self_value {
                active.self_value = Set(hundredths(v));
            }
            if let Some(f) = patch.fakta {
                active.fakta = Set(f);
            }
            if let Some(a) = patch.analisis {
                active.analisis = Set(a);
            }
            active.to_review = Set(false);
        };
        self.change_indicator(
            who,
            period_id,
            number,
            Some(expect),
            "indicator.update",
            change,
            (None, &[]),
        )
        .await
    }

    /// A review step (submit, return, accept), its comment and notifications, atomically.
    pub async fn transition(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        step: Transition,
    ) -> Result<PeriodIndicator, StoreError> {
        let change = |active: &mut period_indicator::ActiveModel| {
            active.status = Set(step.to.code().to_string());
            if let Some(v) = step.accepted_value {
                active.accepted_value = Set(hundredths(v));
            }
            active.to_review = Set(false);
        };
        let comment = step.comment.as_ref().map(|(k, b)| (k.as_str(), b.as_str()));
        self.change_indicator(
            who,
            period_id,
            number,
            Some(&step.expect),
            step.action,
            change,
            (comment, &step.notify),
        )
        .await
    }

    /// The final value (external assessor or an imported official result), in any status.
    pub async fn set_final(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        value: Option<Value>,
        note: Option<&str>,
    ) -> Result<PeriodIndicator, StoreError> {
        let change = |active: &mut period_indicator::ActiveModel| {
            active.final_value = Set(hundredths(value));
        };
        let comment = note.filter(|n| !n.trim().is_empty()).map(|n| ("final", n));
        self.change_indicator(
            who,
            period_id,
            number,
            None,
            "indicator.final",
            change,
            (comment, &[]),
        )
        .await
    }

    /// The value of an indicator scored from an external index, with its source and date: it
    /// stands as claimed and accepted value (no evidence workflow of its own).
    pub async fn set_external(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        value: Value,
        source: &str,
        date: Option<&str>,
    ) -> Result<PeriodIndicator, StoreError> {
        let change = |active: &mut period_indicator::ActiveModel| {
            active.self_value = Set(hundredths(Some(value)));
            active.accepted_value = Set(hundredths(Some(value)));
            active.status = Set(Status::Accepted.code().to_string());
            active.external_source = Set(Some(source.to_string()));
            active.external_date = Set(date.map(str::to_string));
            active.to_review = Set(false);
        };
        self.change_indicator(
            who,
            period_id,
            number,
            None,
            "indicator.external",
            change,
            (None, &[]),
        )
        .await
    }

    /// Adds a plain comment to an indicator's thread.
    pub async fn comment(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        body: &str,
    ) -> Result<Comment, StoreError> {
        let mut w = self.begin_audited().await?;
        let (row, instansi_id) = locate(&w.txn, period_id, number).await?;
        let made = add_comment(&w, row.id, who, "komentar", body).await?;
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "indicator.comment",
                entity: "period_indicator",
                entity_id: Some(row.id.to_string()),
                before: None,
                after: snapshot(Some(&serde_json::json!({"chars": body.chars().count()}))),
            },
        )
        .await?;
        w.commit().await?;
        Ok(made)
    }

    /// The comment thread of an indicator, oldest first.
    pub async fn comments_of(
        &self,
        period_id: i64,
        number: u16,
    ) -> Result<Vec<Comment>, StoreError> {
        let Some(pi) = self.period_indicator(period_id, number).await? else {
            return Ok(Vec::new());
        };
        Ok(comment::Entity::find()
            .filter(comment::Column::PeriodIndicatorId.eq(pi.id))
            .order_by_asc(comment::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_comment)
            .collect())
    }
}
