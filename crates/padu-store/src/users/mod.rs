//! User accounts, browser sessions and API tokens (`tokens`). Secrets are stored only as
//! digests.

mod tokens;

pub use tokens::{TOKEN_LIST_LIMIT, TOKEN_USE_RESOLUTION_MS};

mod admin;
pub mod pending_sign_in;
mod throttle;

pub use admin::UserPatch;
pub use pending_sign_in::PendingSignIn;

use crate::backup::Table;
use crate::entity::{api_token, login_failure, session, user};
use padu_core::access::{DataGrant, DataRole, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

use crate::audit::{Event, snapshot};
use crate::changes::Key;
use crate::changes::{CachedCaller, CallerKind};
use crate::model::{NewUser, User, Who};
use crate::{Store, StoreError, now_ms};

/// The tables this feature owns in a backup.
pub(crate) const TABLES: &[Table] = &[
    Table::of::<user::Entity>("users", None),
    Table::of::<session::Entity>("sessions", None),
    Table::of::<api_token::Entity>("api_tokens", None),
    Table::of::<login_failure::Entity>("login_failures", None),
];

/// What the audit log keeps of a user: never the password hash.
#[derive(Serialize)]
struct UserSnapshot<'a> {
    username: &'a str,
    display_name: &'a str,
    role: &'a str,
    instansi_id: Option<i64>,
    opd_id: Option<i64>,
    active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    sso_only: bool,
}

#[derive(Serialize)]
struct EmailSnapshot<'a> {
    email: Option<&'a str>,
}

pub(crate) fn user_snapshot(u: &User) -> Option<String> {
    snapshot(Some(&UserSnapshot {
        username: &u.username,
        display_name: &u.display_name,
        role: u.role.code(),
        instansi_id: u.instansi_id,
        opd_id: u.opd_id,
        active: u.active,
        email: u.email.as_deref(),
        sso_only: u.sso_only,
    }))
}

impl Store {
    pub async fn create_user(&self, who: &Who, new: NewUser) -> Result<i64, StoreError> {
        let now = now_ms();
        let mut w = self.begin_audited().await?;
        let row = user::ActiveModel {
            username: Set(new.username.clone()),
            display_name: Set(new.display_name.clone()),
            password_hash: Set(new.password_hash.clone()),
            role: Set(new.role.code().to_string()),
            instansi_id: Set(new.instansi_id),
            opd_id: Set(new.opd_id),
            active: Set(true),
            created_at_ms: Set(now),
            password_changed_at_ms: Set(now),
            email: Set(new.email.clone()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| StoreError::conflict_on_unique(e, "nama pengguna sudah dipakai"))?;
        let created = to_user(row)?;
        w.record(
            who,
            Event {
                instansi_id: created.instansi_id,
                action: "user.create",
                entity: "user",
                entity_id: Some(created.id.to_string()),
                before: None,
                after: user_snapshot(&created),
            },
        )
        .await?;
        w.commit().await?;
        Ok(created.id)
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        user::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_user)
            .transpose()
    }

    /// The user and their password hash, for logging in.
    pub async fn user_for_login(
        &self,
        username: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        let Some(row) = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let hash = row.password_hash.clone();
        Ok(Some((to_user(row)?, hash)))
    }

    /// The users whose e-mail address is `email`, ignoring case (for signing in through the
    /// OpenID Connect provider by e-mail address), at most two: more than one is ambiguous.
    pub async fn users_with_email(&self, email: &str) -> Result<Vec<User>, StoreError> {
        use sea_orm::sea_query::{Expr, ExprTrait as _, Func};
        user::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(user::Column::Email))).eq(email.to_lowercase()),
            )
            .order_by_asc(user::Column::Id)
            .limit(2)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_user)
            .collect()
    }

    /// Users placed in any of `instansi_ids` (`None`: every user), ordered by username.
    pub async fn users_in(&self, instansi_ids: Option<&[i64]>) -> Result<Vec<User>, StoreError> {
        let mut query = user::Entity::find();
        if let Some(ids) = instansi_ids {
            query = query.filter(user::Column::InstansiId.is_in(ids.to_vec()));
        }
        query
            .order_by_asc(user::Column::Username)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_user)
            .collect()
    }

    /// Replaces a password hash and ends every session and token of that user.
    pub async fn set_password(
        &self,
        who: &Who,
        user_id: i64,
        hash: &str,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let current = user::Entity::find_by_id(user_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = current.instansi_id;
        let mut row: user::ActiveModel = current.into();
        row.password_hash = Set(hash.to_string());
        row.password_changed_at_ms = Set(now_ms());
        row.update(&w.txn).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&w.txn)
            .await?;
        api_token::Entity::delete_many()
            .filter(api_token::Column::UserId.eq(user_id))
            .exec(&w.txn)
            .await?;
        w.record(
            who,
            Event {
                instansi_id,
                action: "user.password",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// Sets or (with `None`) removes a user's e-mail address. The caller has checked it.
    pub async fn set_email(
        &self,
        who: &Who,
        user_id: i64,
        email: Option<String>,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        let current = user::Entity::find_by_id(user_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let instansi_id = current.instansi_id;
        let before = snapshot(Some(&EmailSnapshot {
            email: current.email.as_deref(),
        }));
        let after = snapshot(Some(&EmailSnapshot {
            email: email.as_deref(),
        }));
        let mut row: user::ActiveModel = current.into();
        row.email = Set(email);
        row.update(&w.txn).await?;
        w.record(
            who,
            Event {
                instansi_id,
                action: "user.email",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before,
                after,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The e-mail addresses of those of `user_ids` who are active and have one, ordered by user
    /// id, in one query.
    pub async fn emails_of(&self, user_ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, Option<String>)> = user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids.to_vec()))
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::Email.is_not_null())
            .order_by_asc(user::Column::Id)
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Email)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, email)| email.map(|e| (id, e)))
            .collect())
    }

    /// Records a sign-in and opens a session whose cookie hashes to `digest`.
    pub async fn create_session(
        &self,
        user: &User,
        digest: &str,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        self.create_session_by(user, digest, expires_at_ms, "auth.login")
            .await
    }

    /// A new browser session recorded as `action`: `auth.login` after a password,
    /// `auth.login_sso` after the OpenID Connect provider.
    pub async fn create_session_by(
        &self,
        user: &User,
        digest: &str,
        expires_at_ms: i64,
        action: &'static str,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        session::ActiveModel {
            token_digest: Set(digest.to_string()),
            user_id: Set(user.id),
            created_at_ms: Set(now_ms()),
            expires_at_ms: Set(expires_at_ms),
        }
        .insert(&w.txn)
        .await?;
        w.record(
            &Who::user(user),
            Event {
                instansi_id: user.instansi_id,
                action,
                entity: "user",
                entity_id: Some(user.id.to_string()),
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The active user of a live session. Answered from the callers' cache while neither the
    /// user nor their sessions changed (see [`crate::changes`]).
    pub async fn session_user(&self, digest: &str, now: i64) -> Result<Option<User>, StoreError> {
        self.cached_caller(CallerKind::Session, digest, now, async {
            Ok(session::Entity::find_by_id(digest.to_string())
                .one(&self.db)
                .await?
                .map(|s| (s.user_id, s.expires_at_ms)))
        })
        .await
    }

    /// Looks a session or token digest up in the callers' cache, else reads its user and
    /// expiry with `read` (a miss is cached too, until everything is marked changed: a wrong
    /// cookie costs one read; a digest becomes valid only by a new sign-in's random token).
    async fn cached_caller(
        &self,
        kind: CallerKind,
        digest: &str,
        now: i64,
        read: impl Future<Output = Result<Option<(i64, i64)>, StoreError>>,
    ) -> Result<Option<User>, StoreError> {
        let fresh = |c: &Option<CachedCaller>, mark| match c {
            Some(c) => !self.changes.changed_since(Key::User(c.user.id), mark),
            None => !self.changes.everything_changed_since(mark),
        };
        let reading = async {
            Ok::<_, StoreError>(match read.await? {
                Some((user_id, expires_at_ms)) => {
                    self.user(user_id).await?.map(|user| CachedCaller {
                        user,
                        expires_at_ms,
                    })
                }
                None => None,
            })
        };
        let key = (kind, digest.to_string());
        let found = self
            .cached
            .callers
            .get_or_read(&self.changes, key, fresh, reading)
            .await?;
        Ok(found
            .filter(|c| c.expires_at_ms > now && c.user.active)
            .map(|c| c.user))
    }

    pub async fn delete_session(&self, user: &User, digest: &str) -> Result<(), StoreError> {
        let mut w = self.begin_audited().await?;
        session::Entity::delete_by_id(digest.to_string())
            .exec(&w.txn)
            .await?;
        w.record(
            &Who::user(user),
            Event {
                instansi_id: user.instansi_id,
                action: "auth.logout",
                entity: "user",
                entity_id: Some(user.id.to_string()),
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }
}

pub(crate) fn to_user(row: user::Model) -> Result<User, StoreError> {
    let role = Role::from_code(&row.role)
        .ok_or_else(|| StoreError::Invalid(format!("peran \"{}\" tidak dikenal", row.role)))?;
    Ok(User {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        role,
        instansi_id: row.instansi_id,
        opd_id: row.opd_id,
        active: row.active,
        password_changed_at_ms: row.password_changed_at_ms,
        email: row.email,
        data: grant_of(row.data_role.as_deref(), row.data_opd_id)?,
        sso_only: row.sso_only,
    })
}

/// A user's Satu Data grant from its two columns.
pub(crate) fn grant_of(
    role: Option<&str>,
    opd: Option<i64>,
) -> Result<Option<DataGrant>, StoreError> {
    role.map(|code| {
        DataRole::from_code(code)
            .map(|role| DataGrant { role, opd })
            .ok_or_else(|| StoreError::Invalid(format!("peran Satu Data \"{code}\" tidak dikenal")))
    })
    .transpose()
}
