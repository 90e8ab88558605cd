//! Single sign-ons waiting for the provider's callback (see `padu_app::users::oidc`), kept in
//! the database so that the callback may reach another instance than the one that started the
//! sign-in. Not audited and outside the backup (see the migration).

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::entity::pending_sign_in;
use crate::{Store, StoreError};

/// The table, left out of a backup like the change log.
pub const TABLE: &str = "pending_sign_ins";

/// A sign-in started, with what its callback needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The SHA-256 digests of the state and of the browser's cookie.
    pub state_digest: String,
    pub browser_digest: String,
    pub nonce: String,
    pub verifier: String,
    /// Where the user was going.
    pub lanjut: Option<String>,
}

impl Store {
    /// Keeps a started sign-in at `now_ms`, after dropping those made at or before `expired_ms`
    /// and, when `max` are still waiting, the oldest (the cap bounds what anonymous visitors
    /// can park here).
    pub async fn keep_pending_sign_in(
        &self,
        new: &PendingSignIn,
        now_ms: i64,
        expired_ms: i64,
        max: u64,
    ) -> Result<(), StoreError> {
        pending_sign_in::Entity::delete_many()
            .filter(pending_sign_in::Column::CreatedMs.lte(expired_ms))
            .exec(&self.db)
            .await?;
        let waiting = pending_sign_in::Entity::find().count(&self.db).await?;
        if waiting >= max {
            let oldest: Vec<String> = pending_sign_in::Entity::find()
                .select_only()
                .column(pending_sign_in::Column::StateDigest)
                .order_by_asc(pending_sign_in::Column::CreatedMs)
                .limit(waiting + 1 - max)
                .into_tuple()
                .all(&self.db)
                .await?;
            pending_sign_in::Entity::delete_many()
                .filter(pending_sign_in::Column::StateDigest.is_in(oldest))
                .exec(&self.db)
                .await?;
        }
        pending_sign_in::ActiveModel {
            state_digest: Set(new.state_digest.clone()),
            browser_digest: Set(new.browser_digest.clone()),
            nonce: Set(new.nonce.clone()),
            verifier: Set(new.verifier.clone()),
            lanjut: Set(new.lanjut.clone()),
            created_ms: Set(now_ms),
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }

    /// Takes the sign-in started under `state_digest` after `expired_ms`, and forgets it: of two
    /// callbacks with the same state (a replay, on this instance or another), only one gets it.
    pub async fn take_pending_sign_in(
        &self,
        state_digest: &str,
        expired_ms: i64,
    ) -> Result<Option<PendingSignIn>, StoreError> {
        let Some(row) = pending_sign_in::Entity::find_by_id(state_digest.to_owned())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let taken = pending_sign_in::Entity::delete_by_id(state_digest.to_owned())
            .exec(&self.db)
            .await?;
        if taken.rows_affected != 1 || row.created_ms <= expired_ms {
            return Ok(None);
        }
        Ok(Some(PendingSignIn {
            state_digest: row.state_digest,
            browser_digest: row.browser_digest,
            nonce: row.nonce,
            verifier: row.verifier,
            lanjut: row.lanjut,
        }))
    }
}
