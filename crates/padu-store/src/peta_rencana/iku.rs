//! The instansi's index targets by year (the RPJMD's IKU). They belong to the instansi, not to
//! a roadmap version: the RPJMD sets them for the Pemda, and a roadmap's review (a new version)
//! must not fork them.

use std::collections::BTreeMap;

use padu_core::Value;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::entity::iku_target;
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

#[derive(Serialize)]
struct Targets<'a>(&'a BTreeMap<i32, u32>);

fn hundredths(map: &BTreeMap<i32, Value>) -> BTreeMap<i32, u32> {
    map.iter().map(|(y, v)| (*y, v.0)).collect()
}

impl Store {
    /// The index targets of instansi `instansi_id`, by year: one query.
    pub async fn iku_targets(&self, instansi_id: i64) -> Result<BTreeMap<i32, Value>, StoreError> {
        Ok(iku_target::Entity::find()
            .filter(iku_target::Column::InstansiId.eq(instansi_id))
            .order_by_asc(iku_target::Column::Year)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.year, Value(u32::try_from(r.target_value).unwrap_or(0))))
            .collect())
    }

    /// Replaces the index targets of instansi `instansi_id` with `targets`, in one audited
    /// transaction (`iku.set`).
    pub async fn set_iku_targets(
        &self,
        who: &Who,
        instansi_id: i64,
        targets: &BTreeMap<i32, Value>,
    ) -> Result<BTreeMap<i32, Value>, StoreError> {
        let before = self.iku_targets(instansi_id).await?;
        let mut w = self.begin_audited().await?;
        iku_target::Entity::delete_many()
            .filter(iku_target::Column::InstansiId.eq(instansi_id))
            .exec(&w.txn)
            .await?;
        let now = now_ms();
        let mut rows = Vec::with_capacity(targets.len());
        for (year, value) in targets {
            rows.push(iku_target::ActiveModel {
                instansi_id: Set(instansi_id),
                year: Set(*year),
                target_value: Set(i32::try_from(value.0)
                    .map_err(|_| StoreError::Invalid("target di luar jangkauan".into()))?),
                updated_at_ms: Set(now),
                updated_by: Set(who.name.clone()),
                ..Default::default()
            });
        }
        if !rows.is_empty() {
            iku_target::Entity::insert_many(rows)
                .exec_without_returning(&w.txn)
                .await?;
        }
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "iku.set",
                entity: "instansi",
                entity_id: Some(instansi_id.to_string()),
                before: snapshot(Some(&Targets(&hundredths(&before)))),
                after: snapshot(Some(&Targets(&hundredths(targets)))),
            },
        )
        .await?;
        w.commit().await?;
        Ok(targets.clone())
    }
}
