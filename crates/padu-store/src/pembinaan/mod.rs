//! Pembinaan: the recommendations a province writes to one of its kabupaten/kota (or the
//! national level to a province), optionally about one indicator of that year's evaluation,
//! and their follow-up by the instansi. Every write is audited and notifies in the same
//! transaction.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::backup::Table;
use crate::entity::recommendation;
use crate::model::Who;
use crate::notifications::NewNotification;
use crate::{Store, StoreError, now_ms};

/// The table this feature owns in a backup.
pub(crate) const TABLES: &[Table] = &[Table::of::<recommendation::Entity>("recommendations", None)];

/// A recommendation to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecommendation {
    pub instansi_id: i64,
    pub year: i32,
    /// The evaluation of that year the indicator belongs to.
    pub period_id: Option<i64>,
    pub indicator: Option<u16>,
    pub text: String,
}

/// A stored recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub id: i64,
    pub instansi_id: i64,
    pub year: i32,
    pub period_id: Option<i64>,
    pub indicator: Option<u16>,
    pub text: String,
    #[serde(skip)]
    pub author_id: Option<i64>,
    pub author_name: String,
    pub created_at_ms: i64,
    pub follow_up: Option<FollowUp>,
}

/// How the instansi followed a recommendation up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub at_ms: i64,
    pub by: String,
    pub note: String,
}

fn to_recommendation(r: recommendation::Model) -> Recommendation {
    let follow_up = r.followed_up_at_ms.map(|at_ms| FollowUp {
        at_ms,
        by: r.followed_up_by.clone().unwrap_or_default(),
        note: r.follow_up_note.clone().unwrap_or_default(),
    });
    Recommendation {
        id: r.id,
        instansi_id: r.instansi_id,
        year: r.year,
        period_id: r.period_id,
        indicator: r.indicator.and_then(|n| u16::try_from(n).ok()),
        text: r.body,
        author_id: r.author_id,
        author_name: r.author_name,
        created_at_ms: r.created_at_ms,
        follow_up,
    }
}

impl Store {
    /// Stores a recommendation with its notifications, in one audited transaction.
    pub async fn add_recommendation(
        &self,
        who: &Who,
        new: &NewRecommendation,
        notify: &[NewNotification],
    ) -> Result<Recommendation, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = recommendation::ActiveModel {
            instansi_id: Set(new.instansi_id),
            year: Set(new.year),
            period_id: Set(new.period_id),
            indicator: Set(new.indicator.map(i32::from)),
            body: Set(new.text.clone()),
            author_id: Set(who.user_id),
            author_name: Set(who.name.clone()),
            created_at_ms: Set(now_ms()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        let stored = to_recommendation(row);
        w.record(
            who,
            Event {
                instansi_id: Some(new.instansi_id),
                action: "recommendation.create",
                entity: "recommendation",
                entity_id: Some(stored.id.to_string()),
                before: None,
                after: snapshot(Some(&stored)),
            },
        )
        .await?;
        w.notify(notify).await?;
        w.commit().await?;
        Ok(stored)
    }

    /// The recommendations to one instansi, the newest first.
    pub async fn recommendations_of(
        &self,
        instansi_id: i64,
    ) -> Result<Vec<Recommendation>, StoreError> {
        Ok(recommendation::Entity::find()
            .filter(recommendation::Column::InstansiId.eq(instansi_id))
            .order_by_desc(recommendation::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_recommendation)
            .collect())
    }

    pub async fn recommendation(&self, id: i64) -> Result<Option<Recommendation>, StoreError> {
        Ok(recommendation::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_recommendation))
    }

    /// Marks a recommendation followed up, with the instansi's note, in one audited
    /// transaction; `notify` tells its author. A recommendation already followed up is
    /// [`StoreError::Conflict`].
    pub async fn follow_up_recommendation(
        &self,
        who: &Who,
        id: i64,
        note: &str,
        notify: &[NewNotification],
    ) -> Result<Recommendation, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = recommendation::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.followed_up_at_ms.is_some() {
            return Err(StoreError::Conflict(
                "Rekomendasi ini sudah ditindaklanjuti".into(),
            ));
        }
        let before = to_recommendation(row.clone());
        let mut active: recommendation::ActiveModel = row.into();
        active.followed_up_at_ms = Set(Some(now_ms()));
        active.followed_up_by = Set(Some(who.name.clone()));
        active.follow_up_note = Set(Some(note.to_string()));
        let after = to_recommendation(active.update(&w.txn).await?);
        w.record(
            who,
            Event {
                instansi_id: Some(after.instansi_id),
                action: "recommendation.follow_up",
                entity: "recommendation",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&after)),
            },
        )
        .await?;
        w.notify(notify).await?;
        w.commit().await?;
        Ok(after)
    }
}
