//! API tokens: issued on sign-in through the API, listed with their name, creation, expiry and
//! last use, revoked by their owner or an administrator of the owner.
//!
//! The last use is written at most once per [`TOKEN_USE_RESOLUTION_MS`] per token: the lookup
//! behind every API request is cached (see [`crate::changes`]), and only a lookup that reads the
//! token row writes its use, and only when the row's mark is older than that.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::changes::CallerKind;
use crate::entity::{api_token, user};
use crate::model::{ApiToken, User, Who};
use crate::{Store, StoreError, now_ms};

/// How precisely a token's last use is kept: a token is marked used again only when its mark
/// is older than this (ms).
pub const TOKEN_USE_RESOLUTION_MS: i64 = 60_000;

/// The most tokens listed for one user (the newest).
pub const TOKEN_LIST_LIMIT: u64 = 200;

/// What the audit log keeps of a revoked token: never its digest.
#[derive(Serialize)]
struct TokenSnapshot<'a> {
    name: &'a str,
    user_id: i64,
    expires_at_ms: i64,
}

fn to_token(row: api_token::Model) -> ApiToken {
    ApiToken {
        id: row.id,
        user_id: row.user_id,
        name: row.name,
        created_at_ms: row.created_at_ms,
        expires_at_ms: row.expires_at_ms,
        last_used_at_ms: row.last_used_at_ms,
    }
}

impl Store {
    pub async fn create_api_token(
        &self,
        user: &User,
        digest: &str,
        name: &str,
        expires_at_ms: i64,
    ) -> Result<i64, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = api_token::ActiveModel {
            user_id: Set(user.id),
            token_digest: Set(digest.to_string()),
            name: Set(name.to_string()),
            created_at_ms: Set(now_ms()),
            expires_at_ms: Set(expires_at_ms),
            last_used_at_ms: Set(None),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        w.record(
            &Who::user(user),
            Event {
                instansi_id: user.instansi_id,
                action: "auth.token",
                entity: "api_token",
                entity_id: Some(row.id.to_string()),
                before: None,
                after: Some(format!("{{\"name\":{}}}", serde_json::Value::from(name))),
            },
        )
        .await?;
        w.commit().await?;
        Ok(row.id)
    }

    /// The active user of a live API token. Answered from the callers' cache while neither the
    /// user nor their tokens changed; a lookup that reads the token marks its use (see the
    /// module's documentation).
    pub async fn token_user(&self, digest: &str, now: i64) -> Result<Option<User>, StoreError> {
        self.cached_caller(CallerKind::Token, digest, now, async {
            let Some(t) = api_token::Entity::find()
                .filter(api_token::Column::TokenDigest.eq(digest))
                .one(&self.db)
                .await?
            else {
                return Ok(None);
            };
            let stale = t
                .last_used_at_ms
                .is_none_or(|at| now - at >= TOKEN_USE_RESOLUTION_MS);
            if t.expires_at_ms > now && stale {
                self.mark_token_used(t.id, now).await;
            }
            Ok(Some((t.user_id, t.expires_at_ms)))
        })
        .await
    }

    /// Records that token `id` was accepted at `now` unless a mark younger than the resolution
    /// is already there (another request or process wrote it). Not audited: it changes no
    /// record of the Pemda's, like a session row. A failure is logged, not passed on: the
    /// request the token authorises does not depend on it.
    async fn mark_token_used(&self, id: i64, now: i64) {
        let written = api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAtMs, Expr::value(now))
            .filter(api_token::Column::Id.eq(id))
            .filter(
                Condition::any()
                    .add(api_token::Column::LastUsedAtMs.is_null())
                    .add(api_token::Column::LastUsedAtMs.lte(now - TOKEN_USE_RESOLUTION_MS)),
            )
            .exec(&self.db)
            .await;
        if let Err(e) = written {
            tracing::warn!(token = id, error = %e, "the token's last use was not recorded");
        }
    }

    /// The tokens of `user_id` that have not expired at `now`, newest first (at most
    /// [`TOKEN_LIST_LIMIT`]).
    pub async fn api_tokens_of(&self, user_id: i64, now: i64) -> Result<Vec<ApiToken>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .filter(api_token::Column::ExpiresAtMs.gt(now))
            .order_by_desc(api_token::Column::CreatedAtMs)
            .order_by_desc(api_token::Column::Id)
            .limit(TOKEN_LIST_LIMIT)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_token)
            .collect())
    }

    /// One token by id, expired or not.
    pub async fn api_token(&self, id: i64) -> Result<Option<ApiToken>, StoreError> {
        Ok(api_token::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_token))
    }

    /// Deletes token `id`, audited under its owner's instansi. The owner's cached lookups end
    /// with the commit: the very next request with the token is refused.
    pub async fn revoke_api_token(&self, who: &Who, id: i64) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let token = api_token::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = user::Entity::find_by_id(token.user_id)
            .one(&w.txn)
            .await?
            .and_then(|u| u.instansi_id);
        api_token::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id,
                action: "auth.token.revoke",
                entity: "api_token",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&TokenSnapshot {
                    name: &token.name,
                    user_id: token.user_id,
                    expires_at_ms: token.expires_at_ms,
                })),
                after: None,
            },
        )
        .await?;
        w.touch_user(token.user_id);
        w.commit().await?;
        Ok(())
    }
}
