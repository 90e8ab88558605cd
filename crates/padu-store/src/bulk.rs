//! Many instansi with their OPDs, accounts and evaluation history written at once, in one
//! audited transaction per call (the demo's kabupaten/kota of a province, an import from another
//! system). Unlike [`crate::scale`] this is a Pemda's record: every instansi, OPD, user and
//! period gets its audit entry, the period's entry listing every indicator's values as written.
//! Rows go in with multi-row INSERTs, so the cost grows with the rows, not with round trips.

use std::collections::HashMap;

use padu_core::Value;
use padu_core::access::{InstansiKind, Role};
use padu_core::evaluation::{PeriodKind, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use serde::Serialize;

use crate::audit::{AuditedTxn, Event, snapshot};
use crate::entity::{comment, indicator_opd, instansi, opd, period, period_indicator, user};
use crate::evaluation::{DateRange, Stages, hundredths};
use crate::model::{Instansi, NewInstansi, Opd, Who};
use crate::users::{to_user, user_snapshot};
use crate::{Store, StoreError, now_ms};

/// One instansi with everything it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkInstansi {
    /// A kabupaten or kota under an existing province, or a province under nasional.
    pub instansi: NewInstansi,
    /// Name and kind code of each OPD; indicators and users refer to them by position.
    pub opds: Vec<(String, String)>,
    pub users: Vec<BulkUser>,
    /// Oldest first.
    pub periods: Vec<BulkPeriod>,
}

/// An account of the instansi.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkUser {
    pub username: String,
    pub display_name: String,
    /// An Argon2id PHC string: the store never sees a password.
    pub password_hash: String,
    pub role: Role,
    /// Position in [`BulkInstansi::opds`], for an operator.
    pub opd: Option<usize>,
    pub email: Option<String>,
}

/// A period with its indicators as they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkPeriod {
    pub year: i32,
    pub kind: PeriodKind,
    pub instrument: String,
    pub target: Option<Value>,
    pub stages: Stages,
    pub closed: bool,
    /// Carried forward from the period before it in [`BulkInstansi::periods`].
    pub carried: bool,
    pub indicators: Vec<BulkIndicator>,
}

/// One indicator of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkIndicator {
    pub number: u16,
    /// Positions in [`BulkInstansi::opds`].
    pub lead_opd: Option<usize>,
    pub contributors: Vec<usize>,
    pub status: Status,
    pub self_value: Option<Value>,
    pub accepted_value: Option<Value>,
    pub final_value: Option<Value>,
    pub fakta: String,
    pub analisis: String,
    /// Source and date of a value taken from an external index.
    pub external: Option<(String, Option<String>)>,
    /// The indicator's thread, oldest first.
    pub comments: Vec<BulkComment>,
}

/// A comment in an indicator's thread (`komentar`, `dikembalikan`, `diterima`, `final`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkComment {
    pub kind: String,
    pub author_name: String,
    pub body: String,
}

/// Rows per INSERT statement (well under both backends' bound-parameter limits).
const BATCH: usize = 400;

async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), StoreError>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

fn invalid(name: &str, what: String) -> StoreError {
    StoreError::Invalid(format!("{name}: {what}"))
}

/// Every reference inside `item` points at something in it, before anything is written.
fn check(item: &BulkInstansi) -> Result<(), StoreError> {
    let name = &item.instansi.name;
    let opds = item.opds.len();
    let bad_opd = |i: &usize| *i >= opds;
    if item
        .users
        .iter()
        .filter_map(|u| u.opd.as_ref())
        .any(bad_opd)
    {
        return Err(invalid(name, "pengguna merujuk OPD yang tidak ada".into()));
    }
    for p in &item.periods {
        let mut numbers: Vec<u16> = p.indicators.iter().map(|i| i.number).collect();
        numbers.sort_unstable();
        if numbers.windows(2).any(|w| w[0] == w[1]) {
            return Err(invalid(
                name,
                format!("periode {} memuat indikator ganda", p.year),
            ));
        }
        if p.indicators
            .iter()
            .any(|i| i.lead_opd.iter().chain(&i.contributors).any(bad_opd))
        {
            return Err(invalid(
                name,
                format!("periode {} merujuk OPD yang tidak ada", p.year),
            ));
        }
    }
    Ok(())
}

/// One indicator in the audit log: number, status, self, accepted and final value (hundredths).
type IndicatorSnapshot<'a> = (u16, &'a str, Option<i32>, Option<i32>, Option<i32>);

/// What the audit log keeps of a period written in bulk: its settings and every indicator's
/// values (hundredths) as written.
#[derive(Serialize)]
struct PeriodSnapshot<'a> {
    year: i32,
    kind: &'a str,
    instrument: &'a str,
    carried_from: Option<i64>,
    target: Option<i32>,
    closed: bool,
    indicators: Vec<IndicatorSnapshot<'a>>,
}

impl Store {
    /// Writes `items` in one audited transaction: each instansi (under its existing parent), its
    /// OPDs, users and periods with their indicators, contributors and comments. Returns the new
    /// instansi ids in order. Nothing is written when any item is refused.
    pub async fn create_bulk(
        &self,
        who: &Who,
        items: &[BulkInstansi],
    ) -> Result<Vec<i64>, StoreError> {
        for item in items {
            check(item)?;
        }
        let mut w = self.begin_audited().await?;
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            ids.push(write_one(&mut w, who, item).await?);
        }
        w.commit().await?;
        Ok(ids)
    }
}

async fn write_one(w: &mut AuditedTxn, who: &Who, item: &BulkInstansi) -> Result<i64, StoreError> {
    let now = now_ms();
    let new = &item.instansi;
    let parent_kind = match new.parent_id {
        Some(id) => instansi::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .and_then(|p| InstansiKind::from_code(&p.kind)),
        None => None,
    };
    if new.kind.parent_kind().is_none() || parent_kind != new.kind.parent_kind() {
        return Err(invalid(
            &new.name,
            "instansi massal harus berada di bawah induk yang sesuai".into(),
        ));
    }
    let slug = crate::org::free_slug(&w.txn, &new.name).await?;
    let row = instansi::ActiveModel {
        slug: Set(slug.clone()),
        kind: Set(new.kind.code().to_string()),
        name: Set(new.name.clone()),
        parent_id: Set(new.parent_id),
        kode_wilayah: Set(new.kode_wilayah.clone()),
        timezone: Set(new.timezone.clone()),
        created_at_ms: Set(now),
        ..Default::default()
    }
    .insert(&w.txn)
    .await
    .map_err(|e| StoreError::conflict_on_unique(e, "nama instansi sudah dipakai"))?;
    let inst = row.id;
    let created = Instansi {
        id: inst,
        kind: new.kind,
        name: new.name.clone(),
        parent_id: new.parent_id,
        kode_wilayah: new.kode_wilayah.clone(),
        timezone: new.timezone.clone(),
        slug,
    };
    let entry = |action: &'static str, entity: &'static str, id: i64, after| Event {
        instansi_id: Some(inst),
        action,
        entity,
        entity_id: Some(id.to_string()),
        before: None,
        after,
    };
    w.record(
        who,
        entry(
            "instansi.create",
            "instansi",
            inst,
            snapshot(Some(&created)),
        ),
    )
    .await?;

    // OPDs, then their ids by name (names are unique within an instansi)
    let opd_rows = item
        .opds
        .iter()
        .map(|(name, kind)| opd::ActiveModel {
            instansi_id: Set(inst),
            name: Set(name.clone()),
            kind: Set(kind.clone()),
            active: Set(true),
            created_at_ms: Set(now),
            ..Default::default()
        })
        .collect();
    insert_all(&w.txn, opd_rows).await.map_err(|e| match e {
        StoreError::Database(db) => {
            StoreError::conflict_on_unique(db, "nama OPD sudah dipakai di instansi ini")
        }
        other => other,
    })?;
    let by_name: HashMap<String, opd::Model> = opd::Entity::find()
        .filter(opd::Column::InstansiId.eq(inst))
        .all(&w.txn)
        .await?
        .into_iter()
        .map(|o| (o.name.clone(), o))
        .collect();
    let mut opd_ids = Vec::with_capacity(item.opds.len());
    for (name, _) in &item.opds {
        let o = by_name
            .get(name)
            .ok_or_else(|| invalid(&new.name, format!("OPD {name} tidak tersimpan")))?;
        opd_ids.push(o.id);
        let created = Opd {
            id: o.id,
            instansi_id: inst,
            name: o.name.clone(),
            kind: o.kind.clone(),
            active: true,
        };
        w.record(
            who,
            entry("opd.create", "opd", o.id, snapshot(Some(&created))),
        )
        .await?;
    }

    write_users(w, who, inst, item, &opd_ids, now).await?;
    write_periods(w, who, inst, item, &opd_ids, now).await?;
    Ok(inst)
}

async fn write_users(
    w: &mut AuditedTxn,
    who: &Who,
    inst: i64,
    item: &BulkInstansi,
    opd_ids: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    if item.users.is_empty() {
        return Ok(());
    }
    let rows = item
        .users
        .iter()
        .map(|u| user::ActiveModel {
            username: Set(u.username.clone()),
            display_name: Set(u.display_name.clone()),
            password_hash: Set(u.password_hash.clone()),
            role: Set(u.role.code().to_string()),
            instansi_id: Set(Some(inst)),
            opd_id: Set(u.opd.map(|i| opd_ids[i])),
            active: Set(true),
            created_at_ms: Set(now),
            password_changed_at_ms: Set(now),
            email: Set(u.email.clone()),
            ..Default::default()
        })
        .collect();
    insert_all(&w.txn, rows).await.map_err(|e| match e {
        StoreError::Database(db) => {
            StoreError::conflict_on_unique(db, "nama pengguna sudah dipakai")
        }
        other => other,
    })?;
    let mut stored = user::Entity::find()
        .filter(user::Column::InstansiId.eq(inst))
        .all(&w.txn)
        .await?;
    stored.sort_by_key(|u| u.id);
    for u in stored {
        let created = to_user(u)?;
        w.record(
            who,
            Event {
                instansi_id: Some(inst),
                action: "user.create",
                entity: "user",
                entity_id: Some(created.id.to_string()),
                before: None,
                after: user_snapshot(&created),
            },
        )
        .await?;
    }
    Ok(())
}

async fn write_periods(
    w: &mut AuditedTxn,
    who: &Who,
    inst: i64,
    item: &BulkInstansi,
    opd_ids: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    let stage = |r: &DateRange| (Set(r.start.clone()), Set(r.end.clone()));
    let mut previous: Option<i64> = None;
    let mut rows = Vec::new();
    let mut contributors = Vec::new();
    let mut threads: Vec<(i64, u16, &BulkComment)> = Vec::new();
    for p in &item.periods {
        let (mandiri_mulai, mandiri_selesai) = stage(&p.stages.mandiri);
        let (dokumen_mulai, dokumen_selesai) = stage(&p.stages.dokumen);
        let (interviu_mulai, interviu_selesai) = stage(&p.stages.interviu);
        let (visitasi_mulai, visitasi_selesai) = stage(&p.stages.visitasi);
        let carried_from = if p.carried { previous } else { None };
        let row = period::ActiveModel {
            instansi_id: Set(inst),
            year: Set(p.year),
            kind: Set(p.kind.code().to_string()),
            instrument: Set(p.instrument.clone()),
            carried_from_id: Set(carried_from),
            target_value: Set(hundredths(p.target)),
            closed: Set(p.closed),
            created_at_ms: Set(now),
            mandiri_mulai,
            mandiri_selesai,
            dokumen_mulai,
            dokumen_selesai,
            interviu_mulai,
            interviu_selesai,
            visitasi_mulai,
            visitasi_selesai,
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| {
            StoreError::conflict_on_unique(
                e,
                "periode dengan tahun dan jenis itu sudah ada di instansi ini",
            )
        })?;
        let period_id = row.id;
        previous = Some(period_id);
        for ind in &p.indicators {
            rows.push(period_indicator::ActiveModel {
                period_id: Set(period_id),
                number: Set(i32::from(ind.number)),
                lead_opd_id: Set(ind.lead_opd.map(|i| opd_ids[i])),
                status: Set(ind.status.code().to_string()),
                to_review: Set(false),
                self_value: Set(hundredths(ind.self_value)),
                accepted_value: Set(hundredths(ind.accepted_value)),
                final_value: Set(hundredths(ind.final_value)),
                fakta: Set(ind.fakta.clone()),
                analisis: Set(ind.analisis.clone()),
                external_source: Set(ind.external.as_ref().map(|e| e.0.clone())),
                external_date: Set(ind.external.as_ref().and_then(|e| e.1.clone())),
                updated_at_ms: Set(now),
                ..Default::default()
            });
            for c in &ind.contributors {
                if ind.lead_opd != Some(*c) {
                    contributors.push((period_id, ind.number, opd_ids[*c]));
                }
            }
            threads.extend(ind.comments.iter().map(|c| (period_id, ind.number, c)));
        }
        let after = PeriodSnapshot {
            year: p.year,
            kind: p.kind.code(),
            instrument: &p.instrument,
            carried_from,
            target: hundredths(p.target),
            closed: p.closed,
            indicators: p
                .indicators
                .iter()
                .map(|i| {
                    (
                        i.number,
                        i.status.code(),
                        hundredths(i.self_value),
                        hundredths(i.accepted_value),
                        hundredths(i.final_value),
                    )
                })
                .collect(),
        };
        w.record(
            who,
            Event {
                instansi_id: Some(inst),
                action: "period.create",
                entity: "period",
                entity_id: Some(period_id.to_string()),
                before: None,
                after: snapshot(Some(&after)),
            },
        )
        .await?;
    }
    insert_all(&w.txn, rows).await?;
    if contributors.is_empty() && threads.is_empty() {
        return Ok(());
    }
    // the new indicators' ids, by period and number
    let periods: Vec<i64> = period::Entity::find()
        .filter(period::Column::InstansiId.eq(inst))
        .all(&w.txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let pi_ids: HashMap<(i64, u16), i64> = period_indicator::Entity::find()
        .filter(period_indicator::Column::PeriodId.is_in(periods))
        .all(&w.txn)
        .await?
        .into_iter()
        .filter_map(|r| {
            u16::try_from(r.number)
                .ok()
                .map(|n| ((r.period_id, n), r.id))
        })
        .collect();
    let pi = |period: i64, number: u16| {
        pi_ids
            .get(&(period, number))
            .copied()
            .ok_or(StoreError::NotFound)
    };
    let mut links = Vec::with_capacity(contributors.len());
    for (period_id, number, opd_id) in contributors {
        links.push(indicator_opd::ActiveModel {
            period_indicator_id: Set(pi(period_id, number)?),
            opd_id: Set(opd_id),
        });
    }
    insert_all(&w.txn, links).await?;
    let mut notes = Vec::with_capacity(threads.len());
    for (period_id, number, c) in threads {
        notes.push(comment::ActiveModel {
            period_indicator_id: Set(pi(period_id, number)?),
            author_id: Set(None),
            author_name: Set(c.author_name.clone()),
            kind: Set(c.kind.clone()),
            body: Set(c.body.clone()),
            created_at_ms: Set(now),
            ..Default::default()
        });
    }
    insert_all(&w.txn, notes).await
}
