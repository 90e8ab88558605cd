//! Uploads waiting for their confirmation (see `padu_app::reports::pending`), kept in the
//! database so that every instance finds the file its preview took. Not audited and outside the
//! backup (see the migration): nothing here is applied until the user confirms it.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};

use crate::entity::pending_import;
use crate::{Store, StoreError};

/// The table, left out of a backup like the change log.
pub const TABLE: &str = "pending_imports";

/// An upload to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPendingImport<'a> {
    /// The SHA-256 digest of the token the user's form will carry.
    pub token_digest: &'a str,
    pub user_id: i64,
    pub period_id: i64,
    /// What it is to become (`worksheet`, `official`).
    pub kind: &'a str,
    pub bytes: &'a [u8],
}

impl Store {
    /// Keeps an upload at `now_ms`, after dropping those made at or before `expired_ms` and, when
    /// the user already has `per_user` waiting, their oldest (one upload per preview, and a user
    /// previews one file at a time: the cap bounds what one account can park here).
    pub async fn keep_pending_import(
        &self,
        new: NewPendingImport<'_>,
        now_ms: i64,
        expired_ms: i64,
        per_user: u64,
    ) -> Result<(), StoreError> {
        pending_import::Entity::delete_many()
            .filter(pending_import::Column::CreatedMs.lte(expired_ms))
            .exec(&self.db)
            .await?;
        // the user's uploads by age, without reading their bytes
        let mut mine: Vec<(i64, String)> = pending_import::Entity::find()
            .select_only()
            .column(pending_import::Column::CreatedMs)
            .column(pending_import::Column::TokenDigest)
            .filter(pending_import::Column::UserId.eq(new.user_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        if mine.len() as u64 >= per_user {
            mine.sort();
            let surplus = mine.len() + 1 - per_user as usize;
            let drop: Vec<String> = mine.into_iter().take(surplus).map(|(_, d)| d).collect();
            pending_import::Entity::delete_many()
                .filter(pending_import::Column::TokenDigest.is_in(drop))
                .exec(&self.db)
                .await?;
        }
        pending_import::ActiveModel {
            token_digest: Set(new.token_digest.to_owned()),
            user_id: Set(new.user_id),
            period_id: Set(new.period_id),
            kind: Set(new.kind.to_owned()),
            bytes: Set(new.bytes.to_vec()),
            created_ms: Set(now_ms),
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }

    /// The bytes kept under `token_digest` for this user, period and kind, made after
    /// `expired_ms`.
    pub async fn pending_import(
        &self,
        token_digest: &str,
        user_id: i64,
        period_id: i64,
        kind: &str,
        expired_ms: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let row = pending_import::Entity::find_by_id(token_digest.to_owned())
            .filter(pending_import::Column::UserId.eq(user_id))
            .filter(pending_import::Column::PeriodId.eq(period_id))
            .filter(pending_import::Column::Kind.eq(kind))
            .filter(pending_import::Column::CreatedMs.gt(expired_ms))
            .one(&self.db)
            .await?;
        Ok(row.map(|r| r.bytes))
    }

    /// Forgets an upload (it was applied).
    pub async fn forget_pending_import(&self, token_digest: &str) -> Result<(), StoreError> {
        pending_import::Entity::delete_by_id(token_digest.to_owned())
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
